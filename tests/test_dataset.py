"""The bundled dataset: what it must hold, and that every figure is what its source says."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from bijie_tui.model.query import Catalog
from bijie_tui.model.stated import parse_stated

SECTORS = {"employment", "education", "industry", "healthcare", "context"}


def test_sectors_have_bilingual_names_and_headlines(catalog: Catalog) -> None:
    assert set(catalog.sectors) == SECTORS
    for sector in catalog.data.sectors:
        assert sector.name.en and sector.name.zh
        assert sector.headline in catalog.series, sector.id


def test_every_stated_figure_equals_its_source(catalog: Catalog) -> None:
    """The value in base units is what the quoted source says, after unit expansion."""
    for fig in catalog.data.figures:
        assert fig.evidence, fig.id
        for item in fig.evidence:
            assert catalog.sources[item.source].url.startswith("http")
        if fig.status == "derived":
            assert fig.derivation, fig.id
            continue
        assert fig.stated_as, fig.id
        stated = parse_stated(fig.stated_as)
        assert stated is not None, fig.id
        assert abs(stated - Decimal(repr(fig.value))) <= abs(stated) * Decimal("1e-9"), fig.id


def test_every_name_is_in_both_languages(bundled_json: dict[str, Any]) -> None:
    for key in ("indicators", "regions", "entities", "sectors", "units"):
        for record in bundled_json[key]:
            assert record["name"]["en"].strip() and record["name"]["zh"].strip(), record["id"]
    for event in bundled_json["events"]:
        assert event["title"]["en"].strip() and event["title"]["zh"].strip()


def _values(catalog: Catalog, indicator: str) -> list[tuple[str | None, float]]:
    return [(f.period.start, f.value) for f in catalog.series[indicator]]


def test_tianhe_nayong_funds_series(catalog: Catalog) -> None:
    assert _values(catalog, "tianhe-nayong-funds") == [
        ("2016", 10_000_000),
        ("2017", 11_000_000),
        ("2018", 36_120_990),
        ("2019", 55_052_500),
        ("2020", 72_500_000),
    ]
    assert catalog.indicators["tianhe-nayong-funds"].region == "nayong"
    assert [v for _, v in _values(catalog, "tianhe-nayong-projects")] == [2, 8, 17, 16, 32]


def test_migrant_workers_figure(catalog: Catalog) -> None:
    (fig,) = catalog.series["bijie-rural-workers-jobs-guangdong"]
    assert fig.value == 43139
    assert fig.evidence[0].source == "PR2022"
    assert "43,139" in fig.evidence[0].quote


def test_scope_is_kept_apart(catalog: Catalog) -> None:
    """Bijie + Qiannan figures never share an indicator with Bijie-only ones."""
    combined = catalog.regions["bijie+qiannan"]
    assert combined.members == ["bijie", "qiannan"]
    aid = catalog.indicators["gz-assistance-funds-bijie-qiannan"]
    assert aid.region == "bijie+qiannan"
    assert catalog.indicators["gz-fiscal-aid-bijie"].region == "bijie"


def test_income_and_poverty_series(catalog: Catalog) -> None:
    assert [v for _, v in _values(catalog, "bijie-income-urban")] == [23121, 29888, 34274]
    assert [v for _, v in _values(catalog, "bijie-income-rural")] == [6945, 9354, 11238]
    assert [v for _, v in _values(catalog, "bijie-poverty-rate")] == [13.19, 5.45, 1.54]


def test_pairings(catalog: Catalog) -> None:
    pairs = {(p.district, p.county, p.phase) for p in catalog.data.pairings}
    assert ("tianhe", "nayong", "2016-2020") in pairs
    assert ("tianhe", "qixingguan", "2021-") in pairs
    assert ("panyu", "weining", "2021-") in pairs
    for pairing in catalog.data.pairings:
        assert catalog.regions[pairing.county].parent == "bijie"
        assert catalog.regions[pairing.district].parent == "guangzhou"


def test_named_entities_with_their_own_figures(catalog: Catalog) -> None:
    entities = {e.id: e for e in catalog.data.entities}
    for ident in (
        "dafang-mushroom-park",
        "lizi-village-homestays",
        "dafang-tianhe-experimental-school",
        "qixingguan-peoples-hospital",
    ):
        assert ident in entities, ident
    park_figures = [i.id for i in catalog.data.indicators if i.entity == "dafang-mushroom-park"]
    assert "dafang-mushroom-park-capacity" in park_figures


def test_events_are_dated_milestones(catalog: Catalog) -> None:
    dates = sorted(e.date for e in catalog.data.events)
    assert dates[0] < "2016"
    assert any(d.startswith("2016-09") for d in dates)
