"""Installs: an editable install (``pip install -e .``) finds the bundled dataset in data/,
and the wheel (what pip, pipx and uv install) carries it with the command.

Both build from a copy of the project with the build backend already installed here, without
build isolation and without an index: a few seconds, no network.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SECONDS = 120

pytestmark = pytest.mark.install


def _project(tmp_path: Path) -> Path:
    """A copy of what a clone of the project holds for building it."""
    project = tmp_path / "project"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "_data")
    shutil.copytree(ROOT / "src", project / "src", ignore=ignore)
    shutil.copytree(ROOT / "data", project / "data")
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, project / name)
    return project


def _pip(python: Path | str, *args: str) -> None:
    result = subprocess.run(
        [str(python), "-m", "pip", "--disable-pip-version-check", "--quiet", *args],
        capture_output=True,
        text=True,
        timeout=SECONDS,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _run(cwd: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(argv),
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=SECONDS,
    )


def test_an_editable_install_reads_the_dataset_from_data(tmp_path: Path) -> None:
    project = _project(tmp_path)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    # pip, the build backend and the app's dependencies from this environment; read after
    # the editable install's own path entry (.pth files are read in the order of their names).
    here = sysconfig.get_paths()["purelib"]
    Path(purelib, "zz_test_tools.pth").write_text(here + "\n", encoding="utf-8")
    _pip(python, "install", "--no-deps", "--no-build-isolation", "--no-index", "-e", str(project))

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = _run(elsewhere, str(python), "-c", "import bijie_tui; print(bijie_tui.__file__)")
    assert where.stdout.strip() == str(project / "src" / "bijie_tui" / "__init__.py")

    command = str(venv / "bin" / "bijie-tui")
    validated = _run(elsewhere, command, "validate")
    assert validated.returncode == 0, validated.stderr
    assert validated.stdout.startswith("bundled dataset: ok\n")
    shown = _run(elsewhere, command, "show", "employment", "--format", "csv")
    assert shown.returncode == 0 and "43139" in shown.stdout, shown.stderr
    overview = _run(elsewhere, command)  # output is a pipe: the overview as text
    assert overview.returncode == 0 and "Guangzhou" in overview.stdout, overview.stderr

    # The one copy of the dataset is data/bijie.json: a change there is what the app reads.
    (project / "data" / "bijie.json").write_text("{", encoding="utf-8")
    broken = _run(elsewhere, command, "validate")
    assert broken.returncode == 2
    assert broken.stdout == ""
    assert broken.stderr.startswith("bijie-tui: error: bundled dataset: line 1, column 2: ")
    assert broken.stderr.count("\n") == 1


def test_the_wheel_carries_the_dataset_and_the_command(tmp_path: Path) -> None:
    project = _project(tmp_path)
    out = tmp_path / "wheel"
    _pip(
        sys.executable,
        "wheel",
        "--no-deps",
        "--no-build-isolation",
        "--no-index",
        "-w",
        str(out),
        str(project),
    )
    (wheel,) = out.glob("bijie_tui-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        assert archive.read("bijie_tui/_data/bijie.json") == (ROOT / "data/bijie.json").read_bytes()
        (entry_points,) = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
        assert "bijie-tui = bijie_tui.__main__:main" in archive.read(entry_points).decode()
        (metadata,) = [n for n in names if n.endswith(".dist-info/METADATA")]
        extras = archive.read(metadata).decode()
    assert "Provides-Extra: serve" in extras
    assert "textual-serve" in extras
    # The licence travels with the package, named in its metadata.
    assert "License-Expression: MIT" in extras
    assert "License-File: LICENSE" in extras
    (licence,) = [n for n in names if n.endswith(".dist-info/licenses/LICENSE")]
    assert archive_licence(wheel, licence).startswith("MIT License")
    assert "Classifier: Environment :: Console" in extras
    assert "bijie_tui/app.tcss" in names
    assert not any(name.startswith(("tests/", "data/")) for name in names)


def archive_licence(wheel: Path, name: str) -> str:
    with zipfile.ZipFile(wheel) as archive:
        return archive.read(name).decode()


def _make_n(venv: Path, target: str) -> list[str]:
    """The commands ``make TARGET`` would run with ``.venv`` at ``venv`` (none is run)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MAKE", "MFLAGS"))}
    env.pop("PYTEST_ARGS", None)
    result = subprocess.run(
        ["make", "--no-print-directory", "-n", "-C", str(ROOT), target, f"VENV={venv}", "ARGS="],
        env=env,
        capture_output=True,
        text=True,
        timeout=SECONDS,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


@pytest.mark.skipif(shutil.which("make") is None, reason="no make here")
def test_make_run_installs_only_what_the_app_needs(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    run = _make_n(venv, "run")
    installs = [line for line in run if " install " in line]
    assert any(line.endswith(" install --no-warn-script-location .") for line in installs), run
    assert not any("[test]" in line for line in run), run
    assert run[-1] == f"{venv}/bin/bijie-tui "
    test = _make_n(venv, "test")
    assert any(line.endswith(" install --no-warn-script-location '.[test]'") for line in test)
    assert any("pytest" in line for line in test)

    # Once installed (the stamps newer than every source), nothing is installed again.
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "python").touch()
    (venv / ".installed").touch()
    (venv / ".installed-test").touch()
    assert _make_n(venv, "run") == [f"{venv}/bin/bijie-tui "]
    assert _make_n(venv, "pytest") == [f"{venv}/bin/python -m pytest "]
