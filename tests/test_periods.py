"""One wording of a period everywhere (issue 24, item 15): the dates, ``?`` when the label
doubts them, then the label after `` · ``, never brackets in brackets; the table's years name
the same years as the detail, in English and Chinese."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from bijie_tui.app import BijieApp
from bijie_tui.model.details import indicator_detail
from bijie_tui.model.format import (
    PERIOD_LABEL_SEPARATOR,
    UNCERTAIN_MARK,
    Lang,
    period_text,
    period_uncertain,
    period_years,
)
from bijie_tui.model.query import Catalog
from bijie_tui.model.schema import Period
from bijie_tui.model.sqlite_export import write_sqlite
from bijie_tui.widgets.detail import DetailPane
from bijie_tui.widgets.record_table import RecordTable
from pilot_helpers import idle, settled_pane

LANGS: tuple[Lang, ...] = ("en", "zh")
YEAR = re.compile(r"(?<![0-9])[0-9]{4}(?![0-9])")
POVERTY = "bijie-poverty-rate"


def _period(kind: str, start: str | None, end: str | None, label: str | None = None) -> Period:
    return Period.model_validate({"kind": kind, "start": start, "end": end, "label": label})


def _depth(text: str) -> int:
    """How deep brackets nest in ``text`` (ASCII and full-width)."""
    depth = deepest = 0
    for char in text:
        if char in "(（":
            depth += 1
            deepest = max(deepest, depth)
        elif char in ")）":
            depth -= 1
    return deepest


def _dates(text: str) -> str:
    return text.split(PERIOD_LABEL_SEPARATOR, 1)[0]


@pytest.mark.parametrize("lang", LANGS)
def test_no_period_holds_a_bracket_so_none_nests(catalog: Catalog, lang: Lang) -> None:
    for fig in catalog.data.figures:
        text = period_text(fig.period, lang)
        assert _depth(text) == 0, (fig.id, text)
        assert _depth(catalog.row(fig, lang)["period"]) == 0, fig.id
    for ind_id in catalog.series:
        latest = dict(indicator_detail(catalog, ind_id, lang).fields)
        value = latest["Latest" if lang == "en" else "最新"]
        assert _depth(value) <= 1, (ind_id, value)


@pytest.mark.parametrize("lang", LANGS)
def test_the_tables_years_are_the_years_of_the_detail(catalog: Catalog, lang: Lang) -> None:
    for fig in catalog.data.figures:
        years, text = period_years(fig.period, lang), period_text(fig.period, lang)
        dates = _dates(text)
        assert YEAR.findall(years) == sorted(
            set(YEAR.findall(dates)), key=YEAR.findall(dates).index
        )
        assert years.endswith(UNCERTAIN_MARK) == dates.endswith(UNCERTAIN_MARK), (years, text)
        assert period_text(fig.period, lang, with_label=False) == dates  # the chart's label


def test_a_label_that_only_restates_the_dates_is_not_there(catalog: Catalog) -> None:
    for fig in catalog.data.figures:
        text = period_text(fig.period, "en")
        if PERIOD_LABEL_SEPARATOR in text:
            dates, label = text.split(PERIOD_LABEL_SEPARATOR, 1)
            assert label.lower() != dates.lower().rstrip(UNCERTAIN_MARK), text
            assert not label.lower().endswith(dates.lower()), text


def test_uncertain_dates_are_those_the_label_doubts(catalog: Catalog) -> None:
    doubted = {f.period.label for f in catalog.data.figures if period_uncertain(f.period)}
    assert doubted == {
        "to c. 2019",
        "year inferred",
        "c. 2020, plan",
        "reported July 2020; probably end-2019",
        "5 years, inferred: undated copy",
        "World TB Day, 24 March; inferred",
        "c. winter 2025, inferred: undated copy",
        "the end is inferred",
    }
    # Undated periods say "undated", whatever their label guesses.
    guess = _period("event", None, None, "28 May, year not shown, probably 2025")
    assert not period_uncertain(guess)
    assert period_years(guess) == "undated" and period_text(guess) == (
        "undated · 28 May, year not shown, probably 2025"
    )


@pytest.mark.parametrize(
    ("period", "en", "zh", "years_en", "years_zh"),
    [
        (
            _period("as_of", None, "2020-07", "reported July 2020; probably end-2019"),
            "as of Jul 2020? · reported July 2020; probably end-2019",
            "截至2020年7月? · 日期不确定",
            "2020?",
            "2020年?",
        ),
        (
            _period("as_of", None, "2020", "c. 2020, plan"),
            "as of 2020? · c. 2020, plan",
            "截至2020年? · 日期不确定、计划目标",
            "2020?",
            "2020年?",
        ),
        (
            _period("cumulative", "2016", "2020", "13th Five-Year Plan"),
            "2016–2020 · 13th Five-Year Plan",  # a period's name, not a plan
            "2016–2020年",
            "2016–2020",
            "2016–2020年",
        ),
        (
            _period("as_of", None, "2022-06", "planned"),
            "as of Jun 2022 · planned",
            "截至2022年6月 · 计划目标",
            "2022",
            "2022年",
        ),
        (_period("as_of", "2022-01", "2022-08"), "Jan–Aug 2022", "2022年1–8月", "2022", "2022年"),
    ],
)
def test_one_wording_in_both_languages(
    period: Period, en: str, zh: str, years_en: str, years_zh: str
) -> None:
    assert (period_text(period, "en"), period_text(period, "zh")) == (en, zh)
    assert (period_years(period, "en"), period_years(period, "zh")) == (years_en, years_zh)


def test_latest_csv_and_sqlite_say_the_period_as_the_detail_does(
    catalog: Catalog, tmp_path: Path
) -> None:
    employment = dict(indicator_detail(catalog, "bijie-rural-workers-jobs-guangdong", "en").fields)
    assert employment["Latest"].startswith("43,139 people (Jan–Aug 2022)")
    last = catalog.series[POVERTY][-1]
    en = "as of Jul 2020? · reported July 2020; probably end-2019"
    zh = "截至2020年7月? · 日期不确定"
    assert dict(indicator_detail(catalog, POVERTY, "en").fields)["Latest"].startswith(
        f"1.54% ({en})"
    )
    assert dict(indicator_detail(catalog, POVERTY, "zh").fields)["最新"].startswith(f"1.54% ({zh})")
    assert (catalog.row(last, "en")["period"], catalog.row(last, "zh")["period"]) == (en, zh)
    write_sqlite(catalog, tmp_path / "b.sqlite")
    with sqlite3.connect(tmp_path / "b.sqlite") as db:
        got = db.execute(
            "SELECT period_en, period_zh FROM figures WHERE id = ?", (last.id,)
        ).fetchone()
    assert got == (en, zh)


@pytest.mark.parametrize(("lang", "size"), [("en", (120, 36)), ("zh", (80, 24))])
async def test_the_table_row_and_the_latest_field_agree(
    catalog: Catalog, lang: Lang, size: tuple[int, int]
) -> None:
    app = BijieApp(catalog, lang=lang)
    async with app.run_test(size=size) as pilot:
        await pilot.press("6")
        await idle(pilot)
        table = app.query_one("#context-indicators", RecordTable)
        table.move_cursor(row=table.get_row_index(POVERTY))
        pane = await settled_pane(pilot, "context")
        assert isinstance(pane, DetailPane)
        screen = [strip.text for strip in app.screen._compositor.render_strips()]
        name = catalog.indicators[POVERTY].name.en if lang == "en" else "毕节市贫困发生率"
        box = table.region
        rows = [line[box.x : box.right] for line in screen[box.y : box.bottom]]
        # The name may be cut to fit beside the pane: its start says which row it is.
        row = next(line for line in rows if name[:8] in line)
        years = "2020?" if lang == "en" else "2020年?"
        assert f" {years} " in row, row
        region = pane.content_region
        text = " ".join(
            line[region.x : region.right].strip() for line in screen[region.y : region.bottom]
        )
        latest = (
            "Latest: 1.54% (as of Jul 2020? · reported July 2020; probably end-2019)"
            if lang == "en"
            else "最新: 1.54% (截至2020年7月? · 日期不确定)"
        )
        assert latest in text, text
