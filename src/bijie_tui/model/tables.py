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

Marks in a row (decided in :mod:`.caveats`): ``⁺`` after a scope that counts several places
together, ``†`` after a value whose sources are all copies or secondary accounts.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

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
    from .records import Figure, Pairing, Region, Source

SortKey = tuple[int, float | str]
"""Missing values sort last: ``(1, "")``; present ones are ``(0, value)``."""

MISSING: SortKey = (1, "")


def text_key(text: str) -> SortKey:
    return (0, text.casefold()) if text else MISSING


def number_key(value: float | None) -> SortKey:
    return MISSING if value is None else (0, value)


@dataclass(frozen=True)
class Column:
    key: str
    title: Label
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


OPTIONAL_PRIORITY = 50
"""Columns less important than this are left out before the main column is cut at all."""
MAIN_SHARE = 0.45
"""While other columns are cut, the main column keeps this share of the width (or its
content): the name of what a row is says most."""


def fit_columns(
    columns: Sequence[Column],
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


@dataclass(frozen=True)
class Row:
    key: str
    target: Target
    cells: tuple[str, ...]
    sort: tuple[SortKey, ...]
    search: str
    """Lower-cased text of the row in both languages, for the filter."""
    records: Callable[[], tuple[dict[str, str], ...]]
    """What an export writes for this row (records of ``TableSpec.export_columns``); built
    only when exported."""


@dataclass(frozen=True)
class TableSpec:
    id: str
    title: str
    columns: tuple[Column, ...]
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


@dataclass(frozen=True)
class Label:
    en: str
    zh: str


def _names(title_en: str, title_zh: str) -> Label:
    return Label(en=title_en, zh=title_zh)


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


def _kept(*records: dict[str, str]) -> Callable[[], tuple[dict[str, str], ...]]:
    return lambda: records


def _simple_records(
    columns: Sequence[Column], cells: Sequence[str], **extra: str
) -> dict[str, str]:
    record = {c.key: cell for c, cell in zip(columns, cells, strict=True)}
    record.update(extra)
    return record


# -- sector tables -----------------------------------------------------------------------------

SCOPE_COLUMN = Column("scope", _names("Scope", "范围"), priority=75, shrink=False)
"""Scope, the caveat that matters most, is shown whole (short forms of names) or not at all."""
TREND_COLUMN = Column("trend", _names("Trend", "趋势"), priority=55, shrink=False)
"""A series of two or more points: shown whole, beside the detail too; left out only after
minor columns, before Scope."""


def scope_text(region: Region, lang: Lang) -> str:
    """The scope of a row: the region's short name and :func:`.caveats.scope_mark`."""
    return tr(region.short or region.name, lang) + scope_mark(region)


INDICATOR_COLUMNS = (
    Column("indicator", _names("Indicator", "指标"), priority=100, min_width=16),
    Column("latest", _names("Latest", "最新值"), numeric=True, priority=90, shrink=False),
    Column("period", _names("Period", "时期"), priority=80, min_width=11, cap=24),
    SCOPE_COLUMN,
    TREND_COLUMN,
    Column("sources", _names("Src", "来源"), numeric=True, priority=20, min_width=3),
)


def indicator_table(catalog: Catalog, sector: str, lang: Lang) -> TableSpec:
    """A sector's indicators with their latest figure; exports every figure of each row."""
    rows: list[Row] = []
    for ind in sector_indicators(catalog, sector):
        if ind.sector != sector:
            continue
        figures = catalog.series.get(ind.id, [])
        if not figures:
            continue
        last = figures[-1]
        sources = {e.source for f in figures for e in f.evidence}
        region = catalog.regions[ind.region]
        values = [f.value for f in figures]
        period = period_years(last.period, lang)
        rows.append(
            Row(
                key=ind.id,
                target=("indicator", ind.id),
                cells=(
                    tr(ind.name, lang),
                    catalog.display_value(last, lang, signs=True)
                    + value_mark(last, catalog.sources),
                    period,
                    scope_text(region, lang),
                    spark(values, breaks=series_breaks(figures)),
                    str(len(sources)),
                ),
                sort=(
                    text_key(tr(ind.name, lang)),
                    number_key(last.value),
                    text_key(last.period.end or last.period.start or ""),
                    text_key(tr(region.name, lang)),
                    number_key(len(values)),
                    number_key(len(sources)),
                ),
                search=_search(
                    ind.id,
                    ind.name,
                    ind.description,
                    region.name,
                    region.short,
                    *(period_text(last.period, x) for x in LANGS),
                    figures=catalog.all_figures(ind.id),
                    catalog=catalog,
                ),
                records=partial(_figure_rows, catalog, tuple(catalog.all_figures(ind.id)), lang),
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


ENTITY_COLUMNS = (
    Column("name", _names("Project or body", "项目或机构"), priority=100, min_width=24, flex=True),
    Column("kind", _names("Kind", "类型"), priority=60, min_width=8),
    Column("region", _names("Where", "地点"), priority=80, min_width=10),
    Column("indicators", _names("Figures", "数字"), numeric=True, priority=40, min_width=3),
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


def entity_table(catalog: Catalog, sector: str, lang: Lang) -> TableSpec:
    columns = ENTITY_COLUMNS
    rows: list[Row] = []
    for ent in catalog.data.entities:
        if ent.sector != sector:
            continue
        region = catalog.regions[ent.region]
        linked = indicators_of_entity(catalog, ent.id)
        cells = (
            tr(ent.name, lang),
            entity_kind(ent.kind, lang),
            scope_text(region, lang),
            str(len(linked)),
        )
        sources = list(dict.fromkeys(e.source for e in ent.evidence))
        rows.append(
            Row(
                key=ent.id,
                target=("entity", ent.id),
                cells=cells,
                sort=(
                    text_key(cells[0]),
                    text_key(cells[1]),
                    text_key(cells[2]),
                    number_key(len(linked)),
                ),
                search=_search(
                    ent.id,
                    ent.kind,
                    ent.name,
                    ent.description,
                    region.name,
                    region.short,
                    figures=[f for i in linked for f in catalog.all_figures(i)],
                    catalog=catalog,
                ),
                records=_kept(
                    _simple_records(
                        columns,
                        cells,
                        id=ent.id,
                        source_id="; ".join(sources),
                        source_url=source_urls(catalog, sources),
                    ),
                ),
            )
        )
    return TableSpec(
        id=f"{sector}-entities",
        title=tr(catalog.sectors[sector].name, lang) + " · " + word("table.entities", lang),
        kind_title=word("table.entities", lang),
        columns=columns,
        rows=tuple(rows),
        export_columns=("id", *(c.key for c in columns), "source_id", "source_url"),
        numeric_exports=frozenset({"indicators"}),
    )


# -- overview ----------------------------------------------------------------------------------

HEADLINE_COLUMNS = (
    Column("sector", _names("Sector", "领域"), priority=60, shrink=False),
    Column("indicator", _names("Headline", "主要指标"), priority=100, min_width=14),
    Column("latest", _names("Value", "数值"), numeric=True, priority=90, shrink=False),
    Column("period", _names("Period", "时期"), priority=80, min_width=11, cap=24),
    SCOPE_COLUMN,
    TREND_COLUMN,
)


def _series_rows(
    catalog: Catalog, ids: Sequence[tuple[str, str]], lang: Lang, columns: Sequence[Column]
) -> list[Row]:
    """Rows of (first cell, indicator id): the indicator's latest figure and its trend."""
    rows: list[Row] = []
    for first, ind_id in ids:
        figures = catalog.series.get(ind_id)
        if not figures:
            continue
        ind = catalog.indicators[ind_id]
        last = figures[-1]
        region = catalog.regions[ind.region]
        cells = (
            first,
            tr(ind.name, lang),
            catalog.display_value(last, lang, signs=True) + value_mark(last, catalog.sources),
            period_years(last.period, lang),
            scope_text(region, lang),
            spark([f.value for f in figures], breaks=series_breaks(figures))
            if len(figures) > 1
            else "",
        )
        rows.append(
            Row(
                key=ind_id,
                target=("indicator", ind_id),
                cells=cells[-len(columns) :],
                sort=(
                    text_key(cells[0]),
                    text_key(cells[1]),
                    number_key(last.value),
                    text_key(last.period.end or last.period.start or ""),
                    text_key(tr(region.name, lang)),
                    number_key(len(figures)),
                )[-len(columns) :],
                search=_search(
                    first,
                    ind.id,
                    ind.name,
                    region.name,
                    region.short,
                    figures=catalog.all_figures(ind_id),
                    catalog=catalog,
                ),
                records=partial(_figure_rows, catalog, tuple(catalog.all_figures(ind_id)), lang),
            )
        )
    return rows


def headline_table(catalog: Catalog, lang: Lang) -> TableSpec:
    ids = [(tr(s.name, lang), s.headline) for s in catalog.data.sectors if s.headline is not None]
    return TableSpec(
        id="headlines",
        title=word("table.headlines", lang),
        columns=HEADLINE_COLUMNS,
        rows=tuple(_series_rows(catalog, ids, lang, HEADLINE_COLUMNS)),
        export_columns=COLUMNS,
        numeric_exports=frozenset({"value", "upper"}),
    )


CONTEXT_COLUMNS = HEADLINE_COLUMNS[1:]


def context_table(catalog: Catalog, lang: Lang) -> TableSpec:
    ids = [("", i) for i in catalog.data.overview]
    return TableSpec(
        id="context",
        title=word("table.context", lang),
        columns=CONTEXT_COLUMNS,
        rows=tuple(_series_rows(catalog, ids, lang, CONTEXT_COLUMNS)),
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


def pairing_table(catalog: Catalog, lang: Lang) -> TableSpec:
    """Each county against each phase: its Guangzhou partner district, or "unknown"."""
    columns = (
        Column("county", _names("Bijie county", "毕节县区"), priority=80, min_width=14),
        *(Column(f"phase-{ph}", PHASE_SHORT[ph], priority=100, min_width=16) for ph in PHASES),
    )
    rows: list[Row] = []
    for county in paired_counties(catalog):
        region = catalog.regions[county]
        cells = [tr(region.name, lang)]
        search: list[str | Bilingual | None] = [region.id, region.name]
        sources: list[str] = []
        for phase in PHASES:
            found = pairing_of(catalog, county, phase)
            parts = []
            for pair in found:
                district = catalog.regions[pair.district]
                search.append(district.name)
                sources.extend(e.source for e in pair.evidence)
                text = tr(district.name, lang)
                if pair.status == "reported":
                    text += f" ({tr(REPORTED, lang)})"
                parts.append(text)
            cells.append(", ".join(parts) if parts else tr(UNKNOWN, lang))
        rows.append(
            Row(
                key=county,
                target=("region", county),
                cells=tuple(cells),
                sort=tuple(text_key(c) for c in cells),
                search=_search(*search),
                records=_kept(
                    _simple_records(
                        columns,
                        cells,
                        county_id=county,
                        source_id="; ".join(dict.fromkeys(sources)),
                        source_url=source_urls(catalog, dict.fromkeys(sources)),
                    )
                ),
            )
        )
    return TableSpec(
        id="pairings",
        title=word("table.pairings", lang),
        columns=columns,
        rows=tuple(rows),
        export_columns=("county_id", *(c.key for c in columns), "source_id", "source_url"),
    )


EVENT_COLUMNS = (
    Column("date", _names("Date", "日期"), priority=90, shrink=False),
    Column("sector", _names("Sector", "领域"), priority=40, min_width=8),
    Column("title", _names("Milestone", "大事"), priority=100, min_width=24, flex=True),
)


def timeline_table(catalog: Catalog, lang: Lang) -> TableSpec:
    rows: list[Row] = []
    for event in timeline(catalog.data.events):
        sector = catalog.sectors[event.sector]
        cells = (event.date, tr(sector.name, lang), tr(event.title, lang))
        sources = list(dict.fromkeys(e.source for e in event.evidence))
        rows.append(
            Row(
                key=event.id,
                target=("event", event.id),
                cells=cells,
                sort=tuple(text_key(c) for c in cells),
                search=_search(event.id, event.date, sector.name, event.title, event.description),
                records=_kept(
                    _simple_records(
                        EVENT_COLUMNS,
                        cells,
                        id=event.id,
                        source_id="; ".join(sources),
                        source_url=source_urls(catalog, sources),
                    ),
                ),
            )
        )
    return TableSpec(
        id="timeline",
        title=word("table.timeline", lang),
        columns=EVENT_COLUMNS,
        rows=tuple(rows),
        export_columns=("id", *(c.key for c in EVENT_COLUMNS), "source_id", "source_url"),
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

SOURCE_COLUMNS = (
    Column("id", _names("Id", "编号"), priority=90, shrink=False),
    Column("kind", _names("Kind", "类型"), priority=50, shrink=False),
    Column("figures", _names("Figures", "数字"), numeric=True, priority=60, shrink=False),
    Column("date", _names("Date", "日期"), priority=70, shrink=False),
    Column("title", _names("Title", "标题"), priority=100, min_width=20, flex=True),
)


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


def source_table(catalog: Catalog, lang: Lang) -> TableSpec:
    """Every source, the most cited first (then the oldest, then by id)."""
    rows: list[Row] = []
    citations = catalog.citations
    ordered = sorted(
        catalog.data.sources,
        key=lambda src: (-citations.get(src.id, 0), src.date or "\uffff", src.id),
    )
    for src in ordered:
        count = citations.get(src.id, 0)
        cells = (src.id, source_kind_short(src.kind, lang), str(count), src.date or "?", src.title)
        rows.append(
            Row(
                key=src.id,
                target=("source", src.id),
                cells=cells,
                sort=(
                    text_key(src.id),
                    number_key(SOURCE_KIND_RANK[src.kind]),
                    number_key(count),
                    text_key(src.date or ""),
                    text_key(src.title),
                ),
                search=_search(
                    src.id,
                    src.title,
                    src.publisher,
                    source_address(src, "en"),
                    source_address(src, "zh"),
                    SOURCE_KIND_NAMES[src.kind],
                    SOURCE_KIND_SHORT[src.kind],
                ),
                records=_kept(
                    _simple_records(
                        SOURCE_COLUMNS,
                        (src.id, source_kind(src.kind, lang), *cells[2:]),
                        publisher=src.publisher,
                        url=src.url or "",
                        source_kind=src.kind,
                    ),
                ),
            )
        )
    return TableSpec(
        id="sources",
        title=word("table.sources", lang),
        columns=SOURCE_COLUMNS,
        rows=tuple(rows),
        export_columns=(*(c.key for c in SOURCE_COLUMNS), "publisher", "url", "source_kind"),
        numeric_exports=frozenset({"figures"}),
    )


Builder = Callable[[Lang], TableSpec]
"""Builds one table in a given language."""
