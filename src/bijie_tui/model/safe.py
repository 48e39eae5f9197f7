"""Make untrusted strings safe to show: nothing in a dataset may act on the terminal."""

from __future__ import annotations

import re

# C0 and C1 controls (tab, newline kept out too: one record is one line), DEL, bidi
# embeddings/overrides/isolates, zero-width characters and the BOM.
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]"
)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` with every control, bidi and zero-width character shown as a visible escape."""
    return _UNSAFE.sub(_escape, text)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text: str) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    return "'" + text if text.startswith(_FORMULA_START) else text
