"""Everything known about one record, as plain data for the detail pane and the clipboard.

A :class:`Detail` is a title, one-line fields, an optional series, paragraphs and links to
other records. It holds dataset strings as they are; whoever shows them makes them printable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .caveats import caveat_label, weak_reason, weakness
from .chart import Point, scale_text, series_points
from .format import BREAK_MARK, Lang, grouped, period_text, period_years, series_breaks, spark
from .query import Catalog
from .tables import (
    PAIRING_STATUS,
    PHASE_NAMES,
    REPORTED,
    entity_kind,
    indicators_of_entity,
    paired_counties,
    source_address,
    source_kind,
)
from .targets import Target
from .vocab import PHASES
from .words import other as _other
from .words import tr, word

if TYPE_CHECKING:
    from .records import Evidence, Figure, Note


@dataclass(frozen=True)
class Line:
    """One line of text; ``style`` is one of "", "bold", "italic", "dim", "link"."""

    text: str
    style: str = ""
    indent: int = 0


@dataclass(frozen=True)
class Link:
    label: str
    target: Target


@dataclass
class Detail:
    target: Target
    title: str
    subtitle: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    series: list[float] = field(default_factory=list)
    series_caption: str = ""
    chart: list[Point] = field(default_factory=list)
    """The series as points for a chart, with its gaps (empty: no chart)."""
    chart_scale: str = ""
    lines: list[Line] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)

    def link(self, label: str, target: Target) -> None:
        """Add a link unless one to the same target is there already."""
        if all(link.target != target for link in self.links):
            self.links.append(Link(label, target))

    def section(self, title: str) -> None:
        if self.lines:
            self.lines.append(Line(""))
        self.lines.append(Line(title, "bold"))

    def text(self) -> str:
        """The whole detail as plain text (what a reader would copy or print)."""
        out = [self.title, self.subtitle]
        out.extend(f"{k}: {v}" for k, v in self.fields)
        if self.series_caption:
            out.append(self.series_caption)
        out.extend("  " * line.indent + line.text for line in self.lines)
        return "\n".join(out)


DISAGREE_MARK = "≠"
"""Before a value another source gives differently (ASCII: ``!``)."""
UNRELATED_COPY = "unrelated_copy"


def _note(note: Note, lang: Lang) -> str:
    return note.zh if lang == "zh" and note.zh else note.en


def _periods(figures: list[Figure], lang: Lang) -> str:
    """The years of ``figures``, as a table's period column gives them, joined."""
    return ("、" if lang == "zh" else ", ").join(
        dict.fromkeys(period_years(f.period, lang) for f in figures)
    )


def _source_ids(fig: Figure) -> str:
    return ", ".join(dict.fromkeys(e.source for e in fig.evidence))


def _evidence_lines(
    detail: Detail, catalog: Catalog, evidence: list[Evidence], lang: Lang, seen: set[str]
) -> None:
    for item in evidence:
        src = catalog.sources[item.source]
        if item.source in seen:
            detail.lines.append(Line(f"[{src.id}]", "", 1))
        else:
            seen.add(item.source)
            detail.lines.append(Line(f"[{src.id}] {src.title}", "", 1))
            date = src.date or src.date_note or "?"
            detail.lines.append(
                Line(f"{src.publisher} · {date} · {source_kind(src.kind, lang)}", "dim", 2)
            )
            if src.url is not None and src.kind == UNRELATED_COPY:
                # The quote is what it is, but the site is nobody a reader should be sent to.
                detail.lines.append(Line(src.url, "dim", 2))
                detail.lines.append(Line(word("source.unrelated_site", lang), "dim", 2))
            elif src.url is not None:
                detail.lines.append(Line(src.url, "link", 2))
            else:
                detail.lines.append(Line(source_address(src, lang), "dim", 2))
            detail.link(
                f"{word('detail.sources', lang)}: [{src.id}] {src.title}", ("source", src.id)
            )
        detail.lines.append(Line(f"{word('detail.quote', lang)}: “{item.quote}”", "italic", 2))


def indicator_detail(catalog: Catalog, ind_id: str, lang: Lang) -> Detail:
    ind = catalog.indicators[ind_id]
    figures = catalog.series.get(ind_id, [])
    region = catalog.regions[ind.region]
    unit = catalog.units[ind.unit]
    detail = Detail(("indicator", ind_id), tr(ind.name, lang), tr(ind.name, _other(lang)))
    values = [f.value for f in figures]
    breaks = series_breaks(figures)
    beside = {f.id: catalog.disagreeing[f.id] for f in figures if f.id in catalog.disagreeing}
    if figures:
        last = figures[-1]
        detail.fields.append(
            (
                word("detail.latest", lang),
                # The trend beside the latest value, where it shows at any width.
                f"{catalog.display_value(last, lang)} ({period_text(last.period, lang)})"
                + (f"  {trend}" if (trend := spark(values, breaks=breaks)) else ""),
            )
        )
    scope = tr(region.name, lang)
    if region.members:
        scope += " — " + word("detail.scope_note", lang).format(scope=scope)
    detail.fields.append((word("detail.scope", lang), scope))
    if ind.actor:
        detail.fields.append((word("detail.by", lang), tr(catalog.regions[ind.actor].name, lang)))
    detail.fields.append((word("detail.unit", lang), tr(unit.name, lang)))
    derived = [f for f in figures if f.status == "derived"]
    status = (
        word("detail.stated", lang)
        if not derived
        else word("detail.derived", lang)
        if len(derived) == len(figures)
        else word("detail.some_derived", lang)
    )
    detail.fields.append((word("detail.status", lang), status))
    weak = weakness(figures[-1], catalog.sources) if figures else None
    if weak is not None:  # last, so that the fields above stay in place from row to row
        detail.fields.append((caveat_label(lang), weak_reason(weak, lang)))
    if breaks:
        detail.fields.append(
            (
                word("detail.breaks_label", lang),
                word(
                    "detail.breaks",
                    lang,
                    periods=_periods([figures[i] for i in sorted(breaks)], lang),
                ),
            )
        )
    if beside:
        detail.fields.append(
            (
                word("detail.conflict", lang),
                word(
                    "detail.disagreements",
                    lang,
                    periods=_periods([f for f in figures if f.id in beside], lang),
                ),
            )
        )
    if len(values) >= 2:
        detail.series = values
        detail.series_caption = word(
            "detail.trend_caption",
            lang,
            first=grouped(values[0]),
            last=grouped(values[-1]),
            low=grouped(min(values)),
            high=grouped(max(values)),
            unit=tr(unit.name, lang),
        )
    else:
        detail.series_caption = f"{word('detail.trend', lang)}: {word('detail.one_point', lang)}"
    detail.chart = series_points(catalog, figures, lang)
    detail.chart_scale = scale_text(catalog, figures, lang)
    if ind.description is not None:
        detail.lines.append(Line(tr(ind.description, lang)))
    detail.section(word("detail.values", lang))
    for i, fig in enumerate(figures):
        if i in breaks and fig.break_before is not None:
            what = f"{word('detail.break', lang)}: {_note(fig.break_before, lang)}"
            detail.lines.append(Line(f"{BREAK_MARK} {what}", "bold", 1))
        mark = (
            word("detail.derived", lang) if fig.status == "derived" else word("detail.stated", lang)
        )
        detail.lines.append(
            Line(
                f"{period_text(fig.period, lang)}: "
                f"{catalog.display_value(fig, lang, exact=True)}  [{mark}]"
                + (f"  [{_source_ids(fig)}]" if fig.id in beside else ""),
                "",
                1,
            )
        )
        if fig.derivation:
            detail.lines.append(Line(fig.derivation, "italic", 2))
        if fig.note is not None:
            detail.lines.append(Line(_note(fig.note, lang), "italic", 2))
        for other in beside.get(fig.id, ()):
            detail.lines.append(
                Line(
                    f"{DISAGREE_MARK} {word('detail.disagrees', lang)} "
                    f"{catalog.display_value(other, lang, exact=True)}"
                    f" ({period_text(other.period, lang)})  [{_source_ids(other)}]",
                    "bold",
                    2,
                )
            )
            if other.note is not None:
                detail.lines.append(Line(_note(other.note, lang), "italic", 3))
    if ind.entity and ind.entity in catalog.entities:
        entity = catalog.entities[ind.entity]
        detail.link(tr(entity.name, lang), ("entity", entity.id))
    detail.section(word("detail.sources", lang))
    seen: set[str] = set()
    for fig in catalog.all_figures(ind_id):
        _evidence_lines(detail, catalog, fig.evidence, lang, seen)
    detail.link(f"{word('detail.scope', lang)}: {tr(region.name, lang)}", ("region", region.id))
    return detail


def entity_detail(catalog: Catalog, ent_id: str, lang: Lang) -> Detail:
    ent = catalog.entities[ent_id]
    region = catalog.regions[ent.region]
    detail = Detail(("entity", ent_id), tr(ent.name, lang), tr(ent.name, _other(lang)))
    detail.fields.append((word("detail.kind", lang), entity_kind(ent.kind, lang)))
    detail.fields.append((word("detail.where", lang), tr(region.name, lang)))
    detail.fields.append((word("detail.sector", lang), tr(catalog.sectors[ent.sector].name, lang)))
    if ent.description is not None:
        detail.lines.append(Line(tr(ent.description, lang)))
    linked = indicators_of_entity(catalog, ent_id)
    if linked:
        detail.section(word("detail.figures", lang))
        for ind_id in linked:
            ind = catalog.indicators[ind_id]
            last = catalog.series[ind_id][-1]
            text = (
                f"{tr(ind.name, lang)}: {catalog.display_value(last, lang)} "
                f"({period_text(last.period, lang)})"
            )
            detail.lines.append(Line(text, "", 1))
            detail.link(text, ("indicator", ind_id))
    detail.section(word("detail.sources", lang))
    _evidence_lines(detail, catalog, ent.evidence, lang, set())
    detail.link(f"{word('detail.where', lang)}: {tr(region.name, lang)}", ("region", region.id))
    return detail


def source_detail(catalog: Catalog, src_id: str, lang: Lang) -> Detail:
    src = catalog.sources[src_id]
    detail = Detail(("source", src_id), src.title, f"[{src.id}]")
    detail.fields.append((word("detail.publisher", lang), src.publisher))
    detail.fields.append((word("detail.date", lang), src.date or src.date_note or "?"))
    detail.fields.append((word("detail.kind", lang), source_kind(src.kind, lang)))
    detail.fields.append((word("detail.url", lang), source_address(src, lang)))
    if src.note:
        detail.lines.append(Line(f"{word('detail.note', lang)}: {src.note}", "italic"))
    detail.section(word("detail.backs", lang))
    for fig in catalog.data.figures:
        quotes = [e.quote for e in fig.evidence if e.source == src_id]
        if not quotes:
            continue
        ind = catalog.indicators[fig.indicator]
        text = (
            f"{tr(ind.name, lang)}: {catalog.display_value(fig, lang)} "
            f"({period_text(fig.period, lang)})"
        )
        detail.lines.append(Line(text, "", 1))
        for quote in dict.fromkeys(quotes):
            detail.lines.append(Line(f"“{quote}”", "italic", 2))
        detail.link(text, ("indicator", ind.id))
    others: list[Link] = []
    for ent in catalog.data.entities:
        if any(e.source == src_id for e in ent.evidence):
            others.append(Link(tr(ent.name, lang), ("entity", ent.id)))
    for event in catalog.data.events:
        if any(e.source == src_id for e in event.evidence):
            others.append(Link(f"{event.date} {tr(event.title, lang)}", ("event", event.id)))
    for pair in catalog.data.pairings:
        if any(e.source == src_id for e in pair.evidence):
            district = tr(catalog.regions[pair.district].name, lang)
            county = tr(catalog.regions[pair.county].name, lang)
            others.append(Link(f"{district} → {county} ({pair.phase})", ("region", pair.county)))
    if others:
        detail.section(word("detail.cited_by", lang))
        for link in others:
            detail.lines.append(Line(link.label, "", 1))
        detail.links.extend(others)
    return detail


def event_detail(catalog: Catalog, event_id: str, lang: Lang) -> Detail:
    event = next(e for e in catalog.data.events if e.id == event_id)
    detail = Detail(("event", event_id), tr(event.title, lang), tr(event.title, _other(lang)))
    detail.fields.append((word("detail.date", lang), event.date))
    detail.fields.append(
        (word("detail.sector", lang), tr(catalog.sectors[event.sector].name, lang))
    )
    if event.region is not None:
        region = catalog.regions[event.region]
        detail.fields.append((word("detail.where", lang), tr(region.name, lang)))
    if event.description is not None:
        detail.lines.append(Line(tr(event.description, lang)))
    detail.section(word("detail.sources", lang))
    _evidence_lines(detail, catalog, event.evidence, lang, set())
    if event.region is not None:
        detail.link(
            f"{word('detail.where', lang)}: {tr(catalog.regions[event.region].name, lang)}",
            ("region", event.region),
        )
    return detail


def region_detail(catalog: Catalog, region_id: str, lang: Lang) -> Detail:
    region = catalog.regions[region_id]
    detail = Detail(("region", region_id), tr(region.name, lang), tr(region.name, _other(lang)))
    detail.fields.append((word("detail.kind", lang), region.kind.replace("_", " ")))
    if region.parent is not None:
        parent = catalog.regions[region.parent]
        detail.fields.append((word("detail.part_of", lang), tr(parent.name, lang)))
        detail.link(
            f"{word('detail.part_of', lang)}: {tr(parent.name, lang)}", ("region", parent.id)
        )
    if region.members:
        members = ", ".join(tr(catalog.regions[m].name, lang) for m in region.members)
        detail.fields.append((word("detail.members", lang), members))
    pairs = [p for p in catalog.data.pairings if region_id in (p.county, p.district)]
    seen: set[str] = set()
    as_county = any(p.county == region_id for p in pairs)
    if pairs or region.kind in ("county", "district"):
        detail.section(word("detail.pairings", lang))
        for phase in PHASES:
            names = PHASE_NAMES[phase]
            found = [p for p in pairs if p.phase == phase]
            label = tr(names, lang)
            if not found:
                if as_county or region.parent in {
                    catalog.regions[p.county].parent for p in catalog.data.pairings
                }:
                    detail.lines.append(Line(f"{label}: {word('detail.none', lang)}", "", 1))
                continue
            for pair in found:
                other = pair.district if pair.county == region_id else pair.county
                other_name = tr(catalog.regions[other].name, lang)
                status = f" ({tr(REPORTED, lang)})" if pair.status == "reported" else ""
                since = f", {word('detail.since', lang)} {pair.since}" if pair.since else ""
                detail.lines.append(Line(f"{label}: {other_name}{status}{since}", "bold", 1))
                detail.lines.append(Line(tr(pair.summary, lang), "", 2))
                _evidence_lines(detail, catalog, pair.evidence, lang, seen)
                detail.link(other_name, ("region", other))
    indicators = [
        i for i in catalog.data.indicators if i.region == region_id and i.id in catalog.series
    ]
    if indicators:
        detail.section(word("detail.indicators_here", lang))
        for ind in indicators:
            last = catalog.series[ind.id][-1]
            text = f"{tr(ind.name, lang)}: {catalog.display_value(last, lang)}"
            detail.lines.append(Line(text, "", 1))
            detail.link(text, ("indicator", ind.id))
    entities = [e for e in catalog.data.entities if e.region == region_id]
    if entities:
        detail.section(word("detail.entities_here", lang))
        for ent in entities:
            detail.lines.append(Line(tr(ent.name, lang), "", 1))
            detail.link(tr(ent.name, lang), ("entity", ent.id))
    return detail


def detail_of(catalog: Catalog, target: Target, lang: Lang) -> Detail:
    kind, ident = target
    if kind == "indicator":
        return indicator_detail(catalog, ident, lang)
    if kind == "entity":
        return entity_detail(catalog, ident, lang)
    if kind == "source":
        return source_detail(catalog, ident, lang)
    if kind == "event":
        return event_detail(catalog, ident, lang)
    return region_detail(catalog, ident, lang)


def copy_text(catalog: Catalog, target: Target, lang: Lang) -> str:
    """One record in a line or two, with its source: what ``y`` puts on the clipboard."""
    kind, ident = target
    if kind == "indicator":
        ind = catalog.indicators[ident]
        figures = catalog.series.get(ident, [])
        if not figures:
            return tr(ind.name, lang)
        last = figures[-1]
        scope = tr(catalog.regions[ind.region].name, lang)
        srcs = [catalog.sources[s] for s in dict.fromkeys(e.source for e in last.evidence)]
        cited = "; ".join(
            f"{s.title}, {s.publisher}, {s.date or '?'}, {source_address(s, lang)}" for s in srcs
        )
        return (
            f"{tr(ind.name, lang)}: {catalog.display_value(last, lang, exact=True)} "
            f"({period_text(last.period, lang)}; {scope}). "
            f"{word('detail.sources', lang)}: {cited}"
        )
    if kind == "region" and _in_pairings(catalog, ident):
        return _pairing_copy(catalog, ident, lang)
    detail = detail_of(catalog, target, lang)
    urls = [
        source_address(catalog.sources[t[1]], lang)
        for t in (link.target for link in detail.links)
        if t[0] == "source"
    ]
    if kind == "source":
        urls = [source_address(catalog.sources[ident], lang)]
    tail = f" {word('detail.sources', lang)}: {'; '.join(urls)}" if urls else ""
    return f"{detail.title}.{tail}"


def _in_pairings(catalog: Catalog, region_id: str) -> bool:
    """Whether the region is a row of the pairings or has a pairing of its own."""
    return region_id in paired_counties(catalog) or any(
        region_id in (p.county, p.district) for p in catalog.data.pairings
    )


def _cited(catalog: Catalog, sources: list[str], lang: Lang) -> str:
    return "; ".join(
        f"{s.title}, {s.publisher}, {s.date or '?'}, {source_address(s, lang)}"
        for s in (catalog.sources[i] for i in dict.fromkeys(sources))
    )


def _pairing_copy(catalog: Catalog, region_id: str, lang: Lang) -> str:
    """A place's pairings, a part per phase: the district and the county, the phase, how sure,
    since when, and the sources of each."""
    lines = [f"{tr(catalog.regions[region_id].name, lang)}: {word('detail.pairings', lang)}"]
    for phase in PHASES:
        names = PHASE_NAMES[phase]
        found = [
            p
            for p in catalog.data.pairings
            if p.phase == phase and region_id in (p.county, p.district)
        ]
        if not found:
            lines.append(f"{tr(names, lang)}: {word('detail.none', lang)}")
        for pair in found:
            district = tr(catalog.regions[pair.district].name, lang)
            county = tr(catalog.regions[pair.county].name, lang)
            parts = [f"{district} → {county}", tr(PAIRING_STATUS[pair.status], lang)]
            if pair.since:
                parts.append(f"{word('detail.since', lang)} {pair.since}")
            cited = _cited(catalog, [e.source for e in pair.evidence], lang)
            lines.append(
                f"{tr(names, lang)}: {', '.join(parts)}. {word('detail.sources', lang)}: {cited}"
            )
    return " — ".join(lines)  # one line: the clipboard's text is printable, no line breaks
