"""Reading numbers as sources write them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bijie_tui.model.stated import digits_of, parse_stated


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3.835亿元", Decimal("383500000")),
        ("4500多万元", Decimal("45000000")),
        ("43,139", Decimal("43139")),
        ("1.13 million", Decimal("1130000")),
        ("75 million yuan", Decimal("75000000")),
        ("2.043 billion yuan", Decimal("2043000000")),
        ("3612.099萬元", Decimal("36120990")),
        ("1500余个", Decimal("1500")),
        ("50 percent", Decimal("50")),
        ("804m yuan", Decimal("804000000")),
        ("21 m²", Decimal("21")),
        ("三个", Decimal("3")),
        ("十二", Decimal("12")),
    ],
)
def test_parse_stated(text: str, expected: Decimal) -> None:
    assert parse_stated(text) == expected


def test_no_number() -> None:
    assert parse_stated("none here") is None
    assert digits_of("none") is None
    assert digits_of("43,139 people") == "43139"
