"""What ``serve --ssh`` lets a client hold before and after it has logged in.

Before: as sshd's MaxStartups and LoginGraceTime. Past :data:`STARTUPS_BEGIN` connections not
yet logged in, each new one drops the oldest of them with a chance that grows from
:data:`STARTUPS_RATE` percent to certainty at :data:`STARTUPS_FULL`, so that never more than
that many are held; each has :data:`LOGIN_GRACE` seconds to log in. sshd drops the new
connection instead: a client that holds the slots then keeps everyone out until its
connections time out; dropping the oldest lets a real login in while such a flood is held.
What was dropped is logged once a minute as a count, never a line per connection.

After: each source address may have at most ``--max-sessions-per-client`` sessions open (as
sshd's MaxSessions, counted over all of its connections), and each session at most
:data:`MAX_ENV_REQUESTS` environment requests.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable
from dataclasses import dataclass

STARTUPS_BEGIN = 10
STARTUPS_RATE = 30
STARTUPS_FULL = 60
"""sshd's ``MaxStartups 10:30:60``: connections not yet logged in, where dropping begins,
its chance there in percent, and where every new connection drops one."""
LOGIN_GRACE = 30.0
"""Seconds a connection has to log in (sshd's LoginGraceTime)."""
DROP_REPORT_INTERVAL = 60.0
"""Seconds between the log lines that count the connections dropped."""
DEFAULT_MAX_SESSIONS_PER_CLIENT = 4
"""Sessions open at once from one address."""
MAX_ENV_REQUESTS = 16
"""Environment requests taken per session; the rest are refused."""


@dataclass(frozen=True)
class StartupLimits:
    """How many connections may be logging in at once, and for how long."""

    begin: int = STARTUPS_BEGIN
    rate: int = STARTUPS_RATE
    full: int = STARTUPS_FULL
    grace: float = LOGIN_GRACE
    report_interval: float = DROP_REPORT_INTERVAL

    def drop_chance(self, pending: int) -> float:
        """The chance that a new connection drops the oldest, with ``pending`` already held."""
        if pending < self.begin:
            return 0.0
        if pending >= self.full:
            return 1.0
        span = max(1, self.full - self.begin)
        return (self.rate + (100 - self.rate) * (pending - self.begin) / span) / 100


@dataclass(eq=False)
class _Pending:
    drop: Callable[[], None]
    timer: asyncio.TimerHandle | None = None


class Startups:
    """The connections not yet logged in, oldest first."""

    def __init__(
        self,
        limits: StartupLimits,
        log: Callable[[str], None],
        chance: Callable[[], float] = random.random,
    ) -> None:
        self.limits = limits
        self._log = log
        self._chance = chance
        self._pending: dict[object, _Pending] = {}
        self._over_limit = 0
        self._too_slow = 0
        self._report: asyncio.TimerHandle | None = None

    def __len__(self) -> int:
        return len(self._pending)

    def arrived(self, key: object, drop: Callable[[], None]) -> None:
        """A connection was accepted; ``drop`` ends it. The oldest may be dropped for it."""
        loop = asyncio.get_running_loop()
        if self._pending and self._chance() < self.limits.drop_chance(len(self._pending)):
            oldest = next(iter(self._pending))
            self._drop(oldest, timed_out=False)
        entry = _Pending(drop)
        entry.timer = loop.call_later(self.limits.grace, self._drop, key, True)
        self._pending[key] = entry

    def left(self, key: object) -> None:
        """The connection logged in or went away."""
        entry = self._pending.pop(key, None)
        if entry is not None and entry.timer is not None:
            entry.timer.cancel()

    def _drop(self, key: object, timed_out: bool) -> None:
        entry = self._pending.pop(key, None)
        if entry is None:
            return
        if entry.timer is not None:
            entry.timer.cancel()
        if timed_out:
            self._too_slow += 1
        else:
            self._over_limit += 1
        entry.drop()
        if self._report is None:
            loop = asyncio.get_running_loop()
            self._report = loop.call_later(self.limits.report_interval, self.report)

    def report(self) -> None:
        """Log the connections dropped since the last report, in one line."""
        self._report = None
        over, slow = self._over_limit, self._too_slow
        self._over_limit = self._too_slow = 0
        parts = []
        if over:
            parts.append(f"{over} for newer ones past {self.limits.full} not logged in")
        if slow:
            parts.append(f"{slow} not logged in within {self.limits.grace:g} s")
        if parts:
            self._log(f"dropped connections: {'; '.join(parts)}")

    def close(self) -> None:
        """Drop every connection still logging in, and log what was dropped."""
        for key in list(self._pending):
            entry = self._pending.pop(key)
            if entry.timer is not None:
                entry.timer.cancel()
            entry.drop()
        if self._report is not None:
            self._report.cancel()
            self.report()
