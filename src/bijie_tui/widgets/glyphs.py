"""ASCII stand-ins, one character each, for the app's own glyphs.

For terminals without UTF-8 or without line-drawing and block fonts.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.scrollbar import ScrollBarRender

ASCII_STAND_INS: dict[str, str] = {
    # a trend's levels, lowest to highest (the two highest blocks are one level)
    "▁": "_",
    "▂": ".",
    "▃": ":",
    "▄": "=",
    "▅": "o",
    "▆": "O",
    "▇": "#",
    "█": "#",
    # cut text (Emacs marks a cut line with "$"); "~" is kept for "about"
    "…": "$",
    "→": ">",
    "▲": "^",
    "▼": "v",
    "·": "|",
    "“": '"',
    "”": '"',
    "–": "-",
    "—": "-",
    "┄": "-",
    "×": "x",
    "↑": "^",
    "↓": "v",
    "←": "<",
    "⏎": "]",
    "⁺": "+",
    "†": "*",
    # qualifiers: ">" and "<" (more than, less than) are ASCII already
    "≥": "}",
    "≤": "{",
    "≈": "~",
    "≲": "`",
    # a break in a series, as an axis break is drawn ("//")
    "¦": "/",
    "≠": "!",
}
"""Each glyph of the app and its ASCII stand-in. Two glyphs share one only when they mean
the same (:data:`SAME_MEANING`); no stand-in is an ASCII sign the app uses for something else
(:data:`ASCII_SIGNS`)."""

SAME_MEANING: tuple[frozenset[str], ...] = (
    frozenset("▇█"),  # the top of a trend
    frozenset("“”"),  # quotation marks
    frozenset("–—┄"),  # a dash or a dashed rule
    frozenset("↑▲"),  # up, ascending
    frozenset("↓▼"),  # down, descending
)
"""Glyphs that may share an ASCII stand-in."""

ASCII_SIGNS: frozenset[str] = frozenset("><")
"""ASCII signs the app writes itself with a meaning of their own (more than, less than)."""

ARROWS: frozenset[str] = frozenset("→←")
"""Arrows: they name the keys ``>`` and ``<`` (a column to the right, to the left) and lead to
a link, so their stand-ins are those keys."""

_ASCII = str.maketrans(ASCII_STAND_INS)


def ascii_text(text: Text) -> Text:
    """``text`` with the app's glyphs replaced by ASCII, one character for one (styles kept)."""
    plain = text.plain
    converted = plain.translate(_ASCII)
    if converted == plain:
        return text
    out = text.copy()
    out.plain = converted
    return out


def ascii_str(text: str) -> str:
    return text.translate(_ASCII)


class AsciiScrollBarRender(ScrollBarRender):
    """Scrollbars drawn with spaces and the thumb's colour, never block glyphs."""

    VERTICAL_BARS: ClassVar[list[str]] = [" "] * 8
    HORIZONTAL_BARS: ClassVar[list[str]] = [" "] * 8
