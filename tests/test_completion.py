"""Shell completion: bash and zsh scripts that know the commands and their options."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from bijie_tui.cli import run


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_script_names_every_command_and_option(
    shell: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["completion", shell]) == 0
    script = capsys.readouterr().out
    for word in ("validate", "show", "export", "schema", "config", "completion"):
        assert word in script, word
    for option in ("--format", "--sqlite", "--low-bandwidth", "--lang", "--data"):
        assert (f"-l {option[2:]} " if shell == "fish" else option) in script, option
    assert "markdown" in script and "sqlite" in script


def test_unknown_shell_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        run(["completion", "tcsh"])
    assert caught.value.code == 2
    assert "invalid choice: 'tcsh'" in capsys.readouterr().err


@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash here")
def test_bash_completes_commands_and_formats(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["completion", "bash"]) == 0
    script = capsys.readouterr().out

    def complete(*words: str) -> set[str]:
        line = " ".join(words)
        probe = (
            f"{script}\n"
            f"COMP_WORDS=({line}); COMP_CWORD={len(words) - 1}; "
            f'COMP_LINE="{line}"; COMP_POINT=${{#COMP_LINE}}\n'
            "_shtab_bijie_tui\n"
            'printf "%s\\n" "${COMPREPLY[@]}"\n'
        )
        done = subprocess.run(["bash", "-c", probe], capture_output=True, text=True, check=True)
        return set(done.stdout.split())

    assert {"show", "export", "config", "completion"} <= complete("bijie-tui", "")
    assert complete("bijie-tui", "show", "--format", "") >= {"csv", "json", "sqlite"}
    assert complete("bijie-tui", "completion", "") == {"bash", "zsh", "fish"}
    # The dataset's sectors after show.
    assert complete("bijie-tui", "show", "") >= {"all", "employment", "healthcare", "context"}
    assert complete("bijie-tui", "show", "he") == {"healthcare"}


def test_zsh_and_fish_complete_the_sectors(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["completion", "zsh"]) == 0
    assert "(all employment education industry healthcare context)" in capsys.readouterr().out
    assert run(["completion", "fish"]) == 0
    fish = capsys.readouterr().out
    assert (
        "complete -c bijie-tui -n '__fish_seen_subcommand_from show' -x "
        "-a 'all employment education industry healthcare context'"
    ) in fish
    assert "complete -c bijie-tui -n '__fish_use_subcommand' -a export" in fish


@pytest.mark.skipif(shutil.which("fish") is None, reason="no fish here")
def test_fish_reads_its_script(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["completion", "fish"]) == 0
    script = capsys.readouterr().out
    done = subprocess.run(["fish", "--no-execute"], input=script, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
