"""Make untrusted strings safe to show: nothing in a dataset may act on the terminal or hide.

Which characters are hidden is decided by their Unicode category, not by a list: controls
(Cc), format characters (Cf: bidi controls, zero-width characters, the soft hyphen, tags),
line and paragraph separators (Zl, Zp), private use (Co), surrogates (Cs) and unassigned code
points (Cn). Each is shown as a visible escape instead (``\\x1b``, ``\\u202e``,
``\\U000e0041``). One is let through where it does what a reader expects: the zero-width
joiner between two symbols, as in an emoji sequence (a woman, a joiner and a laptop draw one
picture). Between letters it would only hide (``Bi\\u200djie`` reads as ``Bijie``), and Rich
would measure the pair as one cell where a terminal draws two.

Unicode also names characters that are not format characters but that a terminal draws as
nothing: its Default_Ignorable_Code_Point property. Those outside the categories above (the
Hangul fillers, the combining grapheme joiner, the Khmer inherent vowels and the variation
selectors) are escaped too, with one more blank that is no space (U+2800, the empty braille
pattern). A variation selector is let through right after the character it selects a form of
(``❤️``, the keycap ``1️⃣``, an ideographic variant): anywhere else it only hides.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable

HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Co", "Cs", "Cn"})
"""The categories of the characters a reader would not see, or that change how text reads."""

SELECTOR_RANGES = (
    (0x180B, 0x180D),  # Mongolian free variation selectors
    (0x180F, 0x180F),
    (0xFE00, 0xFE0F),  # variation selectors
    (0xE0100, 0xE01EF),  # variation selectors supplement
)
"""The variation selectors: shown only after a character they select a form of."""

IGNORABLE_RANGES = (
    (0x034F, 0x034F),  # combining grapheme joiner
    (0x115F, 0x1160),  # Hangul choseong and jungseong fillers
    (0x17B4, 0x17B5),  # Khmer inherent vowels
    (0x2800, 0x2800),  # braille pattern blank: not ignorable, but as blank
    (0x3164, 0x3164),  # Hangul filler
    (0xFFA0, 0xFFA0),  # halfwidth Hangul filler
    *SELECTOR_RANGES,
)
"""Code points drawn as nothing whose category is not one of :data:`HIDDEN_CATEGORIES`
(Unicode's Default_Ignorable_Code_Point, less those categories, and U+2800)."""

_SELECTORS = frozenset(chr(code) for low, high in SELECTOR_RANGES for code in range(low, high + 1))
_IGNORABLE = re.compile(
    "[" + "".join(f"\\U{low:08x}-\\U{high:08x}" for low, high in IGNORABLE_RANGES) + "]"
)
_ZWJ = "\u200d"
_EMOJI_MODIFIERS = range(0x1F3FB, 0x1F400)  # skin tones, between an emoji and its joiner


def is_hidden(char: str) -> bool:
    """Whether ``char`` (one code point) is one of the characters shown as an escape
    wherever it is (a variation selector depends on what it follows: see :func:`printable`)."""
    return unicodedata.category(char) in HIDDEN_CATEGORIES or (
        _IGNORABLE.match(char) is not None and char not in _SELECTORS
    )


_PRESENTATION = frozenset("\ufe0e\ufe0f")


def _selects(text: str, at: int) -> bool:
    """Whether the variation selector at ``text[at]`` follows a character it can select a
    form of. Text and emoji presentation (U+FE0E, U+FE0F) follow a symbol, digit or
    punctuation (``❤️``, the keycap ``1️⃣``, ``‼️``); other selectors may follow a letter too
    (ideographic and Mongolian variants). Never a mark, a space or another selector."""
    if at == 0 or is_hidden(text[at - 1]):
        return False
    kinds = "SNP" if text[at] in _PRESENTATION else "LSNP"
    return unicodedata.category(text[at - 1])[0] in kinds


@functools.cache
def _hidden_pattern() -> re.Pattern[str]:
    """Runs of hidden characters of the BMP, and of any astral characters.

    Built on first use (only text that is not plainly printable needs it). Scanning the
    astral planes would take a tenth of a second, so they are matched whole and sorted out
    one character at a time: they are rare in the data.
    """
    ranges: list[tuple[int, int]] = []
    for code in range(0x10000):
        char = chr(code)
        # str.isprintable is False exactly for categories C* and Z* (space aside): a fast
        # first sieve, and the category decides.
        if char.isprintable() or not is_hidden(char):
            continue
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    for low, high in IGNORABLE_RANGES:
        if high <= 0xFFFF:
            ranges.append((low, high))
    ranges.sort()
    ranges.append((0x10000, 0x10FFFF))
    parts = (
        f"\\U{low:08x}-\\U{high:08x}" if high > low else f"\\U{low:08x}" for low, high in ranges
    )
    return re.compile("[" + "".join(parts) + "]+")


def _joins(text: str, at: int) -> bool:
    """Whether the zero-width joiner at ``text[at]`` joins two symbols (an emoji sequence)."""
    before = at - 1
    # A variation selector, a keycap or a skin tone may sit between the symbol and the joiner.
    while before >= 0 and (
        unicodedata.category(text[before])[0] == "M" or ord(text[before]) in _EMOJI_MODIFIERS
    ):
        before -= 1
    after = at + 1
    return (
        before >= 0
        and after < len(text)
        and unicodedata.category(text[before]) == "So"
        and unicodedata.category(text[after]) == "So"
    )


def escape_hidden(text: str, escape: Callable[[str], str]) -> str:
    """``text`` with every hidden character replaced by ``escape(character)``."""
    if text.isprintable() and _IGNORABLE.search(text) is None:
        return text  # no control, format, separator, unassigned or ignorable character

    def replace(match: re.Match[str]) -> str:
        run = match.group()
        if run.isprintable() and _IGNORABLE.search(run) is None:
            return run  # astral characters that are plain text (emoji, rare ideographs)
        start = match.start()
        out: list[str] = []
        for offset, char in enumerate(run):
            if char == _ZWJ:
                out.append(char if _joins(text, start + offset) else escape(char))
            elif char in _SELECTORS:
                out.append(char if _selects(text, start + offset) else escape(char))
            elif char > "\uffff" and not is_hidden(char):
                out.append(char)
            else:
                out.append(escape(char))
        return "".join(out)

    return _hidden_pattern().sub(replace, text)


def visible_escape(char: str) -> str:
    """``char`` written as a Python-style escape: ``\\x1b``, ``\\u202e``, ``\\U000e0041``."""
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def printable(text: str) -> str:
    """``text`` with every hidden character (control, format, separator, private use,
    surrogate, unassigned, ignorable) shown as a visible escape."""
    return escape_hidden(text, visible_escape)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text: str) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    return "'" + text if text.startswith(_FORMULA_START) else text


_LINKABLE = re.compile(r"https?://[!-~]+", re.IGNORECASE)
"""An http or https address of printable ASCII only: no space, no control character (ESC, BEL
would end or forge a terminal sequence), nothing outside ASCII."""


def link_address(url: str) -> str | None:
    """``url`` if a terminal may be given it as a hyperlink (OSC 8), else None: only http and
    https addresses with a host, written in printable ASCII."""
    if len(url) > 2000 or not _LINKABLE.fullmatch(url):
        return None
    host = url.split("://", 1)[1].split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    return url if host.rsplit("@", 1)[-1] else None
