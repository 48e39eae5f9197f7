"""The explorer's tables as plain data: columns, rows, what each row points at, how it sorts.

Widgets show a :class:`TableSpec`; they never look into the dataset themselves. Every table is
built for one language; rebuilding it for the other keeps the same row keys.

How columns share the width (:func:`fit_columns`): each column is as wide as its widest cell
on the rows shown (its heading included), up to its ``cap``; the most important column, the
name of what a row is, takes whatever width is left. When the width runs out, columns give
way from the least important up: first minor columns (Trend, Src) are left out; then text is
cut with an ellipsis, down to each column's ``min_width`` (a figure, a date, an id or a sector
name is never cut: shown whole or not at all), while the name keeps 45 % of the width;
then the name is cut to its own minimum; only then are whole columns left out, again from the
least important. The order of importance, most important first:

- a sector's indicators: Indicator, Latest, Scope, Period, Trend, Src. Period keeps at least
  the year (11 cells) and is never left out at 100 columns or more;
- headlines and context: Headline, Value, Scope, Period, Sector (shown whole or not at all),
  Trend;
- projects and bodies: name, Where, Kind, Figures;
- the timeline: Milestone, Date, Sector;
- sources: Title, Id, Date, Figures, Kind (a short word, shown whole).

A table is a tuple of :class:`Column`: each says how its cell and its sort key are made from a
row's item (a record with what its cells look up), and :func:`table_row` makes every row from
them. To add a column to a table, add one :class:`Column` to its tuple (``SOURCE_COLUMNS`` …):
its cells, sort, heading, width and export follow.

Marks in a row (decided in :mod:`.caveats`): ``⁺`` after a scope that counts several places
together, ``†`` after a value whose sources are all copies or secondary accounts.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import KW_ONLY, dataclass, field, replace
from functools import partial
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from .caveats import scope_mark, value_mark
from .format import LANGS, Lang, period_text, period_years, series_breaks, spark
from .numbers_search import figures_numbers, matches, number_tokens, query_terms
from .order import sector_indicators, timeline
from .query import COLUMNS, Catalog
from .targets import Target
from .vocab import (
    PHASES,
    SOURCE_KINDS,
    EntityKind,
    PairingStatus,
    Phase,
    SourceKind,
)
from .words import Bilingual, tr, word

if TYPE_CHECKING:
    from .records import Entity, Event, Figure, Indicator, Pairing, Region, Sector, Source

SortKey = tuple[int, float | str]
"""Missing values sort last: ``(1, "")``; present ones are ``(0, value)``."""

MISSING: SortKey = (1, "")


def text_key(text: str) -> SortKey:
    return (0, text.casefold()) if text else MISSING


def number_key(value: float | None) -> SortKey:
    return MISSING if value is None else (0, value)


@dataclass(frozen=True)
class Label:
    en: str
    zh: str


def _names(title_en: str, title_zh: str) -> Label:
    return Label(en=title_en, zh=title_zh)


Item = TypeVar("Item")
"""What a table's row is made from: a record, with what its cells look up (a
:class:`SeriesItem`, an :class:`EntityItem` …)."""


@dataclass(frozen=True)
class Column(Generic[Item]):
    """One column of a table: its heading, how its cell and its sort key are made from a row's
    item, and how it gives way when the table is narrow (see :func:`fit_columns`).

    A table is its tuple of columns: :func:`table_row` makes every row's cells, sort keys and
    exported record from them, so a column is added, moved or removed in one place."""

    key: str
    """The column's id, and its name in an export."""
    title: Label
    """The heading, in both languages."""
    _: KW_ONLY
    cell: Callable[[Item, Lang], str]
    """The text of the row's cell."""
    sort: Callable[[Item, Lang], SortKey] | None = None
    """The row's sort key (a missing value: :data:`MISSING`, sorted last); ``None``: the
    cell's text, ignoring case."""
    export: Callable[[Item, Lang], str] | None = None
    """What an export of the row writes (for tables whose rows export one record each);
    ``None``: the cell's text."""
    numeric: bool = False
    """A number (with its unit after it): right-aligned, heading too."""
    priority: int = 50
    """Importance: when a table is too narrow, the least important columns are cut, then left
    out, first; the most important one takes any width to spare."""
    min_width: int = 10
    """Narrowest a column is cut to (with an ellipsis) before it is left out."""
    shrink: bool = True
    """False: never cut (a figure is shown whole or not at all)."""
    flex: bool = False
    """Cut first, before any other column: long free text such as a title."""
    cap: int = 40
    """Widest a column grows to show its widest cell; wider cells are cut. The most important
    column has no cap: it takes the width to spare."""

    def heading(self, lang: Lang) -> str:
        return tr(self.title, lang)

    def sort_key(self, item: Item, lang: Lang, cell: str) -> SortKey:
        """The sort key of ``item``'s row, whose cell in this column is ``cell``."""
        return text_key(cell) if self.sort is None else self.sort(item, lang)

    def exported(self, item: Item, lang: Lang, cell: str) -> str:
        """What an export writes for ``item`` in this column, whose cell is ``cell``."""
        return cell if self.export is None else self.export(item, lang)


OPTIONAL_PRIORITY = 50
"""Columns less important than this are left out before the main column is cut at all."""
MAIN_SHARE = 0.45
"""While other columns are cut, the main column keeps this share of the width (or its
content): the name of what a row is says most."""


def fit_columns(
    columns: Sequence[Column[Any]],
    naturals: Sequence[int],
    available: int,
    padding: int = 2,
    heading_widths: Sequence[int] | None = None,
    *,
    hidden: Collection[int] = (),
    full: Collection[int] = (),
    trailing: int = 0,
) -> list[int | None]:
    """Width of each column in ``available`` cells (``None``: left out).

    ``naturals`` are the widths of each column's widest cell (heading included), ``padding``
    the cells around each column, ``heading_widths`` widths a column is never cut below (as
    long as its cells are as wide). ``hidden`` columns are left out; ``full`` ones are shown
    at their natural width, never cut or left out (unless nothing else fits). ``trailing``:
    the last cells of ``available`` that only a tight fit uses (never given as slack), such as
    the last column's trailing padding.

    The rules, in the order of the module's documentation: each column wants its natural
    width up to its ``cap``; columns of the lowest priority are left out until the rest fit at
    their floors; then cells are cut, flex columns first, then by priority from the least
    important, with the main (most important) column cut last and kept at 45 % of the width
    as long as others can give way; minor columns are left out rather than cut the main one;
    the width left over goes to the main column.
    """
    count = len(columns)
    heads = list(heading_widths) if heading_widths is not None else [0] * count
    visible = [i for i in range(count) if i not in hidden] or list(range(count))
    pinned = set(full) & set(visible)

    def rank(i: int) -> tuple[int, int]:
        return (columns[i].priority, -i)

    def main_of() -> int:
        return max(visible, key=rank)

    def fitted_want(i: int) -> int:
        if i == main_of():
            return naturals[i]
        return naturals[i] if not columns[i].shrink else min(naturals[i], columns[i].cap)

    def fitted_floor(i: int) -> int:
        col = columns[i]
        if not col.shrink:
            return fitted_want(i)
        return max(min(fitted_want(i), col.min_width), min(fitted_want(i), heads[i]))

    # A column at full width leaves room for the name and the most important other column at
    # their narrowest: a table never loses its name or all its values.
    kept = sorted(visible, key=rank, reverse=True)[:3]
    limits = {
        p: available
        - trailing
        - padding
        - sum(fitted_floor(k) + padding for k in [k for k in kept if k != p][: 2 - (p in kept[:1])])
        for p in pinned
    }

    def want(i: int) -> int:
        if i in pinned:
            return max(min(naturals[i], limits[i]), min(naturals[i], heads[i]))
        return fitted_want(i)

    def floor(i: int) -> int:
        if i in pinned:
            return want(i)
        return fitted_floor(i)

    def total(widths: Collection[int]) -> int:
        return sum(widths) + padding * len(widths)

    def least(candidates: list[int]) -> int:
        return min(candidates, key=rank)

    def droppable() -> list[int]:
        main = main_of()
        return [i for i in visible if i != main and i not in pinned]

    while len(visible) > 1 and total([floor(i) for i in visible]) > available:
        candidates = droppable() or [i for i in visible if i != main_of()]
        visible.remove(least(candidates))

    def share() -> int:
        main = main_of()
        return max(floor(main), min(want(main), int(available * MAIN_SHARE)))

    def minor() -> list[int]:
        return [i for i in visible if columns[i].priority < OPTIONAL_PRIORITY and i not in pinned]

    # Minor columns are left out before any other is cut (the main one kept at its share).
    while minor() and total([share() if i == main_of() else want(i) for i in visible]) > available:
        visible.remove(least(minor()))
    main = main_of()
    widths = {i: want(i) for i in visible}
    excess = total(widths.values()) - available
    order = sorted(visible, key=lambda i: (not columns[i].flex, *rank(i)))
    steps = [(main, share())] + [(i, floor(i)) for i in order if i != main] + [(main, floor(main))]
    for i, low in steps:
        if excess <= 0:
            break
        cut = min(excess, widths[i] - low)
        if cut > 0:
            widths[i] -= cut
            excess -= cut
    spare = available - trailing - total(widths.values())
    if spare > 0:
        widths[main] += spare
    return [widths.get(i) for i in range(count)]


Records = Callable[[], tuple[dict[str, str], ...]]
"""What an export writes for a row, made only when exported."""


@dataclass(frozen=True)
class Row:
    """A row as widgets show it: made by :func:`table_row` from its table's columns."""

    key: str
    target: Target
    cells: tuple[str, ...]
    """The text of each column's cell, in the order of ``TableSpec.columns``."""
    sort: tuple[SortKey, ...]
    """The sort key of each column's cell, in the same order."""
    search: str
    """Lower-cased text of the row in both languages, for the filter."""
    records: Records
    """What an export writes for this row (records of ``TableSpec.export_columns``); built
    only when exported."""


@dataclass(frozen=True)
class TableSpec:
    id: str
    title: str
    columns: tuple[Column[Any], ...]
    rows: tuple[Row, ...]
    export_columns: tuple[str, ...]
    numeric_exports: frozenset[str] = field(default_factory=frozenset)
    kind_title: str = ""
    """What the rows are ("Indicators"), where a tab has more than one list."""

    def export(self, rows: Sequence[Row]) -> list[dict[str, str]]:
        """The records an export of ``rows`` writes."""
        return [record for row in rows for record in row.records()]

    def matching(self, query: str) -> list[Row]:
        """Rows whose text (in either language) contains every word of ``query``; a number
        matches a figure of the row as written or by its value (see :mod:`.numbers_search`)."""
        terms = query_terms(query)
        return [r for r in self.rows if matches(terms, r.search)]


def _search(
    *parts: str | Bilingual | None, figures: Iterable[Figure] = (), catalog: Catalog | None = None
) -> str:
    """The filter's text of a row: its words in both languages, the numbers written in them
    and the numbers of ``figures`` in every form a reader may type (see :mod:`.numbers_search`)."""
    out: list[str] = []
    for part in parts:
        if part is None:
            continue
        if isinstance(part, str):
            out.append(part)
        else:
            out.extend((part.en, part.zh))
    text = " ".join(out).casefold()
    numbers = " ".join(number_tokens(text))
    if catalog is not None:
        numbers += " " + figures_numbers(catalog, figures)
    return f"{text} {numbers}"


def _figure_rows(
    catalog: Catalog, figures: tuple[Figure, ...], lang: Lang
) -> tuple[dict[str, str], ...]:
    return tuple(catalog.row(f, lang) for f in figures)


def _kept(*records: dict[str, str]) -> Records:
    return lambda: records


def table_row(
    columns: Sequence[Column[Item]],
    item: Item,
    lang: Lang,
    *,
    key: str,
    target: Target,
    search: str,
    records: Records | None = None,
    extra: Mapping[str, str] | None = None,
) -> Row:
    """The row of ``item``: each column's cell and sort key, in the columns' order.

    What an export writes for it: ``records`` (a table whose row stands for several records,
    such as an indicator's figures), or else one record of each column's export value
    (:meth:`Column.exported`) followed by ``extra`` (ids and addresses no column shows)."""
    cells = tuple([column.cell(item, lang) for column in columns])
    pairs = list(zip(columns, cells, strict=True))
    sort = tuple([column.sort_key(item, lang, cell) for column, cell in pairs])
    if records is None:
        record = {column.key: column.exported(item, lang, cell) for column, cell in pairs}
        record.update(extra or {})
        records = _kept(record)
    return Row(key=key, target=target, cells=cells, sort=sort, search=search, records=records)


def _keys(columns: Sequence[Column[Any]]) -> tuple[str, ...]:
    """The columns' names in an export of a table whose rows export one record each."""
    return tuple(column.key for column in columns)


def _numeric(columns: Sequence[Column[Any]]) -> frozenset[str]:
    """Those of :func:`_keys` an export writes as numbers."""
    return frozenset(column.key for column in columns if column.numeric)


# -- sector tables -----------------------------------------------------------------------------


def scope_text(region: Region, lang: Lang) -> str:
    """The scope of a row: the region's short name and :func:`.caveats.scope_mark`."""
    return tr(region.short or region.name, lang) + scope_mark(region)


@dataclass(frozen=True)
class SeriesItem:
    """A row of an indicator (a sector's table, the overview's headlines and context): its
    series, the latest figure last; the region every figure covers; on a headline, its sector."""

    catalog: Catalog
    indicator: Indicator
    figures: Sequence[Figure]
    latest: Figure
    region: Region
    sources: int
    """How many sources the series cites."""
    sector: Sector | None = None

    @classmethod
    def of(cls, catalog: Catalog, ind_id: str, sector: Sector | None = None) -> SeriesItem | None:
        """The row of the indicator ``ind_id``; ``None`` if it has no figures."""
        figures = catalog.series.get(ind_id)
        if not figures:
            return None
        indicator = catalog.indicators[ind_id]
        return cls(
            catalog,
            indicator,
            figures,
            figures[-1],
            catalog.regions[indicator.region],
            len({e.source for f in figures for e in f.evidence}),
            sector,
        )


def _latest_value(item: SeriesItem, lang: Lang) -> str:
    latest, catalog = item.latest, item.catalog
    return catalog.display_value(latest, lang, signs=True) + value_mark(latest, catalog.sources)


def _latest_date(item: SeriesItem, lang: Lang) -> SortKey:
    period = item.latest.period
    return text_key(period.end or period.start or "")


def _trend(item: SeriesItem, lang: Lang) -> str:
    return spark([f.value for f in item.figures], breaks=series_breaks(item.figures))


INDICATOR_NAME_COLUMN: Column[SeriesItem] = Column(
    "indicator",
    _names("Indicator", "指标"),
    cell=lambda item, lang: tr(item.indicator.name, lang),
    priority=100,
    min_width=16,
)
LATEST_COLUMN: Column[SeriesItem] = Column(
    "latest",
    _names("Latest", "最新值"),
    cell=_latest_value,
    sort=lambda item, lang: number_key(item.latest.value),
    numeric=True,
    priority=90,
    shrink=False,
)
PERIOD_COLUMN: Column[SeriesItem] = Column(
    "period",
    _names("Period", "时期"),
    cell=lambda item, lang: period_years(item.latest.period, lang),
    sort=_latest_date,
    priority=80,
    min_width=11,
    cap=24,
)
SCOPE_COLUMN: Column[SeriesItem] = Column(
    "scope",
    _names("Scope", "范围"),
    cell=lambda item, lang: scope_text(item.region, lang),
    sort=lambda item, lang: text_key(tr(item.region.name, lang)),
    priority=75,
    shrink=False,
)
"""Scope, the caveat that matters most, is shown whole (short forms of names) or not at all."""
TREND_COLUMN: Column[SeriesItem] = Column(
    "trend",
    _names("Trend", "趋势"),
    cell=_trend,
    sort=lambda item, lang: number_key(len(item.figures)),
    priority=55,
    shrink=False,
)
"""A series of two or more points: shown whole, beside the detail too; left out only after
minor columns, before Scope."""
SOURCES_COLUMN: Column[SeriesItem] = Column(
    "sources",
    _names("Src", "来源"),
    cell=lambda item, lang: str(item.sources),
    sort=lambda item, lang: number_key(item.sources),
    numeric=True,
    priority=20,
    min_width=3,
)

INDICATOR_COLUMNS = (
    INDICATOR_NAME_COLUMN,
    LATEST_COLUMN,
    PERIOD_COLUMN,
    SCOPE_COLUMN,
    TREND_COLUMN,
    SOURCES_COLUMN,
)


def _series_row(
    columns: Sequence[Column[SeriesItem]],
    item: SeriesItem,
    lang: Lang,
    *words: str | Bilingual | None,
) -> Row:
    """The row of an indicator: found by ``words`` and by its figures' numbers; exports every
    figure of it."""
    catalog, ind_id = item.catalog, item.indicator.id
    figures = tuple(catalog.all_figures(ind_id))
    return table_row(
        columns,
        item,
        lang,
        key=ind_id,
        target=("indicator", ind_id),
        search=_search(*words, figures=figures, catalog=catalog),
        records=partial(_figure_rows, catalog, figures, lang),
    )


def indicator_table(catalog: Catalog, sector: str, lang: Lang) -> TableSpec:
    """A sector's indicators with their latest figure; exports every figure of each row."""
    rows: list[Row] = []
    for ind in sector_indicators(catalog, sector):
        item = SeriesItem.of(catalog, ind.id)
        if ind.sector != sector or item is None:
            continue
        latest, region = item.latest, item.region
        rows.append(
            _series_row(
                INDICATOR_COLUMNS,
                item,
                lang,
                ind.id,
                ind.name,
                ind.description,
                region.name,
                region.short,
                *(period_text(latest.period, x) for x in LANGS),
            )
        )
    name = catalog.sectors[sector].name
    return TableSpec(
        id=sector,
        title=tr(name, lang),
        kind_title=word("table.indicators", lang),
        columns=INDICATOR_COLUMNS,
        rows=tuple(rows),
        export_columns=COLUMNS,
        numeric_exports=frozenset({"value", "upper"}),
    )


ENTITY_KIND_NAMES: dict[EntityKind, Label] = {
    "project": _names("project", "项目"),
    "park": _names("park", "园区"),
    "school": _names("school", "学校"),
    "hospital": _names("hospital", "医院"),
    "company": _names("company", "企业"),
    "programme": _names("programme", "计划"),
    "village": _names("village", "村"),
    "brand": _names("brand", "品牌"),
    "organisation": _names("organisation", "机构"),
    "agreement": _names("agreement", "协议"),
    "workstation": _names("workstation", "工作站"),
    "base": _names("base", "基地"),
    "service": _names("service", "服务"),
    "course": _names("course", "课程"),
}


def entity_kind(kind: EntityKind, lang: Lang) -> str:
    return tr(ENTITY_KIND_NAMES[kind], lang)


def indicators_of_entity(catalog: Catalog, entity: str) -> list[str]:
    return catalog.indicators_by_entity.get(entity, [])


CITED = ("source_id", "source_url")
"""What an export of a record's row adds after its columns: its sources' ids and addresses."""


def _cited(catalog: Catalog, sources: Iterable[str]) -> dict[str, str]:
    """The fields of :data:`CITED` for ``sources`` (each once, in order)."""
    ids = list(dict.fromkeys(sources))
    return {"source_id": "; ".join(ids), "source_url": source_urls(catalog, ids)}


@dataclass(frozen=True)
class EntityItem:
    """A row of a project or body: where it is and the indicators about it."""

    entity: Entity
    region: Region
    indicators: Sequence[str]


ENTITY_COLUMNS: tuple[Column[EntityItem], ...] = (
    Column(
        "name",
        _names("Project or body", "项目或机构"),
        cell=lambda item, lang: tr(item.entity.name, lang),
        priority=100,
        min_width=24,
        flex=True,
    ),
    Column(
        "kind",
        _names("Kind", "类型"),
        cell=lambda item, lang: entity_kind(item.entity.kind, lang),
        priority=60,
        min_width=8,
    ),
    Column(
        "region",
        _names("Where", "地点"),
        cell=lambda item, lang: scope_text(item.region, lang),
        priority=80,
        min_width=10,
    ),
    Column(
        "indicators",
        _names("Figures", "数字"),
        cell=lambda item, lang: str(len(item.indicators)),
        sort=lambda item, lang: number_key(len(item.indicators)),
        numeric=True,
        priority=40,
        min_width=3,
    ),
)


def entity_table(catalog: Catalog, sector: str, lang: Lang) -> TableSpec:
    rows: list[Row] = []
    for ent in catalog.data.entities:
        if ent.sector != sector:
            continue
        item = EntityItem(ent, catalog.regions[ent.region], indicators_of_entity(catalog, ent.id))
        rows.append(
            table_row(
                ENTITY_COLUMNS,
                item,
                lang,
                key=ent.id,
                target=("entity", ent.id),
                search=_search(
                    ent.id,
                    ent.kind,
                    ent.name,
                    ent.description,
                    item.region.name,
                    item.region.short,
                    figures=[f for i in item.indicators for f in catalog.all_figures(i)],
                    catalog=catalog,
                ),
                extra={"id": ent.id, **_cited(catalog, (e.source for e in ent.evidence))},
            )
        )
    return TableSpec(
        id=f"{sector}-entities",
        title=tr(catalog.sectors[sector].name, lang) + " · " + word("table.entities", lang),
        kind_title=word("table.entities", lang),
        columns=ENTITY_COLUMNS,
        rows=tuple(rows),
        export_columns=("id", *_keys(ENTITY_COLUMNS), *CITED),
        numeric_exports=_numeric(ENTITY_COLUMNS),
    )


# -- overview ----------------------------------------------------------------------------------

SECTOR_COLUMN: Column[SeriesItem] = Column(
    "sector",
    _names("Sector", "领域"),
    cell=lambda item, lang: "" if item.sector is None else tr(item.sector.name, lang),
    priority=60,
    shrink=False,
)
HEADLINE_COLUMNS = (
    SECTOR_COLUMN,
    replace(INDICATOR_NAME_COLUMN, title=_names("Headline", "主要指标"), min_width=14),
    replace(LATEST_COLUMN, title=_names("Value", "数值")),
    PERIOD_COLUMN,
    SCOPE_COLUMN,
    TREND_COLUMN,
)
CONTEXT_COLUMNS = HEADLINE_COLUMNS[1:]


def _overview_row(columns: Sequence[Column[SeriesItem]], item: SeriesItem, lang: Lang) -> Row:
    region = item.region
    first = "" if item.sector is None else tr(item.sector.name, lang)
    ind = item.indicator
    return _series_row(columns, item, lang, first, ind.id, ind.name, region.name, region.short)


def headline_table(catalog: Catalog, lang: Lang) -> TableSpec:
    items = [
        SeriesItem.of(catalog, s.headline, s)
        for s in catalog.data.sectors
        if s.headline is not None
    ]
    return TableSpec(
        id="headlines",
        title=word("table.headlines", lang),
        columns=HEADLINE_COLUMNS,
        rows=tuple(_overview_row(HEADLINE_COLUMNS, i, lang) for i in items if i is not None),
        export_columns=COLUMNS,
        numeric_exports=frozenset({"value", "upper"}),
    )


def context_table(catalog: Catalog, lang: Lang) -> TableSpec:
    items = [SeriesItem.of(catalog, ind_id) for ind_id in catalog.data.overview]
    return TableSpec(
        id="context",
        title=word("table.context", lang),
        columns=CONTEXT_COLUMNS,
        rows=tuple(_overview_row(CONTEXT_COLUMNS, i, lang) for i in items if i is not None),
        export_columns=COLUMNS,
        numeric_exports=frozenset({"value", "upper"}),
    )


PHASE_SHORT: dict[Phase, Label] = {
    "2016-2020": _names("2016–2020", "2016–2020"),
    "2021-": _names("from 2021", "2021年起"),
}
PHASE_NAMES: dict[Phase, Label] = {
    "2016-2020": _names("2016–2020 (poverty alleviation)", "2016–2020(脱贫攻坚)"),
    "2021-": _names("from 2021 (east–west collaboration)", "2021年起(东西部协作)"),
}
UNKNOWN = _names("unknown", "不详")
REPORTED = _names("reported", "据报道")
CONFIRMED = _names("confirmed", "已证实")
PAIRING_STATUS: dict[PairingStatus, Label] = {"confirmed": CONFIRMED, "reported": REPORTED}
"""How sure a pairing is, in words."""


def paired_counties(catalog: Catalog) -> list[str]:
    """Every county that has a pairing, with its sibling counties (same parent), in file order."""
    parents = {catalog.regions[p.county].parent for p in catalog.data.pairings}
    counties = {p.county for p in catalog.data.pairings}
    return [
        r.id
        for r in catalog.data.regions
        if r.id in counties or (r.parent is not None and r.parent in parents and not r.members)
    ]


def pairing_of(catalog: Catalog, county: str, phase: str) -> list[Pairing]:
    return [p for p in catalog.data.pairings if p.county == county and p.phase == phase]


@dataclass(frozen=True)
class CountyItem:
    """A row of the pairings: a county of Bijie and its pairings in each phase."""

    catalog: Catalog
    county: Region
    pairings: Mapping[Phase, Sequence[Pairing]]


def _partners(phase: Phase) -> Callable[[CountyItem, Lang], str]:
    """The cell of ``phase``: the county's partner districts then, or "unknown"."""

    def cell(item: CountyItem, lang: Lang) -> str:
        parts = []
        for pair in item.pairings[phase]:
            text = tr(item.catalog.regions[pair.district].name, lang)
            if pair.status == "reported":
                text += f" ({tr(REPORTED, lang)})"
            parts.append(text)
        return ", ".join(parts) if parts else tr(UNKNOWN, lang)

    return cell


PAIRING_COLUMNS: tuple[Column[CountyItem], ...] = (
    Column(
        "county",
        _names("Bijie county", "毕节县区"),
        cell=lambda item, lang: tr(item.county.name, lang),
        priority=80,
        min_width=14,
    ),
    *(
        Column(
            f"phase-{phase}", PHASE_SHORT[phase], cell=_partners(phase), min_width=16, priority=100
        )
        for phase in PHASES
    ),
)
"""The county, then a column for each phase of :data:`.vocab.PHASES`."""


def pairing_table(catalog: Catalog, lang: Lang) -> TableSpec:
    """Each county against each phase: its Guangzhou partner district, or "unknown"."""
    rows: list[Row] = []
    for county in paired_counties(catalog):
        region = catalog.regions[county]
        found = {phase: pairing_of(catalog, county, phase) for phase in PHASES}
        pairs = [pair for phase in PHASES for pair in found[phase]]
        rows.append(
            table_row(
                PAIRING_COLUMNS,
                CountyItem(catalog, region, found),
                lang,
                key=county,
                target=("region", county),
                search=_search(
                    region.id, region.name, *(catalog.regions[p.district].name for p in pairs)
                ),
                extra={
                    "county_id": county,
                    **_cited(catalog, (e.source for p in pairs for e in p.evidence)),
                },
            )
        )
    return TableSpec(
        id="pairings",
        title=word("table.pairings", lang),
        columns=PAIRING_COLUMNS,
        rows=tuple(rows),
        export_columns=("county_id", *_keys(PAIRING_COLUMNS), *CITED),
        numeric_exports=_numeric(PAIRING_COLUMNS),
    )


@dataclass(frozen=True)
class EventItem:
    """A row of the timeline: a milestone and its sector."""

    event: Event
    sector: Sector


EVENT_COLUMNS: tuple[Column[EventItem], ...] = (
    Column(
        "date",
        _names("Date", "日期"),
        cell=lambda item, lang: item.event.date,
        priority=90,
        shrink=False,
    ),
    Column(
        "sector",
        _names("Sector", "领域"),
        cell=lambda item, lang: tr(item.sector.name, lang),
        priority=40,
        min_width=8,
    ),
    Column(
        "title",
        _names("Milestone", "大事"),
        cell=lambda item, lang: tr(item.event.title, lang),
        priority=100,
        min_width=24,
        flex=True,
    ),
)


def timeline_table(catalog: Catalog, lang: Lang) -> TableSpec:
    rows: list[Row] = []
    for event in timeline(catalog.data.events):
        sector = catalog.sectors[event.sector]
        rows.append(
            table_row(
                EVENT_COLUMNS,
                EventItem(event, sector),
                lang,
                key=event.id,
                target=("event", event.id),
                search=_search(event.id, event.date, sector.name, event.title, event.description),
                extra={"id": event.id, **_cited(catalog, (e.source for e in event.evidence))},
            )
        )
    return TableSpec(
        id="timeline",
        title=word("table.timeline", lang),
        columns=EVENT_COLUMNS,
        rows=tuple(rows),
        export_columns=("id", *_keys(EVENT_COLUMNS), *CITED),
        numeric_exports=_numeric(EVENT_COLUMNS),
    )


# -- sources -----------------------------------------------------------------------------------

SOURCE_KIND_NAMES: dict[SourceKind, Label] = {
    "official": _names("official", "官方"),
    "official_mirror": _names("official (copy)", "官方(转载)"),
    "state_media": _names("state media", "官方媒体"),
    "state_media_mirror": _names("state media (copy)", "官方媒体(转载)"),
    "press_release": _names("press release", "新闻稿"),
    "media": _names("media", "媒体"),
    "mirror": _names("copy", "转载"),
    "unrelated_copy": _names("copy on an unrelated site", "无关网站上的转载"),
    "secondary": _names("secondary", "二手资料"),
    "copy_without_address": _names("copy, no address", "转载(无网址)"),
}
"""The kinds of source as the detail names them (the order is :data:`.vocab.SOURCE_KINDS`)."""
SOURCE_KIND_SHORT: dict[SourceKind, Label] = {
    "official": _names("official", "官方"),
    "official_mirror": _names("offic. copy", "官方转载"),
    "state_media": _names("state media", "官方媒体"),
    "state_media_mirror": _names("state copy", "官媒转载"),
    "press_release": _names("press rel.", "新闻稿"),
    "media": _names("media", "媒体"),
    "mirror": _names("copy", "转载"),
    "unrelated_copy": _names("stray copy", "无关站转载"),
    "secondary": _names("secondary", "二手资料"),
    "copy_without_address": _names("no-URL copy", "无网址转载"),
}
"""The kinds of source as the Kind column shows them, whole (the trust signal is never cut);
the detail says them in full (:data:`SOURCE_KIND_NAMES`)."""
SOURCE_KIND_RANK: dict[SourceKind, int] = {kind: rank for rank, kind in enumerate(SOURCE_KINDS)}
"""How weak a kind of source is: 0 the strongest; the Kind column sorts by it."""


def source_kind(kind: SourceKind, lang: Lang) -> str:
    return tr(SOURCE_KIND_NAMES[kind], lang)


def source_kind_short(kind: SourceKind, lang: Lang) -> str:
    """The kind of a source as the Kind column shows it."""
    return tr(SOURCE_KIND_SHORT[kind], lang)


def source_address(src: Source, lang: Lang) -> str:
    """The address of ``src`` as a reader sees it: its URL, or words saying it is unknown."""
    return src.url if src.url is not None else word("source.no_address", lang)


def source_urls(catalog: Catalog, sources: Iterable[str]) -> str:
    """The addresses of ``sources`` for an export: the URLs, an empty one where unknown."""
    return "; ".join(catalog.sources[s].url or "" for s in sources)


@dataclass(frozen=True)
class SourceItem:
    """A row of the sources: a source and how many figures cite it."""

    source: Source
    figures: int


SOURCE_COLUMNS: tuple[Column[SourceItem], ...] = (
    Column(
        "id",
        _names("Id", "编号"),
        cell=lambda item, lang: item.source.id,
        priority=90,
        shrink=False,
    ),
    Column(
        "kind",
        _names("Kind", "类型"),
        cell=lambda item, lang: source_kind_short(item.source.kind, lang),
        sort=lambda item, lang: number_key(SOURCE_KIND_RANK[item.source.kind]),
        export=lambda item, lang: source_kind(item.source.kind, lang),
        priority=50,
        shrink=False,
    ),
    Column(
        "figures",
        _names("Figures", "数字"),
        cell=lambda item, lang: str(item.figures),
        sort=lambda item, lang: number_key(item.figures),
        numeric=True,
        priority=60,
        shrink=False,
    ),
    Column(
        "date",
        _names("Date", "日期"),
        cell=lambda item, lang: item.source.date or "?",
        sort=lambda item, lang: text_key(item.source.date or ""),
        priority=70,
        shrink=False,
    ),
    Column(
        "title",
        _names("Title", "标题"),
        cell=lambda item, lang: item.source.title,
        priority=100,
        min_width=20,
        flex=True,
    ),
)
"""The Kind column shows a kind's short word and sorts from the strongest kind to the weakest;
an export writes the kind's full name (and its id, ``source_kind``)."""


def source_table(catalog: Catalog, lang: Lang) -> TableSpec:
    """Every source, the most cited first (then the oldest, then by id)."""
    rows: list[Row] = []
    citations = catalog.citations
    ordered = sorted(
        catalog.data.sources,
        key=lambda src: (-citations.get(src.id, 0), src.date or "\uffff", src.id),
    )
    for src in ordered:
        rows.append(
            table_row(
                SOURCE_COLUMNS,
                SourceItem(src, citations.get(src.id, 0)),
                lang,
                key=src.id,
                target=("source", src.id),
                search=_search(
                    src.id,
                    src.title,
                    src.publisher,
                    source_address(src, "en"),
                    source_address(src, "zh"),
                    SOURCE_KIND_NAMES[src.kind],
                    SOURCE_KIND_SHORT[src.kind],
                ),
                extra={"publisher": src.publisher, "url": src.url or "", "source_kind": src.kind},
            )
        )
    return TableSpec(
        id="sources",
        title=word("table.sources", lang),
        columns=SOURCE_COLUMNS,
        rows=tuple(rows),
        export_columns=(*_keys(SOURCE_COLUMNS), "publisher", "url", "source_kind"),
        numeric_exports=_numeric(SOURCE_COLUMNS),
    )


Builder = Callable[[Lang], TableSpec]
"""Builds one table in a given language."""
