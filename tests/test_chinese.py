"""Chinese mode speaks Chinese: every screen, in Chinese, shows none of the interface's English.

The interface's own words are the vocabulary (``model/words.py``), the keys help and the table
headings; a word of theirs that the dataset also uses (in a name, a title, a quote) may show, as
data.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import fields, is_dataclass
from typing import Any

import pytest
from textual.pilot import Pilot

from bijie_tui.app import BijieApp
from bijie_tui.model import tables
from bijie_tui.model.keymap import DECLARED
from bijie_tui.model.query import Catalog
from bijie_tui.model.words import WORDS
from pilot_helpers import idle, palette_options

_WORD = re.compile(r"[A-Za-z]{3,}")
KEY_NAMES = {"esc", "escape", "enter", "tab", "shift", "ctrl", "home", "end", "pageup"}
KEY_NAMES |= {"pagedown", "csv", "json", "markdown", "sqlite", "datasette", "english"}
"""Names of keys and formats, and the name of the other language, stay as they are."""


def _english_vocabulary() -> set[str]:
    texts = [en for en, _zh in WORDS.values()]
    texts += [en for en, _zh in DECLARED.words()]
    for name in dir(tables):
        value = getattr(tables, name)
        columns = value if isinstance(value, tuple) else ()
        for column in columns:
            if isinstance(column, tables.Column):
                texts.append(column.title.en)
        if isinstance(value, dict):
            texts.extend(label.en for label in value.values() if isinstance(label, tables.Label))
    return {w.lower() for text in texts for w in _WORD.findall(text)} - KEY_NAMES


def _strings(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, (list, tuple)):
        for item in node:
            yield from _strings(item)
    elif is_dataclass(node) or hasattr(node, "model_fields"):
        names = [f.name for f in fields(node)] if is_dataclass(node) else list(node.model_fields)
        for name in names:
            yield from _strings(getattr(node, name))


def _screen_words(app: BijieApp) -> set[str]:
    lines = [strip.text for strip in app.screen._compositor.render_strips()]
    return {w.lower() for line in lines for w in _WORD.findall(line)}


@pytest.fixture(scope="module")
def ui_only(catalog: Catalog) -> set[str]:
    data = {w.lower() for text in _strings(catalog.data) for w in _WORD.findall(text)}
    return _english_vocabulary() - data


def test_every_word_of_the_vocabulary_has_both_languages() -> None:
    for key, (en, zh) in WORDS.items():
        assert en.strip() and zh.strip(), key
        assert set(re.findall(r"{\w+}", en)) == set(re.findall(r"{\w+}", zh)), key
    for en, zh in DECLARED.words():
        assert en.strip() and zh.strip(), en
        assert set(re.findall(r"{\w+}", en)) == set(re.findall(r"{\w+}", zh)), en


def test_the_check_has_words_to_find(ui_only: set[str]) -> None:
    # The vocabulary is not swallowed by the dataset's words: the check below can fail.
    assert {"filter", "quit", "keys", "latest"} <= ui_only


async def _look(pilot: Pilot[None], seen: dict[str, set[str]], name: str) -> None:
    await idle(pilot)
    app = pilot.app
    assert isinstance(app, BijieApp)
    seen[name] = _screen_words(app)


@pytest.mark.slow
async def test_every_screen_in_chinese_shows_no_english_of_the_interface(
    catalog: Catalog, ui_only: set[str]
) -> None:
    app = BijieApp(catalog, lang="zh")
    seen: dict[str, set[str]] = {}
    async with app.run_test(size=(100, 30)) as pilot:
        for number in range(1, len(app.tab_ids()) + 1):
            await pilot.press(str(number))
            await _look(pilot, seen, f"tab {number}")
            await pilot.press("enter")
            await _look(pilot, seen, f"detail from tab {number}")
            await pilot.press("y")
            await _look(pilot, seen, f"copied from tab {number}")
            await pilot.press("escape")
        await pilot.press("2", "slash", "x")
        await _look(pilot, seen, "filter")
        await pilot.press("enter", "e")
        await _look(pilot, seen, "export")
        await pilot.press("escape", "question_mark")
        await _look(pilot, seen, "keys")
        await pilot.press("escape", "ctrl+p")
        await _look(pilot, seen, "palette")
        await pilot.press(*"wei")
        await _look(pilot, seen, "palette search")
        await pilot.press("escape", "ctrl+p", *"主题")
        await palette_options(pilot)
        await pilot.press("enter")
        await _look(pilot, seen, "themes")
        assert any("选择配色" in s.text for s in app.screen._compositor.render_strips())
        await pilot.press("escape")
        await pilot.resize_terminal(50, 15)
        await _look(pilot, seen, "too small")
    english = {name: sorted(words & ui_only) for name, words in seen.items() if words & ui_only}
    assert not english, english


_CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")


@pytest.mark.slow
async def test_ascii_mode_chrome_carries_no_chinese_unless_chosen(catalog: Catalog) -> None:
    from bijie_tui.display import Display

    app = BijieApp(catalog, display=Display(ascii=True))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2")
        await idle(pilot)
        lines = [strip.text for strip in app.screen._compositor.render_strips()]
        chrome = [*lines[:3], lines[-1]]  # header, tabs, their rule, the footer
        assert not any(_CJK.search(line) for line in chrome), chrome
        await pilot.press("enter")
        await idle(pilot)
        lines = [strip.text for strip in app.screen._compositor.render_strips()]
        assert not _CJK.search(lines[1] + lines[2] + lines[-1]), lines[:4]  # no Chinese name
        await pilot.press("escape", "question_mark")
        await idle(pilot)
        lines = [strip.text for strip in app.screen._compositor.render_strips()]
        assert not any(_CJK.search(line) for line in lines), lines
        await pilot.press("escape", "ctrl+p")
        await idle(pilot)
        lines = [strip.text for strip in app.screen._compositor.render_strips()]
        assert not any(_CJK.search(line) for line in lines), lines
        await pilot.press("escape", "l")  # Chinese chosen: Chinese names are shown
        await idle(pilot)
        lines = [strip.text for strip in app.screen._compositor.render_strips()]
        assert _CJK.search(lines[1])
