"""The helpers that say when the app is idle read what they claim to read: they fail loudly
when a version of Textual drops a name they rely on, and they see the app's work still to come."""

from __future__ import annotations

import os
import platform
import time

import pytest

from bijie_tui.app import BijieApp
from bijie_tui.model.query import Catalog
from bijie_tui.widgets.browse_view import BrowseView
from pilot_helpers import LIMIT, SOON, TEXTUAL_NAMES, _pumps, busy, idle, until
from pty_session import EPOLL_WAITS, PtySession, plain_env


async def test_every_private_name_the_helpers_read_is_still_there(catalog: Catalog) -> None:
    app = BijieApp(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await idle(pilot)
        instances = [pilot, *_pumps(app)]
        for (owner, name), why in TEXTUAL_NAMES.items():
            holders = [i for i in instances if isinstance(i, owner)]
            assert holders, owner
            for holder in holders:
                assert hasattr(holder, name), (
                    f"Textual no longer has {owner.__name__}.{name}: {why}"
                )
        assert app.animator._animations == {} and app.animator._scheduled == {}


@pytest.mark.slow
async def test_idle_waits_for_the_work_the_app_has_set_for_later(catalog: Catalog) -> None:
    """A timer of the app's own (at most SOON seconds) is work still to come: busy says so, and
    idle returns only once it has fired; a longer one (a notification's timeout) is not waited
    for. And after steps in a sector, idle leaves the pane showing where the cursor stopped."""
    app = BijieApp(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await idle(pilot)
        assert busy(app) == []
        fired: list[str] = []
        app.set_timer(SOON / 2, lambda: fired.append("soon"))
        app.set_timer(SOON * 30, lambda: fired.append("late"))
        assert any("timer due" in what for what in busy(app)), busy(app)
        await idle(pilot)
        assert fired == ["soon"] and busy(app) == []
        await pilot.press("2", "down", "down")
        await idle(pilot)
        view = app.query_one("#view-employment", BrowseView)
        row = view.active_table().current()
        assert row is not None and row.key == view.active_table().shown[2].key
        assert view.target == row.target


async def test_until_fails_saying_what_never_happened(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = BijieApp(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        monkeypatch.setattr("pilot_helpers.LIMIT", 0.2)
        with pytest.raises(AssertionError, match="a thing that cannot happen never happened"):
            await until(pilot, lambda: False, "a thing that cannot happen")


@pytest.mark.tour
@pytest.mark.skipif(not EPOLL_WAITS, reason=f"no epoll numbers known for {platform.machine()}")
def test_a_pty_session_sees_the_timers_of_the_app() -> None:
    """In a pseudo-terminal, settle reads the timeout the app's event loop sleeps with: after
    steps in a sector the pane's timers are seen due; once settled, none is."""
    session = PtySession([], plain_env())
    try:
        session.read(20, until=b"Overview")
        session.settle()
        assert not session.timer_due()
        session.keys(["2"])
        os.write(session.fd, b"jj")  # held: the pane waits, then lays out its lower part
        seen = False
        end = time.monotonic() + LIMIT
        while not seen and time.monotonic() < end:
            session.read(0.01)
            seen = session.timer_due()
        assert seen, "no timer seen due after the steps"
        session.settle()
        assert not session.timer_due()
        with open(f"/proc/{session.pid}/syscall", encoding="ascii") as call:
            assert int(call.read().split()[0]) in EPOLL_WAITS  # asleep in the event loop
    finally:
        session.close()
