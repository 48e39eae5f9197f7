"""ASCII stand-ins, one character each, for the app's own glyphs.

For terminals without UTF-8 or without line-drawing and block fonts.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.scrollbar import ScrollBarRender

_ASCII = str.maketrans(
    {
        "▁": "_",
        "▂": ".",
        "▃": "-",
        "▄": "=",
        "▅": "+",
        "▆": "*",
        "▇": "#",
        "█": "#",
        "…": "~",
        "→": ">",
        "▲": "^",
        "▼": "v",
        "·": "|",
        "“": '"',
        "”": '"',
        "–": "-",
        "—": "-",
        "×": "x",
        "↑": "^",
        "↓": "v",
        "←": "<",
        "⏎": "<",
        "⁺": "+",
        "†": "*",
        "≥": ">",
        "≤": "<",
        "≈": "~",
        "≲": "<",
        "¦": "|",
        "≠": "!",
        "┄": "-",
    }
)


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
