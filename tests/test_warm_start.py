"""What the fork server makes once, before it forks, for every session (see
``fork_server.prepare``): every tab's tables, and the app's CSS parsed. A session takes them as
they are, shows what it would have made itself, and makes its own where they do not fit."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from textual.css import stylesheet as textual_stylesheet

from bijie_tui import app as app_module
from bijie_tui.app import PLAIN_THEME, BijieApp, parse_css_ahead
from bijie_tui.display import Display
from bijie_tui.model.loader import load
from bijie_tui.model.query import Catalog
from bijie_tui.model.tables import TableSpec
from bijie_tui.model.tabs import make_tables, tab_ids, tab_plan
from bijie_tui.textual_private import AheadStylesheet
from pilot_helpers import tabs_built

LANGS = ("en", "zh")


def _shown(spec: TableSpec) -> Any:
    """What a table shows and how it sorts and filters (its rows' exports are functions)."""
    rows = [(r.key, r.target, r.cells, r.sort, r.search) for r in spec.rows]
    return spec.id, spec.title, [c.key for c in spec.columns], rows, spec.kind_title


def _tables(catalog: Catalog) -> Iterator[Any]:
    for tab in tab_ids(catalog):
        yield from tab_plan(catalog, tab).tables


def test_a_table_made_ahead_is_the_one_shown_and_the_same_as_one_made_then() -> None:
    ahead, then = Catalog(load()), Catalog(load())
    make_tables(ahead, LANGS)
    for table, fresh in zip(_tables(ahead), _tables(then), strict=True):
        for lang in LANGS:
            made = table.build(lang)
            assert made is ahead.made_tables[table.id, lang]
            assert made is table.build(lang)
            assert _shown(made) == _shown(fresh.build(lang))


def test_without_tables_made_ahead_each_is_made_when_asked_for() -> None:
    catalog = Catalog(load())
    table = next(_tables(catalog))
    assert table.build("en") is not table.build("en")
    assert catalog.made_tables == {}


@pytest.fixture
def css_ahead(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """The app's CSS parsed ahead (as the fork server does) in the default theme and in the
    plain one, and every parse of CSS made from then on: where each was read from."""
    monkeypatch.setattr(app_module, "CSS_AHEAD", [])
    import bijie_tui.screens.help_screen  # noqa: F401  (a screen opened below)

    parse_css_ahead()
    parse_css_ahead(PLAIN_THEME)
    parsed: list[Any] = []
    parse = textual_stylesheet.parse

    def counted(scope: str, css: str, read_from: Any, **kwargs: Any) -> Any:
        parsed.append(read_from)
        return parse(scope, css, read_from, **kwargs)

    monkeypatch.setattr(textual_stylesheet, "parse", counted)
    yield parsed


async def _css_of_the_first_screen_and_tabs(app: BijieApp) -> list[Any]:
    async with app.run_test(size=(80, 24)) as pilot:
        await tabs_built(pilot)
        await pilot.press("2")  # a sector's tab shown
        await pilot.press("question_mark")  # the help, a screen of its own
        await pilot.pause()
        return [
            (
                rule.selectors,
                [selectors.specificity for selectors in rule.selector_set],
                repr(rule.styles.get_rules()),  # a layout is equal only to itself
                rule.is_default_rules,
                rule.tie_breaker,
            )
            for rule in app.stylesheet.rules
        ]


@pytest.mark.parametrize(
    "display", [Display(), Display(low_bandwidth=True)], ids=["default", "low-bandwidth"]
)
async def test_an_app_with_its_css_parsed_ahead_parses_none_and_has_the_same_rules(
    catalog: Catalog, css_ahead: list[Any], display: Display
) -> None:
    # The low-bandwidth display's theme is applied once the app runs (Textual parses anew).
    warm = await _css_of_the_first_screen_and_tabs(BijieApp(catalog, display=display))
    assert css_ahead == [], "parsed again though parsed ahead"
    app_module.CSS_AHEAD.clear()
    cold = await _css_of_the_first_screen_and_tabs(BijieApp(catalog, display=display))
    assert css_ahead, "nothing parsed: the test no longer counts the parses"
    assert warm == cold


async def test_an_app_with_other_variables_parses_its_own(
    catalog: Catalog, css_ahead: list[Any]
) -> None:
    assert AheadStylesheet(variables={"primary": "red"}, ahead=app_module.CSS_AHEAD).taken is None
    app = BijieApp(catalog, theme="nord")  # a theme of the config file's
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
    assert css_ahead


@pytest.mark.parametrize(
    ("args", "theme", "lang"),
    [([], "textual-dark", "en"), (["--low-bandwidth", "--lang", "zh"], PLAIN_THEME, "zh")],
)
def test_the_fork_server_prepares_without_a_thread_or_an_event_loop(
    args: list[str], theme: str, lang: str
) -> None:
    """In a process of its own: the preparation freezes the collector, as the fork server's
    children depend on."""
    code = f"""if True:
        import asyncio, gc, json, threading
        from textual.app import App
        from bijie_tui import app, cli, fork_server
        fork_server.prepare({args!r})
        catalog = cli._catalog(None)
        themed = app.BijieApp()
        themed.set_reactive(App.theme, {theme!r})
        print(json.dumps({{
            "threads": threading.active_count(),
            "loop": asyncio.get_event_loop_policy()._local._loop is not None,
            "css": [parsed.variables == themed.get_css_variables() for parsed in app.CSS_AHEAD],
            "tables": sorted({{lang for _, lang in catalog.made_tables}}),
            "frozen": gc.get_freeze_count() > 0,
            "collecting": gc.isenabled(),
        }}))
    """
    env = {**os.environ, "BIJIE_TUI_CONFIG": os.devnull}  # no config file
    env.pop("BIJIE_TUI_LANG", None)
    out = subprocess.run(
        [sys.executable, "-P", "-c", code],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        env=env,
    )
    found = json.loads(out.stdout)
    assert found == {
        "threads": 1,
        "loop": False,
        "css": [True],  # in the sessions' theme
        "tables": [lang],  # in the sessions' language
        "frozen": True,
        "collecting": False,
    }
