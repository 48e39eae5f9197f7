"""How the command palette orders records for what was typed: a name itself first.

A record matches on its English or its Chinese name, whichever matches better:

1. exact: the whole name (case and runs of spaces ignored);
2. prefix: the name starts with the query;
3. word prefix: a word of the name starts with the query;
4. substring: the query is anywhere in the name;
5. fuzzy: the query's characters in order, scored by a fuzzy matcher (the palette's), only
   when no record contains the query literally: a word typed whole (``mushroom``) lists the
   records that contain it, not others that happen to hold its letters in order.

Within a tier a place or an entity comes before an indicator, an indicator before a source, and
a shorter name before a longer one. A place or entity that matches also comes before its own
indicators (those that name it as their entity, or whose name starts with its name), however
well they match.

Pure functions on strings: the palette passes in the fuzzy scores it computes.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from enum import IntEnum
from typing import Literal, NamedTuple

Kind = Literal["region", "entity", "indicator", "source"]

KIND_ORDER: Mapping[Kind, int] = {"region": 2, "entity": 2, "indicator": 1, "source": 0}
"""Higher first: places and entities, then indicators, then sources."""


class Tier(IntEnum):
    """How a name matches a query; higher is better."""

    FUZZY = 0
    SUBSTRING = 1
    WORD_PREFIX = 2
    PREFIX = 3
    EXACT = 4


class RankKey(NamedTuple):
    """Compares higher for a better match."""

    tier: Tier
    fuzzy: float
    """The fuzzy matcher's score; only told apart within :attr:`Tier.FUZZY`."""
    kind: int
    shortness: int
    """Minus the length of the name that matched."""


_SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    """``text`` as names and queries are compared: case folded, runs of spaces as one."""
    return _SPACES.sub(" ", text).strip().casefold()


def _word_starts(name: str) -> Iterable[int]:
    for index, char in enumerate(name):
        if index > 0 and char.isalnum() and not name[index - 1].isalnum():
            yield index


def tier(query: str, name: str) -> Tier | None:
    """How ``name`` contains ``query`` literally (both already :func:`normalise`-d), if at all."""
    if not query or not name:
        return None
    if name == query:
        return Tier.EXACT
    if name.startswith(query):
        return Tier.PREFIX
    if query not in name:
        return None
    if any(name.startswith(query, start) for start in _word_starts(name)):
        return Tier.WORD_PREFIX
    return Tier.SUBSTRING


def rank_key(
    query: str, name_en: str, name_zh: str, kind: Kind, fuzzy: float = 0.0
) -> RankKey | None:
    """How well a record named ``name_en`` / ``name_zh`` matches ``query``; ``None``: not at all.

    ``fuzzy`` is the fuzzy matcher's score for the query against the record's names (0: no
    fuzzy match); it only counts when neither name contains the query literally.
    """
    query = normalise(query)
    if not query:
        return None
    best: tuple[Tier, int] | None = None
    for name in (normalise(name_en), normalise(name_zh)):
        found = tier(query, name)
        if found is not None and (best is None or (found, -len(name)) > best):
            best = (found, -len(name))
    if best is not None:
        return RankKey(best[0], 0.0, KIND_ORDER[kind], best[1])
    if fuzzy <= 0:
        return None
    shortest = min((len(n) for n in (normalise(name_en), normalise(name_zh)) if n), default=0)
    return RankKey(Tier.FUZZY, fuzzy, KIND_ORDER[kind], -shortest)


def starts_with_name(name: str, parent: str) -> bool:
    """Whether ``name`` begins with the whole of ``parent`` (a word of it, not a part of one)."""
    name, parent = normalise(name), normalise(parent)
    if not parent or not name.startswith(parent) or len(name) == len(parent):
        return False
    last, following = parent[-1], name[len(parent)]
    # Latin words need a break between them; Chinese runs on without one.
    return not (last.isascii() and following.isascii() and last.isalnum() and following.isalnum())


def name_parents(names: Sequence[tuple[str, str, Kind]]) -> dict[int, set[int]]:
    """For each indicator of ``names`` (English, Chinese, kind), the places and entities whose
    name, in either language, its name starts with (by index into ``names``)."""
    by_name: dict[str, set[int]] = {}
    for index, (en, zh, kind) in enumerate(names):
        if kind in ("region", "entity"):
            for name in (normalise(en), normalise(zh)):
                if name:
                    by_name.setdefault(name, set()).add(index)
    lengths = sorted({len(name) for name in by_name})
    found: dict[int, set[int]] = {}
    for index, (en, zh, kind) in enumerate(names):
        if kind != "indicator":
            continue
        for name in (normalise(en), normalise(zh)):
            for length in lengths:
                if length >= len(name):
                    break
                owners = by_name.get(name[:length])
                if owners and starts_with_name(name, name[:length]):
                    found.setdefault(index, set()).update(owners)
    return found


def parents_first(
    keys: Sequence[RankKey | None], parents: Mapping[int, Collection[int]]
) -> list[RankKey | None]:
    """``keys`` with each matching parent raised to just above its best matching child.

    ``parents`` maps the index of an indicator to the indices of the entities and places it
    belongs to. A parent keeps its own kind and length, so among equal matches it still
    comes first.
    """
    raised = list(keys)
    for child, owners in parents.items():
        child_key = keys[child]
        if child_key is None:
            continue
        for owner in owners:
            own = raised[owner]
            if own is None:
                continue
            lifted = own._replace(tier=child_key.tier, fuzzy=child_key.fuzzy)
            if lifted > own and lifted > child_key:
                raised[owner] = lifted
    return raised


def scores(keys: Sequence[RankKey | None]) -> list[float]:
    """A score in 0..1 for each key, in the keys' order: 0 for no match, 1 for the best.

    Equal keys score the same; a better key always scores higher.
    """
    distinct = sorted({key for key in keys if key is not None})
    step = 1.0 / len(distinct) if distinct else 0.0
    place = {key: (index + 1) * step for index, key in enumerate(distinct)}
    return [0.0 if key is None else place[key] for key in keys]


def rank(
    query: str,
    names: Sequence[tuple[str, str, Kind]],
    fuzzy: Sequence[float] | None = None,
    parents: Mapping[int, Collection[int]] | None = None,
) -> list[float]:
    """A score in 0..1 for each of ``names`` (English, Chinese, kind) for ``query``.

    ``fuzzy`` holds the fuzzy matcher's score of each (0: none); ``parents`` is as for
    :func:`parents_first`. Sorting by score, descending, gives the palette's order.
    """
    if fuzzy is None:
        fuzzy = [0.0] * len(names)
    keys = [
        rank_key(query, en, zh, kind, score)
        for (en, zh, kind), score in zip(names, fuzzy, strict=True)
    ]
    raised = parents_first(keys, parents or {})
    if any(key is not None and key.tier > Tier.FUZZY for key in raised):
        raised = [None if key is None or key.tier == Tier.FUZZY else key for key in raised]
    return scores(raised)
