"""Shared fixtures: the bundled dataset as JSON, and a way to write variants of it."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from bijie_tui.model.loader import load
from bijie_tui.model.query import Catalog


@pytest.fixture(scope="session")
def bundled_json() -> dict[str, Any]:
    raw = resources.files("bijie_tui").joinpath("_data", "bijie.json").read_bytes()
    data: dict[str, Any] = json.loads(raw)
    return data


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return Catalog(load())


@pytest.fixture
def write_variant(
    tmp_path: Path, bundled_json: dict[str, Any]
) -> Callable[[Callable[[dict[str, Any]], None]], Path]:
    """Write a copy of the bundled dataset changed by ``edit`` and return its path."""

    def make(edit: Callable[[dict[str, Any]], None]) -> Path:
        data = copy.deepcopy(bundled_json)
        edit(data)
        path = tmp_path / "variant.json"
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        return path

    return make


@pytest.fixture(autouse=True)
def _work_in_a_temporary_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Exports and other files a test may cause go to a temporary directory, never here."""
    monkeypatch.chdir(tmp_path)


@pytest.fixture(autouse=True)
def _no_user_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The user's own config file never changes what a test sees, and nothing writes to it."""
    monkeypatch.setenv("BIJIE_TUI_CONFIG", str(tmp_path / "config" / "config.toml"))
    for name in ("BIJIE_TUI_SERVED", "TEXTUAL_THEME"):
        monkeypatch.delenv(name, raising=False)
