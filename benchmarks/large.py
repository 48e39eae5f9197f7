"""How the explorer copes with a large dataset: 10,000 and 100,000 figures.

For each size, a dataset is written by ``generate.py`` to a temporary directory, and:

- *validate*: the wall time of ``bijie-tui validate FILE`` (median of 3 runs) and its peak
  memory; in process, ``load()`` (median of 3), building the :class:`Catalog` indexes and the
  model of the first sector's table (what the Employment tab shows, without any widget);
- the explorer: ``bijie-tui --data FILE`` in a pseudo-terminal of 80×24 (set before it starts),
  with TERM=xterm-256color, no COLORTERM, LANG=C.UTF-8 and otherwise only PATH and HOME. What
  it writes is drawn on a ``pyte`` screen. *First paint* is the time from the start until
  "Overview" is on screen; *data visible* until the first sector's headline value is. With
  ``--data`` the file is checked before the screen starts, so both include the validation;
- *tab switch*: ``2`` (the first sector), until its table's heading is on screen and the
  output is quiet (two seconds without a byte: a program busy building a large table may be
  silent for a second in between);
- *cursor step*: ``down`` ten times, one at a time; for each, the bytes written and the time
  until the last of them (the output is taken as settled after 500 ms without any); the
  median and the largest of the ten;
- *filter*: ``/``, then a word (default ``weining``: a county, in some rows' scope) typed
  50 ms a key, then ``enter``; the time from ``enter`` until the word is shown above the
  filter line (in the table's title or rows) and the output has been quiet for two seconds,
  and the same from the first key of the word;
- *peak memory*: the explorer's peak resident set (``ru_maxrss`` from ``wait4``) after ``q``;
- *collections on a key*: the explorer is started through ``gclog.py`` (its ``main``, as the
  command starts it, with a callback in :data:`gc.callbacks` that logs each collection's start
  and length on the system's monotonic clock). Each key above is a span from its sending to
  the last byte of its answer (a letter of the filter word: to the next letter); a collection
  *lands on a key* when it runs during that span, delaying the key's paint by its length. The
  longest such collection, its generation and key, and the longest after the first paint at
  all are reported. This measures the collector's pauses inside the explorer's process, not
  a guess from the paint times (the longest cursor step is there beside it).

``--runs`` runs the explorer that many times on the same file (``validate`` and the in-process
figures are still medians of 3): each figure of the explorer is the median of the runs, and
``--runs`` above 1 prints the least and greatest beside it. ``--json-out FILE`` writes the
figures, every run's and the machine's load, as JSON.

Every wait has a timeout; the explorer runs in its own process group, which is killed at the
end whatever happens. A step that timed out shows as ``timeout``. The last column compares the
largest size with the budget: first paint < 3 s, a cursor step settles < 50 ms (median),
filter < 300 ms, peak memory < 400 MB; ``validate`` is judged against ``json.loads`` of the same
file by ``budgets.py``.

The ``bijie-tui`` measured, and the package loaded in process, are those installed for the
Python that runs this script: run it with another environment's Python to compare versions.

Run: python benchmarks/large.py [--sizes 10000,100000] [--runs 1] [--keep DIR] [--steps]
     [--json-out benchmarks/results/large.json]
"""

from __future__ import annotations

import argparse
import fcntl
import gc
import json
import os
import pty
import re
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import gclog
import generate  # next to this file: the directory of a script is on sys.path
import pyte
import record

BIN = Path(sys.executable).parent / "bijie-tui"
HERE = Path(__file__).resolve().parent
GC_LIMIT = 0.020
"""The goal: no collection longer than this lands on a key."""
SCENARIO = 2
"""The scenario's version: figures of different versions are not comparable."""
SCENARIO_CHANGES = (
    "2: the explorer is started through gclog.py (bijie_tui's main, as the bijie-tui command "
    "starts it, with its garbage collections logged) instead of the command itself; new "
    "figures: the longest collection on a key, the collections over 20 ms on a key, the "
    "longest after the first paint; --runs repeats the explorer's part",
)
"""What changed in the scenario, and when (by version)."""
COLS, ROWS = 80, 24
DOWN = b"\x1b[B"
QUIET = 0.5
"""A cursor step is taken as settled after this long without a byte."""
LONG_QUIET = 2.0
"""Start-up, a tab switch and the filter are taken as settled once what they must show is on
screen and nothing has been written for this long: a program busy building a large table may
write nothing for a second in between."""
TYPING = 0.05
"""Seconds between the keys of the filter word."""

Value = float | None
"""A measured figure, or None when its step timed out or did not run."""
T = TypeVar("T")


# -- subprocesses --------------------------------------------------------------------------------


def _run(argv: Sequence[str], timeout: float) -> tuple[float | None, int | None, float]:
    """Run ``argv``; return its wall time (None on timeout), exit status and peak RSS in MB."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    )
    result: dict[str, float | int] = {}

    def reap() -> None:
        _, status, usage = os.wait4(proc.pid, 0)
        result["end"] = time.perf_counter()
        result["status"] = status
        result["rss"] = usage.ru_maxrss / 1024

    waiter = threading.Thread(target=reap, daemon=True)
    waiter.start()
    waiter.join(timeout)
    timed_out = waiter.is_alive()
    if timed_out:
        _kill_group(proc.pid)
        waiter.join(10)
    proc.returncode = os.waitstatus_to_exitcode(int(result.get("status", 0)))
    if proc.stderr is not None:
        error = proc.stderr.read().decode("utf-8", "replace").strip()
        proc.stderr.close()
        if error and not timed_out:
            print(f"  {argv[1]}: {error}", file=sys.stderr)
    elapsed = None if timed_out else float(result["end"]) - start
    return elapsed, None if timed_out else proc.returncode, float(result.get("rss", 0.0))


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


# -- the explorer in a pseudo-terminal -----------------------------------------------------------


class Terminal:
    """One run of the explorer in a pty, with a ``pyte`` screen of everything it wrote."""

    def __init__(self, argv: Sequence[str], env: dict[str, str]) -> None:
        self.screen = pyte.Screen(COLS, ROWS)
        self.stream = pyte.ByteStream(self.screen)
        self.total = 0
        self.last_byte = 0.0
        self.status: int | None = None
        self.rss_mb: float | None = None
        self.keys: list[tuple[str, float, float]] = []
        """Each key: what it was, when it was sent, when the last byte of its answer came."""
        self.started = time.perf_counter()
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: its own session, the window size set before it starts
            try:
                winsize = struct.pack("HHHH", ROWS, COLS, 0, 0)
                fcntl.ioctl(1, termios.TIOCSWINSZ, winsize)
                os.execve(argv[0], list(argv), env)
            finally:
                os._exit(127)

    def pump(self, timeout: float) -> int:
        """Read what is ready within ``timeout`` seconds; return the number of bytes read."""
        ready, _, _ = select.select([self.fd], [], [], max(0.0, timeout))
        if not ready:
            return 0
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:  # the child has gone
            chunk = b""
        if not chunk:
            time.sleep(min(timeout, 0.01))
            return 0
        self.last_byte = time.perf_counter()
        self.total += len(chunk)
        self.stream.feed(chunk)
        return len(chunk)

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def wait_text(self, text: str, limit: float, above: int = ROWS) -> float | None:
        """Seconds from the start until ``text`` is in the screen's first ``above`` lines.

        None if it is not there within ``limit`` seconds.
        """
        end = time.perf_counter() + limit
        while time.perf_counter() < end:
            if any(text in line for line in self.screen.display[:above]):
                return self.last_byte - self.started
            self.pump(0.05)
        return None

    def settle(
        self, since: float, limit: float, quiet: float = QUIET, wait_first: bool = True
    ) -> tuple[Value, int]:
        """Wait for output (unless ``wait_first`` is false), then for ``quiet`` s without any.

        Returns the time from ``since`` to the last byte (None if nothing came within
        ``limit``, or the output never stopped) and the number of bytes written.
        """
        first = self.total
        end = since + limit
        while True:
            now = time.perf_counter()
            if now >= end:
                return None, self.total - first
            got = self.total > first
            if got or not wait_first:
                last = max(self.last_byte, since)
                if now - last >= quiet:
                    return last - since, self.total - first
                wait = quiet - (now - last)
            else:
                wait = end - now
            self.pump(min(max(wait, 0.001), end - now))

    def key(self, data: bytes, limit: float, quiet: float = QUIET) -> tuple[Value, int]:
        """Send ``data`` and wait until the output has settled."""
        self.drain()
        sent = time.perf_counter()
        os.write(self.fd, data)
        elapsed, written = self.settle(sent, limit, quiet)
        self.keys.append((data.decode(errors="replace"), sent, max(self.last_byte, sent)))
        return elapsed, written

    def drain(self) -> None:
        while self.pump(0):
            pass

    def type(self, data: bytes, gap: float) -> None:
        """Send ``data`` a byte at a time, ``gap`` seconds apart, reading all the while."""
        for byte in data:
            sent = time.perf_counter()
            os.write(self.fd, bytes([byte]))
            end = sent + gap
            while (left := end - time.perf_counter()) > 0:
                self.pump(left)
            self.keys.append((chr(byte), sent, time.perf_counter()))

    def quit(self, limit: float) -> None:
        """Press ``q``; wait for the exit and its peak memory; kill the group if it stays."""
        try:
            os.write(self.fd, b"q")
        except OSError:
            pass
        end = time.perf_counter() + limit
        while time.perf_counter() < end:
            self.pump(0.05)
            pid, status, usage = os.wait4(self.pid, os.WNOHANG)
            if pid:
                self.status, self.rss_mb = status, usage.ru_maxrss / 1024
                return
        self.close()

    def close(self) -> None:
        _kill_group(self.pid)
        if self.status is None:
            try:
                _, status, usage = os.wait4(self.pid, 0)
                self.status, self.rss_mb = status, usage.ru_maxrss / 1024
            except ChildProcessError:
                pass
        try:
            os.close(self.fd)
        except OSError:
            pass


def _env() -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", "/tmp"),
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
    }


# -- one size ------------------------------------------------------------------------------------

EXPLORER = (
    "first_paint",
    "data_visible",
    "tab",
    "step_median",
    "step_max",
    "step_bytes_median",
    "step_bytes_max",
    "filter",
    "filter_word",
    "rss",
    "gc_on_key",
    "gc_after_paint",
    "gc_on_key_over_limit",
)
"""The figures of one run of the explorer (the others are taken once for a size)."""


@dataclass
class Collection:
    """One garbage collection in the explorer, from ``gclog.py``."""

    began: float
    took: float
    generation: int


@dataclass
class Explored:
    """One run of the explorer."""

    values: dict[str, Value] = field(default_factory=dict)
    steps: list[tuple[Value, int]] = field(default_factory=list)
    """Each cursor step: seconds until settled, bytes written."""
    gc_key: str = ""
    """The key the longest collection landed on, and its generation."""


@dataclass
class Result:
    n: int
    values: dict[str, Value] = field(default_factory=dict)
    """The figures: for the explorer's, the median of the runs."""
    notes: list[str] = field(default_factory=list)
    runs: list[Explored] = field(default_factory=list)

    @property
    def steps(self) -> list[tuple[Value, int]]:
        return [step for run in self.runs for step in run.steps]

    def spread(self, key: str) -> dict[str, float | int] | None:
        return record.spread(run.values.get(key) for run in self.runs)

    def as_json(self) -> dict[str, object]:
        return {
            "n": self.n,
            "values": self.values,
            "spreads": {key: self.spread(key) for key in EXPLORER},
            "notes": self.notes,
            "runs": [
                {"values": run.values, "steps": run.steps, "gc_key": run.gc_key}
                for run in self.runs
            ],
        }


def _median(values: list[float | None]) -> Value:
    done = [v for v in values if v is not None]
    return statistics.median(done) if len(done) == len(values) and done else None


def _timed(work: Callable[[], T]) -> tuple[float, T]:
    start = time.perf_counter()
    out = work()
    return time.perf_counter() - start, out


def _model(path: Path, result: Result, word: str) -> tuple[str, str]:
    """In-process timings; returns what the explorer must show: the first headline's value
    on the overview, and a heading of the first sector's table."""
    from bijie_tui.model.loader import load
    from bijie_tui.model.query import Catalog
    from bijie_tui.model.records import Dataset
    from bijie_tui.model.tables import INDICATOR_COLUMNS, indicator_table

    times: list[float | None] = []
    data: Dataset | None = None
    for _ in range(3):
        data = None  # one dataset in memory at a time
        gc.collect()
        elapsed, data = _timed(lambda: load(path))
        times.append(elapsed)
    result.values["load"] = _median(times)
    parsed: list[float | None] = []
    for _ in range(3):
        gc.collect()
        parsed.append(_timed(lambda: json.loads(path.read_bytes()))[0])
    result.values["json_load"] = _median(parsed)
    assert data is not None
    catalog = Catalog(data)

    def index() -> None:
        for name in ("sectors", "units", "regions", "sources", "indicators", "entities"):
            getattr(catalog, name)
        catalog.series  # noqa: B018 - a cached property, built here
        catalog.citations  # noqa: B018

    result.values["catalog"] = _timed(index)[0]
    sector = catalog.data.sectors[0]
    elapsed, spec = _timed(lambda: indicator_table(catalog, sector.id, "en"))
    result.values["table_model"] = elapsed
    result.values["rows"] = float(len(spec.rows))
    result.values["matches"] = float(len(spec.matching(word)))
    headline = sector.headline or ""
    shown = catalog.display_value(catalog.series[headline][-1], "en") if headline else ""
    # Its digits: the overview writes the value its own short way ("≈37,000 people†" where
    # the detail says "about 37,000 people").
    digits = re.search(r"[0-9][0-9,.]*", shown)
    shown = digits.group() if digits else shown
    return shown, INDICATOR_COLUMNS[1].title.en


def _collections(log: Path) -> list[Collection]:
    found = []
    for line in log.read_text().splitlines():
        if line.startswith("#") or not line.strip():
            continue
        began, took, generation, _ = line.split()
        found.append(Collection(float(began), float(took), int(generation)))
    return found


def _collector(run: Explored, term: Terminal, log: Path, painted: float | None) -> None:
    """The collections that landed on the keys, and the longest after the first paint."""
    if not log.exists():
        return
    found = _collections(log)
    keys = [(what, sent, end) for what, sent, end in term.keys]
    on_keys = [
        (c, what)
        for c in found
        for what, sent, end in keys
        if c.began < end and c.began + c.took > sent
    ]
    values = run.values
    if on_keys:
        worst, what = max(on_keys, key=lambda pair: pair[0].took)
        values["gc_on_key"] = worst.took
        run.gc_key = f"generation {worst.generation}, on {_key_name(what)}"
    else:
        values["gc_on_key"] = 0.0 if keys else None
    over = {id(c) for c, _ in on_keys if c.took > GC_LIMIT}
    values["gc_on_key_over_limit"] = float(len(over))
    after = [c.took for c in found if painted is not None and c.began >= term.started + painted]
    values["gc_after_paint"] = max(after, default=0.0)


def _key_name(data: str) -> str:
    names = {"\x1b[B": "a cursor step (↓)", "\r": "the filter's enter", "/": "/", "2": "the tab 2"}
    return names.get(data, f"the filter word's {data!r}")


def _explore(
    path: Path, n: int, headline: str, heading: str, word: str, limit: float, notes: list[str]
) -> Explored:
    run = Explored()
    values = run.values
    with tempfile.TemporaryDirectory(prefix="bijie-gc-") as tmp:
        log = Path(tmp) / "gc.log"
        env = _env() | {gclog.LOG_ENV: str(log)}
        argv = [sys.executable, str(HERE / "gclog.py"), "--data", str(path)]
        term = Terminal(argv, env)
        try:
            _keys(term, run, n, headline, heading, word, limit, notes)
        finally:
            term.close()
            values["rss"] = term.rss_mb
        _collector(run, term, log, values.get("first_paint"))
    return run


def _keys(
    term: Terminal,
    run: Explored,
    n: int,
    headline: str,
    heading: str,
    word: str,
    limit: float,
    notes: list[str],
) -> None:
    values = run.values
    values["first_paint"] = term.wait_text("Overview", limit)
    if values["first_paint"] is None:
        notes.append(f"N={n}: no first paint: {term.text().strip()[:300]!r}")
        return
    values["data_visible"] = term.wait_text(headline, limit) if headline else None
    if values["data_visible"] is None:
        notes.append(f"N={n}: headline {headline!r} not seen on screen")
    term.settle(term.started, limit, LONG_QUIET, wait_first=False)

    term.drain()
    sent = time.perf_counter()
    os.write(term.fd, b"2")
    if term.wait_text(heading, limit) is None:
        notes.append(f"N={n}: the heading {heading!r} never shown after 2")
    values["tab"], _ = term.settle(sent, limit, LONG_QUIET, wait_first=False)
    term.keys.append(("2", sent, max(term.last_byte, sent)))
    steps = run.steps
    steps.extend(term.key(DOWN, limit) for _ in range(10))
    times = [t for t, _ in steps]
    sizes = [float(b) for _, b in steps]
    done = [t for t in times if t is not None]
    values["step_median"] = _median(times)
    values["step_max"] = max(done) if len(done) == len(times) else None
    values["step_bytes_median"] = statistics.median(sizes)
    values["step_bytes_max"] = max(sizes)

    term.key(b"/", limit, LONG_QUIET)
    first_key = time.perf_counter()
    term.type(word.encode(), TYPING)
    sent = time.perf_counter()
    os.write(term.fd, b"\r")
    # Settled: the word is shown above the filter line (in the table's title or rows)
    # and nothing has been written for a while.
    if term.wait_text(word, limit, above=ROWS - 2) is None:
        notes.append(f"N={n}: {word!r} never shown after the filter")
    elapsed, _ = term.settle(sent, limit, LONG_QUIET, wait_first=False)
    term.keys.append(("\r", sent, max(term.last_byte, sent)))
    values["filter"] = elapsed
    values["filter_word"] = None if elapsed is None else elapsed + sent - first_key
    term.quit(30)


def measure(n: int, directory: Path, word: str, limit: float, runs: int = 1) -> Result:
    result = Result(n)
    path = directory / f"bijie-{n}.json"
    elapsed, size = _timed(lambda: generate.write(n, path))
    result.values["generate"] = elapsed
    result.values["size"] = size / 2**20
    validated = [_run([str(BIN), "validate", str(path)], limit) for _ in range(3)]
    if any(status != 0 for _, status, _ in validated):
        result.notes.append(f"N={n}: validate failed or timed out")
    result.values["validate"] = _median([t for t, _, _ in validated])
    result.values["validate_rss"] = max(rss for _, _, rss in validated)
    headline, heading = _model(path, result, word)
    gc.collect()
    for _ in range(max(1, runs)):
        result.runs.append(_explore(path, n, headline, heading, word, limit, result.notes))
    for key in EXPLORER:
        found = [run.values.get(key) for run in result.runs]
        done = [v for v in found if v is not None]
        result.values[key] = statistics.median(done) if done else None
    return result


def longest_collection(result: Result) -> str:
    """Which key the longest collection on a key landed on, in the run that had it."""
    worst = max(result.runs, key=lambda run: run.values.get("gc_on_key") or 0.0, default=None)
    return worst.gc_key if worst is not None else ""


# -- the table -----------------------------------------------------------------------------------

# key, label, scale, format, budget (on the scaled value)
ROWS_SPEC: list[tuple[str, str, float, str, float | None]] = [
    ("size", "dataset file (MiB)", 1, "{:.1f}", None),
    ("generate", "generate the file (s)", 1, "{:.2f}", None),
    ("validate", "bijie-tui validate, median of 3 (s)", 1, "{:.2f}", None),
    ("validate_rss", "bijie-tui validate, peak memory (MB)", 1, "{:.0f}", None),
    ("json_load", "json.loads of the file in process, median of 3 (s)", 1, "{:.2f}", None),
    ("load", "load() in process, median of 3 (s)", 1, "{:.2f}", None),
    ("catalog", "Catalog indexes in process (s)", 1, "{:.3f}", None),
    ("table_model", "first sector's table, model only (s)", 1, "{:.3f}", None),
    ("rows", "first sector's rows", 1, "{:,.0f}", None),
    ("matches", "rows the filter word matches", 1, "{:,.0f}", None),
    ("first_paint", "first paint: Overview on screen (s)", 1, "{:.2f}", 3.0),
    ("data_visible", "data visible: headline value on screen (s)", 1, "{:.2f}", None),
    ("tab", "tab switch to the first sector (s)", 1, "{:.2f}", None),
    ("step_median", "cursor step, median of 10 (ms)", 1000, "{:.0f}", 50),
    ("step_max", "cursor step, max of 10 (ms)", 1000, "{:.0f}", None),
    ("step_bytes_median", "cursor step, bytes, median", 1, "{:,.0f}", None),
    ("step_bytes_max", "cursor step, bytes, max", 1, "{:,.0f}", None),
    ("filter", "filter: enter until quiet (ms)", 1000, "{:.0f}", 300),
    ("filter_word", "filter: first key of the word until quiet (ms)", 1000, "{:.0f}", None),
    ("rss", "explorer peak memory (MB)", 1, "{:.0f}", 400),
    ("gc_on_key", "longest collection on a key (ms)", 1000, "{:.0f}", GC_LIMIT * 1000),
    ("gc_on_key_over_limit", "collections over 20 ms on a key", 1, "{:.0f}", None),
    ("gc_after_paint", "longest collection after first paint (ms)", 1000, "{:.0f}", None),
]


def _cell(value: Value, scale: float, fmt: str) -> str:
    return "timeout" if value is None else fmt.format(value * scale)


def table(results: list[Result]) -> str:
    label_width = max(len(label) for _, label, *_ in ROWS_SPEC)
    last = results[-1].n
    runs = max(len(r.runs) for r in results)
    width = 22 if runs > 1 else 12
    head = f"{'figure':<{label_width}}"
    head += "".join(f"{r.n:>{width},}" for r in results)
    head += f"   budget at {last:,}"
    lines = [head, "-" * len(head)]
    for key, label, scale, fmt, budget in ROWS_SPEC:
        line = f"{label:<{label_width}}"
        for result in results:
            cell = _cell(result.values.get(key), scale, fmt)
            found = result.spread(key) if key in EXPLORER else None
            if found is not None and found["n"] > 1 and found["min"] != found["max"]:
                low, high = (_cell(found[k], scale, fmt) for k in ("min", "max"))
                cell += f" ({low}–{high})"
            line += f"{cell:>{width}}"
        if budget is not None:
            value = results[-1].values.get(key)
            over = value is None or (
                value * scale > budget if key == "gc_on_key" else value * scale >= budget
            )
            verdict = "FAIL" if over else "PASS"
            unit = "ms" if scale == 1000 else ("MB" if key == "rss" else "s")
            sign = "≤" if key == "gc_on_key" else "<"
            line += f"   {f'{sign} {budget:g} {unit}':<10} {verdict}"
        lines.append(line)
    if runs > 1:
        lines.append(f"(the explorer's figures: median (least–greatest) of {runs} runs)")
    for result in results:
        where = longest_collection(result)
        if where:
            lines.append(f"longest collection on a key at {result.n:,}: {where}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--sizes",
        default="10000,100000",
        help="numbers of figures, comma-separated (default 10000,100000)",
    )
    parser.add_argument("--filter", default="weining", help="the word typed after / (weining)")
    parser.add_argument(
        "--timeout", type=float, default=180.0, help="seconds any one step may take (180)"
    )
    parser.add_argument("--runs", type=int, default=1, help="runs of the explorer (1)")
    parser.add_argument("--keep", type=Path, help="write the datasets here and keep them")
    parser.add_argument("--steps", action="store_true", help="also print every cursor step")
    parser.add_argument(
        "--json-out", type=Path, metavar="FILE", help="also write the figures as JSON to FILE"
    )
    args = parser.parse_args(argv)
    try:
        sizes = sorted({int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()})
    except ValueError:
        parser.error("--sizes takes numbers separated by commas")
    if not sizes or min(sizes) < 1:
        parser.error("--sizes takes numbers of at least 1")
    if not BIN.exists():
        parser.error(f"{BIN.name} is not installed next to this Python")

    started = time.perf_counter()
    load = record.LoadWatch()
    print(f"scenario {SCENARIO}; changes: " + "; ".join(SCENARIO_CHANGES))
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="bijie-large-") as tmp:
        directory = args.keep or Path(tmp)
        directory.mkdir(parents=True, exist_ok=True)
        for n in sizes:
            print(f"measuring {n:,} figures ...", file=sys.stderr, flush=True)
            results.append(measure(n, directory, args.filter, args.timeout, args.runs))
            load.sample()
    print(table(results))
    for result in results:
        if args.steps:
            cells = ", ".join(f"{_cell(t, 1000, '{:.0f}')} ms {b} B" for t, b in result.steps)
            print(f"cursor steps at {result.n:,}: {cells}")
        for note in result.notes:
            print(f"note: {note}")
    print(f"\n(the run took {time.perf_counter() - started:.0f} s)")
    if args.json_out is not None:
        report = {
            "benchmark": "large",
            "scenario": {"version": SCENARIO, "changes": list(SCENARIO_CHANGES)},
            "machine": record.machine(load),
            "runs": args.runs,
            "sizes": [r.as_json() for r in results],
        }
        record.write(args.json_out, report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
