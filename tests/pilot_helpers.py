"""Waiting in pilot tests for what the user would see, without sleeping."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import TabPane

from bijie_tui.widgets.browse_view import BrowseView
from bijie_tui.widgets.detail import DetailPane


async def settled_pane(pilot: Pilot[None], sector: str) -> DetailPane:
    """The sector's detail pane once it shows the highlighted row."""
    view = pilot.app.query_one(f"#view-{sector}", BrowseView)
    pane = view.query_one(DetailPane)
    for _ in range(40):
        row = view.active_table().current()
        if pane.detail is not None and row is not None and pane.detail.target == row.target:
            break
        await pilot.pause(0.05)
    await pilot.pause()
    return pane


async def laid_out_pane(pilot: Pilot[None], pane: DetailPane) -> None:
    """Wait until the pane's parts kept for a later layout are laid out."""
    for _ in range(100):
        if not pane.has_pending_layout():
            break
        await pilot.pause(0.05)
    await pilot.pause()
    assert not pane.has_pending_layout()


async def tabs_built(pilot: Pilot[None]) -> None:
    """Wait until every tab's view is built (the other tabs are built while idle)."""
    panes = pilot.app.screen.query(TabPane)
    for _ in range(200):
        if all(pane.children for pane in panes):
            break
        await pilot.pause(0.05)
    await pilot.pause()
    assert all(pane.children for pane in panes)
