"""What a tab holds, in the words of the dataset: a line above a sector's table, a paragraph
at the top of the overview."""

from __future__ import annotations

from textual.visual import VisualType
from textual.widgets import Static

from ..model.format import Lang
from ..model.words import Bilingual, tr
from .glyphs import ascii_text
from .lang import Speaks
from .text import ascii_mode, cut, safe


class About(Speaks, Static):
    """The description of a tab (dataset text, shown literally), in the language shown."""

    def __init__(self, about: Bilingual, *, classes: str | None = None) -> None:
        super().__init__(safe(tr(about, self.lang)), classes=classes)
        self.about = about

    def on_mount(self) -> None:
        self.follow_lang()

    def show_lang(self, lang: Lang) -> None:
        self.update(safe(tr(self.about, lang)))

    def render(self) -> VisualType:
        """A line that does not wrap is cut here, with the app's own ellipsis (ASCII where the
        terminal needs it), not by Textual's."""
        text = safe(tr(self.about, self.lang))
        if self.styles.text_wrap == "nowrap" and self.content_size.width > 0:
            line = cut(text, self.content_size.width)
            return ascii_text(line) if ascii_mode() else line
        return text
