"""SVG snapshots of every tab, both languages and two sizes, and of the screens keys open.

Regenerate after an intended change of the layout with: make pytest PYTEST_ARGS=--snapshot-update
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from bijie_tui.app import BijieApp
from bijie_tui.model.format import Lang
from bijie_tui.model.query import Catalog

SnapCompare = Callable[..., bool]

TABS = ("overview", "employment", "education", "industry", "healthcare", "context", "sources")
SIZES = ((80, 24), (160, 48))
LANGS: tuple[Lang, ...] = ("en", "zh")


def _tab_cases() -> list[Any]:
    return [
        pytest.param(number, tab, size, lang, id=f"{number}-{tab}-{size[0]}x{size[1]}-{lang}")
        for number, tab in enumerate(TABS, start=1)
        for size in SIZES
        for lang in LANGS
    ]


@pytest.mark.parametrize(("number", "tab", "size", "lang"), _tab_cases())
def test_tab(
    snap_compare: SnapCompare,
    catalog: Catalog,
    number: int,
    tab: str,
    size: tuple[int, int],
    lang: Lang,
) -> None:
    app = BijieApp(catalog, lang=lang)
    assert app.tab_ids()[number - 1] == tab
    assert snap_compare(app, terminal_size=size, press=[str(number)])


@pytest.mark.parametrize("lang", LANGS)
def test_employment_detail_screen(snap_compare: SnapCompare, catalog: Catalog, lang: Lang) -> None:
    app = BijieApp(catalog, lang=lang)
    assert snap_compare(app, terminal_size=(80, 24), press=["2", "down", "enter"])


@pytest.mark.parametrize("lang", LANGS)
def test_help_screen(snap_compare: SnapCompare, catalog: Catalog, lang: Lang) -> None:
    assert snap_compare(BijieApp(catalog, lang=lang), terminal_size=(80, 24), press=["?"])


def test_too_small_message(snap_compare: SnapCompare, catalog: Catalog) -> None:
    assert snap_compare(BijieApp(catalog), terminal_size=(50, 15))
