"""Every budget of the project with its figure, its ratio to the budget and PASS or FAIL.

Runs the measurements of ``bandwidth.py`` (80×24: the app, its low-bandwidth mode and the stock
Textual floor), ``load.py`` (the command line's start) and ``large.py`` (a dataset of 100,000
figures), prints each one's own table, then one table of the budgets:

- bytes: start-up (default ≤ 6,000, low-bandwidth ≤ 4,000), a cursor step (median of 10 ×
  ``down``: default ≤ 600, low-bandwidth ≤ 464), a tab revisit in low-bandwidth mode ≤ 3,000;
- time: a cursor step's paint ≤ 2 × the floor's, a tab revisit ≤ 100 ms and a first visit
  ≤ 150 ms, first paint ≤ 1.0 × the floor's, ``show`` and ``validate`` ≤ 150 ms;
- 100,000 figures: ``validate`` ≤ 4 × ``json.loads`` of the file, first paint ≤ 3 s, a cursor
  step ≤ 50 ms, peak memory ≤ 400 MB.

The ratio is the figure divided by the budget (at most 1.00 passes). Budgets are goals: the
script exits 0 either way. Run: .venv/bin/python benchmarks/budgets.py [--runs 3] [--no-large]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import bandwidth
import large
import load

SIZE = (80, 24)
LARGE = 100_000


@dataclass(frozen=True)
class Row:
    what: str
    figure: float | None
    budget: float | None
    unit: str
    note: str = ""

    def cells(self) -> list[str]:
        ratio = None
        if self.figure is not None and self.budget is not None:
            ratio = self.figure / self.budget if self.budget else (0.0 if not self.figure else None)
        verdict = "n/a" if ratio is None else "PASS" if ratio <= 1.0 else "FAIL"
        return [
            self.what,
            _fmt(self.figure, self.unit),
            "n/a" if self.budget is None else _fmt(self.budget, self.unit),
            "n/a" if ratio is None else f"{ratio:.2f}",
            verdict,
            self.note,
        ]


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "n/a"
    if unit == "ms":
        return f"{value * 1000:,.0f} ms"
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "MB":
        return f"{value:,.0f} MB"
    return f"{value:,.0f} B"


def _bandwidth(runs: int) -> dict[str, bandwidth.Summary]:
    command = str(Path(sys.executable).parent / "bijie-tui")
    summaries = [
        bandwidth.Summary(p)
        for p in bandwidth.programs(command, ["default", "low-bandwidth", "floor"])
    ]
    for n in range(runs):
        print(f"bandwidth run {n + 1}/{runs}:", end="", file=sys.stderr)
        for summary in summaries:
            bandwidth._measure(summary, SIZE, n + 1, sync=False, show=None)
        print(file=sys.stderr)
    print(bandwidth.table(SIZE, summaries, runs))
    for line in bandwidth._notes({SIZE: summaries}, False):
        print(f"note: {line}")
    return {s.program.name: s for s in summaries}


def _times(x: float | None, factor: float) -> float | None:
    return None if x is None else x * factor


def rows(
    by: dict[str, bandwidth.Summary], started: dict[str, float], big: large.Result | None
) -> list[Row]:
    def med(program: str, key: str) -> float | None:
        return by[program].median(key) if program in by else None

    floor_key = med("floor", "key_time_median_s")
    floor_paint = med("floor", "first_paint_s")
    out = [
        Row("start-up bytes, default", med("default", "startup_bytes"), 6000, "B"),
        Row("start-up bytes, low-bandwidth", med("low-bandwidth", "startup_bytes"), 4000, "B"),
        Row("cursor step bytes, default (median)", med("default", "key_bytes_median"), 600, "B"),
        Row(
            "cursor step bytes, low-bandwidth (median)",
            med("low-bandwidth", "key_bytes_median"),
            464,
            "B",
        ),
        Row(
            "tab revisit bytes, low-bandwidth", med("low-bandwidth", "tab_revisit_bytes"), 3000, "B"
        ),
        Row(
            "cursor step paint time (≤ 2 × stock Textual)",
            med("default", "key_time_median_s"),
            _times(floor_key, 2.0),
            "ms",
            f"stock {_fmt(floor_key, 'ms')}",
        ),
        Row("tab revisit time", med("default", "tab_revisit_s"), 0.100, "ms"),
        Row("tab first visit time", med("default", "tab_switch_s"), 0.150, "ms"),
        Row(
            "first paint (≤ 1.0 × stock Textual)",
            med("default", "first_paint_s"),
            floor_paint,
            "s",
            f"stock {_fmt(floor_paint, 's')}",
        ),
        Row("bijie-tui show (median)", started.get("show"), 0.150, "ms"),
        Row("bijie-tui validate (median)", started.get("validate"), 0.150, "ms"),
    ]
    if big is not None:
        values = big.values
        parse = values.get("json_load")
        out += [
            Row(
                "100k validate (≤ 4 × json.loads)",
                values.get("validate"),
                _times(parse, 4.0),
                "s",
                f"json.loads {_fmt(parse, 's')}",
            ),
            Row("100k first paint", values.get("first_paint"), 3.0, "s"),
            Row("100k cursor step (median)", values.get("step_median"), 0.050, "ms"),
            Row("100k peak memory", values.get("rss"), 400, "MB"),
        ]
    return out


def table(found: list[Row]) -> str:
    head = ["budget", "figure", "budget", "ratio", "", "note"]
    cells = [r.cells() for r in found]
    widths = [max(len(c[i]) for c in [head, *cells]) for i in range(len(head))]
    lines = []
    for c in [head, *cells]:
        line = [
            c[0].ljust(widths[0]),
            *(c[i].rjust(widths[i]) for i in range(1, 4)),
            c[4].ljust(4),
            c[5],
        ]
        lines.append("  ".join(line).rstrip())
    verdicts = [c[4] for c in cells]
    lines.append(
        f"budgets: {verdicts.count('PASS')} of {len(verdicts)} met, "
        f"{verdicts.count('n/a')} not judged"
    )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Every budget with its figure and PASS/FAIL.")
    parser.add_argument(
        "--runs", type=int, default=3, help="runs of the pseudo-terminal scenario (3)"
    )
    parser.add_argument("--no-large", action="store_true", help="skip the 100,000-figure dataset")
    args = parser.parse_args(argv)
    by = _bandwidth(max(1, args.runs))
    print()
    measured = load.measure()
    for name, times in measured:
        print(f"{name:<44} median {statistics.median(times) * 1000:>8.1f} ms")
    medians = {name: statistics.median(times) for name, times in measured}
    started = {
        "show": medians.get("bijie-tui show all --format csv"),
        "validate": medians.get("bijie-tui validate"),
    }
    big = None
    if not args.no_large:
        print(f"measuring {LARGE:,} figures ...", file=sys.stderr, flush=True)
        with tempfile.TemporaryDirectory(prefix="bijie-budgets-") as tmp:
            big = large.measure(LARGE, Path(tmp), "weining", 180.0)
        print()
        print(large.table([big]))
    print()
    print(table(rows(by, started, big)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
