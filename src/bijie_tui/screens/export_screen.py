"""The export dialog of ``e``: which format and which file, keyboard only.

CSV, JSON and Markdown hold the rows the table shows (its filter and sort in force), SQLite the
whole dataset (with Datasette's metadata beside it); the formats are :data:`FORMATS`. The
name proposed is today's, in the directory the explorer runs in, and may be edited. Enter
writes; a name already taken is said in one line and the dialog stays, for another name;
escape cancels. The writing itself is the table's (:data:`Write`): a served session never
opens this dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from ..model.export import FORMATS, ExportFormat, default_name
from ..model.safe import printable
from ..model.words import word
from ..widgets.lang import Speaks
from ..widgets.text import plain, plain_str

_WIDEST = 100
"""The dialog's widest (``max-width`` of ``#export`` in app.tcss)."""

Write = Callable[[ExportFormat, Path], None]
"""Writes the export of a format to a path that must not exist, and says what it wrote or why
it failed; raises ``FileExistsError`` (its ``filename`` the name taken) when that path, or a
file written beside it, exists, leaving it as it was."""


def today() -> date:
    """The date in the names proposed (a test may fix it)."""
    return date.today()


def _head_cut(text: str, width: int) -> str:
    """``text`` within ``width`` cells, its start left off (``…``) when too long: the end of
    a path says most."""
    if cell_len(text) <= width:
        return text
    while text and cell_len(text) > width - 1:
        text = text[1:]
    return "…" + text


class ExportScreen(Speaks, ModalScreen[None]):
    """Choose a format with ↑ ↓, edit the name, enter writes, escape cancels.

    In the language shown when it opens: no key switches it meanwhile (a modal screen takes
    none of the App's, and ``l`` is typed into the name)."""

    def __init__(
        self,
        *,
        table: str,
        filtered: bool,
        rows: str,
        folder: Path,
        where: str,
        write: Write,
    ) -> None:
        super().__init__()
        self.table = table
        self.filtered = filtered
        self.rows = rows
        """The rows shown, in words ("12 rows")."""
        self.folder = folder
        """Where a relative name is written."""
        self.where = where
        """That folder as the dialog shows it."""
        self.write = write
        self.day = today()
        self.choice = 0
        """The index of the format chosen in :data:`FORMATS`."""

    @property
    def format(self) -> ExportFormat:
        return FORMATS[self.choice]

    def default(self, fmt: ExportFormat) -> str:
        return default_name(fmt, self.table, self.filtered, self.day)

    def compose(self) -> ComposeResult:
        with Vertical(id="export"):
            yield Static(id="export-formats")
            yield Static(id="export-folder")
            yield Input(self.default(self.format), id="export-name", select_on_focus=False)
            yield Static(id="export-said")

    def on_mount(self) -> None:
        box = self.query_one("#export", Vertical)
        box.border_title = plain_str(word("export.title", self.lang))
        box.border_subtitle = plain_str(word("export.keys", self.lang))
        self._show_formats()
        self.query_one("#export-folder", Static).update(self._folder_line())
        self.query_one("#export-name", Input).focus()

    def _folder_line(self) -> Text:
        label = word("export.name", self.lang, where="")
        # Within the box (its border and padding) on one line.
        room = max(10, min(self.app.size.width, _WIDEST) - 5 - cell_len(label))
        return plain(Text(word("export.name", self.lang, where=_head_cut(self.where, room))))

    def _show_formats(self) -> None:
        lang = self.lang
        names = [word(f"export.format.{f.key}", lang) for f in FORMATS]
        width = max(cell_len(n) for n in names)
        text = Text()
        text.append(word("export.format", lang) + "\n", "bold")
        for i, (fmt, name) in enumerate(zip(FORMATS, names, strict=True)):
            what = (
                word("export.whole", lang)
                if fmt.whole
                else word("export.shown", lang, rows=self.rows)
            )
            chosen = i == self.choice
            mark = "* " if chosen else "  "  # ASCII: the same mark in every terminal
            line = Text(mark, style="bold" if chosen else "")
            line.append(name + " " * (width - cell_len(name)), "bold" if chosen else "")
            line.append("  " + what + ("\n" if i < len(FORMATS) - 1 else ""))
            if chosen:
                line.stylize("reverse", 0, len(line.plain.rstrip("\n")))
            text.append_text(line)
        self.query_one("#export-formats", Static).update(plain(text))

    def _say(self, text: str) -> None:
        self.query_one("#export-said", Static).update(plain(Text(text)))

    def move(self, step: int) -> None:
        """Choose the format ``step`` away; a name ending as the old format's ends as the new
        one's (today's name stays today's)."""
        old = self.format
        self.choice = (self.choice + step) % len(FORMATS)
        new = self.format
        name_input = self.query_one("#export-name", Input)
        name = name_input.value
        if name == self.default(old):
            name = self.default(new)
        elif name.endswith(old.suffix):
            name = name[: -len(old.suffix)] + new.suffix
        if name != name_input.value:
            name_input.value = name
            name_input.cursor_position = len(name)
        self._say("")
        self._show_formats()

    def on_key(self, event: events.Key) -> None:
        if event.key in ("up", "down"):
            event.stop()
            event.prevent_default()
            self.move(-1 if event.key == "up" else 1)
        elif event.key == "escape":
            event.stop()
            event.prevent_default()
            self.dismiss()

    def on_input_changed(self, _event: Input.Changed) -> None:
        self._say("")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        name = event.value.strip()
        if not name:
            self._say(word("export.empty", self.lang))
            return
        path = self.folder / Path(name).expanduser()
        try:
            self.write(self.format, path)
        except FileExistsError as error:
            taken = error.filename if isinstance(error.filename, str) else name
            self._say(word("export.exists", self.lang, name=printable(taken)))
            return
        self.dismiss()
