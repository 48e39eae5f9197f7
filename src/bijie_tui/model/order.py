"""The order a table opens in: what tells most comes first. Declared here once; a column the
reader sorts by (``s``) replaces it, and clearing the sort brings it back.

A sector's indicators:

1. the sector's headline indicator;
2. then those whose latest figure rests on at least one original source, before those resting
   only on copies or secondary accounts (marked ``†``);
3. within each, a series (two or more figures) before a single figure, the longer first;
4. then the order of the dataset file.

The timeline: the most recent milestone first. The collaboration of Guangzhou with Bijie
began in 2016 and runs on; the earlier pairing with Shenzhen (from 1996) is where the story
starts, not what a reader opens the explorer for, and comes last.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .caveats import weakness

if TYPE_CHECKING:
    from .query import Catalog
    from .records import Event, Indicator


def indicator_rank(catalog: Catalog, indicator: Indicator) -> tuple[bool, bool, int]:
    """Where ``indicator`` comes in its sector's table (lower first), short of file order."""
    figures = catalog.series.get(indicator.id, [])
    headline = catalog.sectors[indicator.sector].headline == indicator.id
    weak = bool(figures) and weakness(figures[-1], catalog.sources) is not None
    return (not headline, weak, -len(figures) if len(figures) > 1 else 0)


def sector_indicators(catalog: Catalog, sector: str) -> list[Indicator]:
    """The indicators of ``sector`` in the order its table opens in."""
    own = [i for i in catalog.data.indicators if i.sector == sector]
    return sorted(own, key=lambda i: indicator_rank(catalog, i))  # stable: then file order


def timeline(events: list[Event]) -> list[Event]:
    """The milestones, the most recent first (those of one date in file order)."""
    return sorted(events, key=lambda e: e.date, reverse=True)
