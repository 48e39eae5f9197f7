"""The terminal driver: Textual's own, with what it writes passed through :class:`SgrFilter`."""

from __future__ import annotations

from typing import Any

from textual.drivers.linux_driver import LinuxDriver

from .sgr import SgrFilter


class LeanDriver(LinuxDriver):
    """Writes the same screens with fewer bytes (redundant style sequences dropped)."""

    strip_colour = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._sgr = SgrFilter(strip_colour=self.strip_colour)

    def write(self, data: str) -> None:
        super().write(self._sgr.feed(data))


class MonochromeDriver(LeanDriver):
    """For ``NO_COLOR``: no colour sequences at all, only bold, underline, reverse and the like."""

    strip_colour = True
