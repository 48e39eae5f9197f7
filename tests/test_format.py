"""Numbers as readers expect them, in both languages."""

from __future__ import annotations

import pytest

from bijie_tui.model.format import figure_value, number, period_text, plain_number
from bijie_tui.model.schema import Evidence, Figure, Names, Period, Unit

YUAN = Unit(id="yuan", name=Names(en="yuan", zh="元"), scalable=True)
PEOPLE = Unit(id="people", name=Names(en="people", zh="人"), scalable=True)
PERCENT = Unit(id="percent", name=Names(en="%", zh="%"), scalable=False)


@pytest.mark.parametrize(
    ("value", "unit", "lang", "expected"),
    [
        (43139, PEOPLE, "en", "43,139"),
        (43139, PEOPLE, "zh", "4.31万"),
        (2_020_000_000, YUAN, "en", "2.02 billion"),
        (2_020_000_000, YUAN, "zh", "20.2亿"),
        (383_500_000, YUAN, "en", "383.5 million"),
        (383_500_000, YUAN, "zh", "3.835亿"),
        (36_120_990, YUAN, "zh", "3612万"),
        (9999, PEOPLE, "zh", "9,999"),
        (13.19, PERCENT, "en", "13.19"),
    ],
)
def test_number(value: float, unit: Unit, lang: str, expected: str) -> None:
    assert number(float(value), unit, lang) == expected  # type: ignore[arg-type]


def _figure(value: float, qualifier: str = "exact", upper: float | None = None) -> Figure:
    return Figure.model_validate(
        {
            "id": "f",
            "indicator": "i",
            "period": {"kind": "annual", "start": "2022", "end": "2022"},
            "value": value,
            "upper": upper,
            "qualifier": qualifier,
            "evidence": [Evidence(source="s", quote="q").model_dump()],
        }
    )


def test_qualifiers_and_units() -> None:
    students = Unit(id="students", name=Names(en="students", zh="名学生"), scalable=True)
    assert figure_value(_figure(1700, "more_than"), students, "en") == "more than 1,700 students"
    assert figure_value(_figure(1700, "more_than"), students, "zh") == "超过1,700名学生"
    assert figure_value(_figure(50, "more_than"), PERCENT, "en") == "more than 50%"
    assert figure_value(_figure(43139), PEOPLE, "en") == "43,139 people"
    assert figure_value(_figure(43139), PEOPLE, "zh") == "4.31万人"
    assert figure_value(_figure(43139), PEOPLE, "zh", exact=True) == "43,139人"
    assert figure_value(_figure(383_500_000), YUAN, "zh") == "3.835亿元"
    per_jin = Unit(id="ypj", name=Names(en="yuan/jin", zh="元/斤"), scalable=False)
    assert figure_value(_figure(30, "range", 120), per_jin, "en") == "30–120 yuan/jin"


def test_periods() -> None:
    assert period_text(Period(kind="annual", start="2018", end="2018")) == "2018"
    assert period_text(Period(kind="annual", start="2018", end="2018-11")) == "2018 (to 2018-11)"
    assert period_text(Period(kind="as_of", start=None, end="2022-08")) == "as of 2022-08"
    assert period_text(Period(kind="as_of", start=None, end="2022-08"), "zh") == "截至2022-08"
    cumulative = Period(kind="cumulative", start="2016-09", end="2018-11")
    assert period_text(cumulative) == "2016-09 to 2018-11"
    assert period_text(Period(kind="cumulative", start=None, end="2022-09")) == "to 2022-09"


def test_plain_numbers_are_machine_readable() -> None:
    assert plain_number(383500000.0) == "383500000"
    assert plain_number(13.19) == "13.19"
