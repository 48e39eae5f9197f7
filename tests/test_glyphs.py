"""The ASCII stand-ins of the app's glyphs: one meaning, one character."""

from __future__ import annotations

from itertools import combinations

from bijie_tui.model.caveats import SCOPE_MARK, WEAK_MARK
from bijie_tui.model.format import QUALIFIER_SIGNS, spark
from bijie_tui.widgets.glyphs import (
    ARROWS,
    ASCII_SIGNS,
    ASCII_STAND_INS,
    SAME_MEANING,
    ascii_str,
)


def _same_meaning(a: str, b: str) -> bool:
    return any(a in group and b in group for group in SAME_MEANING)


def test_no_two_glyphs_of_different_meaning_share_a_stand_in() -> None:
    for (a, ascii_a), (b, ascii_b) in combinations(ASCII_STAND_INS.items(), 2):
        if ascii_a == ascii_b:
            assert _same_meaning(a, b), f"{a} and {b} both read {ascii_a!r} in ASCII"


def test_stand_ins_are_one_printable_ascii_character_and_no_sign_of_the_app() -> None:
    for glyph, ascii in ASCII_STAND_INS.items():
        assert len(ascii) == 1 and ascii.isascii() and ascii.isprintable(), glyph
        if glyph not in ARROWS:
            assert ascii not in ASCII_SIGNS, f"{glyph} would read as the app's own {ascii!r}"
    assert {sign for sign in QUALIFIER_SIGNS.values() if sign.isascii()} <= ASCII_SIGNS


def test_cut_and_about_differ() -> None:
    assert ascii_str("≈5,440 person-times† · Bijie +…") == "~5,440 person-times* | Bijie +$"
    assert ascii_str("…") != ascii_str("≈")


def test_every_qualifier_sign_reads_differently() -> None:
    signs = [ascii_str(s) for s in QUALIFIER_SIGNS.values()]
    assert len(set(signs)) == len(signs)
    assert ascii_str(SCOPE_MARK) == "+" and ascii_str(WEAK_MARK) == "*"


def test_an_ascii_trend_uses_the_stand_ins_of_its_blocks() -> None:
    values = [float(v) for v in range(8)]
    assert spark(values, ascii_only=True) == ascii_str(spark(values))
    assert spark([1.0, 2.0], ascii_only=True, breaks={1}) == ascii_str(
        spark([1.0, 2.0], breaks={1})
    )
