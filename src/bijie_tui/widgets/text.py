"""Turning dataset strings into widget content safely."""

from __future__ import annotations

from rich.text import Text

from ..model.safe import printable


def safe(text: str, style: str = "") -> Text:
    """Dataset text for a widget: literal, never markup, never terminal control."""
    return Text(printable(text), style=style)
