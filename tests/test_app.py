"""The explorer: tabs by number, tables, the detail pane, the language switch, literal text."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.widgets import DataTable, Static, TabbedContent

from bijie_tui.app import BijieApp
from bijie_tui.model.loader import load
from bijie_tui.model.query import Catalog
from bijie_tui.widgets.sector_view import SectorView


def _sector_table(app: BijieApp, sector: str) -> DataTable[Any]:
    view = next(v for v in app.query(SectorView) if v.sector == sector)
    return view.query_one(DataTable)


def _detail_text(app: BijieApp, sector: str) -> str:
    view = next(v for v in app.query(SectorView) if v.sector == sector)
    head = view.query_one("#detail-head", Static)
    body = view.query_one("#detail-body", Static)
    return f"{head.content}\n{body.content}"


async def test_number_keys_switch_tabs_and_every_sector_has_indicators(catalog: Catalog) -> None:
    app = BijieApp(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        tabs = app.query_one(TabbedContent)
        assert tabs.active == "overview"
        for number, tab in enumerate(app.tab_ids(), start=1):
            await pilot.press(str(number))
            assert tabs.active == tab
        for sector in catalog.data.sectors:
            assert _sector_table(app, sector.id).row_count > 0


async def test_detail_follows_the_cursor(catalog: Catalog) -> None:
    app = BijieApp(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        table = _sector_table(app, "employment")
        assert app.focused is table
        await pilot.press("j")
        await pilot.pause()
        assert table.cursor_row == 1
        detail = _detail_text(app, "employment")
        assert "43,139 people" in detail
        assert "PR2022" in detail
        assert "毕节" in detail  # the other language's name is shown too
        await pilot.press("G")
        assert table.cursor_row == table.row_count - 1
        await pilot.press("g")
        assert table.cursor_row == 0


async def test_series_in_the_detail(catalog: Catalog) -> None:
    app = BijieApp(catalog)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("4")
        table = _sector_table(app, "industry")
        row = table.get_row_index("tianhe-nayong-funds")
        table.move_cursor(row=row)
        await pilot.pause()
        detail = _detail_text(app, "industry")
        for year, value in (("2016", "10,000,000"), ("2018", "36,120,990"), ("2020", "72,500,000")):
            assert f"{year}: {value} yuan" in detail
        assert "first 10,000,000, last 72,500,000, min 10,000,000, max 72,500,000 (yuan)" in detail


async def test_l_switches_language_everywhere(catalog: Catalog) -> None:
    app = BijieApp(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await pilot.press("l")
        await pilot.pause()
        assert app.lang == "zh"
        assert app.query_one(TabbedContent).active == "employment"
        table = _sector_table(app, "employment")
        cells = [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
        assert "4.31万人" in cells
        await pilot.press("l")
        await pilot.pause()
        assert app.lang == "en"
        cells = [str(_sector_table(app, "employment").get_row_at(i)[1]) for i in range(5)]
        assert "43,139 people" in cells


async def test_markup_in_names_is_shown_literally(
    write_variant: Callable[[Callable[[dict[str, Any]], None]], Path],
) -> None:
    def edit(data: dict[str, Any]) -> None:
        first = next(i for i in data["indicators"] if i["sector"] == "employment")
        first["name"]["en"] = "[bold]Loud[/] \x1b[2J"

    app = BijieApp(Catalog(load(write_variant(edit))))
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.press("2")
        table = _sector_table(app, "employment")
        cells = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        assert "[bold]Loud[/] \\x1b[2J" in cells
        assert "[bold]Loud[/] \\x1b[2J" in _detail_text(app, "employment")
