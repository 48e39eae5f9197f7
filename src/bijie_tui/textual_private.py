"""Every name of Textual's own that is not public (a leading underscore), used here and nowhere
else in the program.

Each use is listed in :data:`PRIVATE`, with why it is needed; all were checked against Textual
:data:`TEXTUAL_CHECKED`, the version ``pyproject.toml`` pins. ``tests/test_textual_private.py``
fails, naming the name, when the Textual installed is another version or no longer has one of
them, and when a module other than this one uses one. Those that work around a behaviour of
Textual that could be fixed upstream name the issue written for it in
``docs/upstream-issues.md``: the day Textual fixes it, the use goes.

The rest of the program reaches them only through what this module gives:

- :class:`FrameScreen`, a screen whose frames are scheduled for a fast first screen and
  one-frame tab switches (the explorer is one), and which, as every :class:`MappedScreen`,
  draws with a :class:`CroppedCompositor` (only the widgets, and their lines, that a change
  touches);
- :class:`SteadyScrollView`, a scroll view whose scrollbars a layout leaves alone unless a
  size changed (the tables); it and :class:`SteadyVerticalScroll` (the overview) show their
  vertical scrollbar in the layout that finds their content too tall, not in a second one;
- :class:`TabBook`, Textual's TabbedContent whose tabs are one widget that draws them
  (:class:`DrawnTabs`), and whose panes are mounted when first shown;
- :class:`PartsFooter`, :class:`DrawnKey`, :func:`restart_tooltip`, for the footer that
  draws its keys itself;
- :class:`PartsHeader`, :class:`DrawnIcon`, :class:`DrawnTitle`, :class:`DrawnClockSpace` and
  :func:`arrange_parts`, for the header that draws its parts itself;
- :func:`driver_of`, :func:`screen_as_written`, :data:`PALETTE_BUSY`;
- :class:`ErrorHooks`, the App's handling of an unexpected error;
- :func:`parse_ahead` and :class:`AheadStylesheet`, the App's CSS parsed before the App is
  made;
- :class:`DriverHooks`, the terminal driver's signals and its file, app and loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import os
import selectors
from codecs import getincrementaldecoder
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from time import monotonic
from types import CodeType, FunctionType
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, TextIO, TypeVar

import textual._callback as textual_callback
import textual.css._style_properties as style_properties
from rich.console import Console
from textual import constants, events, messages
from textual._arrange import arrange
from textual._compositor import ChopsUpdate, Compositor, LayoutUpdate, ReflowResult
from textual._on import OnNoWidget
from textual._parser import ParseError
from textual._time import get_time
from textual._xterm_parser import XTermParser
from textual.app import App, ComposeResult
from textual.await_complete import AwaitComplete
from textual.containers import VerticalScroll
from textual.content import Content, ContentText
from textual.css.match import match
from textual.css.query import NoMatches
from textual.css.styles import RulesMap, Styles
from textual.css.stylesheet import Stylesheet
from textual.css.types import PointerShape
from textual.dom import DOMNode, NoScreen
from textual.drivers.linux_driver import LinuxDriver
from textual.errors import NoWidget
from textual.geometry import Region, Size
from textual.message import Message
from textual.message_pump import MessagePump, _MessagePumpMeta
from textual.screen import Screen
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import AwaitMount, Widget
from textual.widgets import ContentSwitcher, Footer, Header, Tab, TabbedContent, TabPane, Tabs
from textual.widgets._footer import FooterKey
from textual.widgets._header import HeaderClockSpace, HeaderIcon, HeaderTitle
from textual.widgets._tabbed_content import ContentTab, ContentTabs
from textual.widgets._tabs import Underline

if TYPE_CHECKING:
    from textual.driver import Driver

TEXTUAL_CHECKED = "8.2.8"
"""The version of Textual every name below was read in."""


@dataclass(frozen=True)
class Private:
    """One private name of Textual's that the program uses."""

    owner: str
    """Where Textual defines it: a class (``textual.screen.Screen``) or a module."""
    name: str
    why: str
    upstream: str = ""
    """The heading of the issue written for it in ``docs/upstream-issues.md``, if any."""


FOOTER_ISSUE = "Footer recomposes all its keys on every change of bindings"
HEADER_ISSUE = "Header is four widgets where one would draw it"
MAP_ISSUE = "Compositor's full map stays marked stale after a layout has made it again"
RESUME_ISSUE = "A screen made active the first time restyles every widget"
UNDERLINE_ISSUE = "Tabs: no way to move the underline without animating it"
TABS_ISSUE = "Tabs mount a widget for each tab, and four more"
ESCAPE_ISSUE = "A lone ESC acts up to 0.1 s after its escape delay"
RELAYOUT_ISSUE = "A layout that changes a widget's virtual size lays the screen out again"
CROP_ISSUE = "A partial update renders every widget in the box around all changes, whole"
OFFSCREEN_ISSUE = "Refreshing a widget laid out below the screen marks the whole map stale"
SCROLL_SIZE_ISSUE = "ScrollView compares the layout's virtual size with its own on every layout"
SCROLLBAR_ISSUE = "A scrollbar that a layout finds needed is shown only in a second layout"
PARAMETERS_ISSUE = "The parameters of every callback given to call_later are counted anew"
DISPATCH_ISSUE = "The handlers of a message are looked up through the whole MRO for each message"

SCREEN = "textual.screen.Screen"
LINUX = "textual.drivers.linux_driver.LinuxDriver"
COMPOSITOR = "textual._compositor.Compositor"
STYLESHEET = "textual.css.stylesheet.Stylesheet"

PRIVATE: tuple[Private, ...] = (
    # -- the explorer's frames (FrameScreen) ------------------------------------------------
    Private(
        SCREEN,
        "_on_screen_resume",
        "the first time the screen is made active, its widgets, styled as each was mounted, "
        "are not all styled again (a tenth of the time to the first screen)",
        RESUME_ISSUE,
    ),
    Private(
        SCREEN,
        "_screen_resized",
        "a resize to the size the screen was laid out at (the terminal's first size, told "
        "after the first layout) does not lay it all out again",
    ),
    Private(
        SCREEN,
        "_on_idle",
        "while the first screen is held, changes are laid out when made, not at a frame's turn",
    ),
    Private(
        SCREEN,
        "_compositor_refresh",
        "while the first screen is held, frames are laid out but not drawn",
    ),
    Private(
        SCREEN,
        "_on_timer_update",
        "lay out and draw what changed now (the whole first screen once it is shown)",
    ),
    Private(
        SCREEN,
        "_refresh_layout",
        "after each layout: the map marked fresh (see the issue) and the underline put under "
        "the active tab",
        MAP_ISSUE,
    ),
    Private(
        "textual.widget.Widget",
        "_size_updated",
        "called by a layout with layout=False, as Textual's own scroll reflow does: a virtual "
        "size the layout just gave needs no second layout (half of a step's layouts)",
        RELAYOUT_ISSUE,
    ),
    Private(
        SCREEN,
        "_on_layout",
        "a layout asked for (as a widget was mounted) before the screen's first layout began "
        "is not done again (a layout of the whole first screen)",
    ),
    Private(
        SCREEN,
        "_layout_widgets",
        "whether a layout is of the whole screen (Textual's lays out only what a scroll "
        "showed when it is empty)",
    ),
    Private(
        "textual._time",
        "get_time",
        "the clock of a message's time: when the screen's first layout began, on it",
    ),
    Private(SCREEN, "_compositor", "its size, its map, its regions waiting to be drawn"),
    Private(SCREEN, "_layout_required", "whether a layout waits; set by a one-frame tab switch"),
    Private(SCREEN, "_scroll_required", "whether a scroll waits to be laid out"),
    Private(SCREEN, "_repaint_required", "whether a repaint waits"),
    Private(SCREEN, "_dirty_widgets", "widgets waiting to be drawn; added to by a tab switch"),
    Private(
        SCREEN,
        "_get_breakpoint_classes",
        "the size classes (-narrow, -wide) given before the first styling, not after it",
    ),
    Private(COMPOSITOR, "_full_map", "whether a widget is on the map (see update_widgets)"),
    Private(
        COMPOSITOR,
        "_full_map_invalidated",
        "marked fresh once a layout has made the map anew",
        MAP_ISSUE,
    ),
    Private(COMPOSITOR, "_dirty_regions", "emptied while the first screen is held"),
    Private(
        COMPOSITOR,
        "_get_renders",
        "a frame renders only the lines of the widgets that overlap a change, not every "
        "widget in the box around all changes whole (the header, the tabs and the footer on "
        "every cursor step)",
        CROP_ISSUE,
    ),
    Private(
        COMPOSITOR,
        "update_widgets",
        "public, but a widget it is given that is laid out off the screen (the pane's text "
        "below its lines shown) marks the map stale, and the next look-up of a place lays out "
        "every widget again: a widget the map holds leaves it fresh",
        OFFSCREEN_ISSUE,
    ),
    Private(
        "textual.scroll_view.ScrollView",
        "_size_updated",
        "given the scroll view's own virtual size, not the layout's (which is never the "
        "table's): a layout that leaves the table's size alone no longer redraws its "
        "scrollbar in a frame of its own",
        SCROLL_SIZE_ISSUE,
    ),
    Private(
        "textual.widget.Widget",
        "_get_scrollable_region",
        "a scrolling widget's content is placed beside the vertical scrollbar the layout will "
        "show, not laid out again once it is shown (each table of the overview was sized and "
        "fitted twice on the way to the first screen)",
        SCROLLBAR_ISSUE,
    ),
    Private(
        COMPOSITOR,
        "render_partial_update",
        "public, but the regions it draws are gone from the compositor once it has begun: "
        "kept for _get_renders",
        CROP_ISSUE,
    ),
    Private("textual.app.App", "_batch_count", "no early layout inside a batch of updates"),
    # -- the tabs -----------------------------------------------------------------------------
    Private(
        "textual.widgets._tabbed_content",
        "ContentTabs",
        "the tabs of a TabbedContent, drawn by one widget (DrawnTabs is one, so that the "
        "TabbedContent works with it)",
        TABS_ISSUE,
    ),
    Private("textual.widgets._tabbed_content", "ContentTab", "a tab drawn by the tabs' bar"),
    Private("textual.widgets._tabs", "Underline", "the underline, drawn by the tabs' bar"),
    Private("textual.widgets.Tabs", "_tabs", "the tabs, never mounted: the bar draws them"),
    Private("textual.widgets.Tabs", "_first_active", "the tab active on start"),
    Private(
        "textual.widgets.Tabs",
        "_potentially_active_tabs",
        "the tabs left and right go to: of the bar's list (Textual's queries its children)",
    ),
    Private("textual.widgets.Tabs", "_next_active", "Textual's, on the bar's list"),
    Private("textual.widgets.Tabs", "_on_mount", "the first tab made active, of the bar's list"),
    Private(
        "textual.widgets.Tabs",
        "_highlight_active",
        "the underline is drawn under the active tab at once, not in 0.3 s of frames",
        UNDERLINE_ISSUE,
    ),
    Private("textual.widgets.Tabs", "_activate_tab", "a tab clicked made active"),
    Private("textual.widgets.Tabs", "_scroll_active_tab", "the bar does not scroll"),
    Private("textual.widgets.Tabs", "_on_resize", "the tabs are placed again"),
    # -- the footer -----------------------------------------------------------------------
    Private(
        "textual.widgets._footer",
        "FooterKey",
        "the footer's keys, drawn by the footer: each styled and drawn as Textual's own",
        FOOTER_ISSUE,
    ),
    Private(
        "textual.dom.DOMNode",
        "_css_type_name",
        "a key drawn by the footer is a FooterKey to the stylesheet (its selectors match it)",
    ),
    Private(
        "textual.dom.DOMNode",
        "_css_type_names",
        "a key drawn by the footer is a FooterKey to the stylesheet (its selectors match it)",
    ),
    Private(
        "textual.message_pump.MessagePump",
        "_attach",
        "a key drawn by the footer has it for its parent (for its styles), unmounted, as "
        "Textual's own nodes of component classes do",
    ),
    Private(
        "textual.widget.Widget",
        "_layout_cache",
        "a key drawn by the footer with another's look forgets the other's render",
    ),
    Private(
        "textual.widget.Widget",
        "_set_dirty",
        "a key drawn by the footer renders its content when drawn (as a refresh has it do)",
    ),
    Private(
        SCREEN,
        "_tooltip_widget",
        "a move of the mouse from one footer key to another restarts the tooltip's delay, as "
        "when the keys were widgets",
    ),
    Private(
        SCREEN,
        "_handle_mouse_move",
        "the footer is told where the mouse is before the screen handles the move (the key "
        "under it, its pointer and its tooltip), as when the keys were widgets",
    ),
    # -- the header -------------------------------------------------------------------------
    Private(
        "textual.widgets._header",
        "HeaderIcon",
        "the header's icon, drawn by the header: styled and drawn as Textual's own",
        HEADER_ISSUE,
    ),
    Private(
        "textual.widgets._header",
        "HeaderTitle",
        "the header's title, drawn by the header: styled and drawn as Textual's own",
        HEADER_ISSUE,
    ),
    Private(
        "textual.widgets._header",
        "HeaderClockSpace",
        "the space on the header's right, drawn by the header: styled and drawn as Textual's own",
        HEADER_ISSUE,
    ),
    Private(
        "textual.widgets.Header",
        "_on_mount",
        "Header's puts the title in its HeaderTitle widget: a header that draws its parts has "
        "none (it follows the titles itself)",
        HEADER_ISSUE,
    ),
    Private(
        "textual.widget.Widget",
        "_on_mount",
        "what a widget does when mounted, done by a header that keeps Header's own from running",
    ),
    Private(
        "textual._arrange",
        "arrange",
        "the header's parts are placed where Textual's layout places its child widgets (the "
        "icon docked left, the clock's space right, the title between)",
    ),
    Private(
        "textual._callback",
        "count_parameters",
        "a callback's parameters are counted once for all the callbacks alike "
        "(:func:`count_parameters`): Textual counts them anew for every callback given to "
        "call_later or call_after_refresh (a partial made each time), and for functions "
        "made anew, by inspect.signature",
        PARAMETERS_ISSUE,
    ),
    Private(
        "textual.message_pump.MessagePump",
        "_get_dispatch_methods",
        "replaced by :func:`dispatch_methods`, which finds the handlers of a message for a "
        "node's class and the message's once (Textual walks both classes' MRO for each "
        "message, the Idle each node gets after its messages too)",
        DISPATCH_ISSUE,
    ),
    Private(
        "textual.message_pump",
        "_MessagePumpMeta",
        "the class of the classes of nodes: a handler set on one, or deleted, after the "
        "handlers were found for a message makes them be found anew (dispatch_methods)",
        DISPATCH_ISSUE,
    ),
    Private(
        "textual.message_pump.MessagePump",
        "_decorated_handlers",
        "a class's handlers made with @on, by message class, read as _get_dispatch_methods "
        "reads them",
    ),
    Private(
        "textual.message.Message",
        "_no_default_action",
        "a handler that prevented the default ends the handlers of the bases, as in "
        "_get_dispatch_methods",
    ),
    Private(
        "textual.message.Message",
        "_sender",
        "an @on handler with selectors is called for a message with a sender only, as in "
        "_get_dispatch_methods",
    ),
    Private(
        "textual._callback",
        "_param_count",
        "the count Textual keeps on a callable it has counted, read first as Textual reads it",
        PARAMETERS_ISSUE,
    ),
    # -- the App ----------------------------------------------------------------------------
    Private("textual.app.App", "_driver", "the driver: whether it holds the first screen"),
    Private(
        "textual.command.CommandPalette",
        "_show_busy",
        "the palette's loading indicator animates only while it is shown",
    ),
    Private(
        "textual.app.App",
        "_handle_exception",
        "the first unexpected error is kept for the crash report",
    ),
    Private(
        "textual.app.App",
        "_fatal_error",
        "no traceback with its locals on the terminal (seconds to build): the report has it",
    ),
    Private("textual.app.App", "_close_messages_no_wait", "how _fatal_error ends the app"),
    Private(
        "textual.app.App",
        "_print_error_renderables",
        "one line on the restored terminal, the full report in a file",
    ),
    Private("textual.app.App", "_exit_renderables", "what Textual would print on leaving"),
    # -- the stylesheet, parsed ahead -------------------------------------------------------
    Private(
        "textual.dom.DOMNode",
        "_get_default_css",
        "the default CSS a widget's class adds to the stylesheet when one is mounted, "
        "parsed by the fork server before it forks",
    ),
    Private(
        STYLESHEET,
        "_parse_rules",
        "parses one source of CSS as the stylesheet does (and keys its parse cache by its "
        "arguments)",
    ),
    Private(
        STYLESHEET,
        "_parse_cache",
        "a session's stylesheet starts with the rules the fork server parsed in it",
    ),
    Private(STYLESHEET, "_variables", "the variables the rules were parsed with"),
    Private(
        STYLESHEET,
        "_process_component_classes",
        "a node whose rules were kept has its component classes styled, as Textual's apply "
        "does after choosing them",
    ),
    Private(
        "textual.css.styles.Styles",
        "_rules",
        "the rules a node has: a node not yet mounted and with none takes the rules kept for "
        "it at once, as its properties would keep them (see KeptRules)",
    ),
    Private("textual.css.styles.Styles", "_updates", "counts the changes of rules, as set_rule"),
    Private(
        "textual.message_pump.MessagePump",
        "_is_mounted",
        "a node not mounted: the refresh its properties ask for does nothing",
    ),
    Private(
        "textual.css._style_properties.StringEnumProperty",
        "_display",
        "the display's property also tells the node's parent: not a plain rule",
    ),
    Private(
        "textual.css._style_properties.StringEnumProperty",
        "_pointer",
        "the pointer's property also tells the screen: not a plain rule",
    ),
    Private(
        "textual.dom.DOMNode",
        "_get_component_classes",
        "the component classes whose rules are kept with a node's (and chosen by its key)",
    ),
    Private(
        "textual.dom.DOMNode",
        "_component_styles",
        "the styles of a node's component classes, set from those kept as Textual's "
        "stylesheet sets them",
    ),
    Private(
        "textual.dom.DOMNode",
        "_has_hover_style",
        "set by apply from the rules that apply to the node: kept with them",
    ),
    Private("textual.dom.DOMNode", "_has_focus_within", "as _has_hover_style"),
    Private("textual.dom.DOMNode", "_has_order_style", "as _has_hover_style"),
    Private("textual.dom.DOMNode", "_has_odd_or_even", "as _has_hover_style"),
    Private(
        "textual.dom.DOMNode",
        "_PSEUDO_CLASSES",
        "the check of each pseudo-class a node may have, read to tell which a node has as "
        "has_pseudo_class does, and for the app's alike and :disabled and :focus-within, once "
        "for a node and all its ancestors",
    ),
    Private(
        "textual.dom.DOMNode",
        "_selector_names",
        "the names of the rules that may apply to a node (its type names, id and classes)",
    ),
    Private(
        STYLESHEET,
        "parse",
        "(public) replaces the rules only once every source is parsed, as reparse does: it "
        "stands for reparse where the rules parsed ahead are in the parse cache",
    ),
    # -- the driver -------------------------------------------------------------------------
    Private(LINUX, "_file", "the terminal"),
    Private(LINUX, "_app", "the app it drives"),
    Private(LINUX, "_loop", "the app's event loop, for calls from signal handlers"),
    Private(LINUX, "_auto_restart", "whether a stop gives the terminal back (Ctrl+Z)"),
    Private(LINUX, "_must_signal_resume", "the app told it resumed, after a stop"),
    Private(
        LINUX,
        "_sigtstp_application",
        "a stop resumes after the stop, so a SIGCONT sent meanwhile is not lost",
    ),
    Private(LINUX, "_sigcont_application", "a continue redraws the whole terminal"),
    Private(LINUX, "_debug", "handed to the input parser, as Textual's own input loop does"),
    Private("textual._parser", "ParseError", "what the input parser raises at the end of input"),
    Private(
        "textual._xterm_parser",
        "XTermParser",
        "the parser of the terminal's input, run by the input loop (run_input_thread)",
    ),
    Private(
        "textual._parser.Parser",
        "_timeout_time",
        "when the escape delay of a lone ESC runs out: the input loop waits no longer than "
        "that (Textual's own waits 0.1 s whatever the delay, so escape acted 100-200 ms late)",
        ESCAPE_ISSUE,
    ),
    Private(
        "textual.constants",
        "ESCAPE_DELAY",
        "public, but read once from ESCDELAY at import: set from the config's escape_delay",
        ESCAPE_ISSUE,
    ),
)


# -- the explorer's frames -----------------------------------------------------------------


_SIZE_UPDATED = Widget._size_updated


def sizes_from_layout(
    self: Widget, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
) -> bool:
    return _SIZE_UPDATED(self, size, virtual_size, container_size, layout=False)


class CroppedCompositor(Compositor):
    """Textual's compositor, drawing a partial update from the widgets that overlap a change.

    Textual's own renders, for a partial update, every widget whose clip overlaps the box
    around all the regions to draw, each of them whole, then keeps the lines that changed: a
    cursor step that changes two lines of a table and a few of the pane below it renders the
    header, the tabs and the footer (their clip is the screen), every line of the table and
    of its scrollbar. This one renders a widget only where it overlaps a region to draw: the
    lines from the first such region's top to the last one's bottom. What the update writes is
    the same: it writes only the spans of those regions, and every widget that shows in a span
    overlaps its region, the one in front drawn over those behind it as before.

    Nor is a widget rendered where it would not show: for a region to draw that lies within
    one of its children, or for lines the widgets in front of it (rendered before it) cover.
    Every widget draws each cell of its region (Textual blends no layers: a colour with alpha
    is mixed with the colours of the widget's ancestors, in the widget's own render), and the
    first drawn in a cell is the one shown. A cursor step renders the table and the pane, not
    the five containers around them as well; a whole frame of the first screen, a third as
    many lines.
    """

    def __init__(self) -> None:
        super().__init__()
        self._drawing: list[Region] | None = None
        """The regions of the partial update being rendered."""

    def reflow(self, parent: Widget, size: Size) -> ReflowResult:
        # The map of every widget is made anew here, from the widgets as they are: it is not
        # stale, though Textual leaves it marked so (marked by a widget refreshed off screen
        # since the last layout: a tab's view built while idle). The next look-up made it
        # again: the widgets this layout resized, told their sizes next, each did as it looked
        # itself up. And if a widget was removed in between (a notification that timed out),
        # the layout after found nothing changed, and the notification stayed on the terminal
        # until something else was drawn over it (see docs/upstream-issues.md).
        reflowed = super().reflow(parent, size)
        self._full_map_invalidated = False
        return reflowed

    def update_widgets(self, widgets: set[Widget]) -> None:
        # Textual's own takes a widget that is not on the screen for one the map lacks.
        fresh = not self._full_map_invalidated and widgets.issubset(self._full_map.keys())
        super().update_widgets(widgets)
        if fresh:
            self._full_map_invalidated = False

    def render_partial_update(self) -> ChopsUpdate | None:
        self._drawing = list(self._dirty_regions)
        try:
            return super().render_partial_update()
        finally:
            self._drawing = None

    def _get_renders(self, crop: Region | None = None) -> Iterable[tuple[Region, Region, Any]]:
        # Widgets come front to back, and the first one drawn in a cell is the one shown: a
        # widget whose part to draw the widgets in front of it cover (a container under its
        # children: the tabs' panes, the overview under its tables) is not rendered, where
        # Textual's renders it and throws its lines away.
        drawing = self._drawing
        intersection = Region.intersection
        covered = _Cover()
        visible = self.visible_widgets
        if drawing is None or crop is None:
            for widget, (region, clip) in visible.items():
                if crop is not None and not crop.overlaps(clip):
                    continue
                shown = intersection(region, clip)
                if not shown or covered.covers(shown):
                    continue
                covered.add(shown)
                yield (
                    region,
                    clip,
                    widget.render_lines(
                        Region(shown.x - region.x, shown.y - region.y, shown.width, shown.height)
                    ),
                )
            return
        for widget, (region, clip) in visible.items():
            shown = intersection(region, clip)
            if not shown:
                continue
            overlaps = shown.overlaps
            top = bottom = -1
            children: list[Region] | None = None
            for changed in drawing:
                if overlaps(changed):
                    if children is None:
                        children = [
                            intersection(*visible[child])
                            for child in widget.children
                            if child in visible
                        ]
                    if children:
                        part = intersection(changed, shown)
                        if any(child.contains_region(part) for child in children):
                            continue  # drawn over there by a child: it shows nothing of this
                    if top < 0 or changed.y < top:
                        top = changed.y
                    if changed.bottom > bottom:
                        bottom = changed.bottom
            if top < 0:
                continue
            top = max(top, shown.y)
            height = min(bottom, shown.bottom) - top
            lines = Region(shown.x, top, shown.width, height)
            if covered.covers(lines):
                continue
            covered.add(lines)
            crop = Region(shown.x - region.x, top - region.y, shown.width, height)
            yield region, lines, widget.render_lines(crop)


class _Cover:
    """The cells the widgets rendered so far cover, line by line (spans of columns)."""

    def __init__(self) -> None:
        self.lines: dict[int, list[tuple[int, int]]] = {}

    def covers(self, region: Region) -> bool:
        """Whether every cell of ``region`` is covered."""
        x, right = region.x, region.right
        lines = self.lines
        for y in region.line_range:
            spans = lines.get(y)
            if spans is None or not any(start <= x and right <= end for start, end in spans):
                return False
        return True

    def add(self, region: Region) -> None:
        """Cover the cells of ``region``."""
        x, right = region.x, region.right
        for y in region.line_range:
            spans = self.lines.setdefault(y, [])
            merged: list[tuple[int, int]] = []
            for start, end in sorted([*spans, (x, right)]):
                if merged and start <= merged[-1][1]:
                    merged[-1] = (merged[-1][0], max(merged[-1][1], end))
                else:
                    merged.append((start, end))
            self.lines[y] = merged


class SteadyScrollView(ScrollView):
    """A scroll view whose scrollbars a layout updates only when a size changed, and whose
    vertical scrollbar is shown in the layout that finds it needed (see
    :func:`vertical_scrollbar_ahead`).

    A layout hands each widget the virtual size it arranged for it; a scroll view sets its own
    (the table: its rows and columns), and Textual's compares the two, which differ after every
    layout: each one updated the table's scrollbars and drew them again in a frame of their own.
    Here a layout updates them when the view's own virtual size changed since the last layout
    (or the size or the container's size did).
    """

    _sized_for: Size | None = None

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        own = self.virtual_size
        if own != self._sized_for:
            self._sized_for = own
            return super()._size_updated(size, virtual_size, container_size, layout)
        return super()._size_updated(size, own, container_size, layout)

    def _get_scrollable_region(self, region: Region) -> Region:
        # Its rows known before the layout (its own virtual size), its scrollbar is shown in
        # the layout that makes it shorter than its rows, not in the next one.
        vertical_scrollbar_ahead(self, region)
        return super()._get_scrollable_region(region)


def vertical_scrollbar_ahead(widget: Widget, region: Region) -> None:
    """Show ``widget``'s vertical scrollbar now, as its layout begins, if the layout is going
    to find its content taller than ``region`` (its region inside its border and padding).

    Textual places a scrolling widget's content with the scrollbars it showed before the
    layout, and shows a scrollbar the content needs only once the layout is done; that asks
    for a second layout, in which the content is narrower. Here the content is measured first
    (a container's children arranged at the width without a scrollbar, which the layout
    reuses if they fit), so the layout places it beside the scrollbar at once, and Textual,
    done, finds the scrollbar as it would have shown it. Only the vertical scrollbar of a
    widget that never scrolls sideways: its need is its content's height alone."""
    styles = widget.styles
    if (
        widget.show_vertical_scrollbar
        or widget.loading
        or styles.overflow_y != "auto"
        or styles.overflow_x != "hidden"
        or styles.scrollbar_gutter == "stable"
        or not styles.scrollbar_size_vertical
    ):
        return
    if widget.is_container:
        height = widget.arrange(region.size).total_region.bottom
    else:
        height = widget.virtual_size.height  # a scroll view's own (a table's rows)
    if height > region.height:
        widget.set_reactive(Widget.show_vertical_scrollbar, True)
        widget.vertical_scrollbar.display = True


class SteadyVerticalScroll(VerticalScroll):
    """A vertical scroll container whose scrollbar is shown in the layout that finds its
    content too tall for it, not in a second one (see :func:`vertical_scrollbar_ahead`)."""

    def _get_scrollable_region(self, region: Region) -> Region:
        vertical_scrollbar_ahead(self, region)
        return super()._get_scrollable_region(region)


class MappedScreen(Screen[None]):
    """A screen whose map of where each widget is stays the one last laid out (see
    :meth:`_refresh_layout`); :meth:`after_layout` follows each layout."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._compositor = CroppedCompositor()
        self.layouts = 0
        """How many times the screen was laid out."""
        self._first_laid_out_at = float("-inf")
        """When the screen's first layout began (on Textual's clock of messages)."""

    def after_layout(self) -> None:
        """Called after each layout of the screen."""

    async def _on_layout(self, message: messages.Layout) -> None:
        # A widget asked for a layout before the screen's first one began (as it was mounted):
        # that one laid it out as it is. Textual's lays the screen out again for it; here the
        # message is dropped. (Only then: later, a layout asked for before one began may be
        # for a change not yet made, as a widget being removed.)
        if message.time < self._first_laid_out_at:
            message.stop()
            message.prevent_default()

    def _handle_mouse_move(self, event: events.MouseMove) -> None:
        # Textual's, once a widget under the mouse that draws parts of its own (the footer, its
        # keys) is told where the mouse is in it: what a part under the mouse changes (its
        # look, the pointer, the tooltip) is then there when Textual handles the move, as it
        # was when the parts were widgets, and a move onto another part restarts the tooltip's
        # delay as a move onto another widget does.
        with contextlib.suppress(NoWidget):
            widget, region = self.get_widget_at(event.x, event.y)
            if isinstance(widget, PartsUnderMouse) and widget.mouse_at(
                event.x - region.x, event.y - region.y
            ):
                restart_tooltip(self)
        super()._handle_mouse_move(event)

    def _refresh_layout(self, size: Size | None = None, scroll: bool = False) -> None:
        if not self.layouts and not (scroll and not self._layout_widgets):
            # The screen's first layout (at its first showing), of all of it, as it is now:
            # the layouts its widgets asked for as they were mounted, before it, are this one,
            # not one more at the next frame's turn.
            self._first_laid_out_at = get_time()
            self._layout_required = False
        # Each widget is told the sizes this layout gave it, without asking for another
        # layout: a virtual size that changed here is already laid out (see the issue).
        Widget._size_updated = sizes_from_layout  # type: ignore[method-assign]
        try:
            super()._refresh_layout(size, scroll)
        finally:
            Widget._size_updated = _SIZE_UPDATED  # type: ignore[method-assign]
        self.layouts += 1
        self.after_layout()


class FrameScreen(MappedScreen):
    """A screen whose frames are scheduled for a fast first screen and one-frame tab switches:
    it is not styled again when first made active nor laid out again at the size it has, and
    while :meth:`held` (the terminal shows nothing of the app yet) changes are laid out when
    made and not drawn."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._resumed_once = False

    def held(self) -> bool:
        """Whether the terminal is not yet given anything of this screen."""
        return False

    # what the screen may ask

    def has_undrawn_changes(self) -> bool:
        """Whether a change waits to be laid out or drawn (by Textual's own marks)."""
        return bool(
            self._layout_required
            or self._scroll_required
            or self._repaint_required
            or self._dirty_widgets
        )

    def draw_now(self) -> None:
        """Lay out and draw what has changed at once, not at the next frame's turn."""
        self._on_timer_update()

    def lay_out_before_next_frame(self, widget: Widget) -> None:
        """Have the screen laid out, and ``widget`` drawn, before the next frame is drawn."""
        self._layout_required = True
        self._dirty_widgets.add(widget)

    def breakpoint_classes(self, dimension: int, breakpoints: list[tuple[int, str]]) -> set[str]:
        """The size classes (-narrow, -wide …) Textual gives for ``dimension``."""
        return set(self._get_breakpoint_classes(dimension, breakpoints))

    # Textual's own, overridden

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # Then Screen's own. Made active the first time, the screen has every widget styled
        # already, as each was mounted: styling them all again changes nothing. (Later, a
        # theme may have changed meanwhile.)
        if not self._resumed_once:
            self._resumed_once = True
            event.refresh_styles = False

    def _screen_resized(self, size: Size) -> None:
        # Laid out at this size already (as at the start, where the terminal's first size is
        # told after the screen was laid out at it): laying it all out again changes nothing,
        # and what does need a layout has asked for one.
        if size == self._compositor.size:
            return
        super()._screen_resized(size)

    async def _on_idle(self, event: events.Idle) -> None:
        # While the first screen is held nothing is drawn, so there is no frame rate to keep:
        # the changes on the way to it are laid out as soon as they are made.
        app: App[Any] = self.app
        if self.held() and not app._batch_count and self.has_undrawn_changes():
            event.prevent_default()  # instead of Screen's own, which waits for the frame's turn
            self._on_timer_update()

    def _compositor_refresh(self) -> None:
        # Until the first screen is shown, the frames on the way to it are laid out but not
        # drawn: the whole screen is drawn once it is shown.
        if self.held():
            self._compositor._dirty_regions.clear()
            self._dirty_widgets.clear()
            return
        super()._compositor_refresh()


# -- parts drawn by their widget --------------------------------------------------------------


class PartsUnderMouse(Widget):
    """A widget that draws parts of its own (keys, tabs, an icon), one of which the mouse may
    be over: the part under it is shown as a widget under the mouse is (its hover style, its
    pointer, its tooltip). The screen tells it where the mouse is before it handles a move
    (:class:`MappedScreen`), as it handles a move onto another widget."""

    def mouse_at(self, x: int, y: int) -> bool:
        """The mouse is at ``x``, ``y`` in the widget (-1, -1: it left it): show the part
        under it hovered. Whether that is another part than before (or none)."""
        raise NotImplementedError

    def on_mouse_move(self, event: events.MouseMove) -> None:
        # Where the screen has not told it already.
        if self.mouse_at(event.x, event.y):
            self.screen.update_pointer_shape()

    def on_leave(self, event: events.Leave) -> None:
        if self.mouse_at(-1, -1):
            self.screen.update_pointer_shape()


def point(widget: Widget, shape: PointerShape) -> None:
    """Show the pointer's ``shape`` over ``widget``, which draws a part of it that is under the
    mouse (its hover style's shape, or the widget's own, ``default``), and draw it again."""
    if widget.styles.pointer != shape:
        widget.styles.pointer = shape
    widget.refresh()


class DrawnPart(Widget):
    """A part of a widget that draws its parts itself (the tabs' bar its tabs and underline,
    the footer its keys, the header its icon and title), as a child widget of it would be
    drawn: styled by the stylesheet as a child of it (the same CSS, matched by the same name:
    see :func:`stand_for`) and drawn by Textual's own code for a widget (its render, its
    styles' padding, border and background), at the place its widget gives it. It is never
    mounted. A part is a class of Textual's widget first, then this one (``class
    DrawnTab(ContentTab, DrawnPart)``): Textual takes a class's CSS names from its first
    bases."""

    _drawn_at = Region()

    @property
    def region(self) -> Region:
        """Where the part is drawn, in its widget (no compositor knows it)."""
        return self._drawn_at

    def style(
        self, parent: Widget, hover: bool = False, cache: dict[Any, Any] | None = None
    ) -> None:
        """Style the part as a child of ``parent``, under the mouse if ``hover``, as the
        stylesheet styles a child widget mounted there (with ``cache``: the stylesheet's cache
        of the rules of nodes alike, as when it restyles widgets together)."""
        self._attach(parent)
        self.set_reactive(Widget.mouse_hover, hover)
        parent.app.stylesheet.apply(self, cache=cache)

    def forget(self) -> None:
        """Forget what was measured and rendered of the part (its content changed)."""
        self._layout_cache.clear()
        self.clear_cached_dimensions()

    def width_in(self, container: Size) -> int:
        """The width of a part one line high whose width is auto (its content and its
        gutter), laid out in a container of ``container`` cells (less its margin); also the
        width :meth:`line` draws it at."""
        self.forget()
        margin = self.styles.margin
        inside = Size(max(container.width - margin.width, 0), container.height)
        width = self.get_content_width(inside, self.app.size) + self.styles.gutter.width
        self._drawn_at = Region(0, 0, width, 1)
        return width

    def draw(self, size: Size) -> list[Strip]:
        """The part's lines at ``size``, drawn as the compositor draws a widget."""
        self._drawn_at = size.region
        self._set_dirty()
        return self.render_lines(size.region)

    def line(self) -> Strip:
        """The part's line, at the width :meth:`width_in` gave it."""
        return self.draw(self._drawn_at.size)[0]


def stand_for(part: type[DrawnPart], widget: type[Widget]) -> None:
    """Have the stylesheet take each part of class ``part`` for a widget of Textual's class
    ``widget``: the selectors naming that class match it."""
    part._css_type_name = widget._css_type_name
    part._css_type_names = widget._css_type_names


# -- the tabs ------------------------------------------------------------------------------


class DrawnTab(ContentTab, DrawnPart):
    """A tab of a tab bar that draws its tabs itself (:class:`DrawnTabs`): Textual's
    ContentTab, drawn by the bar (see :class:`DrawnPart`). A new label, or the tab disabled,
    is told to its bar, which draws its tabs again."""

    @classmethod
    def like(cls, tab: Tab) -> DrawnTab:
        """The tab ``tab`` (its label, id and whether it is disabled), to be drawn."""
        return cls(tab.label, ContentTab.sans_prefix(tab.id or ""), disabled=tab.disabled)

    @classmethod
    def of(cls, tab: Tab) -> DrawnTab:
        """``tab`` to be drawn: itself if made to be drawn (as by :meth:`TabBook.add_tab`)
        and in no bar yet, else a DrawnTab :meth:`like` it."""
        return tab if isinstance(tab, DrawnTab) and tab.parent is None else cls.like(tab)

    def post_message(self, message: Message) -> bool:
        # Never mounted, the tab takes no message: what it would tell its bar (a new label,
        # disabled or enabled) has the bar draw its tabs again.
        bar = self.parent
        if isinstance(bar, DrawnTabs):
            bar.tabs_changed()
        return False


class DrawnUnderline(Underline, DrawnPart):
    """The underline of a tab bar that draws it itself: Textual's, drawn by the bar under its
    tabs (see :class:`DrawnPart`)."""

    def underline(self, width: int, start: int, end: int) -> Strip:
        """The underline's line, ``width`` cells, highlighted from ``start`` up to ``end``."""
        self.set_reactive(Underline.highlight_start, start)
        self.set_reactive(Underline.highlight_end, end)
        self.set_reactive(Underline.show_highlight, end > start)
        self.forget()
        return self.draw(Size(width, 1))[0]


stand_for(DrawnTab, ContentTab)
stand_for(DrawnUnderline, Underline)


class PlacedTab(NamedTuple):
    """A tab drawn in the bar, from ``start`` up to ``stop``, and its line."""

    start: int
    stop: int
    tab: DrawnTab
    line: Strip


class TabsDrawing(NamedTuple):
    """The tabs as drawn: each tab's place in the bar (from, up to, its index in the bar's
    tabs) and line; the underline's line (None where it is not shown); the pointer's shape
    over the tab under the mouse."""

    placed: tuple[tuple[int, int, int, Strip], ...]
    underline: Strip | None
    pointer: PointerShape


T = TypeVar("T")


class KeptDrawings:
    """Drawings of the parts of widgets that draw them themselves (the tabs, the footer's
    keys, the header's parts), kept across the apps a process runs, each by all it was drawn
    from: what it shows, at which width, and :func:`look_of` its widget. The fork server runs
    the explorer once before it forks (:func:`~.fork_server.rehearse`): a session forked then
    finds its first screen's parts drawn. At most ``most`` are kept, the last used."""

    def __init__(self, most: int = 32) -> None:
        self.most = most
        self._kept: OrderedDict[Hashable, Any] = OrderedDict()

    def get(self, key: Hashable) -> Any:
        found = self._kept.get(key)
        if found is not None:
            self._kept.move_to_end(key)
        return found

    def clear(self) -> None:
        self._kept.clear()

    def put(self, key: Hashable, drawing: T) -> T:
        self._kept[key] = drawing
        while len(self._kept) > self.most:
            self._kept.popitem(last=False)
        return drawing


def look_of(widget: Widget) -> tuple[object, ...]:
    """All the styles of ``widget``'s parts are made from, besides the app's CSS (the same for
    every app of a class): the theme, the app's terminal colours, and, for the widget and each
    of its ancestors up to the app, its class, id, classes and pseudo-classes (the selectors'
    matter)."""
    app = widget.app
    return (
        app.theme,
        app.ansi_color,
        tuple(
            (type(node), node.id, node.classes, node.pseudo_classes)
            for node in widget.ancestors_with_self
        ),
    )


def content_key(content: Content) -> tuple[object, ...]:
    """``content`` as a key: its text and its spans (Content's equality is its text alone)."""
    return (content.plain, tuple(content.spans))


TAB_DRAWINGS = KeptDrawings()
"""The tabs' drawings (:class:`TabsDrawing`)."""


class DrawnTabs(ContentTabs, PartsUnderMouse):
    """Textual's tabs of a TabbedContent, drawn as Textual draws them, but one widget: its tabs
    and its underline are not widgets of their own (eleven, each mounted, styled, laid out and
    drawn: an eighth of the CPU of a session's first screen) but drawn by the bar, each styled
    and drawn by Textual's own code as the widget it stands for, where Textual's layout puts
    it: the tabs from the left, the underline below, under the active tab. The mouse over a tab
    shows it as over that widget (its hover style and pointer); a click on a tab, or on the
    underline below it, makes it active, and the keys of Textual's tabs (left, right) work as
    on them.

    The underline moves under the active tab at once, never in 0.3 s of frames (a tab switch
    is then drawn in one frame, and a slow link carries no animation). Where the tabs are
    wider than the bar they are cut at its right edge: the explorer fits its labels to the
    width, so that never happens there."""

    def __init__(
        self, *tabs: Tab | ContentText, active: str | None = None, tabbed_content: TabbedContent
    ) -> None:
        drawn = [DrawnTab.of(tab) if isinstance(tab, Tab) else tab for tab in tabs]
        super().__init__(*drawn, active=active, tabbed_content=tabbed_content)
        self._underline = DrawnUnderline()
        self._underline._attach(self)
        for tab in self.drawn_tabs:
            tab._attach(self)
        self._placed: list[PlacedTab] = []
        self._underline_line: Strip | None = None
        self._stale = True
        """Whether the tabs are to be styled and placed again before they are next drawn."""
        self._placed_for: tuple[str, int] = ("", 0)
        """The theme and the width the tabs were placed for."""
        self._hover: DrawnTab | None = None
        self._hover_pointer: PointerShape = "default"
        """The pointer's shape over the tab under the mouse (its hover style's)."""

    @property
    def drawn_tabs(self) -> list[DrawnTab]:
        return self._tabs  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        return ()  # the tabs and the underline are drawn, not mounted

    def _get_default_css(self) -> list[tuple[Any, str, int, str]]:
        # The bar's, and its tabs' and underline's, as each adds its own when mounted.
        return [*super()._get_default_css(), *parts_css(Tab, Underline)]

    # -- Textual's tabs, on tabs that are drawn ------------------------------------------------

    def tabs_changed(self) -> None:
        """Something of the tabs changed: they are styled, placed and drawn again."""
        self._stale = True
        self.refresh()

    @property
    def tab_count(self) -> int:
        return len(self._tabs)

    @property
    def _potentially_active_tabs(self) -> list[Tab]:
        active = self.active_tab
        return [
            tab
            for tab in self._tabs
            if (not tab.disabled or tab is active) and not tab.has_class("-hidden")
        ]

    def tab_by(self, tab_or_id: Tab | str | None) -> DrawnTab | None:
        for tab in self.drawn_tabs:
            if tab is tab_or_id or (isinstance(tab_or_id, str) and tab.id == tab_or_id):
                return tab
        return None

    def add_tab(
        self,
        tab: Tab | ContentText,
        *,
        before: Tab | str | None = None,
        after: Tab | str | None = None,
    ) -> AwaitComplete:
        if before and after:
            raise self.TabError("Unable to add a tab both before and after a tab")
        if isinstance(tab, Tab):
            new = DrawnTab.of(tab)
        else:
            new = DrawnTab(Content.from_text(tab), f"tab-{len(self._tabs) + 1}")
        index = len(self._tabs)
        for where, shift in ((before, 0), (after, 1)):
            if where:
                found = self.tab_by(where)
                if found is None:
                    raise self.TabError(f"There is no tab {where!r} to add a tab next to")
                index = self.drawn_tabs.index(found) + shift
        from_empty = not self._tabs
        new._attach(self)
        self._tabs.insert(index, new)
        self.tabs_changed()
        if from_empty:
            self.active = new.id or ""
        return AwaitComplete()

    def clear(self) -> AwaitComplete:
        self._tabs.clear()
        self.post_message(self.Cleared(self))
        self.active = ""
        self.tabs_changed()
        return AwaitComplete()

    def get_tab(self, tab_id: str) -> Tab | None:
        return self.tab_by(tab_id)

    def get_content_tab(self, tab_id: str) -> ContentTab:
        tab = self.tab_by(ContentTab.add_prefix(tab_id))
        if tab is None:
            raise NoMatches(f"No tab for the pane {tab_id!r}")
        return tab

    def remove_tab(self, tab_or_id: Tab | str | None) -> AwaitComplete:
        tab = self.tab_by(tab_or_id)
        if tab is None:
            return AwaitComplete()
        next_tab = self._next_active if tab.has_class("-active") else None
        self._tabs.remove(tab)
        if not self._tabs:
            self.active = ""
        elif next_tab is not None:
            self.active = next_tab.id or ""
        self.tabs_changed()
        return AwaitComplete()

    def validate_active(self, active: str) -> str:
        if active and self.tab_by(active) is None:
            raise ValueError(f"No Tab with id {active!r}")
        return active

    @property
    def active_tab(self) -> Tab | None:
        return next((tab for tab in self._tabs if tab.has_class("-active")), None)

    def _on_mount(self, _: events.Mount) -> None:
        if self._first_active is not None:
            self.active = self._first_active
        if not self.active and self._tabs:
            self.active = self._tabs[0].id or ""

    def watch_active(self, previously_active: str, active: str) -> None:
        for tab in self._tabs:
            tab.set_class(tab.id == active, "-active")
        self.tabs_changed()
        shown = self.active_tab
        if active and shown is not None:
            self.post_message(self.TabActivated(self, shown))
        elif not active:
            self.post_message(self.Cleared(self))

    def _highlight_active(self, animate: bool = True) -> None:
        self.tabs_changed()  # the underline is placed with the tabs, at once

    def _activate_tab(self, tab: Tab) -> None:
        self.active = tab.id or ""

    def _scroll_active_tab(self) -> None:
        """The tabs do not scroll (see the class)."""

    def _on_resize(self) -> None:
        self.tabs_changed()

    def show_or_hide(self, tab_id: str, hidden: bool) -> Tab:
        tab = self.tab_by(tab_id)
        if tab is None:
            raise self.TabError(f"There is no tab with ID {tab_id!r}")
        tab.set_class(hidden, "-hidden")
        self.tabs_changed()
        return tab

    def hide(self, tab_id: str) -> Tab:
        tab = self.show_or_hide(ContentTab.add_prefix(tab_id), True)
        if tab is self.active_tab:
            following = self._next_active
            self.active = following.id or "" if following is not None else ""
        self.post_message(self.TabHidden(self, tab))
        return tab

    def show(self, tab_id: str) -> Tab:
        tab = self.show_or_hide(ContentTab.add_prefix(tab_id), False)
        self.post_message(self.TabShown(self, tab))
        if not self.active:
            self.active = tab.id or ""
        return tab

    def disable(self, tab_id: str) -> Tab:
        return self.set_disabled(tab_id, True)

    def enable(self, tab_id: str) -> Tab:
        return self.set_disabled(tab_id, False)

    def set_disabled(self, tab_id: str, disabled: bool) -> Tab:
        """Disable the tab of the pane ``tab_id``, or enable it (and say so, as Textual's)."""
        tab = self.tab_by(ContentTab.add_prefix(tab_id))
        if tab is None:
            verb = "disable" if disabled else "enable"
            raise self.TabError(f"There is no tab with ID {tab_id!r} to {verb}.")
        tab.disabled = disabled
        message = self.TabDisabled if disabled else self.TabEnabled
        self.post_message(message(self, tab))
        return tab

    # -- styled, placed and drawn ------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._stale = True  # the bar restyled (a class of an ancestor, its focus): its tabs too

    def on_focus(self) -> None:
        self.tabs_changed()

    def on_blur(self) -> None:
        self.tabs_changed()

    def place_tabs(self) -> None:
        """Style the tabs, place them from the left, draw each, and the underline under the
        active one; or take them as drawn before from the same (:data:`TAB_DRAWINGS`)."""
        self._stale = False
        width = self.region.width
        self._placed_for = (self.app.theme, width)
        tabs = self.drawn_tabs
        hover = self._hover
        key = (
            look_of(self),
            width,
            None if hover is None else tabs.index(hover),
            tuple((tab.id, *content_key(tab.label), tab.classes, tab.disabled) for tab in tabs),
        )
        drawing = TAB_DRAWINGS.get(key)
        if drawing is None:
            drawing = TAB_DRAWINGS.put(key, self.draw_tabs(width))
        placed, self._underline_line, self._hover_pointer = drawing
        self._placed = [
            PlacedTab(start, stop, tabs[index], line) for start, stop, index, line in placed
        ]

    def draw_tabs(self, width: int) -> TabsDrawing:
        """The tabs styled, placed from the left and drawn, ``width`` cells wide."""
        cache: dict[Any, Any] = {}
        placed: list[tuple[int, int, int, Strip]] = []
        pointer: PointerShape = "default"
        x = 0
        span = (0, 0)
        for index, tab in enumerate(self.drawn_tabs):
            tab.style(self, hover=tab is self._hover, cache=cache)
            if tab is self._hover:
                pointer = tab.styles.pointer
            if tab.styles.display == "none":
                continue
            tab_width = tab.width_in(Size(max(width - x, 0), 1))
            if x < width:
                placed.append((x, min(x + tab_width, width), index, tab.line()))
            if tab.has_class("-active"):
                gutter = tab.styles.gutter
                span = (x + gutter.left, x + tab_width - gutter.right)
            x += tab_width
        underline = self._underline
        underline.style(self, cache=cache)
        line = underline.underline(width, *span) if underline.styles.display != "none" else None
        return TabsDrawing(tuple(placed), line, pointer)

    def tab_at(self, x: int) -> PlacedTab | None:
        for placed in self._placed:
            if placed.start <= x < placed.stop:
                return placed
        return None

    def render_lines(self, crop: Region) -> list[Strip]:
        width = self.region.width  # as Textual's render of a widget, the compositor's
        if self._stale or (self.app.theme, width) != self._placed_for:
            self.place_tabs()
        lines = super().render_lines(crop)  # the bar itself: its background
        for index, y in enumerate(range(crop.y, crop.bottom)):
            if y == 0 and self._placed:
                line = super().render_lines(Region(0, 0, width, 1))[0]
                for start, stop, _tab, drawn in self._placed:
                    drawn = drawn.crop(0, stop - start)
                    line = Strip.join([line.crop(0, start), drawn, line.crop(stop, width)])
                lines[index] = line.crop(crop.x, crop.right)
            elif y == 1 and self._underline_line is not None:
                lines[index] = self._underline_line.crop(crop.x, crop.right)
        return lines

    # -- the mouse ---------------------------------------------------------------------------

    def mouse_at(self, x: int, y: int) -> bool:
        """The mouse is at ``x``, ``y`` in the bar (told by the screen before it handles the
        move): a tab under it (on the tabs' line) is shown hovered, with its pointer. Whether
        that is another tab than before (or none)."""
        placed = self.tab_at(x) if y == 0 else None
        tab = placed.tab if placed is not None else None
        if tab is self._hover:
            return False
        self.hover_over(tab)
        return True

    def hover_over(self, tab: DrawnTab | None) -> None:
        self._hover = tab
        self.place_tabs()
        point(self, self._hover_pointer)

    def on_click(self, event: events.Click) -> None:
        # A click on a tab, or on the underline below it, makes it active (Textual's tabs
        # and underline each take theirs so); the bar has the focus, as there.
        placed = self.tab_at(event.x)
        if placed is None or placed.tab.disabled:
            return
        event.stop()
        self.focus()
        self._activate_tab(placed.tab)


WidgetType = TypeVar("WidgetType", bound=Widget)


class TabBook(TabbedContent):
    """Textual's TabbedContent, whose tabs are one widget that draws them (:class:`DrawnTabs`),
    and whose panes are mounted when first shown.

    Its tabs are all in the bar from the start; of the panes it composes only the one shown
    first is mounted with it, the others are kept, and each is mounted (hidden, in its place
    among the panes) when it is made active, by a key, a click or :attr:`active`, or asked for
    by :meth:`get_pane` or :meth:`mount_pane`. Each pane mounted is a widget made, styled and
    given its messages: a pane a session never shows costs it nothing."""

    def __init__(
        self,
        *titles: Content | str,
        initial: str = "",
        later: Sequence[tuple[Content | str, str]] = (),
        **kwargs: Any,
    ) -> None:
        """``later``: the label and id of each pane after those composed in the book, made
        when first mounted (as :meth:`add_tab` adds one); not the one shown first."""
        super().__init__(*titles, initial=initial, **kwargs)
        if initial and initial in {pane_id for _, pane_id in later}:
            raise ValueError(f"the pane shown first ({initial!r}) is made with the book")
        self._shown_first = initial
        """The pane mounted with the book (the first, if none is given)."""
        self._kept: dict[str, TabPane | Content | str] = {}
        """The panes not mounted yet, by id (or the label of one not made yet)."""
        self._order: list[str] = []
        """Every pane's id, in the order of the tabs."""
        self._later = list(later)

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if type(widget) is ContentTabs:
                active = widget._first_active
                yield DrawnTabs(
                    *widget._tabs,
                    *(DrawnTab(label, pane_id) for label, pane_id in self._later),
                    active=ContentTab.sans_prefix(active) if active else None,
                    tabbed_content=self,
                )
            elif isinstance(widget, TabPane) and widget.id is not None:
                # (each pane Textual composes has an id by now)
                self._order.append(widget.id)
                if not self._shown_first:
                    self._shown_first = widget.id
                if widget.id == self._shown_first:
                    yield widget
                else:
                    self._kept[widget.id] = widget
            else:
                yield widget
        for label, pane_id in self._later:
            self._order.append(pane_id)
            self._kept[pane_id] = label  # the pane is made when mounted

    def add_tab(self, label: Content | str, pane_id: str) -> None:
        """Add a tab ``label`` at the end of the bar, for a pane ``pane_id`` (empty) that is
        mounted when first shown."""
        self._order.append(pane_id)
        self._kept[pane_id] = label  # the pane is made when mounted
        self.get_child_by_type(ContentTabs).add_tab(DrawnTab(label, pane_id))

    def remove_pane(self, pane_id: str) -> AwaitComplete:
        self.forget_pane(pane_id)
        return super().remove_pane(pane_id)

    def clear_panes(self) -> AwaitComplete:
        for pane_id in list(self._order):
            self.forget_pane(pane_id)
        return super().clear_panes()

    def forget_pane(self, pane_id: str) -> None:
        """No longer keep, nor place among the others, the pane ``pane_id`` (removed)."""
        self._kept.pop(pane_id, None)
        if pane_id in self._order:
            self._order.remove(pane_id)

    def mounted_pane(self, pane_id: str) -> TabPane | None:
        """The pane ``pane_id`` if it is mounted, else None (as when the app is ending, and
        its widgets are being taken down)."""
        if pane_id in self._kept:
            return None
        try:
            return super().get_pane(pane_id)
        except NoMatches:
            return None

    def mount_pane(self, pane_id: str, *children: Widget) -> AwaitMount | None:
        """Mount the pane ``pane_id`` kept for when it is first shown, hidden, with
        ``children`` in it (made with it, as if it had been composed with them); None if it is
        mounted already. It is a child of the book's switcher at once (as
        :meth:`get_pane` needs); the awaitable waits for it to be mounted."""
        kept = self._kept.pop(pane_id, None)
        if kept is None:
            return None
        pane = kept if isinstance(kept, TabPane) else TabPane(kept, id=pane_id)
        for child in children:
            pane.compose_add_child(child)
        pane.display = False
        switcher = self.get_child_by_type(ContentSwitcher)
        index = self._order.index(pane_id)
        after = [tab for tab in self._order[index + 1 :] if tab not in self._kept]
        if after:
            return switcher.mount(pane, before=switcher.get_child_by_id(after[0]))
        return switcher.mount(pane)

    def get_pane(self, pane_id: str | ContentTab) -> TabPane:
        if isinstance(pane_id, ContentTab):
            self.mount_pane(ContentTab.sans_prefix(pane_id.id or ""))
        else:
            self.mount_pane(pane_id)
        return super().get_pane(pane_id)

    def validate_active(self, active: str) -> str:
        # Made active by the program: its pane is there before it is shown.
        if active:
            self.mount_pane(active)
        return active

    def on_tabs_tab_activated(self, event: Tabs.TabActivated) -> None:
        # Made active by a click or a key on the bar (before Textual's own handling, which
        # shows the pane): its pane is there before it is shown.
        tabs = event.tabs
        if isinstance(tabs, ContentTabs) and tabs.tabbed_content is self and event.tab.id:
            self.mount_pane(ContentTab.sans_prefix(event.tab.id))

    def get_child_by_type(self, expect_type: type[WidgetType]) -> WidgetType:
        # Textual's TabbedContent finds its tabs by their exact type, ContentTabs.
        if expect_type is ContentTabs:
            for child in self.children:
                if isinstance(child, DrawnTabs):
                    return child  # type: ignore[return-value]
        return super().get_child_by_type(expect_type)


def parts_css(*parts: type[Widget]) -> list[tuple[Any, str, int, str]]:
    """The default CSS each class of ``parts`` adds to the stylesheet when a widget of it is
    mounted. A widget that draws such parts itself, never mounted, gives it with its own
    (:meth:`~textual.dom.DOMNode._get_default_css`): it is then added with the widget's, and
    parsed ahead with it (by the fork server), as it is where the parts are mounted with the
    widget. Added later (when first drawn), it would have the running app's stylesheet parse
    all its CSS again."""
    found = _PARTS_CSS.get(parts)
    if found is None:
        found = _PARTS_CSS[parts] = [
            css for cls in parts for css in cls.__new__(cls)._get_default_css()
        ]
    return found


_PARTS_CSS: dict[tuple[type[Widget], ...], list[tuple[Any, str, int, str]]] = {}


# -- the footer ----------------------------------------------------------------------------


class DrawnKey(FooterKey, DrawnPart):
    """A key of a footer that draws its keys itself (:class:`~.widgets.footer.KeysFooter`):
    Textual's FooterKey, drawn by the footer (see :class:`DrawnPart`). The keys mounted as
    widgets were a sixth of the CPU a session's first screen took (each made, styled, laid out
    and drawn), and a change of keys mounted them all again."""

    def label(self, key: str, key_display: str, description: str) -> None:
        """Draw another key of the same look (classes, hover) with this one, styled once: its
        key and words, nothing of the last one's drawing kept."""
        self.key, self.key_display, self.description = key, key_display, description
        self.forget()


# The key is a FooterKey to the stylesheet: its selectors (FooterKey, .-compact …) match it, and
# it is styled by FooterKey's default CSS, which its footer adds with its own.
stand_for(DrawnKey, FooterKey)


class PartsFooter(Footer, PartsUnderMouse):
    """Textual's footer, whose keys are drawn by it (:class:`~.widgets.footer.KeysFooter`)."""

    def _get_default_css(self) -> list[tuple[Any, str, int, str]]:
        # The footer's, and its keys' as each adds its own when mounted.
        return [*super()._get_default_css(), *parts_css(FooterKey)]


def restart_tooltip(screen: Screen[Any]) -> None:
    """Have ``screen`` take the next mouse move for one onto another widget: its tooltip is
    then shown again after the delay, as when the mouse moved onto another footer key (a key
    drawn by its footer is no widget of its own)."""
    screen._tooltip_widget = None


# -- the header ----------------------------------------------------------------------------


class PartsHeader(Header, PartsUnderMouse):
    """Textual's header with no widgets of its own (its :meth:`compose` gives none): it draws
    its parts itself (:class:`~.widgets.header.DrawnHeader`). Header's own handling of its mount
    is left out: it puts the title in its HeaderTitle widget, which there is not."""

    def _on_mount(self, event: events.Mount) -> None:
        event.prevent_default()  # not Header's
        Widget._on_mount(self, event)

    def _get_default_css(self) -> list[tuple[Any, str, int, str]]:
        # Header's, and its parts' as each adds its own when mounted: all added to the
        # stylesheet with the header's (and parsed ahead with it), as with Textual's, where
        # the parts are mounted with the header.
        return [*super()._get_default_css(), *parts_css(HeaderIcon, HeaderTitle, HeaderClockSpace)]


class DrawnIcon(HeaderIcon, DrawnPart):
    """The header's icon, a HeaderIcon to the stylesheet."""


class DrawnTitle(HeaderTitle, DrawnPart):
    """The header's title, a HeaderTitle to the stylesheet."""


class DrawnClockSpace(HeaderClockSpace, DrawnPart):
    """The space on the header's right, a HeaderClockSpace to the stylesheet."""


stand_for(DrawnIcon, HeaderIcon)
stand_for(DrawnTitle, HeaderTitle)
stand_for(DrawnClockSpace, HeaderClockSpace)


def arrange_parts(parent: Widget, parts: Sequence[Widget], size: Size) -> list[tuple[Any, Region]]:
    """Where Textual's layout places ``parts`` (styled) as the children of ``parent`` when it
    is ``size``: each part and its region, back to front (a docked part over the others)."""
    placements = arrange(parent, parts, size, parent.app.size).placements
    ordered = sorted(placements, key=lambda placement: placement.order)
    return [(placement.widget, placement.region + placement.offset) for placement in ordered]


# -- the App -------------------------------------------------------------------------------


def driver_of(app: App[Any]) -> Driver | None:
    """The driver of ``app`` (None before it runs)."""
    return app._driver


ColorSystem = Literal["standard", "256", "truecolor"]
"""The colours of a terminal, as Rich names them."""


def screen_as_written(app: App[Any], colours: ColorSystem) -> str:
    """The whole of ``app``'s screen as Textual writes it to a terminal of ``colours``: a full
    frame's sequences (even where nothing is written, as in an app run headless)."""
    update = app.screen._compositor.render_update(full=True)
    assert isinstance(update, LayoutUpdate)
    console = Console(color_system=colours, force_terminal=True, legacy_windows=False)
    return update.render_segments(console)


PALETTE_BUSY = "_show_busy"
"""The command palette's reactive that shows its loading indicator."""


class ErrorHooks(App[None]):
    """An App whose handling of an unexpected error is told to three hooks."""

    def crashed(self, error: Exception) -> None:
        """An unexpected error, before Textual handles it."""

    def quiet_fatal_error(self) -> bool:
        """Whether to end the app without Textual's report of the error on the screen."""
        return False

    def exit_report(self, renderables: list[Any]) -> bool:
        """Say, on the restored terminal, what Textual would print on leaving (the error's
        report among it); False: Textual prints it."""
        return False

    def _handle_exception(self, error: Exception) -> None:
        self.crashed(error)
        super()._handle_exception(error)

    def _fatal_error(self) -> None:
        if self.quiet_fatal_error():
            self._close_messages_no_wait()
        else:
            super()._fatal_error()

    def _print_error_renderables(self) -> None:
        if self.exit_report(list(self._exit_renderables)):
            self._exit_renderables.clear()
        else:
            super()._print_error_renderables()


# -- the stylesheet, parsed ahead ---------------------------------------------------------


@dataclass(frozen=True)
class ParsedCss:
    """CSS parsed ahead: rules by the key of a stylesheet's parse cache, which is what
    :meth:`Stylesheet._parse_rules` is given (the CSS, where it was read from, whether it is
    default CSS, its tie breaker, its scope)."""

    variables: dict[str, str]
    """The variables (of a theme) the rules were parsed with: they hold for a stylesheet
    with the same variables only."""
    rules: dict[tuple[Any, ...], list[Any]]


def parse_ahead(app: App[Any], nodes: Iterable[type[DOMNode]]) -> ParsedCss:
    """Parse now, as the stylesheet of ``app`` will when it runs (with the variables of its
    theme), the CSS it reads as it starts (its CSS files, its default CSS) and the default CSS
    of each class of ``nodes``: what a widget of that class adds when it is mounted. ``app`` is
    never run."""
    variables = app.get_css_variables()
    sheet = Stylesheet(variables=variables)
    sheet.read_all(app.css_path)
    sources: list[tuple[Any, ...]] = [
        (source.content, read_from, False, source.tie_breaker, source.scope)
        for read_from, source in sheet.source.items()
    ]
    # A base class's CSS comes with a tie breaker that depends on the class mounted (how far
    # down from the base it is): each is parsed apart, as the stylesheet does.
    defaults = [app._get_default_css()]
    for cls in nodes:
        # A class's CSS, got from a node not made (__init__ not called): nothing of a node's
        # own goes into it.
        with contextlib.suppress(Exception):  # else parsed where it is used, as without this
            defaults.append(cls.__new__(cls)._get_default_css())
    for default in defaults:
        for read_from, css, tie_breaker, scope in default:
            sources.append((css, read_from, True, tie_breaker, scope))
    rules: dict[tuple[Any, ...], list[Any]] = {}
    for key in sources:
        if key not in rules:
            # CSS in error is parsed again, and the error told, where it is used.
            with contextlib.suppress(Exception):
                rules[key] = sheet._parse_rules(*key)
    return ParsedCss(variables, rules)


class AheadStylesheet(Stylesheet):
    """A stylesheet that finds the rules of CSS parsed ahead (:func:`parse_ahead`) in its parse
    cache whenever its variables are those they were parsed with: when made, and when its
    variables change (a theme set, as for the low-bandwidth display, is applied once the app
    runs, by a parse with the theme's variables)."""

    def __init__(
        self, *, variables: dict[str, str] | None = None, ahead: Sequence[ParsedCss] = ()
    ) -> None:
        super().__init__(variables=variables)
        self.replaced: dict[DOMNode, RulesMap] = {}
        """The rules :meth:`apply` chose for a node, as it replaces the node's (see there)."""
        self.ahead = tuple(ahead)
        self.taken: ParsedCss | None = None
        """The CSS parsed ahead in the parse cache now, if any."""
        self.take_ahead()

    def take_ahead(self) -> None:
        """Put the CSS parsed ahead with this stylesheet's variables, if any, in its parse
        cache."""
        self.taken = None
        for parsed in self.ahead:
            if self._variables == parsed.variables:
                cache = self._parse_cache
                cache.grow(len(parsed.rules) + 64)
                for key, rules in parsed.rules.items():
                    cache.set(key, rules)
                self.taken = parsed
                return

    def set_variables(self, variables: dict[str, str]) -> None:
        super().set_variables(variables)  # the parse cache emptied
        self.take_ahead()

    def reparse(self) -> None:
        # Textual's parses the sources in a new stylesheet, with an empty parse cache, so that
        # CSS in error leaves this one as it was: so does a parse of this one (its rules are
        # only replaced once every source is parsed), which finds the CSS parsed ahead.
        if self.taken is None:
            super().reparse()
        else:
            self.parse()

    # -- the rules of a node, kept ------------------------------------------------------------

    _signed_rules: list[Any] | None = None
    _signature = 0

    def sign(self) -> None:
        """Name the rules as they are now (the sources they were parsed from, in order, and
        the variables)."""
        rules = self.rules
        sources = tuple(
            (read_from, hash(source.content), source.is_defaults, source.tie_breaker, source.scope)
            for read_from, source in self.source.items()
        )
        signature = (sources, tuple(sorted(self._variables.items())))
        self._signature = _SIGNATURES.setdefault(signature, len(_SIGNATURES))
        self._signed_rules = rules

    def node_key(self, node: DOMNode) -> tuple[object, ...]:
        """All the rules that apply to ``node``, and to the nodes of its component classes,
        are chosen by: the rules (:meth:`sign`), and for the node and each of its ancestors up
        to the app, its class (its CSS type names), id, classes and which of the
        pseudo-classes that the rules that may apply to it, or to its components, use it has.
        Those that are the app's alike for every node (``:dark``, ``:ansi`` ...) are looked
        up once, and ``:disabled`` and ``:focus-within`` from the app down, not again for each
        ancestor (they were a third of the time to choose a node's rules)."""
        if self.rules is not self._signed_rules:
            self.sign()
        kind = (self._signature, type(node), node.id, node.classes)
        used = PSEUDO_USED.get(kind)
        if used is None:
            rules_map = self.rules_map
            names = frozenset(
                pseudo
                for name in node._selector_names | component_selector_names(type(node))
                for rule in rules_map.get(name, ())
                for selector_set in rule.selector_set
                for selector in selector_set.selectors
                for pseudo in selector.pseudo_classes
            )
            used = PSEUDO_USED.put(
                kind,
                (tuple(sorted(names - APP_WIDE_PSEUDO)), tuple(sorted(names & APP_WIDE_PSEUDO))),
            )
        own, shared = used
        path = node.css_path_nodes
        root = path[0]
        states: tuple[str, ...] = ()
        if shared and isinstance(root, App):
            states = tuple(name for name in shared if root.has_pseudo_class(name))
        else:
            own, shared = own + shared, ()
        if not own and not shared:
            return (self._signature, states, tuple(node_kind(each) for each in path))
        return (self._signature, states, self.path_states(node, path, own, shared))

    def path_states(
        self,
        node: DOMNode,
        path: list[DOMNode],
        own: tuple[str, ...],
        shared: tuple[str, ...],
    ) -> tuple[object, ...]:
        """For each node of ``path``, its kind and which of ``own`` pseudo-classes it has
        (and of ``shared``, if its class tells them its own way)."""
        disabled = False
        within: set[int] | None = None
        found = []
        for each in path:
            if isinstance(each, Widget):
                disabled = disabled or each.disabled
            else:
                disabled = False  # Widget.is_disabled looks no further up than a widget
            checks: dict[str, Callable[[Any], bool]] = each._PSEUDO_CLASSES
            names = own if shares_app_pseudo(type(each)) else own + shared
            on: list[str] = []
            for name in names:
                check = checks.get(name)
                if check is None:
                    continue
                if check is not _WIDGET_CHECKS.get(name):
                    has = check(each)
                elif name == "disabled":
                    has = disabled
                elif name == "enabled":
                    has = not disabled
                elif name == "focus-within":
                    if within is None:
                        within = focus_chain(node)
                    has = id(each) in within
                else:
                    has = check(each)
                if has:
                    on.append(name)
            found.append((*node_kind(each), tuple(on)))
        return tuple(found)

    def apply(
        self,
        node: DOMNode,
        *,
        animate: bool = False,
        cache: dict[tuple[Any, ...], RulesMap] | None = None,
    ) -> None:
        # Textual's, but the rules it chose for a node, and for the nodes of its component
        # classes, are kept for every node alike, in this app and the others of the process
        # (the fork server's run of the explorer for the sessions forked from it): a node
        # alike finds them chosen (a fifth of the CPU of a session's first screen went to
        # choosing them), and given as Textual's properties make them (see :class:`KeptRules`).
        key = self.node_key(node)
        kept: KeptRules | None = KEPT_RULES.get(key)
        if kept is not None:
            kept.give(node, animate)
            if kept.components is None:
                self._process_component_classes(node)
            elif kept.components:
                kept.give_components(node)
            return
        self.replaced.pop(node, None)
        super().apply(node, animate=animate, cache=cache)
        components: tuple[tuple[str, KeptRules], ...] | None = ()
        if node._get_component_classes():
            found = [
                (name, KEPT_RULES.get(self.node_key(styles.node)))
                for name, styles in sorted(node._component_styles.items())
                if styles.node is not None
            ]
            components = tuple(found) if all(rules for _, rules in found) else None
        KEPT_RULES.put(
            key,
            KeptRules.make(self.replaced.pop(node, None), flags_of(node), components),
        )

    def replace_rules(  # type: ignore[override]
        self, node: DOMNode, rules: RulesMap, animate: bool = False
    ) -> None:
        self.replaced[node] = rules  # what apply chose for the node, to be kept
        Stylesheet.replace_rules(node, rules, animate=animate)


def flags_of(node: DOMNode) -> tuple[bool, bool, bool, bool]:
    """What of the node's own the rules chosen for it use, as Textual's apply sets it."""
    return (
        node._has_hover_style,
        node._has_focus_within,
        node._has_order_style,
        node._has_odd_or_even,
    )


class KeptRules(NamedTuple):
    """The rules the stylesheet chose for a node (:data:`KEPT_RULES`), ready to be given to
    another node alike.

    Textual gives a node its rules by setting each through its property of
    :class:`~textual.css.styles.Styles`: the property turns the value into what it keeps (a
    string into a Scalar, a Color, a Style ...) and asks for a refresh if it changed. Most do
    nothing more (:func:`rule_kind`): for those, what they keep is made once here
    (:attr:`made`). A node that has no rules yet and is not mounted, as every node is when it
    is first styled, takes them at once (a refresh of a node not mounted does nothing); a
    mounted node has only the rules whose value changes set through their property. The rules
    whose property does more (a layout, made for each node; the display, which tells the
    node's parent; the overflow, which shows the scrollbars ...) are always set through it,
    and the scrollbars' colours when the node shows a scrollbar (their property refreshes it).
    """

    rules: RulesMap | None
    flags: tuple[bool, bool, bool, bool]
    made: dict[str, object]
    """The plain rules and the scrollbars' colours, as their properties keep them."""
    bars: frozenset[str]
    """The scrollbars' colours among :attr:`made`."""
    through: tuple[tuple[str, object], ...]
    """The rules always set through their properties."""
    components: tuple[tuple[str, KeptRules], ...] | None
    """The rules of the nodes of the node's component classes, by class, in Textual's order;
    None if not kept (they are then chosen as Textual does)."""

    @classmethod
    def make(
        cls,
        rules: RulesMap | None,
        flags: tuple[bool, bool, bool, bool],
        components: tuple[tuple[str, KeptRules], ...] | None = None,
    ) -> KeptRules:
        made: dict[str, object] = {}
        through: list[tuple[str, object]] = []
        if rules is not None:
            blank = Styles()
            for name, value in rules.items():
                if rule_kind(name) == "through":
                    through.append((name, value))
                else:
                    setattr(blank, name, value)
            made = dict(blank._rules)
            if not made.keys() <= rules.keys():  # one property kept another's rule
                made, through = {}, list(rules.items())
        bars = frozenset(name for name in made if rule_kind(name) == "bar")
        return cls(rules, flags, made, bars, tuple(through), components)

    def give(self, node: DOMNode, animate: bool = False) -> None:
        """Give ``node`` these rules, as Textual's apply does with the rules it chose
        (``Stylesheet.replace_rules``)."""
        (
            node._has_hover_style,
            node._has_focus_within,
            node._has_order_style,
            node._has_odd_or_even,
        ) = self.flags
        rules = self.rules
        if rules is None:
            return
        base = node.styles.base
        current: dict[str, object] = base._rules  # type: ignore[assignment]
        if animate:
            if rules.get("transitions"):  # a change may be animated
                Stylesheet.replace_rules(node, rules, animate=True)
                return
            if current == rules:
                return  # as Textual's: nothing to animate, and nothing done
            # else as without animation: no rule has a transition to animate it
        made = self.made
        bars = self.bars
        if bars and not (
            isinstance(node, Widget)
            and (node.show_horizontal_scrollbar or node.show_vertical_scrollbar)
        ):
            bars = frozenset()
        if not current and not node._is_mounted:
            if bars:
                current.update({name: value for name, value in made.items() if name not in bars})
            else:
                current.update(made)
            base._updates += len(current)
            for name, value in self.through:
                setattr(base, name, value)
            for name in bars:
                setattr(base, name, rules[name])  # type: ignore[literal-required]
        else:
            get = rules.get
            for name in current.keys() | rules.keys():
                if name in made and name not in bars and current.get(name) == made[name]:
                    continue  # its property would keep the value it has, and do nothing
                setattr(base, name, get(name))
        node.notify_style_update()

    def give_components(self, node: DOMNode) -> None:
        """Style the nodes of ``node``'s component classes as Textual's stylesheet does
        (``_process_component_classes``), with their rules kept."""
        assert self.components is not None
        refresh = False
        old = node._component_styles.copy()
        node._component_styles.clear()
        for name, rules in self.components:
            virtual = DOMNode(classes=name)
            virtual._attach(node)
            rules.give(virtual)
            if not refresh and old.get(name) != virtual.styles:
                refresh = True
            node._component_styles[name] = virtual.styles
        if refresh:
            node.refresh()


_PLAIN_SETTERS: tuple[type, ...] = (
    style_properties.GenericProperty,
    style_properties.IntegerProperty,
    style_properties.BooleanProperty,
    style_properties.ScalarProperty,
    style_properties.ScalarListProperty,
    style_properties.BoxProperty,
    style_properties.KeylineProperty,
    style_properties.SpacingProperty,
    style_properties.DockProperty,
    style_properties.SplitProperty,
    style_properties.OffsetProperty,
    style_properties.NameProperty,
    style_properties.NameListProperty,
    style_properties.ColorProperty,
    style_properties.StyleFlagsProperty,
    style_properties.FractionalProperty,
    style_properties.HatchProperty,
    style_properties.StringEnumProperty,
)
"""The properties of Styles that, set, keep their value (made from what they are given alone)
under their own name and ask for a refresh, and do nothing else (read in Textual
:data:`TEXTUAL_CHECKED`). Their subclasses are not counted: ``OverflowProperty`` also
refreshes the scrollbars, ``ScrollbarColorProperty`` the scrollbars shown (:func:`rule_kind`).
"""

_KINDS: dict[str, Literal["plain", "bar", "through"]] = {}


def rule_kind(name: str) -> Literal["plain", "bar", "through"]:
    """How the rule ``name`` is given to a node (:class:`KeptRules`): ``plain`` if its
    property is one of :data:`_PLAIN_SETTERS` (a string enum's that tells the node's parent
    of a change of display, or the screen of a pointer, is not), ``bar`` for a scrollbar's
    colour, ``through`` its property."""
    kind = _KINDS.get(name)
    if kind is None:
        prop = inspect.getattr_static(Styles, name, None)
        if type(prop) is style_properties.ScrollbarColorProperty:
            kind = "bar"
        elif (
            type(prop) in _PLAIN_SETTERS
            and not getattr(prop, "_display", False)
            and not getattr(prop, "_pointer", False)
        ):
            kind = "plain"
        else:
            kind = "through"
        _KINDS[name] = kind
    return kind


_COMPONENT_NAMES: dict[type, frozenset[str]] = {}


def component_selector_names(kind: type[DOMNode]) -> frozenset[str]:
    """The selector names of the nodes Textual makes for the component classes of a node of
    ``kind`` (to style them as the node's children)."""
    names = _COMPONENT_NAMES.get(kind)
    if names is None:
        names = _COMPONENT_NAMES[kind] = frozenset(
            name
            for component in kind._get_component_classes()
            for name in DOMNode(classes=component)._selector_names
        )
    return names


APP_WIDE_PSEUDO = frozenset({"dark", "light", "inline", "ansi", "nocolor"})
"""Pseudo-classes that every node of an app has alike (Textual's checks read the app's)."""

_WIDGET_CHECKS: dict[str, Callable[[Any], bool]] = Widget._PSEUDO_CLASSES
_APP_CHECKS: dict[str, Callable[[Any], bool]] = App._PSEUDO_CLASSES


def node_kind(node: DOMNode) -> tuple[object, ...]:
    return (type(node), node.id, node.classes)


_SHARES: dict[type, bool] = {}


def shares_app_pseudo(kind: type[DOMNode]) -> bool:
    """Whether the app-wide pseudo-classes of a node of ``kind`` are the app's (Textual's own
    checks, or none)."""
    shares = _SHARES.get(kind)
    if shares is None:
        checks: dict[str, Callable[[Any], bool]] = kind._PSEUDO_CLASSES
        shares = _SHARES[kind] = all(
            checks.get(name) in (None, _WIDGET_CHECKS.get(name), _APP_CHECKS.get(name))
            for name in APP_WIDE_PSEUDO
        )
    return shares


def focus_chain(node: DOMNode) -> set[int]:
    """The focused widget of ``node``'s screen and its ancestors, by id (the nodes that have
    focus within, as Widget.has_focus_within tells)."""
    try:
        focused: DOMNode | None = node.screen.focused
    except NoScreen:
        return set()
    chain = set()
    while focused is not None:
        chain.add(id(focused))
        focused = focused.parent
    return chain


_SIGNATURES: dict[tuple[Any, ...], int] = {}
"""Each set of rules a stylesheet had, by a number."""

PSEUDO_USED = KeptDrawings(most=1024)
"""The pseudo-classes used by the rules that may apply to a node (those of each node, and the
app-wide ones), by the rules (their number in :data:`_SIGNATURES`) and the node's class, id
and classes (which name the rules that may apply to it): the same in every app of the
process with the same rules."""

KEPT_RULES = KeptDrawings(most=1024)
"""The rules a stylesheet chose for a node and its components (:class:`KeptRules`), by
:meth:`AheadStylesheet.node_key`."""


# -- callbacks' parameters -----------------------------------------------------------------

textual_count_parameters = textual_callback.count_parameters


def count_parameters(func: Callable[..., Any]) -> int:
    """How many parameters ``func`` takes, as Textual's ``count_parameters`` tells, but kept
    where Textual counts again: a partial (every callback given to ``call_later`` or
    ``call_after_refresh`` is wrapped in a new one) is counted by the callable it wraps, whose
    count is kept; a plain function by its code (a closure made again, as by every mount, has
    the same parameters as the last)."""
    with contextlib.suppress(AttributeError):
        return func._param_count  # type: ignore[attr-defined, no-any-return]
    if isinstance(func, partial):
        return count_parameters(func.func) - len(func.args) - len(func.keywords)
    if type(func) is FunctionType and not signed_apart(func):
        code = func.__code__
        count = _COUNTS_BY_CODE.get(code)
        if count is None:
            count = _COUNTS_BY_CODE[code] = textual_count_parameters(func)
        return count
    return textual_count_parameters(func)


def signed_apart(func: FunctionType) -> bool:
    """Whether ``func``'s signature may be another than its code's (inspect.signature then
    follows ``__wrapped__``, ``__signature__`` or ``__text_signature__``)."""
    return bool(func.__dict__) and any(
        name in func.__dict__ for name in ("__wrapped__", "__signature__", "__text_signature__")
    )


_COUNTS_BY_CODE: dict[CodeType, int] = {}
"""The parameters of plain functions, by their code."""

textual_callback.count_parameters = count_parameters


# -- the handlers of a message -------------------------------------------------------------

textual_get_dispatch_methods = MessagePump._get_dispatch_methods

Handler = tuple[Callable[..., Any], dict[str, Any]]
DispatchPlan = tuple[tuple[type, tuple[Handler, ...], Callable[..., Any] | None], ...]


def dispatch_plan(kind: type, message_kind: type[Message], method_name: str) -> DispatchPlan:
    """The handlers a node of class ``kind`` may have for a message of ``message_kind``, as
    Textual's ``_get_dispatch_methods`` looks for them: for each class of ``kind``'s MRO that
    has some, its handlers made with @on for the message's class or a base (with their
    selectors), and its method named ``method_name`` (or with a leading underscore) unless
    made with @on."""
    message_mro = [each for each in message_kind.__mro__ if issubclass(each, Message)]
    plan = []
    for cls in kind.__mro__:
        handlers: dict[type, list[Handler]] | None = cls.__dict__.get("_decorated_handlers")
        decorated = (
            tuple(handler for each in message_mro for handler in handlers.get(each, ()))
            if handlers
            else ()
        )
        method = cls.__dict__.get(f"_{method_name}") or cls.__dict__.get(method_name)
        if method is not None and getattr(method, "_textual_on", None):
            method = None
        if decorated or method is not None:
            plan.append((cls, decorated, method))
    return tuple(plan)


_PLANS: dict[tuple[type, type, str], DispatchPlan] = {}
"""The handlers, by node class, message class and the message's handler name: as many as the
program has classes alike (hostile input makes no class). Emptied when a handler is set on a
class of nodes, or deleted (:func:`set_on_node_class`)."""


def dispatch_methods(
    self: MessagePump, method_name: str, message: Message
) -> Iterator[tuple[type, Callable[..., Any]]]:
    """Textual's ``MessagePump._get_dispatch_methods``, with the handlers of a node's class
    for a message's found once (:func:`dispatch_plan`): yields each class and its handler,
    bound, stopping before the next class when a handler prevented the default, and calling
    an @on handler whose selectors match the message's widgets only."""
    key = (type(self), type(message), method_name)
    plan = _PLANS.get(key)
    if plan is None:
        plan = _PLANS[key] = dispatch_plan(key[0], key[1], method_name)
    dispatched: set[Callable[..., Any]] = set()
    for cls, decorated, method in plan:
        if message._no_default_action:
            break
        for handler, wanted in decorated:
            if handler in dispatched:
                continue
            if wanted and not (message._sender and selectors_match(message, wanted)):
                continue
            yield cls, handler.__get__(self, cls)
            dispatched.add(handler)
        if method is not None:
            yield cls, method.__get__(self, cls)


def selectors_match(message: Message, selectors: dict[str, Any]) -> bool:
    """Whether each widget of ``message`` an @on handler names matches its selector."""
    for attribute, selector in selectors.items():
        node = getattr(message, attribute)
        if node is None:
            return False
        if not isinstance(node, Widget):
            raise OnNoWidget(
                f"on decorator can't match against {attribute!r} as it is not a widget."
            )
        if not match(selector, node):
            return False
    return True


HANDLER_PREFIXES = ("on_", "_on_")
"""How the names of handlers start (a message's ``handler_name`` is ``on_...``, and Textual
also calls the one with a leading underscore)."""


def set_on_node_class(cls: type, name: str, value: object) -> None:
    """Set an attribute of a class of Textual's nodes; a handler set (a test's stand-in, say)
    makes the handlers be found anew."""
    type.__setattr__(cls, name, value)
    if name.startswith(HANDLER_PREFIXES):
        _PLANS.clear()


def delete_on_node_class(cls: type, name: str) -> None:
    """Delete an attribute of a class of Textual's nodes (as :func:`set_on_node_class`)."""
    type.__delattr__(cls, name)
    if name.startswith(HANDLER_PREFIXES):
        _PLANS.clear()


MessagePump._get_dispatch_methods = dispatch_methods  # type: ignore[method-assign]
_MessagePumpMeta.__setattr__ = set_on_node_class  # type: ignore[method-assign, assignment]
_MessagePumpMeta.__delattr__ = delete_on_node_class  # type: ignore[method-assign, assignment]


# -- the driver ----------------------------------------------------------------------------


class DriverHooks(LinuxDriver):
    """Textual's Linux driver, with its terminal, app and loop named, and its stop and
    continue signals told to two hooks."""

    @property
    def output(self) -> TextIO | None:
        """The file the terminal is written to."""
        return self._file

    @output.setter
    def output(self, file: TextIO | None) -> None:
        self._file = file  # type: ignore[assignment]  # any text file, as Textual's own

    @property
    def driven(self) -> App[Any]:
        return self._app

    @property
    def loop(self) -> asyncio.AbstractEventLoop:
        return self._loop

    @property
    def stops_itself(self) -> bool:
        """Whether a stop (Ctrl+Z) gives the terminal back first."""
        return bool(self._auto_restart)

    def will_tell_resume(self) -> None:
        """Have the app told it resumed, once the terminal is taken back."""
        self._must_signal_resume = True

    def on_stop_signal(self) -> None:
        """SIGTSTP (Textual's own: give the terminal back, stop)."""
        super()._sigtstp_application()

    def on_continue_signal(self) -> None:
        """SIGCONT (Textual's own: take the terminal back)."""
        super()._sigcont_application()

    def _sigtstp_application(self, *_: object) -> None:
        self.on_stop_signal()

    def _sigcont_application(self, *_: object) -> None:
        self.on_continue_signal()

    escape_delay = 0.1
    """Seconds a lone ESC waits for the rest of a sequence (Textual's default, ESCDELAY)."""

    def run_input_thread(self) -> None:
        """Textual's own input loop (LinuxDriver.run_input_thread), except that it waits for
        input no longer than the escape delay has left: a lone ESC is the escape key once its
        delay is over, not at the loop's next turn up to 0.1 s later."""
        constants.ESCAPE_DELAY = self.escape_delay  # type: ignore[misc]  # read by the parser
        selector = selectors.SelectSelector()
        selector.register(self.fileno, selectors.EVENT_READ)
        fileno = self.fileno
        parser = XTermParser(self._debug)
        decode = getincrementaldecoder("utf-8")().decode

        def process(events: list[tuple[selectors.SelectorKey, int]], final: bool = False) -> None:
            for index, (_, mask) in enumerate(events):
                if mask & selectors.EVENT_READ:
                    data = decode(
                        os.read(fileno, 1024 * 4), final=final and index == len(events) - 1
                    )
                    if not data:
                        break
                    for event in parser.feed(data):
                        self.process_message(event)
            for event in parser.tick():
                self.process_message(event)

        try:
            while not self.exit_event.is_set():
                process(selector.select(input_wait(parser._timeout_time, monotonic())))
            selector.unregister(self.fileno)
            process(selector.select(_INPUT_TURN), final=True)
        finally:
            selector.close()
            try:
                for _event in parser.feed(""):
                    pass
            except (EOFError, ParseError):
                pass


_INPUT_TURN = 0.1
"""The longest the input loop waits before it looks whether the app is leaving."""


def input_wait(deadline: float | None, now: float) -> float:
    """How long the input loop may wait for input: until a lone ESC's delay runs out
    (``deadline``, on the clock of ``now``), and no longer than :data:`_INPUT_TURN`."""
    if deadline is None:
        return _INPUT_TURN
    return min(_INPUT_TURN, max(0.0, deadline - now))
