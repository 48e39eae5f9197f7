"""Keys typed ahead, as they arrive together over a slow link: none is lost or misdelivered."""

from __future__ import annotations

import pytest
from textual import events
from textual.command import CommandInput
from textual.pilot import Pilot

from bijie_tui.app import BijieApp
from bijie_tui.model.query import Catalog
from bijie_tui.model.words import word
from bijie_tui.widgets.filter_bar import FilterBar
from pilot_helpers import idle


def _type(app: BijieApp, keys: list[str]) -> None:
    """Queue every key at once, without waiting for the app to take any of them."""
    for key in keys:
        character = key if len(key) == 1 else None
        app.post_message(events.Key(key, character))


async def _idle(pilot: Pilot[None]) -> None:
    for _ in range(5):
        await idle(pilot)


@pytest.mark.parametrize("served", [False, True])
async def test_keys_typed_right_after_slash_go_to_the_filter_line(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch, served: bool
) -> None:
    """Also the first time (the line is then mounted), and served, where the tab is built
    by its key: the slash comes while it is being built."""
    if served:
        monkeypatch.setenv("BIJIE_TUI_SERVED", "1")
    app = BijieApp(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        _type(app, ["2", "down", "slash", "n", "a"])
        await _idle(pilot)
        bar = app.screen.query_one(FilterBar)
        assert bar.has_focus
        assert bar.value == "na"


async def test_keys_typed_right_after_the_palette_key_go_to_its_input(catalog: Catalog) -> None:
    app = BijieApp(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await idle(pilot)
        _type(app, ["ctrl+p", "m", "u", "s"])
        await _idle(pilot)
        assert app.screen.query_one(CommandInput).value == "mus"


async def test_export_typed_right_after_a_tab_key_is_answered(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Served: export says it is off, and writes nothing (the word is what is checked).
    monkeypatch.setenv("BIJIE_TUI_SERVED", "1")
    app = BijieApp(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        _type(app, ["6", "e"])  # before the tab's table has ever been drawn
        await _idle(pilot)
        assert [n.message for n in app._notifications] == [word("table.export_off", "en")]
