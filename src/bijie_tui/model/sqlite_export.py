"""The whole dataset as an SQLite database, usable as it is by Datasette and sqlite-utils.

One table per kind of record, keyed by the dataset's ids, with a foreign key for every
reference; the evidence of a record (a source and the quoted passage) is a table of its own per
kind. Numbers are kept exactly: ``value`` holds the number (an integer when it is whole), and
``value_text`` its digits as the dataset gives them (``383500000``, ``13.19``); ``display_en``
and ``display_zh`` hold it as the explorer writes it. The file is built under a temporary name
and linked into place: an existing file is never replaced, and a failure leaves nothing.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from .export import _place, _umask, write_exactly
from .format import period_text, plain_number
from .query import Catalog
from .records import Evidence, Names, Note

SCHEMA = """
CREATE TABLE dataset (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE sectors (
    id TEXT PRIMARY KEY,
    name_en TEXT NOT NULL,
    name_zh TEXT NOT NULL,
    description_en TEXT NOT NULL,
    description_zh TEXT NOT NULL,
    headline TEXT REFERENCES indicators(id)
);
CREATE TABLE units (
    id TEXT PRIMARY KEY,
    name_en TEXT NOT NULL,
    name_zh TEXT NOT NULL,
    scalable INTEGER NOT NULL
);
CREATE TABLE regions (
    id TEXT PRIMARY KEY,
    name_en TEXT NOT NULL,
    name_zh TEXT NOT NULL,
    kind TEXT NOT NULL,
    parent TEXT REFERENCES regions(id)
);
CREATE TABLE region_members (
    region TEXT NOT NULL REFERENCES regions(id),
    position INTEGER NOT NULL,
    member TEXT NOT NULL REFERENCES regions(id),
    PRIMARY KEY (region, position)
);
CREATE TABLE sources (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    publisher TEXT NOT NULL,
    date TEXT,
    date_note TEXT,
    url TEXT,  -- null for a copy whose address is unknown (kind copy_without_address)
    kind TEXT NOT NULL,
    note TEXT
);
CREATE TABLE indicators (
    id TEXT PRIMARY KEY,
    sector TEXT NOT NULL REFERENCES sectors(id),
    name_en TEXT NOT NULL,
    name_zh TEXT NOT NULL,
    description_en TEXT,
    description_zh TEXT,
    unit TEXT NOT NULL REFERENCES units(id),
    region TEXT NOT NULL REFERENCES regions(id),
    actor TEXT REFERENCES regions(id),
    entity TEXT REFERENCES entities(id)
);
CREATE TABLE figures (
    id TEXT PRIMARY KEY,
    indicator TEXT NOT NULL REFERENCES indicators(id),
    sector TEXT NOT NULL REFERENCES sectors(id),
    region TEXT NOT NULL REFERENCES regions(id),
    period_kind TEXT NOT NULL,
    period_start TEXT,
    period_end TEXT,
    period_label TEXT,
    value NUMERIC NOT NULL,
    value_text TEXT NOT NULL,
    upper NUMERIC,
    upper_text TEXT,
    unit TEXT NOT NULL REFERENCES units(id),
    qualifier TEXT NOT NULL,
    stated_as TEXT,
    status TEXT NOT NULL,
    derivation TEXT,
    note_en TEXT,
    note_zh TEXT,
    display_en TEXT NOT NULL,
    display_zh TEXT NOT NULL,
    period_en TEXT NOT NULL,
    period_zh TEXT NOT NULL,
    disagrees_with TEXT REFERENCES figures(id),
    break_en TEXT,
    break_zh TEXT
);
CREATE TABLE entities (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    sector TEXT NOT NULL REFERENCES sectors(id),
    region TEXT NOT NULL REFERENCES regions(id),
    name_en TEXT NOT NULL,
    name_zh TEXT NOT NULL,
    description_en TEXT,
    description_zh TEXT
);
CREATE TABLE pairings (
    id TEXT PRIMARY KEY,
    district TEXT NOT NULL REFERENCES regions(id),
    county TEXT NOT NULL REFERENCES regions(id),
    phase TEXT NOT NULL,
    since TEXT,
    status TEXT NOT NULL,
    summary_en TEXT NOT NULL,
    summary_zh TEXT NOT NULL
);
CREATE TABLE events (
    id TEXT PRIMARY KEY,
    date TEXT NOT NULL,
    sector TEXT NOT NULL REFERENCES sectors(id),
    region TEXT REFERENCES regions(id),
    title_en TEXT NOT NULL,
    title_zh TEXT NOT NULL,
    description_en TEXT,
    description_zh TEXT
);
CREATE TABLE overview (
    position INTEGER PRIMARY KEY,
    indicator TEXT NOT NULL REFERENCES indicators(id)
);
"""

EVIDENCE = """
CREATE TABLE {kind}_evidence (
    {kind} TEXT NOT NULL REFERENCES {table}(id),
    position INTEGER NOT NULL,
    source TEXT NOT NULL REFERENCES sources(id),
    quote TEXT NOT NULL,
    ref TEXT,
    PRIMARY KEY ({kind}, position)
);
CREATE INDEX {kind}_evidence_source ON {kind}_evidence(source);
"""
EVIDENCE_OF = {"figure": "figures", "entity": "entities", "pairing": "pairings", "event": "events"}

SEARCH = """
CREATE VIEW figures_explained AS
SELECT
    f.id AS figure,
    f.sector,
    i.name_en AS indicator_en,
    i.name_zh AS indicator_zh,
    r.name_en AS scope_en,
    r.name_zh AS scope_zh,
    f.period_en,
    f.period_zh,
    f.period_start,
    f.period_end,
    f.value,
    f.value_text,
    u.name_en AS unit_en,
    u.name_zh AS unit_zh,
    f.qualifier,
    f.stated_as,
    f.display_en,
    f.display_zh,
    f.status,
    f.note_en,
    f.note_zh,
    f.disagrees_with,
    (SELECT group_concat(e.source, '; ') FROM figure_evidence e WHERE e.figure = f.id)
        AS sources,
    (SELECT group_concat(s.kind, '; ') FROM figure_evidence e JOIN sources s ON s.id = e.source
        WHERE e.figure = f.id) AS source_kinds,
    (SELECT group_concat(e.quote, ' ¶ ') FROM figure_evidence e WHERE e.figure = f.id)
        AS quotes
FROM figures f
JOIN indicators i ON i.id = f.indicator
JOIN regions r ON r.id = f.region
JOIN units u ON u.id = f.unit;
CREATE VIRTUAL TABLE figures_fts USING fts5(
    indicator_en, indicator_zh, scope_en, scope_zh, note_en, note_zh, stated_as, quotes,
    tokenize = 'trigram'
);
INSERT INTO figures_fts (rowid, indicator_en, indicator_zh, scope_en, scope_zh, note_en,
    note_zh, stated_as, quotes)
SELECT f.rowid, x.indicator_en, x.indicator_zh, x.scope_en, x.scope_zh, x.note_en, x.note_zh,
    x.stated_as, x.quotes
FROM figures f JOIN figures_explained x ON x.figure = f.id;
CREATE VIRTUAL TABLE indicators_fts USING fts5(name_en, name_zh, tokenize = 'trigram');
INSERT INTO indicators_fts (rowid, name_en, name_zh) SELECT rowid, name_en, name_zh
FROM indicators;
CREATE VIRTUAL TABLE sources_fts USING fts5(title, publisher, note, tokenize = 'trigram');
INSERT INTO sources_fts (rowid, title, publisher, note)
SELECT rowid, title, publisher, note FROM sources;
"""
"""The view an analyst opens first, and full-text search (FTS5, trigram: any three characters
of English or Chinese) over names, notes and quoted passages, made once every table is full."""

INDEXES = """
CREATE INDEX figures_indicator ON figures(indicator);
CREATE INDEX figures_sector ON figures(sector);
CREATE INDEX indicators_sector ON indicators(sector);
CREATE INDEX entities_sector ON entities(sector);
CREATE INDEX events_sector ON events(sector);
"""

TABLES = (
    "dataset",
    "sectors",
    "units",
    "regions",
    "region_members",
    "sources",
    "indicators",
    "figures",
    "entities",
    "pairings",
    "events",
    "overview",
    *(f"{kind}_evidence" for kind in EVIDENCE_OF),
)


def number(value: float) -> int | float:
    """``value`` as SQLite keeps it exactly: a whole number as an integer."""
    if value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def _en(names: Names | None) -> str | None:
    return None if names is None else names.en


def _zh(names: Names | None) -> str | None:
    return None if names is None else names.zh


def _note(note: Note | None) -> tuple[str | None, str | None]:
    return (None, None) if note is None else (note.en, note.zh)


def _insert(db: sqlite3.Connection, table: str, rows: Iterable[Sequence[object]]) -> None:
    rows = list(rows)
    if rows:
        marks = ", ".join("?" * len(rows[0]))
        db.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)


def _script(db: sqlite3.Connection, sql: str) -> None:
    """Run the statements of ``sql`` one by one, inside the caller's transaction
    (``executescript`` would commit it first)."""
    statement = ""
    for line in sql.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            db.execute(statement)
            statement = ""
    if statement.strip():
        db.execute(statement)


def fill(db: sqlite3.Connection, catalog: Catalog) -> None:
    """Create every table in ``db`` and fill it from ``catalog``."""
    d = catalog.data
    _script(db, SCHEMA)
    for kind, table in EVIDENCE_OF.items():
        _script(db, EVIDENCE.format(kind=kind, table=table))
    _script(db, INDEXES)
    _insert(
        db,
        "dataset",
        [
            ("format", d.format),
            ("title_en", d.title.en),
            ("title_zh", d.title.zh),
            ("description_en", d.description.en),
            ("description_zh", d.description.zh),
            ("updated", d.updated),
            *(
                []
                if d.licence is None
                else [
                    ("licence", d.licence.id),
                    ("licence_name", d.licence.name),
                    ("licence_url", d.licence.url),
                    ("licence_note_en", d.licence.note.en),
                    ("licence_note_zh", d.licence.note.zh),
                ]
            ),
        ],
    )
    _insert(
        db,
        "sectors",
        (
            (s.id, s.name.en, s.name.zh, s.description.en, s.description.zh, s.headline)
            for s in d.sectors
        ),
    )
    _insert(db, "units", ((u.id, u.name.en, u.name.zh, int(u.scalable)) for u in d.units))
    _insert(db, "regions", ((r.id, r.name.en, r.name.zh, r.kind, r.parent) for r in d.regions))
    _insert(
        db,
        "region_members",
        ((r.id, i, m) for r in d.regions for i, m in enumerate(r.members or [], start=1)),
    )
    _insert(
        db,
        "sources",
        (
            (s.id, s.title, s.publisher, s.date, s.date_note, s.url, s.kind, s.note)
            for s in d.sources
        ),
    )
    _insert(
        db,
        "indicators",
        (
            (
                i.id,
                i.sector,
                i.name.en,
                i.name.zh,
                _en(i.description),
                _zh(i.description),
                i.unit,
                i.region,
                i.actor,
                i.entity,
            )
            for i in d.indicators
        ),
    )
    figures = []
    for f in d.figures:
        ind = catalog.indicators[f.indicator]
        p = f.period
        figures.append(
            (
                f.id,
                f.indicator,
                ind.sector,
                ind.region,
                p.kind,
                p.start,
                p.end,
                p.label,
                number(f.value),
                plain_number(f.value),
                None if f.upper is None else number(f.upper),
                None if f.upper is None else plain_number(f.upper),
                ind.unit,
                f.qualifier,
                f.stated_as,
                f.status,
                f.derivation,
                *_note(f.note),
                catalog.display_value(f, "en"),
                catalog.display_value(f, "zh"),
                period_text(p, "en"),
                period_text(p, "zh"),
                f.disagrees_with,
                *_note(f.break_before),
            )
        )
    _insert(db, "figures", figures)
    _insert(
        db,
        "entities",
        (
            (
                e.id,
                e.kind,
                e.sector,
                e.region,
                e.name.en,
                e.name.zh,
                _en(e.description),
                _zh(e.description),
            )
            for e in d.entities
        ),
    )
    _insert(
        db,
        "pairings",
        (
            (p.id, p.district, p.county, p.phase, p.since, p.status, p.summary.en, p.summary.zh)
            for p in d.pairings
        ),
    )
    _insert(
        db,
        "events",
        (
            (
                e.id,
                e.date,
                e.sector,
                e.region,
                e.title.en,
                e.title.zh,
                _en(e.description),
                _zh(e.description),
            )
            for e in d.events
        ),
    )
    _insert(db, "overview", enumerate(d.overview, start=1))

    def evidence(records: Iterable[tuple[str, list[Evidence]]]) -> Iterator[tuple[object, ...]]:
        for ident, items in records:
            for i, e in enumerate(items, start=1):
                yield (ident, i, e.source, e.quote, e.ref)

    _insert(db, "figure_evidence", evidence((f.id, f.evidence) for f in d.figures))
    _insert(db, "entity_evidence", evidence((e.id, e.evidence) for e in d.entities))
    _insert(db, "pairing_evidence", evidence((p.id, p.evidence) for p in d.pairings))
    _insert(db, "event_evidence", evidence((e.id, e.evidence) for e in d.events))
    _script(db, SEARCH)


def metadata_path(path: Path) -> Path:
    """Where Datasette's metadata for the database at ``path`` goes: beside it, its stem and
    ``.metadata.json`` (``bijie.db``: ``bijie.metadata.json``)."""
    return path.with_name(f"{path.stem}.metadata.json")


def write_metadata(catalog: Catalog, path: Path) -> Path:
    """Write Datasette's metadata for the database at ``path`` beside it (never over a file)."""
    from .datasette_meta import metadata

    text = json.dumps(metadata(catalog, path.stem), ensure_ascii=False, indent=2) + "\n"
    return write_exactly(metadata_path(path), text)


def write_sqlite(catalog: Catalog, path: Path) -> Path:
    """Write the database of ``catalog`` to ``path``, which must not exist.

    Raises ``FileExistsError`` when it does (the file is left as it was), ``OSError`` when the
    directory cannot take it (nothing is left behind).
    """
    if os.path.lexists(path):
        raise FileExistsError(f"{path}: exists (an export never replaces a file)")
    directory = path.parent if str(path.parent) else Path(".")
    fd, name = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    tmp = Path(name)
    try:
        if hasattr(os, "chmod"):
            os.chmod(tmp, 0o666 & ~_umask())
        db = sqlite3.connect(tmp, isolation_level=None)
        try:
            # The file is a private temporary one until it is placed: no journal and no sync
            # while it is built (a crash leaves a temporary file, never a partial export);
            # one sync of the whole file before it takes its name.
            db.execute("PRAGMA journal_mode = OFF")
            db.execute("PRAGMA synchronous = OFF")
            db.execute("BEGIN")
            fill(db, catalog)
            db.execute("COMMIT")
        except sqlite3.Error as exc:
            raise OSError(f"cannot write the database: {exc}") from None
        finally:
            db.close()
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        if not _place(tmp, path):
            raise FileExistsError(f"{path}: exists (an export never replaces a file)")
        return path
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
