"""An indicator's series as a chart, laid out as plain data: one horizontal bar per period.

:func:`series_points` turns figures into points (the period, the value, the value as the
detail's "Latest" says it), with a gap for each run of missing years in an annual series;
:func:`layout` fits them to a width: the label column, each bar's length in eighths of a cell
measured from zero, and the scale. Nothing here draws; a widget turns a :class:`ChartLayout`
into lines, and :func:`bar_text` gives the glyphs of one bar.

The chart never invents a figure: a missing year is a gap with no bar, never a value between
its neighbours, and a single figure is one point, not a trend.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from .format import Lang, number, period_text, with_unit
from .words import word

if TYPE_CHECKING:
    from .query import Catalog
    from .records import Figure

EIGHTHS = "▏▎▍▌▋▊▉█"
"""A bar's last cell, by how many eighths of it are filled (1 to 8)."""
AXIS = "│"
ASCII_AXIS = "|"
GAP_AXIS = "┊"
BREAK_LINE = "┄"
ASCII_BREAK_LINE = "-"
"""Across the bars where a new definition starts: the bars either side are not comparable."""
ASCII_GAP_AXIS = ":"
"""The axis beside a period with no figure: broken, so that the gap shows."""
ASCII_FULL = "#"
ASCII_SLIVER = "."
"""ASCII for a bar shorter than half a cell (a value above zero never draws as nothing)."""

LABEL_SHARE = 3
"""The label column takes at most a third of the width; longer labels go on a line of their own."""
MIN_BAR = 8
"""Fewer cells than this for the bars, and labels go on a line of their own."""


def cell_len(text: str) -> int:
    """Terminal cells ``text`` takes: two for wide (Chinese) characters, one for the rest."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


@dataclass(frozen=True)
class Point:
    """One period of a series; ``value`` is ``None`` for periods with no figure (a gap)."""

    label: str
    value: float | None
    text: str
    derived: bool = False
    brk: bool = False
    """A break, not a period: a new definition starts with the next point."""


def _year(fig: Figure) -> int | None:
    start = fig.period.start
    if fig.period.kind != "annual" or start is None or len(start) < 4 or not start[:4].isdigit():
        return None
    return int(start[:4])


def series_points(catalog: Catalog, figures: list[Figure], lang: Lang) -> list[Point]:
    """One point per figure in order, and one gap for each run of years missing between
    figures of an annual series (other periods have no regular step, so no gaps are inferred)."""
    points: list[Point] = []
    if len(figures) == 1:
        fig = figures[0]
        text = catalog.display_value(fig, lang)
        for other in catalog.disagreeing.get(fig.id, ()):
            text += f" ≠ {catalog.display_value(other, lang)}"
        text += f" ({word('chart.one_point', lang)})"
        label = period_text(fig.period, lang, with_label=False)
        return [Point(label, fig.value, text, fig.status == "derived")]
    years = [_year(f) for f in figures]
    annual = all(y is not None for y in years)
    beside = catalog.disagreeing
    for i, fig in enumerate(figures):
        year = years[i]
        before = years[i - 1] if i else None
        if annual and year is not None and before is not None and year - before > 1:
            first, last = before + 1, year - 1
            label = str(first) if first == last else f"{first}–{last}"
            points.append(
                Point(label, None, word("chart.gap" if first == last else "chart.gaps", lang))
            )
        if i and fig.break_before is not None:  # right above the first figure after it
            points.append(Point("", None, word("chart.break", lang), brk=True))
        text = catalog.display_value(fig, lang)
        for other in beside.get(fig.id, ()):
            text += f" ≠ {catalog.display_value(other, lang)}"
        points.append(
            Point(
                period_text(fig.period, lang, with_label=False),
                fig.value,
                text,
                fig.status == "derived",
            )
        )
    return points


def scale_text(catalog: Catalog, figures: list[Figure], lang: Lang) -> str:
    """What the longest bar stands for, in the unit "Latest" uses: ``bars from 0 to 72.5
    million yuan``."""
    if not figures:
        return ""
    unit = catalog.units[catalog.indicators[figures[0].indicator].unit]
    values = [f.value for f in figures]

    def say(value: float) -> str:
        return with_unit(number(value, unit, lang), unit, lang)

    low, high = min(values), max(values)
    if low < 0:
        return word("chart.scale_signed", lang).format(low=say(low), high=say(max(high, 0.0)))
    return word("chart.scale", lang).format(high=say(high))


RowKind = Literal["bar", "gap", "point", "break"]


@dataclass(frozen=True)
class Row:
    """One period as drawn: its label, its bar (in eighths of a cell, from the zero axis:
    to the right for values above zero, to the left below) and its value."""

    label: str
    text: str
    kind: RowKind
    eighths: int = 0
    negative: bool = False
    derived: bool = False


@dataclass(frozen=True)
class ChartLayout:
    """Rows fitted to ``width`` cells.

    A row is ``label`` padded to ``label_width``, a space, ``left`` cells for bars below zero,
    the axis, up to ``right`` cells for bars above zero, a space and the value. With
    ``stacked``, each label has a line of its own and the bar line below it starts with
    ``indent`` spaces.
    """

    rows: list[Row]
    width: int
    label_width: int
    left: int
    right: int
    stacked: bool
    indent: int
    scale: str

    @property
    def height(self) -> int:
        """Lines the chart takes: the scale, then one line per row (two when stacked)."""
        per_row = 2 if self.stacked else 1
        return (1 if self.scale else 0) + per_row * len(self.rows)


def layout(points: list[Point], width: int, scale: str = "") -> ChartLayout:
    """Fit ``points`` to ``width`` cells, bars measured from zero.

    A single figure is one ``point`` row without a bar (one figure says nothing of a trend).
    """
    width = max(width, 1)
    values = [p.value for p in points if p.value is not None]
    label_width = max((cell_len(p.label) for p in points), default=0)
    text_width = max((cell_len(p.text) for p in points), default=0)
    rows: list[Row]
    if len(values) < 2:
        rows = [
            Row(p.label, p.text, "break" if p.brk else "gap")
            if p.value is None
            else Row(p.label, p.text, "point", derived=p.derived)
            for p in points
        ]
        return ChartLayout(rows, width, label_width, 0, 0, False, 0, "")
    stacked = label_width > width // LABEL_SHARE
    lead = 2 if stacked else label_width + 1
    bars = max(width - lead - 1 - 1 - text_width, 1)
    if not stacked and bars < MIN_BAR:
        stacked, lead = True, 2
        bars = max(width - lead - 1 - 1 - text_width, 1)
    low, high = min(min(values), 0.0), max(max(values), 0.0)
    span = high - low
    left = round(bars * -low / span) if span else 0
    right = bars - left
    rows = []
    for p in points:
        if p.value is None:
            rows.append(Row(p.label, p.text, "break" if p.brk else "gap"))
            continue
        if p.value < 0:
            cells = left * p.value / low
        else:
            cells = right * p.value / high if high else 0.0
        eighths = round(cells * 8)
        if p.value != 0 and eighths == 0:
            eighths = 1
        rows.append(Row(p.label, p.text, "bar", eighths, p.value < 0, p.derived))
    return ChartLayout(
        rows, width, 0 if stacked else label_width, left, right, stacked, lead, scale
    )


def bar_text(eighths: int, ascii_only: bool = False) -> str:
    """The glyphs of a bar ``eighths`` eighths of a cell long (whole cells in ASCII, where a
    bar above zero but under half a cell is a dot)."""
    if eighths <= 0:
        return ""
    if ascii_only:
        cells = round(eighths / 8)
        return ASCII_FULL * cells if cells else ASCII_SLIVER
    whole, part = divmod(eighths, 8)
    return "█" * whole + (EIGHTHS[part - 1] if part else "")


def negative_bar_text(eighths: int, ascii_only: bool = False) -> str:
    """A bar below zero, drawn leftwards from the axis in whole cells (at least one)."""
    if eighths <= 0:
        return ""
    cells = max(round(eighths / 8), 1)
    return (ASCII_FULL if ascii_only else "█") * cells


def row_lines(chart: ChartLayout, ascii_only: bool = False) -> list[tuple[str, str, str, Row]]:
    """Each row as ``(label line or "", bar line's lead, bar, row)``: the parts a widget styles.

    The lead holds the label (or the indent); the bar holds the cells left of zero, the axis
    (broken beside a gap) and the bar up to the value. A row's value follows after a space.
    """
    axis = ASCII_AXIS if ascii_only else AXIS
    out: list[tuple[str, str, str, Row]] = []
    for row in chart.rows:
        label = row.label
        pad = " " * max(chart.label_width - cell_len(label), 0)
        lead = " " * chart.indent if chart.stacked else f"{label}{pad} "
        above = label if chart.stacked else ""
        if row.kind == "gap":
            gap = (ASCII_GAP_AXIS if ascii_only else GAP_AXIS) if chart.right else ""
            out.append((above, lead, " " * chart.left + gap, row))
            continue
        if row.kind == "point":
            out.append((above, lead, "", row))
            continue
        if row.kind == "break":
            line = ASCII_BREAK_LINE if ascii_only else BREAK_LINE
            out.append(("", lead, line * (chart.left + 1 + chart.right), row))
            continue
        if row.negative:
            neg = negative_bar_text(row.eighths, ascii_only)
            left = " " * max(chart.left - len(neg), 0) + neg
            bar = left + axis
        else:
            bar = " " * chart.left + axis + bar_text(row.eighths, ascii_only)
        out.append((above, lead, bar, row))
    return out
