"""The lines a detail pane beside a table shows, drawn as one widget.

A pane beside a table shows the top of the highlighted record, and follows the cursor: each
step changes a few of its lines, and often the number of lines its fields take. Laid out as
parts (a widget for the title, one per field, the chart, the text, the links), such a step lays
out the whole screen again. :class:`Glance` instead holds the lines the pane shows, as the
parts would draw them (each made by its part, with its styles), and repaints only those that
differ: a step never lays out anything.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable

from rich.console import RenderableType
from rich.style import Style
from textual.geometry import Region
from textual.strip import Strip
from textual.style import Style as VisualStyle
from textual.visual import Visual, visualize
from textual.widget import Widget

KEPT = 512
"""How many parts' lines are kept, drawn, for the next steps."""


class Glance(Widget):
    """Lines given whole (see :meth:`show`); only those that change are repainted."""

    DEFAULT_CSS = """
    Glance {
        width: 1fr;
        height: 1fr;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lines: list[Strip] = []
        self._drawn: OrderedDict[Hashable, list[Strip]] = OrderedDict()
        self._drawn_for: Hashable = None
        self._styles: dict[int, VisualStyle] = {}
        self._paddings: dict[int, Style] = {}
        self.parts_holder: Widget | None = None
        """The widget holding the parts whose lines the glance shows."""
        """The styles of the parts drawing lines (a part's never changes: it has no focus)."""

    def show(self, lines: list[Strip]) -> None:
        """Show ``lines`` from the top, repainting the lines that differ from those shown."""
        old, self.lines = self.lines, lines
        width = self.size.width
        for y in range(max(len(old), len(lines))):
            if y >= len(old) or y >= len(lines) or old[y] != lines[y]:
                self.refresh(Region(0, y, width, 1))

    def render_line(self, y: int) -> Strip:
        if y < len(self.lines):
            return self.lines[y]
        return self.blank(self.size.width)

    def blank(self, width: int) -> Strip:
        """A blank line, as the pane draws its own (a line of the glance is drawn as it is
        given)."""
        return Strip.blank(width, self._ground())

    def _ground(self) -> Style:
        """The style of what the widget holding the parts draws around them (their margins,
        the lines between them): its background."""
        return self._padding(self.parts_holder or self)

    def _padding(self, part: Widget) -> Style:
        """The style a part pads its lines with: its background (as Textual pads them)."""
        padding = self._paddings.get(id(part))
        if padding is None:
            base, background = part.background_colors
            padding = VisualStyle(background=base + background).rich_style
            self._paddings[id(part)] = padding
        return padding

    def drawn(
        self, part: Widget, content: RenderableType, width: int, pad: int, key: Hashable
    ) -> list[Strip]:
        """``content`` drawn by ``part`` (with its styles) ``width`` cells wide, each line
        then padded to ``pad`` cells; kept by ``key`` (what the content is) for the steps to
        come."""
        styled = (self.app.theme, self.app.ansi_color)
        if styled != self._drawn_for:
            self._drawn.clear()  # colours are in the lines kept
            self._styles.clear()
            self._paddings.clear()
            self._drawn_for = styled
        full = (id(part), width, pad, key)
        lines = self._drawn.get(full)
        if lines is not None:
            self._drawn.move_to_end(full)
            return lines
        style = self._styles.get(id(part))
        if style is None:
            style = self._styles[id(part)] = part.visual_style
        strips = Visual.to_strips(part, visualize(part, content), width, None, style)
        # Padded as the part pads its lines (in its background), then as the parts' holder
        # draws the margin beside it.
        own, base = self._padding(part), self._ground()
        lines = [
            strip.extend_cell_length(width, own).extend_cell_length(pad, base) for strip in strips
        ]
        self._drawn[full] = lines
        if len(self._drawn) > KEPT:
            self._drawn.popitem(last=False)
        return lines
