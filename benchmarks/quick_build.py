"""Why ``model/records.py`` keeps a quick build beside the schema: the time from a fresh
interpreter to a loaded dataset, through the quick build and through the schema alone (as for a
file the quick build doubts), for the bundled dataset and for a large generated one.

Run: python benchmarks/quick_build.py [N]   (N figures in the generated file, default 100,000)

Prints the best and median of a few runs of each; it asserts nothing.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

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


def _report(name: str, path: str, ways: list[str]) -> None:
    for way in ways:
        times, figures = _times(way, path)
        print(
            f"{name:10} {figures:>7,} figures  {WAYS[way]:51}"
            f" best {min(times) * 1000:7.0f} ms  median {statistics.median(times) * 1000:7.0f} ms"
        )


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    _report("bundled", "-", ["trusted", "quick", "schema"])
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "large.json")
        here = Path(__file__).parent
        subprocess.run(
            [sys.executable, str(here / "generate.py"), str(n), path],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        _report("generated", path, ["quick", "schema"])


if __name__ == "__main__":
    main()
