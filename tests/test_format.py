"""Numbers as readers expect them, in both languages."""

from __future__ import annotations

import re

import pytest

from bijie_tui.model.format import figure_value, number, period_text, plain_number
from bijie_tui.model.query import Catalog
from bijie_tui.model.schema import Evidence, Figure, Names, Period, Unit

YUAN = Unit(id="yuan", name=Names(en="yuan", zh="元"), scalable=True)
PEOPLE = Unit(id="people", name=Names(en="people", zh="人"), scalable=True)
PERCENT = Unit(id="percent", name=Names(en="%", zh="%"), scalable=False)


@pytest.mark.parametrize(
    ("value", "unit", "lang", "expected"),
    [
        (43139, PEOPLE, "en", "43,139"),
        (43139, PEOPLE, "zh", "43,139"),  # 4.3139万 would take four decimals
        (217_700, PEOPLE, "zh", "21.77万"),
        (217_700, PEOPLE, "en", "217,700"),
        (113_880_000_000, YUAN, "en", "113.88 billion"),
        (113_880_000_000, YUAN, "zh", "1138.8亿"),
        (2_043_000_000, YUAN, "en", "2.043 billion"),
        (184_673_490, YUAN, "en", "184,673,490"),
        (184_673_490, YUAN, "zh", "184,673,490"),
        (6_899_636, PEOPLE, "zh", "6,899,636"),
        (1_000_000, PEOPLE, "en", "1 million"),
        (10_000, PEOPLE, "zh", "1万"),
        (2_020_000_000, YUAN, "en", "2.02 billion"),
        (2_020_000_000, YUAN, "zh", "20.2亿"),
        (383_500_000, YUAN, "en", "383.5 million"),
        (383_500_000, YUAN, "zh", "3.835亿"),
        (36_120_990, YUAN, "zh", "3612.099万"),
        (36_120_990, YUAN, "en", "36,120,990"),
        (3612.099, PEOPLE, "en", "3,612.099"),
        (0.123456789, PERCENT, "en", "0.123456789"),
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
    assert figure_value(_figure(43139), PEOPLE, "zh") == "43,139人"
    assert figure_value(_figure(47186), PEOPLE, "zh") == "47,186人"
    assert figure_value(_figure(43139), PEOPLE, "zh", exact=True) == "43,139人"
    assert figure_value(_figure(383_500_000), YUAN, "zh") == "3.835亿元"
    per_jin = Unit(id="ypj", name=Names(en="yuan/jin", zh="元/斤"), scalable=False)
    assert figure_value(_figure(30, "range", 120), per_jin, "en") == "30–120 yuan/jin"
    assert figure_value(_figure(19_810_000, "more_than"), YUAN, "en") == (
        "more than 19.81 million yuan"
    )
    assert figure_value(_figure(19_810_000, "more_than"), YUAN, "zh") == "超过1981万元"
    assert figure_value(_figure(113_880_000_000), YUAN, "en", exact=True) == (
        "113,880,000,000 yuan"
    )


def _period(kind: str, start: str | None, end: str | None, label: str | None = None) -> Period:
    return Period.model_validate({"kind": kind, "start": start, "end": end, "label": label})


@pytest.mark.parametrize(
    ("period", "en", "zh"),
    [
        (_period("annual", "2018", "2018"), "2018", "2018年"),
        (_period("annual", "2018", "2018-11"), "Jan–Nov 2018", "2018年1–11月"),
        (_period("as_of", None, "2022-08"), "as of Aug 2022", "截至2022年8月"),
        (_period("as_of", None, "2022"), "as of 2022", "截至2022年"),
        (_period("as_of", "2022-01", "2022-08"), "Jan–Aug 2022", "2022年1–8月"),
        (
            _period("cumulative", "2016-09", "2018-11"),
            "Sep 2016 – Nov 2018",
            "2016年9月至2018年11月",
        ),
        (_period("cumulative", "2016", "2020"), "2016–2020", "2016–2020年"),
        (_period("cumulative", "2016", "2019-11"), "2016 – Nov 2019", "2016年至2019年11月"),
        (_period("cumulative", None, "2022-09"), "to Sep 2022", "至2022年9月"),
        (_period("cumulative", "2021-05-01", "2021-05-05"), "1–5 May 2021", "2021年5月1–5日"),
        (
            _period("cumulative", "2024-01-30", "2024-02-27"),
            "30 Jan – 27 Feb 2024",
            "2024年1月30日至2月27日",
        ),
        (_period("event", "2019-11-09", "2019-11-09"), "9 Nov 2019", "2019年11月9日"),
        (_period("event", "2021-02", "2021-02"), "Feb 2021", "2021年2月"),
        (_period("cumulative", None, None), "undated", "时间不详"),
    ],
)
def test_periods(period: Period, en: str, zh: str) -> None:
    assert period_text(period, "en") == en
    assert period_text(period, "zh") == zh


def test_a_label_follows_the_dates_and_chinese_names_only_its_kind() -> None:
    period = _period("as_of", "2022-01", "2022-08", "after the first half")
    assert period_text(period) == "Jan–Aug 2022 · after the first half"
    assert period_text(period, "en", with_label=False) == "Jan–Aug 2022"
    assert period_text(period, "zh") == "2022年1–8月"
    assert period_text(period, lang="zh", with_label=True) == "2022年1–8月"
    undated = _period("cumulative", None, None, "date not shown")
    assert period_text(undated) == "undated · date not shown"
    assert period_text(undated, "zh") == "时间不详"
    assert period_text(_period("as_of", None, None, "undated")) == "undated"  # said once


def test_every_bundled_period_reads_in_its_language(catalog: Catalog) -> None:
    for fig in catalog.data.figures:
        zh = period_text(fig.period, "zh")
        assert not re.search("[A-Za-z]", zh), zh
        assert re.search("[0-9]{4}年|时间不详", zh), zh
        en = period_text(fig.period, "en")
        assert not re.search(r"[\u4e00-\u9fff]", en), en
        assert re.search("[0-9]{4}", en) or fig.period.end is None, en


def test_plain_numbers_are_machine_readable() -> None:
    assert plain_number(383500000.0) == "383500000"
    assert plain_number(13.19) == "13.19"
