"""End to end in a real terminal: `okos demo` in a detached tmux session of 80x24, driven with
send-keys and read with capture-pane, as a person at a terminal would use it.

The demo's emulated shop has orders waiting; the first sync brings them in. Then: select every
fulfillable order, put them in the cart, invoice them, e-mail the invoices, and see the mails
in the demo's mailbox (key 5). Ctrl+Q ends the program with exit code 0 and the session is gone.

The tmux server has a socket of its own (`tmux -L`), so a user's tmux is never touched, and it is
killed after the test whatever happened. HOME and the XDG folders point into tmp_path, so the demo
folder (under $XDG_DATA_HOME) is the test's."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from okos_tui.i18n import t

pytestmark = [
    pytest.mark.timeout(120),
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

WIDTH, HEIGHT = 80, 24
SESSION = "okos-demo"
FIRST_SYNC_TIMEOUT = 30.0
STEP_TIMEOUT = 20.0


def pattern(key: str, **groups: str) -> re.Pattern[str]:
    """A message of the catalogue as a regular expression: each named placeholder becomes
    the given group, the rest is matched literally."""
    marks = {name: f"\x00{name}\x00" for name in groups}
    text = re.escape(t(key, **marks))
    for name, group in groups.items():
        text = text.replace(re.escape(marks[name]), group)
    return re.compile(text)


def okos_command() -> list[str]:
    """The `okos` script of this environment (the venv's), else the module."""
    script = Path(sys.executable).with_name("okos")
    return [str(script)] if script.exists() else [sys.executable, "-m", "okos_tui"]


def wait_until(condition: Callable[[], object], what: str, timeout: float = STEP_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out after {timeout} s waiting for {what}"
        time.sleep(0.1)


@dataclass
class Terminal:
    """One tmux server on its own socket, with one session running the demo."""

    socket: str
    folder: Path

    def tmux(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["tmux", "-u", "-f", "/dev/null", "-L", self.socket, *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env={**os.environ, "LANG": "C.UTF-8", "TMUX": ""},
            timeout=10,
            check=check,
        )

    def screen(self) -> str:
        result = self.tmux("capture-pane", "-p", "-t", SESSION, check=False)
        return result.stdout if result.returncode == 0 else ""

    def press(self, *keys: str) -> None:
        for key in keys:
            self.tmux("send-keys", "-t", SESSION, key)

    def wait_for(
        self, found: Callable[[str], object], what: str, timeout: float = STEP_TIMEOUT
    ) -> object:
        """Poll the screen until `found(screen)` is truthy; return what it returned."""
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            result = found(screen)
            if result:
                return result
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out after {timeout} s waiting for {what}:\n{screen}")
            time.sleep(0.1)

    def wait_for_text(self, text: str, timeout: float = STEP_TIMEOUT) -> str:
        self.wait_for(lambda screen: text in screen, repr(text), timeout)
        return self.screen()

    def wait_for_match(
        self, regex: re.Pattern[str], timeout: float = STEP_TIMEOUT
    ) -> re.Match[str]:
        return self.wait_for(regex.search, regex.pattern, timeout)  # type: ignore[return-value]

    def press_until(self, key: str, text: str, timeout: float = STEP_TIMEOUT) -> str:
        """Press `key` (again every 2 s) until `text` is on the screen."""
        deadline = time.monotonic() + timeout
        while True:
            self.press(key)
            try:
                return self.wait_for_text(text, timeout=2)
            except AssertionError:
                if time.monotonic() > deadline:
                    raise

    def alive(self) -> bool:
        return self.tmux("has-session", "-t", SESSION, check=False).returncode == 0


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    home = tmp_path / "home"
    for sub in ("", ".config", ".cache", ".local/share", ".local/state"):
        (home / sub).mkdir(parents=True, exist_ok=True)
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_DATA_HOME": str(home / ".local/share"),
        "XDG_STATE_HOME": str(home / ".local/state"),
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
    }
    rc_file = tmp_path / "rc"
    # `env -i`: nothing from the test's environment (OKOS_CONFIG, OKOS_DEMO_DIR, TEXTUAL_*)
    # reaches the demo. stdout and stderr stay on the terminal: Textual draws on stderr.
    inner = " ".join(
        [
            "env -i",
            *(shlex.quote(f"{key}={value}") for key, value in environment.items()),
            *(shlex.quote(part) for part in okos_command()),
            "demo",
        ]
    )
    command = f"cd {shlex.quote(str(tmp_path))} && {inner}; echo $? > {shlex.quote(str(rc_file))}"
    term = Terminal(socket=f"okos-e2e-{os.getpid()}-{uuid.uuid4().hex[:8]}", folder=tmp_path)
    socket_path = ""
    try:
        term.tmux(
            "new-session", "-d", "-s", SESSION, "-x", str(WIDTH), "-y", str(HEIGHT),
            "sh", "-c", command,
        )  # fmt: skip
        shown = term.tmux("display-message", "-p", "#{socket_path}", check=False)
        socket_path = shown.stdout.strip()
        yield term
    finally:
        term.tmux("kill-server", check=False)
        if socket_path:  # tmux leaves the socket file of a server that has ended
            Path(socket_path).unlink(missing_ok=True)


def test_demo_orders_to_cart_to_invoices_to_mails(terminal: Terminal, tmp_path: Path) -> None:
    started = time.monotonic()
    demo_folder = tmp_path / "home" / ".local/share" / "okos-tui" / "demo"

    # The first sync brings the shop's waiting orders onto the fulfillable screen.
    counts = pattern("ui.counts", fulfillable=r"(\d+)", unfulfillable=r"(\d+)")
    last_sync = t("ui.sync.last", when="").strip()

    def synced(screen: str) -> re.Match[str] | None:
        match = counts.search(screen)
        return match if match and last_sync in screen and int(match[1]) > 0 else None

    match = terminal.wait_for(synced, "the first sync's orders", FIRST_SYNC_TIMEOUT)
    assert "WEB-" in terminal.screen()  # the shop's orders, numbered with the shop's prefix
    assert (demo_folder / "okos.toml").is_file()  # the demo folder is the test's
    fulfillable = int(match[1])

    # Select every fulfillable order; the summary line counts them.
    terminal.press("f")
    selection = pattern("ui.selection", count=r"(\d+)", total=r"[^\n]*?Ft")

    def some_selected(screen: str) -> int:
        match = selection.search(screen)
        return int(match[1]) if match else 0

    count = terminal.wait_for(some_selected, "the selection")
    if count != fulfillable:  # a sync may just have brought more: read the counts again
        fulfillable = int(counts.search(terminal.screen())[1])
    assert count == fulfillable

    # Add them to the cart, open the cart.
    terminal.press("k")
    terminal.wait_for_text(t("ui.done.to_cart", count=count))
    terminal.press("4")
    terminal.wait_for_text(t("ui.screen.cart"))
    terminal.wait_for_match(pattern("cli.cart_total", count=str(count), total=r"[^\n]*?Ft"))

    # Invoice them all: a question, then every order becomes an invoice.
    terminal.press("i")
    terminal.wait_for_text(t("ui.confirm.invoice_many", count=count))
    terminal.press("y")
    terminal.wait_for_text(t("ui.unsent_invoices", count=count))
    terminal.wait_for_text(t("ui.cart.empty")[:30])
    assert "SZ-" in terminal.screen()

    # E-mail the invoices: a question, then none is left unsent.
    # The cart ignores keys while it is busy (the PDFs are written after the invoices show):
    # wait for the PDFs, and press again if the question does not come.
    wait_until(lambda: len(list((demo_folder / "invoices").rglob("*.pdf"))) >= count, "PDFs")
    terminal.press_until("m", t("ui.confirm.email", count=count))
    terminal.press("y")
    terminal.wait_for_text(t("ui.unsent_invoices", count=0))

    # The demo's mailbox shows the mails the demo SMTP server received.
    terminal.press("5")
    terminal.wait_for_text(t("ui.nav.mailbox"))
    shown = min(count, HEIGHT - 6)  # header, sync line, column titles, footer

    def mail_rows(screen: str) -> list[str]:
        return [line for line in screen.splitlines() if "SZ-20" in line]  # subject, attachment

    screen = terminal.wait_for(
        lambda screen: screen if len(mail_rows(screen)) >= shown else None, f"{shown} mails"
    )
    assert t("ui.mail.subject") in screen
    assert len(list((demo_folder / "mails").glob("*.eml"))) == count

    # The background service reported them to the demo's emulated NAV, where they are DONE.
    def reported() -> list[str]:
        connection = sqlite3.connect(f"file:{demo_folder / 'okos-demo.db'}?mode=ro", uri=True)
        try:
            return [s for (s,) in connection.execute("SELECT status FROM nav_report")]
        finally:
            connection.close()

    wait_until(lambda: reported().count("done") == count, "the invoices DONE at NAV", 60)

    # Ctrl+Q: the program ends with exit code 0 and takes the session with it.
    terminal.press("C-q")
    rc_file = tmp_path / "rc"
    deadline = time.monotonic() + STEP_TIMEOUT
    while not (rc_file.exists() and rc_file.read_text().strip()):
        assert time.monotonic() < deadline, f"okos demo did not end:\n{terminal.screen()}"
        time.sleep(0.1)
    assert rc_file.read_text().strip() == "0"
    deadline = time.monotonic() + 5
    while terminal.alive():
        assert time.monotonic() < deadline, "the tmux session is still there"
        time.sleep(0.1)
    assert time.monotonic() - started < 90
