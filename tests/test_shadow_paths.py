"""The shadow's shortcuts send the very bytes of the shadow as first written, cell by cell
(tests/shadow_reference.py): for the explorer's own frames, and for any mix of text, wide
characters, marks, styles, links, moves, erasures, holds and scrolls."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from textual._compositor import CompositorUpdate
from textual.screen import Screen

import shadow_reference
from bijie_tui import shadow
from bijie_tui.app import BijieApp
from bijie_tui.model.query import Catalog
from pilot_helpers import idle

WIDTH, HEIGHT = 40, 12
START = "\x1b[?1049h\x1b[2J"

Op = tuple[Any, ...]


def _run(module: Any, ops: Iterable[Op], strip: bool = False) -> tuple[list[str], Any]:
    """What a shadow of ``module`` sends for each of ``ops``, and the shadow."""
    sh = module.Shadow(strip_colour=strip)
    sent = []
    for op, *args in ops:
        if op == "feed":
            sent.append(sh.feed(args[0]))
        elif op == "size":
            sh.size = args[0]
        elif op == "hold":
            sh.hold()
        elif op == "release":
            sent.append(sh.release())
        elif op == "forget":
            sh.forget()
        elif op == "blank":
            sh.blank()
    return sent, sh


def assert_same(ops: list[Op]) -> None:
    for strip in (False, True):
        expected, reference = _run(shadow_reference, ops, strip)
        sent, ours = _run(shadow, ops, strip)
        assert sent == expected
        assert ours.rows == reference.rows
        assert ours.holding == reference.holding


# -- the explorer's frames ------------------------------------------------------------------------


async def _frames(catalog: Catalog, lang: str, keys: list[str]) -> list[str]:
    app = BijieApp(catalog, lang=lang)  # type: ignore[arg-type]
    written: list[str] = []

    def display(screen: Screen[Any], update: Any) -> None:
        if isinstance(update, CompositorUpdate):
            written.append(update.render_segments(app.console))

    async with app.run_test(size=(80, 24)) as pilot:
        app._display = display  # type: ignore[method-assign,assignment]
        app.screen.refresh()
        await idle(pilot)
        for key in keys:
            await pilot.press(key)
            await idle(pilot)
    return written


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_explorers_frames_are_sent_as_before(catalog: Catalog, lang: str) -> None:
    frames = await _frames(catalog, lang, ["down", "down", "2", "down", "tab", "up", "4", "1"])
    assert len(frames) > 5
    sized: list[Op] = [("size", (80, 24)), ("feed", START)]
    # The first screen on the blank screen, sent at once, held, and held over several frames.
    assert_same([*sized, *(("feed", frame) for frame in frames)])
    assert_same([*sized, ("hold",), ("feed", frames[0]), ("release",)])
    assert_same([*sized, ("hold",), *(("feed", f) for f in frames[:3]), ("release",)])
    # An unknown screen (no size): every cell is sent.
    assert_same([("feed", START), *(("feed", frame) for frame in frames[:3])])


# -- any input ------------------------------------------------------------------------------------

_TEXT = st.lists(
    st.sampled_from(
        [
            "a", "b", " ", "xyz", "毕", "节", "e\u0301", "\u0301", "\u0939\u093f", "\u2764\ufe0f",
            "1\ufe0f\u20e3", "\U0001f469\U0001f3fd\u200d\U0001f4bb", "…", "━", "\x07", "\t",
            "\x7f", "\u200d", "\ufe0f", "a\nb", "\r",
        ]
    ),
    min_size=1,
    max_size=8,
).map("".join)  # fmt: skip
_SGR = st.sampled_from(
    [
        "0", "", "1", "2", "1;2", "4", "7", "22", "24", "27", "39", "49", "31", "42", "38;5;253",
        "48;5;233", "38;2;1;2;3", "1;38;5;214;48;5;17", "4:3", "58;5;1", "73",
    ]
)  # fmt: skip
_NUMBER = st.sampled_from(["", "0", "1", "2", "3", "5", "11", "12", "13", "39", "40", "41"])
_TOKEN = st.one_of(
    _TEXT,
    _TEXT,
    st.builds(lambda r, c: f"\x1b[{r};{c}H", _NUMBER, _NUMBER),
    st.builds(lambda n, f: f"\x1b[{n}{f}", _NUMBER, st.sampled_from(list("ABCDGd"))),
    st.builds(lambda p: f"\x1b[{p}m", _SGR),
    st.builds(  # a run in a style of its own, ended by a reset or not quite
        lambda p, text, end: f"\x1b[{p}m{text}\x1b[{end}m",
        _SGR,
        _TEXT,
        st.sampled_from(["0", "", "00", "0;1", "1", "?0"]),
    ),
    st.sampled_from(["\r", "\n", "\r\n", "\x1bM", "\x1b[?25l", "\x1b[?2026h", "\x1b[?2026l"]),
    st.sampled_from(["\x1b]8;id=1;https://example.org/a\x1b\\", "\x1b]8;;\x1b\\"]),
    st.sampled_from(["\x1b]8;;http://example.org/b\x07", "\x1b]0;title\x07"]),
    st.sampled_from(["\x1b[2J", "\x1b[K", "\x1b[2;5r", "\x1b[?1049h", "\x1b[3X"]),
)
_LINES = st.lists(
    st.lists(st.sampled_from(["ab ", "毕节", "e\u0301f", "  ", "\x1b[7m", "\x1b[0m"]), max_size=6),
    min_size=6,
    max_size=6,
).map(lambda lines: ["".join(parts) for parts in lines])


def _scrolled(lines: list[str], top: int, first: int, count: int) -> str:
    """Rows ``first`` on of ``lines`` from row ``top`` down: a list moved up or down."""
    pool = lines * 3
    return "".join(
        f"\x1b[{top + i};1H\x1b[38;5;253;48;5;233m{pool[first + i]}\x1b[0m{'x' * i}"
        for i in range(count)
    )


_SCROLL = st.builds(
    _scrolled, _LINES, st.integers(1, 3), st.integers(0, 5), st.integers(4, HEIGHT - 1)
)
_OP = st.one_of(
    st.lists(_TOKEN, max_size=20).map(lambda tokens: ("feed", "".join(tokens))),
    _SCROLL.map(lambda frame: ("feed", frame)),
    st.sampled_from([("hold",), ("release",), ("forget",), ("blank",)]),
    st.sampled_from([("size", (WIDTH, HEIGHT)), ("size", None)]),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_OP, max_size=12), st.booleans())
def test_any_input_is_sent_as_before(ops: list[Op], blank: bool) -> None:
    start: list[Op] = [("size", (WIDTH, HEIGHT)), ("feed", START)] if blank else []
    assert_same([*start, *ops])


def test_wide_characters_held_over_a_blank_screen_are_merged_as_before() -> None:
    """A row holding half of a wide character is merged cell by cell, held or shown, after
    the screen is known blank again or forgotten."""
    wide = "\x1b[2;1H毕节毕节\x1b[3;1Hab毕"
    over = "\x1b[2;2Hx\x1b[2;5H\x1b[1my\x1b[3;4Hz\x1b[0m"
    sized: list[Op] = [("size", (WIDTH, HEIGHT)), ("feed", START)]
    for between in ("blank", "forget"):
        assert_same([*sized, ("hold",), ("feed", wide), (between,), ("feed", over), ("release",)])
        assert_same([*sized, ("feed", wide), (between,), ("feed", over)])
        assert_same([*sized, ("feed", wide), ("hold",), (between,), ("feed", over), ("release",)])


def test_rows_near_the_blank_screen_are_sent_as_before() -> None:
    """Rows a cell or two from blank, drawn on the blank screen (where every row is the
    same): whether and how far the rows scroll is decided as before."""
    sized: list[Op] = [("size", (WIDTH, HEIGHT)), ("feed", START)]
    for rows in (range(2, 8), range(1, HEIGHT + 1), range(3, 6)):
        for text in ("x", "xy", "\x1b[1mx\x1b[0m", "xyzw", "毕"):
            frame = "".join(f"\x1b[{row};{row}H{text}" for row in rows)
            assert_same([*sized, ("feed", frame), ("feed", frame[::-1])])
            assert_same([*sized, ("hold",), ("feed", frame), ("release",), ("feed", frame)])
