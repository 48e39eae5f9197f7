"""What a screen shows instead of a broken layout when the terminal is too small."""

from __future__ import annotations

from textual.widgets import Static

from ..model.format import Lang
from ..model.words import word
from .lang import Speaks
from .text import plain_str

MIN_WIDTH = 60
MIN_HEIGHT = 18


class TooSmall(Speaks, Static):
    """Shown (by the stylesheet) only below :data:`MIN_WIDTH` × :data:`MIN_HEIGHT`."""

    def __init__(self) -> None:
        super().__init__(self._message(self.lang), markup=False)

    @staticmethod
    def _message(lang: Lang) -> str:
        text = word("too_small", lang, width=MIN_WIDTH, height=MIN_HEIGHT)
        return plain_str(f"{text}\n\n{word('too_small_quit', lang)}")

    def on_mount(self) -> None:
        self.follow_lang()

    def show_lang(self, lang: Lang) -> None:
        self.update(self._message(lang))
