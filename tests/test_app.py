"""The explorer driven by keys, asserting what the user sees."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList, TabbedContent

from bijie_tui.app import BijieApp
from bijie_tui.model.loader import load
from bijie_tui.model.query import COLUMNS, Catalog
from bijie_tui.screens.detail_screen import DetailScreen
from bijie_tui.screens.help_screen import HelpScreen
from bijie_tui.widgets.detail import DetailPane
from bijie_tui.widgets.record_table import RecordTable
from bijie_tui.widgets.too_small import TooSmall
from pilot_helpers import idle, palette_options, pane_lines, settled_pane, tabs_built, until


def _table(app: BijieApp, table_id: str) -> RecordTable:
    return app.screen_stack[0].query_one(f"#{table_id}", RecordTable)


def _cells(table: RecordTable, column: int | str) -> list[str]:
    if isinstance(column, str):
        return [str(c) for c in table.get_column(column)]
    return [str(table.get_row_at(i)[column]) for i in range(table.row_count)]


async def _preview(pilot: Pilot[None], sector: str) -> str:
    """The detail pane's text once it has caught up with the cursor."""
    pane = await settled_pane(pilot, sector)
    assert pane.detail is not None
    return pane.detail.text()


def _detail_screen(app: BijieApp) -> str:
    assert isinstance(app.screen, DetailScreen)
    pane = app.screen.query_one(DetailPane)
    assert pane.detail is not None
    return pane.detail.text()


async def test_number_keys_switch_tabs_and_every_sector_has_indicators(catalog: Catalog) -> None:
    app = BijieApp(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        tabs = app.query_one(TabbedContent)
        assert tabs.active == "overview"
        for number, tab in enumerate(app.tab_ids(), start=1):
            await pilot.press(str(number))
            assert tabs.active == tab
            assert isinstance(app.focused, RecordTable)
        for sector in catalog.data.sectors:
            assert _table(app, f"{sector.id}-indicators").row_count > 0


async def test_migrant_workers_figure_and_its_source(catalog: Catalog) -> None:
    app = BijieApp(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")  # the sector's headline, first
        table = _table(app, "employment-indicators")
        assert app.focused is table
        assert table.cursor_row == 0
        assert "43,139 people" in _cells(table, 1)[0]
        preview = await _preview(pilot, "employment")
        assert "Latest: 43,139 people" in preview
        assert "[PR2022]" in preview
        assert "毕节" in preview  # the other language's name is shown too
        await pilot.press("enter")
        assert isinstance(app.screen, DetailScreen)
        text = _detail_screen(app)
        assert "43,139 people" in text
        assert "PRNewswire" in text and "2022-09-23" in text
        assert "https://www.wlbt.com/" in text
        await pilot.press("escape")
        assert not isinstance(app.screen, DetailScreen)
        assert app.focused is table and table.cursor_row == 0
        await pilot.press("G")
        assert table.cursor_row == table.row_count - 1
        await pilot.press("g")
        assert table.cursor_row == 0


@pytest.mark.slow
async def test_tianhe_nayong_funds_each_year(catalog: Catalog) -> None:
    app = BijieApp(catalog)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("4", "slash", *"tianhe nayong funds", "enter")
        table = _table(app, "industry-indicators")
        assert app.focused is table
        names = _cells(table, 0)
        row = next(i for i, n in enumerate(names) if n.startswith("Tianhe assistance funds"))
        row = table.get_row_index("tianhe-nayong-funds")
        table.move_cursor(row=row)
        await pilot.press("enter")
        text = _detail_screen(app)
        for year, value in (
            ("2016", "10,000,000"),
            ("2017", "11,000,000"),
            ("2018", "36,120,990"),
            ("2019", "55,052,500"),
            ("2020", "72,500,000"),
        ):
            assert f"{year}: {value} yuan" in text
        assert "first 10,000,000, last 72,500,000, min 10,000,000, max 72,500,000 (yuan)" in text


@pytest.mark.slow
async def test_weining_partner_in_the_overview(catalog: Catalog) -> None:
    app = BijieApp(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await idle(pilot)
        await pilot.press("tab")
        pairings = _table(app, "pairings")
        assert app.focused is pairings
        await pilot.press("slash", *"weining", "enter")
        assert pairings.row_count == 1
        assert [str(c) for c in pairings.get_row_at(0)] == [
            "Weining County",
            "Panyu District",
            "Panyu District",
        ]
        unknown = _table(app, "pairings")
        await pilot.press("escape")
        assert "unknown" in _cells(unknown, 1)
        await pilot.press("enter")  # the county's detail: its pairings with their evidence
        assert "Panyu District, since 2016" in _detail_screen(app)


@pytest.mark.slow
async def test_mushroom_park_capacity_from_the_entity_list(catalog: Catalog) -> None:
    app = BijieApp(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4", "v")
        entities = _table(app, "industry-entities")
        assert app.focused is entities
        await pilot.press("slash", *"mushroom", "enter", "enter")
        text = _detail_screen(app)
        assert "Dafang high-tech mushroom park" in text
        assert "fresh mushroom capacity: 7,200 t per year" in text
        # the detail opens at its top; enter moves to its links, and enter follows the first
        # (to the capacity indicator); then come back
        screen = app.screen
        links = screen.query_one("#detail-links")
        await pilot.press("enter")
        assert app.focused is links
        await pilot.press("enter")
        assert app.screen is not screen
        await pilot.press("escape")
        assert app.screen is screen


@pytest.mark.slow
async def test_l_switches_language_everywhere(catalog: Catalog) -> None:
    app = BijieApp(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "enter")
        await pilot.press("l")
        assert app.lang == "zh"
        assert "43,139人" in _detail_screen(app)
        await pilot.press("escape")
        assert app.query_one(TabbedContent).active == "employment"
        assert str(app.query_one(TabbedContent).get_tab("employment").label) == "劳务协作"
        table = _table(app, "employment-indicators")
        assert "43,139人" in _cells(table, 1)[0]
        assert table.cursor_row == 0
        assert "最新: 43,139人" in await _preview(pilot, "employment")
        assert "43,139人" in _cells(_table(app, "headlines"), "latest")
        assert "不详" in _cells(_table(app, "pairings"), 1)
        await pilot.press("l")
        assert app.lang == "en"
        assert "43,139 people" in _cells(_table(app, "employment-indicators"), 1)


@pytest.mark.slow
async def test_filter_works_in_both_languages_and_escape_clears(catalog: Catalog) -> None:
    app = BijieApp(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        table = _table(app, "industry-indicators")
        total = table.row_count
        await pilot.press("slash", *"nayong", "enter")
        english = sorted(r.key for r in table.shown)
        assert 0 < len(english) < total
        await pilot.press("escape")
        assert table.row_count == total
        await pilot.press("slash", *"纳雍", "enter")
        assert sorted(r.key for r in table.shown) == english
        assert "filter" in str(table.border_title)
        await pilot.press("slash", "escape")
        assert table.row_count == total
        assert app.focused is table


async def test_sort_cycles_on_the_current_column(catalog: Catalog) -> None:
    app = BijieApp(catalog)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("2")
        table = _table(app, "employment-indicators")
        original = [r.key for r in table.shown]
        await pilot.press("greater_than_sign", "s")
        values = [catalog.series[r.key][-1].value for r in table.shown]
        assert values == sorted(values)
        assert "▲" in str(table.heading(1))
        await pilot.press("s")
        values = [catalog.series[r.key][-1].value for r in table.shown]
        assert values == sorted(values, reverse=True)
        await pilot.press("s")
        assert [r.key for r in table.shown] == original


@pytest.mark.slow
async def test_export_writes_the_rows_shown_to_a_new_file(catalog: Catalog, tmp_path: Path) -> None:
    app = BijieApp(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        table = _table(app, "employment-indicators")
        table.export_dir = tmp_path
        await pilot.press("e", "enter")  # the dialog's default: CSV, today's name
        await idle(pilot)
        with (tmp_path / "bijie-employment-2026-12-06.csv").open(encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        assert tuple(rows[0]) == COLUMNS
        assert any(r[COLUMNS.index("value")] == "43139" for r in rows[1:])
        await pilot.press("slash", *"guangdong", "enter", "e", "enter")
        await idle(pilot)
        assert sorted(p.name for p in tmp_path.iterdir()) == [
            "bijie-employment-2026-12-06.csv",
            "bijie-employment-filtered-2026-12-06.csv",
        ]


async def test_export_into_a_read_only_directory_is_a_notification(
    catalog: Catalog, tmp_path: Path
) -> None:
    app = BijieApp(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        table = _table(app, "employment-indicators")
        table.export_dir = tmp_path / "missing"
        await pilot.press("e", "enter")
        await idle(pilot)
        assert any("Export failed" in n.message for n in app._notifications)
        assert not (tmp_path / "missing").exists()


@pytest.mark.slow
async def test_y_copies_the_figure_with_its_source(catalog: Catalog) -> None:
    app = BijieApp(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "y")
        assert "43,139 people" in app.clipboard
        assert "https://www.wlbt.com/" in app.clipboard
        assert any("Copied" in n.message for n in app._notifications)
        await pilot.press("4", "slash", *"mushroom capacity", "enter", "enter", "y")
        assert "7,200 t" in app.clipboard


async def test_question_mark_opens_the_list_of_keys_and_escape_closes_it(
    catalog: Catalog,
) -> None:
    """What the list shows, row by row: tests/test_keymap.py."""
    app = BijieApp(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


@pytest.mark.slow
async def test_palette_jumps_by_english_or_chinese_name(catalog: Catalog) -> None:
    app = BijieApp(catalog)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p", *"大方高科技食用菌产业园")
        await palette_options(pilot)
        await pilot.press("enter")
        await idle(pilot)
        assert app.query_one(TabbedContent).active == "industry"
        table = app.focused
        assert isinstance(table, RecordTable)
        current = table.current()
        assert current is not None and current.key.startswith("dafang-mushroom-park")
        await pilot.press("escape")  # back to where the jump started
        assert app.query_one(TabbedContent).active == "overview"


@pytest.mark.slow
async def test_keys_that_do_not_apply_are_hidden(catalog: Catalog) -> None:
    app = BijieApp(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await idle(pilot)
        shown = {b.binding.action for b in app.active_bindings.values()}
        assert "next_list" not in shown  # the overview has no second list
        assert "clear_filter" not in shown
        labels = {b.binding.action: b.binding.description for b in app.active_bindings.values()}
        assert labels["toggle_lang"] == "中文"
        await pilot.press("l")
        labels = {b.binding.action: b.binding.description for b in app.active_bindings.values()}
        assert labels["toggle_lang"] == "English"
        await pilot.press("l")
        await pilot.press("2")
        shown = {b.binding.action for b in app.active_bindings.values()}
        assert "next_list" in shown
        await pilot.press("slash", "x", "enter")
        shown = {b.binding.action for b in app.active_bindings.values()}
        assert "clear_filter" in shown


async def test_focus_is_shown_by_border_shape(catalog: Catalog) -> None:
    app = BijieApp(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await idle(pilot)
        headlines, pairings = _table(app, "headlines"), _table(app, "pairings")
        assert headlines.styles.border_top[0] == "heavy"
        assert pairings.styles.border_top[0] == "round"
        await pilot.press("tab")
        assert pairings.styles.border_top[0] == "heavy"
        assert headlines.styles.border_top[0] == "round"


@pytest.mark.slow
async def test_too_small_terminal_says_so(catalog: Catalog) -> None:
    app = BijieApp(catalog)
    async with app.run_test(size=(50, 15)) as pilot:
        await idle(pilot)
        assert app.query_one(TooSmall).display
        assert not app.query_one(TabbedContent).display
    app = BijieApp(catalog)
    async with app.run_test(size=(60, 18)) as pilot:
        await idle(pilot)
        assert not app.query_one(TooSmall).display


@pytest.mark.slow
async def test_sources_tab_lists_the_figures_a_source_backs(catalog: Catalog) -> None:
    app = BijieApp(catalog)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(str(len(app.tab_ids())), "slash", *"PR2022", "enter", "enter")
        text = _detail_screen(app)
        assert "Figures it backs" in text
        assert "43,139 people" in text
        await pilot.press("t")  # show the source in its table
        await idle(pilot)
        assert app.query_one(TabbedContent).active == "sources"


async def test_markup_in_names_is_shown_literally(
    write_variant: Callable[[Callable[[dict[str, Any]], None]], Path],
) -> None:
    def edit(data: dict[str, Any]) -> None:
        headline = next(s["headline"] for s in data["sectors"] if s["id"] == "employment")
        first = next(i for i in data["indicators"] if i["id"] == headline)
        first["name"]["en"] = "[bold]Loud[/] \x1b[2J"

    app = BijieApp(Catalog(load(write_variant(edit))))
    async with app.run_test(size=(160, 24)) as pilot:
        await pilot.press("2")
        table = _table(app, "employment-indicators")
        assert "[bold]Loud[/] \\x1b[2J" in _cells(table, 0)
        await _preview(pilot, "employment")
        pane = app.query_one("#view-employment DetailPane", DetailPane)
        assert pane_lines(app, pane)[0] == "[bold]Loud[/] \\x1b[2J"


@pytest.mark.slow
async def test_palette_shows_names_literally(
    write_variant: Callable[[Callable[[dict[str, Any]], None]], Path],
) -> None:
    def edit(data: dict[str, Any]) -> None:
        headline = next(s["headline"] for s in data["sectors"] if s["id"] == "employment")
        first = next(i for i in data["indicators"] if i["id"] == headline)
        first["name"]["en"] = "Loud [bold]x[/] [@click=app.quit]y[/]"
        data["sources"][0]["publisher"] = "[red]Pub[/]"
        data["sources"][0]["title"] = "Zqx title"

    app = BijieApp(Catalog(load(write_variant(edit))))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p", *"Loud")
        await palette_options(pilot)
        options = app.screen.query_one(OptionList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any("Loud [bold]x[/] [@click=app.quit]y[/]" in p for p in prompts), prompts
        await pilot.press(*["backspace"] * 4, *"Zqx")
        await palette_options(pilot)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any("[red]Pub[/]" in p for p in prompts), prompts


@pytest.mark.slow
async def test_resizing_through_too_small_and_back_keeps_a_working_screen(
    catalog: Catalog,
) -> None:
    app = BijieApp(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "j")
        table = _table(app, "employment-indicators")
        for size in ((50, 15), (200, 50), (60, 18), (59, 30), (120, 17), (100, 30)):
            await pilot.resize_terminal(*size)
            await idle(pilot)
            small = size[0] < 60 or size[1] < 18
            assert app.query_one(TooSmall).display == small
            assert app.query_one(TabbedContent).display == (not small)
        assert app.focused is table
        assert table.cursor_row == 1
        widths = [w for w in table.widths if w is not None]
        # The last column's trailing space may be left out.
        assert sum(widths) + 2 * len(widths) - 1 <= table.size.width
        await pilot.press("j")
        assert table.cursor_row == 2


async def test_a_notification_gone_is_wiped_from_the_terminal(catalog: Catalog) -> None:
    """A notification removed after the other tabs were built while idle is drawn over:
    the frames after it cover every cell it took (it does not stay on the terminal)."""
    app = BijieApp(catalog)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("2")
        await settled_pane(pilot, "employment")
        app.notify("Exported 1 record to a.csv", timeout=60)
        screen = app.screen

        def toast_shown() -> bool:
            toasts = screen.query("Toast")
            return bool(toasts and toasts.first().region)

        await until(pilot, toast_shown, "the notification shown")
        toast = screen.query_one("Toast").region
        assert toast
        await tabs_built(pilot)  # built while idle, with the notification up
        drawn: set[tuple[int, int]] = set()
        display = app._display

        def frame(screen: object, update: Any) -> None:
            region = getattr(update, "region", None)
            if region is not None:  # the whole screen
                drawn.update((x, y) for y in range(region.bottom) for x in range(region.right))
            for y, start, end in getattr(update, "spans", ()):
                drawn.update((x, y) for x in range(start, end + 1))
            display(screen, update)  # type: ignore[arg-type]

        app._display = frame  # type: ignore[method-assign]
        app.clear_notifications()
        await until(pilot, lambda: not screen.query("Toast"), "the notification removed")
        await idle(pilot)
        cells = {(x, y) for y in range(toast.y, toast.bottom) for x in range(toast.x, toast.right)}
        assert not screen.query("Toast")
        assert cells <= drawn, f"{len(cells - drawn)} of the notification's cells left as they were"


async def test_the_css_variables_are_textuals_in_every_theme(catalog: Catalog) -> None:
    """The app keeps each theme's generated colours: its CSS variables are still Textual's,
    theme after theme, and again in a theme seen before."""
    from textual.app import App

    app = BijieApp(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        for theme in [*sorted(app.available_themes), "textual-dark", "nord"]:
            app.theme = theme
            await pilot.pause()
            assert app.get_css_variables() == App.get_css_variables(app), theme


async def test_the_current_theme_follows_the_theme_and_the_themes_registered(
    catalog: Catalog,
) -> None:
    """The theme in use is looked up once a theme (not at each line drawn), and again when
    the theme changes, or a theme is registered or unregistered."""
    from textual.theme import Theme

    app = BijieApp(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        first = app.current_theme
        assert first.name == app.theme and app.current_theme is first
        app.theme = "nord"
        await pilot.pause()
        assert app.current_theme.name == "nord"
        mine = Theme(name="nord", primary="#123456", dark=True)
        app.register_theme(mine)
        assert app.current_theme is mine
        app.theme = "textual-light"
        await pilot.pause()
        app.unregister_theme("nord")
        assert app.current_theme.name == "textual-light"
