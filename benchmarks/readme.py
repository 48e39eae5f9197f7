"""Write the README's benchmark figures from the last ``make bench`` (``benchmarks/results/``).

Every figure of a benchmark in README.md stands between two markers::

    <!-- bench:NAME begin -->
    ...
    <!-- bench:NAME end -->

and this script writes what stands between them, from the JSON the benchmarks wrote
(``budgets.json`` from ``budgets.py``, ``ssh.json`` from ``ssh.py``), with the date, the number
of CPUs and the load average of the run. A section whose begin marker ends its line is a block
(tables, paragraphs); one whose begin marker is followed by text on the same line is a sentence
inside a paragraph, wrapped as the README's lines are. Nothing between markers is written by
hand: ``make bench`` ends by running this script, and a test checks that each section is what
the script would write from the committed results.

Run: .venv/bin/python benchmarks/readme.py [--check] [--readme README.md] [--results DIR]
(--check: write nothing, and exit 1 with the differences when the README is not up to date)
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
import textwrap
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import record

ROOT = Path(__file__).resolve().parents[1]
WIDTH = 96
"""The README's line width for a sentence written inside a paragraph."""
FILES = ("budgets", "ssh")
"""The results the README's figures come from (``NAME.json`` in the results directory)."""

MARKER = re.compile(r"<!-- bench:(?P<name>[a-z0-9-]+) (?P<end>begin|end) -->")

Results = Mapping[str, Any]


def begin(name: str) -> str:
    return f"<!-- bench:{name} begin -->"


def end(name: str) -> str:
    return f"<!-- bench:{name} end -->"


def load_results(directory: Path) -> dict[str, Any]:
    """Each results file by name (None for one that is not there)."""
    found: dict[str, Any] = {}
    for name in FILES:
        path = directory / f"{name}.json"
        found[name] = record.read(path) if path.exists() else None
    return found


# -- words ---------------------------------------------------------------------------------------


def when(machine: Mapping[str, Any]) -> str:
    """The run in a few words: ``make bench`` of a date, the CPUs, the load average."""
    load = machine.get("load", {})
    cpus = machine.get("cpus", 0)
    return (
        f"`make bench` of {str(machine.get('date', ''))[:10]}: {cpus} CPUs, load average "
        f"{load.get('start', 0):.1f} at the start, {load.get('end', 0):.1f} at the end, "
        f"{load.get('max', 0):.1f} at most"
    )


def _n(value: float | None, digits: int = 0) -> str:
    return "n/a" if value is None else f"{value:,.{digits}f}"


def _ms(value: float | None) -> str:
    return "n/a" if value is None else f"{value * 1000:,.0f} ms"


def _s(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f} s"


def _runs(n: int) -> str:
    return f"{n} run" if n == 1 else f"{n} runs"


def _table(head: Sequence[str], align: str, rows: Sequence[Sequence[str]]) -> str:
    """A Markdown table; ``align`` has ``l`` or ``r`` for each column."""
    lines = ["| " + " | ".join(head) + " |"]
    lines.append("|" + "|".join("---" if a == "l" else "---:" for a in align) + "|")
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def _missing(what: str) -> str:
    return f"(No figures: `make bench` has not written {what}.)"


# -- the sections --------------------------------------------------------------------------------


def _medians(results: Results, program: str) -> dict[str, float | None]:
    bandwidth = results["budgets"]["bandwidth"]["80x24"]
    found: dict[str, float | None] = bandwidth.get(program, {}).get("medians", {})
    return found


def bandwidth_section(results: Results) -> str:
    budgets = results.get("budgets")
    if budgets is None:
        return _missing("budgets.json")
    names = ("default", "low-bandwidth", "floor")
    medians = {name: _medians(results, name) for name in names}
    runs = budgets["runs"]
    mouse = {
        name: budgets["bandwidth"]["80x24"].get(name, {}).get("mouse_reporting", False)
        for name in names
    }

    def row(label: str, cell: Callable[[str], str]) -> list[str]:
        return [label, *(cell(name) for name in names)]

    def b(key: str) -> Callable[[str], str]:
        return lambda name: _n(medians[name].get(key))

    def pair(first: str, second: str, fmt: Callable[[float | None], str]) -> Callable[[str], str]:
        return lambda name: f"{_n(medians[name].get(first))} / {fmt(medians[name].get(second))}"

    def mouse_cell(name: str) -> str:
        cell = _n(medians[name].get("mouse_bytes"))
        return cell if mouse[name] else f"{cell} (not reported)"

    rows = [
        row("first paint, the data on screen", lambda n: _s(medians[n].get("first_paint_s"))),
        row("bytes at start-up (one screen, sent once)", b("startup_bytes")),
        row("a cursor step, bytes median / max", pair("key_bytes_median", "key_bytes_max", _n)),
        row(
            "a cursor step, time to paint (median)",
            lambda n: _ms(medians[n].get("key_time_median_s")),
        ),
        row("a cursor step compressed as by `ssh -C` (median)", b("key_compressed_median")),
        row(
            "… with the pane hidden (`p`): bytes / compressed / time",
            lambda n: (
                f"{_n(medians[n].get('bare_key_bytes_median'))} / "
                f"{_n(medians[n].get('bare_key_compressed_median'))} / "
                f"{_ms(medians[n].get('bare_key_time_median_s'))}"
            ),
        ),
        row("first visit of a tab, bytes / time", pair("tab_switch_bytes", "tab_switch_s", _s)),
        row("revisit of a tab, bytes / time", pair("tab_revisit_bytes", "tab_revisit_s", _s)),
        row("filter `/guangdong`", b("filter_bytes")),
        row("opening a detail", b("open_detail_bytes")),
        row(
            "closing it with `escape`, bytes / time",
            pair("close_detail_bytes", "close_detail_s", _ms),
        ),
        row("holding ↓ for a second (30 steps)", b("held_down_30_bytes")),
        row(
            "… its last byte after the last press",
            lambda n: _ms(medians[n].get("held_down_settle_s")),
        ),
        row("resize 80×24 → 120×40, bytes / time", pair("resize_bytes", "resize_s", _ms)),
        row("idle 5 s", b("idle_bytes")),
        row("30 mouse moves", mouse_cell),
        row("peak memory", lambda n: f"{_n(medians[n].get('peak_mb'))} MB"),
    ]
    table = _table(
        ("80×24, 256 colours", "default", "`--low-bandwidth`", "stock Textual"), "lrrr", rows
    )
    intro = (
        f"Medians of {_runs(runs)} at 80×24 (the cursor marks its whole row; "
        f"{when(budgets['machine'])}):"
    )
    return f"{intro}\n\n{table}"


def budgets_section(results: Results) -> str:
    budgets = results.get("budgets")
    if budgets is None:
        return _missing("budgets.json")
    rows = budgets["budgets"]
    met = sum(1 for r in rows if r["verdict"] == "PASS")
    cells = []
    for r in rows:
        what = _budget_label(r["what"], r["note"])
        ratio = "n/a" if r["ratio"] is None else f"{r['ratio']:.2f}"
        cells.append(
            [
                what,
                record.fmt(r["figure"], r["unit"]),
                "n/a" if r["budget"] is None else record.fmt(r["budget"], r["unit"]),
                ratio,
                r["verdict"],
            ]
        )
    table = _table(("budget", "figure", "budget", "ratio", ""), "lrrrl", cells)
    intro = f"On that run ({when(budgets['machine'])}), {met} of {len(rows)} were met:"
    return f"{intro}\n\n{table}"


def _budget_label(what: str, note: str) -> str:
    """A budget's label with its base figure (``stock 24 ms``) in its brackets."""
    for name in ("bijie-tui show", "bijie-tui validate", "json.loads"):
        what = what.replace(name, f"`{name}`")
    what = what.replace("figures: validate", "figures: `validate`")
    base = note.split(" ", 1)[1] if " " in note else ""
    if base and what.endswith("stock Textual)"):
        return f"{what[:-1]}'s {base})"
    if base and what.endswith(")"):
        return f"{what[:-1]}, {base})"
    return f"{what} ({note})" if note else what


def first_paint_section(results: Results) -> str:
    budgets = results.get("budgets")
    if budgets is None:
        return _missing("budgets.json")
    sizes = budgets["bandwidth"]["80x24"]
    spread = {
        name: sizes.get(name, {}).get("spreads", {}).get("first_paint_s")
        for name in ("default", "floor")
    }
    medians = {name: _medians(results, name) for name in ("default", "floor")}

    def span(found: Mapping[str, float] | None) -> str:
        if found is None:
            return "n/a"
        if found["min"] == found["max"]:
            return f"{found['min']:.2f} s"
        return f"{found['min']:.2f}–{found['max']:.2f} s"

    return (
        f"These figures move from run to run with what else the machine does: over the "
        f"{_runs(budgets['runs'])} of that `make bench`, stock Textual's first paint was "
        f"{span(spread['floor'])} and the explorer's {span(spread['default'])}. Stock Textual "
        f"paints its first frame before its screen is complete: the last byte of its start "
        f"came after {_s(medians['floor'].get('startup_done_s'))}, the explorer's after "
        f"{_s(medians['default'].get('startup_done_s'))}."
    )


def goals_section(results: Results) -> str:
    budgets = results.get("budgets")
    if budgets is None:
        return _missing("budgets.json")
    goals = budgets["goals"]
    met = sum(1 for g in goals if g["verdict"] == "PASS")
    cells = []
    for g in goals:
        what = (
            g["what"].replace("export --sqlite", "`export --sqlite`").replace("ssh -C", "`ssh -C`")
        )
        what = what.replace("escape", "`escape`")
        ratio = "n/a" if g["ratio"] is None else f"{g['ratio']:.2f}"
        cells.append(
            [
                what,
                record.fmt_spread(g["app"], g["unit"]),
                "–" if g["stock"] is None else record.fmt_spread(g["stock"], g["unit"]),
                g["bound_text"],
                ratio,
                g["verdict"],
            ]
        )
    table = _table(("goal", "bijie-tui", "stock Textual", "goal", "ratio", ""), "lrrrrl", cells)
    runs = budgets["runs"]
    intro = (
        f"Medians of {_runs(runs)} with the least and greatest in brackets, stock Textual's "
        f"from the same runs ({when(budgets['machine'])}); {met} of {len(goals)} met:"
    )
    notes = []
    for g in goals:
        if g["what"].startswith("100,000 figures") and g["note"]:
            notes.append(f"The longest collection on a key was of {g['note']}.")
    by_program = budgets.get("bandwidth", {}).get("80x24", {})
    following = by_program.get("floor-follow", {}).get("spreads", {})
    staying = by_program.get("floor", {}).get("spreads", {})
    if following and staying:
        notes.append(
            "Stock Textual's pane stays as it is on a cursor step, while the explorer's shows "
            "the new row's record; with its pane following the cursor (`floor_app.py "
            f"--follow`) its step took {record.fmt_spread(following['key_time_median_s'], 'ms')} "
            "and compressed to "
            f"{record.fmt_spread(following['key_compressed_median'], 'B')}, and with its pane "
            f"that stays, to {record.fmt_spread(staying['key_compressed_median'], 'B')}."
        )
    export = budgets.get("export")
    if export is not None:
        notes.append(
            f"On a quiet disk the export took {record.fmt_spread(export['export_quiet'], 'ms')}; "
            f"the whole command {record.fmt_spread(export['command_quiet'], 'ms')}, and "
            f"{record.fmt_spread(export['command_busy'], 'ms')} on the busy disk."
        )
    tail = f"\n\n{' '.join(notes)}" if notes else ""
    return f"{intro}\n\n{table}{tail}"


def large_section(results: Results) -> str:
    budgets = results.get("budgets")
    large = budgets.get("large") if budgets is not None else None
    if budgets is None or large is None:
        return "(No figures for 100,000 figures: `make bench` has not measured them.)"
    values = large["values"]
    validate, parse = values.get("validate"), values.get("json_load")
    times = "n/a" if not validate or not parse else f"{validate / parse:.1f} ×"
    runs = len(large.get("runs", [])) or 1
    return (
        f"A dataset of {large['n']:,} figures ({values.get('size', 0):.0f} MiB) validates in "
        f"{_s(validate)} ({times} reading the JSON alone); the explorer's peak memory with it is "
        f"{_n(values.get('rss'))} MB, a cursor step takes {_ms(values.get('step_median'))} and "
        f"a filter {_s(values.get('filter'))}, because tables draw only the rows on screen "
        f"(`benchmarks/large.py`, medians of {_runs(runs)}; {when(budgets['machine'])})."
    )


def _ssh_rows(found: Mapping[str, Any], prefix: str, steps: Sequence[str]) -> list[list[str]]:
    labels = {
        "connect": "connecting (key exchange, authentication, pty)",
        "startup": "start-up",
        "first_tab": "first visit of a tab",
        "tab_switch": "switching tab",
        "key": "a cursor step (median)",
    }
    rows = []
    for step in steps:
        cells = found["steps"][step]
        received, wire = cells["received"], cells["wire"]
        framing = f"+{(wire - received) / received:.0%}" if received else ""
        framing = framing.replace("%", " %")
        local = "" if cells["local"] is None else _n(cells["local"])
        shown = "" if step == "connect" else _n(received)
        rows.append(
            [
                prefix + labels[step],
                local,
                shown,
                _n(wire),
                framing,
                "" if cells["wire_compressed"] is None else _n(cells["wire_compressed"]),
            ]
        )
    return rows


def ssh_section(results: Results) -> str:
    ssh = results.get("ssh")
    if ssh is None:
        return _missing("ssh.json")
    memory = ssh.get("memory")
    parts = []
    if memory is not None:
        idle, busy = memory["server_idle"][0] / 1024, memory["server_busy"][0] / 1024
        server = (
            f"{idle:.0f} MB for the server itself, the same with or without sessions"
            if round(idle) == round(busy)
            else f"{idle:.0f} MB for the server itself ({busy:.0f} MB with the sessions)"
        )
        parts.append(
            f"What a session costs, from `benchmarks/ssh.py` ({memory['size'].replace('x', '×')}; "
            f"{memory['sessions']} sessions at once, each with its overview drawn; "
            f"{when(ssh['machine'])}): **{memory['rss_kb'] / 1024:.0f} MB resident per session "
            f"process ({memory['pss_kb'] / 1024:.0f} MB proportional, counting shared pages once "
            f"among the sessions)**, and {server}."
        )
    default, low = ssh.get("default"), ssh.get("low-bandwidth")
    if default is not None:
        client = default["client"]
        same = all(
            cells["local"] == cells["received"]
            for mode in (default, low)
            if mode is not None
            for step, cells in mode["steps"].items()
            if step != "connect"
        )
        receives = "exactly what" if same else "about what"
        who = "OpenSSH's `ssh`" if client == "ssh" else "asyncssh's client (no `ssh` installed)"
        parts.append(
            f"The bytes are the app's own: {who} receives {receives} the app writes in a local "
            f"pseudo-terminal, SSH adds its framing (packet length, padding, MAC), and "
            f"`ssh -C` compresses what it frames; medians of {_runs(default['runs'])}:"
        )
        rows = _ssh_rows(default, "", ("connect", "startup", "first_tab", "tab_switch", "key"))
        if low is not None:
            rows += _ssh_rows(low, "`--low-bandwidth`: ", ("startup", "tab_switch", "key"))
        size = ssh.get("size", "80x24").replace("x", "×")
        head = (
            f"{size}, bytes",
            "local pty",
            "`ssh` receives",
            "on the wire",
            "framing",
            "`ssh -C`: on the wire",
        )
        parts.append(_table(head, "lrrrrr", rows))
    return "\n\n".join(parts)


def windows_section(results: Results) -> str:
    ssh = results.get("ssh")
    found = ssh.get("windows") if ssh is not None else None
    if ssh is None or not found:
        return "(no figures: `make bench` has not measured the window sizes)"
    by_size = {(w["cols"], w["rows"]): w for w in found}
    parts: list[str] = []
    for (cols, rows), how in (
        ((80, 24), "at 80×24"),
        ((500, 200), "at 500×200"),
        ((1000, 1000), "and at the 1000×1000 a client could ask for before,"),
    ):
        w = by_size.get((cols, rows))
        if w is not None:
            parts.append(
                f"{how} with {w['rss_mb']:.0f} MB"
                + (" resident" if not parts else "")
                + f" and {w['cpu_s']:.2f} s"
                + (" of CPU" if not parts else "")
            )
    return (
        f"the explorer drew its first screen {', '.join(parts)} (`benchmarks/ssh.py`, "
        f"{when(ssh['machine'])})."
    )


SECTIONS: dict[str, Callable[[Results], str]] = {
    "large": large_section,
    "bandwidth": bandwidth_section,
    "budgets": budgets_section,
    "first-paint": first_paint_section,
    "goals": goals_section,
    "windows": windows_section,
    "ssh": ssh_section,
}
"""Each section's name and what writes it."""


# -- rewriting the README ------------------------------------------------------------------------


class MarkerError(Exception):
    """The README's markers are missing, repeated, unknown or out of order."""


def check_markers(text: str) -> None:
    """Each section's markers are there once, the begin before the end; no others."""
    seen: dict[str, list[str]] = {}
    for match in MARKER.finditer(text):
        seen.setdefault(match["name"], []).append(match["end"])
    unknown = sorted(set(seen) - set(SECTIONS))
    if unknown:
        raise MarkerError(f"markers of no known section: {', '.join(unknown)}")
    for name in SECTIONS:
        if seen.get(name) != ["begin", "end"]:
            found = ", ".join(seen.get(name, [])) or "none"
            raise MarkerError(f"section {name!r}: want one begin then one end, found {found}")


UNIT = re.compile(r"(?<=\d) (?=(?:ms|s|MB|MiB|KB|B|%|×|CPUs|runs?)\b)")
"""A space between a number and its unit, which a line is not broken at."""
CODE = re.compile(r"`[^`]*`")
"""Code, which a line is not broken in."""


def _wrap(text: str, head: str = "", tail: str = "") -> str:
    """``text`` and ``tail`` wrapped to :data:`WIDTH`, the first line starting after ``head``
    (what its line holds before it), the others indented as that line is."""
    indent = head[: len(head) - len(head.lstrip(" "))]
    body = UNIT.sub("\0", " ".join(text.split()))
    body = CODE.sub(lambda code: code.group().replace(" ", "\0"), body) + tail.replace(" ", "\0")
    lines = textwrap.wrap(
        body,
        width=WIDTH,
        initial_indent="\1" * len(head),
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    )
    lines[0] = lines[0][len(head) :]
    return "\n".join(lines).replace("\0", " ")


def _block(text: str) -> str:
    """Paragraphs wrapped to :data:`WIDTH`; tables as they are."""
    parts = text.split("\n\n")
    return "\n\n".join(p if p.startswith("|") else _wrap(p) for p in parts)


def rewrite(text: str, results: Results) -> str:
    """``text`` (the README) with every section written from ``results``."""
    check_markers(text)
    out = []
    at = 0
    for start, name in sorted((text.index(begin(name)), name) for name in SECTIONS):
        stop = text.index(end(name))
        if start < at or stop < start:
            raise MarkerError(f"section {name!r} overlaps another or ends before it begins")
        content = SECTIONS[name](results).strip()
        after = start + len(begin(name))
        out.append(text[at:after])
        if text.startswith("\n", after):
            out.append(f"\n{_block(content)}\n\n{end(name)}")
        else:
            line_start = text.rfind("\n", 0, start) + 1
            out.append(_wrap(content, text[line_start:after], end(name)))
        at = stop + len(end(name))
    out.append(text[at:])
    return "".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--readme", type=Path, default=ROOT / "README.md")
    parser.add_argument("--results", type=Path, default=record.RESULTS)
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if the README is not current"
    )
    args = parser.parse_args(argv)
    text = args.readme.read_text(encoding="utf-8")
    try:
        new = rewrite(text, load_results(args.results))
    except MarkerError as error:
        print(f"readme: {args.readme}: {error}", file=sys.stderr)
        return 2
    if args.check:
        if new == text:
            return 0
        diff = difflib.unified_diff(
            text.splitlines(True), new.splitlines(True), "README.md", "as make bench writes it"
        )
        sys.stdout.writelines(diff)
        return 1
    if new != text:
        args.readme.write_text(new, encoding="utf-8")
        print(f"{args.readme.name}: the benchmark figures written from {args.results}")
    else:
        print(f"{args.readme.name}: the benchmark figures are already those of {args.results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
