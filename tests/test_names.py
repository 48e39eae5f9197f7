"""Names cut so that rows that differ read differently (model/names.py) and the keys on columns."""

from __future__ import annotations

import pytest

from bijie_tui.model.names import distinct_cuts

TIANHE = [
    "Tianhe assistance funds to Nayong (annual)",
    "Tianhe assistance funds to Nayong (cumulative)",
    "Tianhe assistance projects in Nayong (annual)",
    "Tianhe assistance projects in Nayong (cumulative)",
]
HUAWU = ["Huawu village May Day holiday tourists", "Huawu village May Day holiday tourism revenue"]


@pytest.mark.parametrize("width", [24, 30, 40])
def test_names_that_differ_read_differently(width: int) -> None:
    shown = distinct_cuts([*TIANHE, *HUAWU, "short"], width)
    assert len(set(shown)) == len(shown)
    assert all(len(s) <= width for s in shown)
    assert shown[-1] == "short"


def test_the_part_that_differs_is_kept() -> None:
    assert distinct_cuts(HUAWU, 24) == ["Huawu…tourists", "Huawu…tourism revenue"]
    assert distinct_cuts(["化屋村“五一”假期游客量", "化屋村“五一”假期旅游收入"], 12) == [
        "化…游客量",
        "化…旅游收入",
    ]
