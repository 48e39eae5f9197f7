"""A record's detail on a screen of its own; ``escape`` goes back to where it was opened."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header

from ..model.details import detail_of
from ..model.format import Lang
from ..model.query import Catalog
from ..model.safe import printable
from ..model.tables import Target
from ..widgets.detail import DetailPane, LinkList
from ..widgets.text import ascii_mode, plain_str
from ..widgets.too_small import TooSmall


class DetailScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", tooltip="Back to where this was opened"),
        Binding("t", "show_in_table", "In table", tooltip="Show this record in its table"),
        Binding("y", "copy", "Copy", tooltip="Copy this record with its source"),
    ]

    class Copy(Message):
        def __init__(self, target: Target) -> None:
            super().__init__()
            self.target = target

    def __init__(self, catalog: Catalog, target: Target, lang: Lang) -> None:
        super().__init__()
        self.catalog = catalog
        self.target = target
        self.lang: Lang = lang

    def compose(self) -> ComposeResult:
        yield Header(icon="*" if ascii_mode() else "⭘")
        yield DetailPane(classes="full")
        yield TooSmall()
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """Open at the top: the name, the figures and the chart first, the links below."""
        self.relang(self.lang)
        links = self.query_one(LinkList)
        if links.option_count:
            links.highlighted = 0
        pane = self.query_one(DetailPane)
        pane.focus(scroll_visible=False)
        pane.scroll_home(animate=False)

    def relang(self, lang: Lang) -> None:
        self.lang = lang
        detail = detail_of(self.catalog, self.target, lang)
        self.sub_title = plain_str(printable(detail.title))
        self.query_one(DetailPane).show(detail)

    def action_back(self) -> None:
        self.dismiss()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "show_in_table":
            place_of = getattr(self.app, "place_of", None)
            return place_of is not None and place_of(self.target) is not None
        return True

    def action_copy(self) -> None:
        self.post_message(self.Copy(self.target))

    def action_show_in_table(self) -> None:
        self.app.call_later(self.app.run_action, f"jump('{self.target[0]}', '{self.target[1]}')")
