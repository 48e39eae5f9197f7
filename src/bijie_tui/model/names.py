"""Names cut to a column's width so that rows that differ still read differently.

A name too wide for its column is cut at the end, with an ellipsis. When two names of a column
would then read the same (``Huawu village May Day holiday…`` twice), each of them is cut in the
middle instead: its start, an ellipsis, and its end from the word where it parts from the
others (``Huawu village…tourists``, ``Huawu village…spending``). Names that fit are shown whole.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from difflib import SequenceMatcher

from . import graphemes
from .chart import cell_len
from .graphemes import clusters

ELLIPSIS = "…"
Measure = Callable[[str], int]

SMALL_WORDS = frozenset("a an and at by for from in of on the to".split())
"""Words a reader skims over: cut names that differ only in them read the same
(``Registered poor of Bijie…``, ``Registered poor in Bijie…``)."""


def reading(text: str) -> str:
    """What a reader takes from a name as shown: its words without the small ones, the
    ellipses read as a gap."""
    words = text.replace(ELLIPSIS, " ").split()
    return " ".join(w for w in words if w.casefold() not in SMALL_WORDS)


def _width(text: str, measure: Measure) -> int:
    return len(text) if text.isascii() else measure(text)


def head(text: str, width: int, measure: Measure = cell_len) -> str:
    """The longest start of ``text`` in at most ``width`` cells, ending between two characters
    as the reader sees them (a wide one, an emoji sequence, a flag kept whole)."""
    return graphemes.head(text, width, measure)


def cut_end(text: str, width: int, measure: Measure = cell_len) -> str:
    """``text`` in at most ``width`` cells, ending in an ellipsis if it had to be cut."""
    if _width(text, measure) <= width:
        return text
    return head(text, width - 1, measure) + ELLIPSIS


def _tokens(text: str) -> list[str]:
    """Words with the spaces after them; each character of text without spaces (Chinese)."""
    if " " not in text and not text.isascii():
        return clusters(text)
    return re.findall(r"\S+\s*|\s+", text)


def _shared(tokens: list[str], other: list[str]) -> set[int]:
    """Indices of ``tokens`` that ``other`` has too, in the same order (for characters of
    text without spaces: those of the start both share)."""
    if all(len(t) == 1 for t in tokens):
        same = 0
        for a, b in zip(tokens, other, strict=False):
            if a != b:
                break
            same += 1
        return set(range(same))
    matcher = SequenceMatcher(None, tokens, other, autojunk=False)
    return {
        i for block in matcher.get_matching_blocks() for i in range(block.a, block.a + block.size)
    }


def elide_shared(text: str, others: Sequence[str], width: int, measure: Measure = cell_len) -> str:
    """``text`` in ``width`` cells keeping its first word and the words that set it apart
    from every one of ``others``; the runs of words all of them share become an ellipsis,
    the first runs written out again as far as the width allows."""
    tokens = _tokens(text)
    shared = set(range(len(tokens)))
    for other in others:
        shared &= _shared(tokens, _tokens(other))
    shared.discard(0)
    if len(shared) >= len(tokens) - 1:  # nothing of its own past the first word
        return cut_end(text, width, measure)
    # Small words of its own beside shared ones tell little ("of" against "in"): left out
    # with them while words of its own that tell more remain.
    small = {
        i
        for i in range(1, len(tokens))
        if tokens[i].strip().casefold() in SMALL_WORDS and (i - 1 in shared or i + 1 in shared)
    }
    if len(shared | small) < len(tokens) - 1:
        shared |= small
    runs: list[tuple[bool, list[int]]] = []
    for i in range(len(tokens)):
        elided = i in shared
        if runs and runs[-1][0] == elided:
            runs[-1][1].append(i)
        else:
            runs.append((elided, [i]))

    def joined(restored: set[int]) -> str:
        out = ""
        for n, (elided, indices) in enumerate(runs):
            if elided and n not in restored:
                out = out.rstrip() + ELLIPSIS
            else:
                out += "".join(tokens[i] for i in indices)
        return out.rstrip()

    restored: set[int] = set()
    for n, (elided, _) in enumerate(runs):
        if elided and _width(joined(restored | {n}), measure) <= width:
            restored.add(n)
    best = joined(restored)
    if _width(best, measure) <= width:
        return best
    return head(best, width - 1, measure).rstrip() + ELLIPSIS


def _tail(text: str, width: int, measure: Measure) -> str:
    """The first word of ``text``, an ellipsis and as much of its end as fits."""
    first = _tokens(text)[0].rstrip()
    first = head(first, max(width // 3, 1), measure)
    room = width - _width(first, measure) - 1
    end = clusters(text)
    while end and _width("".join(end), measure) > room:
        del end[0]
    return first + ELLIPSIS + "".join(end).lstrip()


def distinct_cuts(texts: Sequence[str], width: int, measure: Measure = cell_len) -> list[str]:
    """``texts`` cut to ``width`` cells, each cut so that different texts read differently
    where the width allows it (see the module's documentation)."""
    shown = [cut_end(t, width, measure) for t in texts]
    if width < 6:
        return shown
    # Names cut alike over their first two thirds, small words aside, read the same:
    # "Registered poor of Biji…" and "Registered poor in Biji…" are told apart by their ends.
    alike = max((width - 1) * 2 // 3, 1)
    group_of: dict[str, str] = {}
    for text, cut in zip(texts, shown, strict=True):
        if cut != text:
            group_of[text] = head(reading(cut), alike, measure)
    middle: dict[str, str] = {}
    for _ in range(4):
        groups: dict[str, set[str]] = {}
        for text, key in group_of.items():
            groups.setdefault(key, set()).add(text)
        middle = {}
        for group in groups.values():
            if len(group) < 2:
                continue
            for text in group:
                others = [o for o in group if o != text]
                middle[text] = elide_shared(text, others, width, measure)
        # Names that still read the same are taken together, in one group.
        readings: dict[str, set[str]] = {}
        for text, cut in zip(texts, shown, strict=True):
            readings.setdefault(reading(middle.get(text, cut)), set()).add(text)
        clashes = [g for g in readings.values() if len(g) > 1 and all(t in group_of for t in g)]
        if not clashes:
            break
        for clash in clashes:
            keys = {group_of[t] for t in clash}
            merged = min(keys)
            for text, key in group_of.items():
                if key in keys:
                    group_of[text] = merged
    else:
        readings = {}
        for text, cut in zip(texts, shown, strict=True):
            readings.setdefault(reading(middle.get(text, cut)), set()).add(text)
        for group in readings.values():
            if len(group) > 1:
                for text in group:
                    if text in group_of:
                        middle[text] = _tail(text, width, measure)
    return [middle.get(t, cut) for t, cut in zip(texts, shown, strict=True)]
