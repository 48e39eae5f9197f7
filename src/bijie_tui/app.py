"""The App: the terminal it draws on, loading the dataset, the language and the clipboard.

Moving around the dataset is the explorer screen's business (:mod:`.screens.explorer_screen`);
the App opens records, jumps and copies for whichever screen asks, by message.
"""

from __future__ import annotations

import asyncio
import gc
import os
import sys
from collections.abc import Callable, Iterable, Mapping
from functools import partial
from pathlib import Path
from typing import ClassVar

from textual.app import SystemCommand
from textual.binding import Binding, BindingType
from textual.command import CommandInput, CommandPalette, Provider
from textual.content import Content
from textual.driver import Driver
from textual.reactive import reactive
from textual.screen import Screen
from textual.scrollbar import ScrollBar, ScrollBarRender
from textual.theme import Theme
from textual.widgets import LoadingIndicator

from .display import Display, served
from .faults import ReportsCrashes, end_on_signals
from .messages import CopyRecord, JumpTo, OpenRecord
from .model.errors import DatasetError
from .model.format import Lang
from .model.graphemes import first
from .model.query import Catalog
from .model.safe import printable
from .model.tabs import tab_ids
from .model.words import other, tr, word
from .screens.explorer_screen import ExplorerScreen
from .textual_private import (
    PALETTE_BUSY,
    AheadStylesheet,
    ParsedCss,
    driver_of,
    parse_ahead,
)
from .widgets.glyphs import AsciiScrollBarRender
from .widgets.keys import bindings
from .widgets.record_table import RecordTable
from .widgets.text import plain_str, use_ascii, use_links
from .widgets.too_small import MIN_HEIGHT, MIN_WIDTH

_FIRST_SCREEN_CHECKS = 50
"""How many times the first screen is looked at for tables still to be filled or changes not
yet laid out, at most."""


LOADING_FRAME = 1 / 16
"""Seconds between two frames of the palette's loading indicator (Textual's)."""

PLAIN_THEME = "ansi-dark"
"""The theme of the low-bandwidth display and of NO_COLOR: the terminal's own colours."""

CSS_AHEAD: list[ParsedCss] = []
"""The app's CSS parsed before any app was made (:func:`parse_css_ahead`)."""

_THEME_COLOURS: dict[int, tuple[Theme, dict[str, str]]] = {}
"""The colours each theme generates (Textual's ColorSystem.generate), by theme: generated once
in a process (by the fork server, for its sessions' start theme, as it parses their CSS ahead),
not each time an app asks for its CSS variables (twice as it starts)."""


def _jump_provider() -> type[Provider]:
    """The palette's "jump to" (imported when the palette first opens, not at the start)."""
    from .commands import JumpProvider

    return JumpProvider


def _commands_provider() -> type[Provider]:
    """The app's own commands, the tabs in tab order when nothing is typed."""
    from .commands import OrderedCommands

    return OrderedCommands


class Palette(CommandPalette):
    """Textual's palette, quiet while idle: a steady cursor in its search line, as in the
    filter line (a blinking one writes to the terminal twice a second for as long as the
    palette is open, over however slow a link), and its loading indicator's animation timer
    running only while the indicator is shown (Textual's wakes the app 16 times a second,
    shown or not)."""

    def on_mount(self) -> None:
        self.query_one(CommandInput).cursor_blink = False
        # The palette's own reactive that shows the indicator; watching a name that is gone
        # raises here, at the first palette (and in tests/test_textual_private.py).
        self.watch(self, PALETTE_BUSY, self._animate_indicator)

    def _animate_indicator(self, busy: bool) -> None:
        self.query_one(LoadingIndicator).auto_refresh = LOADING_FRAME if busy else None


def parse_css_ahead(theme: str | None = None) -> None:
    """Parse the app's CSS and the default CSS of every widget class imported so far, now, with
    the variables of ``theme`` (None: the default one), for the apps made later (in this
    process or in those forked from it: the fork server's sessions), which find these rules
    parsed rather than parse them again. An app in another theme parses its own."""
    from textual.app import App
    from textual.widget import Widget

    def subclasses(cls: type[Widget]) -> Iterable[type[Widget]]:
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    app = BijieApp()  # made for its stylesheet, never run
    if theme is not None:
        app.set_reactive(App.theme, theme)  # no watcher: nothing is applied
    CSS_AHEAD.append(parse_ahead(app, dict.fromkeys(subclasses(Widget))))


class BijieApp(ReportsCrashes):
    """Guangzhou–Bijie east–west collaboration explorer."""

    CSS_PATH = "app.tcss"
    TITLE = "bijie-tui"
    # The system commands are the explorer's own, in the language shown (see
    # get_system_commands), not Textual's.
    COMMANDS = {_commands_provider, _jump_provider}  # noqa: RUF012
    HORIZONTAL_BREAKPOINTS = [  # noqa: RUF012
        (0, "-too-small"),
        (MIN_WIDTH, "-narrow"),
        (120, "-wide"),
    ]
    VERTICAL_BREAKPOINTS = [  # noqa: RUF012
        (0, "-too-short"),
        (MIN_HEIGHT, "-tall-enough"),
    ]
    BINDINGS: ClassVar[list[BindingType]] = bindings("app")

    lang: reactive[Lang] = reactive("en", init=False)
    """The language of every word and name shown, kept here alone: screens and widgets read
    it and follow its changes through :class:`~.widgets.lang.Speaks`."""

    def __init__(
        self,
        catalog: Catalog | None = None,
        lang: Lang = "en",
        display: Display | None = None,
        loader: Callable[[], Catalog] | None = None,
        *,
        theme: str | None = None,
        keymap: Mapping[str, str] | None = None,
        config_file: Path | None = None,
    ) -> None:
        """Explore ``catalog``, or the one ``loader`` returns (called once the screen is up).

        ``theme`` and ``keymap`` (binding id -> keys) come from the config file, where
        "Save theme to config" writes (``config_file``; by default the usual place).
        """
        self.display_mode = mode = display or Display()
        # The terminal's own 16 colours (and, with NO_COLOR, none at all, not greys).
        super().__init__(ansi_color=True if mode.low_bandwidth or mode.no_color else None)
        self.set_reactive(BijieApp.lang, lang)
        self._catalog = catalog
        self._loader = loader
        self.hold_first_screen = catalog is not None or loader is not None
        """Whether the terminal gets the first screen only once it shows the dataset (the
        driver holds the frames drawn before: the loading line, tables not yet filled)."""
        self._first_screen_checks = 0
        self._first_screen_layouts = 0
        self.load_error: str | None = None
        """Why the dataset could not be loaded (the app has then exited with status 2)."""
        if mode.low_bandwidth or mode.no_color:
            self.theme = PLAIN_THEME
        elif theme is not None:
            self.theme = theme
        self.keymap: dict[str, str] = dict(keymap or {})
        """The keys the config file moves: binding id -> keys."""
        self.set_keymap(self.keymap)
        if "palette" in self.keymap:  # the footer shows the palette's key by this name
            self.__dict__["COMMAND_PALETTE_BINDING"] = self.keymap["palette"].split(",")[0]
        self.config_file = config_file
        if not mode.animations:
            self.animation_level = "none"
        use_ascii(mode.ascii)
        use_links(mode.links and not mode.ascii)
        ScrollBar.renderer = AsciiScrollBarRender if mode.ascii else ScrollBarRender
        if mode.ascii:
            self.add_class("-ascii")
        if not (mode.low_bandwidth or mode.no_color) and self.console.color_system in (
            "standard",
            "windows",
        ):
            # 16 colours: the theme's accent comes out bright red, which reads as an error.
            self.add_class("-sixteen")
        self.explorer = ExplorerScreen(catalog)
        # With the variables of the theme set above (applied once the app runs, by a parse
        # with them: from the start, the CSS is parsed with those variables only).
        self.stylesheet = AheadStylesheet(variables=self.get_css_variables(), ahead=CSS_AHEAD)

    def get_css_variables(self) -> dict[str, str]:
        # Textual's, with each theme's generated colours kept (most of its work).
        theme = self.current_theme
        kept = _THEME_COLOURS.get(id(theme))
        if kept is None or kept[0] is not theme:
            kept = _THEME_COLOURS[id(theme)] = (theme, theme.to_color_system().generate())
        variables = {**kept[1], **theme.variables}
        combined = {**self.get_theme_variable_defaults(), **variables}
        self.theme_variables = combined
        return combined

    # -- the dataset -------------------------------------------------------------------------

    @property
    def catalog(self) -> Catalog:
        assert self._catalog is not None, "the dataset is still loading"
        return self._catalog

    @property
    def loaded_catalog(self) -> Catalog | None:
        """The dataset, or None while it loads."""
        return self._catalog

    @property
    def loaded(self) -> bool:
        return self._catalog is not None

    def tab_ids(self) -> list[str]:
        return tab_ids(self._catalog)

    # -- the theme ---------------------------------------------------------------------------

    _theme_now: tuple[str, Theme] | None = None

    @property
    def current_theme(self) -> Theme:
        # Textual's looks the theme up in a copy of every theme at each call: a few times for
        # each line drawn (the terminal's colours), a few hundred times for a first screen.
        name = self.theme
        now = self._theme_now
        if now is None or now[0] != name:
            now = self._theme_now = (name, super().current_theme)
        return now[1]

    def register_theme(self, theme: Theme) -> None:
        self._theme_now = None
        super().register_theme(theme)

    def unregister_theme(self, theme_name: str) -> None:
        self._theme_now = None
        super().unregister_theme(theme_name)

    def get_default_screen(self) -> Screen[None]:
        return self.explorer

    def on_mount(self) -> None:
        if self._catalog is None and self._loader is not None:
            self.run_worker(self._load, thread=True, name="load dataset")
        elif self._catalog is not None:
            self.watch_lang(self.lang)
            self.call_after_refresh(self._show_first_screen)
        if self.is_headless:
            return
        # Back from a stop (SIGTSTP, then fg): the terminal showed something else meanwhile.
        self.app_resume_signal.subscribe(self, self.repaint_everything)
        # The connection dropped, we were asked to stop, or a signal would end the process
        # where it stands: restore the terminal and go, with the status a shell expects.
        end_on_signals(asyncio.get_running_loop(), self._ended_by)

    def _ended_by(self, signum: int) -> None:
        self.exit(return_code=128 + signum)

    def repaint_everything(self, _app: object = None) -> None:
        """Draw every cell of the screen again, as if the terminal showed nothing of ours."""
        screen = self.screen
        screen.refresh(layout=True)
        for widget in screen.walk_children(with_self=False):
            widget.refresh()

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
        self.watch_lang(self.lang)
        self.call_later(self._show_loaded, catalog)

    async def _show_loaded(self, catalog: Catalog) -> None:
        await self.explorer.show_catalog(catalog)
        self.call_after_refresh(self._show_first_screen)

    def _show_first_screen(self) -> None:
        """Once every table shown is filled and nothing is left to lay out (the footer's keys
        included), the terminal gets the screen."""
        unfilled = any(
            not table.filled and table.size.width > 0 for table in self.screen.query(RecordTable)
        )
        self._first_screen_checks += 1
        # A layout since the last look: the widgets it resized (the tables' scrollbars) may
        # still ask to be drawn again; drawn after the first screen, they would be a frame of
        # their own, the same cells again.
        laid_out = self.explorer.layouts != self._first_screen_layouts
        self._first_screen_layouts = self.explorer.layouts
        waiting = unfilled or laid_out or self.explorer.has_undrawn_changes()
        if waiting and self._first_screen_checks < _FIRST_SCREEN_CHECKS:
            self.call_after_refresh(self._show_first_screen)
            return
        show = getattr(driver_of(self), "show_first_screen", None)
        if show is not None:
            show()
            if self.screen is self.explorer:
                self.explorer.draw_now()  # the whole screen, not at the next frame's turn
        self.explorer.build_while_idle()
        if not gc.isenabled():
            # Paused for the start (by the command line): what the start made stays, and is
            # not looked through again by every full collection from now on.
            gc.freeze()
            gc.enable()

    def first_screen_held(self) -> bool:
        """Whether the terminal shows nothing of the app yet: a frame drawn now would only be
        held, and drawn over before it is shown (the whole screen is drawn once it is)."""
        return bool(getattr(driver_of(self), "holding", False))

    def _failed(self, message: str) -> None:
        self.load_error = message
        self.exit(return_code=2)

    # -- the language ------------------------------------------------------------------------

    def watch_lang(self, lang: Lang) -> None:
        if self._catalog is not None:
            self.title = plain_str(printable(tr(self._catalog.data.title, lang)))

    def set_lang(self, lang: Lang) -> None:
        """Show ``lang`` everywhere at once."""
        with self.batch_update():
            self.lang = lang

    def action_toggle_lang(self) -> None:
        self.set_lang(other(self.lang))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self._catalog is None:
            return action in ("quit", "help", "command_palette")
        return True

    # -- the terminal ------------------------------------------------------------------------

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

    def action_screenshot(self, filename: str | None = None, path: str | None = None) -> None:
        if served(os.environ):  # a served session writes nothing on the server
            self.notify(word("screenshot_off", self.lang), severity="warning", markup=False)
            return
        super().action_screenshot(filename, path)

    # -- records: open, jump, copy -----------------------------------------------------------

    def on_open_record(self, event: OpenRecord) -> None:
        from .screens.detail_screen import DetailScreen

        self.push_screen(DetailScreen(self.catalog, event.target))

    async def on_jump_to(self, event: JumpTo) -> None:
        from .screens.detail_screen import DetailScreen

        while self.screen is not self.explorer:
            self.pop_screen()
        if not await self.explorer.jump(event.target):
            self.push_screen(DetailScreen(self.catalog, event.target))

    def on_copy_record(self, event: CopyRecord) -> None:
        """Put the record with its source on the clipboard (OSC 52) and say what was copied."""
        from .model.details import copy_text

        text = printable(copy_text(self.catalog, event.target, self.lang))
        shown = plain_str(text)
        try:
            self.copy_to_clipboard(text)
        except Exception:  # the terminal went away or refused the write
            self.notify(word("no_clipboard", self.lang), severity="warning")
            return
        short = shown if len(shown) <= 70 else first(shown, 69) + plain_str("…")
        self.notify(word("copied", self.lang, text=short), markup=False)

    # -- help and the palette ----------------------------------------------------------------

    def action_help(self) -> None:
        from .screens.help_screen import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(len(self.tab_ids()), self.keymap))

    def action_command_palette(self) -> None:
        """The palette, with a prompt in the language shown (and in ASCII when needed)."""
        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]
            prompt = plain_str(word("palette_prompt", self.lang))
            self.push_screen(Palette(placeholder=prompt, id="--command-palette"))

    def search_themes(self) -> None:
        """Textual's theme picker, with its prompt in the language shown."""
        from textual.theme import ThemeProvider

        prompt = plain_str(word("theme_prompt", self.lang))
        self.push_screen(Palette(providers=[ThemeProvider], placeholder=prompt))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        from .commands import explorer_commands

        tabs: list[tuple[str, Callable[[], object]]] = []
        if self._catalog is not None:
            tabs = [
                (str(self.explorer.tab_label(tab)), partial(self.explorer.action_go, number))
                for number, tab in enumerate(self.tab_ids(), start=1)
            ]
        return explorer_commands(
            self.lang,
            ascii_only=self.display_mode.ascii,
            toggle_lang=self.action_toggle_lang,
            keys=self.action_help,
            tabs=tabs,
            theme=self.action_change_theme,
            save_theme=self.action_save_theme,
            quit=self.action_quit,
        )

    def action_save_theme(self) -> None:
        """Keep the theme in use in the config file (its other lines stay as they are)."""
        from .config import NotWritten, config_path, save_theme

        lang = self.lang
        try:
            path = save_theme(self.config_file or config_path(os.environ), self.theme, os.environ)
        except NotWritten as exc:
            self.notify(word("theme_not_saved", lang, why=printable(str(exc))), markup=False)
        except OSError as exc:
            why = printable(f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": "))
            self.notify(word("theme_not_saved", lang, why=why), severity="warning", markup=False)
        else:
            self.notify(
                word("theme_saved", lang, theme=self.theme, path=printable(str(path))),
                markup=False,
            )
