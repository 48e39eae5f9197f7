"""What the end of every --help says: examples of the command, the exit statuses and what
to give when reporting a problem (declared once; the command line and serve use them)."""

from __future__ import annotations

import textwrap

EXIT_STATUSES = (
    (0, "done"),
    (2, "a mistake in the command line, or a dataset that cannot be used"),
    (74, "a file that cannot be read or written (the output included)"),
    (130, "interrupted (ctrl+c)"),
)
"""Every exit status the command line gives, and why: in --help and the README."""


EXAMPLES: dict[str, tuple[str, ...]] = {
    "": (
        "bijie-tui                         the explorer",
        "bijie-tui --lang zh --low-bandwidth",
        "bijie-tui show employment         a sector's figures as a table",
        "bijie-tui help show               a command's help",
    ),
    "validate": (
        "bijie-tui validate my-data.json",
        "curl -s URL | bijie-tui validate -   (standard input)",
    ),
    "show": (
        "bijie-tui show industry",
        "bijie-tui show all --format csv > figures.csv",
        "bijie-tui show 医疗协作 --lang zh --format markdown",
    ),
    "export": (
        "bijie-tui export --sqlite bijie.db",
        "datasette bijie.db -m bijie.metadata.json",
    ),
    "schema": ("bijie-tui schema > bijie-tui.schema.json",),
    "config": ("bijie-tui config", "BIJIE_TUI_CONFIG=other.toml bijie-tui config"),
    "completion": (
        'eval "$(bijie-tui completion bash)"',
        "bijie-tui completion zsh > ~/.zfunc/_bijie-tui",
        "bijie-tui completion fish > ~/.config/fish/completions/bijie-tui.fish",
    ),
    "serve": (
        "bijie-tui serve                   web browsers, on 127.0.0.1:8000",
        "bijie-tui serve --ssh             ssh -p 2222 localhost",
    ),
}
"""Examples of each command (``""``: the program), shown at the end of its --help."""

REPORT = (
    "To report a problem, give the output of 'bijie-tui --version' and 'bijie-tui config', "
    "the command and the error line (a crash report's path is printed when there is one)."
)


def epilog(command: str) -> str:
    """The end of a command's --help: its examples, the exit statuses, where to report."""
    lines = ["examples:", *(f"  {line}" for line in EXAMPLES.get(command, ()))]
    lines += ["", "exit status:"]
    lines += [f"  {status:<4} {why}" for status, why in EXIT_STATUSES]
    lines += ["", *textwrap.wrap(REPORT, 78)]
    return "\n".join(lines)
