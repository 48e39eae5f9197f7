"""The language shown, kept in one place: the App's reactive ``lang`` (``BijieApp.lang``).

A screen or widget that shows words mixes in :class:`Speaks`: its ``lang`` is the App's, read
each time, never a copy of its own; and :meth:`Speaks.show_lang` is the one method that names
again what it shows when the language changes, registered by :meth:`Speaks.follow_lang` in its
``on_mount``. The App changes the language in one batch (``BijieApp.set_lang``): every
screen and widget mounted is called at once, the screens under the one shown and the tabs not
shown too, and what is built later reads the new language as it is built.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, cast

from ..model.format import Lang

if TYPE_CHECKING:
    from textual.dom import DOMNode

    # For the type checker a screen or widget (its app, its watch); at run time a plain
    # class, which adds nothing to Textual's CSS type names, bindings or reactives.
    _Node = DOMNode
else:
    _Node = object


class Speaking(Protocol):
    """An app that shows one language at a time (``BijieApp``)."""

    lang: Lang


LANG = "lang"
"""The name of the App's reactive."""


class Speaks(_Node):
    """Mixed into a screen or widget (before the Textual class): the language shown, and the
    one method called when it changes."""

    @property
    def lang(self) -> Lang:
        """The language shown: the App's."""
        return cast(Speaking, self.app).lang

    def follow_lang(self, *, now: bool = False) -> None:
        """Have :meth:`show_lang` called each time the language changes from now on (``now``:
        and at once, for what compose left unnamed). Called in ``on_mount``: before it, the
        screen or widget is still being composed, in the language then shown."""
        self.watch(self.app, LANG, self.show_lang, init=now)

    def show_lang(self, lang: Lang) -> None:
        """Name again, in ``lang`` (the App's, now), what was named in another language."""
        raise NotImplementedError(f"{type(self).__name__} follows the language, naming nothing")
