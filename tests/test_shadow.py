"""Sending only the cells that change leaves the terminal showing the same screen."""

from __future__ import annotations

import io

import pyte
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from bijie_tui.shadow import Shadow, strip_colour

WIDTH, HEIGHT = 60, 12
Cell = tuple[str, str, str, bool, bool, bool, bool]


def _screen(chunks: list[str]) -> list[list[Cell]]:
    screen = pyte.Screen(WIDTH, HEIGHT)
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
