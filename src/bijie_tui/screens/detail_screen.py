"""A record's detail on a screen of its own; ``escape`` goes back to where it was opened."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import ActiveBinding, BindingType

from ..messages import CopyRecord, JumpTo
from ..model.details import detail_of
from ..model.format import Lang
from ..model.query import Catalog
from ..model.safe import printable
from ..model.tabs import place_of
from ..model.targets import Target
from ..textual_private import MappedScreen
from ..widgets.detail import DetailPane, LinkList
from ..widgets.footer import KeysFooter
from ..widgets.header import DrawnHeader
from ..widgets.keys import bindings, translated
from ..widgets.lang import Speaks
from ..widgets.text import ascii_mode, plain_str
from ..widgets.too_small import TooSmall


class DetailScreen(Speaks, MappedScreen):
    BINDINGS: ClassVar[list[BindingType]] = bindings("detail")

    def __init__(self, catalog: Catalog, target: Target) -> None:
        super().__init__()
        self.catalog = catalog
        self.target = target

    def compose(self) -> ComposeResult:
        yield DrawnHeader(icon="*" if ascii_mode() else "⭘")
        yield DetailPane(classes="full")
        yield TooSmall()
        yield KeysFooter(compact=True)

    def on_mount(self) -> None:
        """Open at the top: the name, the figures and the chart first, the links below."""
        self.follow_lang(now=True)  # the detail, in the language shown
        links = self.query_one(LinkList)
        if links.option_count:
            links.highlighted = 0
        pane = self.query_one(DetailPane)
        pane.focus(scroll_visible=False)
        pane.scroll_home(animate=False)

    def show_lang(self, lang: Lang) -> None:
        detail = detail_of(self.catalog, self.target, lang)
        self.sub_title = plain_str(printable(detail.title))
        self.query_one(DetailPane).show(detail)
        self.refresh_bindings()

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return translated(super().active_bindings, self.lang)

    def action_back(self) -> None:
        self.dismiss()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "show_in_table":
            return place_of(self.catalog, self.target) is not None
        return True

    def action_copy(self) -> None:
        self.post_message(CopyRecord(self.target))

    def action_show_in_table(self) -> None:
        self.post_message(JumpTo(self.target))
