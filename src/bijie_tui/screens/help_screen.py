"""Every key, with what it does, in the language being shown."""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.keys import format_key
from textual.screen import ModalScreen
from textual.widgets import Static

from ..display import served
from ..model.format import Lang
from ..model.keymap import DECLARED, GROUPS, Line, tab_number
from ..model.words import word
from ..widgets.keys import bindings
from ..widgets.lang import Speaks
from ..widgets.text import ascii_mode, plain, plain_str

SPELLED = frozenset(
    {"escape", "enter", "tab", "space", "backspace", "delete", "pageup", "pagedown"}
)
"""Keys the list calls by their names, where Textual's footer shortens them or draws a sign
(``esc``, ``⏎``, ``pgup``); a key that types a sign (``?``, ``/``, ``-``) and the arrows are shown
as their sign."""


def key_label(key: str) -> str:
    """A key as the list shows it: ``?`` for ``question_mark``, ``ctrl+x`` kept as written."""
    *modifiers, name = key.strip().split("+")
    label = name if name in SPELLED else format_key(name)
    if ascii_mode() and not label.isascii():
        label = name
    return "+".join([*modifiers, label])


def keys_shown(line: Line, keymap: Mapping[str, str], tabs: int) -> str:
    """The keys of a row of the list: as the row writes them while none of its keys is moved
    (``keymap``: binding id -> keys, from the config file), else each key in force, in turn
    (the keys of tabs beyond the last left out)."""
    ids = [i for i in line.ids if (tab_number(i) or 0) <= tabs]
    if line.row.shown and not any(i in keymap for i in ids):
        return line.row.shown.format(last=tabs)
    shown = line.row.own.split()
    for ident in ids:
        shown += [key_label(k) for k in keymap.get(ident, DECLARED.keys[ident].keys).split(",")]
    return " ".join(dict.fromkeys(shown))


def help_rows(
    lang: Lang, tabs: int, keymap: Mapping[str, str] | None = None
) -> Iterator[tuple[str, list[tuple[str, str]]]]:
    """Each group of keys in ``lang`` with its rows (keys, what they do): the real range of
    tab numbers filled in and the keys in force (``keymap``: binding id -> keys, from the
    config file). A served session has no row for a key that does nothing there (ctrl+z:
    its user has no shell to come back to)."""
    left_out = served(os.environ)
    for group, lines in DECLARED.lines():
        en, zh = GROUPS[group]
        rows = [
            (keys_shown(line, keymap or {}, tabs), line.words(lang, tabs))
            for line in lines
            if line.served or not left_out
        ]
        yield (en if lang == "en" else zh), rows


def help_text(lang: Lang, tabs: int = 9, keymap: Mapping[str, str] | None = None) -> Text:
    """Every key with what it does, as plain lines (for tests and for copying)."""
    text = Text()
    for group, rows in help_rows(lang, tabs, keymap):
        if text:
            text.append("\n")
        text.append(group + "\n", "bold")
        for key, desc in rows:
            text.append(f"  {key:<15} ", "bold")  # a space after keys of 16 or more too
            text.append(desc + "\n")
    return plain(text)


def help_table(lang: Lang, tabs: int = 9, keymap: Mapping[str, str] | None = None) -> Table:
    """The keys in two columns; a long description wraps under itself, not under the key."""
    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True, style="bold")
    table.add_column(ratio=1)
    for i, (group, rows) in enumerate(help_rows(lang, tabs, keymap)):
        if i:
            table.add_row("", "")
        table.add_row(plain(Text(group, "bold underline")), "")
        for key, desc in rows:
            table.add_row(plain(Text(key)), plain(Text(desc)))
    return table


class HelpScreen(Speaks, ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = bindings("help")

    def __init__(self, tabs: int, keymap: Mapping[str, str] | None = None) -> None:
        super().__init__()
        self.tabs = tabs
        self.keymap = dict(keymap or {})
        """The keys the config file moves (binding id -> keys)."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(id="help-keys")

    def on_mount(self) -> None:
        self.follow_lang(now=True)  # the keys, in the language shown
        self.query_one("#help", VerticalScroll).focus()

    def show_lang(self, lang: Lang) -> None:
        help_box = self.query_one("#help", VerticalScroll)
        help_box.border_title = plain_str(word("help_title", lang))
        help_box.border_subtitle = plain_str(word("help_close", lang))
        self.query_one("#help-keys", Static).update(help_table(lang, self.tabs, self.keymap))

    def action_close(self) -> None:
        self.dismiss()
