"""What the app does when something ends it: the signals that end a process, and the report of
an unexpected error (a file in the platform's state directory, and one line on the terminal)."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from .display import served
from .model.graphemes import first
from .model.safe import printable
from .textual_private import ErrorHooks

ENDING_SIGNALS: tuple[signal.Signals, ...] = tuple(
    getattr(signal, name)
    for name in (
        "SIGTERM",
        "SIGHUP",
        "SIGINT",
        "SIGQUIT",
        "SIGUSR1",
        "SIGUSR2",
        "SIGALRM",
        "SIGVTALRM",
        "SIGPROF",
        "SIGXCPU",
        "SIGXFSZ",
        "SIGPWR",
    )
    if hasattr(signal, name)
)
"""The signals whose default action ends the process, leaving the terminal as the app set it."""


def end_on_signals(loop: asyncio.AbstractEventLoop, end: Callable[[int], object]) -> None:
    """On any of :data:`ENDING_SIGNALS`, call ``end(signum)`` in ``loop``, which must be running
    in this thread (the main one). As ``loop.add_signal_handler`` for each would, but that
    checks each signal against a set of all signals, made anew each time: twelve took a
    millisecond of a session's start. The first signal is given to asyncio, which so wakes
    the loop on any signal (a signal caught by another thread would otherwise wait for the
    loop's next event); the others are caught here, and handed to the loop. Once the loop is
    closed, such a signal does what it would have done without the app."""

    def caught(signum: int, _frame: object) -> None:
        try:
            loop.call_soon_threadsafe(end, signum)
        except RuntimeError:  # the loop is closed: the app is over
            alone = signal.default_int_handler if signum == signal.SIGINT else signal.SIG_DFL
            signal.signal(signum, alone)
            signal.raise_signal(signum)

    first, *others = ENDING_SIGNALS
    loop.add_signal_handler(first, end, first)
    for signum in others:
        signal.signal(signum, caught)


def state_dir() -> Path:
    """Where the app keeps what it writes for itself: crash reports, in the platform's folder
    for an application's logs (platformdirs): ``$XDG_STATE_HOME/bijie-tui/log`` (else
    ``~/.local/state/bijie-tui/log``) on Linux, ``~/Library/Logs/bijie-tui`` on macOS,
    ``%LOCALAPPDATA%\\bijie-tui\\Logs`` on Windows."""
    from platformdirs import user_log_path

    return user_log_path("bijie-tui", appauthor=False)


def report_text(error: BaseException | None, renderables: Iterable[object]) -> str:
    """The full report of an unexpected error."""
    import io
    import time
    import traceback

    from rich.console import Console

    text = io.StringIO()
    text.write(f"bijie-tui {_version()} on Python {sys.version.split()[0]}, {sys.platform}\n")
    text.write(time.strftime("%Y-%m-%d %H:%M:%S %z\n\n"))
    if error is not None:
        text.write("".join(traceback.format_exception(error)))
    console = Console(file=text, width=100, color_system=None, force_terminal=False)
    for renderable in renderables:
        console.print(renderable)
    return text.getvalue()


def write_report(
    error: BaseException | None, renderables: Iterable[object]
) -> tuple[Path | None, str]:
    """Write the full report of an unexpected error; return its path, or why it could not be."""
    import time

    report = report_text(error, renderables)
    directory: Path | None = None
    try:
        directory = state_dir()
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / time.strftime(f"crash-%Y%m%d-%H%M%S-{os.getpid()}.txt")
        with open(path, "x", encoding="utf-8", errors="replace") as handle:
            handle.write(report)
    except (OSError, RuntimeError) as problem:  # RuntimeError: no home directory
        reason = str(getattr(problem, "strerror", None) or problem)
        return None, reason if directory is None else f"{directory}: {reason}"
    return path, ""


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("bijie-tui")
    except PackageNotFoundError:
        return "(unknown version)"


class ReportsCrashes(ErrorHooks):
    """An App that ends an unexpected error with the terminal restored and one line saying
    where the full report is, never a traceback drawn over the screen."""

    _crash: BaseException | None = None

    def crashed(self, error: Exception) -> None:
        if self._crash is None:
            self._crash = error

    def quiet_fatal_error(self) -> bool:
        # Under test, Textual's own report (and the error raised again). Else no traceback
        # with its locals: that takes seconds to build, and the report has it all.
        return not self.is_headless

    def exit_report(self, renderables: list[Any]) -> bool:
        """One line on the restored terminal; the whole report goes to a file (in a served
        session, to standard error: the server's log)."""
        if self.is_headless or (self._crash is None and not renderables):
            return False
        if served(os.environ):
            # A served session writes no file on the server: the report goes to its log.
            report = report_text(self._crash, renderables)
            where = "the full report is above, in the server's log"
            try:
                sys.stderr.write(report)
            except (OSError, ValueError):
                pass
        else:
            path, problem = write_report(self._crash, renderables)
            where = (
                f"the full report is in {path}"
                if path
                else f"no report could be written: {problem}"
            )
        what = "unexpected error"
        if self._crash is not None:
            what = f"{what}: {type(self._crash).__name__}: {self._crash}"
        what = printable(what)
        if len(what) > 200:
            what = first(what, 199) + "…"
        line = f"{self.TITLE}: {what}; {printable(where)}"
        try:
            print(line, file=sys.stderr, flush=True)
        except (OSError, ValueError):
            pass
        return True
