"""The pane draws the record one step further while the keys pause, so a step only shows it."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.strip import Strip

from bijie_tui.app import BijieApp
from bijie_tui.model.details import Detail
from bijie_tui.model.query import Catalog
from bijie_tui.widgets.browse_view import BrowseView
from bijie_tui.widgets.detail import DetailPane
from pilot_helpers import pane_lines, settled_pane, tabs_built


def _drawing(monkeypatch: pytest.MonkeyPatch, pane: DetailPane) -> list[str]:
    """Record the titles of the details whose glance the pane draws from now on."""
    drawn: list[str] = []
    draw = DetailPane._glance_lines

    def counted(self: DetailPane, detail: Detail) -> list[Strip] | None:
        drawn.append(detail.title)
        return draw(self, detail)

    monkeypatch.setattr(DetailPane, "_glance_lines", counted)
    return drawn


async def _employment(pilot: Pilot[None]) -> tuple[DetailPane, BrowseView]:
    """The Employment tab shown, every tab built: its pane and its view."""
    await pilot.press("2")
    await tabs_built(pilot)
    pane = await settled_pane(pilot, "employment")
    return pane, pilot.app.query_one("#view-employment", BrowseView)


async def test_a_step_shows_the_record_drawn_ahead(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once the keys pause, the record a step further, the way the cursor last went, is drawn:
    the step there draws nothing, and the pane shows that record's title. Going up, the row
    above is drawn ahead."""
    app = BijieApp(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        pane, view = await _employment(pilot)
        table = view.active_table()
        titles = [view.detail(row.target).title for row in table.shown[:4]]
        assert len(set(titles)) == 4
        drawn = _drawing(monkeypatch, pane)
        for row in (1, 2, 3):
            await pilot.press("down")
            await settled_pane(pilot, "employment")
            assert table.cursor_row == row
            assert pane.glancing()
            assert titles[row] in pane_lines(app, pane)[0]
        # Each step only showed what was drawn while the keys paused: the next row's.
        assert drawn == [*titles[2:4], view.detail(table.shown[4].target).title]
        drawn.clear()
        await pilot.press("up")  # not drawn ahead: the cursor went down
        await settled_pane(pilot, "employment")
        assert drawn == [titles[2], titles[1]]  # the step's, then the row above, ahead
        drawn.clear()
        await pilot.press("up")
        await settled_pane(pilot, "employment")
        assert titles[1] in pane_lines(app, pane)[0]
        assert drawn == [titles[0]]


async def test_a_glance_drawn_ahead_in_other_colours_is_drawn_again(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A record drawn ahead, then a new theme before the step: the step draws it anew, in the
    new theme's colours."""
    app = BijieApp(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        pane, view = await _employment(pilot)
        following = view.detail(view.active_table().shown[1].target)
        drawn = _drawing(monkeypatch, pane)
        app.theme = "textual-light" if app.theme != "textual-light" else "nord"
        await settled_pane(pilot, "employment")
        drawn.clear()
        await pilot.press("down")
        await settled_pane(pilot, "employment")
        assert drawn[0] == following.title
        monkeypatch.undo()
        shown = pane.query_one("#detail-glance").lines  # type: ignore[attr-defined]
        assert shown == pane._glance_lines(following)
