"""Turning dataset strings into widget content safely (and in ASCII when the terminal needs it)."""

from __future__ import annotations

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text

from ..model.graphemes import head
from ..model.safe import link_address, printable
from .glyphs import ascii_str, ascii_text

_ascii = False
_links = True


def use_ascii(flag: bool) -> None:
    """Draw the app's own marks (sparklines, arrows, ellipses) in ASCII from now on."""
    global _ascii
    _ascii = flag


def ascii_mode() -> bool:
    return _ascii


def use_links(flag: bool) -> None:
    """Make addresses terminal hyperlinks (OSC 8) from now on, or not."""
    global _links
    _links = flag


def linked(text: Text, url: str) -> Text:
    """``text`` as a hyperlink to ``url`` where the terminal gets links and the address is
    safe to give it (http or https, printable ASCII); otherwise ``text`` as it is."""
    address = link_address(url) if _links and not _ascii else None
    if address is not None:
        text.stylize(Style(link=address))
    return text


def plain(text: Text) -> Text:
    """``text`` as the terminal should get it: ASCII marks in ASCII mode."""
    return ascii_text(text) if _ascii else text


def plain_str(text: str) -> str:
    return ascii_str(text) if _ascii else text


def safe(text: str, style: str = "") -> Text:
    """Dataset text for a widget: literal, never markup, never terminal control."""
    return plain(Text(printable(text), style=style))


def cut(text: Text, width: int) -> Text:
    """``text`` in at most ``width`` cells, ending in an ellipsis right after the last
    character that fits whole: a wide character is never split into a gap (where Rich's
    ``Text.truncate`` leaves one), and an emoji sequence, a flag or a letter with its accent
    is never split at all (see :mod:`..model.graphemes`)."""
    if text.cell_len <= width:
        return text
    out = text[: len(head(text.plain, width - 1, cell_len))]
    out.append("…", text.style)
    return out
