"""The records of a dataset as the program uses them: plain frozen dataclasses, built from
JSON without the schema's validator.

:mod:`bijie_tui.model.schema` defines the format (with pydantic, for the JSON Schema and for
the account of what is wrong in a file); these classes have the same fields, in the same
order, with the same defaults. :func:`build` makes a :class:`Dataset` from a parsed file only
when every field is plainly what the schema asks for; in any case of doubt it raises
:class:`Unsure`, and the loader leaves the file to the schema, which then says what is wrong.
Being stricter than the schema costs only time; being looser would let a bad file in, and
``tests/test_records.py`` holds the two to the same fields, defaults and closed lists (the
lists themselves are declared once, in :mod:`.vocab`, and read by both).

Why a second definition rather than the schema alone: from a fresh interpreter to a loaded
dataset, the quick build takes 63-75 ms for the bundled dataset (342 figures) where the schema
takes 163-169 ms (most of it importing pydantic), and 1.9 s for 100,000 figures where the schema
takes 3.9 s (``python benchmarks/quick_build.py``, on a busy 2-core machine).
"""

from __future__ import annotations

import calendar
import dataclasses
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .vocab import (
    ENTITY_KINDS,
    FORMATS,
    NO_ADDRESS_KIND,
    PAIRING_STATUSES,
    PERIOD_KINDS,
    PHASES,
    QUALIFIERS,
    REGION_KINDS,
    SOURCE_KINDS,
    STATUSES,
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


class Unsure(Exception):
    """A value the quick build does not vouch for: the schema decides."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Names:
    en: str
    zh: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Note:
    en: str
    zh: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Evidence:
    source: str
    quote: str
    ref: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Sector:
    id: str
    name: Names
    short: Names | None = None
    """A short form of the name, for the tab's label when the names do not fit."""
    description: Names
    headline: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Unit:
    id: str
    name: Names
    scalable: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class Region:
    id: str
    name: Names
    short: Names | None = None
    """A short form of the name, for a table's Scope column."""
    kind: RegionKind
    parent: str | None = None
    members: list[str] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Source:
    id: str
    title: str
    publisher: str
    date: str | None
    date_note: str | None = None
    url: str | None
    kind: SourceKind
    note: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Indicator:
    id: str
    sector: str
    name: Names
    description: Names | None = None
    unit: str
    region: str
    actor: str | None = None
    entity: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Period:
    kind: PeriodKind
    start: str | None
    end: str | None
    label: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Figure:
    id: str
    indicator: str
    period: Period
    value: float
    upper: float | None = None
    qualifier: Qualifier = "exact"
    stated_as: str | None = None
    status: Status = "stated"
    derivation: str | None = None
    evidence: list[Evidence]
    note: Note | None = None
    disagrees_with: str | None = None
    break_before: Note | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Entity:
    id: str
    kind: EntityKind
    sector: str
    region: str
    name: Names
    description: Names | None = None
    evidence: list[Evidence]


@dataclass(frozen=True, slots=True, kw_only=True)
class Pairing:
    id: str
    district: str
    county: str
    phase: Phase
    since: str | None = None
    status: PairingStatus
    summary: Names
    evidence: list[Evidence]


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    id: str
    date: str
    sector: str
    region: str | None = None
    title: Names
    description: Names | None = None
    evidence: list[Evidence]


@dataclass(frozen=True, slots=True, kw_only=True)
class Licence:
    id: str
    name: str
    url: str
    note: Names


@dataclass(frozen=True, slots=True, kw_only=True)
class Dataset:
    format: Format
    title: Names
    description: Names
    updated: str
    licence: Licence | None = None
    sectors: list[Sector]
    units: list[Unit]
    regions: list[Region]
    sources: list[Source]
    indicators: list[Indicator]
    figures: list[Figure]
    entities: list[Entity] = field(default_factory=list)
    pairings: list[Pairing] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    overview: list[str] = field(default_factory=list)


# -- the quick build ---------------------------------------------------------------------------
# Each check accepts a value only when the schema certainly would, and returns it as the
# record holds it; anything else raises Unsure. Patterns are narrower than the schema's
# (ASCII digits, a visible character for "not empty").

_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9+._-]{0,79}").fullmatch
_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?").fullmatch
_VISIBLE = re.compile(r"[!-~]|[^\W_]").search

Check = Callable[[Any], Any]


def _text(value: Any) -> str:
    if type(value) is not str:
        raise Unsure
    if not value.isascii():
        try:
            value.encode("utf-8")  # no lone surrogates
        except UnicodeEncodeError:
            raise Unsure from None
    return value


def _id(value: Any) -> str:
    if type(value) is not str or not _ID(value):
        raise Unsure
    return value


def _nonempty(value: Any) -> str:
    text = _text(value)
    if not _VISIBLE(text):
        raise Unsure
    return text


@lru_cache(maxsize=4096)
def _real_date(value: str) -> bool:
    match = _DATE(value)
    if match is None:
        return False
    year, month, day = match.groups()
    if month is not None and not 1 <= int(month) <= 12:
        return False
    return day is None or 1 <= int(day) <= calendar.monthrange(int(year), int(month))[1]


def _date(value: Any) -> str:
    if type(value) is not str or not _real_date(value):
        raise Unsure
    return value


def _number(value: Any) -> float:
    kind = type(value)
    if kind is float:
        if not math.isfinite(value):
            raise Unsure
        return float(value)
    if kind is int:
        try:
            return float(value)
        except OverflowError:
            raise Unsure from None
    raise Unsure


_number.trusted = float  # type: ignore[attr-defined]  # see _trusted


def _bool(value: Any) -> bool:
    if type(value) is not bool:
        raise Unsure
    return value


def _same(value: Any) -> Any:
    return value


def _trusted(check: Check) -> Check:
    """What ``check`` makes of a value it would accept, without checking it: a record or a
    list of records built, a number made a float, anything else as it is. For the bundled
    dataset, which the tests check (see :func:`build`)."""
    trusted: Check = getattr(check, "trusted", _same)
    return trusted


def _optional(check: Check) -> Check:
    def optional(value: Any) -> Any:
        return None if value is None else check(value)

    optional.check = check  # type: ignore[attr-defined]  # for _record, which inlines it
    inner = _trusted(check)
    if inner is not _same:
        optional.trusted = lambda value: None if value is None else inner(value)  # type: ignore[attr-defined]
    return optional


def _one_of(*choices: str) -> Check:
    allowed = frozenset(choices)

    def one_of(value: Any) -> str:
        if type(value) is not str or value not in allowed:
            raise Unsure
        return value

    one_of.choices = choices  # type: ignore[attr-defined]  # read by tests/test_records.py
    return one_of


def _list(check: Check, min_length: int = 0) -> Check:
    def items(value: Any) -> list[Any]:
        if type(value) is not list or len(value) < min_length:
            raise Unsure
        return [check(item) for item in value]

    items.item = check  # type: ignore[attr-defined]  # read by tests/test_records.py
    inner = _trusted(check)
    if inner is not _same:

        def trusted(value: Any) -> list[Any]:
            if type(value) is not list:
                raise Unsure
            return [inner(item) for item in value]

        items.trusted = trusted  # type: ignore[attr-defined]
    return items


_members = [0]
"""Members of the objects built so far (see :func:`build`)."""

_ABSENT = object()


def _record(cls: type, **checks: Check) -> Check:
    """A check building ``cls`` from a JSON object of these fields: a field missing takes the
    record's default, and a field without a default must be there.

    The check is made as Python source, the way :mod:`dataclasses` makes ``__init__``: one
    statement a field, each giving the record's slot its checked value, with no dictionary
    of keyword arguments between and no frozen ``__setattr__`` (the records are frozen to
    their users, not to their builder). Building 100,000 figures so takes about 60 % of the
    time that building them through their ``__init__`` took."""
    fields = dataclasses.fields(cls)
    if {f.name for f in fields} != set(checks):
        raise TypeError(f"{cls.__name__}: the checks are not for its fields")
    env: dict[str, Any] = {
        "Unsure": Unsure,
        "_dict": dict,
        "_new": object.__new__,
        "_cls": cls,
        "_names": frozenset(checks),
        "_members": _members,
        "_absent": _ABSENT,
    }
    lines = [
        "def record(value):",
        "    if type(value) is not _dict or not _names.issuperset(value):",
        "        raise Unsure  # not an object, or a field the format does not have",
        "    _members[0] += len(value)",
        "    get = value.get",
        "    made = _new(_cls)",
    ]
    trusted = dict(env)
    for n, f in enumerate(fields):
        check = checks[f.name]
        inner = getattr(check, "check", None)  # an _optional check, inlined
        env[f"check_{n}"] = check if inner is None else inner
        trusted[f"check_{n}"] = _trusted(env[f"check_{n}"])
        trusted[f"set_{n}"] = env[f"set_{n}"] = getattr(cls, f.name).__set__  # the slot's own
        checked = f"check_{n}(v)" if inner is None else f"None if v is None else check_{n}(v)"
        lines.append(f"    v = get({f.name!r}, _absent)")
        if f.default is not dataclasses.MISSING:
            trusted[f"default_{n}"] = env[f"default_{n}"] = f.default
            lines.append(f"    set_{n}(made, default_{n} if v is _absent else {checked})")
        elif f.default_factory is not dataclasses.MISSING:
            trusted[f"factory_{n}"] = env[f"factory_{n}"] = f.default_factory
            lines.append(f"    set_{n}(made, factory_{n}() if v is _absent else {checked})")
        else:
            lines.append("    if v is _absent:")
            lines.append("        raise Unsure  # a field without a default is missing")
            lines.append(f"    set_{n}(made, {checked})")
    lines.append("    return made")
    code = compile("\n".join(lines), f"<build {cls.__name__}>", "exec")  # of field names only
    exec(code, env)
    exec(code, trusted)  # the same code, with the checks only building (see _trusted)
    built: Check = env["record"]
    built.trusted = trusted["record"]  # type: ignore[attr-defined]
    built.checks = checks  # type: ignore[attr-defined]  # read by tests/test_records.py
    return built


_opt_id = _optional(_id)
_opt_text = _optional(_text)
_opt_date = _optional(_date)
_names = _record(Names, en=_nonempty, zh=_nonempty)
_opt_names = _optional(_names)
_evidence = _list(_record(Evidence, source=_id, quote=_nonempty, ref=_opt_id), 1)

_sector = _record(
    Sector, id=_id, name=_names, short=_opt_names, description=_names, headline=_opt_id
)
_unit = _record(Unit, id=_id, name=_names, scalable=_bool)
_region = _record(
    Region,
    id=_id,
    name=_names,
    short=_opt_names,
    kind=_one_of(*REGION_KINDS),
    parent=_opt_id,
    members=_optional(_list(_id)),
)
_source_fields = _record(
    Source,
    id=_id,
    title=_nonempty,
    publisher=_nonempty,
    date=_opt_date,
    date_note=_opt_text,
    url=_optional(_nonempty),
    kind=_one_of(*SOURCE_KINDS),
    note=_opt_text,
)


def _source(value: Any) -> Source:
    source: Source = _source_fields(value)
    if (source.url is None) != (source.kind == NO_ADDRESS_KIND):
        raise Unsure  # the schema says which way it is wrong
    return source


_source.trusted = _trusted(_source_fields)  # type: ignore[attr-defined]
_source.checks = _source_fields.checks  # type: ignore[attr-defined]


_indicator = _record(
    Indicator,
    id=_id,
    sector=_id,
    name=_names,
    description=_opt_names,
    unit=_id,
    region=_id,
    actor=_opt_id,
    entity=_opt_id,
)
_period = _record(
    Period,
    kind=_one_of(*PERIOD_KINDS),
    start=_opt_date,
    end=_opt_date,
    label=_opt_text,
)
_note = _record(Note, en=_nonempty, zh=_optional(_nonempty))
_figure = _record(
    Figure,
    id=_id,
    indicator=_id,
    period=_period,
    value=_number,
    upper=_optional(_number),
    qualifier=_one_of(*QUALIFIERS),
    stated_as=_opt_text,
    status=_one_of(*STATUSES),
    derivation=_opt_text,
    evidence=_evidence,
    note=_optional(_note),
    disagrees_with=_opt_id,
    break_before=_optional(_note),
)
_entity = _record(
    Entity,
    id=_id,
    kind=_one_of(*ENTITY_KINDS),
    sector=_id,
    region=_id,
    name=_names,
    description=_opt_names,
    evidence=_evidence,
)
_pairing = _record(
    Pairing,
    id=_id,
    district=_id,
    county=_id,
    phase=_one_of(*PHASES),
    since=_opt_date,
    status=_one_of(*PAIRING_STATUSES),
    summary=_names,
    evidence=_evidence,
)
_event = _record(
    Event,
    id=_id,
    date=_date,
    sector=_id,
    region=_opt_id,
    title=_names,
    description=_opt_names,
    evidence=_evidence,
)
_dataset = _record(
    Dataset,
    format=_one_of(*FORMATS),
    title=_names,
    description=_names,
    updated=_date,
    licence=_optional(_record(Licence, id=_nonempty, name=_nonempty, url=_nonempty, note=_names)),
    sectors=_list(_sector, 1),
    units=_list(_unit),
    regions=_list(_region),
    sources=_list(_source),
    indicators=_list(_indicator),
    figures=_list(_figure),
    entities=_list(_entity),
    pairings=_list(_pairing),
    events=_list(_event),
    overview=_list(_id),
)


def build(obj: Any, *, trusted: bool = False) -> tuple[Dataset, int]:
    """The dataset in the parsed JSON ``obj``, if every field is plainly right, and how many
    members its objects have (fewer than the file has when a key was given twice); else
    :class:`Unsure`. (Checks across records are the caller's: see :mod:`.checks`.)

    ``trusted``: the fields are not checked, only built into records (for the bundled
    dataset, which the tests check: a file the tests have not seen may come out wrong)."""
    _members[0] = 0
    dataset: Dataset = (_trusted(_dataset) if trusted else _dataset)(obj)
    return dataset, _members[0]


_CLASSES: dict[str, type] = {
    cls.__name__: cls
    for cls in (
        Names,
        Note,
        Evidence,
        Sector,
        Unit,
        Region,
        Source,
        Indicator,
        Period,
        Figure,
        Entity,
        Pairing,
        Event,
        Licence,
        Dataset,
    )
}


def _converted(value: Any) -> Any:
    if type(value) is list:
        return [_converted(item) for item in value]
    cls = _CLASSES.get(type(value).__name__)
    if cls is None:
        return value
    fields: dict[str, Any] = cls.__dataclass_fields__  # type: ignore[attr-defined]
    return cls(**{name: _converted(getattr(value, name)) for name in fields})


def from_model(model: Any) -> Dataset:
    """The records of a dataset the schema has checked (its pydantic models, field by field)."""
    dataset: Dataset = _converted(model)
    return dataset
