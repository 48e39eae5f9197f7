"""What a frame draws: only the widgets, and the lines of them, that a change touches."""

from __future__ import annotations

import re
from typing import Any

import pytest
from textual.geometry import Region
from textual.scrollbar import ScrollBar
from textual.strip import Strip
from textual.widget import Widget

from bijie_tui.app import BijieApp
from bijie_tui.model.query import Catalog
from bijie_tui.textual_private import CroppedCompositor
from bijie_tui.widgets.detail import DetailPane
from bijie_tui.widgets.overview import OverviewView
from bijie_tui.widgets.record_table import RecordTable
from pilot_helpers import idle, settled_pane, tabs_built


async def test_a_cursor_step_renders_only_what_it_changes(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A step from the first row to the second renders the two rows of the table and the
    lines of the pane's glance that change: not the header, the tabs, the line above the
    table or the footer, nor the table's other rows, nor the containers around the table and
    the pane (those lines are all theirs)."""
    app = BijieApp(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await settled_pane(pilot, "employment")
        await tabs_built(pilot)
        rendered: list[tuple[str, int]] = []
        render_lines = Widget.render_lines

        def counted(self: Widget, crop: Region) -> list[Strip]:
            rendered.append((type(self).__name__, crop.height))
            return render_lines(self, crop)

        monkeypatch.setattr(Widget, "render_lines", counted)
        await pilot.press("down")
        await settled_pane(pilot, "employment")
        kinds = {kind for kind, _ in rendered}
        assert kinds, "the step rendered nothing"
        assert not kinds & {"DrawnHeader", "KeysFooter", "FooterKey", "ContentTabs", "About"}, kinds
        assert [lines for kind, lines in rendered if kind == "RecordTable"] == [2]
        assert "Glance" in kinds
        assert "Static" not in kinds  # the pane's parts are not shown beside the table
        assert kinds == {"RecordTable", "Glance"}, kinds


async def test_a_layout_leaves_the_tables_scrollbar_alone(catalog: Catalog) -> None:
    """A layout that changes none of the table's sizes neither updates nor redraws its
    scrollbar (Textual's own compares the layout's virtual size with the table's, which
    always differ)."""
    app = BijieApp(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await settled_pane(pilot, "employment")
        await tabs_built(pilot)
        table = app.query_one("#employment-indicators", RecordTable)
        bar = table.vertical_scrollbar
        assert isinstance(bar, ScrollBar) and table.show_vertical_scrollbar
        refreshed: list[Any] = []
        refresh = bar.refresh

        def counted(*regions: Any, **kwargs: Any) -> Widget:
            refreshed.append(regions)
            return refresh(*regions, **kwargs)

        bar.refresh = counted  # type: ignore[method-assign]
        app.screen.refresh(layout=True)
        await idle(pilot)
        assert refreshed == []
        # A change of the table's own size still reaches it.
        await pilot.press("slash", *"bijie", "enter")
        await idle(pilot)
        assert refreshed


async def test_a_part_laid_out_below_the_screen_keeps_the_map(catalog: Catalog) -> None:
    """Refreshing a widget laid out below the lines shown (the pane's text) leaves the map of
    where each widget is as it is: the next look-up of a place does not lay out the screen."""
    app = BijieApp(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        pane = await settled_pane(pilot, "employment")
        await pilot.press("tab")  # the parts, laid out
        await idle(pilot)
        assert app.focused is pane
        links = pane.query_one("#detail-links")
        compositor = app.screen._compositor
        assert isinstance(compositor, CroppedCompositor)
        assert links not in compositor.visible_widgets and links in compositor.full_map
        assert not compositor._full_map_invalidated
        compositor.update_widgets({links})
        assert not compositor._full_map_invalidated
        # A widget the map does not hold still marks it stale.
        stranger = DetailPane()
        compositor.update_widgets({stranger})
        assert compositor._full_map_invalidated


async def test_the_first_screen_is_laid_out_once_with_its_scrollbars(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The overview, taller than the screen, and the timeline, longer than its box, show
    their scrollbars in the screen's first layout: the screen is laid out once before it is
    shown, and each table is sized once, at the width it is shown at (Textual's own shows a
    scrollbar in a second layout, and every table of the overview was fitted twice)."""
    widths: dict[str, list[int]] = {}
    on_resize = RecordTable.on_resize

    def sized(self: RecordTable) -> None:
        widths.setdefault(str(self.id), []).append(self.size.width)
        on_resize(self)

    layouts: list[int] = []
    show = BijieApp._show_first_screen

    def shown(self: BijieApp) -> None:
        layouts.append(self.explorer.layouts)
        show(self)

    monkeypatch.setattr(RecordTable, "on_resize", sized)
    monkeypatch.setattr(BijieApp, "_show_first_screen", shown)
    app = BijieApp(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await idle(pilot)
        overview = app.query_one(OverviewView)
        assert overview.show_vertical_scrollbar
        tables = list(overview.query(RecordTable))
        assert [t.id for t in tables if t.show_vertical_scrollbar] == ["timeline"]
        assert widths == {str(t.id): [t.size.width] for t in tables}
        assert layouts and layouts[-1] == 1, layouts


@pytest.mark.parametrize("served", [False, True])
async def test_the_filter_line_first_opened_is_drawn_with_the_table_it_takes_the_focus_from(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch, served: bool
) -> None:
    """The filter line is mounted when first opened; the table it takes the focus from is
    not drawn blurred without it: a frame drawn as soon as the focus has moved (right after
    the key's action) shows the line. Opened again, it is the same line."""
    from io import StringIO

    from rich.console import Console

    from bijie_tui.screens.explorer_screen import ExplorerScreen
    from bijie_tui.widgets.filter_bar import FilterBar

    if served:
        monkeypatch.setenv("BIJIE_TUI_SERVED", "1")
    app = BijieApp(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await idle(pilot)
        screen = app.screen
        assert isinstance(screen, ExplorerScreen)
        assert not screen.query(FilterBar)
        frames: list[str] = []
        display = app._display
        console = Console(file=StringIO(), force_terminal=True, width=80)

        def frame(screen: Any, update: Any) -> None:
            if update is not None:  # its text, without the codes that move and colour it
                drawn = "".join(update.render_segments(console))
                frames.append(re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", drawn))
            display(screen, update)

        app._display = frame  # type: ignore[method-assign]
        set_focus = screen.set_focus
        focused_and_drawn: list[Any] = []

        def focus_then_draw(widget: Any, *args: Any, **kwargs: Any) -> None:
            set_focus(widget, *args, **kwargs)
            if isinstance(widget, FilterBar) and not focused_and_drawn:
                focused_and_drawn.append(widget)
                screen.draw_now()  # the frame drawn next, at once

        monkeypatch.setattr(screen, "set_focus", focus_then_draw)
        await pilot.press("slash")
        await idle(pilot)
        assert focused_and_drawn and frames, "nothing drawn"
        assert "Filter (enter keeps it" in frames[0]
        await pilot.press("escape", "slash")
        await idle(pilot)
        assert focused_and_drawn == list(screen.query(FilterBar))
