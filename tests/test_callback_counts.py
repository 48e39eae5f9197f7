"""The parameters of a callback are counted as Textual counts them, but once for all the
callbacks alike (``textual_private.count_parameters``)."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

import pytest
import textual._callback as textual_callback

from bijie_tui import textual_private
from bijie_tui.textual_private import count_parameters

textual_count = textual_private.textual_count_parameters  # Textual's own


def plain(a: int, b: int, *rest: int, c: int = 0, **named: int) -> None: ...


def made(n: int) -> Callable[..., None]:
    def inner(x: int, y: int = n) -> None: ...

    return inner


def wrapped(func: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return func(*args, **kwargs)

    return wrapper


class Thing:
    def method(self, a: int, b: int) -> None: ...

    def __call__(self, a: int) -> None: ...


def callables() -> list[Callable[..., Any]]:
    thing = Thing()
    return [
        plain,
        made(1),
        made(2),
        lambda: None,
        lambda a, /, b: None,
        wrapped(plain),
        wrapped(made(3)),
        thing.method,
        Thing().method,
        functools.partial(thing.method, 1),
        functools.partial(thing.method, b=2),
        functools.partial(functools.partial(plain, 1), 2),
        functools.partial(made(4)),
        thing,
        Thing,
    ]


@pytest.mark.parametrize("index", range(len(callables())))
def test_the_count_is_the_signatures(index: int) -> None:
    expected = textual_count(callables()[index])
    func = callables()[index]
    assert count_parameters(func) == expected
    assert count_parameters(func) == expected  # kept


def test_textual_counts_with_it() -> None:
    assert textual_callback.count_parameters is count_parameters


def test_a_callback_wrapped_again_is_not_counted_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """As call_later wraps a callback in a new partial each time, and Widget.mount makes a new
    closure each time: inspect.signature runs for the first only."""
    signed: list[object] = []
    signature = inspect.signature

    def counted(func: Callable[..., Any]) -> inspect.Signature:
        signed.append(func)
        return signature(func)

    monkeypatch.setattr(textual_callback, "signature", counted)
    thing = Thing()
    assert [count_parameters(functools.partial(thing.method)) for _ in range(3)] == [2, 2, 2]
    assert [count_parameters(made(n)) for n in range(3)] == [1 + 1] * 3
    assert len(signed) <= 2
