"""What a reader is told: what a tab holds, what an export wrote and where, what a copy of a
pairing carries, and the keys that stay in a narrow footer."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from bijie_tui.app import BijieApp
from bijie_tui.model.query import Catalog
from bijie_tui.widgets.record_table import RecordTable
from pilot_helpers import idle


def _table(app: BijieApp, table_id: str) -> RecordTable:
    return app.screen_stack[0].query_one(f"#{table_id}", RecordTable)


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "Exported 5 rows, {n} figures in all (every figure of each), to {path}"),
        ("zh", "已导出5行,共{n}个数字(每行的全部数字),到 {path}"),
    ],
)
async def test_e_on_the_overview_says_the_rows_and_figures_it_wrote_and_where(
    catalog: Catalog, tmp_path: Path, lang: str, said: str
) -> None:
    app = BijieApp(catalog, lang=lang)  # type: ignore[arg-type]
    async with app.run_test(size=(80, 24)) as pilot:
        await idle(pilot)
        table = _table(app, "headlines")
        assert table.has_focus
        assert len(table.shown) == 5
        await pilot.press("e", "enter")
        await idle(pilot)
        path = tmp_path / "bijie-headlines-2026-12-06.csv"
        with path.open(encoding="utf-8") as handle:
            written = len(list(csv.DictReader(handle)))
        assert written > 5  # a headline writes every figure of its series
        messages = [n.message for n in app._notifications]
        assert messages == [said.format(n=written, path=path.resolve())]


async def test_e_where_each_row_is_one_record_counts_rows(catalog: Catalog, tmp_path: Path) -> None:
    app = BijieApp(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await idle(pilot)
        await pilot.press("tab", "e", "enter")  # the pairings: one record a row
        await idle(pilot)
        table = _table(app, "pairings")
        path = (tmp_path / "bijie-pairings-2026-12-06.csv").resolve()
        assert [n.message for n in app._notifications] == [
            f"Exported {len(table.shown)} rows to {path}"
        ]


def _screen(app: BijieApp) -> list[str]:
    return [strip.text for strip in app.screen._compositor.render_strips()]


@pytest.mark.parametrize(
    ("lang", "before", "kept"),
    [
        (
            "en",
            "? Keys ⏎ Open / Filter s Sort e Export y Copy q Quit l 中文         ▏^p palette",
            "? Keys ⏎ Open / Filter esc Clear filter e Export q Quit l 中文      ▏^p palette",
        ),
        (
            "zh",
            "? 按键 ⏎ 打开 / 筛选 s 排序 e 导出 y 复制 q 退出 l English             ▏^p 命令",
            "? 按键 ⏎ 打开 / 筛选 esc 清除筛选 s 排序 e 导出 y 复制 q 退出 l English▏^p 命令",
        ),
    ],
)
async def test_a_kept_filter_at_80_columns_keeps_quit_and_the_language(
    catalog: Catalog, lang: str, before: str, kept: str
) -> None:
    app = BijieApp(catalog, lang=lang)  # type: ignore[arg-type]
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await idle(pilot)
        assert _screen(app)[-1].rstrip() == before
        await pilot.press("slash", *"guang", "enter")
        await idle(pilot)
        assert _screen(app)[-1].rstrip() == kept
        await pilot.press("escape")  # the filter cleared: every key again
        await idle(pilot)
        assert _screen(app)[-1].rstrip() == before


@pytest.mark.parametrize(
    ("lang", "pairing", "none"),
    [
        (
            "en",
            "2016–2020 (poverty alleviation): Tianhe District → Nayong County, confirmed, "
            "since 2016-09. Sources: ",
            "from 2021 (east–west collaboration): none known",
        ),
        (
            "zh",
            "2016–2020(脱贫攻坚): 天河区 → 纳雍县, 已证实, 始于 2016-09. 来源: ",
            "2021年起(东西部协作): 未见记载",
        ),
    ],
)
async def test_y_on_a_pairing_copies_the_pairing_and_its_sources(
    catalog: Catalog, lang: str, pairing: str, none: str
) -> None:
    app = BijieApp(catalog, lang=lang)  # type: ignore[arg-type]
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("tab", "slash", *"nayong", "enter", "y")
        await idle(pilot)
        lines = app.clipboard.split(" — ")
        assert lines[0] == ("Nayong County: Pairings" if lang == "en" else "纳雍县: 结对")
        assert lines[1].startswith(pairing)
        assert "http://news.ycwb.com/2020-08/28/content_1106024.htm" in lines[1]
        assert lines[2] == none
        assert len(lines) == 3


# -- what a tab holds, and the order its table opens in ----------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_the_overview_opens_with_what_the_collaboration_is(
    catalog: Catalog, lang: str, size: tuple[int, int]
) -> None:
    from bijie_tui.model.words import tr

    app = BijieApp(catalog, lang=lang)  # type: ignore[arg-type]
    async with app.run_test(size=size) as pilot:
        await idle(pilot)
        lines = _screen(app)
        headline = lines.index(next(x for x in lines if "━ " in x and x.startswith("┏")))
        # The dataset's description, wrapped, right under the tabs.
        prose = (" " if lang == "en" else "").join(x.strip() for x in lines[3:headline])
        assert prose == tr(catalog.data.description, lang)
        # Every headline is on the first screen, below it, with the table's lower border.
        heads = [s.headline for s in catalog.data.sectors if s.headline is not None]
        names = [tr(s.name, lang) for s in catalog.data.sectors if s.headline is not None]
        rows = lines[headline + 2 : headline + 2 + len(heads)]
        assert [r[2:].split()[0] for r in rows] == names
        assert lines[headline + 2 + len(heads)].startswith("┗")


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_each_tab_says_in_a_line_what_it_holds(catalog: Catalog, lang: str) -> None:
    from bijie_tui.model.tabs import tab_ids, tab_plan
    from bijie_tui.model.words import tr
    from bijie_tui.widgets.text import cut, safe

    app = BijieApp(catalog, lang=lang)  # type: ignore[arg-type]
    async with app.run_test(size=(80, 24)) as pilot:
        for n, tab in enumerate(tab_ids(catalog)[1:], start=2):
            await pilot.press(str(n))
            await idle(pilot)
            lines = _screen(app)
            about = tab_plan(catalog, tab).about
            assert about is not None
            assert lines[3].rstrip() == " " + cut(safe(tr(about, lang)), 78).plain, tab
            assert lines[4].startswith("┏")  # the table right below, its rows on screen
            assert sum(1 for x in lines[6:] if x.startswith("┃")) >= 7, tab


def test_a_sector_table_opens_on_its_headline_then_series_on_strong_sources(
    catalog: Catalog,
) -> None:
    from bijie_tui.model.caveats import weakness
    from bijie_tui.model.tables import indicator_table, timeline_table

    for sector in catalog.sector_ids():
        rows = indicator_table(catalog, sector, "en").rows
        assert rows[0].key == catalog.sectors[sector].headline
        weak = [weakness(catalog.series[r.key][-1], catalog.sources) is not None for r in rows[1:]]
        assert weak == sorted(weak), sector  # no row on strong sources after a weak one
        strong = [r.key for r, w in zip(rows[1:], weak, strict=True) if not w]
        lengths = [len(catalog.series[k]) for k in strong]
        series = [n for n in lengths if n > 1]
        assert lengths[: len(series)] == sorted(series, reverse=True), sector
    industry = [r.cells[0] for r in indicator_table(catalog, "industry", "en").rows[:5]]
    assert not any("Huawu" in name for name in industry)
    dates = [r.cells[0] for r in timeline_table(catalog, "en").rows]
    assert dates == sorted(dates, reverse=True)
    assert not dates[0].startswith("1996")
