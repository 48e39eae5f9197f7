"""The bundled dataset: what it must hold, and that every figure is what its source says."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

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
            src = catalog.sources[item.source]
            if src.kind == "copy_without_address":
                assert src.url is None, src.id
            else:
                assert src.url is not None and src.url.startswith("http"), src.id
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
    assert [v for _, v in _values(catalog, "bijie-income-urban")] == [7225, 23121, 29888, 34274]
    assert [v for _, v in _values(catalog, "bijie-income-rural")] == [1876, 6945, 9354, 11238]
    assert [v for _, v in _values(catalog, "bijie-poverty-rate")] == [29.95, 13.19, 5.45, 1.54]


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


# -- the fourth research pass (GB277-GB307) ------------------------------------------------

# figure id: (indicator, region, value in base units, qualifier, the quote as the source has it)
PASS4_FIGURES: dict[str, tuple[str, str, float, str, str]] = {
    "GB278": ("bq-gz-health-experts-sent", "bijie+qiannan", 2718, "exact", "共派出专家2718名"),
    "GB279": (
        "bq-medical-staff-trained-guangzhou",
        "bijie+qiannan",
        1621,
        "exact",
        "接收医技人员进修学习1621名",
    ),
    "GB280": (
        "bq-gz-surgical-demonstrations",
        "bijie+qiannan",
        13439,
        "exact",
        "开展手术示教13439次",
    ),
    "GB281": ("bq-gz-expert-ward-rounds", "bijie+qiannan", 57798, "exact", "专家查房57798人次"),
    "GB282": (
        "bq-gz-free-clinic-beneficiaries",
        "bijie+qiannan",
        1_000_000,
        "exact",
        "巡诊义诊惠及100万人",
    ),
    "GB283": (
        "bq-new-medical-techniques",
        "bijie+qiannan",
        762,
        "exact",
        "指导开展新技术新业务762项",
    ),
    "GB284": (
        "bq-gz-remote-consultations",
        "bijie+qiannan",
        1000,
        "at_least",
        "开展互动远程会诊上千例",
    ),
    "GB285": (
        "bq-gz-health-assistance-funds",
        "bijie+qiannan",
        31_840_000,
        "more_than",
        "投入经费3184余万元",
    ),
    "GB286": ("bq-discipline-gaps-filled", "bijie+qiannan", 100, "nearly", "填补空白学科近100个"),
    "GB287": ("bq-disciplines-upgraded", "bijie+qiannan", 98, "exact", "提质改造98个"),
    "GB288": (
        "bq-key-disciplines-built",
        "bijie+qiannan",
        50,
        "more_than",
        "建成省市级重点学科50多个",
    ),
    "GB289": (
        "gz-medical-aid-staff-honoured-guizhou",
        "bijie+qiannan",
        60,
        "more_than",
        "60多人被评为先进个人",
    ),
    "GB292": (
        "bijie-no3-gz-specialist-posting",
        "bijie",
        1,
        "exact",
        "其中張暉副主任醫(yī)師將駐畢節(jié)三院1個月指導(dǎo)和協(xié)助該院開展肺血管介入業(yè)務(wù)",
    ),
    "GB293": (
        "bijie-id-alliance-gz-advisers",
        "bijie",
        5,
        "at_least",
        "胡錦興,、周強(qiáng),、李德憲、張暉,、王曉杰等專家作為傳染病專家顧問",
    ),
    "GB295": (
        "huadu-health-institutions-pairing-tasks",
        "qianxi+zhijin",
        5,
        "exact",
        "确定了区人民医院、市中西医结合医院、区妇幼保健院、疾病预防控制中心及卫生监督所"
        "开展一对一结对帮扶具体任务",
    ),
    "GB299": (
        "bijie-workers-away-from-home",
        "bijie",
        1_930_000,
        "exact",
        "毕节外出务工者193万人,约占全省外出务工人数的三分之一",
    ),
    "GB300": (
        "bijie-migrant-household-land-in-trust",
        "bijie",
        536_200,
        "exact",
        "托管外出务工家庭土地53.62万亩",
    ),
    "GB302": (
        "panyu-shanhai-xinlian-festival-workers",
        "panyu",
        150,
        "exact",
        "为150名贵州籍务工人员送去节日关怀与服务支持",
    ),
    "GB307-a": (
        "east-cities-cadres-exchanged-guizhou",
        "guizhou",
        829,
        "exact",
        "2019年以来,东部对口援助城市实现贵州与党政干部交流829人,"
        "医生、农业技术等专业技术人才交流4140人",
    ),
    "GB307-b": (
        "east-cities-professionals-exchanged-guizhou",
        "guizhou",
        4140,
        "exact",
        "2019年以来,东部对口援助城市实现贵州与党政干部交流829人,"
        "医生、农业技术等专业技术人才交流4140人",
    ),
}
"""Each figure of the fourth pass as its source states it; the quotes are verbatim, with the
pinyin ruby artifacts (衛(wèi)) and doubled punctuation of the copies kept."""

PASS4_IDS = [f"GB{n}" for n in range(277, 308) if n != 305]


def test_every_fact_of_the_fourth_pass_is_in_the_dataset(catalog: Catalog) -> None:
    data = catalog.data
    records = [*data.figures, *data.entities, *data.pairings, *data.events]
    refs = {item.ref for record in records for item in record.evidence}
    assert [gb for gb in PASS4_IDS if gb not in refs] == []
    assert "GB305" not in refs


def test_the_fourth_pass_figures_equal_their_sources(catalog: Catalog) -> None:
    figures = {f.id: f for f in catalog.data.figures}
    for fid, (indicator, region, value, qualifier, quote) in PASS4_FIGURES.items():
        fig = figures[fid]
        assert fig.indicator == indicator, fid
        assert catalog.indicators[indicator].region == region, fid
        assert fig.value == value, fid
        assert fig.qualifier == qualifier, fid
        assert [e.quote for e in fig.evidence] == [quote], fid
        assert fig.evidence[0].ref == fid.split("-")[0]
    derived = {f.id for f in figures.values() if f.status == "derived"} & set(PASS4_FIGURES)
    assert derived == {"GB293", "GB295"}


def test_healthcare_has_at_least_twenty_figures(catalog: Catalog) -> None:
    assert catalog.figures_per_sector()["healthcare"] >= 20


def test_the_health_system_copy_has_no_address_and_is_weak(catalog: Catalog) -> None:
    from bijie_tui.model.caveats import weakness

    src = catalog.sources["YLQX"]
    assert (src.kind, src.url) == ("copy_without_address", None)
    assert src.title.startswith("医路黔行")
    cited = [f for f in catalog.data.figures if any(e.source == "YLQX" for e in f.evidence)]
    assert sorted(f.id for f in cited) == [f"GB{n}" for n in range(278, 290)]
    for fig in cited:
        assert catalog.indicators[fig.indicator].region == "bijie+qiannan", fig.id
        assert (fig.period.kind, fig.period.start, fig.period.end) == ("cumulative", "2016", "2020")
        assert weakness(fig, catalog.sources) == "copy", fig.id
        assert fig.note is not None and "2016–2020" in fig.note.en


def test_traditional_character_quotes_have_their_cleaned_reading(catalog: Catalog) -> None:
    figures = {f.id: f for f in catalog.data.figures}
    for fid, cleaned in (("GB292", "駐畢節三院1個月"), ("GB293", "胡錦興、周強、李德憲")):
        fig = figures[fid]
        assert "(" in fig.evidence[0].quote, fid
        assert fig.note is not None and cleaned in fig.note.en, fid


def test_the_fourth_pass_pairing_evidence(catalog: Catalog) -> None:
    pairings = {p.id: p for p in catalog.data.pairings}
    for pid in ("huadu-zhijin-2016", "huadu-qianxi-2016"):
        assert "GB294" in {e.ref for e in pairings[pid].evidence}
    assert not any(p.district == "yuexiu" for p in catalog.data.pairings)
    events = {e.id: e for e in catalog.data.events}
    assert events["2021-yuexiu-pingba-pairing"].region == "anshun"
    entities = {e.id: e for e in catalog.data.entities}
    assert entities["zhijin-yangcheng-middle-school"].kind == "school"
    assert entities["zhijin-yangcheng-middle-school"].name.zh == "织金县羊城中学"
    assert entities["gz-integrated-tcm-western-hospital"].kind == "hospital"


# -- the fifth and sixth research passes ------------------------------------------------------

PASS5_IDS = [f"GB{n}" for n in (*range(308, 393), *range(400, 416))]
LEFT_OUT = {
    "GB314": "the same 18 firms, date and quote as GB242-b (now in the firms' series)",
    "GB315": "the same number, date and quote as GB242-c",
    "GB316": "the same number, date and quote as GB241-c",
    "GB317": "the same number, date and quote as GB241-b",
    "GB341": "the same number, date and quote as GB194-b",
    "GB357": "3.12 million poor people at a date the source does not name",
    "GB386": "a reduction over a period the weak copy does not date",
    "GB387": "GDP above 200 billion in 2020: agrees with the yearbook's 2,020.39亿, less precisely",
}
STRONG_KINDS = {"official", "state_media", "media", "press_release"}


def test_every_fact_of_the_fifth_and_sixth_passes_is_in_the_dataset(catalog: Catalog) -> None:
    data = catalog.data
    records = [*data.figures, *data.entities, *data.pairings, *data.events]
    refs = {item.ref for record in records for item in record.evidence}
    assert [gb for gb in PASS5_IDS if gb not in refs and gb not in LEFT_OUT] == []
    assert [gb for gb in LEFT_OUT if gb in refs] == []


def test_the_dataset_has_series_to_draw(catalog: Catalog) -> None:
    assert len(catalog.data.figures) >= 310
    long = sorted(k for k, v in catalog.series.items() if len(v) >= 3)
    assert len(long) >= 10, long
    for ident in (
        "bijie-gdp",
        "bijie-gdp-per-capita",
        "bijie-resident-population",
        "bijie-forest-coverage",
        "gz-companies-bijie-vocational-coop",
        "tianhe-dafang-tianma-project-funds",
    ):
        assert ident in long, ident


def test_every_headline_rests_on_a_strong_source(catalog: Catalog) -> None:
    """The figure a newcomer reads first on each tab has at least one official, state-media,
    media or press-release source."""
    for sector in catalog.data.sectors:
        assert sector.headline is not None
        last = catalog.series[sector.headline][-1]
        kinds = {catalog.sources[e.source].kind for e in last.evidence}
        assert kinds & STRONG_KINDS, (sector.id, sector.headline, kinds)
    headlines = {s.id: s.headline for s in catalog.data.sectors}
    assert headlines["industry"] == "gd-companies-investment-bijie-cumulative"
    assert catalog.series[headlines["industry"]][-1].value == 2_020_000_000


def test_different_measures_stay_different_indicators(catalog: Catalog) -> None:
    assert _values(catalog, "bijie-resident-population") == [
        (None, 6_536_370),
        (None, 6_606_100),
        (None, 6_899_636),
        (None, 6_815_900),
    ]
    assert [f.value for f in catalog.series["bijie-total-population"]] == [9_300_000]
    assert [f.value for f in catalog.series["bijie-registered-population"]] == [9_502_900]
    assert [f.value for f in catalog.series["bijie-gross-output-value"]] == [23_102_000_000]
    # A rural net income before 2013 is in the rural income series only past a break.
    rural = catalog.series["bijie-income-rural"]
    assert [(f.period.start, f.value) for f in rural] == [
        ("2005", 1876),
        ("2015", 6945),
        ("2018", 9354),
        ("2020", 11238),
    ]
    assert [f.break_before is not None for f in rural] == [False, True, False, False]
    poor = catalog.series["bijie-poor-population"]
    assert [f.break_before is not None for f in poor] == [False, False, True, False]


@pytest.mark.parametrize(
    ("own", "other", "values"),
    [
        ("GB368", "GB389", (146_138_000_000, 146_135_000_000)),
        ("GB369", "GB391", (22_230, 22_340.7)),
        ("GB372", "GB388", (29_295, 30_000)),
        ("GB377", "GB358", (43.1, 41.5)),
        ("GB378", "GB376", (60, 38.75)),
        ("GB370", "GB390", (6_606_100, 6_541_200)),
        ("GB337", "GB335", (81_500, 81_500)),
    ],
)
def test_conflicting_sources_are_both_kept(
    catalog: Catalog, own: str, other: str, values: tuple[float, float]
) -> None:
    figures = {f.id: f for f in catalog.data.figures}
    assert (figures[own].value, figures[other].value) == values
    assert figures[other].disagrees_with == own
    assert figures[other].note is not None
    assert figures[own] in catalog.series[figures[own].indicator]
    assert figures[other] not in catalog.series[figures[own].indicator]


def test_the_small_corrections(catalog: Catalog) -> None:
    figures = {f.id: f for f in catalog.data.figures}
    for fid in ("GB139", "GB140", "GB145", "GB146"):
        quote = figures[fid].evidence[0].quote
        assert quote.startswith("城镇和农村居民人均可支配收入从“十二五”末"), fid
    assert figures["GB259-b"].period.kind == "as_of"
    assert figures["GB284"].qualifier == "at_least"
    for ident in ("bijie-income-urban-vs-2012", "bijie-income-rural-vs-2012"):
        unit = catalog.units[catalog.indicators[ident].unit]
        assert (unit.name.zh, unit.scalable) == ("倍", False)
        assert catalog.display_value(catalog.series[ident][-1], "zh").endswith("倍")


def test_copies_on_unrelated_sites_say_so(catalog: Catalog) -> None:
    for ident in ("GZRB2025", "RMRB2024DXB", "ZXW2024DD", "A899YQ", "DEERPATH"):
        assert catalog.sources[ident].kind == "unrelated_copy", ident
