"""Numbers, periods and qualifiers as a reader expects them, in English or Chinese.

Numbers never lose a digit the source gave. A count, sum or mass (a *scalable* unit) of at
least a million (English) or 万 (Chinese) is shown in the largest of million/billion or 万/亿
that it reaches, but only when that takes at most three decimals; otherwise it is written out
in full with thousands separators. Values below that size, and other units, are always in
full.

======================  ======================  ======================
value                   English                 Chinese
======================  ======================  ======================
9,999                   ``9,999``               ``9,999``
43,139                  ``43,139``              ``43,139`` (4.3139万: four decimals)
217,700                 ``217,700``             ``21.77万``
36,120,990              ``36,120,990``          ``3612.099万``
2,020,000,000           ``2.02 billion``        ``20.2亿``
113,880,000,000         ``113.88 billion``      ``1138.8亿``
184,673,490             ``184,673,490``         ``184,673,490``
======================  ======================  ======================

Periods read as dates: ``2018``, ``Jan–Aug 2022``, ``as of Aug 2022``,
``Sep 2016 – Nov 2018``, ``2016–2020`` in English; ``2018年``, ``2022年1–8月``,
``截至2022年8月``, ``2016年9月至2018年11月``, ``2016–2020年`` in Chinese. One wording everywhere
(tables, detail, chart, ``show``, CSV, JSON, SQLite): the dates, ``?`` after them when the
period's label doubts them (the table's years too: ``2020?``), then the label after `` · ``,
never in brackets. The label is English; Chinese names only its kind (dates uncertain, a plan).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .records import Figure, Period, Unit

from .words import LANGS as LANGS
from .words import Lang as Lang
from .words import word


def plain_number(value: float) -> str:
    """A machine-readable number: integers without a decimal point, no separators."""
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return repr(value)


MAX_DECIMALS = 3
"""A scaled number (万, million, ...) may have at most this many decimals, else it is in full."""
_SCALES: dict[Lang, tuple[tuple[int, str], ...]] = {
    "en": ((9, " billion"), (6, " million")),
    "zh": ((8, "亿"), (4, "万")),
}


def exact_decimal(value: float) -> Decimal:
    """The value as it was written: the shortest decimal that reads back as this float."""
    return Decimal(repr(value))


def _decimal_text(value: Decimal, group: bool) -> str:
    text = format(value.normalize(), ",f" if group else "f")
    return text


def _decimals(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def grouped(value: float) -> str:
    """``43,139`` or ``3,612.099``: every digit, with thousands separators."""
    return _decimal_text(exact_decimal(value), group=True)


def number(value: float, unit: Unit, lang: Lang) -> str:
    """The number alone, scaled for reading when the unit allows it and no digit is lost."""
    if unit.scalable:
        exact = exact_decimal(value)
        for power, name in _SCALES[lang]:
            if abs(exact) >= 10**power:
                scaled = exact.scaleb(-power)
                if _decimals(scaled) <= MAX_DECIMALS:
                    return _decimal_text(scaled, group=lang == "en") + name
                break
    return grouped(value)


def with_unit(text: str, unit: Unit, lang: Lang) -> str:
    name = unit.name.zh if lang == "zh" else unit.name.en
    if name in ("%", "‰"):
        return f"{text}{name}"
    if lang == "zh":
        return f"{text}{name}"
    return f"{text} {name}"


QUALIFIER_SIGNS = {
    "more_than": ">",
    "at_least": "≥",
    "about": "≈",
    "nearly": "≲",
    "less_than": "<",
    "up_to": "≤",
}
"""A qualifier in a table's narrow column (the detail says it in words)."""


def figure_value(
    figure: Figure, unit: Unit, lang: Lang, exact: bool = False, signs: bool = False
) -> str:
    """The figure as a reader says it: ``more than 1,700 students``, ``超过1,700名``; with
    ``signs``, the qualifier as a sign: ``>1,700 students``."""
    show = grouped if exact else (lambda v: number(v, unit, lang))
    text = show(figure.value)
    if figure.qualifier == "range" and figure.upper is not None:
        text = f"{text}–{show(figure.upper)}"
    if figure.qualifier in ("exact", "range"):
        qualifier = ""
    elif signs:
        qualifier = QUALIFIER_SIGNS[figure.qualifier]
    else:
        qualifier = word(f"qualifier.{figure.qualifier}", lang)
    return qualifier + with_unit(text, unit, lang)


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_UNKNOWN: dict[Lang, str] = {"en": "undated", "zh": "时间不详"}


def _parts(date: str) -> tuple[str, int | None, int | None]:
    """``"2019-11-09"`` -> ``("2019", 11, 9)``; month and day are None when not given."""
    pieces = date.split("-")
    month = int(pieces[1]) if len(pieces) > 1 else None
    day = int(pieces[2]) if len(pieces) > 2 else None
    return pieces[0], month, day


def date_text(date: str, lang: Lang = "en") -> str:
    """``2018``, ``Nov 2018``, ``9 Nov 2019``; ``2018年``, ``2018年11月``, ``2019年11月9日``."""
    year, month, day = _parts(date)
    if lang == "zh":
        return year + "年" + (f"{month}月" if month else "") + (f"{day}日" if day else "")
    if month is None:
        return year
    return (f"{day} " if day else "") + f"{_MONTHS[month - 1]} {year}"


def _span(start: str, end: str, lang: Lang) -> str:
    """From ``start`` to ``end``, saying the shared year (and month) once."""
    if start == end:
        return date_text(start, lang)
    (y1, m1, d1), (y2, m2, d2) = _parts(start), _parts(end)
    if y1 == y2 and m1 is None and m2 is not None and d2 is None:
        m1 = 1  # a year to a month of it: from January
    if y1 == y2 and m1 is not None and m2 is not None and (d1 is None) == (d2 is None):
        if d1 is not None and d2 is not None:
            if m1 == m2:
                if lang == "zh":
                    return f"{y1}年{m1}月{d1}–{d2}日"
                return f"{d1}–{d2} {_MONTHS[m1 - 1]} {y1}"
            if lang == "zh":
                return f"{y1}年{m1}月{d1}日至{m2}月{d2}日"
            return f"{d1} {_MONTHS[m1 - 1]} – {d2} {_MONTHS[m2 - 1]} {y1}"
        if d1 is None:
            if lang == "zh":
                return f"{y1}年{m1}–{m2}月"
            return f"{_MONTHS[m1 - 1]}–{_MONTHS[m2 - 1]} {y1}"
    if m1 is None and m2 is None:
        return f"{y1}–{y2}年" if lang == "zh" else f"{y1}–{y2}"
    if lang == "zh":
        return f"{date_text(start, lang)}至{date_text(end, lang)}"
    return f"{date_text(start, lang)} – {date_text(end, lang)}"


UNCERTAIN_MARK = "?"
"""After a period whose dates are uncertain (its label says so): ``2020?``, ``2016–2019?``."""
PERIOD_LABEL_SEPARATOR = " · "
"""Between a period's dates and its label: never brackets, so that a period in brackets (as
after a value) never holds brackets of its own."""
_UNCERTAIN = re.compile(r"\bc\. |\bprobably\b|\binferred\b")
"""Words of a label that make its dates uncertain: ``c. 2020``, ``probably end-2019``,
``the end is inferred``."""
_PLANNED = re.compile(r"\b(?:plan|planned|target)\b")
"""Words of a label that make its figure a plan or a target (``Five-Year Plan`` names a period,
not a plan: the words are matched in lower case only)."""


def period_uncertain(period: Period) -> bool:
    """Whether the period has dates and its label says they are uncertain (``c.``,
    ``probably``, ``inferred``)."""
    return bool((period.start or period.end) and period.label and _UNCERTAIN.search(period.label))


def _dates(period: Period, lang: Lang) -> str:
    """The period's dates alone, with :data:`UNCERTAIN_MARK` when its label doubts them."""
    start, end = period.start, period.end
    if start and end:
        core = _span(start, end, lang)
    elif start or end:
        date = date_text(start or end or "", lang)
        if period.kind == "as_of" or (period.kind == "cumulative" and not start):
            prefix = {
                "as_of": {"en": "as of ", "zh": "截至"},
                "cumulative": {"en": "to ", "zh": "至"},
            }[period.kind][lang]
            core = prefix + date if end else date
        else:
            core = date
    else:
        return _UNKNOWN[lang]
    return core + (UNCERTAIN_MARK if period_uncertain(period) else "")


def period_label(period: Period, lang: Lang) -> str:
    """What a period says besides its dates: the dataset's label in English (unless it only
    repeats the dates); in Chinese (the label is English) the kinds of label a reader
    must not miss: ``日期不确定`` (dates uncertain), ``计划目标`` (a plan or target)."""
    label = (period.label or "").strip()
    if not label:
        return ""
    if lang == "en":
        return "" if label.lower() == _dates(period, lang).lower() else label
    kinds = []
    if period_uncertain(period):
        kinds.append(word("period.uncertain", lang))
    if _PLANNED.search(label):
        kinds.append(word("period.planned", lang))
    return "、".join(kinds)


def period_text(period: Period, lang: Lang = "en", with_label: bool = True) -> str:
    """The period as a reader says it, in ``lang``: its dates, then what its label adds after
    :data:`PERIOD_LABEL_SEPARATOR`, never in brackets.

    English: ``2018``, ``Jan–Nov 2018``, ``Sep 2016 – Nov 2018``, ``as of Aug 2022``,
    ``to Sep 2022``, ``undated``; Chinese: ``2018年``, ``2018年1–11月``,
    ``2016年9月至2018年11月``, ``截至2022年8月``, ``至2022年9月``, ``时间不详``. Dates a label
    doubts end in :data:`UNCERTAIN_MARK`, as in the table (:func:`period_years`):
    ``as of Jul 2020? · reported July 2020; probably end-2019``, ``截至2020年7月? · 日期不确定``.
    Without ``with_label``, the dates alone (a chart's or the palette's label).
    """
    core = _dates(period, lang)
    label = period_label(period, lang) if with_label else ""
    return f"{core}{PERIOD_LABEL_SEPARATOR}{label}" if label else core


def period_years(period: Period, lang: Lang = "en") -> str:
    """The years of a period, for a table's narrow column: ``2022``, ``2016–2022``, ``to 2022``
    (``2022年``, ``2016–2022年``, ``至2022年``), with :data:`UNCERTAIN_MARK` where
    :func:`period_text` has it (``2020?``); the whole period is in the detail."""
    start = (period.start or "")[:4]
    end = (period.end or "")[:4]
    if not start and not end:
        return _UNKNOWN[lang]
    suffix = "年" if lang == "zh" else ""
    if start and end and start != end:
        years = f"{start}–{end}{suffix}"
    elif period.kind == "cumulative" and not start:
        years = ("至" if lang == "zh" else "to ") + end + suffix
    else:
        years = (start or end) + suffix
    return years + (UNCERTAIN_MARK if period_uncertain(period) else "")


_BLOCKS = "▁▂▃▄▅▆▇█"
_ASCII_LEVELS = "_.:=oO##"
"""The stand-ins of :data:`_BLOCKS` (see widgets/glyphs.py): the top two share one."""


BREAK_MARK = "¦"
"""In a trend, between two figures of different definitions (ASCII: ``/``)."""


def spark(values: list[float], ascii_only: bool = False, breaks: Collection[int] = ()) -> str:
    """A one-line trend of ``values``, one character per point (empty below two points), with
    :data:`BREAK_MARK` before each index in ``breaks`` (a new definition starts there).

    Heights are measured from zero, not from the smallest value: a dip of a few per cent
    stays a small step, equal values draw flat, and zero is the lowest level. A series with
    negative values is scaled from its lowest value (or zero) to its highest (or zero).
    """
    if len(values) < 2:
        return ""
    levels = _ASCII_LEVELS if ascii_only else _BLOCKS
    low, high = min(min(values), 0.0), max(max(values), 0.0)
    span = high - low
    top = len(levels) - 1
    marks = [levels[0] if span == 0 else levels[round((v - low) / span * top)] for v in values]
    if breaks:
        mark = "/" if ascii_only else BREAK_MARK
        marks = [(mark + m if i in breaks and i else m) for i, m in enumerate(marks)]
    return "".join(marks)


def series_breaks(figures: Sequence[Figure]) -> frozenset[int]:
    """Indices of ``figures`` (a series) before which a new definition starts."""
    return frozenset(i for i, f in enumerate(figures) if i and f.break_before is not None)
