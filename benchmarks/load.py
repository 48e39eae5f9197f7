"""How long the headless core takes: import, load and check the dataset, and render `show`.

Prints figures (best and median of N runs); it asserts nothing. ``budgets.py`` runs it (so does
``make bench``). Run: python benchmarks/load.py [--json-out FILE] (the times also as JSON)
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

import record

RUNS = 7


def _time(argv: list[str]) -> list[float]:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return times


def _in_process() -> list[float]:
    from bijie_tui.model.loader import load

    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        load()
        times.append(time.perf_counter() - start)
    return times


def measure() -> list[tuple[str, list[float]]]:
    """Each figure's name and its times (seconds)."""
    python = sys.executable
    return [
        ("python -c pass (interpreter floor)", _time([python, "-c", "pass"])),
        ("bijie-tui --version", _time([python, "-m", "bijie_tui", "--version"])),
        ("bijie-tui validate", _time([python, "-m", "bijie_tui", "validate"])),
        (
            "bijie-tui show all --format csv",
            _time([python, "-m", "bijie_tui", "show", "-f", "csv"]),
        ),
        ("load + check bundled dataset (in process)", _in_process()),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description="How long the headless core takes.")
    parser.add_argument("--json-out", type=Path, metavar="FILE", help="also write JSON to FILE")
    args = parser.parse_args()
    watch = record.LoadWatch()
    rows = measure()
    print(f"{'what':<44} {'best ms':>9} {'median ms':>10}   ({RUNS} runs)")
    for name, times in rows:
        print(f"{name:<44} {min(times) * 1000:>9.1f} {statistics.median(times) * 1000:>10.1f}")
    if args.json_out is not None:
        report = {"benchmark": "load", "machine": record.machine(watch), "runs": RUNS}
        record.write(args.json_out, report | {"times": {n: record.spread(t) for n, t in rows}})


if __name__ == "__main__":
    main()
