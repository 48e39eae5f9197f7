"""Read a number the way a source writes it: "3.835亿元", "4500多万元", "43,139", "1.13 million".

Used to check that a figure's value in base units equals what its source states.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_MULTIPLIERS: dict[str, int] = {
    "十万": 10**5,
    "百万": 10**6,
    "千万": 10**7,
    "十亿": 10**9,
    "百亿": 10**10,
    "千亿": 10**11,
    "万": 10**4,
    "萬": 10**4,
    "亿": 10**8,
    "億": 10**8,
    "million": 10**6,
    "m": 10**6,
    "billion": 10**9,
    "bn": 10**9,
    "thousand": 10**3,
}
_CN_DIGITS = {
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "兩": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}

_ARABIC = re.compile(
    r"(?P<num>\d{1,3}(?:[,\u00a0\u2009 ]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(?:多|余|餘|\+)?\s*"
    r"(?P<mult>[十百千]?(?:万|亿)|萬|億|million|billion|thousand|bn|m(?![a-z²]))?",
    re.IGNORECASE,
)
SEPARATORS = re.compile("[,\u00a0\u2009 ]")
_CHINESE = re.compile(r"[零一二两兩三四五六七八九十百千]+")


def _chinese_numeral(text: str) -> int | None:
    total, current = 0, 0
    for char in text:
        if char in _CN_DIGITS:
            current = _CN_DIGITS[char]
        elif char in "十百千":
            scale = {"十": 10, "百": 100, "千": 1000}[char]
            total += (current or 1) * scale
            current = 0
        else:
            return None
    return total + current


def stated_number(text: str) -> tuple[Decimal | None, str | None]:
    """:func:`parse_stated` and :func:`digits_of` at once (one search of ``text``)."""
    match = _ARABIC.search(text)
    if match:
        num = match.group("num")
        digits = num if num.isdecimal() else SEPARATORS.sub("", num)
        number = Decimal(digits)
        mult = match.group("mult")
        if mult:
            number *= _MULTIPLIERS[mult.lower()]
        return number, digits
    cn = _CHINESE.search(text)
    if cn:
        value = _chinese_numeral(cn.group())
        return (None if value is None else Decimal(value)), cn.group()
    return None, None


def parse_stated(text: str) -> Decimal | None:
    """The first number in ``text`` with its multiplier applied, or None if there is none."""
    match = _ARABIC.search(text)
    if match:
        try:
            number = Decimal(SEPARATORS.sub("", match.group("num")))
        except InvalidOperation:  # pragma: no cover - the pattern only admits digits
            return None
        mult = match.group("mult")
        if mult:
            number *= _MULTIPLIERS[mult.lower()]
        return number
    cn = _CHINESE.search(text)
    if cn:
        value = _chinese_numeral(cn.group())
        return None if value is None else Decimal(value)
    return None


def digits_of(text: str) -> str | None:
    """The digits of the first number in ``text`` as written, without thousands separators."""
    match = _ARABIC.search(text)
    if match:
        return SEPARATORS.sub("", match.group("num"))
    cn = _CHINESE.search(text)
    return cn.group() if cn else None
