# Mutations tried: each made in a copy of src/bijie_tui, the related test files run on it, then
# this file. "missed": no existing test failed; else the existing test that failed first (the
# tests driving a real terminal run the installed package, so they never saw a mutant).
#   record_table._refill: no stable re-sort of missing values (missed)
#       → test_sources_by_date_keep_the_undated_last_both_ways
#   keys, declared once in model/keymap.py (run on tests/test_keymap.py): a key's keys
#       changed but not its row's keys as written ("up,i" under "↑ ↓ j k"), a row's keys as
#       written short of one ("g home end"), the links' own "↑ ↓" left out, keys moved by the
#       config not shown, the keys of tabs beyond the last shown
#       → test_the_list_has_each_bindings_row_exactly; a Binding written by hand beside the
#       declared ones, or a declared key written by hand → also
#       test_each_screen_and_widget_binds_what_its_place_declares; an action misspelt
#       → test_each_key_names_an_action_of_the_class_it_is_bound_in; a key's row dropped, a
#       key declared twice → refused by the declaration itself (the package does not import)
#   RecordTable.show_lang: a list not yet filled keeps its rows (missed); a hidden filled list
#       is not reloaded (missed); BrowseView.show_lang: the "v: …" hints not renamed (missed)
#       → test_the_second_list_speaks_the_language_switched_to
#   cursor: pagedown one row (missed); pageup goes down (missed); j past the last row (missed);
#       k above the first (missed); k two rows (missed); scroll one row late (missed); cursor
#       row may sit under the bottom edge (missed); g to row 1, "j" unbound (test_app)
#       → test_cursor_keys_move_exactly_and_the_cursor_row_is_drawn
#   _refill keeps the row index, or row 0, not the record (test_app)
#       → test_the_highlighted_record_stays_under_the_cursor
#   digits: 2 decimals at most, Decimal(float), no thousands separators (test_format); ">"
#       shown as "≥", Latest column cut to fit (test_snapshots); weak-source mark dropped
#       (test_table) → test_figures_keep_every_digit_in_the_tables_at_the_smallest_size.
#       Scaled to a smaller unit after a larger one fails: test_format only. "cut when the
#       cell is as wide as its column": no effect (cut() leaves text that fits), no test.
#   literal text: safe() without printable (test_unicode) or as markup (test_app); the table's
#       title (filter text), tab labels, app title, detail sub_title, copy notice as markup,
#       clipboard not escaped, detail body lines, link labels not made safe (all missed)
#       → test_dataset_text_is_shown_literally_everywhere
#   filter: English only, case-sensitive, any word, escape in the filter line keeps it, escape
#       on the table does nothing (test_app); count "n of N" shows N of N (missed)
#       → test_filter_as_typed_in_any_case_every_word_and_escape_clears
#   sort: case-sensitive (missed), ignores a filter (missed), keeps the old column after < >
#       (missed), never off, arrows swapped (test_app)
#       → test_sort_follows_the_chosen_column_ignores_case_and_survives_a_filter, and (arrows)
#       test_sources_by_date_keep_the_undated_last_both_ways
#   language (l): filter or sort dropped on reload (missed); footer keys not renewed with the
#       pane focused (missed); keys list not renewed (missed); tab labels, pane, detail screen
#       (test_app); pane title, app title, kinds of source (test_snapshots); headings, table
#       titles (test_chinese) → test_l_shows_what_starting_in_that_language_shows
#   and two bugs found (fixed in src): after l the active tab's underline stayed where the old
#       labels put it; l did nothing in the keys list
#       → test_l_shows_what_starting_in_that_language_shows
"""Guards on what a user relies on most: each test here fails when that code is broken."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import TabbedContent

from bijie_tui.app import BijieApp
from bijie_tui.model.format import Lang
from bijie_tui.model.loader import load
from bijie_tui.model.query import Catalog
from bijie_tui.model.tables import entity_table, indicator_table
from bijie_tui.screens.detail_screen import DetailScreen
from bijie_tui.screens.explorer_screen import ExplorerScreen
from bijie_tui.screens.help_screen import HelpScreen, help_text
from bijie_tui.widgets.detail import DetailPane
from bijie_tui.widgets.filter_bar import FilterBar
from bijie_tui.widgets.record_table import RecordTable
from pilot_helpers import idle, settled_pane, tabs_built, until


def _table(app: BijieApp, table_id: str) -> RecordTable:
    return app.screen_stack[0].query_one(f"#{table_id}", RecordTable)


def _line(table: RecordTable, y: int) -> str:
    """Line ``y`` of the table as drawn (0: the heading)."""
    return "".join(segment.text for segment in table.render_line(y))


def _drawn_rows(table: RecordTable) -> list[str]:
    """The rows the table draws on screen now, top to bottom."""
    rows = min(table.scrollable_content_region.height - 1, table.row_count)
    return [_line(table, y) for y in range(1, rows + 1)]


def _screen(app: BijieApp) -> list[str]:
    return [strip.text for strip in app.screen._compositor.render_strips()]


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= char <= "\u9fff" for char in text)


# -- 1. sorting by date keeps the rows without a date last --------------------------------------


def _column_at(heading: str, name: str) -> slice:
    """Where a left-aligned column of fixed width is drawn, from its heading."""
    start = heading.index(name)
    end = start + len(name)
    while end < len(heading) and heading[end] == " ":
        end += 1
    return slice(start, end)


@pytest.mark.slow
async def test_sources_by_date_keep_the_undated_last_both_ways(catalog: Catalog) -> None:
    dated = sorted(s.date for s in catalog.data.sources if s.date)
    undated = sum(1 for s in catalog.data.sources if not s.date)
    assert undated > 0 and len(dated) > 100
    app = BijieApp(catalog)
    # Tall enough that the last page shows every undated row and a dated one above them.
    async with app.run_test(size=(100, undated + 40)) as pilot:
        await pilot.press(str(len(app.tab_ids())))
        await idle(pilot)
        assert app.query_one(TabbedContent).active == "sources"
        table = _table(app, "sources-table")
        assert app.focused is table
        await pilot.press("greater_than_sign", "greater_than_sign", "greater_than_sign")
        assert table.spec is not None and table.spec.columns[table.column].key == "date"
        everyone = {s.id for s in catalog.data.sources}
        for key, expected in (("▲", dated), ("▼", dated[::-1])):
            await pilot.press("s")
            await idle(pilot)
            heading = _line(table, 0)
            assert f"Date {key}" in heading
            shown = [str(cell) for cell in table.get_column("date")]
            assert shown == [*expected, *["?"] * undated], key
            assert {row.key for row in table.shown} == everyone
            # On screen: the first rows from the top, then from the bottom after G.
            date = _column_at(heading.replace(f"Date {key}", "Date  "), "Date")
            await pilot.press("g")
            await idle(pilot)
            top = [line[date].strip() for line in _drawn_rows(table)]
            assert top == expected[: len(top)], key
            await pilot.press("G")
            await idle(pilot)
            bottom = [line[date].strip() for line in _drawn_rows(table)]
            assert len(bottom) > undated  # the last dated rows show above the undated
            assert bottom == [*expected, *["?"] * undated][-len(bottom) :], key


# -- 2. the keys help has each key's row, exactly: tests/test_keymap.py -------------------------


# -- 3. a sector's second list, after the language is switched ---------------------------------


@pytest.mark.parametrize("ahead", [False, True], ids=["built-when-shown", "built-ahead"])
@pytest.mark.slow
async def test_the_second_list_speaks_the_language_switched_to(
    catalog: Catalog, ahead: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """4, l, v: the projects and bodies are listed in Chinese, whether the list was made
    before the switch (built while idle) or is first made when shown."""
    if not ahead:
        monkeypatch.setattr(ExplorerScreen, "build_while_idle", lambda self: None)
    app = BijieApp(catalog)
    async with app.run_test(size=(100, 30)) as pilot:
        if ahead:
            await tabs_built(pilot)
        await pilot.press("4")
        await idle(pilot)
        entities = _table(app, "industry-entities")
        indicators = _table(app, "industry-indicators")
        assert entities.filled == ahead  # the path this case takes
        await pilot.press("l", "v")
        await idle(pilot)
        assert app.focused is entities
        zh = entity_table(catalog, "industry", "zh")
        shown = [row.cells for row in entities.shown]
        assert shown == [row.cells for row in zh.rows]
        english = entity_table(catalog, "industry", "en").rows[0].cells[0]
        assert _has_cjk(shown[0][0]) and shown[0][0] != english
        headings = [zh.columns[i].heading("zh") for i, _ in entities.visible_columns()]
        assert _line(entities, 0).split() == headings
        assert _line(entities, 1).split()[0] == shown[0][0]
        count = len(indicator_table(catalog, "industry", "zh").rows)
        lines = _screen(app)
        assert any("产业协作 · 项目与机构" in line for line in lines)
        assert any(f"v: 指标 ({count})" in line for line in lines)
        assert not any("Projects" in line or "Indicators" in line for line in lines)
        pane = await settled_pane(pilot, "industry")
        assert pane.detail is not None and pane.detail.title == shown[0][0]
        # And back on the first list: its hint names the second list in Chinese too.
        await pilot.press("v")
        await idle(pilot)
        assert app.focused is indicators
        lines = _screen(app)
        assert any(f"v: 项目与机构 ({len(zh.rows)})" in line for line in lines)
        assert _has_cjk(_line(indicators, 1))


# -- 4. what a user relies on most ---------------------------------------------------------------


def _cursor_rows(table: RecordTable) -> list[str]:
    """The rows drawn on screen in the cursor's style."""
    mark = table.get_component_rich_style("record-table--cursor")
    rows: list[str] = []
    for y in range(1, len(_drawn_rows(table)) + 1):
        strip = table.render_line(y)
        style = next(iter(strip)).style
        assert style is not None
        if (style.reverse, style.bgcolor, style.bold) == (mark.reverse, mark.bgcolor, mark.bold):
            rows.append("".join(segment.text for segment in strip))
    return rows


@pytest.mark.slow
async def test_cursor_keys_move_exactly_and_the_cursor_row_is_drawn(catalog: Catalog) -> None:
    app = BijieApp(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(str(len(app.tab_ids())))
        await idle(pilot)
        table = _table(app, "sources-table")
        assert app.focused is table
        ids = [row.key for row in table.shown]
        last = len(ids) - 1
        page = table.scrollable_content_region.height - 2  # a page keeps one row in view
        assert 3 < page < last // 3

        async def press(*keys: str, row: int) -> None:
            await pilot.press(*keys)
            await idle(pilot)
            current = table.current()
            assert (table.cursor_row, current and current.key) == (row, ids[row]), keys
            drawn = _cursor_rows(table)
            assert [line.split()[0] for line in drawn] == [ids[row]], (keys, drawn)

        await press(row=0)
        await press("j", "j", "j", row=3)
        await press("k", row=2)
        await press("down", row=3)
        await press("up", row=2)
        await press("g", row=0)
        await press("k", row=0)  # the first row stays under the cursor
        await press("up", row=0)
        await press("pagedown", row=page)
        await press("pagedown", row=2 * page)
        await press("pageup", row=page)
        await press("pageup", "pageup", row=0)
        await press("G", row=last)
        await press("j", row=last)  # the last row stays under the cursor
        await press("pagedown", row=last)
        await press("home", row=0)
        await press("end", row=last)
        await press("g", row=0)
        # Step by step past the bottom of the table, and back past its top: the cursor row is
        # drawn at every step (the table scrolls as soon as, and only as far as, needed).
        visible = len(_drawn_rows(table))
        for row in range(1, visible + 3):
            await press("j", row=row)
        assert table.scroll_offset.y == visible + 2 - (visible - 1)
        for row in range(visible + 1, -1, -1):
            await press("k", row=row)
        assert table.scroll_offset.y == 0


async def _seen(catalog: Catalog, lang: Lang, keys: list[str]) -> list[str]:
    """The screen after ``keys``, in an app started in ``lang``."""
    app = BijieApp(catalog, lang=lang)
    async with app.run_test(size=(100, 30)) as pilot:
        await idle(pilot)
        for key in keys:
            await pilot.press(key)
            await idle(pilot)
        if isinstance(app.screen, HelpScreen):
            # The list only: the screen under it is drawn again once it is closed.
            box = app.screen.query_one("#help").region
            strips = app.screen._compositor.render_strips()[box.y : box.bottom]
            return [strip.crop(box.x, box.right).text for strip in strips]
        if app.screen is app.screen_stack[0]:
            await tabs_built(pilot)
        return _screen(app)


_TOP = {
    "en": ["Guangzhou–Bijie east–west collaboration", " Overview  Employment  Education "],
    "zh": ["广州—毕节东西部协作", " 概览  劳务协作  教育协作 "],
}
SWITCHES: dict[str, tuple[list[str], dict[str, list[str]]]] = {
    "sector": (
        ["2"],
        {
            "en": [*_TOP["en"], "Indicator", "Latest", "─ Detail ─", "Latest: 43,139 people"],
            "zh": [*_TOP["zh"], "指标", "最新值", "─ 详情 ─", "最新: 43,139人"],
        },
    ),
    "pane-focused": (
        ["2", "tab"],
        {
            "en": [*_TOP["en"], "┏━ Detail ━", "? Keys ⏎ Links esc Table q Quit l 中文"],
            "zh": [*_TOP["zh"], "┏━ 详情 ━", "? 按键 ⏎ 链接 esc 表格 q 退出 l English"],
        },
    ),
    "sorted-and-filtered": (
        ["2", "j", "greater_than_sign", "s", "slash", *"guangdong", "enter"],
        {
            "en": ["Employment · filter “guangdong”: 11 of 37", "Latest ▲", "esc Clear filter"],
            "zh": ["劳务协作 · 筛选 “guangdong”: 11/37", "最新值 ▲", "esc 清除筛选"],
        },
    ),
    "detail-screen": (
        ["2", "enter"],
        {
            "en": [
                "Guangzhou–Bijie east–west collaboration — Bijie rural",
                "Latest: 43,139 people",
            ],
            "zh": ["广州—毕节东西部协作 — 助毕节农村务工人员到广东就业", "最新: 43,139人"],
        },
    ),
    "keys-help": (
        ["question_mark"],
        {
            "en": ["━ Keys ━", "Everywhere", "this list of keys"],
            "zh": ["━ 按键 ━", "全局", "本按键列表"],
        },
    ),
    "sources": (
        ["7", "G"],
        {
            "en": [*_TOP["en"], "━ Sources ━", "Kind", "GDQY ", " official ", "─ Detail ─"],
            "zh": [*_TOP["zh"], "━ 来源 ━", "类型", "GDQY ", " 官方 ", "─ 详情 ─"],
        },
    ),
    "second-list": (
        ["4", "v", "j"],
        {
            "en": [*_TOP["en"], "Project or body", "v: Indicators (94)"],
            "zh": [*_TOP["zh"], "项目或机构", "v: 指标 (94)"],
        },
    ),
}
"""Keys, then what the screen then shows in each language (among the rest)."""


@pytest.mark.parametrize("case", list(SWITCHES))
@pytest.mark.parametrize("start", ["en", "zh"])
@pytest.mark.slow
async def test_l_shows_what_starting_in_that_language_shows(
    catalog: Catalog, case: str, start: Lang
) -> None:
    """Switching with ``l`` leaves nothing behind: the screen is the one the app shows when
    started in the other language and given the same keys (tab labels, title, headings, rows,
    the cursor, sort and filter, the detail, the footer's keys, the keys help)."""
    keys, words = SWITCHES[case]
    other: Lang = "zh" if start == "en" else "en"
    switched = await _seen(catalog, start, [*keys, "l"])
    for text in words[other]:
        assert any(text in line for line in switched), text
    assert switched == await _seen(catalog, other, keys)


def _figure(catalog: Catalog, sector: str, key: str, lang: Lang) -> str:
    return next(r.cells[1] for r in indicator_table(catalog, sector, lang).rows if r.key == key)


FIGURES = [
    ("employment", "bijie-rural-workers-jobs-guangdong", "43,139 people", "43,139人"),
    ("industry", "gz-fiscal-aid-bijie", "383.5 million yuan†", "3.835亿元†"),
    ("industry", "taiji-tea-purchase-price-range", "30–120 yuan/jin", "30–120元/斤"),
    ("education", "gz-companies-bijie-vocational-students", ">1,700 students", ">1,700名学生"),
    ("industry", "huawu-may-day-tourism-revenue", ">19.81 million yuan", ">1981万元"),
]
"""Figures as a table shows them: every digit, the qualifier as a sign, the weak-source mark."""


async def _drawn_column(pilot: Pilot[None], table: RecordTable, key: str) -> list[str]:
    """The cells of column ``key`` of every row, each read while its row is on screen (a
    column is as wide as its cells on screen), page by page from the top."""
    assert table.spec is not None
    column = [c.key for c in table.spec.columns].index(key)
    rows, height = len(table.shown), max(table.size.height - 1, 1)
    cells: dict[int, str] = {}
    for top in range(0, rows, height):
        table.move_cursor(row=min(top + height - 1, rows - 1))
        await idle(pilot)
        first = round(table.scroll_offset.y)
        visible = [i for i, _ in table.visible_columns()]
        for index in range(first, min(first + height, rows)):
            cells.setdefault(index, str(table.get_row_at(index)[visible.index(column)]))
    table.move_cursor(row=0)
    await idle(pilot)
    return [cells[i] for i in range(rows)]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.slow
async def test_figures_keep_every_digit_in_the_tables_at_the_smallest_size(
    catalog: Catalog, lang: Lang
) -> None:
    app = BijieApp(catalog, lang=lang)
    async with app.run_test(size=(60, 18)) as pilot:
        for number, sector in enumerate(catalog.sector_ids(), start=2):
            await pilot.press(str(number))
            await idle(pilot)
            table = _table(app, f"{sector}-indicators")
            shown = await _drawn_column(pilot, table, "latest")  # page by page, as drawn
            assert shown == [row.cells[1] for row in table.shown], sector
            assert not any("…" in cell for cell in shown), sector
            for where, key, en, zh in FIGURES:
                if where == sector:
                    assert shown[table.get_row_index(key)] == (en if lang == "en" else zh)
                    assert _figure(catalog, sector, key, lang) == (en if lang == "en" else zh)
        # 13.19 %, in the detail of the Bijie poverty rate (its series).
        context = catalog.sector_ids().index("context") + 2
        await pilot.press(str(context), "slash", *"poverty rate", "enter")
        await idle(pilot)
        table = _table(app, "context-indicators")
        await pilot.press(*["j"] * table.get_row_index("bijie-poverty-rate"), "enter")
        await idle(pilot)
        assert isinstance(app.screen, DetailScreen)
        pane = app.screen.query_one(DetailPane)
        assert pane.detail is not None
        series = "as of Dec 2016: 13.19%" if lang == "en" else "截至2016年12月: 13.19%"
        assert any(line.text.startswith(series) for line in pane.detail.lines)


@pytest.mark.slow
async def test_sort_follows_the_chosen_column_ignores_case_and_survives_a_filter(
    catalog: Catalog,
) -> None:
    app = BijieApp(catalog)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.press("2")
        await idle(pilot)
        table = _table(app, "employment-indicators")
        names = [row.cells[0] for row in table.shown]
        assert sorted(names) != sorted(names, key=str.casefold)  # case tells them apart

        async def press(*keys: str) -> str:
            await pilot.press(*keys)
            await idle(pilot)
            return _line(table, 0)

        def latest() -> list[float]:
            return [catalog.series[row.key][-1].value for row in table.shown]

        heading = await press("s")  # on the names
        assert [row.cells[0] for row in table.shown] == sorted(names, key=str.casefold)
        assert "Indicator ▲" in heading and "Latest ▲" not in heading
        heading = await press("greater_than_sign", "s")  # another column: sorted by it
        assert "Latest ▲" in heading and "Indicator ▲" not in heading
        assert latest() == sorted(latest()) and len(latest()) == len(names)
        await press("slash", *"guangdong", "enter")
        assert 1 < table.row_count < len(names)
        assert latest() == sorted(latest())  # the filtered rows, still in order
        assert "Latest ▼" in await press("s")
        assert latest() == sorted(latest(), reverse=True)
        await press("escape")
        assert table.row_count == len(names)
        assert latest() == sorted(latest(), reverse=True)
        heading = await press("s")  # a third time: the table's own order again
        assert [row.cells[0] for row in table.shown] == names
        assert "▲" not in heading and "▼" not in heading


@pytest.mark.slow
async def test_filter_as_typed_in_any_case_every_word_and_escape_clears(catalog: Catalog) -> None:
    app = BijieApp(catalog)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.press("4")
        await idle(pilot)
        table = _table(app, "industry-indicators")
        total = table.row_count

        async def keys(text: str) -> set[str]:
            await pilot.press("slash", *text, "enter")
            await idle(pilot)
            found = {row.key for row in table.shown}
            await pilot.press("escape")  # on the table: the filter is cleared
            await idle(pilot)
            assert table.row_count == total and not table.query_text
            assert app.focused is table
            return found

        nayong, tianhe = await keys("nayong"), await keys("tianhe")
        assert await keys("NaYong") == nayong == await keys("纳雍")
        both = await keys("tianhe nayong")
        assert both == nayong & tianhe and both and both < nayong and both < tianhe
        # While typing, before enter: the rows already filtered, the count in the title.
        await pilot.press("slash", *"nayong")
        await idle(pilot)
        assert isinstance(app.focused, FilterBar)
        assert {row.key for row in table.shown} == nayong
        title = f"Industry · filter “nayong”: {len(nayong)} of {total}"
        assert any(title in line for line in _screen(app))
        await pilot.press("escape")  # in the filter line: cleared, back to the table
        await idle(pilot)
        assert app.focused is table and table.row_count == total
        assert not any("filter “" in line for line in _screen(app))


HOSTILE = {
    "title": "Zq[bold]T[/] \x1b[2J",
    "sector": "[b]Emp[/b]\x1b[2J",
    "indicator": "[bold]Loud[/] \x1b]0;x\x07",
    "quote": "Quo [bold]Q[/] \x1b[31m",
    "source": "PR [red]Src[/] \x1b[1m",
}
"""Dataset text with markup and terminal sequences: each shown as the characters it is."""


def _literally(text: str) -> str:
    return text.replace("\x1b", "\\x1b").replace("\x07", "\\x07")


@pytest.mark.slow
async def test_dataset_text_is_shown_literally_everywhere(
    write_variant: Callable[[Callable[[dict[str, Any]], None]], Path],
) -> None:
    def edit(data: dict[str, Any]) -> None:
        data["title"]["en"] = HOSTILE["title"]
        data["sectors"][0]["name"]["en"] = HOSTILE["sector"]
        headline = next(s["headline"] for s in data["sectors"] if s["id"] == "employment")
        first = next(i for i in data["indicators"] if i["id"] == headline)  # the first row
        first["name"]["en"] = HOSTILE["indicator"]
        figures = [f for f in data["figures"] if f["indicator"] == first["id"]]
        figures[-1]["evidence"][0]["quote"] += " " + HOSTILE["quote"]
        source = next(s for s in data["sources"] if s["id"] == figures[-1]["evidence"][0]["source"])
        source["title"] = HOSTILE["source"]

    app = BijieApp(Catalog(load(write_variant(edit))))

    def shows(*names: str) -> list[str]:
        lines = _screen(app)
        assert not any("\x1b" in line or "\x07" in line for line in lines)
        for name in names:
            assert any(_literally(HOSTILE[name]) in line for line in lines), name
        return lines

    async with app.run_test(size=(160, 60), notifications=True) as pilot:
        await idle(pilot)
        lines = shows("title", "sector")
        assert _literally(HOSTILE["title"]) in lines[0]  # the header
        await pilot.press("2")
        await settled_pane(pilot, "employment")
        shows("indicator", "sector")  # the row, the pane's title, the tab
        table = _table(app, "employment-indicators")
        assert _literally(HOSTILE["indicator"]) in _line(table, 1)
        await pilot.press("slash", *"[b]x")  # the filter's text, in the table's title
        await idle(pilot)
        assert any("“[b]x”" in line for line in shows())
        await pilot.press("escape", "enter")
        await idle(pilot)
        assert isinstance(app.screen, DetailScreen)
        lines = shows("indicator", "quote", "source")  # title, quote, its source and its link
        assert _literally(HOSTILE["indicator"]) in lines[0]  # the header
        await pilot.press("y")
        await until(pilot, lambda: bool(app.screen.query("Toast")), "the copy's notice")
        await idle(pilot)
        toast = app.screen.query_one("Toast").region
        notice = [
            strip.crop(toast.x, toast.right).text
            for strip in app.screen._compositor.render_strips()[toast.y : toast.bottom]
        ]
        assert _literally(HOSTILE["indicator"]) in "".join(line.strip() for line in notice)
        assert "\x1b" not in app.clipboard and _literally(HOSTILE["indicator"]) in app.clipboard


@pytest.mark.slow
async def test_the_highlighted_record_stays_under_the_cursor(catalog: Catalog) -> None:
    """Sorting, filtering, clearing the filter and switching the language keep the record the
    cursor is on (wherever its row goes), and the pane keeps showing it."""
    key = "bijie-rural-workers-jobs-guangdong"
    app = BijieApp(catalog)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("2")
        table = _table(app, "employment-indicators")

        async def still(figure: str, *keys: str) -> None:
            await pilot.press(*keys)
            await idle(pilot)
            current = table.current()
            assert current is not None and current.key == key, keys
            assert table.cursor_row == table.get_row_index(key)
            assert [figure in line for line in _cursor_rows(table)] == [True], keys
            pane = await settled_pane(pilot, "employment")
            assert pane.detail is not None and pane.detail.target == ("indicator", key)

        await still("43,139 people")
        await still("43,139 people", "greater_than_sign", "s")
        assert table.cursor_row != 1  # its row moved
        await still("43,139 people", "s")
        await still("43,139 people", "slash", *"guangdong", "enter")
        await still("43,139 people", "escape")
        await still("43,139人", "l")
        await still("43,139人", "s")


def test_a_served_session_lists_no_suspend_key(monkeypatch: pytest.MonkeyPatch) -> None:
    """ctrl+z does nothing in a served session, so the keys help does not offer it there."""
    assert "ctrl+z" in help_text("en").plain
    monkeypatch.setenv("BIJIE_TUI_SERVED", "1")
    for lang in ("en", "zh"):
        shown = help_text(lang).plain  # type: ignore[arg-type]
        assert "ctrl+z" not in shown
        assert "q ctrl+c" in shown
