"""The footer of the keys, built again only when the keys it shows change."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class KeysFooter(Footer):
    """Textual's footer, which makes all its keys again whenever the bindings may have
    changed (each focus change, each tab switch): most of what a tab switch costs. This one
    does so only when what it would show differs."""

    def __init__(self, *, compact: bool = False) -> None:
        super().__init__(compact=compact)
        self._shown: tuple[object, ...] | None = None

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

    def bindings_changed(self, screen: Screen[object]) -> None:
        if self.is_attached and screen is self.screen and screen.app.app_focus:
            signature = self._signature(screen)
            if signature == self._shown and self._bindings_ready:
                return
            self._shown = signature
            self._bindings_ready = True
            # Next, not after the next refresh: the keys then change in the frame that shows
            # what changed them (a focus, a tab), not in a frame of their own after it.
            self.call_next(self.recompose)
            return
        super().bindings_changed(screen)
