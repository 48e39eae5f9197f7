"""A series as a chart and as a sparkline: measured from zero, gaps kept, nothing invented."""

from __future__ import annotations

import pytest

from bijie_tui.model.chart import (
    Point,
    bar_text,
    cell_len,
    layout,
    row_lines,
    scale_text,
    series_points,
)
from bijie_tui.model.format import spark
from bijie_tui.model.query import Catalog


def _points(*values: float | None) -> list[Point]:
    return [
        Point(str(2016 + i), v, "" if v is None else f"{v:g} yuan") for i, v in enumerate(values)
    ]


def test_bars_are_measured_from_zero() -> None:
    chart = layout(_points(100.0, 97.5, 50.0), 60)
    bars = [row.eighths for row in chart.rows]
    assert chart.left == 0
    full = chart.right * 8
    assert bars[0] == full
    # a 2.5 % dip is a 2.5 % shorter bar, and half the value is half the bar
    assert bars[1] == round(full * 0.975)
    assert bars[2] == round(full * 0.5)


def test_each_line_fits_the_width() -> None:
    points = _points(10_000_000.0, 11_000_000.0, 72_500_000.0)
    for width in (80, 40, 24):
        chart = layout(points, width)
        for above, lead, bar, row in row_lines(chart):
            assert cell_len(above) <= width
            assert cell_len(f"{lead}{bar} {row.text}") <= width


def test_long_labels_go_on_a_line_of_their_own() -> None:
    points = [
        Point("2021-05-01 to 2021-05-05", 1.0, "1 yuan"),
        Point("2022-05-01 to 2022-05-05", 2.0, "2 yuan"),
    ]
    chart = layout(points, 40)
    assert chart.stacked
    assert chart.height == 4
    lines = row_lines(chart)
    assert lines[0][0] == "2021-05-01 to 2021-05-05"
    assert lines[1][2].startswith("│█")
    assert not layout(points, 120).stacked


def test_a_gap_has_no_bar_and_its_neighbours_keep_theirs() -> None:
    chart = layout(_points(4.0, None, 8.0), 40)
    kinds = [row.kind for row in chart.rows]
    assert kinds == ["bar", "gap", "bar"]
    assert chart.rows[1].eighths == 0
    assert chart.rows[0].eighths * 2 == chart.rows[2].eighths
    lines = row_lines(chart)
    assert lines[1][2] == "┊"
    assert row_lines(chart, ascii_only=True)[1][2] == ":"


def test_one_figure_is_a_point_without_a_bar_or_scale() -> None:
    chart = layout(_points(5.0), 40, "bars from 0 to 5 yuan")
    assert [row.kind for row in chart.rows] == ["point"]
    assert chart.scale == ""
    assert chart.height == 1
    assert row_lines(chart)[0][2] == ""


def test_a_value_above_zero_is_never_an_empty_bar() -> None:
    chart = layout(_points(1.0, 1_000_000.0), 30)
    assert chart.rows[0].eighths == 1
    assert bar_text(1) == "▏"
    assert bar_text(1, ascii_only=True) == "."
    assert layout(_points(0.0, 5.0), 30).rows[0].eighths == 0


def test_negative_values_are_drawn_left_of_the_axis() -> None:
    chart = layout(_points(-5.0, 5.0), 30)
    assert chart.left == chart.right
    lines = row_lines(chart)
    assert lines[0][2].endswith("█│")
    assert lines[1][2].startswith(" " * chart.left + "│█")


@pytest.mark.parametrize(
    ("eighths", "unicode", "ascii"),
    [(0, "", ""), (8, "█", "#"), (12, "█▌", "##"), (17, "██▏", "##"), (3, "▍", ".")],
)
def test_bar_text(eighths: int, unicode: str, ascii: str) -> None:
    assert bar_text(eighths) == unicode
    assert bar_text(eighths, ascii_only=True) == ascii


def test_missing_years_become_gaps(catalog: Catalog) -> None:
    points = series_points(catalog, catalog.series["bijie-income-urban"], "en")
    assert [(p.label, p.value is None) for p in points] == [
        ("2005", False),
        ("2006–2014", True),
        ("2015", False),
        ("2016–2017", True),
        ("2018", False),
        ("2019", True),
        ("2020", False),
    ]
    assert points[1].text == "no figures"
    assert points[0].text == catalog.display_value(catalog.series["bijie-income-urban"][0], "en")


def test_consecutive_years_and_other_periods_have_no_gaps(catalog: Catalog) -> None:
    tianhe = series_points(catalog, catalog.series["tianhe-nayong-funds"], "en")
    assert [p.label for p in tianhe] == ["2016", "2017", "2018", "2019", "2020"]
    assert all(p.value is not None for p in tianhe)
    poverty = series_points(catalog, catalog.series["bijie-poverty-rate"], "zh")
    assert len(poverty) == len(catalog.series["bijie-poverty-rate"])
    assert all(p.value is not None for p in poverty)


def test_the_scale_uses_the_unit_latest_uses(catalog: Catalog) -> None:
    figures = catalog.series["tianhe-nayong-funds"]
    top = max(figures, key=lambda f: f.value)
    assert (
        scale_text(catalog, figures, "en") == f"bars from 0 to {catalog.display_value(top, 'en')}"
    )
    assert scale_text(catalog, figures, "zh").endswith(catalog.display_value(top, "zh"))


def test_spark_is_measured_from_zero() -> None:
    dip = spark([100.0, 97.5, 100.0])
    assert len(dip) == 3
    assert dip[1] in "▇█"  # a 2.5 % dip stays near the top
    assert spark([0.0, 10.0]) == "▁█"
    assert spark([5.0, 10.0]) == "▅█"


def test_spark_equal_values_are_flat_and_one_point_is_no_trend() -> None:
    assert spark([3.0, 3.0, 3.0]) == "███"
    assert spark([0.0, 0.0]) == "▁▁"
    assert spark([7.0]) == ""
    assert spark([-2.0, 2.0]) == "▁█"
    assert spark([100.0, 50.0], ascii_only=True) == "#o"
