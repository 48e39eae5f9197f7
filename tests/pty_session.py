"""The explorer (or any command) in a real pseudo-terminal, for the tests that need one.

Waiting is for conditions: for some output, for the process to end, or for the app to have
taken every key sent (:meth:`PtySession.settle`). The last is told by the process itself, as
the kernel sees it: every thread asleep, the event loop waiting with no timer of the app's due
within a second (a tab built while idle, the detail pane's later layout), and nothing more
written for a moment. A quiet pty alone does not say it: on a busy machine the app may simply
not have run yet. Time limits here are bounds against a hang, and a wait that reaches one
fails the test saying so.
"""

from __future__ import annotations

import fcntl
import os
import platform
import pty
import select
import shutil
import signal
import struct
import sys
import termios
import time
from collections.abc import Callable
from pathlib import Path

SOON = 1.0
"""A timer due within this many seconds is the app's own work still to come; a longer one
(the first screen's backstop) is not waited for."""

EPOLL_WAITS = {"x86_64": {232, 281}, "aarch64": {22}}.get(platform.machine(), set())
"""The numbers of epoll_wait and epoll_pwait, where asyncio's loop sleeps, on this machine
(their fourth argument is the timeout in ms, -1 for none)."""

ESC = "\x1b"

KEY_QUIET = 0.15
"""Seconds of silence, with the app idle, after which a key is taken as handled."""

ESC_QUIET = 0.6
"""The same after a lone escape. The app tells it from the start of an escape sequence by the
bytes that do not follow it: it takes it as a key once its escape delay (10 ms, the config's
``escape_delay``) has passed, its input thread asleep meanwhile, as the rest of the app is.
This silence outlasts it with room to spare for a config that sets a longer one."""

BIN = Path(sys.executable).parent / "bijie-tui"
EXE = str(BIN) if BIN.exists() else shutil.which("bijie-tui") or "bijie-tui"


HOME_NAMES = ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME")


def home_env() -> dict[str, str]:
    """The test's own home and XDG folders (see conftest.py), never the real ones."""
    return {name: os.environ[name] for name in HOME_NAMES if name in os.environ}


def plain_env(**extra: str) -> dict[str, str]:
    """A small environment as a terminal would give: a 256-colour xterm, a UTF-8 locale, and
    the test's own home."""
    env = {
        "PATH": os.environ.get("PATH", ""),
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
    }
    env.update(home_env())
    env.update(extra)
    return env


class PtySession:
    """One run in a pty of a given size, with everything it wrote.

    ``prepare`` runs in the child before the program starts (to close stderr, or change
    directory); ``argv`` replaces the explorer with another program.
    """

    def __init__(
        self,
        args: list[str],
        env: dict[str, str] | None = None,
        cols: int = 80,
        rows: int = 24,
        *,
        prepare: Callable[[], None] | None = None,
        argv: list[str] | None = None,
    ) -> None:
        argv = argv or [EXE, *args]
        env = plain_env() if env is None else env
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child
            if prepare is not None:
                prepare()
            os.execve(argv[0], argv, env)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.output = bytearray()
        self.status: int | None = None

    def read(self, seconds: float, until: bytes | None = None) -> bytes:
        """What arrives within ``seconds``, or until ``until`` has arrived."""
        start = len(self.output)
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            ready, _, _ = select.select([self.fd], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(self.fd, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                self.output.extend(chunk)
                if until is not None and until in self.output[start:]:
                    break
        return bytes(self.output[start:])

    def idle(self) -> bool:
        """Whether every thread of the process is asleep (waiting for input or a timer), not
        running or waiting to run, and no timer of its event loop is due soon."""
        try:
            for task in os.listdir(f"/proc/{self.pid}/task"):
                with open(f"/proc/{self.pid}/task/{task}/stat", encoding="ascii") as stat:
                    state = stat.read().rsplit(")", 1)[1].split()[0]
                if state not in ("S", "I"):
                    return False
            return not self.timer_due()
        except (FileNotFoundError, ProcessLookupError, IndexError):
            return True  # gone: nothing more will come

    def timer_due(self) -> bool:
        """Whether the main thread sleeps in its event loop's wait with a timeout of at most
        :data:`SOON` (a timer of the app's own still to fire). Read from the arguments of the
        system call it sleeps in (``/proc/PID/syscall``); False where that cannot be told (a
        program that is not an event loop, another kind of machine)."""
        try:
            with open(f"/proc/{self.pid}/syscall", encoding="ascii") as call:
                fields = call.read().split()
        except OSError:
            return False
        if len(fields) < 5 or not fields[0].isdigit() or int(fields[0]) not in EPOLL_WAITS:
            return False
        timeout = int(fields[4], 16) & 0xFFFFFFFF
        timeout = timeout - (1 << 32) if timeout >= 1 << 31 else timeout  # an int in C
        return 0 <= timeout <= SOON * 1000

    def settle(self, quiet: float = 0.15, limit: float = 60.0) -> bytes:
        """Read until the process is idle (:meth:`idle`) and nothing has arrived for ``quiet``
        seconds; what arrived meanwhile. Fails if that does not happen within ``limit``."""
        start = len(self.output)
        end = time.monotonic() + limit
        while not (not self.read(quiet) and self.idle() and not self.read(0.03) and self.idle()):
            if time.monotonic() > end:
                raise AssertionError(
                    f"the program was never idle in {limit:.0f} s: {self.text()[-2000:]!r}"
                )
        return bytes(self.output[start:])

    def keys(self, keys: list[str]) -> None:
        """Send ``keys`` one by one (each may be several bytes; an escape always alone), each
        once the app has taken the one before."""
        for key in keys:
            os.write(self.fd, key.encode())
            self.settle(ESC_QUIET if key == ESC else KEY_QUIET)

    def until(self, condition: Callable[[], bool], what: str, limit: float = 20.0) -> None:
        """Read until ``condition`` holds; fail saying ``what`` never happened."""
        end = time.monotonic() + limit
        while not condition():
            if time.monotonic() > end:
                raise AssertionError(f"{what} never happened: {self.text()[-2000:]!r}")
            self.read(0.05)

    def running(self) -> bool:
        if self.status is not None:
            return False
        pid, status = os.waitpid(self.pid, os.WNOHANG)
        if pid:
            self.status = status
        return not pid

    def wait(self, seconds: float = 5.0) -> int | None:
        """The exit status once the process has ended, reading meanwhile (None if it runs on)."""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            self.read(0.05)
            if not self.running():
                return self.status
        return None

    def quit(self) -> int | None:
        """Press ``q``; the exit status once the app has left (None if it did not)."""
        if self.running():
            os.write(self.fd, b"q")
        return self.wait(10.0)

    def close(self) -> None:
        if self.status is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
        os.close(self.fd)

    def text(self) -> str:
        return bytes(self.output).decode("utf-8", "replace")
