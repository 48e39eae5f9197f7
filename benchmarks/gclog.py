"""The explorer with its garbage collections logged: for ``large.py``.

Starts the explorer as the ``bijie-tui`` command does (its ``main`` with the same arguments),
after adding a callback to :data:`gc.callbacks` that times each collection. A collection of
generation 1 or 2, or one that took 1 ms or more, is written at once as a line to the file
named by :data:`LOG_ENV`: when it began (``time.perf_counter()``, which on Linux is the
system-wide monotonic clock, so another process can place it among its own times), how long
it took, its generation and the objects it freed. The others are counted, and their count and
total time written at the end. The variable is taken out of the environment before the
explorer starts, and this file's directory out of the import path.

Run: BIJIE_BENCH_GC_LOG=gc.log python benchmarks/gclog.py [bijie-tui's arguments]
"""

from __future__ import annotations

import atexit
import gc
import os
import sys
import time
from collections.abc import Callable
from typing import Any

LOG_ENV = "BIJIE_BENCH_GC_LOG"
SMALL = 0.001
"""A young collection shorter than this (seconds) is counted, not written."""


def logger(fd: int) -> tuple[Callable[[str, dict[str, Any]], None], Callable[[], None]]:
    """The callback for :data:`gc.callbacks`, and what writes the count of small collections."""
    began = 0.0
    small = [0, 0.0]

    def callback(phase: str, info: dict[str, Any]) -> None:
        nonlocal began
        now = time.perf_counter()
        if phase == "start":
            began = now
            return
        took = now - began
        generation = int(info["generation"])
        if generation == 0 and took < SMALL:
            small[0] += 1
            small[1] += took
            return
        line = f"{began:.6f} {took:.6f} {generation} {info['collected']}\n"
        os.write(fd, line.encode())

    def finish() -> None:
        os.write(fd, f"# small {small[0]} {small[1]:.6f}\n".encode())

    return callback, finish


def main() -> None:
    path = os.environ.pop(LOG_ENV)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_CLOEXEC, 0o600)
    callback, finish = logger(fd)
    gc.callbacks.append(callback)
    atexit.register(finish)
    del sys.path[0]  # this directory: the explorer imports what the command would
    from bijie_tui.__main__ import main as explorer

    sys.argv[0] = "bijie-tui"
    explorer()  # it exits with the command's status


if __name__ == "__main__":
    main()
