"""The command palette's "jump to": any indicator, entity, region or source, by either name."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from functools import partial
from typing import NamedTuple, Protocol, runtime_checkable

from textual.app import SystemCommand
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher
from textual.markup import escape

from .messages import JumpTo
from .model.format import Lang
from .model.query import Catalog
from .model.ranking import Kind, name_parents, rank
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


class _Candidate(NamedTuple):
    name: str
    """As shown: both names, the interface's language first."""
    help_text: str
    target: Target
    name_en: str
    """As matched (a source's title)."""
    name_zh: str
    """As matched (a source's id)."""
    kind: Kind
    entity: str | None = None
    """The entity an indicator belongs to."""


class JumpProvider(Provider):
    """Every record with a name, matched on its English and Chinese names at once."""

    _parents: dict[int, set[int]] | None = None
    """Which candidates (by index) are an entity's or a place's own indicators."""

    def _explorer(self) -> tuple[Catalog, Lang] | None:
        app = self.app
        if not isinstance(app, Explorer) or app.loaded_catalog is None:
            return None
        return app.loaded_catalog, app.lang

    def _jump(self, target: Target) -> None:
        self.app.post_message(JumpTo(target))

    def _candidates(self) -> Iterator[_Candidate]:
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

        def named(
            names: Bilingual, help_text: str, target: Target, kind: Kind, entity: str | None = None
        ) -> _Candidate:
            en, zh = printable(names.en[:_NAME_MAX]), printable(names.zh[:_NAME_MAX])
            return _Candidate(both(names), help_text, target, en, zh, kind, entity)

        for ind in catalog.data.indicators:
            if ind.id in catalog.series:
                target: Target = ("indicator", ind.id)
                help_text = label("indicator", ind.sector)
                yield named(ind.name, help_text, target, "indicator", ind.entity)
        for ent in catalog.data.entities:
            yield named(ent.name, label("entity", ent.sector), ("entity", ent.id), "entity")
        for region in catalog.data.regions:
            yield named(region.name, label("region"), ("region", region.id), "region")
        for src in catalog.data.sources:
            yield _Candidate(
                plain_str(printable(f"[{src.id}] {src.title[:_NAME_MAX]}")),
                plain_str(printable(f"{label('source')} · {src.publisher} · {src.date or '?'}")),
                ("source", src.id),
                printable(src.title[:_NAME_MAX]),
                printable(src.id),
                "source",
            )

    def _parents_of(self, candidates: Sequence[_Candidate]) -> dict[int, set[int]]:
        """An indicator's entity, and the places and entities its name starts with."""
        if self._parents is not None:
            return self._parents
        parents = name_parents([(c.name_en, c.name_zh, c.kind) for c in candidates])
        entities = {c.target[1]: i for i, c in enumerate(candidates) if c.kind == "entity"}
        for index, candidate in enumerate(candidates):
            if candidate.entity in entities:
                parents.setdefault(index, set()).add(entities[candidate.entity])
        if candidates:  # there are none until the dataset has loaded
            self._parents = parents
        return parents

    async def discover(self) -> Hits:
        found = self._explorer()
        if found is None:
            return
        counties = {p.county for p in found[0].data.pairings}
        for name, help_text, target, *_ in self._candidates():
            if target[0] == "region" and target[1] in counties:
                yield DiscoveryHit(
                    Content(name), partial(self._jump, target), text=name, help=escape(help_text)
                )

    async def search(self, query: str) -> Hits:
        """Names that are the query, or start with it, first (see :mod:`.model.ranking`)."""
        matcher = self.matcher(query)
        candidates = list(self._candidates())
        scores = rank(
            query,
            [(c.name_en, c.name_zh, c.kind) for c in candidates],
            [matcher.match(c.name) for c in candidates],
            self._parents_of(candidates),
        )
        for candidate, score in zip(candidates, scores, strict=True):
            if score > 0:
                yield Hit(
                    score,
                    _highlight(matcher, candidate.name),
                    partial(self._jump, candidate.target),
                    text=candidate.name,
                    help=escape(candidate.help_text),
                )


def _highlight(matcher: Matcher, name: str) -> Content:
    """``name`` literally (never as markup), with the matched characters styled."""
    content = Content(name)
    _score, offsets = matcher.fuzzy_search.match(matcher.query, name)
    for offset in offsets:
        if not name[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


def explorer_commands(
    lang: Lang,
    *,
    ascii_only: bool,
    toggle_lang: Callable[[], object],
    keys: Callable[[], object],
    tabs: Sequence[tuple[str, Callable[[], object]]],
    theme: Callable[[], object],
    save_theme: Callable[[], object],
    quit: Callable[[], object],
) -> list[SystemCommand]:
    """The palette's own commands, in ``lang``, in place of Textual's English ones: the
    language, the keys, a "go to" for each tab (its label and what shows it), theme, saving
    the theme to the config file, quit."""

    def command(key: str, callback: Callable[[], object], **values: object) -> SystemCommand:
        title = word(f"{key}.ascii" if ascii_only and key == "cmd.lang" else key, lang)
        # The palette reads titles as markup: a sector's name must stay text.
        title = escape(plain_str(title.format(**values)))
        return SystemCommand(title, plain_str(word(f"{key}.help", lang, **values)), callback)

    commands = [command("cmd.lang", toggle_lang), command("cmd.keys", keys)]
    for number, (label, go) in enumerate(tabs, start=1):
        commands.append(command("cmd.go", go, tab=label, n=number))
    commands += [
        command("cmd.theme", theme),
        command("cmd.save_theme", save_theme),
        command("cmd.quit", quit),
    ]
    return commands
