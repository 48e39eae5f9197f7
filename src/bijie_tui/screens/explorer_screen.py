"""The explorer: the overview, one tab per sector and the sources, with jumps and the filter.

It is built from the tab plan (:mod:`bijie_tui.model.tabs`) once the dataset is there, and
holds what moving around needs: which tab is shown, what is focused, where ``escape`` goes back
to after a jump, and the filter line.
"""

from __future__ import annotations

import gc
import os
from time import monotonic
from typing import TYPE_CHECKING, ClassVar, Protocol, cast

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import ActiveBinding, BindingType
from textual.content import Content
from textual.widget import AwaitMount, Widget
from textual.widgets import (
    ContentSwitcher,
    Input,
    Static,
    TabbedContent,
    TabPane,
    Tabs,
)

from ..display import served
from ..model.format import Lang
from ..model.graphemes import head
from ..model.query import Catalog
from ..model.safe import printable
from ..model.tabs import OVERVIEW, TabPlan, place_of, tab_ids, tab_plan
from ..model.targets import Target
from ..model.words import tr, word
from ..textual_private import FrameScreen, KeptDrawings, TabBook, driver_of
from ..widgets.filter_bar import FilterBar
from ..widgets.footer import KeysFooter
from ..widgets.header import DrawnHeader
from ..widgets.keys import bindings, translated
from ..widgets.lang import Speaks
from ..widgets.overview import OverviewView
from ..widgets.record_table import RecordTable
from ..widgets.text import ascii_mode, plain_str
from ..widgets.too_small import TooSmall


class HoldsFirstScreen(Protocol):
    """An app whose terminal gets the first screen only once it is whole."""

    def first_screen_held(self) -> bool: ...


if TYPE_CHECKING:
    from ..widgets.browse_view import BrowseView

Location = tuple[str, str | None, str | None]
"""Where the user is: tab, table id and highlighted row key."""

_TAB_PADDING = 2
"""Cells a tab's label takes beyond its text."""
LABELS = KeptDrawings(most=512)
"""The tabs' labels made (see :meth:`ExplorerScreen.tab_label`), with the dataset each was made
from (its id is in the key, and may be another's once it is gone)."""
BUILD_AFTER_KEYS = 0.4
"""Seconds after the last key before a tab's view is built ahead (see ``_build_next``)."""
BUILD_AHEAD_FIGURES = 20_000
"""Past this many figures, a tab's rows take seconds to make (4 s for a sector at 100,000):
they are made when the tab is first shown, not ahead, where a key pressed meanwhile would
wait for them."""


class ExplorerScreen(Speaks, FrameScreen):
    """The tabs of the dataset; number keys switch tabs, ``escape`` returns from a jump."""

    AUTO_FOCUS = "RecordTable"
    """Focus goes to a table (the first one shown), not first to the tabs and then to it:
    each move of the focus restyles what it leaves and what it enters."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("explorer")

    def __init__(self, catalog: Catalog | None) -> None:
        """Show ``catalog``, or a loading line until :meth:`show_catalog` is called."""
        super().__init__(id="_default")
        self.catalog = catalog
        self.back_to: Location | None = None
        """Where ``escape`` returns to, while the user is still where the last jump landed."""
        self.landed: Location | None = None
        self.filter_table: RecordTable | None = None
        """The table the filter line is filtering, while it is open."""
        self.pending_tab: int | None = None
        """A tab asked for by its number while the dataset was loading."""
        self._tabs_whole = False
        """Every tab of the dataset is there (they are added once it has loaded)."""
        self._mounting: dict[str, AwaitMount] = {}
        """The views of tabs being mounted."""
        self._first_screen_out = False
        """The terminal has been given a first screen (frames are drawn from then on)."""
        """The tabs' row, once mounted (its underline is kept under the active tab)."""

    # -- the first screen --------------------------------------------------------------------

    def held(self) -> bool:
        """Whether the terminal is not yet given anything of this screen (see
        :class:`HoldsFirstScreen`)."""
        if self._first_screen_out:
            return False
        # Looked up, not checked against the protocol (slow, and asked at every frame).
        app = self.app
        if hasattr(app, "first_screen_held") and cast(HoldsFirstScreen, app).first_screen_held():
            return True
        self._first_screen_out = True
        return False

    def has_undrawn_changes(self) -> bool:
        """Whether a change waits to be laid out or drawn, or the footer's keys are being made
        again."""
        return super().has_undrawn_changes() or any(
            footer.rebuilding for footer in self.query_children(KeysFooter)
        )

    # -- building ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # The size classes (-narrow, -wide …) the first resize would give, given before the
        # widgets below are styled: giving them after restyles every widget once more.
        width, height = self.app.size
        for dimension, breakpoints in (
            (width, self.app.HORIZONTAL_BREAKPOINTS or []),
            (height, self.app.VERTICAL_BREAKPOINTS or []),
        ):
            self.add_class(*self.breakpoint_classes(dimension, breakpoints))
        yield DrawnHeader(icon="*" if ascii_mode() else "⭘")
        later = [] if self.catalog is None else tab_ids(self.catalog)[1:]
        # The panes of the other tabs are made when first shown.
        with TabBook(id="tabs", later=[(self.tab_label(tab), tab) for tab in later]):
            with TabPane(self.tab_label(OVERVIEW), id=OVERVIEW):
                if self.catalog is None:
                    # Shown while the dataset loads, so that the first paint comes quickly.
                    yield Static(plain_str(word("loading", self.lang)), id="loading")
                else:
                    yield self.view_for(tab_plan(self.catalog, OVERVIEW))
        # (The filter line is mounted here when first opened: see open_filter.)
        yield TooSmall()
        yield KeysFooter(compact=True)

    def on_mount(self) -> None:
        self.follow_lang()
        # Textual's rack of notices is hidden when the screen first shows them (none): hidden
        # from the start, that is no change, and no second layout of the first screen.
        for rack in self.query("ToastRack"):
            rack.display = False
        if self.catalog is not None:
            self._shown()

    async def show_catalog(self, catalog: Catalog) -> None:
        """Show ``catalog`` in place of the loading line."""
        self.catalog = catalog
        overview = self.query_one(f"#{OVERVIEW}", TabPane)
        await overview.query_one("#loading").remove()
        await overview.mount(self.view_for(tab_plan(catalog, OVERVIEW)))
        book = self.query_one(TabBook)
        for tab in tab_ids(catalog)[1:]:
            book.add_tab(self.tab_label(tab), tab)  # its pane mounted when first shown
        if self.pending_tab is None:
            self._shown()
            return
        # The tab asked for while loading, at once, before any key typed after the number is
        # taken; the overview's table never focused on the way (its pane would take its focus
        # for the active tab after the switch, and the overview would be shown again).
        self._shown(focus=False)
        number, self.pending_tab = self.pending_tab, None
        await self.action_go(number)

    def _shown(self, focus: bool = True) -> None:
        """The dataset is on screen (its active tab's table focused, if ``focus``); the other
        tabs' views wait for :meth:`build_while_idle`."""
        self._tabs_whole = True
        self._fit_tab_labels()
        if focus:
            self.focus_active()
        self.refresh_bindings()

    def build_while_idle(self) -> None:
        """Build the other tabs' views, one per idle moment (once the first screen is out:
        before, each would be laid out and drawn, unseen, on the way to it).

        Not in a served session: there each tab is built when first visited. Built ahead,
        the six tabs cost a session about as much CPU again as its first screen, spent while
        other sessions on the same server connect and type, and memory for tabs its reader
        may never open; a first visit builds one tab in a few tens of milliseconds."""
        if served(os.environ):
            return
        self.set_timer(0.05, self._build_next)

    def view_for(self, plan: TabPlan) -> OverviewView | BrowseView:
        assert self.catalog is not None
        tables = [(t.id, t.build) for t in plan.tables]
        if plan.stacked:
            return OverviewView(tables, about=plan.about)
        # Imported here: the first screen (the overview) needs no sector's view.
        from ..widgets.browse_view import BrowseView

        return BrowseView(self.catalog, tables, id=f"view-{plan.id}", about=plan.about)

    async def mount_tab(self, tab: str) -> None:
        """Mount a tab's view if it is not there yet (and wait for one being mounted, as
        while idle, to be whole)."""
        if self.catalog is None or tab == OVERVIEW:
            return
        mounting = self._mounting.get(tab)
        if mounting is not None:
            await mounting
            return
        book = self.query_one(TabBook)
        pane = book.mounted_pane(tab)
        if pane is None or not pane.children:
            view = self.view_for(tab_plan(self.catalog, tab))
            # The pane, first shown, is mounted with its view in it; one mounted empty (by a
            # click on its tab, which shows it at once) has its view mounted into it.
            mounting = book.mount_pane(tab, view) if pane is None else pane.mount(view)
            assert mounting is not None
            self._mounting[tab] = mounting
            try:
                await mounting
            finally:
                del self._mounting[tab]
            pane = book.mounted_pane(tab) if self.is_attached else None
            if pane is None:
                return  # the app is ending (its widgets taken down meanwhile)
            if len(self.catalog.data.figures) <= BUILD_AHEAD_FIGURES:
                # The rows of the list it shows now, as a tab built ahead has them: filled
                # only once laid out, the table would be drawn empty first, and a frame later
                # with its rows. (Its other list is filled when first shown, or while idle.)
                tables = pane.query(RecordTable)  # none if the view was taken down meanwhile
                if tables and not tables.first().filled:
                    tables.first().load()  # the list a new view shows first

    def built(self, tab: str) -> bool:
        """Whether the view of ``tab`` is mounted."""
        pane = self.query_one(TabBook).mounted_pane(tab)
        return pane is not None and bool(pane.children)

    async def _build_next(self) -> None:
        """Mount the next tab not yet built, one per idle moment, so that tabs switch at once;
        not while keys come (a view takes tens of milliseconds to build, which a key pressed
        meanwhile would wait for)."""
        if self.catalog is None or not self.is_attached:
            return
        if len(self.catalog.data.figures) > BUILD_AHEAD_FIGURES:
            return  # each tab's rows are made when it is first shown, on the reader's key
        typing = monotonic() - getattr(driver_of(self.app), "last_key", 0.0)
        if typing < BUILD_AFTER_KEYS:
            self.set_timer(BUILD_AFTER_KEYS - typing + 0.01, self._build_next)
            return
        book = self.query_one(TabBook)
        for tab in tab_ids(self.catalog)[1:]:
            if not self.built(tab):
                await self.mount_tab(tab)
                pane = book.mounted_pane(tab) if self.is_attached else None
                if pane is None:
                    return  # the app is ending
                for table in pane.query(RecordTable):
                    if not table.filled:
                        table.load()  # its rows, ready before the tab is first shown
                self.set_timer(0.05, self._build_next)
                return
        # Every view is built: what they hold lives as long as the app, and is not looked
        # through again by each full collection (at 100,000 figures one took 0.1 s, landing
        # on a key press).
        gc.freeze()

    # -- language and labels -----------------------------------------------------------------

    def show_lang(self, lang: Lang) -> None:
        self._fit_tab_labels()
        for bar in self.query_children(FilterBar):
            bar.placeholder = word("filter_hint", lang)
        self.refresh_bindings()

    def tab_label(self, tab: str, width: int | None = None, short: bool = False) -> Content:
        """The tab's name (its short form if ``short``), cut to ``width`` cells if given.
        Made once for every explorer of the process showing the same dataset (the fork
        server's sessions find those of their first screen made)."""
        key = (id(self.catalog), tab, self.lang, width, short, ascii_mode())
        kept: tuple[Catalog | None, Content] | None = LABELS.get(key)
        if kept is not None and kept[0] is self.catalog:
            return kept[1]
        label = self._tab_label(tab, width, short)
        LABELS.put(key, (self.catalog, label))
        return label

    def _tab_label(self, tab: str, width: int | None, short: bool) -> Content:
        if self.catalog is None:
            text = word("overview", self.lang)
        else:
            plan = tab_plan(self.catalog, tab)
            text = tr(plan.short if short and plan.short is not None else plan.name, self.lang)
        text = plain_str(printable(text))
        if width is not None and cell_len(text) > width:
            text = head(text, max(width - 1, 1), cell_len) + plain_str("…")
        return Content(text)

    def _fit_tab_labels(self) -> None:
        """Whole names when they fit the width, else their short forms (``Jobs``, ``Health``),
        else short forms cut alike, so every tab shows (once every tab is there: a resize may
        come while they are being added)."""
        if self.catalog is not None and not self._tabs_whole:
            return
        tabs = self.query_one(TabbedContent)
        ids = tab_ids(self.catalog)
        room = max(self.size.width, 1) - _TAB_PADDING * len(ids)
        width: int | None = None
        short = sum(cell_len(str(self.tab_label(tab))) for tab in ids) > room
        if short and sum(cell_len(str(self.tab_label(tab, short=True))) for tab in ids) > room:
            width = max(room // len(ids), 3)
        for tab in ids:
            label = self.tab_label(tab, width, short)
            shown = tabs.get_tab(tab)
            if str(shown.label) != str(label):  # a new label lays out the tabs again
                shown.label = label

    def on_resize(self) -> None:
        if self.catalog is not None:
            self._fit_tab_labels()
        # Below the minimum size everything is hidden and loses focus; give it back.
        self.call_after_refresh(self._refocus)

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return translated(super().active_bindings, self.lang)

    # -- focus -------------------------------------------------------------------------------

    def focus_active(self, tab: str | None = None) -> None:
        """Focus the table of ``tab`` (default: the active tab)."""
        if self.catalog is None or not self.is_attached:
            return
        tabs = self.query_one(TabbedContent)
        if tab is not None and tab != tabs.active:
            return  # a tab no longer shown: focusing in it would pull the tabs back to it
        pane = tabs.active_pane
        if pane is None:
            return
        table: RecordTable | None = None
        if pane.query("BrowseView"):
            from ..widgets.browse_view import BrowseView

            table = pane.query_one(BrowseView).active_table()
        elif tables := pane.query(RecordTable):
            table = tables.first()
            # The overview from its top: what the collaboration is, then the first table.
            # (after the screen's first focus, which centres the table, has scrolled).
            self.set_focus(table, scroll_visible=False)
            view = pane.query_one(OverviewView)
            view.scroll_home(animate=False, immediate=True)
            self.call_after_refresh(view.scroll_home, animate=False)
            return
        if table is not None:
            # At once, not after the next refresh: a key typed right after the number key goes
            # to the new table.
            self.set_focus(table)

    def _refocus(self) -> None:
        if self.catalog is not None and self.focused is None and self.app.screen is self:
            self.focus_active()

    async def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        tab = event.pane.id
        if tab is None or self.app.screen is not self:
            return
        await self.mount_tab(tab)
        if not self._focus_is_in(event.pane):
            self.call_after_refresh(self._focus_landed, event.pane, tab)

    def _focus_is_in(self, pane: Widget) -> bool:
        """Whether focus is in ``pane``, or on the filter line a key typed ahead opened."""
        focused = self.focused
        return focused is not None and (pane in focused.ancestors or isinstance(focused, FilterBar))

    def _focus_landed(self, pane: Widget, tab: str) -> None:
        if not self._focus_is_in(pane):
            self.focus_active(tab)

    def focused_table(self) -> RecordTable | None:
        focused = self.focused
        return focused if isinstance(focused, RecordTable) else None

    # -- keys --------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "go" and isinstance(self.focused, Input):
            return False  # the digit is typed into the field
        if action == "go_back" and self.catalog is None:
            return False
        if action == "go_back":
            return self.back_to is not None and self.location() == self.landed
        return True

    async def action_go(self, number: int) -> None:
        if self.catalog is None:
            self.pending_tab = number  # pressed while loading: shown once the data is in
            return
        ids = tab_ids(self.catalog)
        if 1 <= number <= len(ids):
            await self._switch(ids[number - 1])
            self.focus_active(ids[number - 1])

    # -- jumps -------------------------------------------------------------------------------

    def location(self) -> Location:
        tab = self.query_one(TabbedContent).active
        table = self.focused_table()
        if table is None:
            return (tab, None, None)
        row = table.current()
        return (tab, table.id, row.key if row else None)

    async def jump(self, target: Target) -> bool:
        """Show ``target`` highlighted in its table; False if no table lists it."""
        assert self.catalog is not None
        place = place_of(self.catalog, target)
        if place is None:
            return False
        start = self.location()
        await self._go_to((place[0], place[1], target[1]))
        self.back_to, self.landed = start, (place[0], place[1], target[1])
        return True

    async def action_go_back(self) -> None:
        back, self.back_to, self.landed = self.back_to, None, None
        if back is not None:
            await self._go_to(back)

    async def _switch(self, tab: str) -> None:
        """Show ``tab``, its view mounted, with nothing focused in the tab left behind."""
        await self.mount_tab(tab)
        tabs = self.query_one(TabbedContent)
        # Focus left in a hidden tab would pull the tabs back to it.
        self.set_focus(None)
        tabs.active = tab
        # Its view shown now, not when the tabs' message gets there: the frame between would
        # show the tab left behind, blurred, and be drawn over at once.
        tabs.get_child_by_type(ContentSwitcher).current = tab
        # And laid out before the next frame is drawn, the tabs' row with it: the views shown
        # and hidden ask for a layout, and the tabs to be drawn again, by messages, which a
        # frame drawn meanwhile (of the blurred table, say) would not wait for.
        self.lay_out_before_next_frame(tabs.query_one(Tabs))

    async def _go_to(self, location: Location) -> None:
        tab, table_id, key = location
        await self._switch(tab)
        if table_id is None:
            self.call_after_refresh(self.focus_active)
            return
        table = self.query_one(f"#{table_id}", RecordTable)
        switcher = table.parent
        if isinstance(switcher, ContentSwitcher):
            switcher.current = table_id
        if key is not None:
            if not table.filled:
                table.load()
            if all(r.key != key for r in table.shown):
                table.set_filter("")
            if any(r.key == key for r in table.shown):
                table.move_cursor(row=table.get_row_index(key), animate=False)
        table.focus()

    # -- the filter line ---------------------------------------------------------------------

    async def open_filter(self, table: RecordTable) -> None:
        """Show the filter line for ``table`` and give it the keys from the next one on."""
        self.filter_table = table
        bars = self.query_children(FilterBar)
        bar = bars.first() if bars else FilterBar()
        bar.placeholder = word("filter_hint", self.lang)
        bar.value = table.query_text
        bar.display = True
        if not bars:
            # Mounted when first opened (a session may never filter), before the too-small
            # line and the footer: the order of the screen's children is that of their
            # focus, and of the docked ones' drawing. Focused once mounted: the keys typed
            # meanwhile wait for this (the key's action), and the table keeps the focus
            # until the line is there to be laid out with it (a frame drawn meanwhile would
            # show the table blurred, and the footer's new keys, without the line).
            await self.mount(bar, before=self.query_one(TooSmall))
        self.set_focus(bar)

    def on_input_changed(self, event: FilterBar.Changed) -> None:
        if isinstance(event.input, FilterBar) and self.filter_table is not None:
            self.filter_table.set_filter(event.value)

    def on_input_submitted(self, event: FilterBar.Submitted) -> None:
        if isinstance(event.input, FilterBar):
            self._close_filter()

    def on_filter_bar_cancelled(self, event: FilterBar.Cancelled) -> None:
        if self.filter_table is not None:
            self.filter_table.set_filter("")
        self._close_filter()

    def _close_filter(self) -> None:
        for bar in self.query_children(FilterBar):
            bar.display = False
        table, self.filter_table = self.filter_table, None
        if table is not None:
            table.focus()
