"""Exports: new files with the user's permissions, and the pairings with their sources."""

from __future__ import annotations

import csv
import io
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bijie_tui.model.export import write_new
from bijie_tui.model.output import to_csv
from bijie_tui.model.query import Catalog
from bijie_tui.model.tables import pairing_table


@pytest.fixture
def umask() -> Iterator[None]:
    old = os.umask(0o022)
    os.umask(old)
    yield
    os.umask(old)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
@pytest.mark.parametrize(
    ("mask", "mode"),
    [(0o022, 0o644), (0o027, 0o640), (0o002, 0o664)],
    ids=["022", "027", "002"],
)
def test_an_export_gets_the_mode_the_umask_gives(
    tmp_path: Path, umask: None, mask: int, mode: int
) -> None:
    os.umask(mask)
    first = write_new(tmp_path, "bijie-x", ".csv", "a,b\n")
    second = write_new(tmp_path, "bijie-x", ".csv", "c,d\n")
    assert second.name == "bijie-x-2.csv"
    for path in (first, second):
        assert stat.S_IMODE(path.stat().st_mode) == mode, oct(path.stat().st_mode)
    assert os.umask(mask) == mask  # the umask is as it was
    assert first.read_text(encoding="utf-8") == "a,b\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bijie-x-2.csv", "bijie-x.csv"]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_an_export_without_hard_links_gets_the_same_mode(
    tmp_path: Path, umask: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(*_args: object) -> None:
        raise PermissionError("no hard links here")

    monkeypatch.setattr(os, "link", no_links)
    os.umask(0o022)
    path = write_new(tmp_path, "bijie-y", ".csv", "x\n")
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_pairings_export_names_its_sources(catalog: Catalog, lang: str) -> None:
    spec = pairing_table(catalog, lang)  # type: ignore[arg-type]
    assert spec.export_columns[-2:] == ("source_id", "source_url")
    records = [r for row in spec.rows for r in row.records()]
    text = to_csv(records, spec.export_columns)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == len(spec.rows)
    by_county: dict[str, set[str]] = {}
    for pair in catalog.data.pairings:
        by_county.setdefault(pair.county, set()).update(e.source for e in pair.evidence)
    assert any(row["county_id"] not in by_county for row in rows)  # a county with no pairing
    for row in rows:
        if row["county_id"] not in by_county:
            assert row["source_id"] == row["source_url"] == "", row
            continue
        ids = row["source_id"].split("; ")
        urls = row["source_url"].split("; ")
        assert set(ids) == by_county[row["county_id"]], row
        assert len(ids) == len(set(ids)) == len(urls)
        assert urls == [catalog.sources[i].url for i in ids]
        assert all(url.startswith("http") for url in urls)
