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
from textual.system_commands import SystemCommandsProvider

from .messages import JumpTo, OpenRecord
from .model.format import Lang, period_text
from .model.numbers_search import figures_numbers, matches, query_tokens
from .model.query import Catalog
from .model.ranking import Kind, name_parents, rank
from .model.safe import printable
from .model.targets import Target
from .model.words import Bilingual, word
from .widgets.text import ascii_mode, plain_str

_NAME_MAX = 200
"""Characters of a name searched and shown in the palette."""
_BELOW_FIGURES = 0.99
"""Names score below the figures a number finds (which score 1)."""


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
        # A place is shown by what is known about it (its detail), not by a row that names it.
        message = OpenRecord(target) if target[0] == "region" else JumpTo(target)
        self.app.post_message(message)

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

    _numbers: list[tuple[str, str]] | None = None
    """Each figure's id and the number tokens it is found by."""

    def _figure_hits(self, query: str) -> Iterator[tuple[str, str, Target]]:
        """For a number alone, each figure that has it (as written or as its value): what the
        palette shows of it and where it leads."""
        tokens = query_tokens(query)
        found = self._explorer()
        if not tokens or found is None:
            return
        catalog, lang = found
        if self._numbers is None:
            self._numbers = [
                (fig.id, figures_numbers(catalog, [fig])) for fig in catalog.data.figures
            ]
        figures = {fig.id: fig for fig in catalog.data.figures}
        for fig_id, numbers in self._numbers:
            if matches([tokens], numbers):
                fig = figures[fig_id]
                ind = catalog.indicators[fig.indicator]
                name = ind.name.en if lang == "en" else ind.name.zh
                value = catalog.display_value(fig, lang)
                period = period_text(fig.period, lang, with_label=False)
                text = f"{value} · {name[:_NAME_MAX]} · {period}"
                sector = catalog.sectors[ind.sector].name
                kind = (
                    f"{word('cmd.kind.figure', lang)} · {sector.en if lang == 'en' else sector.zh}"
                )
                yield plain_str(printable(text)), plain_str(printable(kind)), ("indicator", ind.id)

    async def search(self, query: str) -> Hits:
        """A number's figures first, then names that are the query, or start with it (see
        :mod:`.model.ranking`)."""
        numbers = False
        for text, help_text, target in self._figure_hits(query):
            numbers = True
            jump = partial(self._jump, target)
            yield Hit(1.0, Content(text), jump, text=text, help=escape(help_text))
        matcher = self.matcher(query)
        candidates = list(self._candidates())
        # A number that finds figures lists names only where they hold it literally.
        scores = rank(
            query,
            [(c.name_en, c.name_zh, c.kind) for c in candidates],
            [0.0 if numbers else matcher.match(c.name) for c in candidates],
            self._parents_of(candidates),
        )
        for candidate, score in zip(candidates, scores, strict=True):
            if score > 0:
                yield Hit(
                    score * _BELOW_FIGURES,
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


class OrderedCommands(SystemCommandsProvider):
    """The app's own commands; with nothing typed, listed in the order the app gives them
    (the tabs in tab order), not sorted by title."""

    async def discover(self) -> Hits:
        for name, help_text, callback, discover in self.app.get_system_commands(self.screen):
            if discover:
                yield DiscoveryHit(name, callback, help=help_text)


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
