"""The model, queries and the command line without the TUI never import Textual."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

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
    assert run(["config"]) == 0
    assert run(["completion", "bash"]) == 0
    assert run(["completion", "zsh"]) == 0
    assert run(["export", "--sqlite", sys.argv[1] + "/a.db"]) == 0
    assert run(["show", "--format", "sqlite", "--output", sys.argv[1] + "/b.db"]) == 0
heavy = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
print(",".join(heavy) or "clean")
"""


def _loaded_after(code: str, modules: tuple[str, ...]) -> list[str]:
    """Which of ``modules`` a fresh interpreter has imported after running ``code`` (with
    ``run``, the command line, at hand and its output swallowed)."""
    script = (
        "import sys, contextlib, io\n"
        "from bijie_tui.cli import run\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        + "".join(f"    {line}\n" for line in code.splitlines())
        + f"print(','.join(sorted(m for m in {modules!r} if m in sys.modules)))\n"
    )
    argv = [sys.executable, "-c", script]
    done = subprocess.run(argv, capture_output=True, text=True, check=True)
    return [name for name in done.stdout.strip().split(",") if name]


def test_version_and_help_stay_light() -> None:
    code = "try:\n    run(['--version'])\nexcept SystemExit:\n    pass"
    assert _loaded_after(code, ("pydantic", "textual", "rich")) == []


def test_headless_core_never_imports_textual(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", CHECK, str(tmp_path)], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "clean"


def test_show_and_validate_never_read_the_config() -> None:
    code = "assert run(['validate']) == 0\nassert run(['show', 'all', '--format', 'csv']) == 0"
    config = ("platformdirs", "tomllib", "shtab", "sqlite3", "bijie_tui.config")
    assert _loaded_after(code, config) == []


def test_the_bundled_dataset_is_loaded_and_validated_without_the_schema() -> None:
    code = (
        "from bijie_tui.model.loader import load\n"
        "load()\n"
        "assert run(['validate']) == 0\n"
        "assert run(['show', '--format', 'csv']) == 0"
    )
    assert _loaded_after(code, ("pydantic", "textual")) == []


def test_the_explorer_paints_before_the_schema_is_imported() -> None:
    # The explorer's own modules need no schema: only a dataset the quick build doubts does.
    code = (
        "import sys\n"
        "import bijie_tui.app, bijie_tui.model.tables, bijie_tui.model.details\n"
        "print('pydantic' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def _imports() -> dict[str, set[str]]:
    """Every module of the package and the modules of the package it imports, at any level
    (inside functions and type-checking blocks too)."""
    import ast
    from importlib import resources

    root = resources.files("bijie_tui")
    graph: dict[str, set[str]] = {}

    def walk(folder: Any, package: str) -> None:
        for item in folder.iterdir():
            if (
                item.is_dir()
                and item.name != "__pycache__"
                and item.joinpath("__init__.py").is_file()
            ):
                walk(item, f"{package}.{item.name}")
            elif item.name.endswith(".py"):
                name = package if item.name == "__init__.py" else f"{package}.{item.name[:-3]}"
                base = package.split(".") if item.name == "__init__.py" else name.split(".")[:-1]
                found: set[str] = set()
                for node in ast.walk(ast.parse(item.read_text(encoding="utf-8"))):
                    if isinstance(node, ast.ImportFrom) and node.level:
                        parts = base[: len(base) - node.level + 1]
                        module = ".".join([*parts, *([node.module] if node.module else [])])
                        found.add(module)
                    elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                        "bijie_tui"
                    ):
                        found.add(node.module or "")
                    elif isinstance(node, ast.Import):
                        found.update(a.name for a in node.names if a.name.startswith("bijie_tui"))
                graph[name] = found

    walk(root, "bijie_tui")
    return graph


def test_the_modules_import_one_another_without_a_cycle() -> None:
    graph = _imports()
    modules = set(graph)
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(module: str) -> None:
        state[module] = 1
        path.append(module)
        for target in sorted(graph.get(module, set()) & modules):
            if state.get(target) == 1:
                cycle = [*path[path.index(target) :], target]
                raise AssertionError(" -> ".join(cycle))
            if target not in state:
                visit(target)
        path.pop()
        state[module] = 2

    for module in sorted(modules):
        if module not in state:
            visit(module)


def test_the_model_imports_nothing_above_it() -> None:
    for module, targets in _imports().items():
        if module.startswith("bijie_tui.model"):
            above = {
                t
                for t in targets
                if t.startswith("bijie_tui.") and not t.startswith("bijie_tui.model")
            }
            assert not above, (module, above)
