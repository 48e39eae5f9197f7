"""The user's settings: a TOML file at the platform's config location, then the environment,
then the command line, each overriding the one before.

The file (``bijie-tui config`` prints where it is)::

    lang = "zh"              # en | zh
    theme = "nord"           # one of THEMES
    low_bandwidth = false
    mouse = "auto"           # true | false | "auto" (off over SSH and in low bandwidth)
    escape_delay = 10        # ms a lone ESC waits for the rest of a key's sequence (ESCDELAY)

    [keys]                   # binding id = keys, comma-separated (see DEFAULT_KEYS)
    quit = "ctrl+q"
    tab1 = "f1"

A missing file means the defaults; a bad one is a :class:`ConfigError` naming the file and the
key. Only the explorer and ``bijie-tui config`` read it: ``show`` and ``validate`` print the
same thing for everyone. Nothing here imports Textual.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .model.keymap import DECLARED, TAB_KEY
from .model.words import Lang

APP_NAME = "bijie-tui"
CONFIG_ENV = "BIJIE_TUI_CONFIG"
"""A config file to read instead of the one at the platform's location."""
SERVED_ENV = "BIJIE_TUI_SERVED"
"""Set to 1 when the session is served to a remote user: nothing is written on the server."""
MAX_BYTES = 1 << 20

THEMES: tuple[str, ...] = (
    "ansi-dark",
    "ansi-light",
    "atom-one-dark",
    "atom-one-light",
    "catppuccin-frappe",
    "catppuccin-latte",
    "catppuccin-macchiato",
    "catppuccin-mocha",
    "dracula",
    "flexoki",
    "gruvbox",
    "monokai",
    "nord",
    "rose-pine",
    "rose-pine-dawn",
    "rose-pine-moon",
    "solarized-dark",
    "solarized-light",
    "textual-dark",
    "textual-light",
    "tokyo-night",
)
"""The themes of the palette's theme picker (Textual's own; a test keeps this list true)."""
DEFAULT_THEME = "textual-dark"

DEFAULT_KEYS: dict[str, str] = DECLARED.defaults
"""Every binding's id with its default keys, as :mod:`.model.keymap` declares them (the ids a
``[keys]`` section may name). An id used in several places (``back``, ``copy``,
``clear_filter``, ``help``) is one action everywhere, and one override changes it everywhere."""

PLACES: dict[str, tuple[str, ...]] = DECLARED.areas
"""Where each binding id acts (``everywhere`` also acts wherever the others do), from the
places :mod:`.model.keymap` binds it in: two ids of one place may not share a key, unless their
defaults share one (they then act in different parts of the place, or one before the other by
design: escape closes a filter, then goes back; j scrolls a detail or moves in its links)."""


def _keys_of(value: str) -> set[str]:
    return {key.strip() for key in value.split(",") if key.strip()}


def key_clash(keys: Mapping[str, str]) -> tuple[str, str, str] | None:
    """The first key that ``keys`` (id → keys, the defaults with the file's over them) binds to
    two ids acting in one place (see :data:`PLACES`): (key, id, other id)."""
    bound = {ident: _keys_of(value) for ident, value in keys.items()}
    default = {ident: _keys_of(value) for ident, value in DEFAULT_KEYS.items()}
    everywhere = PLACES["everywhere"]
    for place, idents in PLACES.items():
        together = idents if place == "everywhere" else tuple(dict.fromkeys(idents + everywhere))
        for i, first in enumerate(together):
            for second in together[i + 1 :]:
                if default.get(first, set()) & default.get(second, set()):
                    continue  # designed to share a key
                for key in sorted(bound.get(first, set()) & bound.get(second, set())):
                    return key, first, second
    return None


SETTINGS = ("lang", "theme", "low_bandwidth", "mouse", "escape_delay", "keys")
ESCAPE_DELAY_MS = 10
"""How long, in milliseconds, a lone ESC waits for the rest of a key's sequence before it is
the ``escape`` key (curses' ESCDELAY, tmux's escape-time). A terminal sends a key's sequence in
one write, and SSH carries each write in one packet, so over SSH a sequence is never split by
the link, only by a read that ends inside it, and the rest of that write is there to read at
once: 10 ms (tmux's escape-time since 3.5) leaves ``escape`` acting at once."""
ESCAPE_DELAY_RANGE = (1, 1000)
_TRUE = ("1", "true", "yes", "on")
_KEY = re.compile(r"[A-Za-z0-9_]+(?:\+[A-Za-z0-9_]+)*|[^\s,]")
"""One key: a name with modifiers (``ctrl+q``, ``f1``, ``question_mark``) or one character."""


class ConfigError(Exception):
    """A config file that cannot be used (the message names the file and the key)."""


class NotWritten(ConfigError):
    """The config is not written (a served session, or a file that no longer reads)."""


@dataclass(frozen=True)
class FileSettings:
    """What the config file sets; None where it says nothing."""

    lang: Lang | None = None
    theme: str | None = None
    low_bandwidth: bool | None = None
    mouse: bool | None = None
    escape_delay: int | None = None
    keys: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Settings:
    """The settings in force, with where each comes from."""

    path: Path
    found: bool
    lang: Lang = "en"
    theme: str = DEFAULT_THEME
    low_bandwidth: bool = False
    mouse: bool | None = None
    """None: automatic (off over SSH and in low-bandwidth mode)."""
    escape_delay: int = ESCAPE_DELAY_MS
    """Milliseconds (see :data:`ESCAPE_DELAY_MS`)."""
    keys: dict[str, str] = field(default_factory=dict)
    """The overrides only: binding id -> keys."""
    origins: dict[str, str] = field(default_factory=dict)
    """Setting (or ``keys.<id>``) -> ``default``, ``file``, ``env NAME`` or ``--flag``."""


def config_path(env: Mapping[str, str]) -> Path:
    """The config file: ``BIJIE_TUI_CONFIG``, else ``config.toml`` in the platform's user
    config directory (``~/.config/bijie-tui`` on Linux, ``~/Library/Application Support``
    on macOS, ``%LOCALAPPDATA%`` on Windows)."""
    chosen = env.get(CONFIG_ENV, "")
    if chosen:
        return Path(chosen)
    import platformdirs

    return platformdirs.user_config_path(APP_NAME, appauthor=False) / "config.toml"


def _text(path: Path) -> str | None:
    """The file's text, None when there is no file."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise ConfigError(f"{path}: is a directory, not a config file") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if len(raw) > MAX_BYTES:
        raise ConfigError(f"{path}: larger than {MAX_BYTES // 1024} KiB: not a config file")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 (byte {exc.start})") from None


def _parse(path: Path, text: str) -> dict[str, Any]:
    import tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None


def _choices(values: tuple[str, ...]) -> str:
    return ", ".join(values)


def check_keys(value: str) -> str | None:
    """Why ``value`` is not a list of keys, or None when it is one."""
    if not isinstance(value, str) or not value.strip():
        return 'must be keys as a string, comma-separated (e.g. "ctrl+q" or "q,ctrl+q")'
    for key in value.split(","):
        key = key.strip()
        if not _KEY.fullmatch(key):
            return f'{key!r} is not a key (e.g. "q", "?", "ctrl+q", "f1", "question_mark")'
    return None


def _settings(path: Path, data: dict[str, Any]) -> FileSettings:
    for name in data:
        if name not in SETTINGS:
            raise ConfigError(f"{path}: {name}: unknown setting (known: {_choices(SETTINGS)})")
    lang = data.get("lang")
    if lang is not None and lang not in ("en", "zh"):
        raise ConfigError(f'{path}: lang: must be "en" or "zh", not {lang!r}')
    theme = data.get("theme")
    if theme is not None and theme not in THEMES:
        raise ConfigError(f"{path}: theme: unknown theme {theme!r} (known: {_choices(THEMES)})")
    low = data.get("low_bandwidth")
    if low is not None and not isinstance(low, bool):
        raise ConfigError(f"{path}: low_bandwidth: must be true or false, not {low!r}")
    mouse = data.get("mouse")
    if mouse == "auto":
        mouse = None
    elif mouse is not None and not isinstance(mouse, bool):
        raise ConfigError(f'{path}: mouse: must be true, false or "auto", not {mouse!r}')
    delay = data.get("escape_delay")
    if delay is not None and (isinstance(delay, str) or _delay(delay) is None):
        low_ms, high_ms = ESCAPE_DELAY_RANGE
        raise ConfigError(
            f"{path}: escape_delay: must be a whole number of milliseconds from {low_ms} "
            f"to {high_ms}, not {delay!r}"
        )
    keys = data.get("keys", {})
    if not isinstance(keys, dict):
        raise ConfigError(f'{path}: keys: must be a table ([keys], then id = "keys" lines)')
    for ident, value in keys.items():
        if ident not in DEFAULT_KEYS:
            raise ConfigError(
                f"{path}: keys.{ident}: unknown binding id ('{APP_NAME} config' lists them)"
            )
        why = check_keys(value)
        if why is not None:
            raise ConfigError(f"{path}: keys.{ident}: {why}")
    clash = key_clash({**DEFAULT_KEYS, **keys})
    if clash is not None:
        key, first, second = clash
        moved = first if first in keys else second
        raise ConfigError(
            f"{path}: keys.{moved}: {key!r} is bound to both {first} and {second}: "
            "one key, one action (move one of them)"
        )
    return FileSettings(
        lang=lang, theme=theme, low_bandwidth=low, mouse=mouse, escape_delay=delay, keys={**keys}
    )


def _delay(value: object) -> int | None:
    """``value`` as an escape delay in milliseconds, None if it is not one."""
    if isinstance(value, str):
        value = int(value) if value.strip().isdigit() else None
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    low, high = ESCAPE_DELAY_RANGE
    return value if low <= value <= high else None


def read(path: Path) -> tuple[FileSettings, bool]:
    """What ``path`` sets, and whether it exists (a missing file sets nothing)."""
    text = _text(path)
    if text is None:
        return FileSettings(), False
    return _settings(path, _parse(path, text)), True


def resolve(
    path: Path,
    env: Mapping[str, str],
    *,
    lang: Lang | None = None,
    low_bandwidth: bool = False,
    mouse: bool | None = None,
) -> Settings:
    """The settings in force: the flags given, else the environment, else the file at
    ``path``, else the defaults. Raises :class:`ConfigError` for a bad file."""
    file, found = read(path)
    origins: dict[str, str] = {}

    def pick(name: str, flag: Any, env_name: str | None, env_value: Any, from_file: Any) -> Any:
        if flag is not None:
            origins[name] = f"--{name.replace('_', '-')}"
            return flag
        if env_name is not None and env.get(env_name, ""):
            origins[name] = f"env {env_name}"
            return env_value
        if from_file is not None:
            origins[name] = "file"
            return from_file
        origins[name] = "default"
        return None

    env_lang = "zh" if env.get("BIJIE_TUI_LANG", "").lower().startswith("zh") else "en"
    chosen_lang: Lang = pick("lang", lang, "BIJIE_TUI_LANG", env_lang, file.lang) or "en"
    # TEXTUAL_THEME is Textual's own: it names the theme when the file does not.
    theme = pick("theme", None, "TEXTUAL_THEME", env.get("TEXTUAL_THEME"), file.theme)
    env_low = env.get("BIJIE_TUI_LOW_BANDWIDTH", "").lower() in _TRUE
    low = pick(
        "low_bandwidth",
        True if low_bandwidth else None,
        "BIJIE_TUI_LOW_BANDWIDTH",
        env_low,
        file.low_bandwidth,
    )
    chosen_mouse = pick("mouse", mouse, None, None, file.mouse)
    # ESCDELAY is curses' (and Textual's) name for it; a value that is not one is ignored.
    env_delay = _delay(env.get("ESCDELAY", ""))
    delay = pick(
        "escape_delay", None, "ESCDELAY" if env_delay else None, env_delay, file.escape_delay
    )
    for ident in DEFAULT_KEYS:
        origins[f"keys.{ident}"] = "file" if ident in file.keys else "default"
    return Settings(
        path=path,
        found=found,
        lang=chosen_lang,
        theme=theme or DEFAULT_THEME,
        low_bandwidth=bool(low),
        mouse=chosen_mouse,
        escape_delay=ESCAPE_DELAY_MS if delay is None else delay,
        keys=dict(file.keys),
        origins=origins,
    )


def keys_in_force(settings: Settings) -> dict[str, str]:
    """Every binding id with the keys it answers to."""
    return {ident: settings.keys.get(ident, keys) for ident, keys in DEFAULT_KEYS.items()}


def _toml_bool(value: bool) -> str:
    return "true" if value else "false"


def settings_text(settings: Settings, tabs: int | None = None) -> str:
    """The file's path and every setting in force with where it comes from, as TOML that can
    be copied into the file (the origin is a comment). With ``tabs`` (how many tabs the
    explorer has), the keys of tabs beyond it are left out unless the file or the environment
    sets them."""
    state = "" if settings.found else "  (not found: the defaults)"
    lines = [f"# config file: {settings.path}{state}"]

    def line(name: str, value: str, origin: str) -> None:
        lines.append(f"{f'{name} = {value}':<40} # {origin}")

    o = settings.origins
    line("lang", f'"{settings.lang}"', o.get("lang", "default"))
    line("theme", _quoted(settings.theme), o.get("theme", "default"))
    line("low_bandwidth", _toml_bool(settings.low_bandwidth), o.get("low_bandwidth", "default"))
    mouse = '"auto"' if settings.mouse is None else _toml_bool(settings.mouse)
    line("mouse", mouse, o.get("mouse", "default"))
    line("escape_delay", str(settings.escape_delay), o.get("escape_delay", "default"))
    lines += ["", "[keys]"]
    for ident, keys in keys_in_force(settings).items():
        tab = TAB_KEY.fullmatch(ident)
        beyond = tabs is not None and tab is not None and int(tab.group(1)) > tabs
        if beyond and o.get(f"keys.{ident}", "default") == "default":
            continue
        line(ident, _quoted(keys), o.get(f"keys.{ident}", "default"))
    return "\n".join(lines) + "\n"


def _quoted(value: str) -> str:
    """``value`` as a TOML basic string."""
    out = value.replace("\\", "\\\\").replace('"', '\\"')
    out = "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in out)
    return f'"{out}"'


_THEME_LINE = re.compile(
    r"^(?P<indent>[ \t]*)theme[ \t]*=[ \t]*(?:\"[^\"\n]*\"|'[^'\n]*'|[^#\n]*?)"
    r"(?P<comment>[ \t]*#.*)?$",
    re.MULTILINE,
)
"""The top-level ``theme`` line: its indent and its comment are kept when it is rewritten."""
_TABLE_LINE = re.compile(r"^[ \t]*\[", re.MULTILINE)


def with_theme(text: str, theme: str) -> str:
    """``text`` with its top-level ``theme`` line set to ``theme``: that line rewritten, or one
    added before the first table (so that it stays a top-level key); nothing else changes."""
    first_table = _TABLE_LINE.search(text)
    top_end = first_table.start() if first_table else len(text)
    new_line = f"theme = {_quoted(theme)}"
    found = _THEME_LINE.search(text, 0, top_end)
    if found is not None:
        kept = f"{found['indent']}{new_line}{found['comment'] or ''}"
        return text[: found.start()] + kept + text[found.end() :]
    if first_table is None:
        sep = "" if not text or text.endswith("\n") else "\n"
        return f"{text}{sep}{new_line}\n"
    return f"{text[:top_end]}{new_line}\n{text[top_end:]}"


def save_theme(path: Path, theme: str, env: Mapping[str, str]) -> Path:
    """Keep ``theme`` in the config file at ``path`` (made if missing) without touching its
    other lines. Never writes in a served session. Raises :class:`NotWritten` or ``OSError``."""
    if env.get(SERVED_ENV, "") == "1":
        raise NotWritten("this session is served to a remote user: nothing is written")
    if theme not in THEMES:
        raise NotWritten(f"{theme!r} is not one of the themes a config file can name")
    text = _text(path)
    old = text or ""
    new = with_theme(old, theme)
    # The result must read back as the same settings with the new theme, or nothing is written.
    try:
        before = _settings(path, _parse(path, old))
        after = _settings(path, _parse(path, new))
    except ConfigError as exc:
        raise NotWritten(str(exc)) from None
    if after.theme != theme or {**before.__dict__, "theme": theme} != after.__dict__:
        raise NotWritten(f"{path}: the theme line could not be rewritten safely")
    if new == old and text is not None:
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(new)
            handle.flush()
            os.fsync(handle.fileno())
        if text is not None and hasattr(os, "chmod"):
            with contextlib.suppress(OSError):
                os.chmod(name, path.stat().st_mode & 0o7777)
        os.replace(name, path)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(name)
    return path
