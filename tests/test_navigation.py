"""Moving around: back after a jump, the help key always in view, every tab shown, the help's
real tab range."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import TabbedContent

from bijie_tui.app import BijieApp
from bijie_tui.model.query import Catalog
from bijie_tui.screens.help_screen import HelpScreen
from bijie_tui.widgets.record_table import RecordTable
from pilot_helpers import LIMIT, idle, palette_options, until


def _lines(app: BijieApp) -> list[str]:
    return [strip.text for strip in app.screen._compositor.render_strips()]


async def _jump_to_the_park(pilot: Pilot[None]) -> None:
    await pilot.press("ctrl+p", *"大方高科技食用菌产业园")
    await palette_options(pilot)
    await pilot.press("enter")
    await idle(pilot)


@pytest.mark.slow
async def test_back_returns_only_right_after_the_jump(catalog: Catalog) -> None:
    app = BijieApp(catalog)
    async with app.run_test(size=(100, 30)) as pilot:
        await _jump_to_the_park(pilot)
        tabs = app.query_one(TabbedContent)
        assert tabs.active == "industry"
        assert any(b.binding.action == "go_back" for b in app.active_bindings.values())
        await pilot.press("escape")
        assert tabs.active == "overview"
        # Any other move after the jump forgets where it started.
        await _jump_to_the_park(pilot)
        assert tabs.active == "industry"
        await pilot.press("j")
        await idle(pilot)
        assert not any(b.binding.action == "go_back" for b in app.active_bindings.values())
        await pilot.press("escape")
        assert tabs.active == "industry"
        await _jump_to_the_park(pilot)
        await pilot.press("3", "4")
        await idle(pilot)
        await pilot.press("escape")
        assert tabs.active == "industry"


@pytest.mark.slow
async def test_the_help_key_shows_at_every_width_and_while_filtering(catalog: Catalog) -> None:
    for lang, label in (("en", "? Keys"), ("zh", "? 按键")):
        app = BijieApp(catalog, lang=lang)  # type: ignore[arg-type]
        async with app.run_test(size=(60, 18)) as pilot:
            for width in (60, 80, 120):
                await pilot.resize_terminal(width, 24)
                for tab in ("1", "2", "7"):
                    await pilot.press(tab)
                    await idle(pilot)
                    assert label in _lines(app)[-1], (width, tab, _lines(app)[-1])
            await pilot.resize_terminal(60, 18)
            await pilot.press("2", "slash")
            await idle(pilot)
            assert label in _lines(app)[-1], _lines(app)[-1]


TABS_AT_60 = {
    "en": ["Summary", "Jobs", "Schools", "Industry", "Health", "Context", "Sources"],
    "zh": ["概览", "劳务协作", "教育协作", "产业协作", "医疗协作", "背景", "来源"],
}
"""The tab labels at 60 columns: the short forms in English, the names whole in Chinese."""
PERIOD_AT_60 = {"en": ["Indicator", "Latest", "Period"], "zh": ["指标", "最新值", "时期"]}


@pytest.mark.slow
async def test_every_tab_shows_at_60_by_18(catalog: Catalog) -> None:
    for lang in ("en", "zh"):
        app = BijieApp(catalog, lang=lang)  # type: ignore[arg-type]
        async with app.run_test(size=(60, 18)) as pilot:
            await idle(pilot)
            # Every label readable, none cut: short forms where the names do not fit.
            tabs_line = _lines(app)[1]
            assert tabs_line.split() == TABS_AT_60[lang], tabs_line
            assert "…" not in tabs_line
            # Period is kept before Scope on a sector's table.
            await pilot.press("4")
            await idle(pilot)
            table = app.query_one("#industry-indicators", RecordTable)
            shown = [str(table.heading(i)).strip() for i, _ in table.visible_columns()]
            assert shown[:3] == PERIOD_AT_60[lang], shown
            # Whole names come back when there is room.
            await pilot.resize_terminal(120, 30)
            await idle(pilot)
            tabs_line = _lines(app)[1]
            whole = "Employment" if lang == "en" else "劳务协作"
            assert whole in tabs_line, tabs_line


async def test_the_help_shows_the_real_tab_range_and_how_to_close_it(catalog: Catalog) -> None:
    app = BijieApp(catalog)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("question_mark")
        await idle(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(_lines(app))
        assert "1-7" in text and "1-9" not in text
        assert "escape, ? or q closes" in text
        await pilot.press("q")
        assert not isinstance(app.screen, HelpScreen)
        assert isinstance(app.focused, RecordTable)


async def test_a_tab_asked_for_while_loading_is_shown_once_loaded(catalog: Catalog) -> None:
    import threading

    gate = threading.Event()

    def loader() -> Catalog:
        gate.wait(LIMIT)  # until the key is pressed (the limit: a bound if the test fails)
        return catalog

    app = BijieApp(loader=loader)
    async with app.run_test(size=(80, 24)) as pilot:
        # Not idle: the dataset is still loading, in a worker, until the gate opens.
        await until(pilot, lambda: "Loading" in "\n".join(_lines(app)), "the loading line")
        await pilot.press("3")  # the key is kept, not lost
        gate.set()
        tabs = app.query_one(TabbedContent)
        await until(
            pilot, lambda: app.loaded and tabs.active == "education", "the kept key's tab shown"
        )
        await idle(pilot)
        assert isinstance(app.focused, RecordTable)


@pytest.mark.slow
async def test_keys_right_after_a_number_key_go_to_the_new_tab(catalog: Catalog) -> None:
    app = BijieApp(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await idle(pilot)
        for tab, number in (("employment", "2"), ("education", "3"), ("sources", "7")):
            await pilot.press(number, "down", "down")
            table = app.focused
            assert isinstance(table, RecordTable) and table.id is not None
            assert table.id.startswith(tab)
            assert table.cursor_row == 2


@pytest.mark.slow
async def test_no_size_from_1x1_up_breaks_any_tab(catalog: Catalog) -> None:
    app = BijieApp(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        for number in range(1, len(app.tab_ids()) + 1):
            await pilot.press(str(number))
            for size in ((10, 24), (5, 5), (1, 1), (3, 30), (200, 2), (59, 17), (60, 18)):
                await pilot.resize_terminal(*size)
                await idle(pilot)
            await pilot.resize_terminal(80, 24)
            await idle(pilot)
            assert isinstance(app.focused, RecordTable)  # whole again, keys work
            assert app.query_one(TabbedContent).active == app.tab_ids()[number - 1]
        assert app.return_code is None  # still running: nothing crashed
