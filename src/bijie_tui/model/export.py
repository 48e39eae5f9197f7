"""Writing an export next to the user, never over an existing file and never half-written."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

MAX_TRIES = 1000


@dataclass(frozen=True)
class ExportFormat:
    """A format the explorer's export writes: its key (words ``export.format.KEY``), the
    suffix of its file, and whether it holds the whole dataset rather than the rows shown."""

    key: str
    suffix: str
    whole: bool = False


FORMATS: tuple[ExportFormat, ...] = (
    ExportFormat("csv", ".csv"),
    ExportFormat("json", ".json"),
    ExportFormat("markdown", ".md"),
    ExportFormat("sqlite", ".db", whole=True),
)
"""The formats of ``e`` in the explorer, in the order the dialog lists them (the first is the
default)."""


def default_name(fmt: ExportFormat, table: str, filtered: bool, today: date) -> str:
    """The file an export of ``fmt`` proposes: ``bijie-employment-2026-12-06.csv`` for the
    table ``employment`` (``-filtered`` before the date under a filter), and
    ``bijie-2026-12-06.db`` for the whole dataset."""
    if fmt.whole:
        return f"bijie-{today.isoformat()}{fmt.suffix}"
    middle = f"-{table}" + ("-filtered" if filtered else "")
    return f"bijie{middle}-{today.isoformat()}{fmt.suffix}"


def table_text(
    fmt: ExportFormat,
    records: Sequence[dict[str, str]],
    columns: Sequence[str],
    numeric: frozenset[str],
) -> str:
    """The records of a table as ``fmt`` writes them (a format of the rows shown), with the
    same columns in CSV, JSON and Markdown."""
    from . import output

    if fmt.key == "csv":
        return output.to_csv(records, columns, numeric)
    if fmt.key == "json":
        return output.to_json(records, columns, numeric)
    if fmt.key == "markdown":
        return output.to_markdown(records, {}, columns)
    raise ValueError(f"{fmt.key} holds the whole dataset, not a table")


def _umask() -> int:
    """The process's umask (reading it means setting it; it is set straight back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _place(tmp: Path, final: Path) -> bool:
    """Give ``tmp`` the name ``final`` unless that name is taken; True when it was placed."""
    try:
        os.link(tmp, final)
    except FileExistsError:
        return False
    except OSError:
        # No hard links here (some file systems): claim the name first, then move onto it.
        try:
            fd = os.open(final, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            return False
        os.close(fd)
        try:
            os.replace(tmp, final)
        except OSError:
            with contextlib.suppress(OSError):
                final.unlink()
            raise
        return True
    return True


def write_new(directory: Path, stem: str, suffix: str, text: str) -> Path:
    """Write ``text`` to ``directory/stem.suffix`` or, if taken, ``stem-2.suffix`` and so on.

    The content goes to a temporary file first, so a full disk or a read-only directory leaves
    nothing behind; an existing file is never replaced. Raises ``OSError`` on failure.
    """
    fd, name = tempfile.mkstemp(dir=directory, prefix=f".{stem}.", suffix=".tmp")
    tmp = Path(name)
    try:
        # mkstemp makes the file private (0600); an export gets what the user's umask gives
        # any new file (0644 under the usual 022).
        if hasattr(os, "fchmod"):  # not on Windows, where mkstemp's file is not private
            os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        for n in range(1, MAX_TRIES + 1):
            final = directory / (f"{stem}{suffix}" if n == 1 else f"{stem}-{n}{suffix}")
            if _place(tmp, final):
                return final
        raise FileExistsError(f"{directory / (stem + suffix)} and {MAX_TRIES - 1} more exist")
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


def write_exactly(path: Path, text: str) -> Path:
    """Write ``text`` to ``path``, which must not exist (``FileExistsError`` if it does): the
    same care as :func:`write_new`, under this one name."""
    directory = path.parent if str(path.parent) else Path(".")
    fd, name = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    tmp = Path(name)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if not _place(tmp, path):
            raise FileExistsError(f"{path}: exists (an export never replaces a file)")
        return path
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
