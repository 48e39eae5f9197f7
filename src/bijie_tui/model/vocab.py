"""The closed lists of the dataset format, each declared once: kinds of source, region, entity
and period, qualifiers, statuses and phases.

Each list is a ``Literal`` type, for the schema's fields (:mod:`.schema`), the records'
annotations (:mod:`.records`) and the type checker; its values, in order, are read back from it
with :func:`typing.get_args`, for the quick build's checks (:mod:`.records`) and the labels the
tables show (:mod:`.tables`, held to these lists by ``tests/test_vocab.py``). This module imports
nothing but :mod:`typing`, so the quick build reads it without the schema's validator.

To add a kind of source: add it here, in its place from the strongest to the weakest; the tests
then ask for its labels (``SOURCE_KIND_NAMES`` and ``SOURCE_KIND_SHORT`` in :mod:`.tables`), its
line in the README's list of kinds and, if it is a copy or a secondary account, its place in
:mod:`.caveats`.
"""

from __future__ import annotations

from typing import Literal, get_args

Format = Literal["bijie-tui/1"]
"""The name and version of the format, the ``format`` member of every dataset file."""
FORMATS: tuple[Format, ...] = get_args(Format)

SourceKind = Literal[
    "official",
    "official_mirror",
    "state_media",
    "state_media_mirror",
    "press_release",
    "media",
    "mirror",
    "unrelated_copy",
    "secondary",
    "copy_without_address",
]
"""From the strongest kind to the weakest. ``unrelated_copy``: a copy hosted on a site that has
nothing to do with its publisher (its address is shown as text, never as a link).
``copy_without_address``: a stored copy of a page whose address is not known (its title is);
the only kind whose ``url`` may be null."""
SOURCE_KINDS: tuple[SourceKind, ...] = get_args(SourceKind)
NO_ADDRESS_KIND: SourceKind = "copy_without_address"
"""The one kind of source without an address (its ``url`` is null), and the only one."""

RegionKind = Literal[
    "province",
    "prefecture",
    "city",
    "district",
    "county",
    "management_area",
    "new_area",
    "township",
    "combined",
    "other",
]
REGION_KINDS: tuple[RegionKind, ...] = get_args(RegionKind)

EntityKind = Literal[
    "project",
    "park",
    "school",
    "hospital",
    "company",
    "programme",
    "village",
    "brand",
    "organisation",
    "agreement",
    "workstation",
    "base",
    "service",
    "course",
]
ENTITY_KINDS: tuple[EntityKind, ...] = get_args(EntityKind)

PeriodKind = Literal["annual", "cumulative", "as_of", "event"]
PERIOD_KINDS: tuple[PeriodKind, ...] = get_args(PeriodKind)

Qualifier = Literal[
    "exact", "more_than", "at_least", "about", "nearly", "less_than", "up_to", "range"
]
QUALIFIERS: tuple[Qualifier, ...] = get_args(Qualifier)

Status = Literal["stated", "derived"]
"""Of a figure: given by its source, or worked out from other figures (see its derivation)."""
STATUSES: tuple[Status, ...] = get_args(Status)

Phase = Literal["2016-2020", "2021-"]
"""Of a pairing: poverty alleviation (2016–2020), then east–west collaboration (from 2021)."""
PHASES: tuple[Phase, ...] = get_args(Phase)

PairingStatus = Literal["confirmed", "reported"]
PAIRING_STATUSES: tuple[PairingStatus, ...] = get_args(PairingStatus)
