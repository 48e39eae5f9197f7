"""What a tab holds, in the words of the dataset: a line above a sector's table, a paragraph
at the top of the overview."""

from __future__ import annotations

from textual.widgets import Static

from ..model.format import Lang
from ..model.words import Bilingual, tr
from .text import safe


class About(Static):
    """The description of a tab (dataset text, shown literally), in the language shown."""

    def __init__(self, about: Bilingual, lang: Lang, *, classes: str | None = None) -> None:
        super().__init__(safe(tr(about, lang)), classes=classes)
        self.about = about
        self.lang: Lang = lang

    def on_mount(self) -> None:
        self.watch(self.app, "lang", self._set_lang, init=False)

    def _set_lang(self, lang: Lang) -> None:
        self.lang = lang
        self.update(safe(tr(self.about, lang)))
