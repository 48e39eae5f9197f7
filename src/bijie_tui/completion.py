"""Shell completion scripts for bash, zsh and fish, made from the command line's parser (bash
and zsh by shtab; fish here, shtab having none), with the dataset's sector ids after ``show``.

Nothing here imports Textual; shtab is imported only when a script is asked for.
"""

from __future__ import annotations

import argparse
import shlex
from collections.abc import Sequence

PROG = "bijie-tui"
SECTORS_FUNCTION = "_bijie_tui_sectors"
"""The bash function that completes a sector (shtab calls it with the word typed so far)."""


def sector_completion(sectors: Sequence[str]) -> dict[str, str]:
    """How each shell completes a sector argument: ``all`` and the dataset's sector ids."""
    words = " ".join(("all", *sectors))
    return {"bash": SECTORS_FUNCTION, "zsh": f"({words})"}


def _bash_preamble(sectors: Sequence[str]) -> str:
    words = " ".join(("all", *sectors))
    return f'{SECTORS_FUNCTION}() {{\n  compgen -W "{words}" -- "$1"\n}}\n'


def script(parser: argparse.ArgumentParser, shell: str, sectors: Sequence[str] = ()) -> str:
    """The completion script of ``parser`` for ``shell`` (``bash``, ``zsh`` or ``fish``)."""
    if shell == "fish":
        return fish(parser, sectors)
    import shtab

    preamble = _bash_preamble(sectors) if shell == "bash" else ""
    text: str = shtab.complete(parser, shell=shell, root_prefix="bijie_tui", preamble=preamble)
    return text if text.endswith("\n") else text + "\n"


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:  # argparse has no public way to list its commands
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _helps(parser: argparse.ArgumentParser) -> dict[str, str]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return {a.dest: a.help or "" for a in action._choices_actions}
    return {}


def _options(parser: argparse.ArgumentParser, condition: str, sectors: Sequence[str]) -> list[str]:
    lines = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction) or action.help == argparse.SUPPRESS:
            continue
        description = shlex.quote((action.help or "").split("(")[0].strip()[:60])
        if action.option_strings:
            parts = [f"complete -c {PROG} -n {shlex.quote(condition)}"]
            for option in action.option_strings:
                if option.startswith("--"):
                    parts.append(f"-l {option[2:]}")
                elif len(option) == 2:
                    parts.append(f"-s {option[1:]}")
            if action.choices is not None:
                parts.append(f"-x -a {shlex.quote(' '.join(map(str, action.choices)))}")
            elif action.nargs != 0 and getattr(action, "complete", None) is not None:
                parts.append("-r -F")
            elif action.nargs != 0:
                parts.append("-x")
            parts.append(f"-d {description}")
            lines.append(" ".join(parts))
        elif action.dest == "sector" and sectors:
            words = " ".join(("all", *sectors))
            lines.append(
                f"complete -c {PROG} -n {shlex.quote(condition)} -x -a {shlex.quote(words)}"
                f" -d {description}"
            )
        elif action.choices is not None:
            words = " ".join(str(c) for c in action.choices if c is not None)
            lines.append(
                f"complete -c {PROG} -n {shlex.quote(condition)} -x -a {shlex.quote(words)}"
            )
    return lines


def fish(parser: argparse.ArgumentParser, sectors: Sequence[str] = ()) -> str:
    """A fish completion script: the commands, each one's options and their values."""
    commands = _subcommands(parser)
    helps = _helps(parser)
    names = " ".join(commands)
    lines = [f"# fish completion for {PROG}", f"complete -c {PROG} -f"]
    for name in commands:
        lines.append(
            f"complete -c {PROG} -n '__fish_use_subcommand' -a {name}"
            f" -d {shlex.quote(helps.get(name, ''))}"
        )
    lines += _options(parser, "__fish_use_subcommand", sectors)
    for name, sub in commands.items():
        lines += _options(sub, f"__fish_seen_subcommand_from {name}", sectors)
    lines.append(f"# commands: {names}")
    return "\n".join(lines) + "\n"
