"""Every key is declared once, in ``model/keymap.py``; the bindings of each screen and widget,
the config's ids and defaults, the footer's words and the list of keys (``?``) are made from it.

The list of keys shows, for each binding of the explorer, exactly its keys (the keys in force:
the config may move them) and its words, in its row under its group; nothing else. To add a key,
edit only ``model/keymap.py`` (:func:`test_a_key_added_to_the_declaration_is_found_everywhere`).
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest
from rich.console import Console
from textual.binding import Binding
from textual.dom import DOMNode
from textual.geometry import Region
from textual.widgets import Static

import bijie_tui.config
import bijie_tui.screens
import bijie_tui.screens.help_screen
import bijie_tui.widgets
import bijie_tui.widgets.keys
from bijie_tui.app import BijieApp
from bijie_tui.config import ConfigError, check_keys, read
from bijie_tui.model.format import Lang
from bijie_tui.model.keymap import (
    ABOVE,
    DECLARED,
    GROUPS,
    KEYS,
    PLACES,
    Bind,
    Declared,
    Key,
    Row,
    tab_number,
)
from bijie_tui.model.query import Catalog
from bijie_tui.screens.help_screen import HelpScreen, help_rows, help_table, help_text
from bijie_tui.widgets.keys import binding_words, bindings
from pilot_helpers import idle

TABS = 7
"""Tabs of the bundled dataset (the overview, five sectors, the sources)."""

SIGNS = {
    "question_mark": "?",
    "slash": "/",
    "less_than_sign": "<",
    "greater_than_sign": ">",
    "minus": "-",
    "underscore": "_",
    "up": "↑",
    "down": "↓",
}
"""The keys the list writes as the sign they type or show; it writes every other by its name
(``escape``, ``enter``, ``pageup``, ``ctrl+p``)."""

MOVED = {
    "lang": "f2",
    "tab1": "f1",
    "help": "f12,question_mark",
    "down": "down,n",
    "follow": "o",
    "back": "escape,backspace",
    "quit": "ctrl+q",
}
"""Keys a config file moves: rows of one key, of two, of the tabs, with a key of Textual's."""


def _label(key: str) -> str:
    *modifiers, name = key.split("+")
    return "+".join([*modifiers, SIGNS.get(name, name)])


def _classes_with_keys() -> dict[str, type[DOMNode]]:
    """Every class of the App, its screens and its widgets that declares key bindings."""
    modules = [importlib.import_module("bijie_tui.app")]
    for package in (bijie_tui.screens, bijie_tui.widgets):
        for info in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
            modules.append(importlib.import_module(info.name))
    return {
        value.__name__: value
        for module in modules
        for value in vars(module).values()
        if isinstance(value, type)
        and issubclass(value, DOMNode)
        and value.__module__.startswith("bijie_tui.")
        and "BINDINGS" in vars(value)
    }


def _bindings() -> Iterator[tuple[str, Binding]]:
    """(class name, binding) for every binding of the explorer, as Textual gets it."""
    for name, cls in _classes_with_keys().items():
        for binding in cls.BINDINGS:
            assert isinstance(binding, Binding), (name, binding)
            yield name, binding


# -- each class binds what its place declares ------------------------------------------------------


def test_each_screen_and_widget_binds_what_its_place_declares() -> None:
    classes = _classes_with_keys()
    assert set(classes) == {where.holder for where in PLACES.values()}
    for place, where in PLACES.items():
        real = [
            (b.key, b.action, b.show, b.priority, b.id)
            for _, b in _bindings_of(classes, where.holder)
        ]
        declared = [
            (b.key.keys, b.action, b.show, b.priority, b.key.id) for b in DECLARED.binds(place)
        ]
        assert real == declared, place


def _bindings_of(classes: dict[str, type[DOMNode]], name: str) -> Iterator[tuple[str, Binding]]:
    for binding in classes[name].BINDINGS:
        assert isinstance(binding, Binding)
        yield name, binding


def test_each_key_names_an_action_of_the_class_it_is_bound_in() -> None:
    classes = _classes_with_keys()
    for name, binding in _bindings():
        owner, _, action = binding.action.rpartition(".")
        target = classes["BijieApp"] if owner == "app" else classes[name]
        method = f"action_{action.split('(')[0]}"
        assert callable(getattr(target, method, None)), (name, binding.id, method)


def test_every_default_is_keys_a_config_file_could_give() -> None:
    for ident, keys in DECLARED.defaults.items():
        assert check_keys(keys) is None, ident
    assert list(DECLARED.defaults) == list(bijie_tui.config.DEFAULT_KEYS)


# -- the list of keys: each binding's row, exactly -------------------------------------------------


def _expected(lang: Lang, moved: Mapping[str, str], served: bool) -> list[tuple[str, str, str]]:
    """(group, keys, words) for each row of the list, made from the bindings Textual has (their
    keys, moved by ``moved``) and the row each is declared in."""
    in_force = {b.id: moved.get(b.id, b.key) for _, b in _bindings() if b.id}
    rows: list[tuple[str, str, str]] = []
    for group, lines in DECLARED.lines():
        title = GROUPS[group][0 if lang == "en" else 1]
        for line in lines:
            if served and not line.served:
                continue
            words = line.words(lang, TABS)
            ids = [i for i in line.ids if (tab_number(i) or 0) <= TABS]
            labels = line.row.own.split()
            labels += [_label(key) for i in ids for key in in_force[i].split(",")]
            if not line.ids:  # Textual's own keys, or the marks of a table
                keys = line.row.shown
            elif line.row.shown and not any(i in moved for i in ids):
                # Written by hand for the defaults: it must name exactly the keys bound.
                keys = line.row.shown.format(last=TABS)
                assert _tokens(keys) == set(labels), (line.ids, keys, labels)
            else:
                keys = " ".join(labels)
            rows.append((title, keys, words))
    return rows


def _tokens(keys: str) -> set[str]:
    """The keys a row writes, ``1-7`` standing for 1 to 7."""
    out: set[str] = set()
    for token in keys.split():
        run = re.fullmatch(r"([0-9])-([0-9])", token)
        out |= {str(n) for n in range(int(run[1]), int(run[2]) + 1)} if run else {token}
    return out


def _rows(lines: list[str], lang: Lang) -> list[tuple[str, str, str]]:
    """(group, keys, words) for each row of the list as drawn: a group's title on a line of its
    own, then a line per row (its keys, two spaces or more, its words); words that wrap go on
    under themselves."""
    titles = {title[0 if lang == "en" else 1] for title in GROUPS.values()}
    rows: list[tuple[str, str, str]] = []
    group = ""
    for line in (line.rstrip() for line in lines):
        if line in titles:
            group = line
        elif line.startswith(" ") and rows:
            title, keys, words = rows[-1]
            rows[-1] = (title, keys, words + (" " if lang == "en" else "") + line.strip())
        elif line:
            keys, words = re.split(r"\s{2,}", line, maxsplit=1)
            rows.append((group, keys, words))
    return rows


def _check(
    drawn: list[tuple[str, str, str]], lang: Lang, moved: Mapping[str, str], served: bool
) -> None:
    expected = _expected(lang, moved, served)
    for name, binding in _bindings():
        assert binding.id, (name, binding.key)
        lines = DECLARED.rows_of(binding.id)
        assert lines or DECLARED.keys[binding.id].unlisted, f"{name}: {binding.id} has no row"
        if served and not all(line.served for line in lines):
            lines = ()
        for line in lines:
            title = GROUPS[line.group][0 if lang == "en" else 1]
            words = line.words(lang, TABS)
            found = [row for row in drawn if row[0] == title and row[2] == words]
            assert len(found) == 1, (name, binding.id, title, words, found)
            assert found[0] in expected, (name, binding.id, found[0])
            own = {_label(key) for key in moved.get(binding.id, binding.key).split(",")}
            if (tab_number(binding.id) or 0) <= TABS:
                assert own <= _tokens(found[0][1]), (name, binding.id, found[0])
    # And no row beyond them, none twice, in the order declared.
    assert drawn == expected


CASES = [
    pytest.param("en", {}, False, id="en"),
    pytest.param("zh", {}, False, id="zh"),
    pytest.param("en", MOVED, False, id="moved-en"),
    pytest.param("zh", MOVED, True, id="moved-zh-served"),
]


@pytest.mark.parametrize(("lang", "moved", "served"), CASES)
def test_the_list_has_each_bindings_row_exactly(
    lang: Lang, moved: dict[str, str], served: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The list's table, as the help screen draws it on a screen wide enough for every row."""
    if served:
        monkeypatch.setenv("BIJIE_TUI_SERVED", "1")
    console = Console(width=200, color_system=None)
    with console.capture() as capture:
        console.print(help_table(lang, TABS, moved))
    _check(_rows(capture.get().splitlines(), lang), lang, moved, served)
    # As plain lines too (for copying): under its group, the keys in 16 cells (or more, then
    # a space), the words.
    written: list[str] = []
    for title, keys, words in _expected(lang, moved, served):
        if title not in written:
            written += ["", title] if written else [title]
        written.append(f"  {keys:<15} {words}")
    assert help_text(lang, TABS, moved).plain.splitlines() == written


@pytest.mark.parametrize(("lang", "moved", "served"), CASES[:3])
async def test_the_help_screen_shows_each_bindings_row_exactly(
    catalog: Catalog, lang: Lang, moved: dict[str, str], served: bool
) -> None:
    """``?`` in the explorer: its list, as the screen draws it (long words wrapped)."""
    app = BijieApp(catalog, lang=lang, keymap=moved)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(moved.get("help", "question_mark").split(",")[0])
        await idle(pilot)
        assert isinstance(app.screen, HelpScreen)
        keys = app.screen.query_one("#help-keys", Static)
        strips = keys.render_lines(Region(0, 0, *keys.outer_size))
        _check(_rows([strip.text for strip in strips], lang), lang, moved, served)


def test_a_served_session_lists_no_key_that_does_nothing_there(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    listed = [keys for _, rows in help_rows("en", TABS) for keys, _ in rows]
    monkeypatch.setenv("BIJIE_TUI_SERVED", "1")
    served = [keys for _, rows in help_rows("en", TABS) for keys, _ in rows]
    assert [k for k in listed if k not in served] == ["ctrl+z"]


# -- to add a key, edit only model/keymap.py -------------------------------------------------------

MARK = Bind(
    "table",
    Key("mark", "m", ("Mark", "标记"), ("Mark the highlighted row", "标记当前行"), gives_way=6),
    "mark",
    Row(("mark the row", "标记该行")),
)
"""A key as a newcomer adds it: one entry in ``KEYS``, in the section of its place."""


def test_a_key_added_to_the_declaration_is_found_everywhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One :class:`Bind` more in ``KEYS`` (here in a copy of it) is all it takes: the config
    accepts its id and checks its keys against the others', the table binds it, the footer
    names it in both languages, the list of keys has its row."""
    declared = Declared((*KEYS, MARK))
    # What is made from the declaration when the program starts, made from this one:
    monkeypatch.setattr(bijie_tui.config, "DEFAULT_KEYS", declared.defaults)
    monkeypatch.setattr(bijie_tui.config, "PLACES", declared.areas)
    monkeypatch.setattr(bijie_tui.widgets.keys, "DECLARED", declared)
    monkeypatch.setattr(bijie_tui.screens.help_screen, "DECLARED", declared)

    config = tmp_path / "config.toml"
    config.write_text('[keys]\nmark = "M"\n', encoding="utf-8")
    assert read(config)[0].keys == {"mark": "M"}
    config.write_text('[keys]\nmark = "s"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="'s' is bound to both sort and mark"):
        read(config)

    made = bindings("table", declared)[-1]
    assert (made.key, made.action, made.id, made.show) == ("m", "mark", "mark", True)
    assert binding_words("mark", "zh") == ("标记", "标记当前行")
    assert "mark" in declared.giving_way

    table = dict(help_rows("en", TABS))["In a table"]
    assert table[-1] == ("m", "mark the row")
    assert dict(help_rows("zh", TABS, {"mark": "M"}))["表格中"][-1] == ("M", "标记该行")


# -- a declaration that contradicts itself is refused ----------------------------------------------


def test_a_key_declared_twice_is_refused() -> None:
    again = Bind("detail", Key("sort", "s"), "sort", Row(("sort", "排序")))
    with pytest.raises(ValueError, match="'sort' is declared twice"):
        Declared((*KEYS, again))


def test_a_key_with_no_row_must_say_why() -> None:
    with pytest.raises(ValueError, match="'mark' has no row: say why"):
        Declared((*KEYS, Bind("table", Key("mark", "m"), "mark")))
    Declared((*KEYS, Bind("table", Key("mark", "m", unlisted="a test's"), "mark")))
    with pytest.raises(ValueError, match="'mark' has a row and says why not"):
        Declared((*KEYS, Bind("table", Key("mark", "m", unlisted="no"), "mark", Row(("m", "m")))))


def test_a_row_joins_only_the_row_just_above() -> None:
    first = Bind("table", Key("mark", "m"), "mark", Row(("mark", "标记")))
    Declared((*KEYS, first, Bind("table", Key("unmark", "M"), "unmark", ABOVE)))
    with pytest.raises(ValueError, match="help=ABOVE"):
        Declared((*KEYS, Bind("table", Key("unmark", "M"), "unmark", ABOVE)))
    with pytest.raises(ValueError, match="no row in the list"):
        Declared((*KEYS, Bind("help", Key("mark", "m"), "mark", Row(("m", "m")))))
