"""SVG snapshots of every tab, both languages and two sizes, and of the screens keys open.

Regenerate after an intended change of the layout with: make pytest PYTEST_ARGS=--snapshot-update
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from bijie_tui.app import BijieApp
from bijie_tui.model.format import Lang
from bijie_tui.model.query import Catalog

SnapCompare = Callable[..., bool]

TABS = ("overview", "employment", "education", "industry", "healthcare", "context", "sources")
SIZES = ((80, 24), (160, 48))
LANGS: tuple[Lang, ...] = ("en", "zh")


def _tab_cases() -> list[Any]:
    return [
        pytest.param(number, tab, size, lang, id=f"{number}-{tab}-{size[0]}x{size[1]}-{lang}")
        for number, tab in enumerate(TABS, start=1)
        for size in SIZES
        for lang in LANGS
    ]


@pytest.mark.parametrize(("number", "tab", "size", "lang"), _tab_cases())
def test_tab(
    snap_compare: SnapCompare,
    catalog: Catalog,
    number: int,
    tab: str,
    size: tuple[int, int],
    lang: Lang,
) -> None:
    app = BijieApp(catalog, lang=lang)
    assert app.tab_ids()[number - 1] == tab

    async def run_before(pilot: Any) -> None:
        # Every tab built first (as they are once the first screen has been out a moment):
        # the switch is then one frame, not a build racing the snapshot on a busy machine.
        from pilot_helpers import tabs_built

        await tabs_built(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before, press=[str(number)])


@pytest.mark.parametrize("lang", LANGS)
def test_employment_detail_screen(snap_compare: SnapCompare, catalog: Catalog, lang: Lang) -> None:
    app = BijieApp(catalog, lang=lang)
    assert snap_compare(app, terminal_size=(80, 24), press=["2", "down", "enter"])


@pytest.mark.parametrize("lang", LANGS)
def test_help_screen(snap_compare: SnapCompare, catalog: Catalog, lang: Lang) -> None:
    assert snap_compare(BijieApp(catalog, lang=lang), terminal_size=(80, 24), press=["?"])


def test_too_small_message(snap_compare: SnapCompare, catalog: Catalog) -> None:
    assert snap_compare(BijieApp(catalog), terminal_size=(50, 15))


def _detail_of(indicator: str) -> Callable[[Any], Any]:
    """Open the context tab's detail of ``indicator`` (the keys a reader would press: the tab,
    the row, enter), waiting for the pane to settle."""

    async def run_before(pilot: Any) -> None:
        from bijie_tui.screens.detail_screen import DetailScreen
        from bijie_tui.widgets.record_table import RecordTable
        from pilot_helpers import idle, settled_pane, tabs_built, until

        await tabs_built(pilot)
        await pilot.press("6")
        table = pilot.app.screen_stack[0].query_one("#context-indicators", RecordTable)
        await until(pilot, lambda: any(r.key == indicator for r in table.shown), "the rows")
        table.move_cursor(row=table.get_row_index(indicator))
        await settled_pane(pilot, "context")
        await pilot.press("enter")
        await idle(pilot)
        assert isinstance(pilot.app.screen, DetailScreen)

    return run_before


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    "indicator",
    [
        "bijie-poor-population",  # a break: a new poverty line
        "bijie-gdp-per-capita",  # two sources disagree, twice
    ],
)
def test_a_series_with_a_break_or_a_conflict(
    snap_compare: SnapCompare, catalog: Catalog, indicator: str, lang: Lang
) -> None:
    app = BijieApp(catalog, lang=lang)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_detail_of(indicator))


async def _export_dialog(pilot: Any) -> None:
    """Open the export dialog on the employment tab, its folder one path on every machine."""
    from pathlib import Path

    from bijie_tui.screens.export_screen import ExportScreen
    from bijie_tui.widgets.record_table import RecordTable
    from pilot_helpers import idle, tabs_built, until

    await tabs_built(pilot)
    await pilot.press("2")
    table = pilot.app.screen_stack[0].query_one("#employment-indicators", RecordTable)
    table.export_dir = Path("/home/reader/exports")
    await pilot.press("e")
    await until(pilot, lambda: isinstance(pilot.app.screen, ExportScreen), "the export dialog")
    await idle(pilot)


@pytest.mark.parametrize("lang", LANGS)
def test_export_dialog(snap_compare: SnapCompare, catalog: Catalog, lang: Lang) -> None:
    app = BijieApp(catalog, lang=lang)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_export_dialog)
