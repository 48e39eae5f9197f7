"""What a row, a link or a jump points at: a kind of record and its id."""

from __future__ import annotations

from typing import Literal

TargetKind = Literal["indicator", "entity", "source", "region", "event", "pairing"]
Target = tuple[TargetKind, str]
"""A kind of record and its id."""
