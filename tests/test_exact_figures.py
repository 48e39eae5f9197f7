"""Every figure of the bundled dataset is shown with every digit its source gave.

Each figure is formatted as the explorer and ``show`` display it, the shown number is read
back (万/亿, million/billion, thousands separators, qualifiers) and compared with the figure's
value, exactly.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from bijie_tui.model.caveats import value_mark
from bijie_tui.model.format import LANGS, Lang
from bijie_tui.model.query import Catalog

_SCALES = {"万": Decimal(10**4), "亿": Decimal(10**8), "million": Decimal(10**6)}
_SCALES["billion"] = Decimal(10**9)
_NUMBER = re.compile(r"(?<![0-9.,])([0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)")
_SCALE = re.compile(r"\s?(万|亿|million\b|billion\b)")
_QUALIFIERS = {
    "en": ("more than ", "at least ", "about ", "nearly ", "less than ", "up to "),
    "zh": ("超过", "至少", "约", "近", "不足", "最多"),
}


def read_back(shown: str, lang: Lang) -> list[Decimal]:
    """The numbers a reader sees in ``shown``, each with its multiplier applied."""
    text = shown
    for qualifier in _QUALIFIERS[lang]:
        text = text.removeprefix(qualifier)
    numbers: list[Decimal] = []
    for match in _NUMBER.finditer(text):
        number = Decimal(match.group(1).replace(",", ""))
        scale = _SCALE.match(text, match.end())
        if scale:
            number *= _SCALES[scale.group(1)]
        numbers.append(number)
    return numbers


def exact(value: float) -> Decimal:
    """The value as the dataset states it (the shortest decimal that is this float)."""
    return Decimal(repr(value))


def test_read_back_reads_what_readers_read() -> None:
    assert read_back("4.3139万人", "zh") == [Decimal(43139)]
    assert read_back("超过1,700名学生", "zh") == [Decimal(1700)]
    assert read_back("more than 113.88 billion yuan", "en") == [Decimal(113_880_000_000)]
    assert read_back("30–120 yuan/jin", "en") == [Decimal(30), Decimal(120)]
    assert read_back("4.31万人", "zh") != [Decimal(43139)]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("exact_form", [False, True], ids=["compact", "exact"])
def test_every_figure_keeps_every_digit(catalog: Catalog, lang: Lang, exact_form: bool) -> None:
    wrong: list[str] = []
    for fig in catalog.data.figures:
        shown = catalog.display_value(fig, lang, exact=exact_form)
        expected = [exact(fig.value)]
        if fig.qualifier == "range" and fig.upper is not None:
            expected.append(exact(fig.upper))
        if read_back(shown, lang) != expected:
            wrong.append(f"{fig.id}: {fig.value!r} shown as {shown!r}")
    assert not wrong, "\n".join(wrong)


def test_the_dataset_has_ranges_and_fractions(catalog: Catalog) -> None:
    """The test above covers ranges, fractions and values large enough for 万/亿."""
    figs = catalog.data.figures
    assert any(f.qualifier == "range" and f.upper is not None for f in figs)
    assert any(not f.value.is_integer() for f in figs)
    assert any(f.value >= 1e8 for f in figs)


@pytest.mark.parametrize("lang", LANGS)
def test_show_prints_every_figure_whole(
    catalog: Catalog, lang: Lang, capsys: pytest.CaptureFixture[str]
) -> None:
    from bijie_tui.cli import run

    assert run(["show", "--format", "markdown", "--lang", lang]) == 0
    out = capsys.readouterr().out
    for fig in catalog.data.figures:
        # With the explorer's mark after a value resting only on weak sources.
        shown = catalog.display_value(fig, lang) + value_mark(fig, catalog.sources)
        assert f"| {shown} |" in out, shown


@pytest.mark.parametrize("lang", LANGS)
def test_details_tables_and_the_clipboard_show_the_exact_figures(
    catalog: Catalog, lang: Lang
) -> None:
    from bijie_tui.model.details import copy_text, indicator_detail
    from bijie_tui.model.tables import indicator_table

    for ind_id, figures in catalog.series.items():
        last = figures[-1]
        detail = indicator_detail(catalog, ind_id, lang)
        shown = dict(detail.fields)
        latest = next(v for v in shown.values() if catalog.display_value(last, lang) in v)
        assert read_back(latest.split(" (")[0], lang)[:1] == [exact(last.value)], latest
        lines = [line.text for line in detail.lines]
        for fig in figures:
            value = catalog.display_value(fig, lang, exact=True)
            assert any(value in line for line in lines), value
        copied = copy_text(catalog, ("indicator", ind_id), lang)
        assert f": {catalog.display_value(last, lang, exact=True)} (" in copied
    for sector in catalog.sector_ids():
        spec = indicator_table(catalog, sector, lang)
        for row in spec.rows:
            last = catalog.series[row.key][-1]
            assert read_back(row.cells[1], lang)[:1] == [exact(last.value)], row.cells
