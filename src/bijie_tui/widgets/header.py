"""The header: one widget that draws its icon, title and the clock's space itself."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

from textual import events
from textual.app import RenderResult
from textual.css.types import PointerShape
from textual.geometry import Region
from textual.renderables.blank import Blank
from textual.strip import Strip
from textual.widget import Widget

from ..textual_private import (
    DrawnClockSpace,
    DrawnIcon,
    DrawnPart,
    DrawnTitle,
    KeptDrawings,
    PartsHeader,
    arrange_parts,
    look_of,
    point,
)


class HeaderDrawing(NamedTuple):
    """The header's parts as drawn: each part's region and lines, back to front; where the
    icon is; the pointer's shape over the icon."""

    parts: tuple[tuple[Region, list[Strip]], ...]
    icon_at: Region
    icon_pointer: PointerShape


HEADER_DRAWINGS = KeptDrawings()
"""The header's drawings (:class:`HeaderDrawing`)."""


class DrawnHeader(PartsHeader):
    """Textual's header (no clock), drawn as Textual draws it, but one widget: its icon, its
    title and the space on its right are not widgets of their own (each mounted, styled, laid
    out and drawn) but drawn by the header, each styled and drawn by Textual's own code as the
    widget it stands for (:class:`~..textual_private.DrawnPart`), where Textual's layout puts
    it. The mouse over the icon shows it as over that widget (its hover style, pointer and
    tooltip), and a click on it opens the command palette; a click elsewhere makes the header
    tall, or short again, as Textual's does. The title follows the app's and the screen's title
    and sub-title."""

    def __init__(
        self,
        *,
        icon: str | None = None,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes, icon=icon)
        self._icon = DrawnIcon()
        self._title = DrawnTitle()
        self._clock = DrawnClockSpace()
        self._titles: tuple[str, str] | None = None
        """The title and sub-title the title part shows."""
        self._hover = False
        """Whether the mouse is over the icon."""
        self._drawn_for: tuple[object, ...] | None = None
        """What the parts were styled and drawn for (see :meth:`_look`)."""
        self._parts: tuple[tuple[Region, list[Strip]], ...] = ()
        """Each part's region and lines, back to front."""
        self._icon_at = Region()
        """Where the icon is, in the header."""
        self._icon_pointer: PointerShape = "default"
        """The pointer's shape over the icon (its hover style's)."""

    def compose(self) -> Iterable[Widget]:
        return ()  # the parts are drawn, not mounted

    def on_mount(self) -> None:
        # The icon's own: its tooltip, or disabled when the app has no command palette.
        self._icon.on_mount()
        for obj in (self.app, self.screen):
            self.watch(obj, "title", self._titles_changed, init=False)
            self.watch(obj, "sub_title", self._titles_changed, init=False)
        self.watch(self.app, "app_focus", self._focus_changed, init=False)
        self._titles_changed()

    def _titles_changed(self) -> None:
        titles = (self.screen_title, self.screen_sub_title)
        if titles != self._titles:
            self._titles = titles
            self._title.update(self.format_title(), layout=False)
            self._title.forget()
            self._drawn_for = None
            self.refresh()

    def _focus_changed(self) -> None:
        # The title fades while the app is not focused (Textual's App:blur HeaderTitle).
        self._drawn_for = None
        self.refresh()

    def watch_icon(self, icon: str) -> None:
        self._drawn_for = None
        self.refresh()

    # -- drawing ---------------------------------------------------------------------------

    def _look(self) -> tuple[object, ...]:
        """What the parts' look depends on beyond their content: the header's size, the
        theme, whether the app is focused and the mouse over the icon."""
        app = self.app
        return (self.size, app.theme, app.app_focus, self._hover)

    def _draw_parts(self) -> None:
        """Style the parts, place them as Textual's layout does, and draw them; or take them as
        drawn before from the same (:data:`HEADER_DRAWINGS`)."""
        look = self._look()
        self._drawn_for = look
        key = (look_of(self), look, self.icon, self._titles, self._icon.disabled)
        drawing = HEADER_DRAWINGS.get(key)
        if drawing is None:
            drawing = HEADER_DRAWINGS.put(key, self._draw_parts_anew())
        self._parts, self._icon_at, self._icon_pointer = drawing

    def _draw_parts_anew(self) -> HeaderDrawing:
        size = self.size
        cache: dict[Any, Any] = {}
        icon, title, clock = self._icon, self._title, self._clock
        icon.set_reactive(DrawnIcon.icon, self.icon)
        icon.style(self, hover=self._hover, cache=cache)
        title.style(self, cache=cache)
        clock.style(self, cache=cache)
        for part in (icon, title, clock):
            part.forget()
        parts: list[tuple[Region, list[Strip]]] = []
        icon_at = Region()
        header = size.region
        for part, region in arrange_parts(self, (icon, title, clock), size):
            if part is icon:
                icon_at = region
            shown = region.intersection(header)
            if not shown:
                continue
            assert isinstance(part, DrawnPart)
            lines = part.draw(region.size)
            crop = shown.translate(-region.offset)
            parts.append((shown, [line.crop(crop.x, crop.right) for line in lines]))
        return HeaderDrawing(tuple(parts), icon_at, icon.styles.pointer)

    def render(self) -> RenderResult:
        # What Textual's renders under its parts, as a widget with children: its background.
        return Blank(self.background_colors[1])

    def render_lines(self, crop: Region) -> list[Strip]:
        if self._drawn_for != self._look():
            self._draw_parts()
        width = self.size.width
        lines = super().render_lines(Region(0, crop.y, width, crop.height))
        if self._parts:
            lines = list(lines)
            for region, part in self._parts:
                for y in range(max(region.y, crop.y), min(region.bottom, crop.bottom)):
                    line = lines[y - crop.y]
                    lines[y - crop.y] = Strip.join(
                        [
                            line.crop(0, region.x),
                            part[y - region.y],
                            line.crop(region.right, width),
                        ]
                    )
        return [line.crop(crop.x, crop.right) for line in lines]

    # -- the mouse -------------------------------------------------------------------------

    def _over_icon(self, x: int, y: int = 0) -> bool:
        return self._icon_at.contains(x, y)

    def mouse_at(self, x: int, y: int) -> bool:
        """The mouse is at ``x``, ``y`` in the header (told by the screen before it handles
        the move): over the icon, it is shown hovered, with its pointer and its tooltip.
        Whether it went onto the icon or off it."""
        hover = self._over_icon(x, y) and not self._icon.disabled
        if hover == self._hover:
            return False
        self._hover_icon(hover)
        return True

    def _hover_icon(self, hover: bool) -> None:
        self._hover = hover
        self.tooltip = self._icon.tooltip if hover else None
        self._draw_parts()
        # The pointer of the icon under the mouse (its hover style's), else the header's own.
        point(self, self._icon_pointer if hover else "default")

    async def on_click(self, event: events.Click) -> None:
        if not self._over_icon(event.x, event.y):
            return  # Header's own: the header made tall, or short again
        # The icon's: the click goes no further (a disabled icon takes no click at all).
        event.stop()
        event.prevent_default()
        if not self._icon.disabled:
            await self.run_action("app.command_palette")
