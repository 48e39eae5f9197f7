"""The model, queries and the command line without the TUI never import Textual."""

from __future__ import annotations

import subprocess
import sys

CHECK = """
import sys, io, contextlib
import bijie_tui.model.schema, bijie_tui.model.loader, bijie_tui.model.query
import bijie_tui.model.format, bijie_tui.model.output, bijie_tui.model.checks
import bijie_tui.model.ranking
from bijie_tui.cli import run
with contextlib.redirect_stdout(io.StringIO()):
    assert run(["validate"]) == 0
    assert run(["show", "all", "--format", "csv"]) == 0
    assert run(["show", "all", "--format", "json"]) == 0
heavy = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
print(",".join(heavy) or "clean")
"""


def test_version_and_help_stay_light() -> None:
    code = (
        "import sys, contextlib, io\n"
        "from bijie_tui.cli import run\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        "        run(['--version'])\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print(sorted(m for m in ('pydantic', 'textual', 'rich') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_headless_core_never_imports_textual() -> None:
    done = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "clean"


def test_the_explorer_paints_before_the_schema_is_imported() -> None:
    # The frame is drawn while the dataset loads; only loading needs pydantic.
    code = (
        "import sys\n"
        "import bijie_tui.app, bijie_tui.model.tables, bijie_tui.model.details\n"
        "print('pydantic' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
