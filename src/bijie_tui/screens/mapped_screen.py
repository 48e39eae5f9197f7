"""A screen whose map of where each widget is stays the one last laid out.

Textual keeps a map of every widget's place, made at each layout; what a layout draws is
what differs from the map before it. Once a widget that is not on screen is marked for
drawing (a tab's view built while idle), the map is marked stale and stays marked after
the next layout has made it anew, so the next look-up of a widget's place makes it again
from the widgets as they are. If a widget was removed in between (a notification that
timed out), the new layout finds nothing changed, and the notification stays on the
terminal until something else is drawn over it.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.screen import Screen


class MappedScreen(Screen[None]):
    """A screen that marks its map fresh once a layout has made it."""

    def _refresh_layout(self, size: Size | None = None, scroll: bool = False) -> None:
        compositor = self._compositor
        before = compositor._full_map
        super()._refresh_layout(size, scroll)
        if compositor._full_map is not before:
            compositor._full_map_invalidated = False
