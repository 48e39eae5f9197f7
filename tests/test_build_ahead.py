"""Which tabs are built before they are visited: a local session builds every tab while idle,
so that tabs switch at once; a served one builds each tab when it is first visited, and spends
nothing on tabs its reader never opens while other sessions connect and type."""

from __future__ import annotations

import pytest
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import TabPane

from bijie_tui.app import BijieApp
from bijie_tui.model.query import Catalog
from bijie_tui.model.tabs import tab_ids
from bijie_tui.screens.explorer_screen import ExplorerScreen
from bijie_tui.textual_private import DrawnTabs, TabBook
from bijie_tui.widgets.filter_bar import FilterBar
from bijie_tui.widgets.record_table import RecordTable
from pilot_helpers import idle, tabs_built


def _built(app: BijieApp, catalog: Catalog) -> list[str]:
    """The tabs (past the overview) whose view is built."""
    screen = app.screen
    assert isinstance(screen, ExplorerScreen)
    return [tab for tab in tab_ids(catalog)[1:] if screen.built(tab)]


async def test_a_local_session_builds_every_tab_ahead(catalog: Catalog) -> None:
    app = BijieApp(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await tabs_built(pilot)
        assert _built(app, catalog) == tab_ids(catalog)[1:]
        for table in app.screen.query(RecordTable):
            assert table.filled, table.id  # their rows too, before they are shown


async def test_a_served_session_builds_a_tab_only_when_it_is_visited(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Idle (the wait lets every timer of a second or less run, those that would build a tab
    ahead with them), no tab is built; each key builds the tab it shows, and that one only."""
    monkeypatch.setenv("BIJIE_TUI_SERVED", "1")
    app = BijieApp(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await idle(pilot)
        await pilot.pause(0.6)  # past when a local session starts building, however it waits
        await idle(pilot)
        assert _built(app, catalog) == []
        tabs = tab_ids(catalog)
        await pilot.press("3")
        await idle(pilot)
        assert _built(app, catalog) == [tabs[2]]
        await pilot.press("2", "1")
        await idle(pilot)
        assert _built(app, catalog) == [tabs[1], tabs[2]]


async def test_a_served_first_screen_mounts_only_what_it_shows(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first screen mounts the overview's pane, not the other tabs' (all in the bar), nor
    the filter line: each is mounted when first shown, a pane by its key or a click on its
    tab (its view then mounted into it, and focused), the line by ``/``, once."""
    monkeypatch.setenv("BIJIE_TUI_SERVED", "1")
    app = BijieApp(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await idle(pilot)
        screen = app.screen
        assert isinstance(screen, ExplorerScreen)
        tabs = tab_ids(catalog)
        book = screen.query_one(TabBook)
        assert [pane.id for pane in screen.query(TabPane)] == [tabs[0]]
        assert book.tab_count == len(tabs)
        assert not screen.query(FilterBar)
        await pilot.press("3")
        await idle(pilot)
        assert [pane.id for pane in screen.query(TabPane)] == [tabs[0], tabs[2]]
        bar = screen.query_one(DrawnTabs)
        placed = next(p for p in bar._placed if p.tab.id == book.get_tab(tabs[4]).id)
        await pilot.click(DrawnTabs, offset=(placed.start + 1, 0))
        await idle(pilot)
        assert book.active == tabs[4] and screen.built(tabs[4])
        assert [pane.id for pane in screen.query(TabPane)] == [tabs[0], tabs[2], tabs[4]]
        focused = screen.focused
        assert isinstance(focused, RecordTable) and book.get_pane(tabs[4]) in focused.ancestors
        for _ in range(2):
            await pilot.press("slash")
            await idle(pilot)
            assert isinstance(screen.focused, FilterBar)
            assert [type(w).__name__ for w in screen.children][-3:] == [
                "FilterBar",
                "TooSmall",
                "KeysFooter",
            ]
            await pilot.press("escape")
            await idle(pilot)
            assert not screen.query_one(FilterBar).display


async def test_a_tab_built_on_its_visit_is_drawn_with_its_rows(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first frame of a tab built when visited shows its table's rows: the table is not
    drawn empty first, and filled a frame later."""
    monkeypatch.setenv("BIJIE_TUI_SERVED", "1")
    app = BijieApp(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await idle(pilot)
        drawn: list[tuple[str | None, bool]] = []
        render_lines = RecordTable.render_lines

        def watched(self: RecordTable, crop: Region) -> list[Strip]:
            drawn.append((self.id, self.filled))
            return render_lines(self, crop)

        monkeypatch.setattr(RecordTable, "render_lines", watched)
        await pilot.press("3")
        await idle(pilot)
        tab = tab_ids(catalog)[2]
        shown = [filled for table, filled in drawn if table and table.startswith(tab)]
        assert shown, "the tab's table was not drawn"
        assert all(shown), drawn
