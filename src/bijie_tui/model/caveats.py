"""What a reader should know before trusting a figure: the marks a table puts in its row and the
reasons the detail gives for them.

Two caveats, decided here once for the tables and the details:

- a *combined scope*: the figure counts several places together (its region has ``members``,
  e.g. Bijie + Qiannan), so it is not a figure for any one of them; marked :data:`SCOPE_MARK`
  after the scope;
- *weak sources*: every source of the figure is a copy (a mirror of an official or state
  media page) or a secondary account, none the original; marked :data:`WEAK_MARK` after the
  value.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Literal

from .vocab import SourceKind
from .words import Lang, word

if TYPE_CHECKING:
    from .records import Figure, Region, Source

SCOPE_MARK = "⁺"
"""After the scope of a figure that counts several places together (ASCII: ``+``)."""
WEAK_MARK = "†"
"""After the value of a figure that rests only on copies or secondary sources (ASCII: ``*``)."""

COPY_KINDS: frozenset[SourceKind] = frozenset(
    {"official_mirror", "state_media_mirror", "mirror", "unrelated_copy", "copy_without_address"}
)
"""Kinds of source that are a copy of another publisher's page (with or without its address)."""
SECONDARY_KINDS: frozenset[SourceKind] = frozenset({"secondary"})
WEAK_KINDS: frozenset[SourceKind] = COPY_KINDS | SECONDARY_KINDS
"""The kinds named here are kinds of :data:`.vocab.SOURCE_KINDS` (the type checker and
``tests/test_vocab.py`` see to it); every other kind is an original."""

Weakness = Literal["copy", "secondary", "copy_and_secondary"]


def combined_scope(region: Region) -> bool:
    """Whether a figure for ``region`` counts several places together."""
    return bool(region.members)


def weakness(figure: Figure, sources: Mapping[str, Source]) -> Weakness | None:
    """How weak the sources of ``figure`` all are (``None``: at least one is not, or none)."""
    kinds = {sources[e.source].kind for e in figure.evidence if e.source in sources}
    if not kinds or not kinds <= WEAK_KINDS:
        return None
    copies = bool(kinds & COPY_KINDS)
    secondary = bool(kinds & SECONDARY_KINDS)
    if copies and secondary:
        return "copy_and_secondary"
    return "copy" if copies else "secondary"


def weak_reason(weak: Weakness, lang: Lang) -> str:
    return word(f"caveat.{weak}", lang)


def caveat_label(lang: Lang) -> str:
    return word("caveat", lang)


def value_mark(figure: Figure, sources: Mapping[str, Source]) -> str:
    """What follows the value of ``figure`` in a table: :data:`WEAK_MARK` or nothing."""
    return WEAK_MARK if weakness(figure, sources) is not None else ""


def scope_mark(region: Region) -> str:
    """What follows the scope of a figure in a table: :data:`SCOPE_MARK` or nothing."""
    return SCOPE_MARK if combined_scope(region) else ""
