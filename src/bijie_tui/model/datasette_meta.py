"""What Datasette is told about an exported database: its title, description, licence and
source; a description of every table and column; the column that names each table's rows (so
that a link reads as a name, not an id); default facets; and the full-text search tables.

Written by ``export --sqlite FILE`` beside the database as ``FILE``'s stem plus
``.metadata.json`` (``datasette bijie.db -m bijie.metadata.json``). The tables and columns it
describes are those :mod:`.sqlite_export` creates; a test holds the two together.
"""

from __future__ import annotations

from typing import Any

from .query import Catalog
from .vocab import QUALIFIERS, SOURCE_KINDS

LABELS: dict[str, str] = {
    "sectors": "name_en",
    "units": "name_en",
    "regions": "name_en",
    "sources": "title",
    "indicators": "name_en",
    "figures": "display_en",
    "entities": "name_en",
    "pairings": "summary_en",
    "events": "title_en",
}
"""The column Datasette shows for a row of each table where another table links to it."""

FACETS: dict[str, list[str]] = {
    "figures": ["sector", "qualifier", "region", "status"],
    "figures_explained": ["sector", "qualifier", "scope_en", "source_kinds"],
    "indicators": ["sector", "region", "unit"],
    "sources": ["kind"],
    "entities": ["sector", "kind"],
    "events": ["sector"],
    "pairings": ["phase", "status"],
}

SEARCH: dict[str, str] = {
    "figures": "figures_fts",
    "indicators": "indicators_fts",
    "sources": "sources_fts",
}
"""Tables with full-text search, and the FTS5 table that indexes each (rowid for rowid)."""

TABLES: dict[str, tuple[str, dict[str, str]]] = {
    "dataset": (
        "The dataset itself: format, title, description, date of update and licence, one "
        "key and value a row.",
        {},
    ),
    "sectors": (
        "The five sectors: employment, education, industry, healthcare, and context.",
        {"headline": "The indicator shown first for the sector."},
    ),
    "units": (
        "Units of the figures' values.",
        {"scalable": "1: large values are shown in 万/亿 or million/billion."},
    ),
    "regions": (
        "Places, and places counted together (kind combined, with their members).",
        {"parent": "The region it is part of."},
    ),
    "region_members": ("The places a combined region counts together, in order.", {}),
    "sources": (
        "Every source, with its kind: how far to trust it (official, state media, media, press "
        "release, copies, copies on unrelated sites, secondary, copies without an address).",
        {
            "url": "Empty only for a copy whose address is unknown.",
            "kind": f"From the strongest kind to the weakest: {', '.join(SOURCE_KINDS)}.",
        },
    ),
    "indicators": (
        "What a figure measures; the figures of one indicator are its series. Every figure of "
        "an indicator covers its region (its scope).",
        {
            "region": "The scope every figure of the indicator covers.",
            "actor": "Who did it, when the source says.",
            "entity": "The project or body the indicator is about.",
        },
    ),
    "figures": (
        "Every number, with its period, scope, qualifier and the words of its source.",
        {
            "value": "The number in base units (yuan, people), exactly as the source gives it.",
            "value_text": "The value's digits, as text: every digit the source gave.",
            "qualifier": f"{', '.join(QUALIFIERS)}.",
            "stated_as": "The number exactly as the source writes it.",
            "status": "stated (by the source) or derived (see derivation).",
            "display_en": "The value as the explorer shows it in English.",
            "display_zh": "The value as the explorer shows it in Chinese.",
            "period_kind": "annual, cumulative (from start to end), as_of (a state at end), event.",
            "disagrees_with": "Another source's different value for the same thing: the "
            "figure it disagrees with.",
            "break_en": "A new definition starts here: what changed (the series is not "
            "comparable across it).",
        },
    ),
    "figures_explained": (
        "Each figure with its indicator's, scope's and unit's names and its sources: the "
        "table to open first.",
        {},
    ),
    "entities": ("Named projects, parks, schools, hospitals, companies and programmes.", {}),
    "pairings": ("Which Guangzhou district was paired with which Bijie county, by phase.", {}),
    "events": ("Dated milestones of the collaboration.", {}),
    "overview": ("The indicators the explorer's overview shows as context, in order.", {}),
    "figure_evidence": ("The sources of each figure and the passage quoted from each.", {}),
    "entity_evidence": ("The sources of each project or body, with the quoted passage.", {}),
    "pairing_evidence": ("The sources of each pairing, with the quoted passage.", {}),
    "event_evidence": ("The sources of each event, with the quoted passage.", {}),
}


def metadata(catalog: Catalog, database: str) -> dict[str, Any]:
    """Datasette's metadata for the database named ``database`` (the file's stem)."""
    d = catalog.data
    licence = d.licence
    tables: dict[str, Any] = {}
    for name, (description, columns) in TABLES.items():
        table: dict[str, Any] = {"description": description}
        if columns:
            table["columns"] = columns
        if name in LABELS:
            table["label_column"] = LABELS[name]
        if name in FACETS:
            table["facets"] = FACETS[name]
        if name in SEARCH:
            table["fts_table"] = SEARCH[name]
        tables[name] = table
    for name in SEARCH.values():
        tables[name] = {"hidden": True}
    out: dict[str, Any] = {
        "title": f"{d.title.en} · {d.title.zh}",
        "description": d.description.en,
        "source": "bijie-tui: every figure's own source is in the sources table",
        "databases": {database: {"tables": tables}},
    }
    if licence is not None:
        out["license"] = licence.name
        out["license_url"] = licence.url
    return out
