"""The explorer in a real pseudo-terminal: glyphs, colour, mouse, signals and dumb terminals."""

from __future__ import annotations

import os
import signal
import subprocess
import time
import unicodedata
from pathlib import Path

import pytest

import vt
from pty_session import EXE, PtySession, plain_env

pytestmark = pytest.mark.tour

# Keys that visit every kind of screen: a sector, a detail, the entity list, a filter, the
# help, the palette, the sources.
TOUR = ["2", "\x1b[B", "\r", "\x1b", "v", "/", "m", "\r", "\r", "\x1b", "4", "?", "\x1b"]
TOUR += ["\x10", "x", "\x1b", "7", "\r", "\x1b", "1"]


class Session(PtySession):
    """The explorer in a pty; keys are sent one by one, each once the app has taken the last."""


_env = plain_env


def _start(args: list[str], env: dict[str, str], cols: int = 80, rows: int = 24) -> Session:
    session = Session(args, env, cols, rows)
    session.read(20, until=b"Overview")
    session.settle()  # the rest of the first screen, drawn once the dataset is in
    if b"Overview" not in session.output:
        text = session.output.decode("utf-8", "replace")
        session.close()
        raise AssertionError(f"the app did not start: {text[-2000:]}")
    return session


def _app_glyphs(text: str) -> set[str]:
    """Box-drawing, block, arrow and other symbol characters (not the dataset's CJK)."""
    out = set()
    for ch in text:
        code = ord(ch)
        if code < 128 or unicodedata.east_asian_width(ch) in "WF":
            continue
        out.add(ch)
    return out


@pytest.mark.parametrize("how", [["--ascii"], []])
def test_ascii_mode_writes_no_box_or_block_glyphs(how: list[str]) -> None:
    env = _env() if how else _env(LANG="C")  # a non-UTF-8 locale turns it on by itself
    session = _start(how, env)
    try:
        session.keys(TOUR)
        written = session.output.decode("utf-8", "replace")
        assert "Overview" in written
        assert _app_glyphs(written) == set()
    finally:
        session.close()


def test_no_color_writes_no_colour_and_fewer_bytes() -> None:
    sizes = {}
    for name, env in (("colour", _env()), ("none", _env(NO_COLOR="1"))):
        session = _start([], env)
        try:
            session.keys(["2", "\x1b[B", "\x1b[B"])
            sizes[name] = len(session.output)
            written = session.output.decode("utf-8", "replace")
        finally:
            session.close()
        if name == "none":
            assert "38;5;" not in written and "48;5;" not in written
            assert "38;2;" not in written and "48;2;" not in written
    assert sizes["none"] < sizes["colour"]


def test_low_bandwidth_and_ssh_ask_for_no_mouse_reports() -> None:
    for args, env in (
        (["--low-bandwidth"], _env()),
        ([], _env(BIJIE_TUI_LOW_BANDWIDTH="1")),
        ([], _env(SSH_CONNECTION="10.0.0.1 5000 10.0.0.2 22")),
    ):
        session = _start(args, env)
        try:
            assert b"\x1b[?1003h" not in session.output
            assert b"\x1b[?1000h" not in session.output
        finally:
            session.close()
    session = _start([], _env())
    try:
        assert b"\x1b[?1003h" in session.output  # locally the mouse stays on
    finally:
        session.close()


ENDING = ["SIGTERM", "SIGHUP", "SIGINT", "SIGQUIT", "SIGUSR1", "SIGALRM", "SIGXCPU"]


@pytest.mark.parametrize("how", ["q", "ctrl+c", *ENDING])
def test_leaving_restores_the_terminal(how: str) -> None:
    session = _start([], _env())
    try:
        before = len(session.output)
        started = time.monotonic()
        if how == "q":
            os.write(session.fd, b"q")
        elif how == "ctrl+c":
            os.write(session.fd, b"\x03")
        else:
            os.kill(session.pid, getattr(signal, how))
        status = session.wait(5.0)
        assert status is not None, f"still running after {how}"
        assert time.monotonic() - started < 5.0
        tail = bytes(session.output[before:])
        if how != "SIGHUP":  # after a hang-up nobody reads; leaving promptly is what counts
            assert b"\x1b[?1049l" in tail  # alternate screen left
            assert b"\x1b[?25h" in tail  # cursor shown
            assert b"\x1b[?1003l" in tail and b"\x1b[?1000l" in tail  # mouse reports off
            assert b"\x1b[?2004l" in tail  # bracketed paste off
        assert os.WIFEXITED(status) or os.WIFSIGNALED(status)
        if how in ENDING:  # it left by itself, saying which signal ended it
            assert os.WIFEXITED(status), f"killed by signal {os.WTERMSIG(status)}"
            assert os.WEXITSTATUS(status) == 128 + getattr(signal, how)
    finally:
        session.close()


def test_dumb_terminal_or_pipe_prints_the_overview() -> None:
    for env, stdout in ((_env(TERM="dumb"), None), (_env(), subprocess.PIPE)):
        if stdout is None:
            session = Session([], env)
            try:
                session.wait(10)
                written = session.output.decode("utf-8", "replace")
            finally:
                session.close()
            assert "\x1b[?1049h" not in written
            assert "43,139 people" in written
            assert "TERM=dumb" in written
            continue
        result = subprocess.run(
            [EXE], env=env, capture_output=True, text=True, timeout=30, check=False
        )
        assert result.returncode == 0
        assert "43,139 people" in result.stdout
        assert "Weining County" in result.stdout and "Panyu District" in result.stdout
        assert "\x1b" not in result.stdout
        assert len(result.stderr.splitlines()) == 1
        assert "not a terminal" in result.stderr


def _final_screen(env: dict[str, str]) -> list[str]:
    import pyte

    session = _start([], env)
    try:
        session.keys(["2", "\x1b[B", "\x1b[B", "3", "4", "/", "n", "a", "\r", "\r", "\x1b", "l"])
        session.settle()  # everything drawn
        screen = pyte.Screen(80, 24)
        stream = pyte.ByteStream(screen)
        stream.feed(bytes(session.output))
        return [
            "".join(
                f"{c.data}{c.fg[:3]}{c.bg[:3]}{int(c.bold)}{int(c.reverse)}"
                for c in (screen.buffer[y][x] for x in range(80))
            )
            for y in range(24)
        ]
    finally:
        session.close()


def test_sending_only_changes_shows_the_same_screen() -> None:
    plain = _final_screen(_env(TEXTUAL_DRIVER="textual.drivers.linux_driver:LinuxDriver"))
    lean = _final_screen(_env())
    assert lean == plain


class _CountingTerminal(vt.Terminal):
    """Counts how often each cell is written."""

    def __init__(self, cols: int, rows: int) -> None:
        super().__init__(cols, rows)
        self.writes: dict[tuple[int, int], int] = {}

    def _draw(self, text: str) -> None:
        before = [list(line) for line in self.cells]
        start = (self.y, self.x)
        super()._draw(text)
        for y, (old, new) in enumerate(zip(before, self.cells, strict=True)):
            for x, (was, now) in enumerate(zip(old, new, strict=True)):
                if was != now or (y, x) == start:
                    self.writes[y, x] = self.writes.get((y, x), 0) + 1


@pytest.mark.parametrize("extra", [{}, {"BIJIE_TUI_LOW_BANDWIDTH": "1"}])
def test_the_start_draws_one_screen_with_the_data(extra: dict[str, str]) -> None:
    """Until the first key, each cell is written at most once, and what is written is the
    overview with its figures: no loading line, no empty tables, no frames on the way."""
    session = _start([], _env(**extra))
    try:
        session.settle()
        terminal = _CountingTerminal(80, 24)
        terminal.feed(session.output.decode("utf-8", "replace"))
        twice = sorted(cell for cell, n in terminal.writes.items() if n > 1)
        assert not twice, f"cells written more than once: {twice[:10]}"
        shown = "\n".join("".join(c[0] for c in line) for line in terminal.cells)
        assert "Headlines" in shown and "43,139 people" in shown
        assert "Loading" not in session.output.decode("utf-8", "replace")
    finally:
        session.close()


@pytest.mark.parametrize("extra", [{}, {"BIJIE_TUI_LOW_BANDWIDTH": "1"}])
def test_a_tab_switch_draws_each_cell_once(extra: dict[str, str]) -> None:
    """A tab shown, first or again, is drawn once: no frame of the tab left behind, blurred,
    nor of its table's rows before they fit its width, nor of the tabs' row on its own. (On
    a first visit the table's scrollbar, column 78, comes a frame later: Textual places it
    once the table is laid out.)"""
    session = _start([], _env(**extra))
    try:
        session.settle()
        terminal = _CountingTerminal(80, 24)
        terminal.feed(session.output.decode("utf-8", "replace"))
        for key, first in [("2", True), ("3", True), ("2", False)]:
            terminal.writes.clear()
            before = len(session.output)
            session.keys([key])
            terminal.feed(session.output[before:].decode("utf-8", "replace"))
            twice = sorted(cell for cell, n in terminal.writes.items() if n > 1)
            if first:
                twice = [(y, x) for y, x in twice if x != 78]
            assert not twice, f"{key}: cells written more than once: {twice[:10]}"
        lines = ["".join(c[0] for c in line) for line in terminal.cells]
        # The line saying what the tab holds, then the table's title in its border.
        assert lines[3].strip().startswith("Labour cooperation:"), lines[3]
        assert "Employment" in lines[4], lines[4]
        under = lines[2].index("╸")  # the tab's underline ends under the tab's name
        assert lines[1][under - 10 : under].strip() == "Overview"
    finally:
        session.close()


@pytest.mark.parametrize("extra", [{}, {"BIJIE_TUI_SERVED": "1"}])
def test_the_filter_line_opens_in_one_frame(extra: dict[str, str]) -> None:
    """The filter line, opened the first time (when it is mounted) or again, is drawn once:
    each cell at most once, the line above the footer, with its hint."""
    session = _start([], _env(**extra))
    try:
        session.settle()
        terminal = _CountingTerminal(80, 24)
        terminal.feed(session.output.decode("utf-8", "replace"))
        for opening in range(2):
            if opening:
                mark = len(session.output)
                session.keys(["\x1b"])  # closed, then opened again
                terminal.feed(session.output[mark:].decode("utf-8", "replace"))
                assert "Filter (" not in "".join(c[0] for c in terminal.cells[22])
            terminal.writes.clear()
            mark = len(session.output)
            session.keys(["/"])
            terminal.feed(session.output[mark:].decode("utf-8", "replace"))
            twice = sorted(cell for cell, n in terminal.writes.items() if n > 1)
            assert not twice, f"opening {opening}: cells written more than once: {twice[:10]}"
            line = "".join(c[0] for c in terminal.cells[22])
            assert line.startswith("Filter (enter keeps it, escape clears)"), line
    finally:
        session.close()


@pytest.mark.parametrize("keys", [["\x10"], ["2", "/"]], ids=["palette", "filter line"])
def test_a_line_being_typed_in_writes_nothing_while_idle(keys: list[str]) -> None:
    """The cursor of the palette's search line and of the filter line does not blink: an
    idle app writes nothing, however long the line stays open (a blink is a write twice a
    second over the link)."""
    session = _start([], _env())
    try:
        session.keys(keys)
        mark = len(session.output)
        session.read(1.5)  # three blinks' worth of Textual's default cursor
        assert bytes(session.output[mark:]) == b""
    finally:
        session.close()


def _shown(session: Session) -> str:
    import pyte

    screen = pyte.Screen(80, 24)
    pyte.ByteStream(screen).feed(bytes(session.output))
    return "\n".join(screen.display)


def test_a_sequence_split_within_the_escape_delay_is_one_key(tmp_path: Path) -> None:
    """The escape delay (config ``escape_delay``) is how long a lone ESC waits for the rest of
    a sequence: a down arrow whose bytes arrive apart, within it, is a down arrow, not an
    escape followed by ``[`` and ``B``; a lone ESC is ``escape`` once it has passed."""
    config = tmp_path / "config.toml"
    config.write_text("escape_delay = 1000\n", encoding="utf-8")
    session = _start([], _env(BIJIE_TUI_CONFIG=str(config)))
    try:
        session.keys(["2", "\r"])
        session.until(lambda: "Back" in _shown(session), "a detail opened")
        session.keys(["\x1b"])  # a lone ESC: back to the table, once the second has passed
        session.until(lambda: "Indicator" in _shown(session), "escape closed the detail")
        assert "Bijie rural migrant workers helped into jobs" in _shown(session)
        os.write(session.fd, b"\x1b")
        session.read(0.3)  # the rest of the sequence comes later, within the delay
        os.write(session.fd, b"[B")
        session.settle(0.6)
        shown = _shown(session)
        assert "Workers on a Bijie" in shown.split("Detail")[1], shown  # the pane: row two
        assert "[B" not in shown and "Indicator" in shown
    finally:
        session.close()
