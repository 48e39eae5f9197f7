"""What every benchmark writes with its figures: when, on what machine, under what load.

``make bench`` has each benchmark write its figures as JSON into ``benchmarks/results/`` (its
``--json-out`` option), and ``readme.py`` writes the README's figures from those files. Each file
carries, beside the figures, a :func:`machine` record: the date, the number of CPUs, the load
average when the benchmark began and ended and the highest seen in between (:class:`LoadWatch`),
Python's and Textual's versions, and the build of bijie-tui measured.

It imports nothing but the standard library, so that ``readme.py`` and its test stay quick.
"""

from __future__ import annotations

import datetime
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import platform
import statistics
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"
"""Where ``make bench`` writes its figures."""


def load_average() -> float:
    """The one-minute load average (0.0 where the platform has none)."""
    try:
        return round(os.getloadavg()[0], 2)
    except OSError:
        return 0.0


class LoadWatch:
    """The one-minute load average at the start, at each :meth:`sample` and at the end."""

    def __init__(self) -> None:
        self.start = load_average()
        self.most = self.start

    def sample(self) -> float:
        now = load_average()
        self.most = max(self.most, now)
        return now

    def as_json(self) -> dict[str, float]:
        end = self.sample()
        return {"start": self.start, "end": end, "max": self.most}


def _version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def build() -> str:
    """Which build of bijie-tui is installed: a digest of its installed sources."""
    spec = importlib.util.find_spec("bijie_tui")
    if spec is None or not spec.submodule_search_locations:
        return "unknown"
    digest = hashlib.sha256()
    for location in spec.submodule_search_locations:
        root = Path(location)
        for path in sorted(p for p in root.rglob("*") if p.suffix in (".py", ".tcss")):
            name = path.relative_to(root).as_posix()
            digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def machine(load: LoadWatch) -> dict[str, Any]:
    """The record of a run: call it when the run ends."""
    return {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpus": os.cpu_count() or 0,
        "load": load.as_json(),
        "python": platform.python_version(),
        "textual": _version("textual"),
        "bijie_tui": _version("bijie-tui"),
        "build": build(),
    }


def _rounded(value: Any) -> Any:
    """Floats to six decimals (a microsecond, a millionth of a byte), all the way down."""
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, Mapping):
        return {str(k): _rounded(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_rounded(v) for v in value]
    return value


def write(path: Path, report: Mapping[str, Any]) -> None:
    """Write ``report`` as JSON (written whole under a temporary name, then renamed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(_rounded(report), indent=1, ensure_ascii=False) + "\n"
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)
    print(f"figures written to {path}")


def read(path: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def spread(values: Iterable[float | None]) -> dict[str, float | int] | None:
    """The median, least and greatest of ``values`` and how many there were (None if none)."""
    found = [v for v in values if v is not None]
    if not found:
        return None
    return {
        "median": statistics.median(found),
        "min": min(found),
        "max": max(found),
        "n": len(found),
    }


# -- how figures are written, in the tables and in the README -----------------------------------


def fmt(value: float | None, unit: str) -> str:
    """A figure in its unit: ``ms`` and ``s`` take seconds, ``MB`` megabytes, ``B`` bytes,
    ``×`` a ratio."""
    if value is None:
        return "n/a"
    if unit == "ms":
        return f"{value * 1000:,.0f} ms"
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "MB":
        return f"{value:,.0f} MB"
    if unit == "KB":
        return f"{value / 1000:,.1f} KB"
    if unit == "×":
        return f"{value:.2f}×"
    return f"{value:,.0f} B"


def fmt_spread(found: Mapping[str, float] | None, unit: str) -> str:
    """``median (min–max)``, or the median alone when there was one value."""
    if found is None:
        return "n/a"
    median = fmt(found["median"], unit)
    if found.get("n", 1) <= 1 or found["min"] == found["max"]:
        return median
    low, high = fmt(found["min"], unit), fmt(found["max"], unit)
    suffix = " " + unit if unit in ("ms", "s", "MB", "B", "KB") else ""
    if suffix and low.endswith(suffix) and high.endswith(suffix):
        low = low.removesuffix(suffix)
    return f"{median} ({low}–{high})"


def describe(found: Mapping[str, Any]) -> str:
    """The machine and its load, in words: for the output and the README."""
    load = found.get("load", {})
    cpus = found.get("cpus", 0)
    return (
        f"{str(found.get('date', ''))[:10]}, on {cpus} CPU{'s' if cpus != 1 else ''}, the load "
        f"average {load.get('start', 0):.1f} at the start, {load.get('end', 0):.1f} at the end "
        f"and {load.get('max', 0):.1f} at most"
    )
