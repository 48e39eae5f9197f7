"""The explorer's tabs, the tables each one holds, and where a record is listed.

A table's id is made here and nowhere else: the screens build their widgets from this plan,
and :func:`place_of` finds a record's table in the same plan. Adding a sector to the dataset
adds a tab; no code names one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial

from .format import Lang
from .query import Catalog
from .tables import (
    Builder,
    Label,
    TableSpec,
    context_table,
    entity_table,
    headline_table,
    indicator_table,
    pairing_table,
    source_table,
    timeline_table,
)
from .targets import Target, TargetKind
from .words import WORDS, Bilingual

OVERVIEW = "overview"
SOURCES = "sources"


@dataclass(frozen=True)
class TablePlan:
    id: str
    """The table's widget id, unique in the explorer."""
    lists: TargetKind
    """What its rows stand for."""
    build: Builder


@dataclass(frozen=True)
class TabPlan:
    id: str
    name: Bilingual
    tables: tuple[TablePlan, ...]
    stacked: bool = False
    """The tables stand one above the other (the overview); else one shows at a time, with
    the detail of its highlighted row beside it."""
    about: Bilingual | None = None
    """What the tab holds, in a line or a paragraph above its tables."""
    short: Bilingual | None = None
    """A short form of the name, for the tab's label when the names do not fit."""


def _label(key: str) -> Label:
    en, zh = WORDS[key]
    return Label(en, zh)


def _made_or_make(catalog: Catalog, table: str, make: Builder, lang: Lang) -> TableSpec:
    """The table made ahead (:func:`make_tables`), else made now."""
    made: TableSpec | None = catalog.made_tables.get((table, lang))
    return make(lang) if made is None else made


def _table(catalog: Catalog, table: str, lists: TargetKind, make: Builder) -> TablePlan:
    return TablePlan(table, lists, partial(_made_or_make, catalog, table, make))


def make_tables(catalog: Catalog, langs: Iterable[Lang]) -> None:
    """Make every tab's tables now, in each of ``langs``, for the explorers shown later (in this
    process or in processes forked from it: the fork server's sessions), which take them from
    here rather than make them again. A table is plain data that nothing changes once made."""
    for lang in langs:
        for tab in tab_ids(catalog):
            for table in tab_plan(catalog, tab).tables:
                catalog.made_tables[table.id, lang] = table.build(lang)


def overview_tab(catalog: Catalog) -> TabPlan:
    return TabPlan(
        OVERVIEW,
        _label("overview"),
        (
            _table(catalog, "headlines", "indicator", partial(headline_table, catalog)),
            _table(catalog, "pairings", "region", partial(pairing_table, catalog)),
            _table(catalog, "timeline", "event", partial(timeline_table, catalog)),
            _table(catalog, "context", "indicator", partial(context_table, catalog)),
        ),
        stacked=True,
        about=catalog.data.description,
        short=_label("overview.short"),
    )


def sector_tab(catalog: Catalog, sector: str) -> TabPlan:
    tables = [
        _table(
            catalog, f"{sector}-indicators", "indicator", partial(indicator_table, catalog, sector)
        )
    ]
    if any(e.sector == sector for e in catalog.data.entities):
        tables.append(
            _table(catalog, f"{sector}-entities", "entity", partial(entity_table, catalog, sector))
        )
    info = catalog.sectors[sector]
    return TabPlan(sector, info.name, tuple(tables), about=info.description, short=info.short)


def sources_tab(catalog: Catalog) -> TabPlan:
    table = _table(catalog, "sources-table", "source", partial(source_table, catalog))
    return TabPlan(SOURCES, _label("sources"), (table,), about=_label("about.sources"))


def tab_ids(catalog: Catalog | None) -> list[str]:
    """The tabs in order (only the overview while the dataset is loading)."""
    if catalog is None:
        return [OVERVIEW]
    return [OVERVIEW, *catalog.sector_ids(), SOURCES]


def tab_plan(catalog: Catalog, tab: str) -> TabPlan:
    if tab == OVERVIEW:
        return overview_tab(catalog)
    if tab == SOURCES:
        return sources_tab(catalog)
    return sector_tab(catalog, tab)


def tab_of(catalog: Catalog, target: Target) -> str | None:
    """The tab whose tables list ``target``, if any."""
    kind, ident = target
    if kind == "indicator" and ident in catalog.series:
        return catalog.indicators[ident].sector
    if kind == "entity" and ident in catalog.entities:
        return catalog.entities[ident].sector
    if kind == "source" and ident in catalog.sources:
        return SOURCES
    if kind == "event":
        return OVERVIEW
    if kind == "region" and any(p.county == ident for p in catalog.data.pairings):
        return OVERVIEW
    return None


def place_of(catalog: Catalog, target: Target) -> tuple[str, str] | None:
    """The tab and the table that list ``target``, if any."""
    tab = tab_of(catalog, target)
    if tab is None:
        return None
    for table in tab_plan(catalog, tab).tables:
        if table.lists == target[0]:
            return tab, table.id
    return None
