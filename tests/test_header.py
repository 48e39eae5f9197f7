"""The header that draws its parts itself does what Textual's does: a click on the icon opens
the command palette, a click elsewhere makes it tall and short again, the mouse over the icon
shows its tooltip, and the title follows the app's and the screen's titles. (That it looks the
same, cell for cell, is tests/test_textual_private.py's.)"""

from __future__ import annotations

from typing import Any

from textual.app import App, ComposeResult
from textual.command import CommandPalette
from textual.screen import Screen

from bijie_tui.textual_private import MappedScreen
from bijie_tui.widgets.header import DrawnHeader
from pilot_helpers import idle, until


class Headed(MappedScreen):
    def compose(self) -> ComposeResult:
        yield DrawnHeader(icon="⭘")


class Titled(App[None]):
    TITLE = "Bijie"
    SUB_TITLE = "economy"

    def get_default_screen(self) -> Screen[None]:
        return Headed()


def _header_text(app: App[Any]) -> str:
    header = app.screen.query_one(DrawnHeader)
    return header.render_lines(header.size.region)[0].text


async def test_a_click_on_the_icon_opens_the_palette() -> None:
    app = Titled()
    async with app.run_test(size=(60, 10)) as pilot:
        await idle(pilot)
        await pilot.click(DrawnHeader, offset=(3, 0))
        await until(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")
        assert app.screen_stack[0].query_one(DrawnHeader).size.height == 1


async def test_a_click_elsewhere_makes_the_header_tall_and_short_again() -> None:
    app = Titled()
    async with app.run_test(size=(60, 10)) as pilot:
        await idle(pilot)
        header = app.screen.query_one(DrawnHeader)
        await pilot.click(DrawnHeader, offset=(30, 0))
        await until(pilot, lambda: header.size.height == 3, "a tall header")
        assert header.has_class("-tall")
        await pilot.click(DrawnHeader, offset=(55, 2))
        await until(pilot, lambda: header.size.height == 1, "a short header")
        assert not isinstance(app.screen, CommandPalette)


async def test_the_icon_under_the_mouse_shows_its_tooltip() -> None:
    app = Titled()
    async with app.run_test(size=(60, 10)) as pilot:
        await idle(pilot)
        header = app.screen.query_one(DrawnHeader)
        await pilot.hover(DrawnHeader, offset=(2, 0))
        await until(pilot, lambda: header.tooltip is not None, "the icon's tooltip")
        assert header.tooltip == "Open the command palette"
        await pilot.hover(DrawnHeader, offset=(20, 0))
        await until(pilot, lambda: header.tooltip is None, "no tooltip off the icon")


async def test_the_title_follows_the_app_and_the_screen() -> None:
    app = Titled()
    async with app.run_test(size=(60, 10)) as pilot:
        await idle(pilot)
        assert "Bijie — economy" in _header_text(app)
        app.title = "毕节"
        await until(pilot, lambda: "毕节 — economy" in _header_text(app), "the app's new title")
        app.screen.sub_title = "经济"
        await until(pilot, lambda: "毕节 — 经济" in _header_text(app), "the screen's sub-title")
        app.screen.title = "Screen"
        await until(pilot, lambda: "Screen — 经济" in _header_text(app), "the screen's title")
