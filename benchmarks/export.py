"""How long ``bijie-tui export --sqlite`` takes for the bundled dataset, on a quiet and a busy disk.

Two figures, each the median (and least and greatest) of ``--runs`` exports, each into a new
file in a directory of its own:

- *the export*: in process, with the dataset already loaded (as in the explorer, whose export
  dialog writes the same files): ``write_sqlite`` and ``write_metadata``, what the command does
  once it has read the dataset; this is what the goal of 150 ms is about;
- *the command*: the wall time of ``bijie-tui export --sqlite FILE``, which also starts Python
  and reads the dataset.

Each is taken on a quiet disk, then again on a busy one: another process writes 1 MiB blocks to
a file in the same directory, each followed by ``fsync``, all the while (the file is rewritten
from its start every 64 MiB). Where ``strace`` can trace a process, the number of ``fsync`` and
``fdatasync`` calls of one command is counted too.

The directory is made under ``--dir`` (default: this file's directory, on the disk of the
checkout, as a temporary directory such as /tmp may be memory); its file system is named in
the output. Nothing is asserted: the script exits 0 whatever the figures.

Run: .venv/bin/python benchmarks/export.py [--runs 5] [--dir DIR] [--json-out FILE]
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import record

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent / "bijie-tui"
GOAL = 0.150
"""The goal for the export on a busy disk, in seconds."""

BUSY_WRITER = """
import os, sys
block = os.urandom(1 << 20)
fd = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
written = 0
while True:
    if written >= 64 << 20:
        os.lseek(fd, 0, os.SEEK_SET)
        written = 0
    written += os.write(fd, block)
    os.fsync(fd)
"""


@contextlib.contextmanager
def busy_disk(directory: Path) -> Iterator[None]:
    """Another process writing and syncing 1 MiB blocks in ``directory`` meanwhile."""
    target = directory / "busy.bin"
    writer = subprocess.Popen([sys.executable, "-c", BUSY_WRITER, str(target)])
    try:
        time.sleep(1.0)  # under way
        yield
    finally:
        writer.kill()
        writer.wait()
        with contextlib.suppress(OSError):
            target.unlink()


def file_system(path: Path) -> str:
    """The type of the file system ``path`` is on (from /proc/self/mountinfo; "" if unknown)."""
    best, kind = "", ""
    try:
        lines = Path("/proc/self/mountinfo").read_text().splitlines()
    except OSError:
        return ""
    where = str(path.resolve())
    for line in lines:
        fields = line.split()
        if "-" not in fields:
            continue
        mount = fields[4]
        inside = where == mount or where.startswith(mount.rstrip("/") + "/")
        if inside and len(mount) >= len(best):
            best, kind = mount, fields[fields.index("-") + 1]
    return kind


def _in_process() -> Callable[[Path], float]:
    """A function that exports the loaded dataset to a path and returns the seconds it took."""
    from bijie_tui.model.loader import load
    from bijie_tui.model.query import Catalog
    from bijie_tui.model.sqlite_export import write_metadata, write_sqlite

    catalog = Catalog(load())

    def export(path: Path) -> float:
        start = time.perf_counter()
        write_sqlite(catalog, path)
        write_metadata(catalog, path)
        return time.perf_counter() - start

    return export


def _command(path: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        [str(BIN), "export", "--sqlite", str(path)],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def syncs(directory: Path) -> int | None:
    """How many fsync and fdatasync calls one command makes (None without a working strace)."""
    strace = shutil.which("strace")
    if strace is None:
        return None
    log = directory / "strace.log"
    done = subprocess.run(
        [
            strace,
            "-f",
            "-qq",
            "-e",
            "trace=fsync,fdatasync",
            "-o",
            str(log),
            str(BIN),
            "export",
            "--sqlite",
            str(directory / "traced.db"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    if done.returncode != 0 or not log.exists():
        return None
    return sum(1 for line in log.read_text().splitlines() if "sync(" in line)


def _times(work: Callable[[Path], float], directory: Path, runs: int, tag: str) -> list[float]:
    times = []
    for n in range(runs):
        place = directory / f"{tag}-{n}"
        place.mkdir()
        times.append(work(place / "bijie.db"))
    return times


def measure(runs: int, under: Path) -> dict[str, Any]:
    """Every figure, as JSON: each a spread (median, least, greatest) of ``runs``."""
    export = _in_process()
    found: dict[str, Any] = {"runs": runs, "file_system": file_system(under)}
    with tempfile.TemporaryDirectory(prefix=".export-", dir=under) as tmp:
        directory = Path(tmp)
        found["syncs"] = syncs(directory)
        for disk in ("quiet", "busy"):
            with busy_disk(directory) if disk == "busy" else contextlib.nullcontext():
                found[f"export_{disk}"] = record.spread(
                    _times(export, directory, runs, f"{disk}-export")
                )
                found[f"command_{disk}"] = record.spread(
                    _times(_command, directory, runs, f"{disk}-command")
                )
    return found


def table(found: dict[str, Any]) -> str:
    runs = found["runs"]
    kind = f" ({found['file_system']})" if found["file_system"] else ""
    lines = [f"export --sqlite of the bundled dataset, median (least–greatest) of {runs}{kind}"]
    for what, key in (
        ("the export, dataset loaded (quiet disk)", "export_quiet"),
        ("the export, dataset loaded (busy disk)", "export_busy"),
        ("the command (quiet disk)", "command_quiet"),
        ("the command (busy disk)", "command_busy"),
    ):
        lines.append(f"  {what:<42} {record.fmt_spread(found[key], 'ms')}")
    count = found["syncs"]
    lines.append(
        "  fsync and fdatasync calls of one command   "
        + ("n/a (no strace)" if count is None else str(count))
    )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=5, help="exports of each kind (5)")
    parser.add_argument("--dir", type=Path, default=HERE, help="where to write (this directory)")
    parser.add_argument("--json-out", type=Path, metavar="FILE", help="also write JSON to FILE")
    args = parser.parse_args(argv)
    load = record.LoadWatch()
    found = measure(max(1, args.runs), args.dir)
    print(table(found))
    if args.json_out is not None:
        record.write(
            args.json_out, {"benchmark": "export", "machine": record.machine(load), **found}
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
