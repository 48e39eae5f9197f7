"""How many bytes the explorer writes to a terminal, and how soon it shows something.

Users reach the explorer over SSH on slow links, so every byte it writes is sent over the
wire. This script runs the installed ``bijie-tui`` in a pseudo-terminal, as the terminal of a
remote user would see it: TERM=xterm-256color, no COLORTERM, LANG=C.UTF-8 and otherwise only
PATH and HOME, a window of 80×24 and of 160×48 (set before the program starts). The terminal
at the other end answers queries the way xterm does (by default it says synchronized output,
mode 2026, is not supported; ``--sync`` says it is), sends keys as xterm sends them and keeps
a ``pyte`` screen, so the script knows when a text is visible. After each key it waits until
nothing has been written for 150 ms and counts what was written for that key; it then listens
350 ms more, and output that resumes after the pause (a frame delayed on a busy machine, a
deferred load) is still counted for that key and named in the notes.

The scenario, the same for every program:

 1. start; *first paint* is the time until "Overview" is on screen; *startup* is every byte
    written until the screen is quiet, here for a whole second, as a program may draw a
    first frame and then pause to load its data; *startup complete* is when the last of
    those bytes arrived (a first frame drawn early shows as a first paint well before it)
 2. ``2`` (the Employment tab), then ``down`` ten times, one at a time: *key median* and
    *key max* are the median and largest of those ten; then ``p`` (the explorer hides its
    detail pane; the floor has no such key) and ``down`` ten times more: *key with the pane
    hidden*, the table's own share of a step; and ``p`` again
 3. ``3``: *tab switch*
 4. ``/``, ``guangdong`` typed a key at a time, ``enter``: *filter* (all of it)
 5. ``enter``: *open detail*; then ``escape``: *close detail*, with its time to paint (from
    the key to the last byte; a lone ESC waits out the program's escape delay)
 6. ``2`` (*tab revisit*), then ``4`` (the Industry tab, unfiltered, its cursor on the first
    of its rows: more than 30 in both programs)
 7. thirty ``down`` keys 33 ms apart (a held key): *held down ×30*, everything until quiet,
    and *held down settles*: the time from the last press to the last byte written
 8. five seconds without input: *idle*
 9. thirty mouse-motion reports along a diagonal, 33 ms apart: *mouse ×30*, everything
    written in response (none are sent, and it is 0, when the program did not turn on
    reporting of mouse motion, as a real terminal would not send them)
10. the window resized to 1.5 × its columns and 5/3 × its rows (80×24 to 120×40), as a
    terminal emulator resizes it: *resize*, its bytes and its time to the last byte
11. ``q``; the exit status, and the peak RSS of the program (``wait4``): *peak RSS*

Every step's bytes are also counted as ``ssh -C`` would compress them (``ptyrun``: one zlib
stream at OpenSSH's level 6, flushed after each read of the terminal; the SSH framing is not
counted): *compressed*. The scenario's changes are printed at the top of the output (and kept
in the JSON): figures from before a change are not comparable with those after it.

Three programs are measured in the same run, turn about (a fourth when asked):

 - ``default``: ``bijie-tui``
 - ``low-bandwidth``: ``bijie-tui --low-bandwidth``; if the installed command rejects the
   option, ``bijie-tui`` with BIJIE_TUI_LOW_BANDWIDTH=1 (the report says so)
 - ``floor``: ``floor_app.py``, a minimal Textual app with the same kinds of widgets; what
   the framework costs by itself
 - ``floor-follow``: ``floor_app.py --follow``, the same with its pane following the cursor, as
   the explorer's does on a step (``--programs``; ``budgets.py`` measures it)

How to read the table: one table per window size, one row per figure, each the median over
the runs (``--runs``, default 5; ``--quick`` is one run); ``--spread`` adds the least and
greatest of the runs to each median. Bytes are what the program writes to
the terminal, before SSH compresses them; they hardly vary from run to run, while first paint
does (it includes starting Python). The ratio columns divide by the floor: 1.00× costs what
stock Textual costs with the same kinds of widgets, 3.00× three times that, and below 1.00× is
cheaper than stock Textual. For 80×24 a last column gives the budgets and whether the medians
meet them (PASS/FAIL; n/a when a program gave no figures); the budgets are goals, so the
script exits 0 either way. Below the table: whether mouse motion was reported, the exit
status, the number of runs that completed, then notes (failed runs with the error the program
printed, steps that never went quiet, the terminal queries answered). The first line names the
installed build measured (a digest of its sources), as the install changes when it is rebuilt.

``--json-out FILE`` writes the same JSON to FILE, with the date, the machine's CPUs and load
average (``record.py``), and prints the tables as well; ``make bench`` keeps it in
``benchmarks/results/``. ``--breakdown`` splits each step's bytes (means over the runs) into
SGR sequences (colours and styles), cursor moves (and erases), other escapes, ASCII text and
other text (UTF-8 bytes of box drawing, blocks, ellipses, Chinese: three bytes a character).
``--json`` prints every figure, per run as well, with the budgets. ``--screens`` shows what the
screen held after the main steps of the first run, to check that the scenario went where it
should.

Run: .venv/bin/python benchmarks/bandwidth.py [--quick] [--sizes 80x24] [--breakdown] [--json]
     [--json-out benchmarks/results/bandwidth.json]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import record
from ptyrun import CATEGORIES, Breakdown, Terminal

HERE = Path(__file__).resolve().parent
READY_TEXT = "Overview"
QUIET = 0.15  # seconds without output that count as "the screen is quiet" after a key
STARTUP_QUIET = 1.0  # the same at startup, where a program may pause to load data
GRACE = 0.35  # then listen this much longer: output that resumes still belongs to the key
FIRST = 1.0  # how long to wait for the first byte of an answer to a key
READY_TIMEOUT = 30.0
SETTLE_LIMIT = 10.0  # a step that never goes quiet is cut off here (and reported)
RUN_LIMIT = 180.0  # a whole scenario; then the program is killed
HOLD_INTERVAL = 1 / 30
IDLE_SECONDS = 5.0
LOW_BANDWIDTH_ENV = "BIJIE_TUI_LOW_BANDWIDTH"
CHANGED = "the installed package changed during the runs ({} → {}): the figures mix builds"
SCENARIO = 4
"""The scenario's version: figures of different versions are not comparable."""
SCENARIO_CHANGES = (
    "2: held down ×30 runs on the Industry tab (4), unfiltered, its cursor on the first row, so "
    "that each of the 30 presses moves the cursor; in 1 it ran on the Education tab filtered to "
    "'guangdong', where most of the presses found no row to move to",
    "2: the floor's tables have 40 rows (30 in 1), so that its 30 held downs all move too",
    "2: new figures: closing the detail with escape (bytes, time), the time from the last held "
    "press to the last byte, a resize after the mouse (bytes, time), every step compressed as "
    "ssh -C compresses it",
    "3: after the ten downs, p (the pane hidden) and ten downs more, then p: a step's bytes, "
    "compressed bytes and time with the pane hidden; the Employment tab's cursor is then on its "
    "21st row, not its 11th, when the tab is revisited",
    "4: a fourth program, floor-follow (floor_app.py --follow), whose pane follows the cursor as "
    "the explorer's does on a step (measured by budgets.py; here when asked with --programs); "
    "the other programs' scenario is unchanged",
)
"""What changed in the scenario, and when (by version)."""
HELD_TAB = "4"
"""The tab the held key runs in: one the scenario has not filtered."""


def resized(size: tuple[int, int]) -> tuple[int, int]:
    """The size the window is resized to: 80×24 to 120×40."""
    return size[0] * 3 // 2, size[1] * 5 // 3


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    unit: str  # "s", "B" or "MB"


FIGURES = (
    Figure("first_paint_s", "first paint", "s"),
    Figure("startup_done_s", "startup complete", "s"),
    Figure("startup_bytes", "startup", "B"),
    Figure("key_bytes_median", "key median (10 × down)", "B"),
    Figure("key_bytes_max", "key max (10 × down)", "B"),
    Figure("key_time_median_s", "key paint time median (10 × down)", "s"),
    Figure("tab_switch_bytes", "tab switch (3)", "B"),
    Figure("tab_switch_s", "tab switch time, first visit (3)", "s"),
    Figure("tab_revisit_bytes", "tab revisit (2)", "B"),
    Figure("tab_revisit_s", "tab revisit time (2)", "s"),
    Figure("filter_bytes", "filter (/guangdong enter)", "B"),
    Figure("open_detail_bytes", "open detail (enter)", "B"),
    Figure("close_detail_bytes", "close detail (escape)", "B"),
    Figure("close_detail_s", "close detail time (escape)", "s"),
    Figure("held_down_30_bytes", "held down ×30", "B"),
    Figure("held_down_settle_s", "held down ×30: last press to last byte", "s"),
    Figure("idle_bytes", f"idle {IDLE_SECONDS:g} s", "B"),
    Figure("mouse_bytes", "mouse ×30", "B"),
    Figure("resize_bytes", "resize to {resized}", "B"),
    Figure("resize_s", "resize time to {resized}", "s"),
    Figure("key_compressed_median", "key median, compressed as by ssh -C", "B"),
    Figure("bare_key_bytes_median", "key median, pane hidden (p)", "B"),
    Figure("bare_key_compressed_median", "key median, pane hidden, compressed", "B"),
    Figure("bare_key_time_median_s", "key paint time median, pane hidden", "s"),
    Figure("held_down_30_compressed", "held down ×30, compressed as by ssh -C", "B"),
    Figure("peak_mb", "peak RSS", "MB"),
)
EXTRA = ("first_tab_bytes", "held_tab_bytes", "quit_bytes", "held_down_s")
"""Figures kept in the JSON output only (with every step's time, ``NAME_s``, and compressed
bytes, ``NAME_compressed``, in each run's figures)."""

BREAKDOWN_STEPS = (
    ("startup", "startup"),
    ("keys", "10 × down"),
    ("tab_switch", "tab switch"),
    ("filter", "filter"),
    ("open_detail", "open detail"),
    ("held_down", "held down ×30"),
    ("idle", "idle"),
    ("mouse", "mouse ×30"),
    ("resize", "resize"),
)


@dataclass(frozen=True)
class Budget:
    figure: str
    program: str
    limit: float
    relative: bool = False  # limit × the floor's figure

    def describe(self) -> str:
        if self.relative:
            limit = f"{self.limit:g} × floor"
        elif self.figure.endswith("_s"):
            limit = f"{self.limit * 1000:,.0f} ms"
        else:
            limit = f"{self.limit:,.0f}"
        return f"{self.program} ≤ {limit}"


BUDGETS = (
    Budget("first_paint_s", "default", 1.0, relative=True),
    Budget("startup_bytes", "default", 6000),
    Budget("key_bytes_median", "default", 600),
    Budget("key_time_median_s", "default", 2.0, relative=True),
    Budget("tab_switch_s", "default", 0.150),
    Budget("tab_revisit_s", "default", 0.100),
    Budget("idle_bytes", "default", 0),
    Budget("startup_bytes", "low-bandwidth", 4000),
    Budget("key_bytes_median", "low-bandwidth", 464),
    Budget("tab_revisit_bytes", "low-bandwidth", 3000),
    Budget("held_down_30_bytes", "low-bandwidth", 10000),
    Budget("mouse_bytes", "low-bandwidth", 0),
)
BUDGET_SIZE = (80, 24)


@dataclass
class Program:
    name: str
    argv: list[str]
    env: dict[str, str] = field(default_factory=dict)
    note: str = ""


@dataclass
class RunResult:
    figures: dict[str, float] = field(default_factory=dict)
    keys: list[int] = field(default_factory=list)
    keys_compressed: list[int] = field(default_factory=list)
    kinds: dict[str, Breakdown] = field(default_factory=dict)
    exit_status: int | None = None
    killed: bool = False
    mouse_reporting: bool = False
    not_quiet: list[str] = field(default_factory=list)
    late: dict[str, int] = field(default_factory=dict)
    queries: dict[str, int] = field(default_factory=dict)
    build: str = ""
    number: int = 0


class RunFailed(Exception):
    """The program never became ready, or the scenario ran over its time."""

    def __init__(self, message: str, output: str = "", status: int | None = None) -> None:
        super().__init__(message)
        self.output = output
        self.status = status


class OptionRejected(RunFailed):
    """The command rejected an option (argparse: exit status 2, "unrecognized arguments")."""


# -- one run -------------------------------------------------------------------------------------


def base_env() -> dict[str, str]:
    """What a fresh SSH login passes on: PATH, HOME, the terminal type and the locale."""
    return {
        "PATH": os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/"),
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
    }


class Scenario:
    """One run of the scenario against one program; figures go into :attr:`result`."""

    def __init__(self, term: Terminal, show: Callable[[str, Terminal], None] | None) -> None:
        self.term = term
        self.show = show
        self.result = RunResult()
        self.deadline = 0.0

    def run(self) -> RunResult:
        term, result = self.term, self.result
        term.start()
        self.deadline = term.started + RUN_LIMIT
        ready = term.wait_for(READY_TEXT, READY_TIMEOUT)
        if ready is None:
            end = term.close(timeout=1.0)
            output = term.plain_output()
            if end.status == 2 and "unrecognized arguments" in output:
                raise OptionRejected("option rejected", output, end.status)
            killed = f" within {READY_TIMEOUT:g} s (killed)" if end.killed else ""
            raise RunFailed(f"{READY_TEXT!r} never appeared{killed}", output, end.status)
        result.figures["first_paint_s"] = ready - term.started
        self._settle("startup", quiet=STARTUP_QUIET)
        result.figures["startup_done_s"] = term.last_output - term.started
        result.figures["startup_bytes"] = term.bytes_in
        result.kinds["startup"] = term.scanner.counts.copy()
        self._snap("startup")

        result.figures["first_tab_bytes"] = self.step("first_tab", self._press("2"))
        keys = Breakdown()
        times = []
        for _ in range(10):
            result.keys.append(self.step("key", self._press("down")))
            keys = keys.plus(result.kinds.pop("key"))
            times.append(result.figures.pop("key_s"))
            result.keys_compressed.append(round(result.figures.pop("key_compressed")))
        result.kinds["keys"] = keys
        result.figures["key_time_median_s"] = statistics.median(times)
        result.figures["key_bytes_median"] = statistics.median(result.keys)
        result.figures["key_bytes_max"] = max(result.keys)
        result.figures["key_compressed_median"] = statistics.median(result.keys_compressed)
        self._snap("Employment, 10 × down")
        # The same steps with the pane hidden: what the table alone costs a step.
        self.step("pane_off", self._press("p"))
        bare, bare_times, bare_packed = [], [], []
        for _ in range(10):
            bare.append(self.step("bare_key", self._press("down")))
            bare_times.append(result.figures.pop("bare_key_s"))
            bare_packed.append(round(result.figures.pop("bare_key_compressed")))
            result.kinds.pop("bare_key", None)
        result.figures["bare_key_bytes_median"] = statistics.median(bare)
        result.figures["bare_key_time_median_s"] = statistics.median(bare_times)
        result.figures["bare_key_compressed_median"] = statistics.median(bare_packed)
        self.step("pane_on", self._press("p"))

        result.figures["tab_switch_bytes"] = self.step("tab_switch", self._press("3"))
        result.figures["filter_bytes"] = self.step("filter", self._filter)
        self._snap("filter")
        result.figures["open_detail_bytes"] = self.step("open_detail", self._press("enter"))
        self._snap("open detail")
        result.figures["close_detail_bytes"] = self.step("close_detail", self._press("escape"))
        # Back to a tab seen before, then to one with no filter, where every held key moves.
        result.figures["tab_revisit_bytes"] = self.step("tab_revisit", self._press("2"))
        result.figures["held_tab_bytes"] = self.step("held_tab", self._press(HELD_TAB))
        self._snap("before the held key")

        down = b"\x1b[B"
        pressed: list[float] = []

        def hold() -> None:
            term.press_timed([down] * 30, HOLD_INTERVAL)
            pressed.append(time.monotonic())

        result.figures["held_down_30_bytes"] = self.step("held_down", hold)
        result.figures["held_down_30_compressed"] = result.figures["held_down_compressed"]
        result.figures["held_down_settle_s"] = max(0.0, term.last_output - pressed[-1])
        self._snap("held down ×30")
        result.figures["idle_bytes"] = self.step(
            "idle", lambda: term.pump(IDLE_SECONDS), settle=False
        )
        result.mouse_reporting = term.mouse_motion
        result.figures["mouse_bytes"] = self.step("mouse", self._mouse)
        self._snap("after the mouse")
        cols, rows = resized((term.cols, term.rows))
        result.figures["resize_bytes"] = self.step("resize", lambda: term.resize(cols, rows))
        self._snap("resized")

        before = term.bytes_in
        term.press("q")
        end = term.close(timeout=5.0)
        result.figures["quit_bytes"] = term.bytes_in - before
        result.exit_status, result.killed = end.status, end.killed
        result.figures["peak_mb"] = end.maxrss_kb / 1024
        result.queries = dict(term.queries)
        return result

    def step(self, name: str, action: Callable[[], None], *, settle: bool = True) -> int:
        """Do ``action``, wait until quiet; the bytes written meanwhile."""
        if time.monotonic() > self.deadline:
            raise RunFailed(f"the scenario ran over {RUN_LIMIT:g} s")
        term = self.term
        before, kinds = term.bytes_in, term.scanner.counts.copy()
        packed = term.compressed_in
        sent = time.monotonic()
        action()
        if settle:
            self._settle(name)
            quiet_at = term.bytes_in
            self._settle(name, first=GRACE)
            if term.bytes_in > quiet_at:
                late = self.result.late
                late[name] = late.get(name, 0) + term.bytes_in - quiet_at
        if term.ended:
            status = term.close(timeout=1.0).status
            raise RunFailed(f"the program ended at step {name!r}", term.plain_output(True), status)
        self.result.kinds[name] = term.scanner.counts.minus(kinds)
        # The time until the last byte of the answer (0 when nothing was written).
        took = term.last_output - sent if term.bytes_in > before else 0.0
        self.result.figures[f"{name}_s"] = max(0.0, took)
        self.result.figures[f"{name}_compressed"] = term.compressed_in - packed
        return term.bytes_in - before

    def _settle(self, name: str, first: float = FIRST, quiet: float = QUIET) -> None:
        limit = max(0.5, min(SETTLE_LIMIT, self.deadline - time.monotonic()))
        if not self.term.settle(quiet, first=first, limit=limit):
            self.result.not_quiet.append(name)

    def _press(self, key: str) -> Callable[[], None]:
        return lambda: self.term.press(key)

    def _filter(self) -> None:
        for key in ["/", *"guangdong"]:
            self.term.press(key)
            self._settle("filter")
        self.term.press("enter")

    def _mouse(self) -> None:
        term = self.term
        if not term.mouse_motion:
            return  # a terminal sends no motion reports unless asked to
        cols, rows = term.cols, term.rows
        moves = [
            term.mouse_move(2 + i * (cols - 4) // 29, 5 + i * (rows - 9) // 29) for i in range(30)
        ]
        term.press_timed(moves, HOLD_INTERVAL)
        term.pump(0.6)  # a tooltip would show half a second after the mouse stops

    def _snap(self, what: str) -> None:
        if self.show is not None:
            self.show(what, self.term)


def run_once(
    program: Program,
    size: tuple[int, int],
    *,
    sync: bool,
    show: Callable[[str, Terminal], None] | None = None,
) -> RunResult:
    env = base_env() | program.env
    term = Terminal(list(program.argv), env, size[0], size[1], sync=sync)
    try:
        return Scenario(term, show).run()
    finally:
        term.close(timeout=0.5)


# -- programs ------------------------------------------------------------------------------------


def programs(command: str, wanted: Sequence[str]) -> list[Program]:
    found = [
        Program("default", [command]),
        Program("low-bandwidth", [command, "--low-bandwidth"]),
        Program("floor", [sys.executable, str(HERE / "floor_app.py")]),
        Program("floor-follow", [sys.executable, str(HERE / "floor_app.py"), "--follow"]),
    ]
    return [p for p in found if p.name in wanted]


def fall_back(program: Program) -> None:
    """Turn ``--low-bandwidth`` into the environment variable."""
    program.argv = [a for a in program.argv if a != "--low-bandwidth"]
    program.env = {LOW_BANDWIDTH_ENV: "1"}
    program.note = (
        f"the installed command rejects --low-bandwidth (exit status 2, unrecognized "
        f"arguments): measured with {LOW_BANDWIDTH_ENV}=1 instead"
    )
    if not _package_mentions(LOW_BANDWIDTH_ENV):
        program.note += (
            f"; the installed package never mentions {LOW_BANDWIDTH_ENV}, so this column "
            "most likely measures the default mode"
        )


def _package_files() -> list[tuple[str, Path]]:
    """The installed package's sources, by name (none if this Python cannot find it)."""
    spec = importlib.util.find_spec("bijie_tui")
    if spec is None or not spec.submodule_search_locations:
        return []
    found: list[tuple[str, Path]] = []
    for location in spec.submodule_search_locations:
        root = Path(location)
        found += [
            (p.relative_to(root).as_posix(), p)
            for p in root.rglob("*")
            if p.suffix in (".py", ".tcss")
        ]
    return sorted(found)


def _package_mentions(text: str) -> bool:
    files = _package_files()
    if not files:
        return True  # cannot tell
    return any(text in p.read_text(encoding="utf-8", errors="replace") for _, p in files)


def fingerprint() -> str:
    """Which build of the package was measured: a digest of its installed sources."""
    return record.build()


def shown_argv(argv: Sequence[str]) -> list[str]:
    """A command as it is shown and kept: the program by its name, a file of the project by its
    path in the project (no path of the machine it ran on)."""
    root = HERE.parent
    shown = []
    for i, arg in enumerate(argv):
        path = Path(arg)
        if i == 0 and path.is_absolute():
            shown.append(path.name)
        elif path.is_absolute() and path.is_relative_to(root):
            shown.append(path.relative_to(root).as_posix())
        else:
            shown.append(arg)
    return shown


# -- summary -------------------------------------------------------------------------------------


@dataclass
class Summary:
    """The runs of one program at one size."""

    program: Program
    runs: list[RunResult] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def median(self, key: str) -> float | None:
        values = [r.figures[key] for r in self.runs if key in r.figures]
        return statistics.median(values) if values else None

    def spread(self, key: str) -> dict[str, float | int] | None:
        """The median, least and greatest over the runs."""
        return record.spread(r.figures.get(key) for r in self.runs)

    def mean_kinds(self, step: str) -> Breakdown | None:
        found = [r.kinds[step] for r in self.runs if step in r.kinds]
        if not found:
            return None
        n = len(found)
        total = Breakdown()
        for kinds in found:
            total = total.plus(kinds)
        return Breakdown(*(round(getattr(total, name) / n) for name in CATEGORIES))

    def exits(self) -> str:
        if not self.runs:
            return "–"
        words = ["killed" if r.killed else str(r.exit_status) for r in self.runs]
        distinct = sorted(set(words))
        if len(distinct) == 1:
            return distinct[0]
        return ", ".join(f"{w} ×{words.count(w)}" for w in distinct)

    def as_json(self) -> dict[str, object]:
        medians = {f.key: self.median(f.key) for f in FIGURES}
        medians |= {key: self.median(key) for key in EXTRA}
        queries: dict[str, int] = {}
        for run in self.runs:
            for name in run.queries:
                queries[name] = queries.get(name, 0) + 1
        return {
            "command": shown_argv(self.program.argv),
            "env": self.program.env,
            "note": self.program.note,
            "runs": len(self.runs),
            "failures": self.failures,
            "medians": medians,
            "spreads": {f.key: self.spread(f.key) for f in FIGURES},
            "per_run": [
                {
                    "figures": r.figures,
                    "keys": r.keys,
                    "keys_compressed": r.keys_compressed,
                    "exit_status": r.exit_status,
                    "build": r.build,
                    "late_bytes": r.late,
                }
                for r in self.runs
            ],
            "exit": self.exits(),
            "mouse_reporting": any(r.mouse_reporting for r in self.runs),
            "not_quiet": sorted({s for r in self.runs for s in r.not_quiet}),
            "queries_answered": queries,
            "breakdown_mean": {
                step: kinds.as_dict()
                for step, _ in BREAKDOWN_STEPS
                if (kinds := self.mean_kinds(step)) is not None
            },
        }


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "n/a"
    if unit == "s":
        return f"{value:.3f}"
    if unit == "MB":
        return f"{value:.1f}"
    return f"{value:,.0f}"


def _ratio(a: float | None, b: float | None) -> str:
    if a is None or b is None:
        return "n/a"
    if b == 0:
        return "–" if a == 0 else "∞"
    return f"{a / b:.2f}×"


def evaluate(budget: Budget, by_name: dict[str, Summary]) -> tuple[float | None, bool | None]:
    """The median the budget is about, and whether it meets the budget (None: cannot tell)."""
    summary = by_name.get(budget.program)
    value = summary.median(budget.figure) if summary is not None else None
    limit: float | None = budget.limit
    if budget.relative:
        floor = by_name["floor"].median(budget.figure) if "floor" in by_name else None
        limit = None if floor is None else budget.limit * floor
    if value is None or limit is None:
        return value, None
    return value, value <= limit


def _budget_cell(figure: str, by_name: dict[str, Summary]) -> tuple[str, list[bool]]:
    parts, verdicts = [], []
    for budget in BUDGETS:
        if budget.figure != figure or budget.program not in by_name:
            continue
        _, ok = evaluate(budget, by_name)
        if ok is not None:
            verdicts.append(ok)
        verdict = "n/a" if ok is None else "PASS" if ok else "FAIL"
        parts.append(f"{budget.describe()}: {verdict}")
    return " · ".join(parts), verdicts


def _cell(summary: Summary, key: str, unit: str, spread: bool) -> str:
    cell = _fmt(summary.median(key), unit)
    found = summary.spread(key) if spread else None
    if found is not None and found["n"] > 1 and found["min"] != found["max"]:
        cell += f" ({_fmt(found['min'], unit)}–{_fmt(found['max'], unit)})"
    return cell


def table(
    size: tuple[int, int], summaries: list[Summary], runs: int, *, spread: bool = False
) -> str:
    by_name = {s.program.name: s for s in summaries}
    names = [s.program.name for s in summaries]
    ratios = [n for n in ("default", "low-bandwidth") if n in by_name and "floor" in by_name]
    with_budget = size == BUDGET_SIZE
    unjudged = 0
    head = [
        "figure (median (min–max))" if spread else "figure (median)",
        *names,
        *(f"{n}/floor" for n in ratios),
    ]
    if with_budget:
        head.append("budget")
    rows: list[list[str]] = []
    verdicts: list[bool] = []
    for figure in FIGURES:
        unit = figure.unit
        label = figure.label.format(resized="{}×{}".format(*resized(size)))
        row = [f"{label} ({unit})"]
        row += [_cell(by_name[n], figure.key, unit, spread) for n in names]
        floor = by_name["floor"].median(figure.key) if "floor" in by_name else None
        row += [_ratio(by_name[n].median(figure.key), floor) for n in ratios]
        if with_budget:
            cell, ok = _budget_cell(figure.key, by_name)
            verdicts += ok
            unjudged += cell.count(": n/a")
            row.append(cell)
        rows.append(row)
    extra = [
        ["mouse motion reported", *(_mouse(by_name[n]) for n in names)],
        ["exit status", *(by_name[n].exits() for n in names)],
        ["runs", *(str(len(by_name[n].runs)) for n in names)],
    ]
    rows += [r + [""] * (len(head) - len(r)) for r in extra]
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    lines = [f"{size[0]}×{size[1]}, medians of {runs} run{'s' if runs != 1 else ''}"]
    for r in [head, *rows]:
        cells = [r[0].ljust(widths[0])]
        for i in range(1, len(r)):
            last = with_budget and i == len(r) - 1
            cells.append(r[i].ljust(widths[i]) if last else r[i].rjust(widths[i]))
        lines.append("  ".join(cells).rstrip())
    if with_budget:
        summary = f"budgets: {sum(verdicts)} of {len(verdicts)} met"
        if unjudged:
            summary += f"; {unjudged} not judged (no figures)"
        lines.append(summary)
    return "\n".join(lines)


def _mouse(summary: Summary) -> str:
    if not summary.runs:
        return "–"
    return "yes" if any(r.mouse_reporting for r in summary.runs) else "no"


def breakdown_table(summaries: list[Summary]) -> str:
    head = ["program", "step", "total", *CATEGORIES]
    rows = []
    for summary in summaries:
        for step, label in BREAKDOWN_STEPS:
            kinds = summary.mean_kinds(step)
            if kinds is None:
                continue
            total = kinds.total()
            cells = [summary.program.name, label, f"{total:,}"]
            for name in CATEGORIES:
                part = getattr(kinds, name)
                share = f"{100 * part / total:.0f}%" if total else "–"
                cells.append(f"{part:,} {share:>4}")
            rows.append(cells)
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    lines = ["bytes by kind (means over the runs): sgr = colours and styles, cursor = moves"]
    for r in [head, *rows]:
        cells = [r[0].ljust(widths[0]), r[1].ljust(widths[1])]
        cells += [c.rjust(w) for c, w in zip(r[2:], widths[2:], strict=True)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


# -- main ----------------------------------------------------------------------------------------


def _size(text: str) -> tuple[int, int]:
    cols, _, rows = text.lower().partition("x")
    try:
        size = (int(cols), int(rows))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a size like 80x24: {text!r}") from None
    if min(size) < 2 or max(size) > 1000:
        raise argparse.ArgumentTypeError(f"not a sensible size: {text!r}")
    return size


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description="Bytes written and first paint of bijie-tui in a pseudo-terminal, "
        "against a bare Textual app (see the top of this file for the scenario)."
    )
    parser.add_argument("--runs", type=int, default=5, help="runs per program and size (5)")
    parser.add_argument("--quick", action="store_true", help="one run (same as --runs 1)")
    parser.add_argument(
        "--sizes",
        type=lambda s: [_size(p) for p in s.split(",")],
        default=[(80, 24), (160, 48)],
        help="window sizes, comma-separated (80x24,160x48)",
    )
    parser.add_argument(
        "--programs",
        type=lambda s: s.split(","),
        default=["default", "low-bandwidth", "floor"],
        help="which of default,low-bandwidth,floor to measure (all three)",
    )
    parser.add_argument(
        "--command",
        default=str(Path(sys.executable).parent / "bijie-tui"),
        help="the bijie-tui command (the one next to this Python)",
    )
    parser.add_argument(
        "--sync",
        action="store_true",
        help="answer that the terminal supports synchronized output (mode 2026)",
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--json-out",
        type=Path,
        metavar="FILE",
        help="also write the figures as JSON to FILE, with the date and the machine's load",
    )
    parser.add_argument(
        "--spread", action="store_true", help="print the least and greatest beside each median"
    )
    parser.add_argument(
        "--breakdown", action="store_true", help="split the bytes into SGR, cursor moves, ..."
    )
    parser.add_argument(
        "--screens",
        action="store_true",
        help="print the screen after the main steps of the first run (to stderr)",
    )
    return parser


def _show(what: str, term: Terminal) -> None:
    print(f"\n--- {what} ---\n{term.text()}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    runs = 1 if args.quick else args.runs
    unknown = set(args.programs) - {"default", "low-bandwidth", "floor", "floor-follow"}
    if runs < 1 or unknown:
        _parser().error(f"--runs must be 1 or more; unknown programs: {sorted(unknown)}")
    command = args.command
    if os.sep not in command or not Path(command).exists():
        print(f"bandwidth: no command {command!r}; use --command", file=sys.stderr)
        return 2
    chosen = programs(command, args.programs)
    build = fingerprint()
    load = record.LoadWatch()
    began = time.monotonic()
    results: dict[tuple[int, int], list[Summary]] = {}
    for size in args.sizes:
        summaries = [Summary(p) for p in chosen]
        results[size] = summaries
        for n in range(runs):
            print(f"{size[0]}x{size[1]} run {n + 1}/{runs}:", end="", file=sys.stderr)
            for summary in summaries:
                show = _show if args.screens and n == 0 else None
                _measure(summary, size, n + 1, sync=args.sync, show=show)
                load.sample()
            print(file=sys.stderr)
    took = time.monotonic() - began
    final = fingerprint()
    changed = [CHANGED.format(build, final)] if final != build else []

    report = _as_json(results, runs, args.sync, took)
    report["build"] = build
    report["notes"] = _notes(results, args.sync) + changed
    report["machine"] = record.machine(load)
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        print(
            f"bijie-tui (installed sources {build}) in a pseudo-terminal "
            f"(TERM=xterm-256color, no COLORTERM); {runs} run(s)"
        )
        _report(args, results, runs, changed, took)
    if args.json_out is not None:
        record.write(args.json_out, report)
    return 0


def scenario_lines() -> list[str]:
    """The scenario's version and its changes, for the top of the output."""
    return [f"scenario {SCENARIO}; changes: " + "; ".join(SCENARIO_CHANGES)]


def _report(
    args: argparse.Namespace,
    results: dict[tuple[int, int], list[Summary]],
    runs: int,
    changed: list[str],
    took: float,
) -> None:
    for line in scenario_lines():
        print(line)
    for summary in next(iter(results.values())):
        env = " ".join(f"{k}={v}" for k, v in summary.program.env.items())
        shown = " ".join(shown_argv(summary.program.argv))
        print(f"  {summary.program.name}: {(env + ' ') if env else ''}{shown}")
    for size, summaries in results.items():
        print()
        print(table(size, summaries, runs, spread=args.spread))
        if args.breakdown and any(s.runs for s in summaries):
            print()
            print(breakdown_table(summaries))
    print()
    for line in _notes(results, args.sync) + changed:
        print(f"note: {line}")
    print(f"took {took:.0f} s")


def _measure(
    summary: Summary,
    size: tuple[int, int],
    number: int,
    *,
    sync: bool,
    show: Callable[[str, Terminal], None] | None,
) -> None:
    program = summary.program
    print(f" {program.name}", end="", file=sys.stderr, flush=True)
    try:
        # The floor is not the package.
        build = "" if program.name.startswith("floor") else fingerprint()
        result = run_once(program, size, sync=sync, show=show)
        result.build, result.number = build, number
        summary.runs.append(result)
    except OptionRejected as error:
        if "--low-bandwidth" not in program.argv:
            summary.failures.append(f"{error}: {_telling_line(error.output)}")
            return
        fall_back(program)
        print(" (option rejected: using the environment)", end="", file=sys.stderr)
        _measure(summary, size, number, sync=sync, show=show)
    except (RunFailed, OSError) as error:
        line = _telling_line(getattr(error, "output", ""))
        status = getattr(error, "status", None)
        message = f"{error}" + (f" (exit status {status})" if status is not None else "")
        summary.failures.append(message + (f": {line}" if line else ""))
        print(" (failed)", end="", file=sys.stderr)


def _telling_line(output: str) -> str:
    """The line of a failed start that says most: the error, or else the last line."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    for line in reversed(lines):
        if "Error" in line or "error:" in line or "Exception" in line:
            return line[:200]
    return lines[-1][:200] if lines else ""


def _notes(results: dict[tuple[int, int], list[Summary]], sync: bool) -> list[str]:
    notes = []
    seen: set[str] = set()
    for summaries in results.values():
        for summary in summaries:
            if summary.program.note and summary.program.note not in seen:
                seen.add(summary.program.note)
                notes.append(f"{summary.program.name}: {summary.program.note}")
    for size, summaries in results.items():
        where = f"{size[0]}×{size[1]}"
        for summary in summaries:
            name = summary.program.name
            for failure in sorted(set(summary.failures)):
                count = summary.failures.count(failure)
                notes.append(f"{where} {name}: {count} run(s) failed: {failure}")
            by_build: dict[str, list[str]] = {}
            for run in summary.runs:
                by_build.setdefault(run.build, []).append(str(run.number))
            if len(by_build) > 1:
                runs = "; ".join(f"{b}: run {', '.join(ns)}" for b, ns in by_build.items())
                notes.append(f"{where} {name}: runs on different builds ({runs})")
            late = sorted({s for r in summary.runs for s in r.late})
            if late:
                notes.append(
                    f"{where} {name}: output resumed after a pause of {QUIET * 1000:.0f} ms "
                    f"or more (counted with the step): {', '.join(late)}"
                )
            steps = sorted({s for r in summary.runs for s in r.not_quiet})
            if steps:
                notes.append(
                    f"{where} {name}: output never paused within {SETTLE_LIMIT:g} s after: "
                    f"{', '.join(steps)} (figures cut off)"
                )
    queries = sorted({q for ss in results.values() for s in ss for r in s.runs for q in r.queries})
    if queries:
        answer = "supported" if sync else "not supported, as xterm says"
        notes.append(f"queries answered: {', '.join(queries)} (mode 2026: {answer})")
    return notes


def _as_json(
    results: dict[tuple[int, int], list[Summary]], runs: int, sync: bool, took: float
) -> dict[str, object]:
    sizes: dict[str, object] = {}
    for size, summaries in results.items():
        by_name = {s.program.name: s for s in summaries}
        entry: dict[str, object] = {s.program.name: s.as_json() for s in summaries}
        if size == BUDGET_SIZE:
            budgets = []
            for budget in BUDGETS:
                value, ok = evaluate(budget, by_name)
                budgets.append(
                    {
                        "figure": budget.figure,
                        "budget": budget.describe(),
                        "value": value,
                        "pass": ok,
                    }
                )
            entry["budgets"] = budgets
        sizes[f"{size[0]}x{size[1]}"] = entry
    return {
        "benchmark": "bandwidth",
        "scenario": {"version": SCENARIO, "changes": list(SCENARIO_CHANGES)},
        "runs": runs,
        "terminal": {"TERM": "xterm-256color", "sync_output": sync},
        "quiet_ms": QUIET * 1000,
        "seconds": round(took, 1),
        "sizes": sizes,
        "notes": _notes(results, sync),
    }


if __name__ == "__main__":
    sys.exit(main())
