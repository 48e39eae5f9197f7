"""A message's handlers are found once for a node's class and the message's: the handlers
called, and their order, are those Textual's own lookup gives, for handlers named after the
message, made with @on (with and without selectors), inherited and overridden, and when a
handler prevents the default."""

from __future__ import annotations

from typing import Any

import pytest
from textual import events, on
from textual.app import App, ComposeResult
from textual.message import Message
from textual.message_pump import MessagePump
from textual.widget import Widget
from textual.widgets import Button, Input

from bijie_tui.textual_private import dispatch_methods, textual_get_dispatch_methods

CALLED: list[str] = []


class Base(Widget):
    class Poked(Message):
        pass

    class Prodded(Poked):
        pass

    def on_base_poked(self, message: Message) -> None:
        CALLED.append("Base.on_base_poked")

    async def _on_key(self, event: events.Key) -> None:
        CALLED.append("Base._on_key")

    @on(Poked)
    def poked_any(self, message: Message) -> None:
        CALLED.append("Base.poked_any")


class Middle(Base):
    def on_base_poked(self, message: Message) -> None:
        CALLED.append("Middle.on_base_poked")
        if getattr(message, "stop_here", False):
            message.prevent_default()

    def on_key(self, event: events.Key) -> None:
        CALLED.append("Middle.on_key")

    @on(Base.Prodded)
    @on(Base.Poked)
    def twice(self, message: Message) -> None:
        CALLED.append("Middle.twice")


class Top(Middle):
    @on(Button.Pressed, "#yes")
    def yes(self, message: Message) -> None:
        CALLED.append("Top.yes")

    @on(Button.Pressed, "#no")
    def no(self, message: Message) -> None:
        CALLED.append("Top.no")

    @on(Input.Changed)
    def changed(self, message: Message) -> None:
        CALLED.append("Top.changed")

    def on_base_prodded(self, message: Message) -> None:
        CALLED.append("Top.on_base_prodded")

    def compose(self) -> ComposeResult:
        yield Button("yes", id="yes")
        yield Button("no", id="no")


class Host(App[None]):
    def compose(self) -> ComposeResult:
        yield Top()


def _names(found: Any) -> list[tuple[str, str]]:
    return [(cls.__name__, method.__name__) for cls, method in found]


def _both(node: MessagePump, message: Message) -> tuple[list[Any], list[Any]]:
    """The handlers Textual's lookup and ours give ``node`` for ``message``."""
    name = message.handler_name
    theirs = _names(textual_get_dispatch_methods(node, name, message))
    ours = _names(dispatch_methods(node, name, message))
    return theirs, ours


async def test_the_handlers_are_textuals_for_every_kind_of_handler() -> None:
    app = Host()
    async with app.run_test() as pilot:
        top = app.query_one(Top)
        yes, no = app.query(Button)
        messages: list[Message] = [
            Base.Poked(),
            Base.Prodded(),
            events.Key("a", "a"),
            events.Idle(),
            Button.Pressed(yes),
            Button.Pressed(no),
            Input.Changed(Input(), ""),
        ]
        for node in (top, yes, app, app.screen):
            for message in messages:
                theirs, ours = _both(node, message)
                assert ours == theirs, (node, message)
        assert _both(top, Base.Prodded())[1] == [
            ("Top", "on_base_prodded"),
            ("Middle", "twice"),
            ("Base", "poked_any"),
        ]
        assert _both(top, Button.Pressed(yes))[1] == [("Top", "yes")]
        assert _both(top, Button.Pressed(no))[1] == [("Top", "no")]
        await pilot.pause()


async def test_a_handler_that_prevents_the_default_ends_those_of_the_bases() -> None:
    app = Host()
    async with app.run_test() as pilot:
        top = app.query_one(Top)
        for stop in (False, True):
            CALLED.clear()
            message = Base.Poked()
            message.stop_here = stop  # type: ignore[attr-defined]
            top.post_message(message)
            await pilot.pause()
            within_middle = ["Middle.twice", "Middle.on_base_poked"]  # @on first
            assert CALLED == (
                within_middle if stop else [*within_middle, "Base.poked_any", "Base.on_base_poked"]
            )


async def test_a_pressed_button_calls_the_handler_its_selector_names() -> None:
    app = Host()
    async with app.run_test() as pilot:
        CALLED.clear()
        await pilot.click("#no")
        await pilot.pause()
        assert CALLED == ["Top.no"]


async def test_a_handler_set_on_a_class_later_is_called(monkeypatch: pytest.MonkeyPatch) -> None:
    app = Host()
    async with app.run_test() as pilot:
        top = app.query_one(Top)

        async def poke() -> list[str]:
            CALLED.clear()
            top.post_message(Base.Poked())
            await pilot.pause()
            return list(CALLED)

        assert await poke() == ["Middle.twice", "Middle.on_base_poked", *BASE_POKED]

        def replaced(self: Base, message: Message) -> None:
            CALLED.append("replaced")

        monkeypatch.setattr(Middle, "on_base_poked", replaced)  # one there replaced
        assert await poke() == ["Middle.twice", "replaced", *BASE_POKED]
        monkeypatch.setattr(Top, "on_base_poked", replaced, raising=False)  # one added
        assert await poke() == ["replaced", "Middle.twice", "replaced", *BASE_POKED]
        monkeypatch.undo()  # set back, and the one added deleted
        assert await poke() == ["Middle.twice", "Middle.on_base_poked", *BASE_POKED]


BASE_POKED = ["Base.poked_any", "Base.on_base_poked"]
