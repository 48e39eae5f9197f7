"""``bijie-tui`` and ``python -m bijie_tui``."""

from __future__ import annotations

import sys


def main() -> None:
    from .cli import run

    sys.exit(run())


if __name__ == "__main__":
    main()
