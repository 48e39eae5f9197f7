"""Faults in a real pseudo-terminal: stopping and resuming, odd descriptors, lost directories."""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pyte
import pytest

from test_terminal import Session, _env, _start

pytestmark = pytest.mark.tour


def _screen(session: Session, cols: int = 80, rows: int = 24, since: int = 0) -> pyte.Screen:
    """What the terminal shows, from a blank screen, of what was written ``since`` then."""
    screen = pyte.Screen(cols, rows)
    pyte.ByteStream(screen).feed(bytes(session.output[since:]))
    return screen


def _rows(screen: pyte.Screen) -> list[str]:
    return [
        "".join(
            f"{c.data}{c.fg}{c.bg}{int(c.bold)}{int(c.reverse)}"
            for c in (screen.buffer[y][x] for x in range(screen.columns))
        )
        for y in range(screen.lines)
    ]


def _wait_stopped(session: Session, seconds: float = 10.0) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        session.read(0.05)
        pid, status = os.waitpid(session.pid, os.WNOHANG | os.WUNTRACED)
        if pid and os.WIFSTOPPED(status):
            return True
    return False


@pytest.mark.parametrize("when", ["after the stop", "at once", "SIGSTOP"])
def test_resuming_after_a_stop_redraws_the_whole_screen(when: str) -> None:
    session = _start([], _env(), rows=30)
    try:
        session.keys(["2", "\x1b[B"])
        session.settle(0.3)
        before = _rows(_screen(session, rows=30))
        assert sum(1 for row in before if row.strip()) > 20
        mark = len(session.output)
        # SIGSTOP cannot be caught: the app only learns of the stop from the SIGCONT.
        os.killpg(session.pid, signal.SIGSTOP if when == "SIGSTOP" else signal.SIGTSTP)
        if when != "at once":  # as a shell's fg does: it waits to see the job stopped
            assert _wait_stopped(session), "did not stop on SIGTSTP"
        os.killpg(session.pid, signal.SIGCONT)
        # Meanwhile the terminal showed something else: what the app writes from now on must
        # draw every row again, on its own.
        end = time.monotonic() + 20.0
        after = _rows(_screen(session, rows=30, since=mark))
        while after != before and time.monotonic() < end:
            session.read(0.2)
            after = _rows(_screen(session, rows=30, since=mark))
        differ = [y for y, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
        assert not differ, f"rows not redrawn after resuming: {differ}"
        os.write(session.fd, b"q")  # and it is running, and answers keys
        assert session.wait(10.0) is not None, "still stopped, or deaf"
    finally:
        session.close()


def PreparedSession(
    prepare: Callable[[], None],
    env: dict[str, str],
    cols: int = 80,
    rows: int = 24,
    argv: list[str] | None = None,
) -> Session:
    """A run whose child first calls ``prepare`` (stderr elsewhere, another directory)."""
    return Session([], env, cols, rows, prepare=prepare, argv=argv)


def StderrSession(stderr: str | None, env: dict[str, str]) -> Session:
    """A run whose stderr is a file, /dev/null or closed, as a shell's ``2>`` and ``2>&-``."""

    def prepare() -> None:
        if stderr is None:
            os.close(2)
        else:
            os.dup2(os.open(stderr, os.O_WRONLY | os.O_CREAT | os.O_APPEND), 2)

    return PreparedSession(prepare, env)


@pytest.mark.parametrize("where", ["/dev/null", "a file", "closed"])
def test_the_screen_is_drawn_whatever_stderr_is(where: str, tmp_path: Path) -> None:
    log = tmp_path / "err.log"
    target = {"/dev/null": os.devnull, "a file": str(log), "closed": None}[where]
    session = StderrSession(target, _env())
    try:
        session.read(20, until=b"Overview")
        assert b"Overview" in session.output, "nothing drawn on the terminal"
        os.write(session.fd, b"q")
        status = session.wait(10.0)
        assert status is not None, "q ignored"
        assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
        assert b"\x1b[?1049l" in session.output
        if where == "a file":
            assert log.read_bytes() == b""  # the screen went to the terminal, not the file
    finally:
        session.close()


def test_sigterm_ends_it_with_stderr_closed() -> None:
    session = StderrSession(None, _env())
    try:
        session.read(20, until=b"Overview")
        assert b"Overview" in session.output
        os.kill(session.pid, signal.SIGTERM)
        assert session.wait(10.0) is not None, "SIGTERM ignored"
        assert b"\x1b[?1049l" in session.output
    finally:
        session.close()


def _wait_for(session: Session, text: str, seconds: float = 20.0) -> bool:
    """Wait until ``text`` is on the screen."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        session.read(0.2)
        if text in "\n".join(_screen(session).display):
            return True
    return False


def _wait_gone(session: Session, text: str, seconds: float = 30.0) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        session.read(0.2)
        if text not in "\n".join(_screen(session).display):
            return True
    return False


@pytest.mark.parametrize("when", ["before the start", "while it runs"])
def test_a_removed_working_directory_is_no_fault(when: str, tmp_path: Path) -> None:
    here = tmp_path / "here"
    here.mkdir()

    def prepare() -> None:
        os.chdir(here)
        if when == "before the start":
            os.rmdir(here)

    session = PreparedSession(prepare, _env())
    try:
        # The title comes with the dataset: the tabs are there to visit.
        assert _wait_for(session, "Guangzhou–Bijie"), bytes(session.output[-2000:])
        if when == "while it runs":
            here.rmdir()
        for tab, title in (("2", "Employment"), ("3", "Education"), ("4", "Industry")):
            os.write(session.fd, tab.encode())  # a new tab makes new tables
            assert _wait_for(session, f"┏━ {title} ━"), f"tab {tab} not shown"
            os.write(session.fd, b"e")  # export: the directory is gone, and it says so
            assert _wait_for(session, "File name, in"), f"no export dialog on tab {tab}"
            os.write(session.fd, b"\r")
            assert _wait_for(session, "Export failed"), f"no word of the export on tab {tab}"
            assert _wait_gone(session, "Export failed"), "the notification stays"
        os.write(session.fd, b"q")
        status = session.wait(10.0)
        assert status is not None, "still running after q"
        assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
        assert b"Traceback" not in session.output and b"FileNotFoundError" not in session.output
    finally:
        session.close()


# The help screen fails as it is built: an error the app does not expect.
BROKEN = """
import sys
from bijie_tui import cli
from bijie_tui.screens.help_screen import HelpScreen

def compose(self):
    raise ZeroDivisionError("a fault planted by the test")

HelpScreen.compose = compose
sys.exit(cli.run([]))
"""


@pytest.mark.parametrize("where", ["writable", "not writable", "served"])
def test_an_unexpected_error_restores_the_terminal_and_says_where_the_report_is(
    tmp_path: Path, where: str
) -> None:
    state = tmp_path / "state"
    if where == "not writable":
        state.write_text("a file where the state directory would be\n")
    env = _env(XDG_STATE_HOME=str(state))
    if where == "served":  # a served session writes no file: the report goes to stderr
        env["BIJIE_TUI_SERVED"] = "1"
    session = PreparedSession(lambda: None, env, argv=[sys.executable, "-c", BROKEN])
    try:
        assert _wait_for(session, "Guangzhou–Bijie"), bytes(session.output[-2000:])
        os.write(session.fd, b"?")
        status = session.wait(20.0)
        assert status is not None, "still running after the error"
        assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 1
        written = bytes(session.output)
        tail = written[written.rindex(b"\x1b[?1049l") :]  # after the screen was given back
        assert b"\x1b[?25h" in tail and b"\x1b[?1000l" in tail
        lines = [line for line in tail.split(b"\n") if b"bijie-tui:" in line]
        assert len(lines) == 1, tail
        line = lines[0].decode()
        assert "ZeroDivisionError" in line
        if where == "served":
            assert "the full report is above, in the server's log" in line
            assert b"a fault planted by the test" in tail and b"Traceback" in tail
            assert not state.exists()
            return
        assert b"Traceback" not in written and b"compose" not in written
        if where == "not writable":
            assert f"no report could be written: {state}" in line
            return
        assert "the full report is in " in line
        reports = list((state / "bijie-tui" / "log").glob("crash-*.txt"))  # platformdirs' logs
        assert len(reports) == 1
        assert str(reports[0]) in line
        report = reports[0].read_text()
        assert "Traceback" in report and "a fault planted by the test" in report
    finally:
        session.close()
