"""Numbers, periods and qualifiers as a reader expects them, in English or Chinese.

English: ``43,139 people``, ``383.5 million yuan``, ``2.02 billion yuan``.
Chinese: ``43,139人`` below 10,000 stays whole; ``4.31万人``, ``3.835亿元``, ``20.2亿元``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from .schema import Figure, Period, Unit

Lang = Literal["en", "zh"]
LANGS: tuple[Lang, ...] = ("en", "zh")

_QUALIFIER_EN = {
    "exact": "",
    "more_than": "more than ",
    "at_least": "at least ",
    "about": "about ",
    "nearly": "nearly ",
    "less_than": "less than ",
    "up_to": "up to ",
    "range": "",
}
_QUALIFIER_ZH = {
    "exact": "",
    "more_than": "超过",
    "at_least": "至少",
    "about": "约",
    "nearly": "近",
    "less_than": "不足",
    "up_to": "最多",
    "range": "",
}
PERIOD_KIND_NAMES: dict[str, dict[Lang, str]] = {
    "annual": {"en": "annual", "zh": "年度"},
    "cumulative": {"en": "cumulative", "zh": "累计"},
    "as_of": {"en": "as of", "zh": "截至"},
    "event": {"en": "event", "zh": "事件"},
}


def plain_number(value: float) -> str:
    """A machine-readable number: integers without a decimal point, no separators."""
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return repr(value)


def _compact(value: float) -> str:
    """Exact when four significant digits or fewer say it, else three significant digits."""
    for digits in range(0, 4):
        if abs(round(value, digits) - value) < 1e-9 * max(1.0, abs(value)):
            text = f"{value:.{digits}f}"
            if len(text.replace("-", "").replace(".", "").lstrip("0")) <= 4:
                return text
    text = f"{value:.3g}"
    return text if "e" not in text else f"{value:.0f}"


def grouped(value: float) -> str:
    """``43,139`` or ``3,612.099``: every digit, with thousands separators."""
    if value.is_integer():
        return f"{int(value):,}"
    text = f"{value:,.6f}".rstrip("0").rstrip(".")
    return text


def number(value: float, unit: Unit, lang: Lang) -> str:
    """The number alone, scaled for reading when the unit allows it."""
    size = abs(value)
    if unit.scalable and lang == "en":
        if size >= 1e9:
            return f"{_compact(value / 1e9)} billion"
        if size >= 1e6:
            return f"{_compact(value / 1e6)} million"
    if unit.scalable and lang == "zh":
        if size >= 1e8:
            return f"{_compact(value / 1e8)}亿"
        if size >= 1e4:
            return f"{_compact(value / 1e4)}万"
    return grouped(value)


def with_unit(text: str, unit: Unit, lang: Lang) -> str:
    name = unit.name.zh if lang == "zh" else unit.name.en
    if name in ("%", "‰"):
        return f"{text}{name}"
    if lang == "zh":
        return f"{text}{name}"
    return f"{text} {name}"


def figure_value(figure: Figure, unit: Unit, lang: Lang, exact: bool = False) -> str:
    """The figure as a reader says it: ``more than 1,700 students``, ``超过1,700名``."""
    show = grouped if exact else (lambda v: number(v, unit, lang))
    text = show(figure.value)
    if figure.qualifier == "range" and figure.upper is not None:
        text = f"{text}–{show(figure.upper)}"
    qualifier = (_QUALIFIER_ZH if lang == "zh" else _QUALIFIER_EN)[figure.qualifier]
    return qualifier + with_unit(text, unit, lang)


def period_text(period: Period, lang: Lang = "en", with_label: bool = True) -> str:
    """``2018``, ``2016-09 to 2018-11``, ``as of 2022-08``, ``2016–2022-03``."""
    start, end = period.start, period.end
    if period.kind in ("annual", "event"):
        core = start or end or "?"
        if end and start and end != start:
            if len(start) == 4 and end.startswith(start):
                core = f"{start} (to {end})" if lang == "en" else f"{start}(至{end})"
            else:
                core = f"{start} to {end}" if lang == "en" else f"{start}至{end}"
    elif period.kind == "as_of":
        if start:
            core = f"{start} to {end}" if lang == "en" else f"{start}至{end}"
        else:
            core = f"as of {end}" if lang == "en" else f"截至{end}"
    else:
        if start:
            core = f"{start} to {end}" if lang == "en" else f"{start}至{end}"
        else:
            core = f"to {end}" if lang == "en" else f"至{end}"
    if period.label and with_label:
        core = f"{core} ({period.label})"
    return core


_BLOCKS = "▁▂▃▄▅▆▇█"
_ASCII_LEVELS = "_.-=+*#"


def spark(values: list[float], ascii_only: bool = False) -> str:
    """A one-line trend of ``values``, one character per point (empty below two points).

    Heights are measured from zero, not from the smallest value: a dip of a few per cent
    stays a small step, equal values draw flat, and zero is the lowest level. A series with
    negative values is scaled from its lowest value (or zero) to its highest (or zero).
    """
    if len(values) < 2:
        return ""
    levels = _ASCII_LEVELS if ascii_only else _BLOCKS
    low, high = min(min(values), 0.0), max(max(values), 0.0)
    span = high - low
    if span == 0:
        return levels[0] * len(values)
    top = len(levels) - 1
    return "".join(levels[round((v - low) / span * top)] for v in values)
