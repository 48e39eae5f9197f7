"""How to draw for the terminal at hand: bandwidth, glyphs, colour and mouse, decided up front.

Pure decisions from flags and the environment; nothing here imports Textual.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

MAX_SCREEN = (500, 200)
"""The largest screen a served session gets, in columns and rows, over SSH or in a browser:
more than a 4K monitor shows at a usual font size. A larger one asked for is clamped to it
(each cell costs the explorer memory and time at every frame, and bytes on the link)."""

SESSION_TERM = "xterm-256color"
"""The terminal type of a session over SSH whose client names none (or one not well formed),
as OpenSSH's ssh names most terminals."""

_TRUE = ("1", "true", "yes", "on")
_NO_LINKS = ("linux", "vt1", "vt2", "cons", "dumb")


@dataclass(frozen=True)
class Display:
    low_bandwidth: bool = False
    """Few bytes: the terminal's own 16 colours, no animation, no mouse, fewer frames."""
    ascii: bool = False
    """ASCII borders, sparklines and marks; no box-drawing or block glyphs."""
    mouse: bool = True
    """Ask the terminal for mouse reports (every motion is sent back over the link)."""
    no_color: bool = False
    """No colour sequences at all (``NO_COLOR``); attributes such as reverse remain."""
    animations: bool = True
    escape_delay: float = 0.010
    """Seconds a lone ESC waits for the rest of a key's sequence (the config's
    ``escape_delay``)."""
    links: bool = True
    """Source addresses as terminal hyperlinks (OSC 8); colour has nothing to do with it."""


SERVED = "BIJIE_TUI_SERVED"
"""Set to 1 for a session served to others (``bijie-tui serve``, a server over SSH): such a
session writes nothing on the server (no exports, no screenshots, no settings)."""

WEB_DRIVER = "textual.drivers.web_driver:WebDriver"
"""Textual's driver for a browser: textual-serve starts the app with ``TEXTUAL_DRIVER`` set to
it, and the screen then goes to the browser over pipes, not to a terminal."""


def served(env: Mapping[str, str]) -> bool:
    """Whether this is a served session (:data:`SERVED`), which writes nothing on the server."""
    return env.get(SERVED, "").strip().lower() in _TRUE


def in_browser(env: Mapping[str, str]) -> bool:
    """Whether the app draws in a web browser (started by textual-serve), not a terminal."""
    return env.get("TEXTUAL_DRIVER", "") == WEB_DRIVER


def over_ssh(env: Mapping[str, str]) -> bool:
    return bool(env.get("SSH_CONNECTION") or env.get("SSH_TTY"))


def locale_is_utf8(env: Mapping[str, str], coerced: bool = False) -> bool:
    """Whether the locale in force (LC_ALL, then LC_CTYPE, then LANG) uses UTF-8.

    ``coerced``: Python itself set LC_CTYPE=C.UTF-8 because the locale was C or POSIX
    (PEP 538); the terminal's locale is then what the other variables say.
    """
    for name in ("LC_ALL", "LC_CTYPE", "LANG"):
        if coerced and name == "LC_CTYPE":
            continue
        value = env.get(name, "")
        if value:
            lowered = value.lower().replace("-", "")
            return "utf8" in lowered
    return False


def decide(
    env: Mapping[str, str],
    *,
    low_bandwidth: bool = False,
    ascii: bool = False,
    mouse: bool | None = None,
    coerced_locale: bool = False,
    escape_delay_ms: int = 10,
) -> Display:
    """The display for these flags in this environment (flags win over the environment).

    In a browser (:func:`in_browser`) the server's locale and SSH variables say nothing about
    the screen: the browser draws every glyph and has a mouse.
    """
    low = low_bandwidth or env.get("BIJIE_TUI_LOW_BANDWIDTH", "").lower() in _TRUE
    browser = in_browser(env)
    remote = over_ssh(env) and not browser
    plain = ascii or not (browser or locale_is_utf8(env, coerced_locale))
    return Display(
        low_bandwidth=low,
        ascii=plain,
        mouse=(not (low or remote)) if mouse is None else mouse,
        no_color=bool(env.get("NO_COLOR")),
        animations=not (low or remote),
        escape_delay=escape_delay_ms / 1000,
        # Terminals that would print a hyperlink's sequence rather than ignore it.
        links=not plain and not env.get("TERM", "").startswith(_NO_LINKS),
    )
