"""The error of a dataset that cannot be used (kept light: the command line imports it early)."""

from __future__ import annotations


class DatasetError(Exception):
    """A dataset that cannot be used; ``str()`` is the one line shown to the user."""

    def __init__(self, file: str, where: str, what: str, *, io: bool = False) -> None:
        super().__init__(f"{file}: {where}: {what}")
        self.file, self.where, self.what = file, where, what
        self.io = io
        """True when the file could not be read at all (not a fault of its content)."""
