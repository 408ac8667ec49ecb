"""New files named by the moment they are made (exports, packing lists): a second one within
the same second gets "-2", "-3"... instead of replacing the first, also between processes."""

from __future__ import annotations

import os
from pathlib import Path

MAX_TRIES = 1000


def claim_new_file(folder: Path, stem: str, suffix: str) -> Path:
    """Create `folder/stem.suffix` (or `stem-N.suffix`) empty and exclusively, and return it.

    O_EXCL makes the claim atomic: two writers in the same second never get the same name."""
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(1, MAX_TRIES + 1):
        path = folder / (f"{stem}{suffix}" if n == 1 else f"{stem}-{n}{suffix}")
        try:
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
        except FileExistsError:
            continue
        return path
    raise FileExistsError(folder / f"{stem}{suffix}")
