"""Text split into what a reader sees as one character (grapheme clusters), so that text is
cut between them and never inside one.

``👩‍💻`` (a woman, a zero-width joiner, a laptop) is one character to the reader and three code
points; cut after the joiner, it leaves the joiner dangling (``👩\u200d…``). The splitter keeps
together what Rich and the terminals keep together:

- a zero-width joiner with the code points on both sides of it (emoji ZWJ sequences);
- variation selectors (``❤️``), emoji skin-tone modifiers (``👍🏽``) and tag characters
  (subdivision flags) with the character before them;
- combining marks (``é`` as ``e`` and U+0301, an enclosing keycap) with their base;
- regional indicators in pairs (a flag, ``🇨🇳``).

It is not the whole of Unicode's segmentation rules (Hangul jamo, prepended marks, line ends):
the dataset's text is Chinese and English, and ``printable`` has taken control characters out.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

ZWJ = "\u200d"
_MARKS = frozenset({"Mn", "Me", "Mc"})


def _extends(char: str) -> bool:
    """Whether ``char`` belongs to the character before it."""
    code = ord(char)
    if code < 0x0300:
        return False
    return (
        code == 0x200D
        or 0xFE00 <= code <= 0xFE0F  # variation selectors
        or 0x1F3FB <= code <= 0x1F3FF  # emoji modifiers (skin tones)
        or 0xE0020 <= code <= 0xE007F  # tags
        or 0xE0100 <= code <= 0xE01EF  # variation selectors supplement
        or unicodedata.category(char) in _MARKS
    )


def _regional(char: str) -> bool:
    return 0x1F1E6 <= ord(char) <= 0x1F1FF


def clusters(text: str) -> list[str]:
    """``text`` as the characters a reader sees, in order; joined again they are ``text``."""
    if text.isascii():
        return list(text)
    out: list[str] = []
    joined = False  # the code point before was a zero-width joiner
    for char in text:
        if out and (
            joined
            or _extends(char)
            or (_regional(char) and len(out[-1]) == 1 and _regional(out[-1]))
        ):
            out[-1] += char
        else:
            out.append(char)
        joined = char == ZWJ
    return out


def head(text: str, width: int, measure: Callable[[str], int]) -> str:
    """The longest start of ``text`` in at most ``width`` cells (as ``measure`` counts them),
    ending between two characters (a wide one, an emoji sequence, a flag kept whole)."""
    if text.isascii():
        return text[: max(width, 0)]
    used = 0
    end = 0
    for cluster in clusters(text):
        used += measure(cluster)
        if used > width:
            break
        end += len(cluster)
    return text[:end]


def first(text: str, count: int) -> str:
    """At most ``count`` code points of the start of ``text``, ending between two characters
    (for a cut by length, not by width)."""
    if len(text) <= count:
        return text
    end = 0
    for cluster in clusters(text[: count + 1]):
        if end + len(cluster) > count:
            break
        end += len(cluster)
    return text[:end]
