"""Dropping colour and style sequences that change nothing, before they reach the terminal.

A frame from the renderer wraps every run of text in its full style and a reset:
``ESC[0m ESC[38;5;253;48;5;233m text ESC[0m ESC[38;5;253;48;5;233m more ESC[0m``. When the style
after a reset is the style before it, both sequences are dropped; when it differs, the reset and
the new style go out as one sequence. The screen the terminal ends up with is the same (tests
compare the two screens); only fewer bytes cross the link.

With ``strip_colour`` (``NO_COLOR``), colour parameters are removed and only attributes such as
bold, underline and reverse remain.
"""

from __future__ import annotations

import re

_SGR = re.compile(r"\x1b\[([0-9;:]*)m")
# Sequences that neither draw nor depend on the current style: cursor moves and positioning,
# synchronised-output brackets, cursor show/hide.
_NEUTRAL = re.compile(r"\x1b\[\d*(?:;\d*)?[HfABCDGd]|\x1b\[\?(?:2026|25)[hl]")
_RESET = "\x1b[m"


def _strip_colour(params: str) -> str | None:
    """``params`` without colours; ``None`` when nothing is left (a reset stays a reset)."""
    parts = params.replace(":", ";").split(";") if params else ["0"]
    kept: list[str] = []
    i = 0
    while i < len(parts):
        part = parts[i]
        code = int(part) if part.isdigit() else 0
        if code in (38, 48, 58):
            mode = parts[i + 1] if i + 1 < len(parts) else ""
            i += 3 if mode == "5" else 5 if mode == "2" else 2
            continue
        if 30 <= code <= 37 or 40 <= code <= 47 or 90 <= code <= 97 or 100 <= code <= 107:
            i += 1
            continue
        if code in (39, 49, 59):
            i += 1
            continue
        kept.append(str(code))
        i += 1
    if not kept:
        return None
    return ";".join(kept)


class SgrFilter:
    """A stateful filter over everything written to one terminal."""

    def __init__(self, strip_colour: bool = False) -> None:
        self.strip_colour = strip_colour
        self._state: tuple[str, ...] = ()
        """Style parameters in force since the last reset the terminal has seen."""
        self._pending_reset = False
        """A reset was asked for and not yet sent (it may turn out not to be needed)."""

    def _flush(self, out: list[str]) -> None:
        if self._pending_reset:
            out.append(_RESET)
            self._pending_reset = False
            self._state = ()

    def _text(self, text: str, out: list[str]) -> None:
        if self._pending_reset and _NEUTRAL.sub("", text):
            self._flush(out)
        out.append(text)

    def _sgr(self, params: str, out: list[str]) -> None:
        if self.strip_colour:
            stripped = _strip_colour(params)
            if stripped is None:
                return
            params = stripped
        if params in ("", "0"):
            if self._state or self._pending_reset:
                self._pending_reset = True
            # A reset with nothing in force changes nothing.
            return
        if params.startswith("0;"):
            self._pending_reset = bool(self._state) or self._pending_reset
            params = params[2:]
        if self._pending_reset:
            if self._state == (params,):
                self._pending_reset = False  # same style again: keep it, send nothing
                return
            out.append(f"\x1b[0;{params}m")
            self._pending_reset = False
            self._state = (params,)
            return
        if self._state and self._state[-1] == params:
            return
        out.append(f"\x1b[{params}m")
        self._state = (*self._state, params)

    def feed(self, data: str) -> str:
        """The part of ``data`` the terminal needs; the style in force is settled at the end."""
        out: list[str] = []
        position = 0
        for match in _SGR.finditer(data):
            if match.start() > position:
                self._text(data[position : match.start()], out)
            self._sgr(match.group(1), out)
            position = match.end()
        if position < len(data):
            self._text(data[position:], out)
        self._flush(out)
        return "".join(out)
