"""Questions asked of a dataset: lookups, a sector's figures, series, and flat rows for export."""

from __future__ import annotations

import calendar
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from .format import Lang, figure_value, period_text, plain_number

if TYPE_CHECKING:
    from .records import (
        Dataset,
        Entity,
        Figure,
        Indicator,
        Note,
        Region,
        Sector,
        Source,
        Unit,
    )

COLUMNS: tuple[str, ...] = (
    "sector",
    "indicator_id",
    "indicator",
    "region",
    "region_id",
    "period",
    "period_kind",
    "period_start",
    "period_end",
    "date_start",
    "date_end",
    "year",
    "value",
    "upper",
    "unit",
    "qualifier",
    "stated_as",
    "status",
    "derivation",
    "figure_id",
    "source_id",
    "source_url",
    "source_kind",
    "quote",
    "note",
    "disagrees_with",
    "break_before",
)
"""Columns of ``show --format csv|json`` and of exports, in order."""

QUOTE_SEPARATOR = " ¶ "
SOURCE_SEPARATOR = "; "
LIST_COLUMNS: dict[str, str] = {
    "source_id": SOURCE_SEPARATOR,
    "source_url": SOURCE_SEPARATOR,
    "source_kind": SOURCE_SEPARATOR,
    "quote": QUOTE_SEPARATOR,
}
"""Columns with one item per source: joined by their separator in CSV, arrays in JSON."""
"""Between the quoted passages of a figure with several (in the order of its sources)."""


def first_day(date: str | None) -> str:
    """The first day of a partial date, as ISO (``2019`` → ``2019-01-01``); "" for none."""
    if not date:
        return ""
    year, _, rest = date.partition("-")
    month, _, day = rest.partition("-")
    return f"{year}-{month or '01'}-{day or '01'}"


def last_day(date: str | None) -> str:
    """The last day of a partial date, as ISO (``2022-02`` → ``2022-02-28``); "" for none."""
    if not date:
        return ""
    year, _, rest = date.partition("-")
    month, _, day = rest.partition("-")
    if day:
        return date
    if not month:
        return f"{year}-12-31"
    return f"{year}-{month}-{calendar.monthrange(int(year), int(month))[1]:02d}"


def _note_text(note: Note | None, lang: Lang) -> str:
    if note is None:
        return ""
    return (note.zh if lang == "zh" and note.zh else note.en) or ""


@dataclass(frozen=True)
class Catalog:
    """A checked dataset with its records indexed by id."""

    data: Dataset

    @cached_property
    def sectors(self) -> dict[str, Sector]:
        return {s.id: s for s in self.data.sectors}

    @cached_property
    def units(self) -> dict[str, Unit]:
        return {u.id: u for u in self.data.units}

    @cached_property
    def regions(self) -> dict[str, Region]:
        return {r.id: r for r in self.data.regions}

    @cached_property
    def sources(self) -> dict[str, Source]:
        return {s.id: s for s in self.data.sources}

    @cached_property
    def indicators(self) -> dict[str, Indicator]:
        return {i.id: i for i in self.data.indicators}

    @cached_property
    def entities(self) -> dict[str, Entity]:
        return {e.id: e for e in self.data.entities}

    @cached_property
    def series(self) -> dict[str, list[Figure]]:
        """Each indicator's figures, oldest period first: the figures drawn as its series (a
        figure that disagrees with another is not among them: see :attr:`disagreeing`)."""
        out: dict[str, list[Figure]] = defaultdict(list)
        for fig in self.data.figures:
            if fig.disagrees_with is None:
                out[fig.indicator].append(fig)
        for figs in out.values():
            figs.sort(key=lambda f: (f.period.end or f.period.start or "", f.period.start or ""))
        return dict(out)

    @cached_property
    def disagreeing(self) -> dict[str, list[Figure]]:
        """For a figure of a series, the figures other sources give differently, in file order."""
        out: dict[str, list[Figure]] = defaultdict(list)
        for fig in self.data.figures:
            if fig.disagrees_with is not None:
                out[fig.disagrees_with].append(fig)
        return dict(out)

    def all_figures(self, ind_id: str) -> list[Figure]:
        """Every figure of an indicator: its series, each figure followed by those that
        disagree with it (what an export of the indicator holds)."""
        out: list[Figure] = []
        beside = self.disagreeing
        for fig in self.series.get(ind_id, []):
            out.append(fig)
            out.extend(beside.get(fig.id, ()))
        return out

    @cached_property
    def made_tables(self) -> dict[tuple[str, Lang], Any]:
        """The explorer's tables made ahead (each a :class:`.tables.TableSpec`, which this
        module does not import), by table id and language (see :func:`.tabs.make_tables`);
        none unless asked for."""
        return {}

    @cached_property
    def indicators_by_entity(self) -> dict[str, list[str]]:
        """Ids of the indicators (with figures) about each entity, in dataset order."""
        out: dict[str, list[str]] = defaultdict(list)
        for ind in self.data.indicators:
            if ind.entity is not None and ind.id in self.series:
                out[ind.entity].append(ind.id)
        return dict(out)

    @cached_property
    def citations(self) -> dict[str, int]:
        """How many figures cite each source."""
        counts: dict[str, int] = defaultdict(int)
        for fig in self.data.figures:
            for source in {e.source for e in fig.evidence}:
                counts[source] += 1
        return dict(counts)

    def sector_ids(self) -> list[str]:
        return [s.id for s in self.data.sectors]

    def figures_of_sector(self, sector: str | None) -> list[Figure]:
        """Figures of one sector (all when None), in dataset order of indicators."""
        out: list[Figure] = []
        for ind in self.data.indicators:
            if sector is None or ind.sector == sector:
                out.extend(self.all_figures(ind.id))
        return out

    def row(self, fig: Figure, lang: Lang) -> dict[str, str]:
        """One figure as a flat record of :data:`COLUMNS`; numbers are plain, in base units."""
        ind = self.indicators[fig.indicator]
        unit = self.units[ind.unit]
        sources = list(dict.fromkeys(e.source for e in fig.evidence))
        note = _note_text(fig.note, lang)
        return {
            "sector": ind.sector,
            "indicator_id": ind.id,
            "indicator": getattr(ind.name, lang),
            "region": getattr(self.regions[ind.region].name, lang),
            "region_id": ind.region,
            "period": period_text(fig.period, lang),
            "period_kind": fig.period.kind,
            "period_start": fig.period.start or "",
            "period_end": fig.period.end or "",
            "date_start": first_day(fig.period.start),
            "date_end": last_day(fig.period.end or fig.period.start),
            "year": (fig.period.end or fig.period.start or "")[:4],
            "value": plain_number(fig.value),
            "upper": "" if fig.upper is None else plain_number(fig.upper),
            "unit": unit.id,
            "qualifier": fig.qualifier,
            "stated_as": fig.stated_as or "",
            "status": fig.status,
            "derivation": fig.derivation or "",
            "figure_id": fig.id,
            "source_id": SOURCE_SEPARATOR.join(sources),
            "source_url": SOURCE_SEPARATOR.join(self.sources[s].url or "" for s in sources),
            "source_kind": SOURCE_SEPARATOR.join(self.sources[s].kind for s in sources),
            "quote": QUOTE_SEPARATOR.join(dict.fromkeys(e.quote for e in fig.evidence)),
            "note": note,
            "disagrees_with": fig.disagrees_with or "",
            "break_before": _note_text(fig.break_before, lang),
        }

    def display_value(
        self, fig: Figure, lang: Lang, exact: bool = False, signs: bool = False
    ) -> str:
        ind = self.indicators[fig.indicator]
        return figure_value(fig, self.units[ind.unit], lang, exact=exact, signs=signs)

    def counts(self) -> dict[str, int]:
        d = self.data
        return {
            "sources": len(d.sources),
            "indicators": len(d.indicators),
            "figures": len(d.figures),
            "entities": len(d.entities),
            "pairings": len(d.pairings),
            "events": len(d.events),
            "regions": len(d.regions),
        }

    def figures_per_sector(self) -> dict[str, int]:
        out = {s.id: 0 for s in self.data.sectors}
        for fig in self.data.figures:
            out[self.indicators[fig.indicator].sector] += 1
        return out
