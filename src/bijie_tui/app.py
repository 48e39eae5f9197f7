"""The terminal explorer: an overview, one tab per sector, and the sources."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import Callable
from functools import partial
from typing import ClassVar

from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import CommandPalette
from textual.content import Content
from textual.driver import Driver
from textual.markup import escape
from textual.screen import Screen
from textual.scrollbar import ScrollBar, ScrollBarRender
from textual.widgets import ContentSwitcher, Footer, Header, Static, TabbedContent, TabPane

from .commands import JumpProvider
from .display import Display
from .model.details import copy_text, tr
from .model.errors import DatasetError
from .model.format import Lang
from .model.query import Catalog
from .model.safe import printable
from .model.tables import (
    Target,
    context_table,
    entity_table,
    headline_table,
    indicator_table,
    pairing_table,
    source_table,
    timeline_table,
)
from .screens.detail_screen import DetailScreen
from .screens.help_screen import HelpScreen
from .widgets.browse_view import BrowseView
from .widgets.detail import DetailPane
from .widgets.filter_bar import FilterBar
from .widgets.glyphs import AsciiScrollBarRender
from .widgets.overview import OverviewView
from .widgets.record_table import RecordTable
from .widgets.text import plain_str, use_ascii
from .widgets.too_small import MIN_HEIGHT, MIN_WIDTH, TooSmall

_WORDS: dict[str, tuple[str, str]] = {
    "overview": ("Overview", "概览"),
    "sources": ("Sources", "来源"),
    "copied": ("Copied to the clipboard: {text}", "已复制到剪贴板:{text}"),
    "no_clipboard": ("The clipboard is not available here", "此处无法使用剪贴板"),
    "filter_hint": ("Filter (enter keeps it, escape clears)", "筛选(enter保留,escape清除)"),
}

Location = tuple[str, str | None, str | None]
"""Where the user was: tab, table id and highlighted row key."""


def _word(key: str, lang: Lang) -> str:
    en, zh = _WORDS[key]
    return en if lang == "en" else zh


class BijieApp(App[None]):
    """Guangzhou–Bijie east–west collaboration explorer."""

    CSS_PATH = "app.tcss"
    TITLE = "bijie-tui"
    COMMANDS = App.COMMANDS | {JumpProvider}
    HORIZONTAL_BREAKPOINTS = [  # noqa: RUF012
        (0, "-too-small"),
        (MIN_WIDTH, "-narrow"),
        (120, "-wide"),
    ]
    VERTICAL_BREAKPOINTS = [  # noqa: RUF012
        (0, "-too-short"),
        (MIN_HEIGHT, "-tall-enough"),
    ]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit"),
        Binding("ctrl+c", "quit", "Quit", show=False),
        Binding("l", "toggle_lang('zh')", "中文", tooltip="Switch to Chinese everywhere"),
        Binding("l", "toggle_lang('en')", "English", tooltip="Switch to English everywhere"),
        Binding("question_mark", "help", "Keys", tooltip="Every key with what it does"),
        Binding("escape", "go_back", "Back", tooltip="Back to where you were before the jump"),
        *(Binding(str(n), f"go({n})", f"Tab {n}", show=False) for n in range(1, 10)),
    ]

    def __init__(
        self,
        catalog: Catalog | None = None,
        lang: Lang = "en",
        display: Display | None = None,
        loader: Callable[[], Catalog] | None = None,
    ) -> None:
        """Explore ``catalog``, or the one ``loader`` returns (called once the screen is up)."""
        self.display_mode = display or Display()
        mode = self.display_mode
        # The terminal's own 16 colours (and, with NO_COLOR, none at all, not greys).
        super().__init__(ansi_color=True if mode.low_bandwidth or mode.no_color else None)
        self._catalog = catalog
        self._loader = loader
        self.load_error: str | None = None
        """Why the dataset could not be loaded (the app has then exited with status 2)."""
        self.lang: Lang = lang
        mode = self.display_mode
        if mode.low_bandwidth or mode.no_color:
            self.theme = "ansi-dark"
        if not mode.animations:
            self.animation_level = "none"
        use_ascii(mode.ascii)
        ScrollBar.renderer = AsciiScrollBarRender if mode.ascii else ScrollBarRender
        if mode.ascii:
            self.add_class("-ascii")
        self.history: list[Location] = []
        self.filter_table: RecordTable | None = None

    # -- layout ------------------------------------------------------------------------------

    @property
    def catalog(self) -> Catalog:
        assert self._catalog is not None, "the dataset is still loading"
        return self._catalog

    @property
    def loaded(self) -> bool:
        return self._catalog is not None

    def tab_ids(self) -> list[str]:
        if self._catalog is None:
            return ["overview"]
        return ["overview", *(s.id for s in self.catalog.data.sectors), "sources"]

    def _tab_label(self, tab: str) -> Content:
        if tab in ("overview", "sources"):
            return Content(_word(tab, self.lang))
        return Content(plain_str(printable(tr(self.catalog.sectors[tab].name, self.lang))))

    def compose(self) -> ComposeResult:
        yield Header(icon="*" if self.display_mode.ascii else "⭘")
        with TabbedContent(id="tabs"):
            with TabPane(self._tab_label("overview"), id="overview"):
                if self._catalog is None:
                    # Shown while the dataset loads, so that the first paint comes quickly.
                    loading = "Loading the dataset…" if self.lang == "en" else "正在载入数据……"
                    yield Static(plain_str(loading), id="loading")
                else:
                    yield self._overview_view()
            if self._catalog is not None:
                yield from self._data_panes()
        filter_bar = FilterBar()
        filter_bar.display = False
        yield filter_bar
        yield TooSmall()
        yield Footer(compact=True)

    def _overview_view(self) -> OverviewView:
        catalog = self.catalog
        return OverviewView(
            [
                ("headlines", partial(headline_table, catalog)),
                ("pairings", partial(pairing_table, catalog)),
                ("timeline", partial(timeline_table, catalog)),
                ("context", partial(context_table, catalog)),
            ],
            self.lang,
        )

    def _data_panes(self) -> list[TabPane]:
        """One pane per sector and the sources, empty until first shown (see ``_fill_pane``)."""
        return [TabPane(self._tab_label(tab), id=tab) for tab in self.tab_ids()[1:]]

    def _view_of(self, tab: str) -> BrowseView:
        catalog, lang = self.catalog, self.lang
        if tab == "sources":
            return BrowseView(catalog, [("sources-table", partial(source_table, catalog))], lang)
        tables = [(f"{tab}-indicators", partial(indicator_table, catalog, tab))]
        if any(e.sector == tab for e in catalog.data.entities):
            tables.append((f"{tab}-entities", partial(entity_table, catalog, tab)))
        return BrowseView(catalog, tables, lang, id=f"view-{tab}")

    async def _fill_pane(self, tab: str) -> None:
        """Mount a tab's view the first time it is shown: start-up pays only for the first."""
        if tab == "overview" or not self.loaded or not self.screen_stack:
            return
        pane = self.screen_stack[0].query_one(f"#{tab}", TabPane)
        if not pane.query(BrowseView):
            await pane.mount(self._view_of(tab))

    def _load(self) -> None:
        """In a thread: load the dataset, then show it (or leave with its error)."""
        assert self._loader is not None
        try:
            catalog = self._loader()
        except DatasetError as exc:
            self.call_from_thread(self._failed, str(exc))
        else:
            self.call_from_thread(self._loaded, catalog)

    def _loaded(self, catalog: Catalog) -> None:
        self._catalog = catalog
        self.title = plain_str(printable(tr(catalog.data.title, self.lang)))
        self.call_later(self._show_loaded)

    async def _show_loaded(self) -> None:
        overview = self.query_one("#overview", TabPane)
        await overview.query_one("#loading").remove()
        await overview.mount(self._overview_view())
        tabs = self.query_one(TabbedContent)
        for pane in self._data_panes():
            await tabs.add_pane(pane)
        self._focus_active()
        self.refresh_bindings()

    def _failed(self, message: str) -> None:
        self.load_error = message
        self.exit(return_code=2)

    def on_mount(self) -> None:
        if self._catalog is None and self._loader is not None:
            self.run_worker(self._load, thread=True, name="load dataset")
        elif self._catalog is not None:
            self.title = plain_str(printable(tr(self.catalog.data.title, self.lang)))
            self._focus_active()
        if self.is_headless:
            return
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGHUP):
            # The connection dropped or we were asked to stop: restore the terminal and go.
            loop.add_signal_handler(signum, self.exit)

    def action_command_palette(self) -> None:
        """The palette, with a prompt in the language shown (and in ASCII when needed)."""
        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]
            prompt = "Jump to… or run a command" if self.lang == "en" else "跳转到……或执行命令"
            self.push_screen(CommandPalette(placeholder=plain_str(prompt), id="--command-palette"))

    def format_title(self, title: str, sub_title: str) -> Content:
        if not self.display_mode.ascii or not sub_title:
            return super().format_title(title, sub_title)
        return Content.assemble(Content(title), (" - ", "dim"), Content(sub_title).stylize("dim"))

    def get_key_display(self, binding: Binding) -> str:
        shown = super().get_key_display(binding)
        if self.display_mode.ascii and not shown.isascii():
            return binding.key.split("+")[-1] if binding.key.isascii() else "?"
        return shown

    def get_driver_class(self) -> type[Driver]:
        if sys.platform == "win32" or os.environ.get("TEXTUAL_DRIVER"):
            return super().get_driver_class()
        from .driver import LeanDriver, MonochromeDriver

        return MonochromeDriver if self.display_mode.no_color else LeanDriver

    def _focus_active(self, tab: str | None = None) -> None:
        """Focus the table of ``tab`` (default: the active tab)."""
        if not self.screen_stack or not self.loaded:
            return  # leaving, or still loading
        tabs = self.screen_stack[0].query_one(TabbedContent)
        if tab is not None and tab != tabs.active:
            return  # a tab no longer shown: focusing in it would pull the tabs back to it
        pane = tabs.active_pane
        if pane is None:
            return
        views = pane.query(BrowseView)
        if views:
            views.first().active_table().focus()
            return
        tables = pane.query(RecordTable)
        if tables:
            tables.first().focus()

    def on_resize(self) -> None:
        # Below the minimum size everything is hidden and loses focus; give it back.
        self.call_after_refresh(self._refocus)

    def _refocus(self) -> None:
        if self.loaded and self.focused is None and self.screen is self.screen_stack[0]:
            self._focus_active()

    async def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        tab = event.pane.id
        if tab is None or not self.screen_stack or self.screen is not self.screen_stack[0]:
            return
        await self._fill_pane(tab)
        focused = self.screen.focused
        if focused is None or event.pane not in focused.ancestors:
            self.call_after_refresh(self._focus_active, tab)

    def focused_table(self) -> RecordTable | None:
        focused = self.focused
        return focused if isinstance(focused, RecordTable) else None

    # -- keys --------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self._catalog is None:
            return action in ("quit", "help", "command_palette")
        if action == "go_back":
            return bool(self.history) and not isinstance(self.screen, DetailScreen)
        if action == "go":
            return self.screen is self.screen_stack[0]
        if action == "toggle_lang" and parameters:
            return parameters[0] != self.lang
        return True

    async def action_go(self, number: int) -> None:
        ids = self.tab_ids()
        if 1 <= number <= len(ids):
            await self._switch(ids[number - 1])
            self.call_after_refresh(self._focus_active, ids[number - 1])

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.lang))

    def action_toggle_lang(self, lang: str | None = None) -> None:
        """Switch to ``lang`` (or to the other language) everywhere at once."""
        self.lang = "zh" if self.lang == "en" else "en"
        lang = self.lang
        if self._catalog is None:
            return
        self.title = plain_str(printable(tr(self.catalog.data.title, lang)))
        base = self.screen_stack[0]
        with self.batch_update():
            tabs = base.query_one(TabbedContent)
            for tab in self.tab_ids():
                tabs.get_tab(tab).label = self._tab_label(tab)
            for view in base.query(OverviewView):
                view.relang(lang)
            for browse in base.query(BrowseView):
                browse.relang(lang)
            for screen in self.screen_stack[1:]:
                if isinstance(screen, DetailScreen):
                    screen.relang(lang)
        self.refresh_bindings()

    # -- opening, following, jumping ---------------------------------------------------------

    def on_record_table_open(self, event: RecordTable.Open) -> None:
        self.open_detail(event.target)

    def on_detail_pane_follow(self, event: DetailPane.Follow) -> None:
        self.open_detail(event.target)

    def open_detail(self, target: Target) -> None:
        self.push_screen(DetailScreen(self.catalog, target, self.lang))

    def _location(self) -> Location:
        tab = self.query_one(TabbedContent).active
        table = self.focused_table()
        if table is None:
            return (tab, None, None)
        row = table.current()
        return (tab, table.id, row.key if row else None)

    def place_of(self, target: Target) -> tuple[str, str] | None:
        """The tab and table that list ``target``, if any."""
        kind, ident = target
        catalog = self.catalog
        if kind == "indicator" and ident in catalog.series:
            return catalog.indicators[
                ident
            ].sector, f"{catalog.indicators[ident].sector}-indicators"
        if kind == "entity" and ident in catalog.entities:
            return catalog.entities[ident].sector, f"{catalog.entities[ident].sector}-entities"
        if kind == "source" and ident in catalog.sources:
            return "sources", "sources-table"
        if kind == "event":
            return "overview", "timeline"
        if kind == "region" and any(p.county == ident for p in catalog.data.pairings):
            return "overview", "pairings"
        return None

    async def jump(self, target: Target) -> None:
        """Show ``target`` highlighted in its table (or its detail when no table lists it)."""
        while len(self.screen_stack) > 1:
            self.pop_screen()
        place = self.place_of(target)
        if place is None:
            self.open_detail(target)
            return
        self.history.append(self._location())
        await self._go_to((place[0], place[1], target[1]))

    async def action_jump(self, kind: str, ident: str) -> None:
        await self.jump((kind, ident))  # type: ignore[arg-type]

    async def _switch(self, tab: str) -> None:
        """Show ``tab``, its view mounted, with nothing focused in the tab left behind."""
        await self._fill_pane(tab)
        # Focus left in a hidden tab would pull the tabs back to it.
        self.screen_stack[0].set_focus(None)
        self.query_one(TabbedContent).active = tab

    async def _go_to(self, location: Location) -> None:
        tab, table_id, key = location
        await self._switch(tab)
        if table_id is None:
            self.call_after_refresh(self._focus_active)
            return
        table = self.screen_stack[0].query_one(f"#{table_id}", RecordTable)
        switcher = table.parent
        if isinstance(switcher, ContentSwitcher):
            switcher.current = table_id
        if key is not None:
            if table.spec is None:
                table.load(self.lang)
            if all(r.key != key for r in table.shown):
                table.set_filter("")
            if any(r.key == key for r in table.shown):
                table.move_cursor(row=table.get_row_index(key), animate=False)
        table.focus()

    async def action_go_back(self) -> None:
        if self.history:
            await self._go_to(self.history.pop())

    # -- filter, copy ------------------------------------------------------------------------

    def on_record_table_filter_requested(self, event: RecordTable.FilterRequested) -> None:
        bar = self.query_one(FilterBar)
        self.filter_table = event.table
        bar.placeholder = _word("filter_hint", self.lang)
        bar.value = event.table.query_text
        bar.display = True
        bar.focus()

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
        bar = self.query_one(FilterBar)
        bar.display = False
        table, self.filter_table = self.filter_table, None
        if table is not None:
            table.focus()

    def on_record_table_copy(self, event: RecordTable.Copy) -> None:
        self.copy_record(event.target)

    def on_detail_screen_copy(self, event: DetailScreen.Copy) -> None:
        self.copy_record(event.target)

    def copy_record(self, target: Target) -> None:
        """Put ``target`` with its source on the clipboard (OSC 52) and say what was copied."""
        text = printable(copy_text(self.catalog, target, self.lang))
        shown = plain_str(text)
        try:
            self.copy_to_clipboard(text)
        except Exception:  # the terminal went away or refused the write
            self.notify(_word("no_clipboard", self.lang), severity="warning")
            return
        short = shown if len(shown) <= 70 else shown[:69] + plain_str("…")
        self.notify(_word("copied", self.lang).format(text=short), markup=False)

    def get_system_commands(self, screen: Screen[object]) -> list[SystemCommand]:
        lang = self.lang
        commands = [
            SystemCommand(
                "English / 中文",
                "Switch the language everywhere" if lang == "en" else "切换界面与数据语言",
                self.action_toggle_lang,
            ),
            SystemCommand(
                "Keys" if lang == "en" else "按键",
                "Every key with what it does" if lang == "en" else "所有按键及其作用",
                self.action_help,
            ),
        ]
        for number, tab in enumerate(self.tab_ids(), start=1):
            label = str(self._tab_label(tab))
            commands.append(
                SystemCommand(
                    # The palette reads titles as markup: a sector's name must stay text.
                    escape(f"{'Go to' if lang == 'en' else '转到'} {label}"),
                    f"Tab {number}",
                    partial(self.action_go, number),
                )
            )
        commands.extend(super().get_system_commands(screen))
        return commands
