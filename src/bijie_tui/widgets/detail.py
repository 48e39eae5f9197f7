"""The detail pane: one record's title, fields, series, text, sources and links."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import OptionList, Sparkline, Static
from textual.widgets.option_list import Option

from ..messages import OpenRecord
from ..model.details import Detail
from ..model.format import spark as spark_text
from ..model.targets import Target
from .text import ascii_mode, safe

_LINE_MAX = 4000
"""Longest text shown for one line of a detail (the rest is in the dataset and in exports)."""
_STYLES = {"": "", "bold": "bold", "italic": "italic", "dim": "dim", "link": "underline"}


def _short(text: str) -> str:
    return text if len(text) <= _LINE_MAX else text[:_LINE_MAX] + "…"


def _body(detail: Detail) -> Text:
    text = Text()
    for i, line in enumerate(detail.lines):
        if i:
            text.append("\n")
        text.append("  " * line.indent)
        text.append_text(safe(_short(line.text), _STYLES.get(line.style, "")))
    return text


class LinkList(OptionList):
    """Links from a detail to other records; ``enter`` follows one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Follow link", id="follow"),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]


FIELD_LINES = 5
"""One-line fields at the top of the pane: a cursor step rewrites only the lines that change."""


class DetailPane(Vertical):
    """Everything known about one record; built from a :class:`Detail`, never from JSON.

    The top of the pane is made of one-line widgets of fixed height, so that moving from one
    record to the next repaints only the lines whose text differs; the rest (values, sources)
    follows below.
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.detail: Detail | None = None
        self._targets: list[Target] = []
        self._lines: dict[str, Text] = {}

    def compose(self) -> ComposeResult:
        with Vertical(classes="head"):
            yield Static(id="detail-title", classes="line")
            yield Static(id="detail-subtitle", classes="line")
            for i in range(FIELD_LINES):
                yield Static(id=f"detail-field-{i}", classes="line field")
            yield Static(id="detail-caption", classes="line")
            if ascii_mode():
                yield Static(id="detail-spark", classes="line")
            else:
                yield Sparkline([], id="detail-spark")
        with VerticalScroll(classes="rest"):
            yield Static(id="detail-body")
            yield LinkList(id="detail-links")

    def _set_line(self, name: str, text: Text) -> None:
        if self._lines.get(name) != text:
            self._lines[name] = text
            self.query_one(f"#{name}", Static).update(text, layout=False)

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
                line.append_text(safe(_short(value)))
            self._set_line(f"detail-field-{i}", line)
        self._set_line("detail-caption", safe(detail.series_caption))
        if old is None or old.series != detail.series:
            spark = self.query_one("#detail-spark")
            if isinstance(spark, Sparkline):
                spark.data = detail.series
                spark.visible = len(detail.series) >= 2
            elif isinstance(spark, Static):
                spark.update(Text(spark_text(detail.series, ascii_only=True)), layout=False)
        if old is None or old.lines != detail.lines or (old.fields[FIELD_LINES:] != extra):
            body = _body(detail)
            if extra:
                head = Text()
                for label, value in extra:
                    head.append_text(safe(f"{label}: ", "bold"))
                    head.append_text(safe(value))
                    head.append("\n")
                body = head + body
            self.query_one("#detail-body", Static).update(body)
        if old is None or old.links != detail.links:
            links = self.query_one("#detail-links", LinkList)
            links.set_options(Option(safe(f"→ {_short(link.label)}")) for link in detail.links)
            links.display = bool(detail.links)
            self._targets = [link.target for link in detail.links]
        rest = self.query_one(".rest", VerticalScroll)
        if old is not None and old.target != detail.target and rest.scroll_y:
            rest.scroll_home(animate=False)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if 0 <= event.option_index < len(self._targets):
            self.post_message(OpenRecord(self._targets[event.option_index]))
