"""Exporting a table: what ``e`` asks (the export dialog), and writing the rows shown in the
format chosen, or the whole dataset as SQLite with Datasette's metadata, never over a file."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from ..model.format import Lang
from ..model.tables import Row, TableSpec
from ..model.words import word
from .text import safe

if TYPE_CHECKING:
    from ..model.export import ExportFormat


class Exporting(Protocol):
    """What exporting needs of a table (:class:`.record_table.RecordTable` is one)."""

    spec: TableSpec | None
    shown: list[Row]
    export_dir: Path | None
    """Where exports go (None: exports are off, as in a served session)."""

    @property
    def app(self) -> Any: ...
    @property
    def lang(self) -> Lang: ...
    @property
    def query_text(self) -> str: ...
    @property
    def filled(self) -> bool: ...
    def load(self) -> None: ...
    def notify(self, message: str, *, severity: Any = ..., markup: bool = ...) -> None: ...


def _where(folder: Path) -> str:
    """The folder an export goes to, as a path (or its name, if it is gone)."""
    try:
        return str(folder.resolve())
    except OSError:  # the working directory was removed
        return os.environ.get("PWD") or str(folder)


def exported_message(lang: Lang, rows: int, records: int, path: Path) -> str:
    """What an export says it wrote: the rows shown, the figures when a row wrote several
    (a row of indicators writes every figure of its series), and the file's whole path."""
    where = os.path.join(_where(path.parent), path.name)
    shown = word("table.rows.one", lang) if rows == 1 else word("table.rows", lang, n=rows)
    if records == rows:
        return word("table.exported", lang, rows=shown, path=where)
    return word("table.exported_figures", lang, rows=shown, n=records, path=where)


def ask_export(table: Exporting) -> None:
    """What ``e`` does on ``table``: ask where and in which format (the export dialog), then
    write the rows shown, or the whole dataset."""
    if not table.filled:
        table.load()  # a key typed before the table was first drawn
    spec = table.spec
    if spec is None:
        return
    if table.export_dir is None:
        table.notify(word("table.export_off", table.lang), severity="warning", markup=False)
        return
    records = spec.export(table.shown)
    if not records:
        table.notify(word("table.nothing", table.lang), severity="warning")
        return
    from ..screens.export_screen import ExportScreen  # here: the start needs none of it

    folder = table.export_dir
    rows = len(table.shown)
    shown = (
        word("table.rows.one", table.lang) if rows == 1 else word("table.rows", table.lang, n=rows)
    )

    def write(fmt: ExportFormat, path: Path) -> None:
        _write(table, fmt, path, spec, records, rows, folder)

    table.app.push_screen(
        ExportScreen(
            table=spec.id,
            filtered=bool(table.query_text),
            rows=shown,
            folder=folder,
            where=_where(folder),
            write=write,
        )
    )


def _write(
    table: Exporting,
    fmt: ExportFormat,
    path: Path,
    spec: TableSpec,
    records: list[dict[str, str]],
    rows: int,
    folder: Path,
) -> None:
    """Write ``fmt`` to ``path`` and say so (or why not); ``FileExistsError`` when the name,
    or the metadata's beside a database, is taken (nothing is written then)."""
    from ..model.export import table_text, write_exactly

    try:
        if fmt.whole:
            message = _write_dataset(table, path)
        else:
            text = table_text(fmt, records, spec.export_columns, spec.numeric_exports)
            if os.path.lexists(path):
                raise FileExistsError(errno.EEXIST, "exists", path.name)
            written = write_exactly(path, text)
            message = exported_message(table.lang, rows, len(records), written)
    except FileExistsError as error:
        if not isinstance(error.filename, str):  # taken between the look and the write
            raise FileExistsError(errno.EEXIST, "exists", path.name) from None
        raise
    except OSError as error:
        where = _where(path.parent if path.is_absolute() else folder)
        reason = error.strerror or error
        message = word("table.export_failed", table.lang, error=reason, where=where)
        table.notify(str(safe(message)), severity="error", markup=False)
        return
    table.notify(str(safe(message)), markup=False)


def _write_dataset(table: Exporting, path: Path) -> str:
    """Write the whole dataset and Datasette's metadata beside it: both new, or neither."""
    from ..model.sqlite_export import metadata_path, write_metadata, write_sqlite

    catalog = getattr(table.app, "catalog", None)
    if catalog is None:
        raise OSError("the dataset is still loading")
    meta = metadata_path(path)
    for taken in (path, meta):
        if os.path.lexists(taken):
            raise FileExistsError(errno.EEXIST, "exists", taken.name)
    write_sqlite(catalog, path)
    write_metadata(catalog, path)
    where = _where(path.parent)
    return word(
        "export.exported_db",
        table.lang,
        path=os.path.join(where, path.name),
        meta=os.path.join(where, meta.name),
    )
