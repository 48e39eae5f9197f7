"""Save SVG screenshots of the explorer at 100×32: every tab, a detail, Chinese, the keys.

Run: make screenshots. The files are written next to this script with stable names, so a
change of the layout shows as a diff of the SVGs.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from bijie_tui.app import BijieApp
from bijie_tui.model.format import Lang
from bijie_tui.model.loader import load
from bijie_tui.model.query import Catalog

SIZE = (100, 32)
OUT = Path(__file__).resolve().parent


async def _shoot(catalog: Catalog, filename: str, keys: list[str], lang: Lang = "en") -> Path:
    app = BijieApp(catalog, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*keys)
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
        ("overview-zh.svg", ["1"], "zh"),
        ("help.svg", ["?"], "en"),
    ]
    for filename, keys, lang in shots:
        path = await _shoot(catalog, filename, keys, lang)
        print(path.relative_to(OUT.parent))


if __name__ == "__main__":
    asyncio.run(_main())
