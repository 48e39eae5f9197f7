"""How tables fit their columns, order their rows and mark their figures; keys on columns."""

from __future__ import annotations

import re

import pytest
from textual.pilot import Pilot

from bijie_tui.app import BijieApp
from bijie_tui.model.caveats import SCOPE_MARK, WEAK_MARK, weakness
from bijie_tui.model.details import indicator_detail
from bijie_tui.model.query import Catalog
from bijie_tui.model.tables import (
    MAIN_SHARE,
    Column,
    Label,
    fit_columns,
    indicator_table,
    source_table,
)
from bijie_tui.screens.help_screen import help_text
from bijie_tui.widgets.browse_view import BrowseView
from bijie_tui.widgets.detail import DetailPane
from bijie_tui.widgets.record_table import RecordTable
from pilot_helpers import idle, pane_lines, until


def _col(key: str, priority: int, **kw: object) -> Column:
    return Column(key, Label(key, key), cell=lambda item, lang: "", priority=priority, **kw)  # type: ignore[arg-type]


NAME = _col("name", 100, min_width=12)
VALUE = _col("value", 90, numeric=True, shrink=False)
SCOPE = _col("scope", 80, min_width=8, cap=20)
PERIOD = _col("period", 70, min_width=11, cap=20)
TREND = _col("trend", 30, min_width=5)
COLUMNS = (NAME, VALUE, SCOPE, PERIOD, TREND)


def _used(widths: list[int | None]) -> int:
    shown = [w for w in widths if w is not None]
    return sum(shown) + 2 * len(shown)


# -- fit_columns, a pure function -----------------------------------------------------------------


def test_every_column_as_wide_as_its_content_and_the_name_takes_the_rest() -> None:
    widths = fit_columns(COLUMNS, [30, 15, 10, 12, 5], 120)
    assert widths[1:] == [15, 10, 12, 5]
    assert widths[0] == 120 - _used(widths[1:]) - 2  # the slack goes to the name
    assert _used(widths) == 120


def test_a_column_grows_to_its_cap_and_no_further() -> None:
    widths = fit_columns(COLUMNS, [30, 15, 64, 12, 5], 200)
    assert widths[2] == 20


def test_the_least_important_give_way_first() -> None:
    naturals = [60, 15, 18, 18, 5]
    share = MAIN_SHARE
    # The minor Trend goes first; the name keeps its share while Period, then Scope, are cut.
    widths = fit_columns(COLUMNS, naturals, 90)
    assert widths == [int(90 * share), 15, 16, 11, None]
    assert _used(widths) == 90
    # Tighter: Period stays at its minimum (the year), Scope is cut further.
    assert fit_columns(COLUMNS, naturals, 80) == [int(80 * share), 15, 10, 11, None]
    assert fit_columns(COLUMNS, naturals, 76) == [int(76 * share), 15, 8, 11, None]
    # Tighter still: both at their minimum, then the name is cut below its share.
    widths = fit_columns(COLUMNS, naturals, 56)
    assert widths[1:4] == [15, 8, 11]
    assert widths[0] == 56 - _used([15, 8, 11]) - 2
    assert _used(widths) == 56


def test_a_figure_is_never_cut_and_columns_are_left_out_in_order() -> None:
    naturals = [60, 25, 18, 18, 5]
    widths = fit_columns(COLUMNS, naturals, 64)  # floors: 12 + 25 + 8 + 11 + 8 = 64
    assert widths == [12, 25, 8, 11, None]
    widths = fit_columns(COLUMNS, naturals, 63)  # Period (least important) goes first
    assert widths[3] is None
    assert widths[1] == 25
    widths = fit_columns(COLUMNS, naturals, 41)  # then Scope
    assert widths[1] == 25
    assert widths[0] is not None
    assert widths[2] is None and widths[3] is None


def test_hidden_and_full_width_columns() -> None:
    naturals = [60, 15, 40, 30, 5]
    widths = fit_columns(COLUMNS, naturals, 100, hidden={2})
    assert widths[2] is None and widths[3] == 20
    widths = fit_columns(COLUMNS, naturals, 100, full={3})
    assert widths[3] == 30  # beyond its cap
    widths = fit_columns(COLUMNS, naturals, 60, full={3})
    # Others give way, but the name and the value keep their narrowest: 60 - 14 - 17 - 2.
    assert widths[3] == 27
    assert widths[0] == 12 and widths[1] == 15
    # The name at full width leaves the value its room: never every value column gone.
    widths = fit_columns(COLUMNS, [90, 15, 10, 12, 5], 60, full={0})
    assert widths[0] == 60 - 2 - 17 and widths[1] == 15


def test_trailing_cells_are_used_only_when_tight() -> None:
    assert _used(fit_columns(COLUMNS, [30, 15, 10, 12, 5], 101, trailing=1)) == 100
    tight = fit_columns(COLUMNS, [12, 25, 8, 11, 5], 65, trailing=1)
    assert tight[:4] == [12, 25, 8, 11]


# -- the tables' rows ------------------------------------------------------------------------


def test_sources_list_the_most_cited_first(catalog: Catalog) -> None:
    spec = source_table(catalog, "en")
    counts = [int(row.cells[2]) for row in spec.rows]
    assert counts == sorted(counts, reverse=True)
    assert counts[0] > counts[-1]
    assert len(spec.rows) == len(catalog.data.sources)


def test_rows_mark_combined_scopes_and_weak_sources(catalog: Catalog) -> None:
    marked_scope = marked_value = 0
    for sector in catalog.sectors:
        spec = indicator_table(catalog, sector, "en")
        for row in spec.rows:
            ind = catalog.indicators[row.key]
            last = catalog.series[row.key][-1]
            region = catalog.regions[ind.region]
            assert row.cells[3].endswith(SCOPE_MARK) == bool(region.members)
            weak = weakness(last, catalog.sources) is not None
            assert row.cells[1].endswith(WEAK_MARK) == weak
            kinds = {catalog.sources[e.source].kind for e in last.evidence}
            weak_kinds = {
                "official_mirror",
                "state_media_mirror",
                "mirror",
                "unrelated_copy",
                "secondary",
                "copy_without_address",
            }
            assert weak == (kinds <= weak_kinds)
            marked_scope += row.cells[3].endswith(SCOPE_MARK)
            marked_value += weak
            if weak:
                fields = dict(indicator_detail(catalog, row.key, "en").fields)
                assert fields["Caveat"].startswith("rests only on")
                zh = dict(indicator_detail(catalog, row.key, "zh").fields)
                assert zh["注意"].startswith("仅依据")
            else:
                assert "Caveat" not in dict(indicator_detail(catalog, row.key, "en").fields)
    assert marked_scope and marked_value


def test_the_help_explains_the_marks() -> None:
    text = help_text("en").plain
    assert f"{SCOPE_MARK} " in text and "several places together" in text
    assert f"{WEAK_MARK} " in text and "copies or secondary sources" in text


# -- in the app ------------------------------------------------------------------------------


def _table(app: BijieApp, table_id: str) -> RecordTable:
    return app.screen_stack[0].query_one(f"#{table_id}", RecordTable)


def _shown(table: RecordTable, key: str) -> list[str]:
    return [str(cell) for cell in table.get_column(key)]


def _line(table: RecordTable, y: int) -> str:
    return "".join(segment.text for segment in table.render_line(y))


async def test_the_overview_at_80x24_shows_whole_sector_names_and_years(
    catalog: Catalog,
) -> None:
    app = BijieApp(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await idle(pilot)
        table = _table(app, "headlines")
        sectors = [catalog.sectors[s.id].name.en for s in catalog.data.sectors if s.headline]
        assert _shown(table, "sector") == sectors
        for row, period in zip(table.shown, _shown(table, "period"), strict=True):
            year = re.search(r"\d{4}", row.cells[3])
            assert year is not None and year.group() in period, (row.cells[3], period)
        # Numbers are right-aligned: their last characters line up, heading too.
        lines = [_line(table, y) for y in range(len(table.shown) + 1)]
        x = _line(table, 0).index("Value") + len("Value")
        assert all(line[x - 1] != " " and line[x] == " " for line in lines)


@pytest.mark.slow
async def test_period_is_shown_from_100_columns_and_the_name_gets_the_slack(
    catalog: Catalog,
) -> None:
    app = BijieApp(catalog)
    async with app.run_test(size=(100, 30)) as pilot:
        for number, sector in enumerate(catalog.sector_ids(), start=2):
            await pilot.press(str(number))
            await idle(pilot)
            table = _table(app, f"{sector}-indicators")
            for size in ((100, 30), (120, 30), (160, 40)):
                await pilot.resize_terminal(*size)
                await idle(pilot)
                assert table.widths[2] is not None, (sector, size)
        await pilot.resize_terminal(200, 40)
        await idle(pilot)
        # Wide enough: no period or scope is cut, and the name is widest of all.
        table = _table(app, f"{catalog.sector_ids()[-1]}-indicators")
        assert all("…" not in cell for cell in _shown(table, "period"))
        widths = [w for w in table.widths if w is not None]
        assert table.widths[0] == max(widths)


async def test_minus_hides_a_column_and_underscore_shows_it_whole(catalog: Catalog) -> None:
    app = BijieApp(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        table = _table(app, "employment-indicators")
        await idle(pilot)
        assert table.spec is not None
        assert table.spec.columns[table.column].key == "indicator"
        assert any("…" in cell for cell in _shown(table, "indicator"))
        narrow = table.widths[0]
        await pilot.press("underscore")
        # As wide as it can be while the latest value keeps its room (issue 24, item 9).
        assert table.widths[1] is not None and table.widths[0] is not None
        assert narrow is not None and table.widths[0] > narrow
        assert [i for i, _ in table.visible_columns()] == [0, 1]
        await pilot.press("underscore")
        assert any("…" in cell for cell in _shown(table, "indicator"))
        await pilot.press("greater_than_sign", "greater_than_sign")  # Period
        assert table.spec.columns[table.column].key == "period"
        before = _line(table, 0)
        await pilot.press("minus")
        assert "Period" not in _line(table, 0)
        assert table.widths[2] is None
        await pilot.press("minus")  # straight after: shown back
        assert _line(table, 0) == before
        assert table.spec.columns[table.column].key == "period"
        await pilot.press("minus", "less_than_sign", "minus")  # another column: hides it
        assert table.widths[2] is None and table.widths[1] is None


@pytest.mark.slow
async def test_a_filter_that_matches_nothing_says_so_and_clears_the_pane(
    catalog: Catalog,
) -> None:
    app = BijieApp(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "down")
        view = app.query_one("#view-employment", BrowseView)
        pane = view.query_one(DetailPane)
        await until(
            pilot, lambda: pane.detail is not None and bool(pane.detail.title), "the pane filled"
        )
        await pilot.press("slash", *"zzqqx", "enter")
        await idle(pilot)
        table = _table(app, "employment-indicators")
        assert table.row_count == 0
        assert "No rows match “zzqqx”" in _line(table, 1)
        assert not "".join(pane_lines(app, pane)).strip()  # an empty pane
        assert pane.detail is not None and not pane.detail.fields
        await pilot.press("escape")
        await idle(pilot)
        await _wait_for_title(pilot, view)


async def _wait_for_title(pilot: Pilot[None], view: BrowseView) -> None:
    pane = view.query_one(DetailPane)
    await until(
        pilot, lambda: bool(pane_lines(pilot.app, pane)[0]), "the pane showing a record again"
    )


async def test_chinese_filter_message(catalog: Catalog) -> None:
    app = BijieApp(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("l", "2", "slash", *"zzqqx", "enter")
        await idle(pilot)
        assert "没有匹配“zzqqx”的行" in _line(_table(app, "employment-indicators"), 1)


async def test_columns_stay_put_while_the_rows_scroll_under_them(catalog: Catalog) -> None:
    """Scrolling one row at a time, a column widens for a wider value coming on screen and
    none narrows (one may go, the least important, when the width cannot hold them all), so
    the rows move under still columns (and the terminal can scroll them); a filter fits the
    columns to the rows on screen again."""
    app = BijieApp(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        table = _table(app, "employment-indicators")
        await idle(pilot)
        name = table.name_column()
        widths = list(table.widths)
        tops = set()
        changes = 0
        while table.cursor_row < len(table.shown) - 1:
            await pilot.press("down")
            await idle(pilot)
            tops.add(table.scroll_offset.y)
            now = list(table.widths)
            for i, (was, width) in enumerate(zip(widths, now, strict=True)):
                if i != name and was is not None and width is not None:
                    assert width >= was, (table.cursor_row, widths, now)
            changes += now != widths
            widths = now
        assert len(tops) > 20 and changes < len(tops) / 4, (len(tops), changes)
        # At the end, a value as wide as the widest seen keeps its width; the filter fits anew.
        await pilot.press("slash", *"bijie", "enter")
        await idle(pilot)
        assert table.widths != widths or table.query_text
