"""Waiting in pilot tests for what the user would see, without sleeping.

:func:`idle` says what "the app is idle" means, once, for every test: every message handled,
nothing waiting to be laid out or drawn, no timer of the app's own due, no worker running, no
animation, and all of it so twice in a row. Each other helper here waits for one thing the
user would see. They poll: the app runs between two looks, and a look that finds the
condition met ends the wait at once, however slow or busy the machine is. A condition not met
within :data:`LIMIT` seconds fails the test, saying what was still going on; that limit is a
bound against a hang, never a wait that a passing test relies on.

Reading the app's state takes some of Textual's private names; they are listed in
:data:`TEXTUAL_NAMES`, each with why, and ``test_pilot_helpers.py`` fails loudly, naming the
one that is gone, if a version of Textual drops any of them (checked against Textual 8.2.8).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from typing import Any

from textual.app import App
from textual.message_pump import MessagePump
from textual.pilot import Pilot
from textual.screen import Screen
from textual.worker import WorkerState

from bijie_tui.model.tabs import tab_ids
from bijie_tui.screens.explorer_screen import ExplorerScreen
from bijie_tui.widgets.browse_view import BrowseView
from bijie_tui.widgets.detail import DetailPane

LIMIT = 60.0
"""Seconds after which a wait fails the test: far beyond what the slowest machine takes."""

POLL = 0.005
"""Seconds between two looks at the app (timers need the clock to move on)."""

SOON = 1.0
"""A one-shot timer set for at most this many seconds is the app's own work still to come (a
tab built while idle, the detail pane's later layout); a longer one (a notification's
timeout) is not waited for."""

TEXTUAL_NAMES: dict[tuple[type, str], str] = {
    (Pilot, "_wait_for_screen"): "waits until every widget has handled the messages sent so far "
    "(what Pilot.press and Pilot.pause do first)",
    (MessagePump, "_next_callbacks"): "callbacks set with call_next, not yet run",
    (MessagePump, "_timers"): "the timers a widget or screen has set (set_timer)",
    (Screen, "_layout_required"): "a layout is due at the next frame",
    (Screen, "_scroll_required"): "a scroll is due at the next frame",
    (Screen, "_repaint_required"): "the whole screen is to be drawn at the next frame",
    (Screen, "_recompose_required"): "the screen is to be composed again",
    (Screen, "_dirty_widgets"): "widgets to be drawn at the next frame",
    (Screen, "_callbacks"): "callbacks set with call_after_refresh, run after the next frame",
}
"""Textual's private names the helpers read, with what each tells (Textual 8.2.8)."""


def _pumps(app: App[Any]) -> Iterator[MessagePump]:
    yield app
    for screen in app.screen_stack:
        yield from screen.walk_children(with_self=True)


def _soon(timer: Any) -> bool:
    """Whether ``timer`` is a one-shot timer still to fire within :data:`SOON` seconds."""
    task = getattr(timer, "_task", None)
    return (
        timer._repeat is not None
        and timer._interval <= SOON
        and task is not None
        and not task.done()
    )


def busy(app: App[Any]) -> list[str]:
    """What the app still has to do before it is idle (nothing: it is idle)."""
    doing: list[str] = []
    for pump in _pumps(app):
        if pump.message_queue_size or pump._next_callbacks:
            doing.append(f"{pump!r} has messages to handle")
        if any(_soon(timer) for timer in list(pump._timers)):
            doing.append(f"{pump!r} has a timer due")
    screen = app.screen
    for flag in (
        "_layout_required",
        "_scroll_required",
        "_repaint_required",
        "_recompose_required",
        "_dirty_widgets",
        "_callbacks",
    ):
        if getattr(screen, flag):
            doing.append(f"the screen's {flag.strip('_')}")
    if any(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in app.workers):
        doing.append("a worker is running")
    animator = app.animator
    if animator._animations or animator._scheduled:
        doing.append("an animation is running")
    return doing


async def until(pilot: Pilot[Any], condition: Callable[[], bool], what: str) -> None:
    """Let the app run until ``condition`` holds; fail saying ``what`` never happened."""
    end = time.monotonic() + LIMIT
    await pilot._wait_for_screen()
    while not condition():
        if time.monotonic() > end:
            raise AssertionError(f"{what} never happened in {LIMIT:.0f} s: {busy(pilot.app)}")
        await asyncio.sleep(POLL)


async def idle(pilot: Pilot[Any]) -> None:
    """Let the app run until it is idle (see :func:`busy`) at two looks in a row, each made
    once every widget has handled what was sent to it before (a handler still running, with
    no message queued, finishes first)."""
    end = time.monotonic() + LIMIT
    quiet = 0
    while quiet < 2:
        doing = busy(pilot.app)
        if not doing:
            await pilot._wait_for_screen()  # only then: it sends every widget a message
            doing = busy(pilot.app)
        quiet = 0 if doing else quiet + 1
        if doing and time.monotonic() > end:
            raise AssertionError(f"the app was never idle in {LIMIT:.0f} s: {doing}")
        if quiet < 2:
            await asyncio.sleep(POLL)


def screen_lines(app: App[Any]) -> list[str]:
    """The lines the terminal shows, as text."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def pane_lines(app: App[Any], pane: DetailPane) -> list[str]:
    """The lines the pane shows, as the terminal shows them (inside its border and padding,
    without the scrollbar), whether it shows a glance or its parts."""
    region = pane.content_region
    lines = screen_lines(app)[region.y : region.bottom]
    return [line[region.x : region.right - pane.scrollbar_size_vertical].rstrip() for line in lines]


async def settled_pane(pilot: Pilot[Any], sector: str) -> DetailPane:
    """The sector's detail pane once it shows the highlighted row, and the app idle."""
    view = pilot.app.query_one(f"#view-{sector}", BrowseView)
    pane = view.query_one(DetailPane)

    def shows_the_row() -> bool:
        row = view.active_table().current()
        return pane.detail is not None and row is not None and pane.detail.target == row.target

    await until(pilot, shows_the_row, f"the {sector} pane showing the highlighted row")
    await idle(pilot)
    return pane


async def laid_out_pane(pilot: Pilot[Any], pane: DetailPane) -> None:
    """Wait until the pane's parts kept for a later layout are laid out."""
    await until(pilot, lambda: not pane.has_pending_layout(), "the pane's later layout")
    await idle(pilot)


async def tabs_built(pilot: Pilot[Any]) -> None:
    """Wait until every tab's view is built (the other tabs are built while idle)."""
    screen = pilot.app.screen
    assert isinstance(screen, ExplorerScreen) and screen.catalog is not None
    tabs = tab_ids(screen.catalog)[1:]
    await until(pilot, lambda: all(screen.built(tab) for tab in tabs), "every tab built")
    await idle(pilot)


async def palette_options(pilot: Pilot[Any]) -> None:
    """Wait until the command palette has searched for what was typed and shows its options
    (it searches in the background, in a worker)."""
    from textual.command import CommandPalette

    def searched() -> bool:
        screen = pilot.app.screen
        return isinstance(screen, CommandPalette) and not busy(pilot.app)

    await until(pilot, searched, "the palette's search")
    await idle(pilot)
