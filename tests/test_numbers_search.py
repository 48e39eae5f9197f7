"""A figure is found by its number, as written or by its value, in any grouping or unit."""

from __future__ import annotations

import pytest

from bijie_tui.model.numbers_search import (
    figure_tokens,
    is_number_query,
    matches,
    number_tokens,
    query_terms,
)
from bijie_tui.model.query import Catalog
from bijie_tui.model.tables import indicator_table


def _finds(query: str, *forms: str, values: tuple[float, ...] = ()) -> bool:
    text = " ".join(number_tokens(" ".join(forms))) + " " + figure_tokens(forms, values)
    return matches(query_terms(query), text)


@pytest.mark.parametrize(
    "query",
    ["43139", "43,139", "4.3139万", "4.3139 万", "43139%"],
)
def test_a_count_is_found_in_any_grouping_or_unit(query: str) -> None:
    assert _finds(query, "43,139 people", "43,139人", values=(43139.0,))


@pytest.mark.parametrize(
    "query",
    [
        "2.02 billion",
        "2.02billion",
        "2.02 BILLION",
        "20.2亿",
        "2020000000",
        "2,020,000,000",
        "2020 million",
        "202000万",
        "2.02",
    ],
)
def test_a_scaled_sum_is_found_by_its_value_in_english_and_chinese_units(query: str) -> None:
    assert _finds(query, "2.02 billion yuan", "20.2亿元", values=(2.02e9,))


def test_a_bare_number_matches_a_whole_number_as_written_never_part_of_one() -> None:
    assert _finds("73", "73 companies", values=(73.0,))
    assert _finds("73", "73%")
    assert not _finds("73", "1,730 people", values=(1730.0,))
    assert not _finds("73", "7.3%", values=(7.3,))
    assert not _finds("73", "2073")
    assert not _finds("7", "73 companies", values=(73.0,))


def test_two_point_oh_two_matches_the_digits_as_written_and_the_value() -> None:
    assert _finds("2.02", "2.02 billion yuan")  # the display's digits
    assert _finds("2.02", "2.02%", values=(2.02,))  # the value itself
    assert not _finds("2.02", "12.025 million")
    assert not _finds("2.02", "20.2亿元", values=(2.02e9,))  # other digits, other value


def test_a_value_with_a_unit_must_be_the_value() -> None:
    assert not _finds("2.02 million", "2.02 billion yuan", values=(2.02e9,))
    assert not _finds("4.3139亿", "43,139 people", values=(43139.0,))


def test_words_are_matched_as_before_and_numbers_with_them() -> None:
    text = "migrant workers in guangdong " + figure_tokens(["43,139 people"], (43139.0,))
    assert matches(query_terms("migrant 43,139"), text)
    assert matches(query_terms("Guang"), text)
    assert not matches(query_terms("migrant 43,138"), text)
    assert query_terms("tianhe nayong") == [("tianhe",), ("nayong",)]


def test_what_a_number_query_is() -> None:
    for query in ("73", "43,139", "2.02 billion", "20.2亿", "4.3139万", " 73 "):
        assert is_number_query(query), query
    for query in ("", "5g", "73 people", "tianhe", "2.02.1"):
        assert not is_number_query(query), query


@pytest.mark.parametrize(
    ("query", "sector", "name"),
    [
        ("43139", "employment", "Bijie rural migrant workers helped into jobs in Guangdong"),
        ("43,139", "employment", "Bijie rural migrant workers helped into jobs in Guangdong"),
        ("4.3139万", "employment", "Bijie rural migrant workers helped into jobs in Guangdong"),
        ("2.02 billion", "industry", "Investment by Guangdong companies in Bijie (cumulative)"),
        ("20.2亿", "industry", "Investment by Guangdong companies in Bijie (cumulative)"),
        ("2.02", "industry", "Investment by Guangdong companies in Bijie (cumulative)"),
        ("73", "industry", "Guangdong companies that invested in Bijie (cumulative)"),
    ],
)
def test_the_filter_finds_a_figure_by_its_number(
    catalog: Catalog, query: str, sector: str, name: str
) -> None:
    found = [
        (spec_sector, row.cells[0])
        for spec_sector in catalog.sector_ids()
        for row in indicator_table(catalog, spec_sector, "en").matching(query)
    ]
    assert found == [(sector, name)]


def test_the_filter_finds_an_earlier_figure_of_a_series_too(catalog: Catalog) -> None:
    ind = next(i for i, figs in catalog.series.items() if len(figs) > 2)
    first = catalog.series[ind][0]
    shown = catalog.display_value(first, "en")
    sector = catalog.indicators[ind].sector
    keys = [r.key for r in indicator_table(catalog, sector, "en").matching(shown.split()[0])]
    assert ind in keys
