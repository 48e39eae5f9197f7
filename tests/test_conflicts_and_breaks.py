"""Two sources that disagree are both shown, side by side; a series whose definition changes is
broken where it changes, in the trend, the chart and the values, never joined across."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest

from bijie_tui.cli import run
from bijie_tui.model.chart import layout, row_lines, series_points
from bijie_tui.model.details import indicator_detail, source_detail
from bijie_tui.model.format import spark
from bijie_tui.model.query import Catalog
from bijie_tui.model.tables import indicator_table
from bijie_tui.widgets.glyphs import ascii_str


def test_a_break_is_marked_in_a_trend_and_only_between_points() -> None:
    assert spark([1.0, 2.0, 4.0]) == "▃▅█"
    assert spark([1.0, 2.0, 4.0], breaks={2}) == "▃▅¦█"
    assert spark([1.0, 2.0, 4.0], ascii_only=True, breaks={1}) == ":/o#"
    assert spark([1.0, 2.0], breaks={0}) == "▅█"  # nothing comes before the first point
    assert ascii_str("¦≠┄") == "/!-"


def test_a_figure_beside_another_is_not_in_the_series(catalog: Catalog) -> None:
    gdp = catalog.series["bijie-gdp"]
    assert [f.period.start for f in gdp] == ["1988", "2002", "2011", "2015", "2018", "2020", "2022"]
    assert [f.value for f in gdp if f.period.start == "2015"] == [146_138_000_000]
    (other,) = catalog.disagreeing["GB368"]
    assert (other.id, other.value, other.evidence[0].source) == (
        "GB389",
        146_135_000_000,
        "NFTAPE2015",
    )
    # Every figure is in what an export of the indicator holds, the other right after its own.
    ids = [f.id for f in catalog.all_figures("bijie-gdp")]
    assert ids[ids.index("GB368") + 1] == "GB389"
    assert len(ids) == len(gdp) + 1


@pytest.mark.parametrize(
    ("indicator", "lang", "own", "other"),
    [
        (
            "bijie-gdp",
            "en",
            "  2015: 146,138,000,000 yuan  [stated by the source]  [WIKIZH_BJ]",
            "    ≠ another source gives 146,135,000,000 yuan (2015)  [NFTAPE2015]",
        ),
        (
            "bijie-gdp-per-capita",
            "en",
            "  2020: 29,295 yuan  [stated by the source]  [WIKI_GZGDP]",
            "    ≠ another source gives more than 30,000 yuan (2020)  [BJGZBG2021]",
        ),
        (
            "bijie-forest-coverage",
            "zh",
            "  截至2012年: 43.1%  [来源原文所载]  [DJ2023]",
            "    ≠ 另一来源为 41.5% (截至2012年3月)  [CD2012BJ]",
        ),
        (
            "bijie-resident-population",
            "zh",
            "  截至2015年: 6,606,100人  [来源原文所载]  [WIKIZH_BJ]",
            "    ≠ 另一来源为 6,541,200人 (截至2015年12月)  [NFTAPE2015]",
        ),
    ],
)
def test_the_detail_shows_both_values_each_with_its_source(
    catalog: Catalog, indicator: str, lang: str, own: str, other: str
) -> None:
    detail = indicator_detail(catalog, indicator, lang)  # type: ignore[arg-type]
    lines = detail.text().splitlines()
    assert own in lines
    assert lines[lines.index(own) + 2] == other or lines[lines.index(own) + 1] == other
    caveats = dict(detail.fields)
    assert any("disagree" in v or "不一致" in v for v in caveats.values())
    # Both sources are quoted in full under Sources.
    quoted = {line.text.split("]")[0][1:] for line in detail.lines if line.text.startswith("[")}
    assert other.rsplit("[", 1)[1].rstrip("]") in quoted


def test_the_chart_puts_the_other_value_beside_the_bar(catalog: Catalog) -> None:
    points = series_points(catalog, catalog.series["bijie-gdp"], "en")
    (p2015,) = [p for p in points if p.label == "2015"]
    assert p2015.value == 146_138_000_000
    assert p2015.text == "146.138 billion yuan ≠ 146.135 billion yuan"


def test_a_break_in_the_chart_the_table_and_the_values(catalog: Catalog) -> None:
    figures = catalog.series["bijie-poor-population"]
    assert [f.value for f in figures] == [600_000, 320_000, 924_300, 444_100]
    points = series_points(catalog, figures, "en")
    assert [(p.label, p.brk) for p in points] == [
        ("as of Dec 2006", False),
        ("as of Mar 2012", False),
        ("", True),
        ("as of Dec 2016", False),
        ("as of Dec 2018", False),
    ]
    chart = layout(points, 60)
    drawn = row_lines(chart)
    assert [row.kind for *_, row in drawn] == ["bar", "bar", "break", "bar", "bar"]
    _, lead, bar, row = drawn[2]
    assert bar == "┄" * (chart.left + 1 + chart.right)
    assert row.text == "new definition: not comparable"
    assert lead.strip() == ""
    assert set(row_lines(chart, ascii_only=True)[2][2]) == {"-"}
    # The table's trend: two points, the mark, two points.
    table = indicator_table(catalog, "context", "en")
    (trend,) = [r.cells[4] for r in table.rows if r.key == "bijie-poor-population"]
    assert trend[2] == "¦" and len(trend) == 5
    # The detail says where and why.
    text = indicator_detail(catalog, "bijie-poor-population", "en").text()
    assert "Breaks: new definition from 2016 (¦): figures either side are not comparable" in text
    assert (
        "  ¦ New definition from here: China raised its national poverty line in late 2011" in text
    )


def test_a_break_comes_after_the_gap_before_the_first_new_figure(catalog: Catalog) -> None:
    points = series_points(catalog, catalog.series["bijie-income-rural"], "en")
    assert [(p.label, p.brk) for p in points[:4]] == [
        ("2005", False),
        ("2006–2014", False),
        ("", True),
        ("2015", False),
    ]


def test_a_copy_on_an_unrelated_site_is_not_a_link(catalog: Catalog) -> None:
    assert catalog.sources["GZRB2025"].kind == "unrelated_copy"
    for detail in (
        indicator_detail(catalog, "gz-bijie-consumption-aid-sales-cumulative", "en"),
        source_detail(catalog, "GZRB2025", "en"),
    ):
        url = catalog.sources["GZRB2025"].url
        assert not any(line.style == "link" and line.text == url for line in detail.lines)
        assert "copy on an unrelated site" in detail.text()
    detail = indicator_detail(catalog, "gz-bijie-consumption-aid-sales-cumulative", "en")
    (at,) = [i for i, line in enumerate(detail.lines) if line.text == url]
    assert detail.lines[at].style == "dim"
    assert detail.lines[at + 1].text == "copy on an unrelated site (address shown, not linked)"


def test_exports_hold_both_values_and_the_break(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["show", "context", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    by_id = {r["figure_id"]: r for r in rows}
    assert by_id["GB389"]["disagrees_with"] == "GB368"
    assert by_id["GB368"]["disagrees_with"] == ""
    assert by_id["GB134"]["break_before"].startswith("China raised its national poverty line")
    assert run(["show", "context", "--format", "json"]) == 0
    records = {r["figure_id"]: r for r in json.loads(capsys.readouterr().out)}
    assert records["GB389"]["value"] == 146_135_000_000
    out = tmp_path / "bijie.sqlite"
    assert run(["export", "--sqlite", str(out)]) == 0
    capsys.readouterr()
    with sqlite3.connect(out) as db:
        row = db.execute(
            "SELECT disagrees_with, value_text FROM figures WHERE id = 'GB389'"
        ).fetchone()
        assert row == ("GB368", "146135000000")
        (brk,) = db.execute("SELECT break_zh FROM figures WHERE id = 'GB134'").fetchone()
        assert brk.startswith("2011年底国家提高扶贫标准")
