"""What a screen shows instead of a broken layout when the terminal is too small."""

from __future__ import annotations

from textual.widgets import Static

from .text import plain_str

MIN_WIDTH = 60
MIN_HEIGHT = 18


class TooSmall(Static):
    """Shown (by the stylesheet) only below :data:`MIN_WIDTH` × :data:`MIN_HEIGHT`."""

    def __init__(self) -> None:
        super().__init__(
            plain_str(
                f"Enlarge the terminal to at least {MIN_WIDTH}×{MIN_HEIGHT}\n"
                f"请把终端窗口放大到至少 {MIN_WIDTH}×{MIN_HEIGHT}\n\nq: quit / 退出"
            ),
            markup=False,
        )
