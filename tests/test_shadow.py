"""Sending only the cells that change leaves the terminal showing the same screen."""

from __future__ import annotations

import io
from typing import Any

import pyte
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len, split_graphemes
from rich.console import Console
from rich.table import Table
from rich.text import Text
from textual._compositor import CompositorUpdate
from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable

from bijie_tui.shadow import Shadow, strip_colour

WIDTH, HEIGHT = 60, 12
Cell = tuple[str, str, str, bool, bool, bool, bool]


class GraphemeScreen(pyte.Screen):  # type: ignore[misc]
    """A terminal that draws text as Rich measures it: a cell holds a grapheme (a character
    with its combining marks and selectors), one or two cells wide.

    pyte measures each code point alone: it joins marks of the ``combining`` class to the
    cell before, but stops drawing at a spacing mark (Devanagari's vowel signs) or a variation
    selector, and draws ``❤️`` one cell wide. The app lays its screen out with Rich's widths,
    as terminals that draw emoji do, so this screen is the one to compare such text on.
    """

    def draw(self, data: str) -> None:
        spans, _ = split_graphemes(data)
        for start, end, width in spans:
            grapheme = data[start:end]
            line = self.buffer[self.cursor.y]
            if width == 0:  # marks with no character before them join the cell before
                x = self.cursor.x - 1
                if x > 0 and line[x].data == "":
                    x -= 1
                if x >= 0:
                    line[x] = line[x]._replace(data=line[x].data + grapheme)
                continue
            x, y = self.cursor.x, self.cursor.y
            super().draw("a" if width == 1 else "\u6bd5")  # pyte's own wrapping and halves
            x = x if self.cursor.y == y else 0
            line = self.buffer[self.cursor.y]
            line[x] = line[x]._replace(data=grapheme)


def _screen(chunks: list[str], kind: type[pyte.Screen] = pyte.Screen) -> list[list[Cell]]:
    screen = kind(WIDTH, HEIGHT)
    stream = pyte.Stream(screen)
    for chunk in chunks:
        stream.feed(chunk)
    return [
        [
            (c.data, c.fg, c.bg, c.bold, c.italics, c.underscore, c.reverse)
            for c in (screen.buffer[y][x] for x in range(WIDTH))
        ]
        for y in range(HEIGHT)
    ]


def _through(chunks: list[str], strip: bool = False) -> list[str]:
    shadow = Shadow(strip_colour=strip)
    return [shadow.feed(chunk) for chunk in chunks]


def _rich_frame(colour: str) -> str:
    console = Console(file=io.StringIO(), force_terminal=True, color_system="256", width=WIDTH)
    table = Table(title="Employment")
    table.add_column("Indicator", style=f"bold {colour}")
    table.add_column("Latest", style="on blue")
    for i in range(3):
        table.add_row(Text(f"毕节 row {i}", style="reverse" if i == 2 else ""), f"{i * 1000:,}")
    console.print(table)
    assert isinstance(console.file, io.StringIO)
    return "\x1b[1;1H" + console.file.getvalue().replace("\n", "\r\n")


def test_a_repeated_frame_costs_almost_nothing() -> None:
    frame = _rich_frame("cyan")
    first, second = _through([frame, frame])
    assert _screen([first]) == _screen([frame])
    assert len(second) < 20
    assert len(first) < len(frame)


def test_a_changed_frame_sends_only_the_change() -> None:
    frames = [_rich_frame("cyan"), _rich_frame("red")]
    sent = _through(frames)
    assert _screen(sent) == _screen(frames)
    assert len(sent[1]) < len(frames[1]) / 2


def test_wide_characters_keep_their_two_cells() -> None:
    frames = ["\x1b[2;1H毕节市 Bijie", "\x1b[2;1H毕节县 Bijie", "\x1b[2;3HXY"]
    sent = _through(frames)
    assert _screen(sent)[1][:12] == _screen(frames)[1][:12]


def test_erasing_makes_the_shadow_forget() -> None:
    frames = ["\x1b[1;1Habc", "\x1b[2J", "\x1b[1;1Habc"]
    sent = _through(frames)
    assert "abc" in sent[2]
    assert _screen(sent) == _screen(frames)


def test_no_colour_keeps_attributes_only() -> None:
    assert strip_colour("1;38;5;253;48;5;233") == "1"
    assert strip_colour("7;38;2;1;2;3") == "7"
    assert strip_colour("31;42") == ""
    frame = "\x1b[1;1H\x1b[1;38;5;253;48;5;233mbold\x1b[0m\x1b[7;31mrev\x1b[0m"
    sent = _through([frame], strip=True)[0]
    assert "38;" not in sent and "31" not in sent
    cells = _screen([sent])[0]
    assert cells[0][3] is True and cells[4][6] is True
    assert cells[4][1:3] == ("default", "default")


_STYLES = st.sampled_from(["0", "", "1", "4", "7", "38;5;253;48;5;233", "0;38;5;25", "1;31;44"])
_SLOT = st.tuples(
    st.integers(1, HEIGHT),
    st.integers(0, 4),
    st.text(alphabet="ab 毕节…", max_size=6),
    _STYLES,
)


def _slot_text(text: str) -> str:
    """``text`` cut or padded to exactly ten cells (runs never split a wide character)."""
    out = ""
    for char in text:
        if cell_len(out + char) > 10:
            break
        out += char
    return out + " " * (10 - cell_len(out))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.lists(st.one_of(_SLOT, st.just("erase"), st.just("mode")), max_size=12), max_size=5)
)
def test_any_frames_draw_the_same_screen(frames: list[list[object]]) -> None:
    chunks: list[str] = []
    for frame in frames:
        parts = ["\x1b[?2026h"]
        for token in frame:
            if token == "erase":
                parts.append("\x1b[2J")
            elif token == "mode":
                parts.append("\x1b[?25l")
            else:
                assert isinstance(token, tuple)
                row, slot, text, style = token
                parts.append(f"\x1b[{row};{slot * 10 + 1}H\x1b[{style}m{_slot_text(text)}\x1b[0m")
        parts.append("\x1b[?2026l")
        chunks.append("".join(parts))
    sent = _through(chunks)
    assert _screen(sent) == _screen(chunks)
    assert sum(map(len, sent)) <= sum(map(len, chunks)) + 16 * len(chunks)
    mono = _through(chunks, strip=True)
    expected = [[(c[0], "default", "default", *c[3:]) for c in row] for row in _screen(chunks)]
    assert _screen(mono) == expected


def _lines_frame(lines: list[str], top: int) -> str:
    parts = []
    for i, line in enumerate(lines):
        parts.append(f"\x1b[{top + i};1H\x1b[38;5;253;48;5;233m{_slot_text(line) * 6}\x1b[0m")
    return "".join(parts)


def test_a_scrolled_block_moves_with_a_scroll_region() -> None:
    rows = [f"row {i} 毕节" for i in range(20)]
    frames = [_lines_frame(rows[0:10], 2), _lines_frame(rows[1:11], 2), _lines_frame(rows[0:10], 2)]
    sent = _through(frames)
    assert _screen(sent) == _screen(frames)
    assert "\x1b[2;11r" in sent[1] and "\x1bM" in sent[2]
    assert len(sent[1]) < len(frames[1]) / 4


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.text(alphabet="ab毕 ", max_size=8), min_size=12, max_size=12),
    st.lists(st.tuples(st.integers(0, 4), st.integers(1, 4), st.integers(4, 8)), max_size=4),
)
def test_scrolling_frames_draw_the_same_screen(
    lines: list[str], moves: list[tuple[int, int, int]]
) -> None:
    frames = [_lines_frame(lines[: HEIGHT - 2], 1)]
    for offset, top, count in moves:
        frames.append(_lines_frame(lines[offset : offset + count], top))
    sent = _through(frames)
    assert _screen(sent) == _screen(frames)


# Real text that is more than one code point a cell: a combining accent, Devanagari (a spacing
# vowel sign, a virama), an emoji with its presentation selector and a keycap.
CAFE = "Cafe\u0301"
HINDI = "\u0939\u093f\u0928\u094d\u0926\u0940"
HEART = "\u2764\ufe0f"
KEYCAP = "1\ufe0f\u20e3"
CODER = "\U0001f469\U0001f3fd\u200d\U0001f4bb"  # a joined emoji sequence, with a skin tone


def _graphemes_frame(colour: str, rows: list[str]) -> str:
    console = Console(file=io.StringIO(), force_terminal=True, color_system="256", width=WIDTH)
    table = Table(title="Graphemes")
    table.add_column("Name", style=f"bold {colour}")
    table.add_column("Mark", style="on blue")
    for i, text in enumerate(rows):
        table.add_row(Text(f"{text} {i}", style="reverse" if i == 1 else ""), text)
    console.print(table)
    assert isinstance(console.file, io.StringIO)
    return "\x1b[1;1H" + console.file.getvalue().replace("\n", "\r\n")


def test_combining_marks_stay_with_their_letter() -> None:
    frames = [_graphemes_frame("cyan", [CAFE, "Bijie"]), _graphemes_frame("red", [CAFE, "Bijie"])]
    sent = _through(frames)
    # pyte joins a combining accent to its letter (as one composed character): so does the
    # terminal, and the screens match on pyte's own terms and on Rich's.
    assert _screen(sent) == _screen(frames)
    assert _screen(sent, GraphemeScreen) == _screen(frames, GraphemeScreen)
    assert any(cell[0] == "\u00e9" for row in _screen(sent) for cell in row)


def test_devanagari_and_emoji_keep_their_cells() -> None:
    rows = [CAFE, HINDI, HEART, KEYCAP, "毕节"]
    frames = [_graphemes_frame("cyan", rows), _graphemes_frame("red", rows[::-1])]
    sent = _through(frames)
    screen = _screen(sent, GraphemeScreen)
    assert screen == _screen(frames, GraphemeScreen)
    cells = {cell[0] for row in screen for cell in row}
    assert {"e\u0301", "\u0939\u093f", HEART, KEYCAP} <= cells


def test_marks_written_apart_join_the_cell_before() -> None:
    frames = [
        "\x1b[2;1H\x1b[1mCafe\x1b[0;4m\u0301!\x1b[0m",  # an accent in a style of its own
        "\x1b[2;1H\x1b[1mCafe\x1b[0;4m\u0301?\x1b[0m",
    ]
    sent = _through(frames)
    assert _screen(sent) == _screen(frames)
    assert _screen(sent, GraphemeScreen) == _screen(frames, GraphemeScreen)
    # After a wide character (pyte would put the accent on its right half: Rich's terms only).
    frames = ["\x1b[3;1H毕\ufe0e\x1b[1m\u0301\x1b[0m x", "\x1b[3;4Hy"]
    sent = _through(frames)
    assert _screen(sent, GraphemeScreen) == _screen(frames, GraphemeScreen)
    assert _screen(sent, GraphemeScreen)[2][0][0] == "毕\ufe0e\u0301"


class _GraphemeTable(App[None]):
    def compose(self) -> ComposeResult:
        yield DataTable()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Name", "Text", "Count")
        rows = [CAFE, HINDI, HEART, KEYCAP, CODER, f"{HEART} {KEYCAP} 毕节", "Bijie"]
        for i, text in enumerate(rows):
            table.add_row(f"row {i}", text, f"{i * 1000:,}")


async def test_textual_frames_with_graphemes_draw_the_same_screen() -> None:
    app = _GraphemeTable()
    written: list[str] = []

    def display(screen: Screen[Any], update: Any) -> None:
        if isinstance(update, CompositorUpdate):
            written.append(update.render_segments(app.console))

    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        app._display = display  # type: ignore[method-assign]
        app.screen.refresh()
        await pilot.pause()
        for key in ("down", "down", "right", "down", "up"):
            await pilot.press(key)
            await pilot.pause()
    assert len(written) > 3
    sent = _through(written)
    screen = _screen(sent, GraphemeScreen)
    assert screen == _screen(written, GraphemeScreen)
    cells = {cell[0] for row in screen for cell in row}
    assert {"e\u0301", HEART, KEYCAP, CODER} <= cells
    assert sum(map(len, sent)) < sum(map(len, written))


_GRAPHEME_SLOT = st.tuples(
    st.integers(1, HEIGHT),
    st.integers(0, 4),
    st.lists(
        st.sampled_from(["a", " ", "毕", "e\u0301", "\u0939\u093f", HEART, KEYCAP, CODER]),
        max_size=6,
    ),
    _STYLES,
)


def _slot_graphemes(parts: list[str]) -> str:
    """``parts`` cut or padded to exactly ten cells, never splitting a grapheme."""
    out = ""
    for part in parts:
        if cell_len(out + part) > 10:
            break
        out += part
    return out + " " * (10 - cell_len(out))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(_GRAPHEME_SLOT, max_size=10), max_size=4))
def test_any_frames_of_graphemes_draw_the_same_screen(
    frames: list[list[tuple[int, int, list[str], str]]],
) -> None:
    chunks = [
        "".join(
            f"\x1b[{row};{slot * 10 + 1}H\x1b[{style}m{_slot_graphemes(parts)}\x1b[0m"
            for row, slot, parts, style in frame
        )
        for frame in frames
    ]
    sent = _through(chunks)
    assert _screen(sent, GraphemeScreen) == _screen(chunks, GraphemeScreen)
