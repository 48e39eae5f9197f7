"""Dropping style sequences that change nothing leaves the terminal's screen the same."""

from __future__ import annotations

import io

import pyte
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.table import Table
from rich.text import Text

from bijie_tui.sgr import SgrFilter

Cell = tuple[str, str, str, bool, bool, bool, bool]


def _screen(chunks: list[str], width: int = 60, height: int = 12) -> list[list[Cell]]:
    screen = pyte.Screen(width, height)
    stream = pyte.Stream(screen)
    for chunk in chunks:
        stream.feed(chunk)
    return [
        [
            (c.data, c.fg, c.bg, c.bold, c.italics, c.underscore, c.reverse)
            for c in (screen.buffer[y][x] for x in range(width))
        ]
        for y in range(height)
    ]


def _filtered(chunks: list[str], strip_colour: bool = False) -> list[str]:
    sgr = SgrFilter(strip_colour=strip_colour)
    return [sgr.feed(chunk) for chunk in chunks]


def _rich_frame() -> str:
    console = Console(
        file=io.StringIO(), force_terminal=True, color_system="256", width=60, legacy_windows=False
    )
    table = Table(title="Employment")
    table.add_column("Indicator", style="bold cyan")
    table.add_column("Latest", style="on blue")
    for i in range(4):
        table.add_row(Text(f"毕节 row {i}", style="reverse" if i == 2 else ""), f"{i * 1000:,}")
    console.print(table)
    console.print(Text("plain ") + Text("bold", style="bold") + Text(" under", style="underline"))
    assert isinstance(console.file, io.StringIO)
    return console.file.getvalue().replace("\n", "\r\n")


def test_rich_output_draws_the_same_screen_with_fewer_bytes() -> None:
    frame = _rich_frame()
    filtered = _filtered([frame])
    assert _screen(filtered) == _screen([frame])
    assert len(filtered[0]) < len(frame)


def test_repeated_styles_around_resets_are_dropped() -> None:
    style = "\x1b[38;5;253;48;5;233m"
    data = f"{style}ab\x1b[0m{style}cd\x1b[0m\x1b[5;1H{style}ef\x1b[0m"
    out = SgrFilter().feed(data)
    assert out == f"{style}abcd\x1b[5;1Hef\x1b[m"
    assert _screen([out]) == _screen([data])


def test_an_erase_after_a_reset_uses_the_default_background() -> None:
    data = "\x1b[48;5;1mred\x1b[0m\x1b[K"
    out = SgrFilter().feed(data)
    assert "\x1b[m\x1b[K" in out


def test_no_colour_keeps_attributes_only() -> None:
    data = "\x1b[1;38;5;253;48;5;233mbold\x1b[0m\x1b[7;38;2;1;2;3mrev\x1b[0m\x1b[31mred\x1b[0m"
    out = SgrFilter(strip_colour=True).feed(data)
    assert "38;" not in out and "48;" not in out and "31" not in out
    screen = _screen([out])
    assert screen[0][0][3] is True  # bold
    assert screen[0][4][6] is True  # reverse
    assert screen[0][7][1:3] == ("default", "default")


_STYLES = st.sampled_from(
    ["", "1", "4", "7", "38;5;253;48;5;233", "38;5;25", "1;38;5;16;48;5;235", "39;49", "0;1"]
)
_TOKENS = st.one_of(
    st.tuples(st.just("sgr"), _STYLES),
    st.tuples(st.just("text"), st.text(alphabet="ab毕 ", min_size=1, max_size=4)),
    st.tuples(st.just("move"), st.tuples(st.integers(1, 12), st.integers(1, 60))),
    st.tuples(st.just("erase"), st.sampled_from(["\x1b[K", "\x1b[2K"])),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_TOKENS, max_size=30), min_size=1, max_size=4), st.booleans())
def test_any_stream_draws_the_same_screen(
    frames: list[list[tuple[str, object]]], mono: bool
) -> None:
    chunks: list[str] = []
    for frame in frames:
        parts: list[str] = []
        for kind, value in frame:
            if kind == "sgr":
                parts.append(f"\x1b[{value}m")
            elif kind == "move":
                assert isinstance(value, tuple)
                parts.append(f"\x1b[{value[0]};{value[1]}H")
            else:
                assert isinstance(value, str)
                parts.append(value)
        chunks.append("".join(parts))
    filtered = _filtered(chunks, strip_colour=mono)
    expected = _screen(chunks)
    got = _screen(filtered)
    if mono:
        # Colours are gone on purpose; every character and attribute stays.
        expected = [[(c[0], "default", "default", *c[3:]) for c in row] for row in expected]
    assert got == expected
    assert sum(map(len, filtered)) <= sum(map(len, chunks))
