"""The command palette's "jump to": any indicator, entity, region or source, by either name."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Protocol, runtime_checkable

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher
from textual.markup import escape

from .messages import JumpTo
from .model.format import Lang
from .model.query import Catalog
from .model.safe import printable
from .model.targets import Target
from .model.words import Bilingual, word
from .widgets.text import ascii_mode, plain_str

_NAME_MAX = 200
"""Characters of a name searched and shown in the palette."""


@runtime_checkable
class Explorer(Protocol):
    """What the palette needs of the app: the dataset (None while loading) and the language."""

    @property
    def loaded_catalog(self) -> Catalog | None: ...

    @property
    def lang(self) -> Lang: ...


class JumpProvider(Provider):
    """Every record with a name, matched on its English and Chinese names at once."""

    def _explorer(self) -> tuple[Catalog, Lang] | None:
        app = self.app
        if not isinstance(app, Explorer) or app.loaded_catalog is None:
            return None
        return app.loaded_catalog, app.lang

    def _jump(self, target: Target) -> None:
        self.app.post_message(JumpTo(target))

    def _candidates(self) -> Iterator[tuple[str, str, Target]]:
        found = self._explorer()
        if found is None:
            return
        catalog, lang = found
        # Without CJK fonts (ASCII mode) a Chinese name is shown only when Chinese was chosen.
        second_name = lang == "zh" or not ascii_mode()

        def label(kind: str, sector: str | None = None) -> str:
            text = word(f"cmd.kind.{kind}", lang)
            if sector is not None and sector in catalog.sectors:
                names = catalog.sectors[sector].name
                text += f" · {names.en if lang == 'en' else names.zh}"
            return plain_str(printable(text))

        def both(names: Bilingual) -> str:
            first, second = (names.en, names.zh) if lang == "en" else (names.zh, names.en)
            if not second_name:
                return plain_str(printable(first[:_NAME_MAX]))
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
        found = self._explorer()
        if found is None:
            return
        counties = {p.county for p in found[0].data.pairings}
        for name, help_text, target in self._candidates():
            if target[0] == "region" and target[1] in counties:
                yield DiscoveryHit(
                    Content(name), partial(self._jump, target), text=name, help=escape(help_text)
                )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, target in self._candidates():
            score = matcher.match(name)
            if score > 0:
                yield Hit(
                    score,
                    _highlight(matcher, name),
                    partial(self._jump, target),
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
