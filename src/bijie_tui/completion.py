"""Shell completion scripts for bash and zsh, made by shtab from the command line's parser.

Nothing here imports Textual; shtab is imported only when a script is asked for.
"""

from __future__ import annotations

import argparse

PROG = "bijie-tui"


def script(parser: argparse.ArgumentParser, shell: str) -> str:
    """The completion script of ``parser`` for ``shell`` (``bash`` or ``zsh``)."""
    import shtab

    text: str = shtab.complete(parser, shell=shell, root_prefix="bijie_tui")
    return text if text.endswith("\n") else text + "\n"
