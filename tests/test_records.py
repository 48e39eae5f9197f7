"""The records the program uses and the schema that defines the format agree; the bundled
dataset passes the schema's full checks, and is loaded without the schema."""

from __future__ import annotations

import dataclasses
import json
import types
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin, get_type_hints

import pytest
from pydantic import BaseModel, ValidationError

from bijie_tui.model import loader, records, schema
from bijie_tui.model.checks import problems

PAIRS = [
    (getattr(records, name), getattr(schema, name))
    for name in (
        "Names",
        "Note",
        "Evidence",
        "Sector",
        "Unit",
        "Region",
        "Source",
        "Indicator",
        "Period",
        "Figure",
        "Entity",
        "Pairing",
        "Event",
        "Licence",
        "Dataset",
    )
]


@pytest.mark.parametrize(("record", "model"), PAIRS, ids=[p[1].__name__ for p in PAIRS])
def test_records_have_the_schemas_fields_and_defaults(
    record: type[Any], model: type[BaseModel]
) -> None:
    fields = dataclasses.fields(record)
    assert [f.name for f in fields] == list(model.model_fields)
    for f in fields:
        spec = model.model_fields[f.name]
        if spec.is_required():
            assert f.default is dataclasses.MISSING, f.name
            assert f.default_factory is dataclasses.MISSING, f.name
        elif spec.default_factory is not None:
            assert f.default_factory is not dataclasses.MISSING, f.name
        else:
            assert f.default == spec.default, f.name


def test_every_model_of_the_schema_has_its_record_and_every_record_its_model() -> None:
    models = {
        name
        for name, value in vars(schema).items()
        if isinstance(value, type)
        and issubclass(value, schema.Record)
        and value is not schema.Record
    }
    kept = {
        name
        for name, value in vars(records).items()
        if isinstance(value, type)
        and dataclasses.is_dataclass(value)
        and value.__module__ == records.__name__
    }
    assert models == kept == {model.__name__ for _, model in PAIRS} == set(records._CLASSES)


def _shape(annotation: Any) -> Any:
    """A field's type as both can say it: constraints dropped (an id is a ``str``), a model or
    a record by its name, a closed list by its values, ``None`` or a list as it is."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _shape(get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        return frozenset(_shape(arg) for arg in get_args(annotation))
    if origin is list:
        return ("list", _shape(get_args(annotation)[0]))
    if origin is Literal:
        return ("one of", get_args(annotation))
    if isinstance(annotation, type) and (
        issubclass(annotation, BaseModel) or dataclasses.is_dataclass(annotation)
    ):
        return ("record", annotation.__name__)
    assert annotation in (str, float, bool, type(None)), annotation
    return annotation


@pytest.mark.parametrize(("record", "model"), PAIRS, ids=[p[1].__name__ for p in PAIRS])
def test_records_have_the_schemas_types(record: type[Any], model: type[BaseModel]) -> None:
    """Field by field, a record holds what the schema allows: a text, a number, a flag, a
    record, a list of them, one of a closed list, each optional where the schema's is."""
    hints = get_type_hints(record)
    for name, spec in model.model_fields.items():
        assert _shape(hints[name]) == _shape(spec.annotation), name


def _bundled() -> bytes:
    return resources.files("bijie_tui").joinpath("_data", "bijie.json").read_bytes()


def test_the_bundled_dataset_passes_the_schema_and_every_check() -> None:
    obj = json.loads(_bundled())
    checked = records.from_model(schema.Dataset.model_validate(obj, strict=True))
    assert list(problems(checked)) == []
    # The quick build vouches for every field of it, and makes the same records.
    assert records.build(obj)[0] == checked
    assert loader.load() == checked
    # So the explorer and show build it without checking it again, into the same records.
    assert records.build(obj, trusted=True)[0] == checked
    assert loader.load(check_bundled=False) == checked


@pytest.mark.parametrize(
    ("edit", "found"),
    [
        (lambda o: o["figures"][0].update(value="many"), "value"),
        (lambda o: o["figures"][0].pop("indicator"), "indicator"),
        (lambda o: o["figures"][0].update(extra=1), "extra"),
        (lambda o: o.update(figures={}), "figures"),
    ],
)
def test_a_bundled_dataset_that_does_not_build_is_read_as_any_file(
    monkeypatch: pytest.MonkeyPatch, edit: Callable[[Any], None], found: str
) -> None:
    obj = json.loads(_bundled())
    edit(obj)
    monkeypatch.setattr(loader, "bundled_bytes", lambda: json.dumps(obj).encode())
    with pytest.raises(loader.DatasetError, match=found) as error:
        loader.load(check_bundled=False)
    assert str(error.value).startswith(loader.BUNDLED_NAME)


def _edited(path: Path, edit: Callable[[dict[str, Any]], None]) -> Path:
    obj = json.loads(_bundled())
    edit(obj)
    path.write_text(json.dumps(obj, ensure_ascii=False), encoding="utf-8")
    return path


def test_what_the_quick_build_doubts_the_schema_decides(tmp_path: Path) -> None:
    """A title of a dash alone is not empty for the schema; the quick build, which knows
    letters, digits and ASCII signs as visible, leaves it to the schema, which accepts it."""

    def dash(obj: dict[str, Any]) -> None:
        obj["sources"][0]["title"] = "—"

    path = _edited(tmp_path / "dash.json", dash)
    with pytest.raises(records.Unsure):
        records.build(json.loads(path.read_bytes()))
    data = loader.load(path)
    assert isinstance(data, records.Dataset)
    assert isinstance(data.sources[0], records.Source)
    assert data.sources[0].title == "—"


@pytest.mark.parametrize(
    "edit",
    [
        lambda o: o["figures"][0].update(value=True),
        lambda o: o["figures"][0].update(value=float("nan")),
        lambda o: o["figures"][0].update(extra=1),
        lambda o: o["figures"][0]["period"].update(start="2019-02-30"),
        lambda o: o["figures"][0].update(evidence=[]),
        lambda o: o["sources"][0].update(id="bad id"),
        lambda o: o["sources"][0].update(title=" \t"),
        lambda o: o["units"][0].update(scalable=1),
        lambda o: o["regions"][0].update(kind="planet"),
        lambda o: o.update(sectors=[]),
        lambda o: o.pop("figures"),
    ],
)
def test_the_quick_build_never_vouches_for_a_bad_field(edit: Callable[[Any], None]) -> None:
    obj = json.loads(_bundled())
    edit(obj)
    with pytest.raises(records.Unsure):
        records.build(obj)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('"format"', '"title": {"en": "x", "zh": "y"}, "format"'),
        ('"quote"', '"quote": "twice", "quote"'),
        ('"en"', '"en": ":", "en"'),  # a colon inside a string is not a member
    ],
)
def test_a_duplicate_key_is_left_to_the_schema(tmp_path: Path, old: str, new: str) -> None:
    twice = _bundled().decode("utf-8").replace(old, new, 1)
    path = tmp_path / "twice.json"
    path.write_text(twice, encoding="utf-8")
    with pytest.raises(loader.DatasetError, match="duplicate key"):
        loader.load(path)


def _choices(annotation: Any) -> frozenset[str] | None:
    """The values a field of this type may take, when they are a closed list (a ``Literal``,
    alone or with None, or in a list); None for a field that is not one."""
    if get_origin(annotation) is Literal:
        return frozenset(get_args(annotation))
    for arg in get_args(annotation):
        found = _choices(arg)
        if found is not None:
            return found
    return None


def _check_choices(check: Any) -> frozenset[str] | None:
    """The values the quick build's check accepts, when it accepts a closed list."""
    while not hasattr(check, "choices"):
        check = getattr(check, "check", None) or getattr(check, "item", None)  # optional, list
        if check is None:
            return None
    return frozenset(check.choices)


CHECKS = {
    "Licence": records._dataset.checks["licence"].check,
    "Names": records._names,
    "Evidence": records._evidence.item,
    "Note": records._note,
    "Sector": records._sector,
    "Unit": records._unit,
    "Region": records._region,
    "Source": records._source,
    "Indicator": records._indicator,
    "Period": records._period,
    "Figure": records._figure,
    "Entity": records._entity,
    "Pairing": records._pairing,
    "Event": records._event,
    "Dataset": records._dataset,
}


@pytest.mark.parametrize(("record", "model"), PAIRS, ids=[p[1].__name__ for p in PAIRS])
def test_the_quick_build_knows_the_schemas_choices(
    record: type[Any], model: type[BaseModel]
) -> None:
    """Field by field, the closed list the schema allows is the one the quick build checks and
    the one the record is typed with (all three read ``model/vocab.py``)."""
    checks = CHECKS[model.__name__].checks
    hints = get_type_hints(record)
    assert set(checks) == set(model.model_fields)
    for name, spec in model.model_fields.items():
        allowed = _choices(spec.annotation)
        assert _check_choices(checks[name]) == allowed, name
        assert _choices(hints[name]) == allowed, name


def test_a_kind_the_schema_does_not_know_is_not_built() -> None:
    for edit in (
        lambda o: o["sources"][0].update(kind="rumour"),
        lambda o: o["entities"][0].update(kind="planet"),
        lambda o: o["pairings"][0].update(phase="2030-"),
        lambda o: o["figures"][0].update(qualifier="roughly"),
        lambda o: o["figures"][0]["period"].update(kind="decade"),
    ):
        obj = json.loads(_bundled())
        edit(obj)
        with pytest.raises(records.Unsure):
            records.build(obj)
        with pytest.raises(ValidationError):
            schema.Dataset.model_validate(obj, strict=True)
