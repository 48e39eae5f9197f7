"""The TUI starts, shows every sector and shows dataset text literally."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.widgets import DataTable, TabbedContent

from bijie_tui.app import BijieApp
from bijie_tui.model.loader import load
from bijie_tui.model.query import Catalog


async def test_every_sector_has_a_tab_with_its_indicators(catalog: Catalog) -> None:
    app = BijieApp(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        tabs = app.query_one(TabbedContent)
        assert tabs.active == "tab-employment"
        for sector in catalog.data.sectors:
            table = app.query_one(f"#table-{sector.id}", DataTable)
            assert table.row_count > 0


async def test_markup_in_names_is_shown_literally(
    write_variant: Callable[[Callable[[dict[str, Any]], None]], Path],
) -> None:
    def edit(data: dict[str, Any]) -> None:
        first = next(i for i in data["indicators"] if i["sector"] == "employment")
        first["name"]["en"] = "[bold]Loud[/] \x1b[2J"

    app = BijieApp(Catalog(load(write_variant(edit))))
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.pause()
        table = app.query_one("#table-employment", DataTable)
        cells = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        assert "[bold]Loud[/] \\x1b[2J" in cells
