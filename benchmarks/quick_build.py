"""Why ``model/records.py`` keeps a quick build beside the schema: the time from a fresh
interpreter to a loaded dataset, through the quick build and through the schema alone (as for a
file the quick build doubts), for the bundled dataset and for a large generated one.

Run: python benchmarks/quick_build.py [N] [--json-out FILE]
     (N figures in the generated file, default 100,000; the times also written as JSON to FILE)

Prints the best and median of a few runs of each; it asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import record

RUNS = 3

SCRIPT = """
import sys, time
start = time.perf_counter()
from bijie_tui.model import loader
path = None if sys.argv[2] == "-" else sys.argv[2]
if sys.argv[1] == "trusted":
    data = loader.load(check_bundled=False)
else:
    if sys.argv[1] == "schema":
        loader._quick = lambda text, members: None  # as for a file the quick build doubts
    data = loader.load(path)
print(time.perf_counter() - start, len(data.figures))
"""

WAYS = {
    "trusted": "quick build, trusted (the explorer's bundled load)",
    "quick": "quick build, every field checked",
    "schema": "schema (pydantic) alone",
}


def _times(way: str, path: str) -> tuple[list[float], int]:
    times, figures = [], 0
    for _ in range(RUNS):
        done = subprocess.run(
            [sys.executable, "-c", SCRIPT, way, path], capture_output=True, text=True, check=True
        )
        seconds, count = done.stdout.split()
        times.append(float(seconds))
        figures = int(count)
    return times, figures


def _report(name: str, path: str, ways: list[str], found: dict[str, Any]) -> None:
    for way in ways:
        times, figures = _times(way, path)
        found[f"{name} {way}"] = {"figures": figures, "seconds": record.spread(times)}
        print(
            f"{name:10} {figures:>7,} figures  {WAYS[way]:51}"
            f" best {min(times) * 1000:7.0f} ms  median {statistics.median(times) * 1000:7.0f} ms"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description="The quick build against the schema alone.")
    parser.add_argument("n", nargs="?", type=int, default=100_000, help="figures generated")
    parser.add_argument("--json-out", type=Path, metavar="FILE", help="also write JSON to FILE")
    args = parser.parse_args()
    n = args.n
    load = record.LoadWatch()
    found: dict[str, Any] = {}
    _report("bundled", "-", ["trusted", "quick", "schema"], found)
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "large.json")
        here = Path(__file__).parent
        subprocess.run(
            [sys.executable, str(here / "generate.py"), str(n), path],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        _report("generated", path, ["quick", "schema"], found)
    if args.json_out is not None:
        report = {"benchmark": "quick_build", "machine": record.machine(load), "runs": RUNS}
        record.write(args.json_out, report | {"ways": WAYS, "times": found})


if __name__ == "__main__":
    main()
