"""The SQLite export in Datasette: exports the bundled dataset to a temporary folder, serves it
with its metadata on a free loopback port and saves a PNG of one figure's row in the view an
analyst opens first (screenshots/datasette-figure.png), taken by headless Chromium.

Needs the ``test`` extra (Datasette) and Chromium (Debian: ``apt-get install chromium``).

    python screenshots/datasette.py [--figure GB389] [--out screenshots/datasette-figure.png]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from browser import CHROMIUM_FLAGS, _chromium, _free_port

HERE = Path(__file__).resolve().parent
SECONDS = 60.0
COLUMNS = (
    "indicator_en",
    "indicator_zh",
    "scope_en",
    "period_en",
    "display_en",
    "display_zh",
    "disagrees_with",
    "sources",
    "source_kinds",
    "quotes",
)
"""The view's columns the picture shows (all of them do not fit a page's width)."""


def _wait_for(url: str) -> None:
    deadline = time.monotonic() + SECONDS
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"datasette.py: {url} did not answer in {SECONDS:.0f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--figure", default="GB389")
    parser.add_argument("--out", type=Path, default=HERE / "datasette-figure.png")
    args = parser.parse_args()
    bin_dir = Path(sys.executable).parent
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bijie.db"
        subprocess.run([bin_dir / "bijie-tui", "export", "--sqlite", db], check=True)
        port = _free_port()
        server = subprocess.Popen(
            [
                bin_dir / "datasette",
                "serve",
                db,
                "-m",
                db.with_name("bijie.metadata.json"),
                "--port",
                str(port),
                "--setting",
                "truncate_cells_html",
                "120",
            ]
        )
        try:
            columns = "".join(f"&_col={c}" for c in COLUMNS)
            page = f"http://127.0.0.1:{port}/bijie/figures_explained?figure={args.figure}{columns}"
            _wait_for(page)
            subprocess.run(
                [
                    _chromium(),
                    *CHROMIUM_FLAGS,
                    f"--user-data-dir={Path(folder) / 'profile'}",
                    "--window-size=1400,900",
                    f"--screenshot={args.out}",
                    page,
                ],
                check=True,
                capture_output=True,
                timeout=SECONDS,
            )
        finally:
            server.terminate()
            server.wait(timeout=SECONDS)
    print(args.out.relative_to(HERE.parent) if args.out.is_relative_to(HERE.parent) else args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
