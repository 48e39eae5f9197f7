"""``bijie-tui`` and ``python -m bijie_tui``."""

from __future__ import annotations

import gc
import sys


def main() -> None:
    # No collecting of cycles while the program starts: its modules make many objects and
    # few cycles. A command collects again once the command line is read; the explorer once
    # its first screen is out.
    gc.disable()
    from .cli import run

    sys.exit(run())


if __name__ == "__main__":
    main()
