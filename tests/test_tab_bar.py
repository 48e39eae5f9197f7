"""The tabs' bar that draws its tabs itself (``TabBook``, ``DrawnTabs``) shows, cell for cell,
what Textual's TabbedContent of tab widgets shows, and does what it does on a click, a key and
a new label."""

from __future__ import annotations

from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.widgets import TabbedContent

from bijie_tui.textual_private import DrawnTabs, TabBook

LABELS = ("Overview", "Employment", "Education", "中文标签", "Sources")
WIDTH = 60


def _app(book: type[TabbedContent], theme: str, ascii_class: bool, focused: bool) -> Any:
    """An app of a few tabs (one with wide characters) over a line of text each."""
    from textual.screen import Screen
    from textual.widgets import Static, TabPane

    from bijie_tui.textual_private import MappedScreen

    class Tabbed(MappedScreen):
        def compose(self) -> ComposeResult:
            with book(id="tabs"):
                for number, label in enumerate(LABELS):
                    with TabPane(label, id=f"tab{number}"):
                        yield Static(f"pane {number}")

    class Tabs(App[None]):
        def on_mount(self) -> None:
            self.animation_level = "none"  # Textual's underline at once, as the bar's
            self.theme = theme
            if ascii_class:
                self.add_class("-ascii")
            if not focused:
                self.screen.set_focus(None)

        def get_default_screen(self) -> Screen[None]:
            return Tabbed()

    return Tabs()


def _cells(app: Any) -> list[list[tuple[str, str]]]:
    """The tabs' two lines as the terminal shows them: each cell's character and style."""
    lines = app.screen._compositor.render_full_update(simplify=True).strips[:2]
    return [
        [(char, str(style)) for strip in line for text, style, _ in strip for char in text]
        for line in lines
    ]


async def _seen(book: type[TabbedContent], theme: str, ascii_class: bool, focused: bool) -> Any:
    app = _app(book, theme, ascii_class, focused)
    screens = []
    async with app.run_test(size=(WIDTH, 6)) as pilot:
        await pilot.pause()
        await pilot.pause()
        screens.append(("start", _cells(app)))
        # Twice: the second time, the bar's tabs are those it drew the first (kept drawings).
        for sweep in (1, 2):
            for x in range(0, WIDTH, 2):
                await pilot.hover(offset=(x, 0))
                await pilot.pause()
                screens.append((f"hover {x}, sweep {sweep}", _cells(app)))
        await pilot.hover(offset=(0, 4))
        await pilot.pause()
        screens.append(("away", _cells(app)))
        active = [app.query_one(TabbedContent).active]
        for x, y in ((30, 0), (12, 1), (50, 1)):
            await pilot.click(offset=(x, y))
            await pilot.pause()
            await pilot.pause()
            screens.append((f"click {x},{y}", _cells(app)))
            active.append(app.query_one(TabbedContent).active)
        for key in ("right", "right", "left", "left", "left"):
            await pilot.press(key)
            await pilot.pause()
            await pilot.pause()
            screens.append((key, _cells(app)))
            active.append(app.query_one(TabbedContent).active)
        app.query_one(TabbedContent).get_tab("tab1").label = "Jobs"  # type: ignore[assignment]
        await pilot.pause()
        await pilot.pause()
        screens.append(("relabelled", _cells(app)))
        app.screen.set_focus(None)
        await pilot.pause()
        await pilot.pause()
        screens.append(("blurred", _cells(app)))
        # Narrower and wider (never narrower than the tabs: Textual's scroll then, the bar's
        # are cut, and the explorer fits its labels to the width).
        for width in (48, WIDTH + 20):
            await pilot.resize_terminal(width, 6)
            await pilot.pause()
            await pilot.pause()
            screens.append((f"resized to {width}", _cells(app)))
    return screens, active


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light", "nord", "ansi-dark"])
@pytest.mark.parametrize("ascii_class", [False, True])
async def test_the_bar_draws_its_tabs_as_textual_draws_tab_widgets(
    theme: str, ascii_class: bool
) -> None:
    """TabBook draws what Textual's TabbedContent shows, cell for cell: the tabs, the active
    one and its underline, each tab under the mouse (its hover style), the tabs focused and
    not, drawn anew or kept from an earlier drawing of the same; and a click on a tab or on the
    underline below it, the left and right keys, a new label and a resize do what they do
    there."""
    seen = {book: await _seen(book, theme, ascii_class, True) for book in (TabbedContent, TabBook)}
    ours, theirs = seen[TabBook], seen[TabbedContent]
    assert ours[1] == theirs[1]  # the tabs made active, in turn
    assert len(set(ours[1])) > 2
    for (what, mine), (_, textuals) in zip(ours[0], theirs[0], strict=True):
        assert mine == textuals, what


async def test_the_bar_is_one_widget() -> None:
    """No tab, underline or container of Textual's tabs is mounted."""
    app = _app(TabBook, "textual-dark", False, True)
    async with app.run_test(size=(WIDTH, 6)) as pilot:
        await pilot.pause()
        book = app.query_one(TabBook)
        assert [type(child).__name__ for child in book.children] == [
            "DrawnTabs",
            "ContentSwitcher",
        ]
        assert not book.children[0].children


def test_drawings_kept_are_the_last_used_and_at_most_so_many() -> None:
    from bijie_tui.textual_private import KeptDrawings

    kept = KeptDrawings(most=2)
    kept.put("a", 1)
    kept.put("b", 2)
    assert kept.get("a") == 1  # now the last used
    kept.put("c", 3)
    assert (kept.get("a"), kept.get("b"), kept.get("c")) == (1, None, 3)


async def test_a_drawing_is_kept_for_the_look_it_was_drawn_in() -> None:
    """A change the tabs' styles follow (the theme, a class of an ancestor, the focus) is a
    new drawing, not one kept from before."""
    from bijie_tui.textual_private import DrawnTabs, look_of

    app = _app(TabBook, "textual-dark", False, True)
    async with app.run_test(size=(WIDTH, 6)) as pilot:
        await pilot.pause()
        bar = app.query_one(DrawnTabs)
        looks = {look_of(bar)}
        app.theme = "nord"
        await pilot.pause()
        looks.add(look_of(bar))
        app.add_class("-ascii")
        await pilot.pause()
        looks.add(look_of(bar))
        assert bar.has_focus
        app.screen.set_focus(None)
        await pilot.pause()
        looks.add(look_of(bar))
        assert len(looks) == 4


def _screen_cells(app: Any) -> list[list[tuple[str, str]]]:
    """Every line of the screen, the tabs and the pane shown, as the terminal shows them."""
    lines = app.screen._compositor.render_full_update(simplify=True).strips
    return [
        [(char, str(style)) for strip in line for text, style, _ in strip for char in text]
        for line in lines
    ]


async def _shown_step_by_step(book: type[TabbedContent]) -> list[Any]:
    """The active tab, the screen and the panes mounted, at the start and after each of a
    click on a tab, a key on the bar, a tab made active, a pane asked for, and a click."""
    from textual.widgets import TabPane

    app = _app(book, "textual-dark", False, True)
    seen: list[Any] = []
    async with app.run_test(size=(WIDTH, 6)) as pilot:
        tabbed = app.query_one(TabbedContent)
        for number in range(6):
            if number == 1:
                await pilot.click(offset=(30, 0))  # the third tab
            elif number == 2:
                await pilot.press("right")  # the fourth
            elif number == 3:
                tabbed.active = "tab4"
            elif number == 4:
                tabbed.get_pane("tab1")  # asked for, not shown
            elif number == 5:
                await pilot.click(offset=(12, 0))  # shown
            await pilot.pause()
            await pilot.pause()
            panes = [pane.id for pane in tabbed.query(TabPane)]
            seen.append((tabbed.active, _screen_cells(app), panes))
    return seen


async def test_each_pane_is_mounted_when_first_shown() -> None:
    """The book mounts only the pane it shows first; every tab is in the bar from the start,
    and each other pane is mounted (among the others in the order of the tabs) when first
    shown, by a click on its tab, a key on the bar or the program making it active, or when
    asked for. What is shown meanwhile is what Textual's TabbedContent shows, which mounts
    every pane at once."""
    ours = await _shown_step_by_step(TabBook)
    theirs = await _shown_step_by_step(TabbedContent)
    assert [shown[:2] for shown in ours] == [shown[:2] for shown in theirs]
    assert [active for active, _, _ in ours] == ["tab0", "tab2", "tab3", "tab4", "tab4", "tab1"]
    assert [panes for _, _, panes in ours] == [
        ["tab0"],
        ["tab0", "tab2"],
        ["tab0", "tab2", "tab3"],
        ["tab0", "tab2", "tab3", "tab4"],
        ["tab0", "tab1", "tab2", "tab3", "tab4"],
        ["tab0", "tab1", "tab2", "tab3", "tab4"],
    ]


async def test_a_tab_added_has_its_pane_mounted_when_first_shown() -> None:
    from textual.widgets import TabPane

    app = _app(TabBook, "textual-dark", False, True)
    async with app.run_test(size=(WIDTH, 6)) as pilot:
        book = app.query_one(TabBook)
        book.add_tab("Later", "later")
        await pilot.pause()
        assert book.tab_count == len(LABELS) + 1
        assert book.mounted_pane("later") is None
        await pilot.click(offset=(54, 0))  # its tab, past the others
        await pilot.pause()
        await pilot.pause()
        assert book.active == "later"
        pane = book.mounted_pane("later")
        assert isinstance(pane, TabPane) and pane.display
        assert [pane.id for pane in book.query(TabPane)] == ["tab0", "later"]
        await book.remove_pane("tab3")  # kept, never shown
        assert book.tab_count == len(LABELS)
        book.active = "tab4"
        await pilot.pause()
        assert [pane.id for pane in book.query(TabPane)] == ["tab0", "tab4", "later"]
        await book.clear_panes()
        assert book.tab_count == 0 and not book.query(TabPane)


async def test_tabs_given_for_later_have_their_panes_made_when_first_shown(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from textual.widgets import Static, TabPane

    made: list[str | None] = []
    init = TabPane.__init__

    def counted(self: TabPane, *args: Any, **kwargs: Any) -> None:
        init(self, *args, **kwargs)
        made.append(self.id)

    monkeypatch.setattr(TabPane, "__init__", counted)

    class Later(App[None]):
        def compose(self) -> ComposeResult:
            with TabBook(later=[("Two", "two"), ("Three", "three")]):
                with TabPane("One", id="one"):
                    yield Static("pane one")

    app = Later()
    async with app.run_test(size=(WIDTH, 6)) as pilot:
        book = app.query_one(TabBook)
        assert book.tab_count == 3 and book.active == "one"
        assert [str(tab.label) for tab in book.query_one(DrawnTabs).drawn_tabs] == [
            "One",
            "Two",
            "Three",
        ]
        assert made == ["one"]
        book.active = "three"
        await pilot.pause()
        assert made == ["one", "three"]
        assert [pane.id for pane in book.query(TabPane)] == ["one", "three"]
        book.active = "two"
        await pilot.pause()
        assert [pane.id for pane in book.query(TabPane)] == ["one", "two", "three"]
    with pytest.raises(ValueError, match="shown first"):
        TabBook(initial="two", later=[("Two", "two")])
