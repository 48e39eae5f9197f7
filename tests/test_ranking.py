"""The palette's order: a name itself, then names starting with it, ..., then fuzzy matches."""

from __future__ import annotations

import pytest
from textual.command import CommandList, CommandPalette
from textual.fuzzy import Matcher
from textual.pilot import Pilot
from textual.widgets import TabbedContent

from bijie_tui.app import BijieApp
from bijie_tui.model.query import Catalog
from bijie_tui.model.ranking import (
    Kind,
    RankKey,
    Tier,
    name_parents,
    rank,
    rank_key,
    starts_with_name,
    tier,
)
from bijie_tui.screens.detail_screen import DetailScreen
from bijie_tui.widgets.record_table import RecordTable
from pilot_helpers import idle, palette_options

Named = tuple[str, str, Kind, str]
"""English name, Chinese name, kind, id."""


def _names(catalog: Catalog) -> list[Named]:
    data = catalog.data
    return [
        *((i.name.en, i.name.zh, "indicator", i.id) for i in data.indicators),
        *((e.name.en, e.name.zh, "entity", e.id) for e in data.entities),
        *((r.name.en, r.name.zh, "region", r.id) for r in data.regions),
        *((s.title, s.id, "source", s.id) for s in data.sources),
    ]


def _ranked(catalog: Catalog, query: str) -> list[Named]:
    """The dataset's records that match ``query``, best first, as the palette ranks them."""
    names = _names(catalog)
    matcher = Matcher(query)
    parents = name_parents([(en, zh, kind) for en, zh, kind, _ in names])
    entities = {ident: i for i, (_, _, kind, ident) in enumerate(names) if kind == "entity"}
    for index, ind in enumerate(catalog.data.indicators):  # indicators come first in names
        if ind.entity is not None:
            parents.setdefault(index, set()).add(entities[ind.entity])
    scores = rank(
        query,
        [(en, zh, kind) for en, zh, kind, _ in names],
        [matcher.match(f"{en} · {zh}") for en, zh, _, _ in names],
        parents,
    )
    assert all(0.0 <= score <= 1.0 for score in scores)
    order = sorted(range(len(names)), key=lambda i: scores[i], reverse=True)
    return [names[i] for i in order if scores[i] > 0]


def _top(catalog: Catalog, query: str, count: int = 3) -> list[tuple[str, str]]:
    return [(kind, ident) for _, _, kind, ident in _ranked(catalog, query)[:count]]


def test_a_name_typed_in_full_ranks_itself_before_its_own_indicators(catalog: Catalog) -> None:
    assert _top(catalog, "Dafang high-tech mushroom park", 2) == [
        ("entity", "dafang-mushroom-park"),
        ("indicator", "dafang-mushroom-park-area"),
    ]
    assert _top(catalog, "dafang HIGH-TECH   mushroom park", 1) == [
        ("entity", "dafang-mushroom-park")
    ]
    assert _top(catalog, "大方高科技食用菌产业园", 1) == [("entity", "dafang-mushroom-park")]


def test_a_place_ranks_first_for_its_name_in_either_language(catalog: Catalog) -> None:
    assert _top(catalog, "Weining County") == [
        ("region", "weining"),
        ("entity", "weining-peoples-hospital"),
        ("indicator", "weining-gdp"),
    ]
    assert _top(catalog, "weining", 1) == [("region", "weining")]
    assert _top(catalog, "威宁", 1) == [("region", "weining")]
    assert _top(catalog, "威宁县", 1) == [("region", "weining")]
    assert _top(catalog, "大方", 1) == [("region", "dafang")]


@pytest.mark.slow
def test_every_record_ranks_first_for_its_own_name(catalog: Catalog) -> None:
    for en, zh, kind, ident in _names(catalog):
        for name in (en, zh):
            best = _ranked(catalog, name)[0]
            # Another record may share the name; an entity or place then comes first.
            assert name.casefold() in (best[0].casefold(), best[1].casefold()), (name, best)
            if kind in ("entity", "region"):
                ties = [n for n in _ranked(catalog, name) if name in n[:2]]
                assert (kind, ident) in [(k, i) for _, _, k, i in ties[:2]], (name, ties)


def test_an_entity_comes_before_its_own_indicators(catalog: Catalog) -> None:
    # The entity's name is not the start of this query; its indicators' names are.
    top = _top(catalog, "Dafang mushroom park")
    assert top[0] == ("entity", "dafang-mushroom-park")
    assert {kind for kind, _ in top[1:]} == {"indicator"}
    for ent in catalog.data.entities:
        ranked = [(kind, ident) for _, _, kind, ident in _ranked(catalog, ent.name.en)]
        own = [i.id for i in catalog.data.indicators if i.entity == ent.id]
        for ident in own:
            if ("indicator", ident) in ranked:
                assert ranked.index(("entity", ent.id)) < ranked.index(("indicator", ident))


def test_tiers_then_kind_then_length() -> None:
    assert tier("park", "park") is Tier.EXACT
    assert tier("park", "parkland") is Tier.PREFIX
    assert tier("park", "a mushroom park: area") is Tier.WORD_PREFIX
    assert tier("ark", "a mushroom park") is Tier.SUBSTRING
    assert tier("prk", "a mushroom park") is None
    names: list[tuple[str, str, Kind]] = [
        ("Mushroom park output", "", "indicator"),  # prefix, an indicator
        ("Area of the park", "", "indicator"),  # word prefix
        ("Sparks", "", "region"),  # substring
        ("Mushroom park", "", "source"),  # prefix, a source
        ("Park", "", "indicator"),  # word prefix, the shortest
        ("Pa rk", "", "entity"),  # fuzzy only
        ("Mushroom park", "蘑菇园", "entity"),  # prefix, an entity
        ("Nothing", "无", "region"),
        ("Mushroom park and farm", "", "region"),  # prefix, a place with a longer name
    ]
    fuzzy = [1.0 if "p" in en.lower() else 0.0 for en, _, _ in names]
    scores = rank("mushroom p", names, fuzzy)
    order = [names[i][0] for i in sorted(range(len(names)), key=lambda i: -scores[i])]
    assert order[:4] == [
        "Mushroom park",
        "Mushroom park and farm",
        "Mushroom park output",
        "Mushroom park",
    ]
    assert scores[6] > scores[8] > scores[0] > scores[3]
    assert scores[7] == 0.0
    assert rank("", names) == [0.0] * len(names)
    assert rank("park", names, fuzzy)[4] > rank("park", names, fuzzy)[1]  # "Park" is shorter
    # The Chinese name matched: its length counts.
    assert rank_key("蘑菇", "Mushroom park", "蘑菇园", "entity") == RankKey(Tier.PREFIX, 0.0, 2, -3)


def test_a_fuzzy_match_is_listed_only_when_no_name_holds_the_query() -> None:
    names: list[tuple[str, str, Kind]] = [("Wei-ning", "", "region"), ("Weiningx", "", "source")]
    fuzzy_first, literal = rank("weining", names, [99.0, 1.0])
    assert literal > 0 and fuzzy_first == 0
    # "mushroom": a machine-translated copy whose title holds its letters is not listed.
    names = [("Mushroom park", "", "entity"), ("Much sh room om", "", "source")]
    assert rank("mushroom", names, [1.0, 5.0]) == [1.0, 0.0]
    # Nothing holds the query: the fuzzy matches are what there is.
    fuzzy_only = rank("wng", [*names[:1], ("Wei-ning", "", "region")], [0.0, 3.0])
    assert fuzzy_only == [0.0, 1.0]


def test_an_indicator_belongs_to_a_name_it_starts_with() -> None:
    assert starts_with_name("Weining County GDP", "weining county")
    assert starts_with_name("威宁县地区生产总值", "威宁县")
    assert not starts_with_name("Bijiexyz pupils", "Bijie")
    assert not starts_with_name("Bijie", "Bijie")
    names: list[tuple[str, str, Kind]] = [
        ("Weining County", "威宁县", "region"),
        ("Weining County GDP", "威宁县地区生产总值", "indicator"),
        ("Weining resident population", "威宁县常住人口", "indicator"),
        ("Weiningx pupils", "", "indicator"),
        ("Weining County", "", "entity"),
    ]
    assert name_parents(names) == {1: {0, 4}, 2: {0}}


async def _results(pilot: Pilot[None], query: str) -> list[str]:
    """The palette's options for ``query`` (typed after opening it) once its search is done."""
    await pilot.press("ctrl+p", *query)
    palette = pilot.app.screen
    assert isinstance(palette, CommandPalette)
    options = palette.query_one(CommandList)
    await palette_options(pilot)
    prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
    assert prompts, query
    return prompts


@pytest.mark.slow
async def test_palette_opens_the_park_itself_for_its_full_name(catalog: Catalog) -> None:
    app = BijieApp(catalog)
    async with app.run_test(size=(100, 30)) as pilot:
        prompts = await _results(pilot, "Dafang high-tech mushroom park")
        assert prompts[0].startswith("Dafang high-tech mushroom park · "), prompts[:3]
        assert "area" in prompts[1], prompts[:3]
        await pilot.press("enter")
        await idle(pilot)
        assert app.query_one(TabbedContent).active == "industry"
        table = app.focused
        assert isinstance(table, RecordTable)
        assert table.id == "industry-entities"
        current = table.current()
        assert current is not None
        assert current.target == ("entity", "dafang-mushroom-park")


@pytest.mark.slow
async def test_palette_lists_weining_county_first(catalog: Catalog) -> None:
    app = BijieApp(catalog)
    async with app.run_test(size=(100, 30)) as pilot:
        prompts = await _results(pilot, "Weining County")
        assert prompts[0].startswith("Weining County · 威宁县"), prompts[:3]
        await pilot.press("enter")
        await idle(pilot)
        # What is known about the place, not the pairing row that names it.
        assert isinstance(app.screen, DetailScreen)
        assert app.screen.target == ("region", "weining")


@pytest.mark.slow
async def test_palette_lists_a_figure_by_its_number_first(catalog: Catalog) -> None:
    app = BijieApp(catalog)
    async with app.run_test(size=(100, 30)) as pilot:
        prompts = [p.split("\n")[0] for p in await _results(pilot, "73")]
        assert prompts == [
            "73 companies · Guangdong companies that invested in Bijie (cumulative) · to Aug 2022"
        ]
        await pilot.press("escape")
        await idle(pilot)
        for query in ("43,139", "4.3139万", "43139"):
            await pilot.press("escape")
            prompts = await _results(pilot, query)
            assert prompts[0].startswith("43,139 people · Bijie rural migrant workers"), query
            await pilot.press("escape")
            await idle(pilot)


@pytest.mark.slow
async def test_palette_lists_only_names_that_hold_a_whole_word(catalog: Catalog) -> None:
    app = BijieApp(catalog)
    async with app.run_test(size=(100, 30)) as pilot:
        prompts = await _results(pilot, "mushroom")
        assert all("mushroom" in p.casefold() for p in prompts), prompts


async def test_an_empty_palette_lists_the_tabs_in_tab_order(catalog: Catalog) -> None:
    app = BijieApp(catalog)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p")
        await palette_options(pilot)
        options = app.screen.query_one(CommandList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        tabs = [p.split("\n")[0] for p in prompts if p.startswith("Go to ")]
        assert tabs == [
            "Go to Overview",
            "Go to Employment",
            "Go to Education",
            "Go to Industry",
            "Go to Healthcare",
            "Go to Context",
            "Go to Sources",
        ]


async def test_palette_in_chinese_lists_weining_county_first(catalog: Catalog) -> None:
    app = BijieApp(catalog)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("l")  # 中文
        prompts = await _results(pilot, "威宁")
        assert prompts[0].startswith("威宁县 · Weining County"), prompts[:3]
