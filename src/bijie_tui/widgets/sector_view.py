"""One view for every sector: a table of its indicators and the detail of the highlighted one."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Container
from textual.coordinate import Coordinate
from textual.widgets import DataTable

from ..model.format import Lang, period_text, spark
from ..model.query import Catalog
from .detail import IndicatorDetail
from .text import safe

_HEADERS: dict[Lang, tuple[str, ...]] = {
    "en": ("Indicator", "Latest", "Period", "Scope", "Trend", "Src"),
    "zh": ("指标", "最新值", "时期", "范围", "趋势", "来源"),
}


class SectorView(Container):
    """The indicators of one sector, with a detail pane."""

    def __init__(self, catalog: Catalog, sector: str, lang: Lang, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.catalog = catalog
        self.sector = sector
        self.lang: Lang = lang

    def compose(self) -> ComposeResult:
        yield DataTable(cursor_type="row", zebra_stripes=False, classes="indicators")
        yield IndicatorDetail(self.catalog, self.lang, classes="detail")

    def on_mount(self) -> None:
        catalog, lang = self.catalog, self.lang
        table = self.query_one(DataTable)
        table.add_columns(*_HEADERS[lang])
        for ind in catalog.data.indicators:
            if ind.sector != self.sector:
                continue
            figures = catalog.series.get(ind.id, [])
            if not figures:
                continue
            last = figures[-1]
            sources = {e.source for f in figures for e in f.evidence}
            table.add_row(
                safe(getattr(ind.name, lang)),
                safe(catalog.display_value(last, lang)),
                safe(period_text(last.period, lang)),
                safe(getattr(catalog.regions[ind.region].name, lang)),
                safe(spark([f.value for f in figures])),
                safe(str(len(sources))),
                key=ind.id,
            )
        if table.row_count:
            self._show_row(0)

    def _show_row(self, row: int) -> None:
        table = self.query_one(DataTable)
        key = table.coordinate_to_cell_key(Coordinate(row, 0)).row_key.value
        if key is not None:
            self.query_one(IndicatorDetail).show(key)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value is not None:
            self.query_one(IndicatorDetail).show(event.row_key.value)
