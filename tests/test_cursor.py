"""The table's cursor in a real pseudo-terminal, as a terminal shows it, in every display mode.

The app's output goes through a ``pyte`` screen of 80×24; the tests read the attributes of its
cells: in colour modes the cursor row has a background of its own, in the others (16 colours,
NO_COLOR, low bandwidth, ASCII) it is in reverse video, across the whole row.
"""

from __future__ import annotations

import os
import select
import time
from collections.abc import Callable
from typing import Any

import pyte
import pytest

from pty_session import PtySession, plain_env

pytestmark = pytest.mark.tour

COLS, ROWS = 80, 24
DOWN = "\x1b[B"
TAB = "\t"
TIMEOUT = 20.0

Attr = Callable[[Any], object]


def _bg(char: Any) -> object:
    return char.bg


def _reverse(char: Any) -> object:
    return char.reverse


_env = plain_env


# name: (arguments, environment, the attribute that marks the cursor row)
MODES: dict[str, tuple[list[str], dict[str, str], Attr]] = {
    "256 colours": ([], _env(), _bg),
    "16 colours": ([], _env(TEXTUAL_COLOR_SYSTEM="standard"), _reverse),
    "NO_COLOR": ([], _env(NO_COLOR="1"), _reverse),
    "low bandwidth": (["--low-bandwidth"], _env(), _reverse),
    "ASCII": (["--ascii"], _env(LANG="C"), _reverse),
}


class Terminal(PtySession):
    """The app in a pty, its output kept on a pyte screen."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        super().__init__(args, env, COLS, ROWS)
        self.screen = pyte.Screen(COLS, ROWS)
        self.stream = pyte.ByteStream(self.screen)

    def pump(self, seconds: float) -> None:
        ready, _, _ = select.select([self.fd], [], [], seconds)
        if ready:
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:
                return
            self.stream.feed(chunk)

    def until(self, condition: Callable[[], bool], what: str, again: str = "") -> None:
        """Read output until ``condition`` holds (or fail after a generous timeout); ``again``:
        a key to send once more every second meanwhile (one typed as the app starts may be
        read before it listens)."""
        end = time.monotonic() + TIMEOUT
        resend = time.monotonic() + 1.0
        while not condition():
            now = time.monotonic()
            if now > end:
                raise AssertionError(f"{what} never happened; screen:\n" + self.text())
            if again and now > resend:
                self.press(again)
                resend = now + 1.0
            self.pump(0.05)

    def press(self, key: str) -> None:
        os.write(self.fd, key.encode())

    def text(self) -> str:
        return "\n".join(self.screen.display)


def _table_lines(screen: Any) -> list[int]:
    """Screen lines of the Employment table's rows (below its heading, inside its border)."""
    lines = screen.display
    heading = next((y for y, line in enumerate(lines) if "Indicator" in line), None)
    if heading is None:
        return []
    border = lines[heading][0]
    rows = []
    for y in range(heading + 1, len(lines)):
        if lines[y][0] != border:
            break
        rows.append(y)
    return rows


INSIDE = range(1, COLS - 2)
"""Columns of a row inside the table's border, short of the scrollbar."""


def _key(screen: Any, y: int, attr: Attr) -> list[object]:
    return [attr(screen.buffer[y][x]) for x in INSIDE]


def _marked(screen: Any, attr: Attr) -> int | None:
    """The row (0 = first shown) every cell of which differs in ``attr`` from every other row."""
    lines = _table_lines(screen)
    keys = [_key(screen, y, attr) for y in lines]
    if len(keys) < 3:
        return None
    for i, key in enumerate(keys):
        others = [k for j, k in enumerate(keys) if j != i]
        if all(all(a != b for a, b in zip(key, other, strict=True)) for other in others):
            return i
    return None


def _style(screen: Any, y: int) -> list[tuple[object, ...]]:
    return [
        (c.fg, c.bg, c.reverse, c.bold, c.underscore) for c in (screen.buffer[y][x] for x in INSIDE)
    ]


@pytest.fixture(params=list(MODES))
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def _employment(mode: str) -> tuple[Terminal, Attr]:
    args, env, attr = MODES[mode]
    term = Terminal(args, env)
    term.until(lambda: "Overview" in term.text(), "the start")
    term.press("2")
    term.until(lambda: _marked(term.screen, attr) == 0, "a cursor on the first row", "2")
    return term, attr


def test_the_cursor_marks_its_whole_row_and_moves(mode: str) -> None:
    term, attr = _employment(mode)
    try:
        first = _table_lines(term.screen)[0]
        term.press(DOWN)
        term.until(lambda: _marked(term.screen, attr) == 1, "the cursor on the second row")
        lines = _table_lines(term.screen)
        assert lines[0] == first
        if attr is _reverse:
            assert all(term.screen.buffer[lines[1]][x].reverse for x in INSIDE)
            assert not any(term.screen.buffer[lines[0]][x].reverse for x in INSIDE)
        term.press(DOWN)
        term.until(lambda: _marked(term.screen, attr) == 2, "the cursor on the third row")
    finally:
        term.close()


@pytest.mark.parametrize("mode", ["256 colours", "NO_COLOR", "ASCII"])
def test_a_table_without_focus_shows_its_cursor_otherwise(mode: str) -> None:
    term, _ = _employment(mode)
    try:
        y = _table_lines(term.screen)[0]
        focused = _style(term.screen, y)
        term.press(TAB)  # to the detail pane's links
        term.until(lambda: _style(term.screen, y) != focused, "a change of the cursor row")
        blurred = _style(term.screen, y)
        others = [_style(term.screen, other) for other in _table_lines(term.screen)[1:]]
        # Still marked, every cell unlike the same cell of the other rows, but not as before.
        assert all(all(a != b for a, b in zip(blurred, o, strict=True)) for o in others)
        assert all(a != b for a, b in zip(blurred, focused, strict=True))
    finally:
        term.close()


HEAVY = set("┏━┓┃┗┛")
"""The glyphs of a focused table's border."""


@pytest.mark.parametrize("mode", ["16 colours", "low bandwidth"])
def test_focus_in_few_colours_is_not_drawn_in_red(mode: str) -> None:
    """Red reads as an error: the focused table's border is in another colour."""
    term, _ = _employment(mode)
    try:
        y = _table_lines(term.screen)[0]
        assert term.screen.buffer[y][0].data in HEAVY
        left = {term.screen.buffer[y][0].fg for y in _table_lines(term.screen)}
        assert left == {"brightcyan" if mode == "16 colours" else "green"}
    finally:
        term.close()
