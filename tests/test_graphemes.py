"""Text is cut between the characters a reader sees, never inside one: an emoji sequence, a
flag, a letter with its accent stay whole, in the tables' cells, their names and the tabs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len
from rich.text import Text

from bijie_tui.app import BijieApp
from bijie_tui.model.graphemes import clusters, first, head
from bijie_tui.model.loader import load
from bijie_tui.model.names import cut_end, distinct_cuts
from bijie_tui.model.query import Catalog
from bijie_tui.widgets.text import cut
from pilot_helpers import idle

CODER = "\U0001f469\u200d\U0001f4bb"  # woman technologist: woman, joiner, laptop
FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
HEART = "\u2764\ufe0f"  # a heart, made an emoji by a variation selector
THUMB = "\U0001f44d\U0001f3fd"  # thumbs up, medium skin tone
FLAG = "\U0001f1e8\U0001f1f3"  # two regional indicators: the flag of China
ACCENT = "e\u0301"  # e and a combining acute accent
KEYCAP = "1\ufe0f\u20e3"
SCOTLAND = "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"


@pytest.mark.parametrize(
    ("text", "seen"),
    [
        ("ab", ["a", "b"]),
        ("毕节", ["毕", "节"]),
        (f"{CODER}{CODER}x", [CODER, CODER, "x"]),
        (f"{FAMILY}!", [FAMILY, "!"]),
        (f"{HEART}{THUMB}", [HEART, THUMB]),
        (f"{FLAG}{FLAG}{FLAG[0]}", [FLAG, FLAG, FLAG[0]]),  # in pairs, an odd one alone
        (f"caf{ACCENT}s", ["c", "a", "f", ACCENT, "s"]),
        (f"{KEYCAP}{SCOTLAND}", [KEYCAP, SCOTLAND]),
        ("\u200da", ["\u200da"]),  # a joiner at the start joins what follows
        (f"a{CODER[0]}\u200d", ["a", f"{CODER[0]}\u200d"]),  # one at the end stays on its left
    ],
)
def test_text_is_split_into_the_characters_a_reader_sees(text: str, seen: list[str]) -> None:
    assert clusters(text) == seen
    assert "".join(clusters(text)) == text


def test_cut_at_width_4_keeps_an_emoji_sequence_whole() -> None:
    """The case of the issue: it gave ``👩\\u200d…``, a joiner left dangling."""
    assert cut(Text(f"{CODER}{CODER}x"), 4).plain == f"{CODER}…"
    assert cut(Text(f"{CODER}{CODER}x"), 5).plain == f"{CODER}{CODER}x"


@pytest.mark.parametrize(
    ("text", "width", "shown"),
    [
        ("中中中", 4, "中…"),  # a wide character never split into a gap
        ("ab中中", 4, "ab…"),
        (f"{FLAG}{FLAG}{FLAG}", 5, f"{FLAG}{FLAG}…"),
        (f"{FLAG}{FLAG}{FLAG}", 4, f"{FLAG}…"),  # never one regional indicator of a pair
        (f"{FAMILY}{FAMILY}", 3, f"{FAMILY}…"),
        (f"{HEART}{HEART}{HEART}", 4, f"{HEART}…"),
        (f"{THUMB}{THUMB}x", 4, f"{THUMB}…"),
        (f"caf{ACCENT}{ACCENT}{ACCENT}", 5, f"caf{ACCENT}…"),
        ("abcdef", 4, "abc…"),
        ("abcdef", 1, "…"),
    ],
)
def test_every_cut_ends_between_two_characters(text: str, width: int, shown: str) -> None:
    out = cut(Text(text, style="bold"), width)
    assert out.plain == shown
    assert out.cell_len <= width
    assert out.style == "bold"
    assert cut_end(text, width, cell_len) == shown
    assert head(text, width - 1, cell_len) == shown.removesuffix("…")


def test_names_cut_in_the_middle_keep_their_ends_whole() -> None:
    texts = [f"Team {CODER} of Bijie {FAMILY}{FAMILY} one", f"Team {CODER} of Bijie {FLAG} two"]
    for shown in distinct_cuts(texts, 14, cell_len):
        assert cell_len(shown) <= 14
        for part in shown.split("…"):
            assert not part.startswith(("\u200d", "\U0001f1e8\U0001f1e8"))
            assert not part.endswith("\u200d")
            assert "".join(clusters(part)) == part


@pytest.mark.parametrize(
    ("text", "count", "kept"),
    [
        ("abc", 5, "abc"),
        ("abcdef", 3, "abc"),
        (f"ab{CODER}", 3, "ab"),  # the sequence would be cut after the woman
        (f"ab{CODER}", 4, "ab"),  # ... or after the joiner
        (f"ab{CODER}", 5, f"ab{CODER}"),
        (f"ab{ACCENT}c", 3, "ab"),
    ],
)
def test_a_cut_by_length_ends_between_two_characters(text: str, count: int, kept: str) -> None:
    assert first(text, count) == kept


@pytest.mark.parametrize(("width", "whole"), [(80, 12), (81, 13), (120, 9)])
async def test_a_table_cell_cut_on_screen_keeps_the_emoji_whole(
    write_variant: Callable[[Callable[[dict[str, Any]], None]], Path], width: int, whole: int
) -> None:
    """What the reader sees in the Indicator column: the name cut after the last whole
    technologist that fits (each two cells wide), never after a joiner."""

    def edit(data: dict[str, Any]) -> None:
        indicator = next(i for i in data["indicators"] if i["sector"] == "employment")
        indicator["name"]["en"] = CODER * 40

    app = BijieApp(Catalog(load(write_variant(edit))))
    async with app.run_test(size=(width, 24)) as pilot:
        await pilot.press("2")
        await idle(pilot)
        lines = [strip.text for strip in app.screen._compositor.render_strips()]
    row = next(line for line in lines if CODER[0] in line)
    assert row.startswith(f"┃ {CODER * whole}… "), repr(row)
