"""The terminal explorer: an overview, one tab per sector, and the sources."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import DataTable, Footer, Header, TabbedContent, TabPane

from .model.format import Lang, period_text
from .model.query import Catalog
from .model.safe import printable
from .widgets.sector_view import SectorView
from .widgets.text import safe

_WORDS: dict[str, dict[Lang, str]] = {
    "overview": {"en": "Overview", "zh": "概览"},
    "sources": {"en": "Sources", "zh": "来源"},
}


class BijieApp(App[None]):
    """Guangzhou–Bijie east–west collaboration explorer."""

    CSS_PATH = "app.tcss"
    TITLE = "bijie-tui"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]  # noqa: RUF012
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit"),
        Binding("l", "toggle_lang", "English/中文"),
        *(Binding(str(n), f"go({n})", f"Tab {n}", show=False) for n in range(1, 10)),
        Binding("j", "cursor('down')", "Down", show=False),
        Binding("k", "cursor('up')", "Up", show=False),
        Binding("g", "cursor('top')", "Top", show=False),
        Binding("G", "cursor('bottom')", "Bottom", show=False),
    ]

    def __init__(self, catalog: Catalog, lang: Lang = "en") -> None:
        super().__init__()
        self.catalog = catalog
        self.lang: Lang = lang

    def tab_ids(self) -> list[str]:
        return ["overview", *(s.id for s in self.catalog.data.sectors), "sources"]

    def compose(self) -> ComposeResult:
        lang = self.lang
        yield Header()
        with TabbedContent(id="tabs"):
            with TabPane(_WORDS["overview"][lang], id="overview"):
                yield DataTable(id="overview-table", cursor_type="row")
            for sector in self.catalog.data.sectors:
                with TabPane(Content(printable(getattr(sector.name, lang))), id=sector.id):
                    yield SectorView(self.catalog, sector.id, lang)
            with TabPane(_WORDS["sources"][lang], id="sources"):
                yield DataTable(id="sources-table", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        self._fill_overview()
        self._fill_sources()

    def _fill_overview(self) -> None:
        catalog, lang = self.catalog, self.lang
        table = self.query_one("#overview-table", DataTable)
        heads = ("Sector", "Headline", "Value", "Period", "Scope")
        if lang == "zh":
            heads = ("领域", "主要指标", "数值", "时期", "范围")
        table.add_columns(*heads)
        for sector in catalog.data.sectors:
            if sector.headline is None or sector.headline not in catalog.series:
                continue
            ind = catalog.indicators[sector.headline]
            last = catalog.series[ind.id][-1]
            table.add_row(
                safe(getattr(sector.name, lang)),
                safe(getattr(ind.name, lang)),
                safe(catalog.display_value(last, lang)),
                safe(period_text(last.period, lang)),
                safe(getattr(catalog.regions[ind.region].name, lang)),
            )
        table.add_row(*(Text("") for _ in heads))
        pair_head = "Guangzhou district → Bijie county" if lang == "en" else "广州区 → 毕节县区"
        table.add_row(Text(pair_head, style="bold"), *(Text("") for _ in heads[1:]))
        for pair in catalog.data.pairings:
            district = getattr(catalog.regions[pair.district].name, lang)
            county = getattr(catalog.regions[pair.county].name, lang)
            table.add_row(
                safe(pair.phase),
                safe(f"{district} → {county}"),
                safe(pair.status),
                safe(pair.since or ""),
                Text(""),
            )

    def _fill_sources(self) -> None:
        catalog = self.catalog
        table = self.query_one("#sources-table", DataTable)
        heads = ("Id", "Kind", "Figures", "Date", "Title")
        if self.lang == "zh":
            heads = ("编号", "类型", "数字数", "日期", "标题")
        table.add_columns(*heads)
        for src in catalog.data.sources:
            table.add_row(
                safe(src.id),
                safe(src.kind),
                safe(str(catalog.citations.get(src.id, 0))),
                safe(src.date or "?"),
                safe(src.title),
                key=src.id,
            )

    def action_go(self, number: int) -> None:
        ids = self.tab_ids()
        if 1 <= number <= len(ids):
            self.query_one(TabbedContent).active = ids[number - 1]
            self._focus_active()

    def _focus_active(self) -> None:
        pane = self.query_one(TabbedContent).active_pane
        if pane is not None:
            tables = pane.query(DataTable)
            if tables:
                tables.first().focus()

    def action_cursor(self, where: str) -> None:
        focused = self.focused
        if not isinstance(focused, DataTable):
            return
        if where == "down":
            focused.action_cursor_down()
        elif where == "up":
            focused.action_cursor_up()
        elif where == "top":
            focused.move_cursor(row=0)
        elif where == "bottom":
            focused.move_cursor(row=focused.row_count - 1)

    async def action_toggle_lang(self) -> None:
        active = self.query_one(TabbedContent).active
        self.lang = "zh" if self.lang == "en" else "en"
        await self.recompose()
        self._fill_overview()
        self._fill_sources()
        self.query_one(TabbedContent).active = active
        self._focus_active()
