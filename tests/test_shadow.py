"""Sending only the cells that change leaves the terminal showing the same screen."""

from __future__ import annotations

import io
from typing import Any

import pyte
import pytest
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

import vt
from bijie_tui.shadow import PLAIN, Shadow, apply_sgr, sgr, strip_colour
from pilot_helpers import idle

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
@pytest.mark.slow
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


def test_rows_that_moved_beside_a_scrollbar_still_scroll() -> None:
    """A list's rows move under a scrollbar whose thumb does not move with them: rows that
    differ from the rows they moved from in a cell or two (the thumb, a cursor's mark) are
    still scrolled, and those cells sent after."""
    words = ["Bijie", "Guangzhou", "Tianhe", "Dafang", "Weining", "Nayong", "Qixingguan"]
    rows = [f"{words[i % 7]} {words[(i * 3) % 7]} 毕节 {i * 7919}" for i in range(20)]

    def frame(top: int) -> str:
        out = []
        for y, text in enumerate(rows[top : top + 10]):
            thumb = "█" if top <= y < top + 3 else " "
            out.append(f"\x1b[{y + 2};1H{text:<40}{thumb}")
        return "".join(out)

    frames = [frame(0), frame(1), frame(2)]
    sent = _through(frames)
    assert _screen(sent) == _screen(frames)
    assert "\x1b[2;11r" in sent[1] and "\x1b[2;11r" in sent[2]
    assert len(sent[1]) < len(frames[1]) / 4


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.text(alphabet="ab毕 ", max_size=8), min_size=12, max_size=12),
    st.lists(st.tuples(st.integers(0, 4), st.integers(1, 4), st.integers(4, 8)), max_size=4),
)
@pytest.mark.slow
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
        await idle(pilot)
        for key in ("down", "down", "right", "down", "up"):
            await pilot.press(key)
            await idle(pilot)
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


# -- styles as differences, the blank screen, holding, links --------------------------------------

_SGR_PARAMS = st.sampled_from(
    [
        "0", "", "1", "2", "1;2", "3", "4", "5", "7", "9", "21", "53", "22", "23", "24", "25",
        "27", "29", "55", "39", "49", "31", "42", "91", "38;5;253", "48;5;233", "38;2;1;2;3",
        "1;38;5;214;48;5;17", "0;7;38;5;23", "2;4;48;5;16", "22;38;5;253",
    ]
)  # fmt: skip
_LINKS = st.sampled_from(["", "", "https://example.org/a", "http://example.org/b?c=d;e"])
_STYLED_SLOT = st.tuples(
    st.integers(1, HEIGHT),
    st.integers(0, 4),
    st.lists(st.sampled_from(["a", " ", "毕", "e\u0301", "…"]), max_size=6),
    st.lists(_SGR_PARAMS, min_size=1, max_size=3),
    _LINKS,
)


def _styled_frames(frames: list[list[tuple[int, int, list[str], list[str], str]]]) -> list[str]:
    """Frames as Textual writes them: each run in its styles, a reset, and its link."""
    chunks = []
    for frame in frames:
        parts = ["\x1b[?2026h"]
        for row, slot, text, styles, link in frame:
            run = "".join(f"\x1b[{s}m" for s in styles) + _slot_graphemes(text) + "\x1b[0m"
            if link:
                run = f"\x1b]8;id=1;{link}\x1b\\{run}\x1b]8;;\x1b\\"
            parts.append(f"\x1b[{row};{slot * 10 + 1}H{run}")
        parts.append("\x1b[?2026l")
        chunks.append("".join(parts))
    return chunks


_START = "\x1b[?1049h\x1b[2J"
"""What the driver writes first: the alternate screen, cleared."""


def _vt(chunks: list[str]) -> list[list[vt.Cell]]:
    return vt.screen(chunks, WIDTH, HEIGHT)


def _blank_shadow(strip: bool = False) -> Shadow:
    shadow = Shadow(strip_colour=strip)
    shadow.size = (WIDTH, HEIGHT)
    return shadow


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_STYLED_SLOT, max_size=8), max_size=5), st.integers(0, 5))
@pytest.mark.slow
def test_styles_links_and_the_blank_screen_draw_the_same(
    frames: list[list[tuple[int, int, list[str], list[str], str]]], held: int
) -> None:
    """Every attribute (dim, overline, double underline ...), colour and link ends up where the
    program put it, with the first ``held`` frames held and released at once."""
    chunks = [_START, *_styled_frames(frames)]
    shadow = _blank_shadow()
    sent = [shadow.feed(chunks[0])]
    shadow.hold()
    for i, chunk in enumerate(chunks[1:]):
        if i == held:
            sent.append(shadow.release())
        sent.append(shadow.feed(chunk))
    sent.append(shadow.release())
    assert _vt(sent) == _vt(chunks)
    assert _screen(sent) == _screen(chunks)
    # Without colour: the same screen, colours aside.
    mono = _blank_shadow(strip=True)
    plain = _vt([mono.feed(chunk) for chunk in chunks])
    expected = [
        [(c[0], frozenset(p for p in c[1] if p[0] not in ("fg", "bg", "ul")), c[2]) for c in row]
        for row in _vt(chunks)
    ]
    assert plain == expected


@settings(max_examples=300, deadline=None)
@given(st.lists(_SGR_PARAMS, max_size=4), st.lists(_SGR_PARAMS, max_size=4))
def test_a_style_change_is_the_difference_or_a_reset(first: list[str], then: list[str]) -> None:
    old = new = PLAIN
    for params in first:
        old = apply_sgr(old, params)
    for params in then:
        new = apply_sgr(new, params)
    change = sgr(old, new)
    terminal = vt.Terminal(4, 1)
    terminal.feed("".join(f"\x1b[{p}m" for p in first) + change + "x")
    reference = vt.Terminal(4, 1)
    reference.feed("".join(f"\x1b[{p}m" for p in then) + "x")
    assert terminal.cells == reference.cells
    whole = f"\x1b[0;{';'.join(then)}m" if then else "\x1b[m"
    assert len(change) <= len(whole) + 2  # never longer than a reset and everything again


def test_style_differences_take_away_only_what_changed() -> None:
    bold_dim = apply_sgr(PLAIN, "1;2;38;5;253;48;5;233")
    assert sgr(bold_dim, apply_sgr(bold_dim, "22;2")) == "\x1b[22;2m"  # 22 ends both: dim again
    assert sgr(bold_dim, apply_sgr(bold_dim, "39")) == "\x1b[39m"
    assert sgr(bold_dim, apply_sgr(bold_dim, "49")) == "\x1b[49m"
    reverse = apply_sgr(PLAIN, "7;4;38;5;25")
    assert sgr(reverse, apply_sgr(reverse, "27")) == "\x1b[27m"
    assert sgr(reverse, apply_sgr(reverse, "24")) == "\x1b[24m"
    assert sgr(reverse, PLAIN) == "\x1b[m"
    assert sgr(PLAIN, reverse) == "\x1b[4;7;38;5;25m"


def test_a_cleared_screen_is_known_to_be_blank() -> None:
    shadow = _blank_shadow()
    assert shadow.feed(_START).startswith(_START)
    # Default blanks cost nothing; a coloured blank and text are sent.
    assert shadow.feed("\x1b[1;1H" + " " * WIDTH + "\x1b[2;1H\x1b[0m   ") in ("", "\x1b[2;4H")
    sent = shadow.feed("\x1b[3;1H\x1b[48;5;17m  \x1b[0mab")
    assert "\x1b[48;5;17m  " in sent and "ab" in sent
    # Unknown size: nothing is assumed, the frame is sent whole.
    unknown = Shadow()
    unknown.feed(_START)
    assert "   " in unknown.feed("\x1b[1;1H    x")


def test_a_held_screen_is_sent_once() -> None:
    frames = [_rich_frame("cyan"), _rich_frame("red"), _rich_frame("green")]
    shadow = _blank_shadow()
    shadow.feed(_START)
    shadow.hold()
    quiet = [shadow.feed(frame) for frame in frames]
    assert all(cell not in "".join(quiet) for cell in ("Employment", "毕节"))
    released = shadow.release()
    once = _blank_shadow()
    once.feed(_START)
    alone = once.feed(frames[-1])
    assert _vt([_START, *quiet, released]) == _vt([_START, frames[-1]])
    assert len(released) <= len(alone) + 8
    assert not shadow.holding and shadow.release() == ""


def test_erasing_while_held_sends_what_was_held_first() -> None:
    shadow = _blank_shadow()
    chunks = [_START, "\x1b[1;1Habc", "\x1b[1;2H\x1b[K", "\x1b[2;1Hxy"]
    sent = [shadow.feed(chunks[0])]
    shadow.hold()
    sent += [shadow.feed(chunk) for chunk in chunks[1:]]
    assert "abc" in sent[2]
    assert _screen(sent) == _screen(chunks)


def test_a_link_follows_its_cells() -> None:
    url = "https://example.org/source"
    frames = [
        f"\x1b[1;1H\x1b]8;id=7;{url}\x1b\\\x1b[4mSource\x1b[0m\x1b]8;;\x1b\\ text",
        f"\x1b[1;1H\x1b]8;id=9;{url}\x1b\\\x1b[4mSource\x1b[0m\x1b]8;;\x1b\\ text",  # a new id
        "\x1b[1;1H\x1b[4mSource\x1b[0m text",  # the same text, no longer a link
    ]
    shadow = _blank_shadow()
    sent = [shadow.feed(frame) for frame in frames]
    assert url in sent[0] and sent[0].count("\x1b]8;;") == 2
    assert sent[1] == ""  # the same address: nothing to send, whatever its id
    assert "Source" in sent[2] and url not in sent[2]
    for n in range(1, 4):
        assert _vt(sent[:n]) == _vt(frames[:n])
    assert vt.Terminal(WIDTH, HEIGHT).links() == set()
    terminal = vt.Terminal(WIDTH, HEIGHT)
    terminal.feed(sent[0])
    assert terminal.links() == {url}
    assert "".join(c[0] for c in terminal.cells[0] if c[2] == url) == "Source"


class _LinkApp(App[None]):
    def compose(self) -> ComposeResult:
        from textual.widgets import Static

        yield Static(
            Text.assemble(
                "Source: ",
                ("https://example.org/a", "underline link https://example.org/a"),
                "\n",
                ("毕节 https://example.org/b", "link https://example.org/b"),
            ),
            id="links",
        )
        yield DataTable()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Name", "Count")
        for i in range(5):
            table.add_row(f"row {i} 毕节", f"{i * 1000:,}")


async def test_textual_frames_with_links_draw_the_same_screen() -> None:
    from textual.widgets import Static

    app = _LinkApp()
    written: list[str] = []

    def display(screen: Screen[Any], update: Any) -> None:
        if isinstance(update, CompositorUpdate):
            written.append(update.render_segments(app.console))

    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        app._display = display  # type: ignore[method-assign]
        app.screen.refresh()
        await idle(pilot)
        app.query_one(DataTable).focus()
        for key in ("down", "down", "up"):
            await pilot.press(key)
            await idle(pilot)
        app.query_one("#links", Static).update(Text("no link now"))
        await idle(pilot)
        app.query_one("#links", Static).update(Text.assemble(("x", "link https://example.org/c")))
        await idle(pilot)
    chunks = [_START, *written]
    shadow = _blank_shadow()
    sent = [shadow.feed(chunk) for chunk in chunks]
    assert _vt(sent) == _vt(chunks)
    terminal = vt.Terminal(WIDTH, HEIGHT)
    for chunk in written[:1]:
        terminal.feed(chunk)
    assert {"https://example.org/a", "https://example.org/b"} <= terminal.links()
    assert "https://example.org/c" in _vt(sent)[0][0][2]
    assert sum(map(len, sent)) < sum(map(len, chunks))


async def test_the_terminal_is_set_up_in_one_write(monkeypatch: pytest.MonkeyPatch) -> None:
    """Textual writes each sequence that sets the terminal up on its own; the driver sends
    them, and the cleared screen, as one write (one wake of the writing thread, and of the
    link)."""
    from textual.app import App
    from textual.drivers.linux_driver import LinuxDriver

    from bijie_tui.driver import LeanDriver

    written: list[str] = []

    def set_up(self: LinuxDriver) -> None:
        self.write("\x1b[?1049h")
        self.write("\x1b[?25l")
        self.write("\x1b[?2026$p")

    monkeypatch.setattr(LinuxDriver, "start_application_mode", set_up)
    monkeypatch.setattr(LinuxDriver, "write", lambda self, data: written.append(data))
    driver = LeanDriver(App(), debug=False, mouse=False, size=(80, 24))
    driver.start_application_mode()
    assert len(written) == 1
    assert written[0].startswith("\x1b[?1049h\x1b[?25l\x1b[?2026$p\x1b[2J")
    driver.write("\x1b[?25h")  # once set up, written as it comes
    assert len(written) == 2
