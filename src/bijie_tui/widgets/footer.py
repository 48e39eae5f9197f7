"""The footer of the keys, built again only when the keys it shows change."""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer

from ..model.keymap import DECLARED
from ..textual_private import FooterKey, footer_keys_made

GIVES_WAY: tuple[str, ...] = DECLARED.giving_way
"""The actions whose keys are left out of a footer too narrow for all, the first first (each is
in the list of keys, ``?``): those of the keys declared with ``gives_way`` (sort, copy, export,
open, filter); the others (the list of keys itself, quit, the language, clearing a filter)
always stay."""


def key_width(key: FooterKey) -> int:
    """Cells a key takes in a compact footer: its key, a space and its words, a margin."""
    words = 1 + cell_len(key.description) if key.description else 0
    return cell_len(key.key_display) + words + 1


class KeysFooter(Footer):
    """Textual's footer, which makes all its keys again whenever the bindings may have
    changed (each focus change, each tab switch): most of what a tab switch costs. This one
    does so only when what it would show differs."""

    def __init__(self, *, compact: bool = False) -> None:
        super().__init__(compact=compact)
        self._shown: tuple[object, ...] | None = None
        self._rebuilds = 0
        self._queued = False

    def on_mount(self) -> None:
        # Told at once: a change of bindings is then known before the screen is next looked
        # at, and its keys come in the same frame.
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_heard, immediate=True)

    def _signature(self, screen: Screen[object]) -> tuple[object, ...]:
        """What the footer shows, for the bindings active on ``screen``."""
        keys: list[object] = [self.compact, self.show_command_palette]
        for _node, binding, enabled, tooltip in screen.active_bindings.values():
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

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if self.compact and isinstance(widget, FooterKey):
                # Made with the class its watcher of ``compact`` gives it once mounted: it is
                # then styled once, not again at once.
                widget.add_class("-compact", update=False)
            yield widget

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        """Leave out the keys that give way (:data:`GIVES_WAY`) until the rest fit the width."""
        width = self.size.width
        if width <= 0:
            return
        keys = list(self.query_children(FooterKey))
        right = [k for k in keys if k.has_class("-command-palette")]
        left = [k for k in keys if not k.has_class("-command-palette")]
        room = width - sum(key_width(k) for k in right)
        shown = list(left)
        for action in GIVES_WAY:
            if sum(key_width(k) for k in shown) <= room:
                break
            shown = [k for k in shown if k.action != action]
        for key in left:
            key.display = key in shown

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
        super().bindings_changed(screen)

    @property
    def rebuilding(self) -> bool:
        """Whether the keys may be made again (the footer shown may not yet be the last)."""
        return self._rebuilds > 0

    async def _rebuild(self) -> None:
        self._queued = False
        changed = False
        try:
            signature = self._signature(self.screen)
            if signature != self._shown or not footer_keys_made(self):
                changed = True
                self._shown = signature
                footer_keys_made(self, True)
                await self.recompose()
                self._fit()
        finally:
            if changed:
                # Done once the new keys have been laid out (and styled) in a refresh.
                self.call_after_refresh(self._rebuilt)
            else:
                self._rebuilt()  # the same keys: nothing to lay out

    def _rebuilt(self) -> None:
        self._rebuilds -= 1
