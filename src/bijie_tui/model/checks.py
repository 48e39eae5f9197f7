"""Checks that need the whole dataset: unique ids, references, periods, series, stated values."""

from __future__ import annotations

from collections.abc import Container, Iterator, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from .stated import SEPARATORS, stated_number

if TYPE_CHECKING:
    from .records import Dataset, Evidence, Figure, Period

_TOLERANCE = Decimal("1e-9")

Problem = tuple[str, str]
"""A JSON path (``$.figures[3].indicator``) and what is wrong there."""


def _unique(items: Sequence[object], name: str) -> Iterator[Problem]:
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        ident = getattr(item, "id")  # noqa: B009 - every record has an id
        if ident in seen:
            yield f"$.{name}[{i}].id", f'duplicate id "{ident}" (first at $.{name}[{seen[ident]}])'
        else:
            seen[ident] = i


def _ref(path: str, value: str | None, known: Container[str], what: str) -> Iterator[Problem]:
    if value is not None and value not in known:
        yield path, f'unknown {what} "{value}"'


def _evidence(path: str, evidence: list[Evidence], sources: set[str]) -> Iterator[Problem]:
    for j, item in enumerate(evidence):
        yield from _ref(f"{path}.evidence[{j}].source", item.source, sources, "source")


def _period(path: str, period: Period) -> Iterator[Problem]:
    start, end = period.start, period.end
    if start is None and end is None:
        if not (period.label or "").strip():
            yield f"{path}.label", "a period without dates must say why in its label"
        return
    if period.kind in ("annual", "event") and start is None:
        yield f"{path}.start", f"a period of kind {period.kind} needs a start"
    if period.kind in ("cumulative", "as_of") and end is None:
        yield f"{path}.end", f"a period of kind {period.kind} needs an end"
    if start is not None and end is not None and end[: len(start)] < start:
        yield f"{path}.end", f"end {end} is before start {start}"


def _period_fine(period: Period) -> bool:
    """The same rules as :func:`_period`, as a quick yes for the common case."""
    start, end = period.start, period.end
    if start is None and end is None:
        return bool((period.label or "").strip())
    if start is None and period.kind in ("annual", "event"):
        return False
    if end is None and period.kind in ("cumulative", "as_of"):
        return False
    return start is None or end is None or end[: len(start)] >= start


def _figure_value(path: str, figure: Figure) -> Iterator[Problem]:
    if figure.qualifier == "range":
        if figure.upper is None:
            yield f"{path}.upper", "a range needs an upper value"
        elif figure.upper < figure.value:
            yield f"{path}.upper", f"upper {figure.upper:g} is below value {figure.value:g}"
    elif figure.upper is not None:
        yield f"{path}.upper", 'upper is only for qualifier "range"'
    if figure.status == "derived" and not figure.derivation:
        yield f"{path}.derivation", "a derived figure must say how it was derived"
    if figure.stated_as is not None:
        stated, digits = stated_number(figure.stated_as)
        if stated is None:
            yield f"{path}.stated_as", f"no number in {figure.stated_as!r}"
        elif (
            float(stated) != figure.value
            and abs(stated - Decimal(repr(figure.value))) > abs(stated) * _TOLERANCE
        ):
            yield (
                f"{path}.value",
                (
                    f"value {figure.value:g} differs from stated_as "
                    f"{figure.stated_as!r} ({stated:f})"
                ),
            )
        elif figure.status == "stated":
            digits = digits or ""
            evidence = figure.evidence
            quotes = (
                evidence[0].quote if len(evidence) == 1 else "".join([e.quote for e in evidence])
            )
            # Most quotes hold the digits as they are; separators are removed only otherwise.
            if digits not in quotes and digits not in SEPARATORS.sub("", quotes):
                yield f"{path}.stated_as", f"{figure.stated_as!r} is not in the quoted evidence"


def _disagreements(data: Dataset) -> Iterator[Problem]:
    """A figure that ``disagrees_with`` another names a figure of the same indicator that is
    itself in the series (not beside another), and is not the start of a new definition."""
    figures: dict[str, Figure] = {}
    for fig in data.figures:
        figures.setdefault(fig.id, fig)
    for i, fig in enumerate(data.figures):
        other_id = fig.disagrees_with
        if other_id is None:
            continue
        path = f"$.figures[{i}]"
        other = figures.get(other_id)
        if other is None:
            yield f"{path}.disagrees_with", f'unknown figure "{other_id}"'
        elif other_id == fig.id:
            yield f"{path}.disagrees_with", "a figure cannot disagree with itself"
        elif other.indicator != fig.indicator:
            yield (
                f"{path}.disagrees_with",
                f'figure "{other_id}" is of indicator "{other.indicator}", not "{fig.indicator}"',
            )
        elif other.disagrees_with is not None:
            yield (
                f"{path}.disagrees_with",
                f'figure "{other_id}" is itself beside figure "{other.disagrees_with}": '
                "name the figure in the series",
            )
        if fig.break_before is not None:
            yield (
                f"{path}.break_before",
                "a figure beside another is not in the series, so no break can come before it",
            )


def problems(data: Dataset) -> Iterator[Problem]:
    """Every cross-record problem of ``data``, in file order."""
    for name in (
        "sectors",
        "units",
        "regions",
        "sources",
        "indicators",
        "figures",
        "entities",
        "pairings",
        "events",
    ):
        yield from _unique(getattr(data, name), name)

    sectors = {s.id for s in data.sectors}
    units = {u.id for u in data.units}
    regions = {r.id: r for r in data.regions}
    sources = {s.id for s in data.sources}
    indicators = {i.id for i in data.indicators}
    entities = {e.id for e in data.entities}

    for i, sector in enumerate(data.sectors):
        yield from _ref(f"$.sectors[{i}].headline", sector.headline, indicators, "indicator")
    for i, overview in enumerate(data.overview):
        yield from _ref(f"$.overview[{i}]", overview, indicators, "indicator")
    for i, region in enumerate(data.regions):
        yield from _ref(f"$.regions[{i}].parent", region.parent, regions, "region")
        for j, member in enumerate(region.members or []):
            yield from _ref(f"$.regions[{i}].members[{j}]", member, regions, "region")
    for i, ind in enumerate(data.indicators):
        path = f"$.indicators[{i}]"
        yield from _ref(f"{path}.sector", ind.sector, sectors, "sector")
        yield from _ref(f"{path}.unit", ind.unit, units, "unit")
        yield from _ref(f"{path}.region", ind.region, regions, "region")
        yield from _ref(f"{path}.actor", ind.actor, regions, "region")
        yield from _ref(f"{path}.entity", ind.entity, entities, "entity")

    series: dict[tuple[str, str, str | None, str | None], int] = {}
    for i, fig in enumerate(data.figures):
        # The common case (nothing wrong) is checked without building paths or generators.
        path = f"$.figures[{i}]"
        if fig.indicator not in indicators:
            yield from _ref(f"{path}.indicator", fig.indicator, indicators, "indicator")
        if not _period_fine(fig.period):
            yield from _period(f"{path}.period", fig.period)
        yield from _figure_value(path, fig)
        for item in fig.evidence:
            if item.source not in sources:
                yield from _evidence(path, fig.evidence, sources)
                break
        if fig.disagrees_with is not None:
            continue  # checked below, once every figure is known; not part of the series
        key = (fig.indicator, fig.period.kind, fig.period.start, fig.period.end)
        if key in series:
            yield (
                f"{path}.period",
                (
                    f'indicator "{fig.indicator}" already has a value for this period '
                    f"(at $.figures[{series[key]}])"
                ),
            )
        else:
            series[key] = i

    yield from _disagreements(data)

    for i, ent in enumerate(data.entities):
        path = f"$.entities[{i}]"
        yield from _ref(f"{path}.sector", ent.sector, sectors, "sector")
        yield from _ref(f"{path}.region", ent.region, regions, "region")
        yield from _evidence(path, ent.evidence, sources)
    for i, pair in enumerate(data.pairings):
        path = f"$.pairings[{i}]"
        yield from _ref(f"{path}.district", pair.district, regions, "region")
        yield from _ref(f"{path}.county", pair.county, regions, "region")
        yield from _evidence(path, pair.evidence, sources)
    for i, event in enumerate(data.events):
        path = f"$.events[{i}]"
        yield from _ref(f"{path}.sector", event.sector, sectors, "sector")
        yield from _ref(f"{path}.region", event.region, regions, "region")
        yield from _evidence(path, event.evidence, sources)
