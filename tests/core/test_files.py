"""Files named by the second they are made: a second one in the same second, from this process
or another, gets its own name and never replaces the first."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from okos_tui.core.files import claim_new_file


def test_names_within_one_second_are_numbered_on(tmp_path: Path) -> None:
    folder = tmp_path / "exports"  # made on first use
    names = [claim_new_file(folder, "keszlet-20260302-090000", ".csv").name for _ in range(3)]
    assert names == [
        "keszlet-20260302-090000.csv",
        "keszlet-20260302-090000-2.csv",
        "keszlet-20260302-090000-3.csv",
    ]
    assert all((folder / name).read_bytes() == b"" for name in names)


def test_two_processes_at_once_never_share_a_name(tmp_path: Path) -> None:
    code = (
        "import sys\nfrom pathlib import Path\nfrom okos_tui.core.files import claim_new_file\n"
        "for _ in range(50):\n"
        "    print(claim_new_file(Path(sys.argv[1]), 'csomagolas', '.pdf').name)\n"
    )
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", code, str(tmp_path)], stdout=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    names = [line for w in workers for line in w.communicate(timeout=60)[0].split()]
    assert all(w.returncode == 0 for w in workers)
    assert len(names) == 100 and len(set(names)) == 100
    assert len(list(tmp_path.iterdir())) == 100
