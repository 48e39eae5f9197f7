"""The terminal driver: Textual's own, with what it writes passed through a :class:`Shadow`."""

from __future__ import annotations

import os
from typing import Any

from textual.drivers.linux_driver import LinuxDriver

from .shadow import Shadow


class LeanDriver(LinuxDriver):
    """Writes the same screens with fewer bytes: only cells that change are sent."""

    strip_colour = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._shadow = Shadow(strip_colour=self.strip_colour)
        self._size: os.terminal_size | None = None

    def write(self, data: str) -> None:
        try:
            size = os.get_terminal_size(self.fileno)
        except OSError:
            size = None
        if size != self._size:
            # After a resize the terminal may have moved or cleared anything.
            self._size = size
            self._shadow.forget()
        super().write(self._shadow.feed(data))


class MonochromeDriver(LeanDriver):
    """For ``NO_COLOR``: no colour sequences at all, only bold, underline, reverse and the like."""

    strip_colour = True
