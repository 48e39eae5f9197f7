"""An indicator's series drawn as horizontal bars, one line per period, from a laid-out chart."""

from __future__ import annotations

from rich.text import Text
from textual.geometry import Size
from textual.widget import Widget

from ..model.chart import ChartLayout, Point, layout, row_lines
from .text import ascii_mode, safe


class SeriesChart(Widget):
    """Bars from zero, the period beside each and its value after it; a gap for missing years.

    The chart is laid out again for each width; a new series repaints the widget, and says
    whether its height changed (the screen is then laid out again by whoever shows it).
    """

    DEFAULT_CSS = """
    SeriesChart {
        height: auto;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.points: list[Point] = []
        self.scale = ""
        self._layout: ChartLayout | None = None

    def chart(self, width: int) -> ChartLayout:
        """The chart laid out for ``width`` cells (kept until the series or width changes)."""
        if self._layout is None or self._layout.width != width:
            self._layout = layout(self.points, width, self.scale)
        return self._layout

    def show(self, points: list[Point], scale: str) -> bool:
        """Show a new series, repainting the widget; whether it must be laid out again (its
        height changes), which is left to the caller."""
        if points == self.points and scale == self.scale:
            return False
        width = self.size.width
        before = self.chart(width).height if width else None
        self.points, self.scale = points, scale
        self._layout = None
        after = self.chart(width).height if width else None
        self.refresh()
        return before is None or before != after

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self.chart(width).height if self.points else 0

    def render(self) -> Text:
        return chart_text(self.chart(self.size.width))


def chart_text(chart: ChartLayout) -> Text:
    """The lines of a laid-out chart, as :class:`SeriesChart` shows them."""
    ascii_only = ascii_mode()
    lines: list[Text] = []
    if chart.scale:
        lines.append(safe(chart.scale, "dim"))
    for above, lead, bar, row in row_lines(chart, ascii_only):
        if above:
            lines.append(safe(above, "bold"))
        line = Text()
        line.append_text(safe(lead, "" if chart.stacked else "bold"))
        if row.kind in ("gap", "break"):
            line.append_text(safe(bar, "dim"))
            line.append_text(safe(f" {row.text}", "dim italic"))
        else:
            line.append(bar)
            line.append_text(safe(f" {row.text}", "italic" if row.derived else ""))
        lines.append(line)
    return Text("\n", no_wrap=True, overflow="ellipsis", end="").join(lines)
