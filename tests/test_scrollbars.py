"""Scrollbars and the text beside them, as drawn: no text under a scrollbar, and a blank column
between the text and the bar; the pane beside a table back at its top once focus leaves it."""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from textual.geometry import Region
from textual.scrollbar import ScrollBar, ScrollBarCorner
from textual.strip import Strip
from textual.widget import Widget

from bijie_tui.app import BijieApp
from bijie_tui.model.format import Lang
from bijie_tui.model.query import Catalog
from bijie_tui.screens.detail_screen import DetailScreen
from bijie_tui.screens.help_screen import HelpScreen
from bijie_tui.widgets.browse_view import BrowseView
from bijie_tui.widgets.detail import DetailPane, LinkList
from pilot_helpers import idle, palette_options, pane_lines, settled_pane

SIZES = [(80, 24), (120, 36)]


def _text(cells: str) -> bool:
    """Whether ``cells`` hold a character of text (not blank, not a box's line)."""
    return any(not c.isspace() and not "\u2500" <= c <= "\u257f" for c in cells)


def _cells(strip: Strip) -> list[str]:
    """A drawn line cell by cell (a wide character, then an empty cell)."""
    cells: list[str] = []
    for char in strip.text:
        cells += [char, ""] if cell_len(char) == 2 else [char]
    return cells


def _screen(app: BijieApp) -> list[list[str]]:
    return [_cells(strip) for strip in app.screen._compositor.render_strips()]


def _bar(widget: Widget) -> Region:
    """The part of ``widget``'s vertical scrollbar on the screen (none: an empty region)."""
    shown = widget.screen._compositor.visible_widgets.get(widget.vertical_scrollbar)
    if shown is None or not widget.show_vertical_scrollbar or not widget.scrollbar_size_vertical:
        return Region()
    region, clip = shown
    return region.intersection(clip)


def _scrolled(app: BijieApp) -> list[Widget]:
    """The widgets of the screen that show a vertical scrollbar."""
    return [
        w
        for w in app.screen.query("*")
        if not isinstance(w, (ScrollBar, ScrollBarCorner)) and w.display and _bar(w)
    ]


def _text_at_scrollbars(app: BijieApp, kinds: tuple[type[Widget], ...] = (Widget,)) -> list[str]:
    """Text under a vertical scrollbar, or right beside it (in the column on its left).

    The bar is drawn over what is under it, so that is read from the content itself (each
    widget inside the scrolling one, and the scrolling one, drawn on their own); the column
    beside it is read from the screen's cells. Only scrolling widgets of ``kinds``."""
    screen = _screen(app)
    found: list[str] = []
    for box in _scrolled(app):
        if not isinstance(box, kinds):
            continue
        bar = _bar(box)
        name = f"{type(box).__name__}#{box.id}"
        for y in range(bar.y, bar.bottom):
            beside = screen[y][bar.x - 1]
            if _text(beside):
                line = "".join(screen[y])
                found.append(f"{name} row {y}: {beside!r} beside the bar: {line!r}")
        parts = [box, *(w for w in box.query("*") if w.display)]
        for part in parts:
            if isinstance(part, (ScrollBar, ScrollBarCorner)):
                continue
            region = part.region
            if not region or region.right <= bar.x or region.x >= bar.right:
                continue
            lines = part.render_lines(Region(0, 0, region.width, region.height))
            for dy, line in enumerate(lines):
                if not bar.y <= region.y + dy < bar.bottom:
                    continue
                under = "".join(_cells(line)[bar.x - region.x : bar.right - region.x])
                if _text(under):
                    found.append(f"{name}: {under!r} of {type(part).__name__} under the bar")
    return found


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_keys_list_keeps_its_text_clear_of_the_scrollbar(
    catalog: Catalog, size: tuple[int, int], lang: Lang
) -> None:
    app = BijieApp(catalog, lang=lang)
    async with app.run_test(size=size) as pilot:
        await idle(pilot)
        await pilot.press("question_mark")
        await idle(pilot)
        assert isinstance(app.screen, HelpScreen)
        box = app.screen.query_one("#help")
        assert box.show_vertical_scrollbar  # the list is longer than the box: it scrolls
        seen = set()
        while True:  # every line of the list, scrolled through
            assert not _text_at_scrollbars(app)
            seen.add(box.scroll_y)
            if box.scroll_y >= box.max_scroll_y:
                break
            await pilot.press("pagedown")
            await idle(pilot)
        assert len(seen) > 1


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_a_source_detail_keeps_its_links_clear_of_the_scrollbars(
    catalog: Catalog, size: tuple[int, int], lang: Lang
) -> None:
    app = BijieApp(catalog, lang=lang)
    async with app.run_test(size=size) as pilot:
        await pilot.press("7")
        await settled_pane(pilot, "sources")
        table = app.screen.query_one("#sources-table")
        table.move_cursor(row=table.get_row_index("NFRB2018"))  # type: ignore[attr-defined]
        await settled_pane(pilot, "sources")
        await pilot.press("enter")
        await idle(pilot)
        assert isinstance(app.screen, DetailScreen)
        assert not _text_at_scrollbars(app)  # the detail, at its top
        await pilot.press("enter")  # to the links, at the bottom
        await idle(pilot)
        links = app.screen.query_one(LinkList)
        assert app.screen.focused is links
        assert links.show_vertical_scrollbar  # more links than the box holds
        assert {type(w) for w in _scrolled(app)} == {DetailPane, LinkList}
        assert not _text_at_scrollbars(app)
        await pilot.press("end")
        await idle(pilot)
        assert not _text_at_scrollbars(app)


@pytest.mark.parametrize("size", SIZES)
async def test_the_pane_beside_a_table_keeps_its_text_clear_of_the_scrollbar(
    catalog: Catalog, size: tuple[int, int]
) -> None:
    app = BijieApp(catalog)
    async with app.run_test(size=size) as pilot:
        await pilot.press("4")
        pane = await settled_pane(pilot, "industry")
        await pilot.press("tab")
        await idle(pilot)
        assert pane.show_vertical_scrollbar and pane.scrollbar_size_vertical
        assert pane in _scrolled(app)
        # (the table's own scrollbar is the table's columns' business)
        assert not _text_at_scrollbars(app, (DetailPane, LinkList))
        await pilot.press("enter")  # its links, at the bottom
        await idle(pilot)
        assert not _text_at_scrollbars(app, (DetailPane, LinkList))


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_overview_and_the_palette_keep_their_text_clear_of_the_scrollbar(
    catalog: Catalog, lang: Lang
) -> None:
    app = BijieApp(catalog, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await idle(pilot)
        assert _scrolled(app)  # the overview scrolls at 80×24
        assert not _text_at_scrollbars(app)
        await pilot.press("ctrl+p", *"bijie")
        await palette_options(pilot)
        assert not _text_at_scrollbars(app)


@pytest.mark.parametrize("size", SIZES)
async def test_after_t_the_pane_left_behind_shows_its_record_from_the_top(
    catalog: Catalog, size: tuple[int, int]
) -> None:
    app = BijieApp(catalog)
    async with app.run_test(size=size) as pilot:
        await pilot.press("4")
        pane = await settled_pane(pilot, "industry")
        await pilot.press("tab", "end", "enter")  # the pane's links, at its bottom
        await idle(pilot)
        assert pane.scroll_y == pane.max_scroll_y > 0
        await pilot.press("enter")  # the first link: a source, on a screen of its own
        await idle(pilot)
        assert isinstance(app.screen, DetailScreen)
        await pilot.press("escape")  # back: the pane keeps its place, on the link
        await idle(pilot)
        assert app.screen.focused is pane.query_one(LinkList)
        assert pane.scroll_y == pane.max_scroll_y
        await pilot.press("enter")
        await idle(pilot)
        await pilot.press("t")  # the source in its table, on the sources tab
        await idle(pilot)
        sources = app.screen.query_one("#view-sources", BrowseView)
        assert app.screen.focused is sources.active_table()
        await pilot.press("escape")  # back to the industry table, from the jump
        await idle(pilot)
        assert app.screen.focused is app.screen.query_one("#industry-indicators")
        assert pane.scroll_y == 0
        shown = pane.detail
        assert shown is not None
        first = pane_lines(app, pane)[0].strip()
        assert first and shown.title.startswith(first.rstrip("…"))


async def test_escape_from_the_pane_shows_its_top_again(catalog: Catalog) -> None:
    app = BijieApp(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        pane = await settled_pane(pilot, "industry")
        await pilot.press("tab", "end")
        await idle(pilot)
        assert pane.scroll_y > 0
        await pilot.press("escape")
        await idle(pilot)
        assert app.screen.focused is app.screen.query_one("#industry-indicators")
        assert pane.scroll_y == 0
