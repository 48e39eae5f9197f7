"""The explorer (or any command) in a real pseudo-terminal, for the tests that need one.

Waiting is for conditions: for some output, for the process to end, or for the app to have
taken every key sent. The last is told by the process itself: every thread asleep (waiting
for input or a timer) and nothing more written for a moment. A quiet pty alone does not say
it: on a busy machine the app may simply not have run yet.
"""

from __future__ import annotations

import fcntl
import os
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

BIN = Path(sys.executable).parent / "bijie-tui"
EXE = str(BIN) if BIN.exists() else shutil.which("bijie-tui") or "bijie-tui"


def plain_env(**extra: str) -> dict[str, str]:
    """A small environment as a terminal would give: a 256-colour xterm, a UTF-8 locale."""
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", "/tmp"),
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
    }
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
        running or waiting to run."""
        try:
            for task in os.listdir(f"/proc/{self.pid}/task"):
                with open(f"/proc/{self.pid}/task/{task}/stat", encoding="ascii") as stat:
                    state = stat.read().rsplit(")", 1)[1].split()[0]
                if state not in ("S", "I"):
                    return False
        except (FileNotFoundError, ProcessLookupError, IndexError):
            return True  # gone: nothing more will come
        return True

    def settle(self, quiet: float = 0.15, limit: float = 10.0) -> bytes:
        """Read until the process is idle and nothing has arrived for ``quiet`` seconds (or
        ``limit`` has passed); what arrived meanwhile."""
        start = len(self.output)
        end = time.monotonic() + limit
        while time.monotonic() < end:
            if not self.read(quiet) and self.idle() and not self.read(0.03) and self.idle():
                break
        return bytes(self.output[start:])

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
