"""Read a dataset file, or the bundled one, into a checked :class:`Dataset`.

Every way a file can be wrong ends in one :class:`DatasetError` naming the file, the place in it
(a JSON path such as ``$.figures[3].value``, or a line and column) and what is wrong.

A file is first built into records by the quick build of :mod:`.records` and checked across
records (:mod:`.checks`); only when that is unsure (a file with something wrong, or something
the quick build does not vouch for) is it read again through the schema (pydantic, imported
then), which says what is wrong, or accepts it.
"""

from __future__ import annotations

import gc
import json
import math
import os
import re
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar, cast, get_origin

from . import records
from .errors import DatasetError

if TYPE_CHECKING:
    from pydantic import TypeAdapter, ValidationError
    from pydantic_core import ErrorDetails

    from .schema import Dataset, Figure

MAX_BYTES = 64 * 1024 * 1024
"""Largest dataset file accepted (64 MiB): room for several hundred thousand figures."""

MAX_DEPTH = 64
"""Deepest nesting of JSON arrays and objects accepted; the format itself needs 6."""

BUNDLED_NAME = "bundled dataset"
_DUPLICATE = "\x00duplicate key\x00"


def _path(loc: Iterable[int | str]) -> str:
    out = "$"
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part.startswith(_DUPLICATE):
            out += "." + part[len(_DUPLICATE) :]
        elif part.isidentifier():
            out += f".{part}"
        else:
            out += f"[{json.dumps(part, ensure_ascii=True)}]"
    return out


def _reject_constant(name: str) -> float:
    # NaN and Infinity are not JSON; keep them so the schema reports where they are.
    return math.nan if name == "NaN" else (math.inf if name == "Infinity" else -math.inf)


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    quick = dict(pairs)
    if len(quick) == len(pairs):
        return quick  # no key twice: the usual case, built in one call
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            key = _DUPLICATE + key  # reported by the schema as an unexpected field, with its path
        out[key] = value
    return out


_KEEP = frozenset(b'[]{}"\\:')
_DROP = bytes(b for b in range(256) if b not in _KEEP)
_QUOTED = re.compile(rb'"[^"]*"')


_M = TypeVar("_M", "Dataset", "Figure")


def _shape(raw: bytes) -> tuple[bool, int, int]:
    """Whether no array or object in the JSON ``raw`` nests deeper than :data:`MAX_DEPTH`,
    about how many bytes of objects reading it whole would make, and how many members its
    objects have (colons outside strings).

    Done with C-speed byte methods: keep only brackets, quotes and backslashes, drop escaped
    characters and then strings; each pass then removes the innermost ``[]`` and ``{}``, so
    nesting deeper than the limit is what is left after that many passes. (A file that does
    not balance is left for the JSON reader to report.)
    """
    skeleton = raw.translate(None, _DROP).replace(b"\\\\", b"").replace(b'\\"', b"")
    strings = skeleton.count(b'"') // 2
    # Empty strings first (most of them, once their text is gone): removing two quotes in a
    # row never changes which brackets are inside a string.
    skeleton = _QUOTED.sub(b"", skeleton.replace(b"\\", b"").replace(b'""', b""))
    members = skeleton.count(b":")
    skeleton = skeleton.replace(b":", b"")
    # An array or object costs some 80 bytes, a string some 50 more than its text.
    size = 40 * len(skeleton) + 50 * strings
    for _ in range(MAX_DEPTH):
        shorter = skeleton.replace(b"[]", b"").replace(b"{}", b"")
        if len(shorter) == len(skeleton):
            return True, size, members  # empty, or unbalanced: not a question of depth
        skeleton = shorter
    return b"[]" not in skeleton and b"{}" not in skeleton, size, members


_DENSE = 8
"""A file whose objects would take more than this many times its size is read record by
record; others (datasets as they are written: about 4 times) are read whole, which is quicker."""


class _Huge:
    """An integer in the file with more digits than are read (Python's own limit, 4,300): kept
    in its place, so the schema says where it is, and described by its length."""

    __slots__ = ("digits",)

    def __init__(self, digits: int) -> None:
        self.digits = digits


_INT_DIGITS = 4300


def _int(text: str) -> int | _Huge:
    digits = len(text) - text.startswith("-")
    return int(text) if digits <= _INT_DIGITS else _Huge(digits)


def _kind(value: object) -> str:
    """What a JSON value is, in the words of JSON (an object, an array, a string, ...)."""
    if value is None or value is True or value is False:
        return json.dumps(value)
    if isinstance(value, _Huge):
        return f"a number with {value.digits:,} digits"
    for types, word in (
        (dict, "an object"),
        (list, "an array"),
        (str, "a string"),
        ((int, float), "a number"),
    ):
        if isinstance(value, types):
            return word
    return type(value).__name__


_EXPECTED = {
    "model_type": "an object",
    "model_attributes_type": "an object",
    "dict_type": "an object",
    "list_type": "an array",
    "string_type": "a string",
    "float_type": "a number",
    "int_type": "a number",
    "bool_type": "true or false",
}
"""What a field of each error type must be; pydantic's own words name Python types."""


def _is_duplicate(loc: Iterable[int | str]) -> bool:
    return any(isinstance(part, str) and part.startswith(_DUPLICATE) for part in loc)


def _describe(error: dict[str, Any]) -> str:
    if _is_duplicate(error["loc"]):
        return "duplicate key in an object"
    kind = error["type"]
    found = error.get("input")
    if isinstance(found, _Huge) and kind != "extra_forbidden":
        return f"{_kind(found)}, too long to be a value"
    if kind in _EXPECTED:
        return f"must be {_EXPECTED[kind]}, found {_kind(found)}"
    if kind == "extra_forbidden":
        return "unexpected field"
    if kind == "missing":
        return "missing field"
    if kind == "finite_number":
        return "not a finite number (NaN and Infinity are not allowed)"
    if kind == "string_pattern_mismatch":
        from .schema import PATTERN_MESSAGES

        pattern = str((error.get("ctx") or {}).get("pattern", ""))
        if pattern in PATTERN_MESSAGES:
            return PATTERN_MESSAGES[pattern]
    message = str(error["msg"]).removeprefix("Value error, ")
    if kind == "literal_error":
        return f"{message}, got {json.dumps(error['input'], ensure_ascii=False)[:60]}"
    return message


def parse(raw: bytes, name: str) -> records.Dataset:
    """Check the bytes of a dataset file called ``name`` and return the dataset."""
    return _parse_owned([raw], name)


def _parse_owned(box: list[bytes], name: str) -> records.Dataset:
    """:func:`parse`, taking the bytes out of ``box`` so they can be let go once decoded."""
    raw = box.pop()
    if not raw.strip():
        raise DatasetError(name, "$", "the file is empty")
    if len(raw) > MAX_BYTES:
        raise DatasetError(name, "$", f"the file is larger than {MAX_BYTES // 2**20} MiB")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DatasetError(name, f"byte {exc.start}", "not UTF-8 text") from None
    shallow, size, members = _shape(raw)
    if not shallow:
        raise DatasetError(name, "$", f"nested deeper than {MAX_DEPTH} levels")
    stream = size > _DENSE * len(raw)
    del raw
    with _no_cycle_collection():
        if not stream:
            quick = _quick(text, members)
            if quick is not None:
                return quick
        obj = _read_json(text, name, stream=stream)
        del text  # the parsed objects are all that is needed from here on
        return _check(obj, name)


def _quick(text: str, members: int) -> records.Dataset | None:
    """The dataset in ``text`` if the quick build vouches for every field and nothing is wrong
    across records; None when the schema must say (see the module's docstring).

    Objects are made by the JSON reader's own code, which keeps the last of a key given twice:
    the file has no such key when its objects hold as many members as it has ``:`` outside
    strings (``members``)."""
    from .checks import problems  # here: the bundled dataset is loaded without them

    try:
        obj = _PLAIN.decode(text)
        data, built = records.build(obj)
    except (ValueError, RecursionError, records.Unsure):
        return None
    del obj
    if built != members:
        return None
    for _problem in problems(data):
        return None
    return data


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Reading builds millions of objects and no cycles: collecting meanwhile only costs time
    (4× on a large file). The data is then frozen out of later collections."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
        gc.freeze()


_NO_FIELDS: set[str] = set()
_BATCH = 2000
"""Records validated at a time: one call per batch, and the batch's JSON let go after it."""


@cache
def _lists() -> dict[str, TypeAdapter[list[Any]]]:
    """An adapter for each list of the dataset, stopping at its first bad record."""
    from pydantic import ConfigDict, FailFast, TypeAdapter

    from .schema import Dataset

    strict = ConfigDict(strict=True)
    return {
        key: TypeAdapter(cast("Any", Annotated[field.annotation, FailFast()]), config=strict)
        for key, field in Dataset.model_fields.items()
        if get_origin(field.annotation) is list
    }


_SHAPES = {
    "format": "a string",
    "title": "an object",
    "description": "an object",
    "updated": "a string",
}
"""What each other top-level field is, to refuse an array there before reading it."""

_DECODER = json.JSONDecoder(
    object_pairs_hook=_pairs, parse_constant=_reject_constant, parse_int=_int
)
_PLAIN = json.JSONDecoder(parse_constant=_reject_constant)
"""The quick build's reader: integers read by the JSON reader's own code (an integer longer
than Python reads is an error there, and the file is read again by :data:`_DECODER`)."""
_SCAN: Callable[[str, int], tuple[Any, int]] = _DECODER.scan_once  # type: ignore[attr-defined]
_STRING: Callable[[str, int], tuple[str, int]] = json.decoder.scanstring  # type: ignore[attr-defined]
_SPACE = re.compile(r"[ \t\n\r]*")


def _skip(text: str, at: int) -> int:
    """Where the first character at or after ``at`` that is not JSON white space is."""
    return _SPACE.match(text, at).end()  # type: ignore[union-attr]


class _Irregular(Exception):
    """The text is not laid out as the streaming reader expects: read it whole instead."""


def _share_fields_set(figures: list[Figure]) -> None:
    """Give figures and their parts one shared, empty "fields set".

    Each record keeps by default its own set of the fields it was given (some 700 bytes); the
    records here are frozen and never dumped by it, so one shared set does. For 100,000 figures
    that is about 300 MB less.
    """
    share = object.__setattr__
    empty = _NO_FIELDS
    for figure in figures:
        share(figure, "__pydantic_fields_set__", empty)
        share(figure.period, "__pydantic_fields_set__", empty)
        for item in figure.evidence:
            share(item, "__pydantic_fields_set__", empty)
        if figure.note is not None:
            share(figure.note, "__pydantic_fields_set__", empty)


def _first(exc: ValidationError) -> ErrorDetails:
    errors = exc.errors()
    # A duplicate key also makes the kept copy look odd elsewhere: name the cause first.
    return next((e for e in errors if _is_duplicate(e["loc"])), errors[0])


def _records(key: str, batch: list[Any], start: int, name: str) -> list[Any]:
    """The records of ``batch`` (items ``start`` on of the list ``key``), checked."""
    from pydantic import ValidationError

    try:
        done = _lists()[key].validate_python(batch)
    except ValidationError as exc:
        first: ErrorDetails = _first(exc)
        index, *rest = first["loc"]
        loc = (key, start + int(index), *rest)
        raise DatasetError(name, _path(loc), _describe(dict(first))) from None
    if key == "figures":
        _share_fields_set(done)
    return done


def _validated(model: type[_M], value: Any, name: str, where: tuple[str | int, ...]) -> _M:
    from pydantic import ValidationError

    try:
        return model.model_validate(value)
    except ValidationError as exc:
        first: ErrorDetails = _first(exc)
        loc = (*where, *first["loc"])
        raise DatasetError(name, _path(loc), _describe(dict(first))) from None


def _read_json(text: str, name: str, *, stream: bool = True) -> dict[str, Any]:
    """The top-level object of ``text``, its lists already checked in batches of records.

    With ``stream``, the lists are read one record at a time and checked in batches, so a bad
    record stops the reading at once, before the rest of the file is turned into objects (a
    million empty records would take some 25 times the file's size). A file laid out otherwise
    is read whole, for the JSON reader's own account of what is wrong.
    """
    start = _skip(text, 0)
    if text.startswith("[", start):
        raise DatasetError(name, "$", "the dataset must be an object, found an array")
    try:
        if stream and text.startswith("{", start):
            try:
                return _stream(text, start, name)
            except (_Irregular, StopIteration, IndexError):
                pass
        obj = _DECODER.decode(text)
    except json.JSONDecodeError as exc:
        raise DatasetError(
            name, f"line {exc.lineno}, column {exc.colno}", f"not valid JSON: {exc.msg}"
        ) from None
    except (RecursionError, ValueError) as exc:  # pathological input
        raise DatasetError(name, "$", f"not valid JSON: {exc}") from None
    if not isinstance(obj, dict):
        raise DatasetError(name, "$", f"the dataset must be an object, found {_kind(obj)}")
    for key, value in obj.items():
        if key in _lists() and isinstance(value, list):
            obj[key] = _checked_list(key, value, name)
    return obj


def _checked_list(key: str, items: list[Any], name: str) -> list[Any]:
    checked: list[Any] = []
    for start in range(0, len(items), _BATCH):
        batch = items[start : start + _BATCH]
        items[start : start + _BATCH] = [None] * len(batch)
        checked.extend(_records(key, batch, start, name))
        del batch
    return checked


def _stream(text: str, at: int, name: str) -> dict[str, Any]:
    """Read the object at ``text[at]`` (a ``{``) to the end of ``text``; see :func:`_read_json`.

    Raises :class:`_Irregular` (or ``StopIteration``, ``IndexError``) where the text is not
    valid JSON: the caller then reads it whole to say why.
    """
    scan, scanstring = _SCAN, _STRING
    out: dict[str, Any] = {}
    at = _skip(text, at + 1)
    if text[at] == "}":
        at += 1
    else:
        while True:
            if text[at] != '"':
                raise _Irregular
            key, at = scanstring(text, at + 1)
            at = _skip(text, at)
            if text[at] != ":":
                raise _Irregular
            at = _skip(text, at + 1)
            if key in out:
                raise DatasetError(name, _path((key,)), "duplicate key in an object")
            if key not in records.Dataset.__dataclass_fields__:
                raise DatasetError(name, _path((key,)), "unexpected field")
            if text[at] == "[" and key in _SHAPES:
                what = f"must be {_SHAPES[key]}, found an array"
                raise DatasetError(name, _path((key,)), what)
            if text[at] == "[" and key in _lists():
                out[key], at = _stream_list(text, at, key, name)
            else:
                out[key], at = scan(text, at)
            at = _skip(text, at)
            if text[at] == ",":
                at = _skip(text, at + 1)
            elif text[at] == "}":
                at += 1
                break
            else:
                raise _Irregular
    if _skip(text, at) != len(text):
        raise _Irregular
    return out


_RECORD_VALUES = 10_000
"""Most arrays and objects one record of a dense file may hold (a figure holds about ten)."""


class _TooLarge(Exception):
    """A record holds more than :data:`_RECORD_VALUES` arrays and objects; ``loc`` is where
    inside it the limit was passed."""

    def __init__(self, loc: tuple[str | int, ...]) -> None:
        super().__init__(loc)
        self.loc = loc


class _Record:
    """Reads one record value by value, counting the arrays and objects it makes, so that a
    record of a million empty objects stops at the limit instead of being built whole."""

    __slots__ = ("ceiling", "made", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.made = 0  # arrays and objects made since the last batch was checked
        self.ceiling = _RECORD_VALUES  # what ``made`` may reach within the current record

    def read(self, at: int, loc: tuple[str | int, ...]) -> tuple[Any, int]:
        text = self.text
        first = text[at]
        if first != "{" and first != "[":
            return _SCAN(text, at)
        self.made += 1
        if self.made > self.ceiling:
            raise _TooLarge(loc)
        at = _skip(text, at + 1)
        if first == "[":
            items: list[Any] = []
            if text[at] == "]":
                return items, at + 1
            while True:
                item, at = self.read(at, (*loc, len(items)))
                items.append(item)
                at = _skip(text, at)
                if text[at] == ",":
                    at = _skip(text, at + 1)
                elif text[at] == "]":
                    return items, at + 1
                else:
                    raise _Irregular
        pairs: list[tuple[str, Any]] = []
        if text[at] == "}":
            return _pairs(pairs), at + 1
        while True:
            if text[at] != '"':
                raise _Irregular
            key, at = _STRING(text, at + 1)
            at = _skip(text, at)
            if text[at] != ":":
                raise _Irregular
            value, at = self.read(_skip(text, at + 1), (*loc, key))
            pairs.append((key, value))
            at = _skip(text, at)
            if text[at] == ",":
                at = _skip(text, at + 1)
            elif text[at] == "}":
                return _pairs(pairs), at + 1
            else:
                raise _Irregular


def _stream_list(text: str, at: int, key: str, name: str) -> tuple[list[Any], int]:
    """The checked records of the array at ``text[at]`` (a ``[``), and where it ends.

    Records are checked in batches of :data:`_BATCH`, or sooner once the batch holds
    :data:`_RECORD_VALUES` arrays and objects, so that what is built before a bad record is
    found stays small whatever the records hold.
    """
    checked: list[Any] = []
    batch: list[Any] = []
    record = _Record(text)
    at = _skip(text, at + 1)
    if text[at] == "]":
        return checked, at + 1
    while True:
        index = len(checked) + len(batch)
        record.ceiling = record.made + _RECORD_VALUES
        try:
            item, at = record.read(at, ())
        except _TooLarge as exc:
            checked.extend(_records(key, batch, len(checked), name))  # a bad record first
            # Named: the array or object being filled when the limit was passed.
            what = f"too large: more than {_RECORD_VALUES:,} arrays and objects in one record"
            raise DatasetError(name, _path((key, index, *exc.loc[:-1])), what) from None
        batch.append(item)
        if len(batch) == _BATCH or record.made > _RECORD_VALUES:
            checked.extend(_records(key, batch, len(checked), name))
            batch = []
            record.made = 0
        at = _skip(text, at)
        if text[at] == ",":
            at = _skip(text, at + 1)
        elif text[at] == "]":
            break
        else:
            checked.extend(_records(key, batch, len(checked), name))  # a bad record first
            raise _Irregular
    checked.extend(_records(key, batch, len(checked), name))
    return checked, at + 1


def _check(obj: dict[str, Any], name: str) -> records.Dataset:
    from .checks import problems
    from .schema import Dataset

    # The lists hold checked records already: the dataset takes them as they are.
    data = records.from_model(_validated(Dataset, obj, name, ()))
    for where, what in problems(data):
        raise DatasetError(name, where, what)
    return data


def bundled_bytes() -> bytes:
    """The bytes of the bundled dataset: inside the installed package, or, in an editable
    install (``pip install -e .``), which runs the source tree, the project's
    ``data/bijie.json`` (the one copy; wheels carry it as ``bijie_tui/_data/bijie.json``)."""
    here = Path(__file__).resolve().parents[1]  # the package: bijie_tui/model/loader.py
    try:
        return (here / "_data" / "bijie.json").read_bytes()
    except OSError:
        pass
    from importlib import resources  # a package not in a folder (in a zip file, say)

    packaged = resources.files("bijie_tui").joinpath("_data", "bijie.json")
    if packaged.is_file():
        return packaged.read_bytes()
    top = here.parents[1]  # src/bijie_tui -> the project
    source = top / "data" / "bijie.json"
    if (top / "pyproject.toml").is_file() and source.is_file():
        return source.read_bytes()
    raise DatasetError(
        BUNDLED_NAME, "$", "not found in this installation of bijie-tui: install it again"
    )


def load(path: str | Path | None = None, *, check_bundled: bool = True) -> records.Dataset:
    """Load the dataset at ``path``, or the bundled dataset when ``path`` is None.

    ``check_bundled=False``: the bundled dataset is built into records without being checked
    again (the tests check it, field by field and across records); should it not build, it
    is read as any file is."""
    if path is None:
        raw = bundled_bytes()
        if not check_bundled:
            try:
                with _no_cycle_collection():
                    return records.build(json.loads(raw), trusted=True)[0]
            except (ValueError, TypeError, AttributeError, RecursionError, records.Unsure):
                pass
        return parse(raw, BUNDLED_NAME)
    name = str(path)
    if not name:
        raise DatasetError('""', "$", "the path is empty: give a dataset file")
    if name == STDIN:
        return _parse_owned([_read_stdin()], STDIN_NAME)
    return _parse_owned([_read_file(name)], name)


STDIN = "-"
"""The path that means standard input (``validate -``, ``--data -``)."""
STDIN_NAME = "<stdin>"


def _read_stdin() -> bytes:
    """Standard input, to its end (at most one byte more than :data:`MAX_BYTES`, which the
    parse then refuses as too big)."""
    stream = sys.stdin.buffer if sys.stdin is not None else None
    if stream is None:
        raise DatasetError(STDIN_NAME, "$", "standard input is closed", io=True)
    try:
        return stream.read(MAX_BYTES + 1)
    except OSError as exc:
        why = f"cannot read: {exc.strerror or exc}"
        raise DatasetError(STDIN_NAME, "$", why, io=True) from None


def _not_a_file(mode: int) -> str | None:
    """Why a file of this ``st_mode`` cannot be read as a dataset, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "is a directory, not a file"
    for test, kind in (
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return f"is {kind}, not a regular file"
    return "is not a regular file"


def _read_file(name: str) -> bytes:
    """The bytes of the regular file ``name`` (at most one more than :data:`MAX_BYTES`).

    Anything else (a directory, a pipe, a device) is refused before it is read: reading a pipe
    can wait for ever, and a device can give bytes without end. It is checked again once open,
    without waiting (``O_NONBLOCK``), in case the name was changed meanwhile.
    """
    try:
        why = _not_a_file(os.stat(name).st_mode)
        if why is not None:
            raise DatasetError(name, "$", why)
        fd = os.open(name, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        with os.fdopen(fd, "rb") as handle:
            why = _not_a_file(os.fstat(fd).st_mode)
            if why is not None:
                raise DatasetError(name, "$", why)
            return handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise DatasetError(name, "$", "no such file", io=True) from None
    except PermissionError:
        raise DatasetError(name, "$", "permission denied", io=True) from None
    except OSError as exc:
        raise DatasetError(name, "$", f"cannot read: {exc.strerror or exc}", io=True) from None
