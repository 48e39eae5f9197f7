"""The footer of the keys: one widget that draws its keys itself, made again only when the keys
it shows change."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

from rich.cells import cell_len
from textual import events
from textual.binding import ActiveBinding, Binding
from textual.css.types import PointerShape
from textual.geometry import Region, Size
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget

from ..model.keymap import DECLARED
from ..textual_private import DrawnKey, KeptDrawings, PartsFooter, look_of, point

GIVES_WAY: tuple[str, ...] = DECLARED.giving_way
"""The actions whose keys are left out of a footer too narrow for all, the first first (each is
in the list of keys, ``?``): those of the keys declared with ``gives_way`` (sort, copy, export,
open, filter); the others (the list of keys itself, quit, the language, clearing a filter)
always stay."""

PALETTE = "-command-palette"
"""The class of the palette's key, docked on the right."""


class KeySpec(NamedTuple):
    """A key the footer shows: what Textual's footer makes a FooterKey of."""

    key: str
    key_display: str
    description: str
    action: str
    disabled: bool = False
    tooltip: str = ""
    palette: bool = False
    """The palette's key, docked on the right."""


class Placed(NamedTuple):
    """A key drawn in the footer: from ``start`` up to ``stop`` (the left ones stop where the
    palette's begins), the index of its :class:`KeySpec`, the pointer's shape over it, and
    its line."""

    start: int
    stop: int
    spec: int
    pointer: PointerShape
    line: Strip


KEY_DRAWINGS = KeptDrawings()
"""The footer's keys as drawn (tuples of :class:`Placed`)."""


def key_width(key: KeySpec) -> int:
    """Cells a key takes in a compact footer: its key, a space and its words, a margin."""
    words = 1 + cell_len(key.description) if key.description else 0
    return cell_len(key.key_display) + words + 1


class KeysFooter(PartsFooter):
    """Textual's footer, drawn as Textual draws it, but one widget: its keys are not widgets
    of their own (each mounted, styled, laid out and drawn: a sixth of the CPU of a session's
    first screen) but drawn by the footer, each styled and drawn by Textual's own code as the
    FooterKey it stands for (:class:`~..textual_private.DrawnKey`), where Textual's layout puts
    it: from the left, a margin after each, and the palette's key on the right. The mouse over
    a key shows it as over that widget (its hover style, pointer and tooltip), and a click on
    it presses its key.

    Textual's footer makes all its keys again whenever the bindings may have changed (each
    focus change, each tab switch): this one does so only when what it would show differs, and
    then only draws them again (nothing to mount, nor to lay out)."""

    def __init__(self, *, compact: bool = False) -> None:
        super().__init__(compact=compact)
        self._shown: tuple[object, ...] | None = None
        self._rebuilds = 0
        self._queued = False
        self._keys: list[KeySpec] = []
        """The keys the bindings give, in order (the palette's last)."""
        self._placed: list[Placed] = []
        """The keys shown: where each is drawn (x, and up to where: the left ones stop at the
        palette's), and its line; the palette's last (drawn over the others)."""
        self._hover: int | None = None
        """The key under the mouse (its index in the keys)."""
        self._styled_in = ""
        """The theme the keys were styled in."""

    def compose(self) -> Iterable[Widget]:
        return ()  # the keys are drawn, not mounted

    def on_mount(self) -> None:
        # Told at once: a change of bindings is then known before the screen is next looked
        # at, and its keys come in the same frame.
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_heard, immediate=True)

    def _signature(self, active: dict[str, ActiveBinding]) -> tuple[object, ...]:
        """What the footer shows, for the bindings ``active`` on the screen."""
        keys: list[object] = [self.compact, self.show_command_palette]
        for _node, binding, enabled, tooltip in active.values():
            if binding.show or binding.key == self.app.COMMAND_PALETTE_BINDING:
                keys.append(
                    (
                        binding.key,
                        binding.key_display,
                        binding.description,
                        binding.action,
                        binding.group,
                        binding.show,
                        enabled,
                        tooltip,
                        binding.tooltip,
                    )
                )
        return tuple(keys)

    # -- the keys --------------------------------------------------------------------------------

    def _make_keys(self, active: dict[str, ActiveBinding]) -> list[KeySpec]:
        """The keys of the bindings ``active`` on the screen, as Textual's footer makes them
        (none of the explorer's bindings is in a group, which Textual's shows apart)."""
        app = self.app
        keys: list[KeySpec] = []
        actions: set[str] = set()

        def spec(binding: Binding, enabled: bool, tooltip: str, palette: bool = False) -> KeySpec:
            return KeySpec(
                binding.key,
                app.get_key_display(binding),
                binding.description,
                binding.action,
                disabled=not enabled,
                tooltip=tooltip,
                palette=palette,
            )

        for _node, binding, enabled, tooltip in active.values():
            if not binding.show or binding.action in actions:
                continue  # one key for an action, the first bound
            actions.add(binding.action)
            keys.append(spec(binding, enabled, tooltip))
        if self.show_command_palette and app.ENABLE_COMMAND_PALETTE:
            palette = active.get(app.COMMAND_PALETTE_BINDING)
            if palette is not None:
                _node, binding, enabled, _tooltip = palette
                keys.append(
                    spec(binding, enabled, binding.tooltip or binding.description, palette=True)
                )
        return keys

    def _key(self, spec: KeySpec) -> DrawnKey:
        """A key made anew (nothing of an earlier drawing cached in it), with the classes a
        mounted one has: compact as the footer is (the palette's is always, as Textual's)."""
        if spec.palette:
            classes = f"{PALETTE} -compact"
        else:
            classes = "-compact" if self.compact else ""
        return DrawnKey(
            spec.key,
            spec.key_display,
            spec.description,
            spec.action,
            disabled=spec.disabled,
            tooltip=spec.tooltip,
            classes=classes,
        )

    def _draw_keys(self) -> None:
        """Style the keys, leave out those that do not fit, place and draw the others; or take
        them as drawn before from the same (:data:`KEY_DRAWINGS`)."""
        self._styled_in = self.app.theme
        width = self.size.width
        if width <= 0 or not self._keys:
            self._placed = []
            return
        key = (look_of(self), width, tuple(self._keys), self._hover)
        drawing = KEY_DRAWINGS.get(key)
        if drawing is None:
            drawing = KEY_DRAWINGS.put(key, self._draw_keys_anew(width))
        self._placed = list(drawing)

    def _draw_keys_anew(self, width: int) -> tuple[Placed, ...]:
        placed: list[Placed] = []
        specs = list(enumerate(self._keys))
        right = [(i, k) for i, k in specs if k.palette]
        left = [(i, k) for i, k in specs if not k.palette]
        room = width - sum(key_width(k) for _, k in right)
        shown_specs = list(left)
        for action in GIVES_WAY:
            if sum(key_width(k) for _, k in shown_specs) <= room:
                break
            shown_specs = [(i, k) for i, k in shown_specs if k.action != action]
        # One key styled for each look (palette's or not, disabled or not, under the mouse or
        # not), which draws every key of that look: their styles are the same.
        looks: dict[tuple[bool, bool, bool], DrawnKey] = {}
        cache: dict[Any, Any] = {}
        drawn: dict[int, DrawnKey] = {}
        for index, spec in (*shown_specs, *right):
            look = (spec.palette, spec.disabled, index == self._hover)
            if look not in looks:
                looks[look] = self._key(spec)
                looks[look].style(self, hover=look[2], cache=cache)
            drawn[index] = looks[look]
        shown = [(i, drawn[i]) for i, _ in shown_specs]
        # Textual's layout: the palette's key docked on the right (its margin after it), the
        # others from the left in what is left, a margin between two (the larger of the two
        # keys'), cut off where the palette's begins.
        end = width
        docked: list[Placed] = []
        for index, spec in right:
            key = drawn[index]
            key.label(spec.key, spec.key_display, spec.description)
            margin = key.styles.margin
            key_width_ = key.width_in(Size(width, 1))
            x = end - margin.right - key_width_
            docked.append(Placed(x, x + key_width_, index, key.styles.pointer, key.line()))
            end = x - margin.left
        x = shown[0][1].styles.margin.left if shown else 0
        before = 0
        for order, (index, key) in enumerate(shown):
            spec = self._keys[index]
            key.label(spec.key, spec.key_display, spec.description)
            margin = key.styles.margin
            if order:
                x += max(before, margin.left)
            key_width_ = key.width_in(Size(end, 1))
            if x < end:
                stop = min(x + key_width_, end)
                placed.append(Placed(x, stop, index, key.styles.pointer, key.line()))
            x += key_width_
            before = margin.right
        return (*placed, *docked)

    def _placed_at(self, x: int) -> Placed | None:
        """The key drawn at ``x`` (in the footer), if any."""
        for placed in reversed(self._placed):
            if placed.start <= x < placed.stop:
                return placed
        return None

    # -- drawing ---------------------------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        if self._placed and self.app.theme != self._styled_in:
            # A new theme: the footer was just styled in it, and its keys are now, for the same
            # frame (FooterKey widgets were restyled with every other widget).
            self._draw_keys()
        if not self._placed or crop.height <= 0:
            return super().render_lines(crop)  # the footer itself: its background
        width = self.size.width
        line = super().render_lines(Region(0, 0, width, 1))[0]
        for start, stop, _index, _pointer, drawn in self._placed:
            drawn = drawn.crop(0, stop - start)
            line = Strip.join(
                [line.crop(0, start), drawn, line.crop(start + drawn.cell_length, width)]
            )
        return [line.crop(crop.x, crop.right)] * crop.height

    # -- the bindings ------------------------------------------------------------------------

    def on_resize(self) -> None:
        self._draw_keys()
        self.refresh()

    def bindings_changed(self, screen: Screen[object]) -> None:
        """Footer's own subscription: a message after each change, which
        :meth:`_bindings_heard` has already taken at once."""

    def _bindings_heard(self, screen: Screen[object]) -> None:
        if self.is_attached and screen is self.screen and screen.app.app_focus:
            # Looked at next, not after the next refresh: the keys then change in the frame
            # that shows what changed them (a focus, a tab), not in a frame of their own. The
            # look is once for changes made together (a tab switch leaves the focus nowhere
            # for a moment), and the keys are made again only when they differ.
            if not self._queued:
                self._queued = True
                self._rebuilds += 1
                self.call_next(self._rebuild)
            return
        # Not focused (the terminal is not): the keys are made once it is again, as Textual's
        # footer does.
        self._shown = None

    @property
    def rebuilding(self) -> bool:
        """Whether the keys may be made again (the footer shown may not yet be the last)."""
        return self._rebuilds > 0

    def _rebuild(self) -> None:
        self._queued = False
        changed = False
        try:
            if not self.is_attached:
                return
            # Read once: the screen makes them anew at each look (the explorer's translated).
            active = self.screen.active_bindings
            signature = self._signature(active)
            if signature != self._shown:
                changed = True
                self._shown = signature
                self._hover = None
                self._keys = self._make_keys(active)
                self._draw_keys()
                self.refresh()
        finally:
            if changed:
                # Done once the new keys have been drawn in a refresh.
                self.call_after_refresh(self._rebuilt)
            else:
                self._rebuilt()  # the same keys: nothing to draw

    def _rebuilt(self) -> None:
        self._rebuilds -= 1

    # -- the mouse ---------------------------------------------------------------------------

    def mouse_at(self, x: int, y: int) -> bool:
        """The mouse is at ``x`` in the footer (its one line; told by the screen before it
        handles the move): the key under it is shown hovered, with its pointer and its
        tooltip. Whether that is another key than before (or none)."""
        placed = self._placed_at(x)
        index = placed.spec if placed is not None else None
        if index == self._hover:
            return False
        self._hover_over(index)
        return True

    def _hover_over(self, index: int | None) -> None:
        self._hover = index
        self.tooltip = self._keys[index].tooltip if index is not None else None
        self._draw_keys()
        # The pointer of a key under the mouse (its hover style's), else the footer's own.
        placed = next((p for p in self._placed if p.spec == index), None)
        point(self, placed.pointer if placed is not None else "default")

    def on_mouse_down(self, event: events.MouseDown) -> None:
        placed = self._placed_at(event.x)
        if placed is None:
            return
        if self._keys[placed.spec].disabled:
            self.app.bell()
        else:
            self.app.simulate_key(self._keys[placed.spec].key)
