"""The detail pane: one record's title, fields, series, text, sources and links."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import OptionList, Sparkline, Static
from textual.widgets.option_list import Option

from ..model.details import Detail
from ..model.tables import Target
from .text import safe

_STYLES = {"": "", "bold": "bold", "italic": "italic", "dim": "dim", "link": "underline"}


def _fields(detail: Detail) -> Text:
    text = Text()
    for i, (label, value) in enumerate(detail.fields):
        if i:
            text.append("\n")
        text.append_text(safe(f"{label}: ", "bold"))
        text.append_text(safe(value))
    return text


def _body(detail: Detail) -> Text:
    text = Text()
    for i, line in enumerate(detail.lines):
        if i:
            text.append("\n")
        text.append("  " * line.indent)
        text.append_text(safe(line.text, _STYLES.get(line.style, "")))
    return text


class LinkList(OptionList):
    """Links from a detail to other records; ``enter`` follows one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Follow link", tooltip="Open the record this link names"),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]


class DetailPane(VerticalScroll):
    """Everything known about one record; built from a :class:`Detail`, never from JSON."""

    class Follow(Message):
        """The user chose a link in the pane."""

        def __init__(self, target: Target) -> None:
            super().__init__()
            self.target = target

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.detail: Detail | None = None
        self._targets: list[Target] = []

    def compose(self) -> ComposeResult:
        yield Static(id="detail-title")
        yield Static(id="detail-fields")
        yield Sparkline([], id="detail-spark")
        yield Static(id="detail-caption")
        yield Static(id="detail-body")
        yield LinkList(id="detail-links")

    def show(self, detail: Detail) -> None:
        """Show ``detail``, updating only the parts that differ from what is shown."""
        old = self.detail
        self.detail = detail
        title = safe(detail.title, "bold")
        if detail.subtitle:
            title.append("\n")
            title.append_text(safe(detail.subtitle, "italic"))
        if old is None or (old.title, old.subtitle) != (detail.title, detail.subtitle):
            self.query_one("#detail-title", Static).update(title)
        if old is None or old.fields != detail.fields:
            self.query_one("#detail-fields", Static).update(_fields(detail))
        spark = self.query_one("#detail-spark", Sparkline)
        if old is None or old.series != detail.series:
            spark.data = detail.series
            spark.display = len(detail.series) >= 2
        if old is None or old.series_caption != detail.series_caption:
            caption = self.query_one("#detail-caption", Static)
            caption.update(safe(detail.series_caption))
            caption.display = bool(detail.series_caption)
        if old is None or old.lines != detail.lines:
            self.query_one("#detail-body", Static).update(_body(detail))
        if old is None or old.links != detail.links:
            links = self.query_one("#detail-links", LinkList)
            links.set_options(Option(safe(f"→ {link.label}")) for link in detail.links)
            links.display = bool(detail.links)
            self._targets = [link.target for link in detail.links]
        if old is None or old.target != detail.target:
            self.scroll_home(animate=False)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if 0 <= event.option_index < len(self._targets):
            self.post_message(self.Follow(self._targets[event.option_index]))
