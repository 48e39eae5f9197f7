"""Every budget of the project with its figure, its ratio to the budget and PASS or FAIL; then the
speed goals, each beside stock Textual's figure from the same run.

Runs the measurements of ``bandwidth.py`` (80×24: the app, its low-bandwidth mode and the stock
Textual floor), ``load.py`` (the command line's start), ``large.py`` (a dataset of 100,000
figures) and ``export.py`` (``export --sqlite`` on a quiet and a busy disk), prints each one's
own table, then one table of the budgets:

- bytes: start-up (default ≤ 6,000, low-bandwidth ≤ 4,000), a cursor step (median of 10 ×
  ``down``: default ≤ 600, low-bandwidth ≤ 464), a tab revisit in low-bandwidth mode ≤ 3,000;
- time: a cursor step's paint ≤ 2 × the floor's, a tab revisit ≤ 100 ms and a first visit
  ≤ 150 ms, first paint ≤ 1.0 × the floor's, ``show`` and ``validate`` ≤ 150 ms;
- 100,000 figures: ``validate`` ≤ 4 × ``json.loads`` of the file, first paint ≤ 3 s, a cursor
  step ≤ 50 ms, peak memory ≤ 400 MB.

and one table of the goals for speed against stock Textual (the floor), each figure the median
of the runs with the least and greatest beside it, and stock Textual's from the same runs:

- a cursor step paints in no more time than stock Textual's (≤ 1.0 ×);
- ``escape`` closing a detail paints within 40 ms (its time includes the escape delay);
- a resize from 80×24 to 120×40 paints within 1.5 × stock Textual's time;
- 30 downs held at 30 a second write at most 12,000 bytes, and the last byte comes within
  50 ms of the last press;
- at 100,000 figures, no garbage collection over 20 ms lands on a key (``large.py``: the
  collections logged inside the explorer, against the span of each key);
- ``export --sqlite`` of the bundled dataset within 150 ms on a busy disk (``export.py``: the
  export itself, with the dataset loaded);
- under ``ssh -C``, a cursor step's compressed bytes (the step's output through a zlib stream
  at OpenSSH's level 6, ``ptyrun``) beside stock Textual's: the goal names no bound, and stock
  Textual's figure is taken as one.

The ratio is the figure divided by the budget or goal (at most 1.00 passes). Budgets and goals
are targets: the script exits 0 either way. ``--json-out FILE`` writes every figure, the tables'
rows, the scenario's changes and the machine's load as JSON (``make bench``:
``benchmarks/results/budgets.json``, from which ``readme.py`` writes the README's figures).

Run: .venv/bin/python benchmarks/budgets.py [--runs 3] [--no-large] [--no-export]
     [--json-out FILE]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import bandwidth
import export
import large
import load
import record

SIZE = (80, 24)
LARGE = 100_000


@dataclass(frozen=True)
class Row:
    what: str
    figure: float | None
    budget: float | None
    unit: str
    note: str = ""

    def ratio(self) -> float | None:
        if self.figure is None or self.budget is None:
            return None
        if self.budget:
            return self.figure / self.budget
        return 0.0 if not self.figure else None

    def verdict(self) -> str:
        ratio = self.ratio()
        return "n/a" if ratio is None else "PASS" if ratio <= 1.0 else "FAIL"

    def cells(self) -> list[str]:
        ratio = self.ratio()
        return [
            self.what,
            record.fmt(self.figure, self.unit),
            "n/a" if self.budget is None else record.fmt(self.budget, self.unit),
            "n/a" if ratio is None else f"{ratio:.2f}",
            self.verdict(),
            self.note,
        ]

    def as_json(self) -> dict[str, Any]:
        return asdict(self) | {"ratio": self.ratio(), "verdict": self.verdict()}


Spread = dict[str, float | int] | None


@dataclass(frozen=True)
class Goal:
    """A goal: the app's figure and stock Textual's, each the median with its least and
    greatest, and the bound (``None``: cannot be judged)."""

    what: str
    app: Spread
    stock: Spread
    bound: float | None
    bound_text: str
    unit: str
    note: str = ""

    def ratio(self) -> float | None:
        if self.app is None or self.bound is None or self.bound <= 0:
            return None
        return self.app["median"] / self.bound

    def verdict(self) -> str:
        ratio = self.ratio()
        return "n/a" if ratio is None else "PASS" if ratio <= 1.0 else "FAIL"

    def cells(self) -> list[str]:
        ratio = self.ratio()
        return [
            self.what,
            record.fmt_spread(self.app, self.unit),
            "–" if self.stock is None else record.fmt_spread(self.stock, self.unit),
            self.bound_text,
            "n/a" if ratio is None else f"{ratio:.2f}",
            self.verdict(),
            self.note,
        ]

    def as_json(self) -> dict[str, Any]:
        return asdict(self) | {"ratio": self.ratio(), "verdict": self.verdict()}


def _bandwidth(runs: int, load: record.LoadWatch) -> dict[str, bandwidth.Summary]:
    command = str(Path(sys.executable).parent / "bijie-tui")
    summaries = [
        bandwidth.Summary(p)
        for p in bandwidth.programs(command, ["default", "low-bandwidth", "floor", "floor-follow"])
    ]
    for n in range(runs):
        print(f"bandwidth run {n + 1}/{runs}:", end="", file=sys.stderr)
        for summary in summaries:
            bandwidth._measure(summary, SIZE, n + 1, sync=False, show=None)
            load.sample()
        print(file=sys.stderr)
    for line in bandwidth.scenario_lines():
        print(line)
    print(bandwidth.table(SIZE, summaries, runs, spread=runs > 1))
    for line in bandwidth._notes({SIZE: summaries}, False):
        print(f"note: {line}")
    return {s.program.name: s for s in summaries}


def _times(x: float | None, factor: float) -> float | None:
    return None if x is None else x * factor


def rows(
    by: dict[str, bandwidth.Summary], started: dict[str, float | None], big: large.Result | None
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
            f"stock {record.fmt(floor_key, 'ms')}",
        ),
        Row("tab revisit time", med("default", "tab_revisit_s"), 0.100, "ms"),
        Row("tab first visit time", med("default", "tab_switch_s"), 0.150, "ms"),
        Row(
            "first paint (≤ 1.0 × stock Textual)",
            med("default", "first_paint_s"),
            floor_paint,
            "s",
            f"stock {record.fmt(floor_paint, 's')}",
        ),
        Row("bijie-tui show (median)", started.get("show"), 0.150, "ms"),
        Row("bijie-tui validate (median)", started.get("validate"), 0.150, "ms"),
    ]
    if big is not None:
        values = big.values
        parse = values.get("json_load")
        out += [
            Row(
                "100,000 figures: validate (≤ 4 × json.loads)",
                values.get("validate"),
                _times(parse, 4.0),
                "s",
                f"json.loads {record.fmt(parse, 's')}",
            ),
            Row("100,000 figures: first paint", values.get("first_paint"), 3.0, "s"),
            Row("100,000 figures: a cursor step (median)", values.get("step_median"), 0.050, "ms"),
            Row("100,000 figures: peak memory", values.get("rss"), 400, "MB"),
        ]
    return out


def goals(
    by: dict[str, bandwidth.Summary], big: large.Result | None, exported: dict[str, Any] | None
) -> list[Goal]:
    def app(key: str) -> Spread:
        return by["default"].spread(key) if "default" in by else None

    def stock(key: str) -> Spread:
        return by["floor"].spread(key) if "floor" in by else None

    def following(key: str) -> Spread:
        return by["floor-follow"].spread(key) if "floor-follow" in by else None

    def beside(found: Spread, unit: str) -> str:
        return "–" if found is None else record.fmt_spread(found, unit)

    def versus(
        what: str, key: str, unit: str, note: str = "", factor: float = 1.0, stocks: str = "floor"
    ) -> Goal:
        """A goal of the app's figure at most ``factor`` × the same figure of ``stocks``."""
        found = by[stocks].spread(key) if stocks in by else None
        bound = None if found is None else found["median"] * factor
        return Goal(what, app(key), found, bound, f"≤ {factor:.1f} × stock", unit, note)

    resized = "{}×{}".format(*bandwidth.resized(SIZE))
    out = [
        versus(
            "a cursor step, time to paint",
            "key_time_median_s",
            "ms",
            "each run's figure: the median of its 10 steps; stock's pane stays as it is, while "
            "ours follows the cursor; stock with its pane following: "
            + beside(following("key_time_median_s"), "ms"),
        ),
        Goal(
            "escape closing a detail, time to paint",
            app("close_detail_s"),
            stock("close_detail_s"),
            0.040,
            "≤ 40 ms",
            "ms",
            "a lone ESC: includes the escape delay",
        ),
        versus(
            f"resize {SIZE[0]}×{SIZE[1]} → {resized}, time to paint", "resize_s", "ms", factor=1.5
        ),
        Goal(
            "30 downs held at 30 Hz, bytes",
            app("held_down_30_bytes"),
            stock("held_down_30_bytes"),
            12_000,
            "≤ 12,000 B",
            "B",
            "an unfiltered table: every press moves",
        ),
        Goal(
            "30 downs held: last press to last byte",
            app("held_down_settle_s"),
            stock("held_down_settle_s"),
            0.050,
            "≤ 50 ms",
            "ms",
            "the pane settling",
        ),
    ]
    if big is not None:
        out.append(
            Goal(
                "100,000 figures: longest collection on a key",
                big.spread("gc_on_key"),
                None,
                large.GC_LIMIT,
                f"≤ {large.GC_LIMIT * 1000:.0f} ms",
                "ms",
                large.longest_collection(big),
            )
        )
    if exported is not None:
        out.append(
            Goal(
                "export --sqlite, busy disk",
                exported["export_busy"],
                None,
                export.GOAL,
                f"≤ {export.GOAL * 1000:.0f} ms",
                "ms",
                "the export, dataset loaded; quiet disk "
                + record.fmt_spread(exported["export_quiet"], "ms"),
            )
        )
    out.append(
        versus(
            "ssh -C: a cursor step, compressed bytes (stock's pane following too)",
            "key_compressed_median",
            "B",
            "zlib level 6 over the step's bytes; both panes show the new row's detail "
            "(floor_app.py --follow); stock's pane that stays as it is: "
            + beside(stock("key_compressed_median"), "B"),
            stocks="floor-follow",
        )
    )
    out.append(
        versus(
            "ssh -C: a cursor step with the pane hidden (p), compressed bytes",
            "bare_key_compressed_median",
            "B",
            "the table's own share of a step; stock's floor has no pane to hide: its figure is of "
            "the same ten steps, further down its table, where both tables scroll",
        )
    )
    return out


def _table(head: list[str], cells: list[list[str]], left: set[int]) -> list[str]:
    widths = [max(len(c[i]) for c in [head, *cells]) for i in range(len(head))]
    lines = []
    for c in [head, *cells]:
        line = [
            c[i].ljust(widths[i]) if i in left else c[i].rjust(widths[i]) for i in range(len(c))
        ]
        lines.append("  ".join(line).rstrip())
    return lines


def table(found: list[Row]) -> str:
    cells = [r.cells() for r in found]
    lines = _table(["budget", "figure", "budget", "ratio", "", "note"], cells, {0, 4, 5})
    verdicts = [r.verdict() for r in found]
    lines.append(
        f"budgets: {verdicts.count('PASS')} of {len(verdicts)} met, "
        f"{verdicts.count('n/a')} not judged"
    )
    return "\n".join(lines)


def goals_table(found: list[Goal], runs: int) -> str:
    head = ["goal", "bijie-tui", "stock Textual", "goal", "ratio", "", "note"]
    lines = [f"goals against stock Textual: median (least–greatest) of {runs} run(s)"]
    lines += _table(head, [g.cells() for g in found], {0, 5, 6})
    verdicts = [g.verdict() for g in found]
    lines.append(
        f"goals: {verdicts.count('PASS')} of {len(verdicts)} met, "
        f"{verdicts.count('n/a')} not judged"
    )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Every budget and goal with its figure.")
    parser.add_argument(
        "--runs", type=int, default=3, help="runs of the pseudo-terminal scenario (3)"
    )
    parser.add_argument(
        "--large-runs", type=int, help="runs of the explorer at 100,000 figures (--runs)"
    )
    parser.add_argument("--no-large", action="store_true", help="skip the 100,000-figure dataset")
    parser.add_argument("--no-export", action="store_true", help="skip export --sqlite")
    parser.add_argument(
        "--json-out", type=Path, metavar="FILE", help="also write every figure as JSON to FILE"
    )
    args = parser.parse_args(argv)
    runs = max(1, args.runs)
    watch = record.LoadWatch()
    began = time.monotonic()
    by = _bandwidth(runs, watch)
    print()
    measured = load.measure()
    watch.sample()
    for name, times in measured:
        print(f"{name:<44} {record.fmt_spread(record.spread(times), 'ms')}")
    spreads = {name: record.spread(times) for name, times in measured}
    started = {
        "show": (spreads.get("bijie-tui show all --format csv") or {}).get("median"),
        "validate": (spreads.get("bijie-tui validate") or {}).get("median"),
    }
    big = None
    if not args.no_large:
        print(f"measuring {LARGE:,} figures ...", file=sys.stderr, flush=True)
        print(
            f"\nlarge.py: scenario {large.SCENARIO}; changes: " + "; ".join(large.SCENARIO_CHANGES)
        )
        with tempfile.TemporaryDirectory(prefix="bijie-budgets-") as tmp:
            big = large.measure(LARGE, Path(tmp), "weining", 180.0, args.large_runs or runs)
        watch.sample()
        print()
        print(large.table([big]))
    exported = None
    if not args.no_export:
        exported = export.measure(runs, export.HERE)
        watch.sample()
        print()
        print(export.table(exported))
    found = rows(by, started, big)
    aims = goals(by, big, exported)
    print()
    print(table(found))
    print()
    print(goals_table(aims, runs))
    machine = record.machine(watch)
    print(f"\nmeasured {record.describe(machine)}")
    if args.json_out is not None:
        summaries = list(by.values())
        report = bandwidth._as_json({SIZE: summaries}, runs, False, time.monotonic() - began)
        record.write(
            args.json_out,
            {
                "benchmark": "budgets",
                "machine": machine,
                "runs": runs,
                "scenario": report["scenario"],
                "large_scenario": {
                    "version": large.SCENARIO,
                    "changes": list(large.SCENARIO_CHANGES),
                },
                "bandwidth": report["sizes"],
                "bandwidth_notes": report["notes"],
                "startup": spreads,
                "large": None if big is None else big.as_json(),
                "export": exported,
                "budgets": [r.as_json() for r in found],
                "goals": [g.as_json() for g in aims],
            },
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
