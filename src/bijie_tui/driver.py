"""The terminal driver: Textual's own, with what it writes passed through a :class:`Shadow`.

On entering the alternate screen it clears it, so the shadow knows every cell is blank and
sends only what is drawn on it. An app with ``hold_first_screen`` set has its first frames held
until it calls :meth:`LeanDriver.show_first_screen` (or :data:`HOLD_LIMIT` seconds pass): the
terminal gets that screen once, not each frame drawn on the way to it. While :attr:`holding`,
an app may leave its frames undrawn; the whole screen is drawn once it is shown.
"""

from __future__ import annotations

import os
import signal
import sys
from time import monotonic
from typing import IO, Any

from textual import events
from textual.message import Message

from .display import served
from .shadow import Shadow
from .textual_private import DriverHooks

HOLD_LIMIT = 3.0
"""The longest the first screen is held, in seconds, should the app never say it is whole."""


def _is_tty(file: IO[str] | None) -> bool:
    try:
        return file is not None and file.isatty()
    except (OSError, ValueError):
        return False


class LeanDriver(DriverHooks):
    """Writes the same screens with fewer bytes: only cells that change are sent."""

    strip_colour = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Textual draws on stderr; with stderr sent elsewhere (2>/dev/null, 2>log) or closed,
        # the terminal is the one stdout writes to.
        if not _is_tty(self.output) and _is_tty(sys.__stdout__):
            self.output = sys.__stdout__
        self._shadow = Shadow(strip_colour=self.strip_colour)
        mode = getattr(self.driven, "display_mode", None)
        if mode is not None:
            self.escape_delay = mode.escape_delay
        self._terminal_size: os.terminal_size | None = None
        self._suspended = False
        self._continued = 0
        self._continue_pending = False
        self._started = False
        self._gathered: list[str] | None = None
        """What is written while the terminal is being set up, to be written at once."""

    def start_application_mode(self) -> None:
        # Also on resuming after a stop: meanwhile the terminal showed whatever others wrote.
        # A new shadow rather than the old one emptied: this may run in a signal handler,
        # in the middle of a frame being fed to the old one.
        self._shadow = Shadow(strip_colour=self.strip_colour)
        self._terminal_size = None
        first = not self._started
        self._started = True
        # What Textual writes to set the terminal up (a dozen sequences, each written on its
        # own) goes out as one write: one wake of the writing thread, and of the link.
        self._gathered = []
        try:
            super().start_application_mode()  # type: ignore[no-untyped-call]
            # The alternate screen, cleared in the default style: the shadow knows it is blank.
            self.write("\x1b[2J")
        finally:
            gathered, self._gathered = self._gathered, None
            if gathered:
                self.write("".join(gathered))
        if first and getattr(self.driven, "hold_first_screen", False):
            self._shadow.hold()
            self.loop.call_later(HOLD_LIMIT, self.show_first_screen)

    last_key = 0.0
    """When the terminal last sent a key (``time.monotonic``): work that can wait (a tab's view
    built ahead) waits until keys pause, so that it never delays one."""

    def process_message(self, message: Message) -> None:
        if isinstance(message, events.Key):
            self.last_key = monotonic()  # a float set from the input thread, read by the app
        super().process_message(message)

    @property
    def can_suspend(self) -> bool:
        """Not in a served session: its user has no shell to come back to with fg, and a
        stopped session would hold its place on the server."""
        return not served(os.environ)

    @property
    def holding(self) -> bool:
        """Whether the first screen is still held (nothing drawn reaches the terminal)."""
        return self._shadow.holding

    def show_first_screen(self) -> None:
        """Send the screen held since the start (at once, and only what differs from blank),
        and have the whole screen drawn: frames the app left undrawn meanwhile come now."""
        if self._shadow.holding:
            super().write(self._shadow.release())
            self.driven.refresh()

    def stop_application_mode(self) -> None:
        self._shadow.release()  # a screen never shown is not shown on leaving
        super().stop_application_mode()

    def on_stop_signal(self) -> None:
        """Give the terminal back, stop, and take it back once continued.

        The resume happens here, after the stop, rather than in the SIGCONT handler: a SIGCONT
        that comes while the terminal is being given back (``kill -TSTP`` then ``kill -CONT``,
        or a job control that does not wait) would otherwise be spent before the process
        stops, and leave it stopped for good.
        """
        if not self.stops_itself or self._suspended:
            os.kill(os.getpid(), signal.SIGSTOP)
            return
        if self._continue_pending:
            # Both signals came before the loop turned: Python runs their handlers by number,
            # SIGCONT first, but the SIGCONT is the one that was sent last.
            self._continue_pending = False
            return
        self._suspended = True
        continued = self._continued
        try:
            self.suspend_application_mode()
            if self._continued == continued:
                os.kill(os.getpid(), signal.SIGSTOP)
        finally:
            self._suspended = False
            self.will_tell_resume()
            self.resume_application_mode()

    def on_continue_signal(self) -> None:
        self._continued += 1
        if self._suspended or not self._started:
            return  # the SIGTSTP handler takes the terminal back
        # Stopped by someone else (SIGSTOP), or continued with a SIGTSTP still to be handled:
        # either way the terminal may show anything now: forget it and draw it all, from the
        # loop, not in the middle of whatever this signal interrupted.
        self._continue_pending = True
        self.loop.call_soon_threadsafe(self._continue_handled)

    def _continue_handled(self) -> None:
        self._continue_pending = False
        self._shadow.forget()
        repaint = getattr(self.driven, "repaint_everything", self.driven.refresh)
        repaint()

    def write(self, data: str) -> None:
        if self._gathered is not None:
            self._gathered.append(data)
            return
        try:
            size = os.get_terminal_size(self.fileno)
        except OSError:
            size = None
        if size != self._terminal_size:
            # After a resize the terminal may have moved or cleared anything.
            self._terminal_size = size
            self._shadow.size = None if size is None else (size.columns, size.lines)
            self._shadow.forget()
        super().write(self._shadow.feed(data))


class MonochromeDriver(LeanDriver):
    """For ``NO_COLOR``: no colour sequences at all, only bold, underline, reverse and the like."""

    strip_colour = True
