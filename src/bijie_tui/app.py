"""The terminal explorer (a first shell: one tab per sector, a table of its indicators)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Footer, Header, TabbedContent, TabPane

from .model.format import Lang, period_text
from .model.query import Catalog
from .model.safe import printable


def safe(text: str) -> Text:
    """Dataset text for a widget: literal, never markup, never terminal control."""
    return Text(printable(text))


class BijieApp(App[None]):
    """Guangzhou–Bijie east–west collaboration explorer."""

    CSS_PATH = "app.tcss"
    TITLE = "bijie-tui"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self, catalog: Catalog, lang: Lang = "en") -> None:
        super().__init__()
        self.catalog = catalog
        self.lang: Lang = lang

    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent():
            for sector in self.catalog.data.sectors:
                name = getattr(sector.name, self.lang)
                with TabPane(printable(name), id=f"tab-{sector.id}"):
                    yield DataTable(id=f"table-{sector.id}", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        lang = self.lang
        headers = (
            ("Indicator", "Latest", "Period", "Scope")
            if lang == "en"
            else ("指标", "最新值", "时期", "范围")
        )
        for sector in self.catalog.data.sectors:
            table = self.query_one(f"#table-{sector.id}", DataTable)
            table.add_columns(*headers)
            for ind in self.catalog.data.indicators:
                if ind.sector != sector.id:
                    continue
                figures = self.catalog.series.get(ind.id, [])
                if not figures:
                    continue
                last = figures[-1]
                table.add_row(
                    safe(getattr(ind.name, lang)),
                    safe(self.catalog.display_value(last, lang)),
                    safe(period_text(last.period, lang)),
                    safe(getattr(self.catalog.regions[ind.region].name, lang)),
                    key=ind.id,
                )
