"""The dataset format: pydantic models, one per kind of record.

Field-level rules live here (types, required fields, no extra fields, finite numbers, date
syntax). Rules that need the whole dataset (unique ids, references, one value per period) live
in :mod:`bijie_tui.model.checks`.
"""

from __future__ import annotations

import calendar
import re
from functools import lru_cache
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from .vocab import (
    NO_ADDRESS_KIND,
    EntityKind,
    Format,
    PairingStatus,
    PeriodKind,
    Phase,
    Qualifier,
    RegionKind,
    SourceKind,
    Status,
)

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9+._-]{0,79}$"
DATE_PATTERN = r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$"
TEXT_PATTERN = r"\S"
"""Field patterns are checked by the validator's own engine (fast on large files); the loader
turns a mismatch into the sentence below for each."""
PATTERN_MESSAGES = {
    ID_PATTERN: "an id is 1-80 letters, digits and + . _ -, starting with a letter or digit",
    DATE_PATTERN: "a date is YYYY, YYYY-MM or YYYY-MM-DD",
    TEXT_PATTERN: "must not be empty",
}
_DATE_RE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


@lru_cache(maxsize=4096)
def _check_date(value: str) -> str:
    match = _DATE_RE.fullmatch(value)
    if not match:
        raise ValueError("a date is YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = match.groups()
    if month is not None and not 1 <= int(month) <= 12:
        raise ValueError(f"month {month} is not 01-12")
    if day is not None:
        last = calendar.monthrange(int(year), int(month))[1]
        if not 1 <= int(day) <= last:
            raise ValueError(f"day {day} is not in {year}-{month}")
    return value


Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
PartialDate = Annotated[str, StringConstraints(pattern=DATE_PATTERN), AfterValidator(_check_date)]
NonEmpty = Annotated[str, StringConstraints(pattern=TEXT_PATTERN)]
Number = Annotated[float, Field(allow_inf_nan=False, strict=True)]
"""The closed lists (kinds, qualifiers, phases) are declared once, in :mod:`.vocab`."""

# Lists stop at their first bad item (``fail_fast``): a million bad items give one error, not a
# million.


class Record(BaseModel):
    """Base of every record: unknown fields are errors, values are not coerced from strings."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Names(Record):
    """A name or text in both languages."""

    en: NonEmpty
    zh: NonEmpty


class Note(Record):
    """A remark; the Chinese text may be missing, the English one may not."""

    en: NonEmpty
    zh: NonEmpty | None = None


class Evidence(Record):
    """Where a record comes from: a source and the passage of it that says so, verbatim."""

    source: Id
    quote: NonEmpty
    ref: Id | None = None


class Sector(Record):
    id: Id
    name: Names
    short: Names | None = Field(
        default=None,
        description="A short form of the name for the tab's label when the names do not fit.",
    )
    description: Names
    headline: Id | None = None


class Unit(Record):
    id: Id
    name: Names
    scalable: bool = Field(
        description="Large values may be shown with 万/亿 or million/billion (counts, money, mass)."
    )


class Region(Record):
    id: Id
    name: Names
    short: Names | None = Field(
        default=None,
        description="A short form of the name for a table's Scope column (the name elsewhere).",
    )
    kind: RegionKind
    parent: Id | None = None
    members: list[Id] | None = Field(default=None, fail_fast=True)


class Source(Record):
    id: Id
    title: NonEmpty
    publisher: NonEmpty
    date: PartialDate | None
    date_note: str | None = None
    url: NonEmpty | None = Field(
        description=f'The address; null only for a source of kind "{NO_ADDRESS_KIND}".'
    )
    kind: SourceKind
    note: str | None = None

    @model_validator(mode="after")
    def _address_known_unless_unknown(self) -> Source:
        if self.url is None and self.kind != NO_ADDRESS_KIND:
            raise ValueError(f'url: only a source of kind "{NO_ADDRESS_KIND}" may have none')
        if self.url is not None and self.kind == NO_ADDRESS_KIND:
            raise ValueError(f'url: a source of kind "{NO_ADDRESS_KIND}" has none (null)')
        return self


class Indicator(Record):
    id: Id
    sector: Id
    name: Names
    description: Names | None = None
    unit: Id
    region: Id = Field(description="The scope every figure of this indicator covers.")
    actor: Id | None = None
    entity: Id | None = None


class Period(Record):
    kind: PeriodKind
    start: PartialDate | None
    end: PartialDate | None
    label: str | None = None


class Figure(Record):
    id: Id
    indicator: Id
    period: Period
    value: Number
    upper: Number | None = None
    qualifier: Qualifier = "exact"
    stated_as: str | None = None
    status: Status = "stated"
    derivation: str | None = None
    evidence: list[Evidence] = Field(min_length=1, fail_fast=True)
    note: Note | None = None
    disagrees_with: Id | None = Field(
        default=None,
        description=(
            "Another figure of the same indicator that a source gives differently: this one is"
            " shown beside it (a conflict), not drawn in the series."
        ),
    )
    break_before: Note | None = Field(
        default=None,
        description=(
            "A new definition starts at this figure: the series is broken before it, never"
            " joined across; the note says what changed."
        ),
    )


class Entity(Record):
    id: Id
    kind: EntityKind
    sector: Id
    region: Id
    name: Names
    description: Names | None = None
    evidence: list[Evidence] = Field(min_length=1, fail_fast=True)


class Pairing(Record):
    id: Id
    district: Id
    county: Id
    phase: Phase
    since: PartialDate | None = None
    status: PairingStatus
    summary: Names
    evidence: list[Evidence] = Field(min_length=1, fail_fast=True)


class Event(Record):
    id: Id
    date: PartialDate
    sector: Id
    region: Id | None = None
    title: Names
    description: Names | None = None
    evidence: list[Evidence] = Field(min_length=1, fail_fast=True)


class Licence(Record):
    """The terms the dataset is given under."""

    id: NonEmpty = Field(description="An SPDX identifier, e.g. CC-BY-4.0.")
    name: NonEmpty
    url: NonEmpty
    note: Names = Field(description="What the licence covers, and what it does not.")


class Dataset(Record):
    """A whole dataset file."""

    format: Format
    title: Names
    description: Names
    updated: PartialDate
    licence: Licence | None = None
    sectors: list[Sector] = Field(min_length=1)
    units: list[Unit]
    regions: list[Region]
    sources: list[Source]
    indicators: list[Indicator]
    figures: list[Figure]
    entities: list[Entity] = Field(default_factory=list)
    pairings: list[Pairing] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    overview: list[Id] = Field(
        default_factory=list,
        description="Indicators shown as context series on the overview, in this order.",
    )
