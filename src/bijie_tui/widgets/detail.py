"""The detail pane of an indicator: names, series, scope, status, sources, related entity."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Sparkline, Static

from ..model.format import Lang, grouped, period_text
from ..model.query import Catalog
from .text import safe

_LABELS: dict[str, dict[Lang, str]] = {
    "scope": {"en": "Scope", "zh": "范围"},
    "by": {"en": "By", "zh": "主体"},
    "values": {"en": "Values by period", "zh": "各时期数值"},
    "sources": {"en": "Sources", "zh": "来源"},
    "derived": {"en": "derived", "zh": "推算"},
    "stated": {"en": "stated", "zh": "原文所载"},
    "entity": {"en": "About", "zh": "相关"},
    "trend": {"en": "Trend", "zh": "趋势"},
    "one": {"en": "one point only: no trend", "zh": "仅一个数据点,无趋势"},
    "quote": {"en": "Quote", "zh": "原文"},
}


def _line(text: Text, part: Text) -> None:
    """Append ``part`` and end the line (newlines are added here, never taken from data)."""
    text.append_text(part)
    text.append("\n")


def label(key: str, lang: Lang) -> str:
    return _LABELS[key][lang]


class IndicatorDetail(VerticalScroll):
    """Everything known about one indicator."""

    def __init__(self, catalog: Catalog, lang: Lang, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.catalog = catalog
        self.lang: Lang = lang
        self.indicator_id: str | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="detail-head")
        yield Sparkline([], id="detail-spark")
        yield Static(id="detail-body")

    def show(self, indicator_id: str) -> None:
        if indicator_id == self.indicator_id:
            return
        self.indicator_id = indicator_id
        catalog, lang = self.catalog, self.lang
        ind = catalog.indicators[indicator_id]
        figures = catalog.series.get(indicator_id, [])
        other: Lang = "zh" if lang == "en" else "en"

        head = Text()
        head.append_text(safe(getattr(ind.name, lang), "bold"))
        head.append("\n")
        head.append_text(safe(getattr(ind.name, other), "italic"))
        if ind.description is not None:
            head.append("\n")
            head.append_text(safe(getattr(ind.description, lang)))
        head.append(f"\n{label('scope', lang)}: ", "bold")
        head.append_text(safe(getattr(catalog.regions[ind.region].name, lang)))
        if ind.actor:
            head.append(f"   {label('by', lang)}: ", "bold")
            head.append_text(safe(getattr(catalog.regions[ind.actor].name, lang)))
        values = [f.value for f in figures]
        head.append(f"\n{label('trend', lang)}: ", "bold")
        if len(values) >= 2:
            unit = catalog.units[ind.unit]
            words = (
                ("first", "last", "min", "max") if lang == "en" else ("首", "末", "最小", "最大")
            )
            unit_name = getattr(unit.name, lang)
            head.append_text(
                safe(
                    f"{words[0]} {grouped(values[0])}, {words[1]} {grouped(values[-1])}, "
                    f"{words[2]} {grouped(min(values))}, {words[3]} {grouped(max(values))} "
                    f"({unit_name})"
                )
            )
        else:
            head.append(label("one", lang))
        self.query_one("#detail-head", Static).update(head)

        spark = self.query_one("#detail-spark", Sparkline)
        spark.data = values if len(values) >= 2 else []
        spark.display = len(values) >= 2

        body = Text()
        body.append(f"{label('values', lang)}\n", "bold")
        for fig in figures:
            status = label("derived" if fig.status == "derived" else "stated", lang)
            body.append_text(safe(f"  {period_text(fig.period, lang)}: "))
            body.append_text(safe(catalog.display_value(fig, lang, exact=True), "bold"))
            body.append(f"  [{status}]\n")
            if fig.derivation:
                _line(body, safe(f"    {fig.derivation}", "italic"))
            if fig.note is not None:
                note = fig.note.zh if lang == "zh" and fig.note.zh else fig.note.en
                _line(body, safe(f"    {note}", "italic"))
        body.append(f"\n{label('sources', lang)}\n", "bold")
        seen: set[str] = set()
        for fig in figures:
            for item in fig.evidence:
                if item.source in seen:
                    continue
                seen.add(item.source)
                src = catalog.sources[item.source]
                _line(body, safe(f"  [{src.id}] {src.title}"))
                _line(
                    body,
                    safe(f"    {src.publisher} · {src.date or src.date_note or '?'} · {src.kind}"),
                )
                _line(body, safe(f"    {src.url}", "underline"))
                _line(body, safe(f"    {label('quote', lang)}: “{item.quote}”", "italic"))
        if ind.entity:
            entity = catalog.entities.get(ind.entity)
            if entity is not None:
                body.append(f"\n{label('entity', lang)}: ", "bold")
                body.append_text(safe(getattr(entity.name, lang)))
        self.query_one("#detail-body", Static).update(body)
