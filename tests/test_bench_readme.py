"""The README's benchmark figures are the ones ``make bench`` wrote: each section between
``<!-- bench:NAME begin -->`` and ``<!-- bench:NAME end -->`` is exactly what
``benchmarks/readme.py`` writes from the results in ``benchmarks/results/``, so a figure edited
by hand fails here. Nothing is measured: the script only reads the committed JSON.
"""

from __future__ import annotations

import difflib
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
BENCHMARKS = ROOT / "benchmarks"


@pytest.fixture(scope="module")
def readme() -> ModuleType:
    script = BENCHMARKS / "readme.py"
    if not script.exists():
        pytest.skip("no benchmarks/ here (a source distribution)")
    sys.path.insert(0, str(BENCHMARKS))  # readme.py imports record.py beside it
    try:
        spec = importlib.util.spec_from_file_location("bench_readme", script)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(BENCHMARKS))
    return module


@pytest.fixture(scope="module")
def text() -> str:
    return (ROOT / "README.md").read_text(encoding="utf-8")


def test_each_section_has_one_begin_and_one_end_marker(readme: ModuleType, text: str) -> None:
    for name in readme.SECTIONS:
        assert text.count(readme.begin(name)) == 1, name
        assert text.count(readme.end(name)) == 1, name
        assert text.index(readme.begin(name)) < text.index(readme.end(name)), name
    readme.check_markers(text)  # and no marker of a section the script does not know


def test_the_results_are_committed(readme: ModuleType) -> None:
    for name in readme.FILES:
        assert (BENCHMARKS / "results" / f"{name}.json").is_file(), name


def test_the_sections_are_what_the_script_writes(readme: ModuleType, text: str) -> None:
    written = readme.rewrite(text, readme.load_results(BENCHMARKS / "results"))
    if written != text:
        diff = "".join(
            difflib.unified_diff(
                text.splitlines(True), written.splitlines(True), "README.md", "readme.py"
            )
        )
        pytest.fail(
            "README.md's benchmark figures are not those of benchmarks/results/ "
            f"(run .venv/bin/python benchmarks/readme.py):\n{diff}"
        )


def test_a_figure_edited_by_hand_is_written_over(readme: ModuleType, text: str) -> None:
    results = readme.load_results(BENCHMARKS / "results")
    start = text.index(readme.begin("bandwidth"))
    stop = text.index(readme.end("bandwidth"))
    edited = text[:start] + text[start:stop].replace("|", "| 1", 1) + text[stop:]
    assert edited != text
    assert readme.rewrite(edited, results) == text


@pytest.mark.parametrize(
    "change",
    [
        lambda t, m: t.replace(m.end("goals"), "", 1),
        lambda t, m: t.replace(m.begin("ssh"), m.begin("ssh") * 2, 1),
        lambda t, m: t + "\n<!-- bench:nothing begin -->\n<!-- bench:nothing end -->\n",
    ],
    ids=["an end missing", "a begin twice", "an unknown section"],
)
def test_markers_out_of_place_are_an_error(readme: ModuleType, text: str, change: object) -> None:
    assert callable(change)
    with pytest.raises(readme.MarkerError):
        readme.rewrite(change(text, readme), {})
