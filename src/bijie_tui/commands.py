"""The command palette's "jump to": any indicator, entity, region or source, by either name."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher
from textual.markup import escape

from .model.safe import printable
from .model.tables import Bilingual, Target
from .widgets.text import plain_str

if TYPE_CHECKING:
    from .app import BijieApp

_NAME_MAX = 200
"""Characters of a name searched and shown in the palette."""
_KINDS = {
    "indicator": ("Indicator", "指标"),
    "entity": ("Project or body", "项目或机构"),
    "region": ("Place", "地区"),
    "source": ("Source", "来源"),
}


class JumpProvider(Provider):
    """Every record with a name, matched on its English and Chinese names at once."""

    def _app(self) -> BijieApp:
        return cast("BijieApp", self.app)

    def _candidates(self) -> Iterator[tuple[str, str, Target]]:
        app = self._app()
        if not app.loaded:
            return
        catalog = app.catalog
        lang = app.lang

        def label(kind: str, sector: str | None = None) -> str:
            text = _KINDS[kind][0 if lang == "en" else 1]
            if sector is not None and sector in catalog.sectors:
                names = catalog.sectors[sector].name
                text += f" · {names.en if lang == 'en' else names.zh}"
            return plain_str(printable(text))

        def both(names: Bilingual) -> str:
            first, second = (names.en, names.zh) if lang == "en" else (names.zh, names.en)
            return plain_str(printable(f"{first[:_NAME_MAX]} · {second[:_NAME_MAX]}"))

        for ind in catalog.data.indicators:
            if ind.id in catalog.series:
                yield both(ind.name), label("indicator", ind.sector), ("indicator", ind.id)
        for ent in catalog.data.entities:
            yield both(ent.name), label("entity", ent.sector), ("entity", ent.id)
        for region in catalog.data.regions:
            yield both(region.name), label("region"), ("region", region.id)
        for src in catalog.data.sources:
            yield (
                plain_str(printable(f"[{src.id}] {src.title[:_NAME_MAX]}")),
                plain_str(printable(f"{label('source')} · {src.publisher} · {src.date or '?'}")),
                ("source", src.id),
            )

    async def discover(self) -> Hits:
        app = self._app()
        counties = {p.county for p in app.catalog.data.pairings}
        for name, help_text, target in self._candidates():
            if target[0] == "region" and target[1] in counties:
                yield DiscoveryHit(
                    Content(name), partial(app.jump, target), text=name, help=escape(help_text)
                )

    async def search(self, query: str) -> Hits:
        app = self._app()
        matcher = self.matcher(query)
        for name, help_text, target in self._candidates():
            score = matcher.match(name)
            if score > 0:
                yield Hit(
                    score,
                    _highlight(matcher, name),
                    partial(app.jump, target),
                    text=name,
                    help=escape(help_text),
                )


def _highlight(matcher: Matcher, name: str) -> Content:
    """``name`` literally (never as markup), with the matched characters styled."""
    content = Content(name)
    _score, offsets = matcher.fuzzy_search.match(matcher.query, name)
    for offset in offsets:
        if not name[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content
