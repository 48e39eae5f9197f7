"""The detail pane: one record's title, fields, series, text, sources and links."""

from __future__ import annotations

from typing import ClassVar

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..messages import OpenRecord
from ..model.details import Detail
from ..model.targets import Target
from .series_chart import SeriesChart
from .text import ascii_mode, linked, safe

_LINE_MAX = 4000
"""Longest text shown for one line of a detail (the rest is in the dataset and in exports)."""
_STYLES = {"": "", "bold": "bold", "italic": "italic", "dim": "dim", "link": "underline"}


def _short(text: str) -> str:
    return text if len(text) <= _LINE_MAX else text[:_LINE_MAX] + "…"


def _body(detail: Detail, head: list[Text]) -> Group:
    """The text below the chart: each line wrapped under its own indent (a long quote keeps
    its place in the outline instead of running back to the margin)."""
    parts: list[RenderableType] = list(head)
    for line in detail.lines:
        text = safe(_short(line.text), _STYLES.get(line.style, ""))
        if line.style == "link":
            text = linked(text, line.text)
        parts.append(Padding(text, (0, 0, 0, 2 * line.indent)) if line.indent else text)
    return Group(*parts)


class LinkList(OptionList):
    """Links from a detail to other records; ``enter`` follows one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Follow link", id="follow"),
        Binding("j", "cursor_down", "Down", show=False, id="links_down"),
        Binding("k", "cursor_up", "Up", show=False, id="links_up"),
    ]


FIELD_LINES = 6
"""Fields at the top of the pane, each a widget of its own: a cursor step rewrites only the
fields whose text changes (more fields than these go to the text below)."""


class DetailPane(VerticalScroll):
    """Everything known about one record; built from a :class:`Detail`, never from JSON.

    The whole pane scrolls as one: ``tab`` from the table moves into it, the arrows scroll it,
    ``enter`` (or ``tab`` again) goes to its links, ``escape`` goes back to the table.

    The top of the pane is made of small widgets, one for the title and one per field, so
    that moving from one record to the next repaints only the lines whose text differs; a
    field longer than the pane's width wraps (then, and when lines are shown or hidden, the
    pane is laid out again). The chart, the text and the links follow below.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "links", "Links", id="links"),
        Binding("escape", "leave", "Table", id="leave"),
        Binding("j", "scroll_down", "Down", show=False, id="scroll_down"),
        Binding("k", "scroll_up", "Up", show=False, id="scroll_up"),
    ]

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.detail: Detail | None = None
        self._targets: list[Target] = []
        self._lines: dict[str, Text] = {}

    def compose(self) -> ComposeResult:
        yield Static(id="detail-title", classes="line")
        yield Static(id="detail-subtitle", classes="line")
        for i in range(FIELD_LINES):
            yield Static(id=f"detail-field-{i}", classes="line field")
        yield SeriesChart(id="detail-chart")
        yield Static(id="detail-body")
        yield LinkList(id="detail-links")

    def _set_line(self, name: str, text: Text) -> None:
        """Show ``text`` on line ``name`` (hidden when empty), laying out the pane only when
        the line appears, disappears or wraps (or did)."""
        old = self._lines.get(name)
        if old == text:
            return
        self._lines[name] = text
        line = self.query_one(f"#{name}", Static)
        width = line.size.width
        shown = bool(text.plain)
        fits = 0 < width and text.cell_len <= width and (old is None or old.cell_len <= width)
        if line.display != shown:
            line.display = shown
            fits = False
        line.update(text, layout=not fits)

    def show(self, detail: Detail) -> None:
        """Show ``detail``, updating only the parts that differ from what is shown."""
        old = self.detail
        self.detail = detail
        self._set_line("detail-title", safe(_short(detail.title), "bold"))
        subtitle = detail.subtitle
        if ascii_mode() and not subtitle.isascii():
            # No CJK fonts to be assumed: the other language's name only when it was chosen.
            subtitle = ""
        self._set_line("detail-subtitle", safe(_short(subtitle), "italic"))
        fields = detail.fields[:FIELD_LINES]
        extra = detail.fields[FIELD_LINES:]
        for i in range(FIELD_LINES):
            line = Text()
            if i < len(fields):
                label, value = fields[i]
                line.append_text(safe(f"{label}: ", "bold"))
                line.append_text(linked(safe(_short(value)), value))
            self._set_line(f"detail-field-{i}", line)
        chart = self.query_one("#detail-chart", SeriesChart)
        chart.show(detail.chart, detail.chart_scale)
        if chart.display != bool(detail.chart):
            chart.display = bool(detail.chart)
        if old is None or old.lines != detail.lines or (old.fields[FIELD_LINES:] != extra):
            head = [
                safe(f"{label}: ", "bold") + linked(safe(_short(value)), value)
                for label, value in extra
            ]
            self.query_one("#detail-body", Static).update(_body(detail, head))
        if old is None or old.links != detail.links:
            links = self.query_one("#detail-links", LinkList)
            links.set_options(Option(safe(f"→ {_short(link.label)}")) for link in detail.links)
            links.display = bool(detail.links)
            self._targets = [link.target for link in detail.links]
        if old is not None and old.target != detail.target and self.scroll_y:
            self.scroll_home(animate=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "leave":
            # On a screen of its own, escape is the screen's: back to where it was opened.
            return not self.has_class("full")
        if action == "links":
            return bool(self._targets)
        return True

    def action_links(self) -> None:
        links = self.query_one("#detail-links", LinkList)
        if links.highlighted is None and links.option_count:
            links.highlighted = 0
        links.focus()

    def action_leave(self) -> None:
        """Focus what comes before the pane (the table it belongs to)."""
        chain = self.screen.focus_chain
        before = chain[: chain.index(self)] if self in chain else []
        if before:
            before[-1].focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if 0 <= event.option_index < len(self._targets):
            self.post_message(OpenRecord(self._targets[event.option_index]))
