"""Save SVG screenshots of the explorer at 100×32: every tab, a detail, Chinese, the keys.

Run: make screenshots. The files are written next to this script with stable names, so a
change of the layout shows as a diff of the SVGs.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import TabbedContent

from bijie_tui.app import BijieApp
from bijie_tui.model.format import Lang
from bijie_tui.model.loader import load
from bijie_tui.model.query import Catalog
from bijie_tui.widgets.record_table import RecordTable

SIZE = (100, 32)
OUT = Path(__file__).resolve().parent


async def _to_row(pilot: Pilot[None], key: str) -> None:
    tab = pilot.app.screen.query_one(TabbedContent).active
    table = pilot.app.screen.query_one(f"#{tab}-indicators", RecordTable)
    while not any(row.key == key for row in table.shown):  # filled once it is first shown
        await pilot.pause(0.05)
    table.move_cursor(row=table.get_row_index(key))
    await pilot.pause()


async def _shoot(catalog: Catalog, filename: str, keys: list[str], lang: Lang = "en") -> Path:
    app = BijieApp(catalog, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        for key in keys:
            if key.startswith("row:"):  # the cursor to this row of the tab's table
                await _to_row(pilot, key.removeprefix("row:"))
            else:
                await pilot.press(key)
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()
        return Path(app.save_screenshot(filename=filename, path=str(OUT)))


async def _main() -> None:
    catalog = Catalog(load())
    shots: list[tuple[str, list[str], Lang]] = [
        (f"{number}-{tab}.svg", [str(number)], "en")
        for number, tab in enumerate(BijieApp(catalog).tab_ids(), start=1)
    ]
    shots += [
        ("detail-employment.svg", ["2", "down", "enter"], "en"),
        ("detail-break.svg", ["6", "row:bijie-poor-population", "enter"], "en"),
        ("detail-conflict.svg", ["6", "row:bijie-gdp-per-capita", "enter"], "en"),
        ("overview-zh.svg", ["1"], "zh"),
        ("help.svg", ["?"], "en"),
    ]
    for filename, keys, lang in shots:
        path = await _shoot(catalog, filename, keys, lang)
        print(path.relative_to(OUT.parent))


if __name__ == "__main__":
    asyncio.run(_main())
