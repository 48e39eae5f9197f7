"""The rules the stylesheet chose for a node are kept for every node alike (in every app of the
process): each node of the explorer has, in every state it goes through, the rules Textual's
own choice gives it."""

from __future__ import annotations

from typing import Any

from textual.css.stylesheet import Stylesheet
from textual.dom import DOMNode

from bijie_tui.app import BijieApp
from bijie_tui.model.query import Catalog
from bijie_tui.textual_private import KEPT_RULES, AheadStylesheet


def _each_node(app: BijieApp) -> list[DOMNode]:
    return [node for screen in app.screen_stack for node in screen.walk_children(with_self=True)]


def _rules_of(node: DOMNode) -> dict[str, Any]:
    rules = dict(node.styles.base.get_rules())
    for name, styles in sorted(node._component_styles.items()):
        rules[f"component {name}"] = dict(styles.base.get_rules())
    return rules


def _mismatches(app: BijieApp) -> list[str]:
    """The nodes whose rules differ from those Textual's own choice gives them now."""
    sheet = app.stylesheet
    assert isinstance(sheet, AheadStylesheet)
    found = []
    for node in _each_node(app):
        kept = _rules_of(node)
        Stylesheet.apply(sheet, node)  # Textual's choice, nothing kept
        if _rules_of(node) != kept:
            found.append(repr(node))
    return found


async def test_each_node_has_the_rules_textual_chooses_in_every_state(catalog: Catalog) -> None:
    app = BijieApp(catalog)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        states = ["start"]
        mismatches = {"start": _mismatches(app)}
        for what, keys in (
            ("tab 2", ["2"]),
            ("a step", ["down", "down"]),
            ("the pane", ["tab"]),
            ("back", ["escape"]),
            ("the filter", ["slash", "g"]),
            ("filter closed", ["escape"]),
            ("Chinese", ["l"]),
            ("tab 5", ["5"]),
            ("the help", ["question_mark"]),
            ("help closed", ["escape"]),
        ):
            await pilot.press(*keys)
            await pilot.pause()
            states.append(what)
            mismatches[what] = _mismatches(app)
        app.theme = "textual-light"
        await pilot.pause()
        mismatches["light"] = _mismatches(app)
        await pilot.hover(offset=(5, 1))
        await pilot.pause()
        mismatches["hover"] = _mismatches(app)
        await pilot.resize_terminal(70, 20)
        await pilot.pause()
        mismatches["narrow"] = _mismatches(app)
    assert {state: found for state, found in mismatches.items() if found} == {}
    assert len(KEPT_RULES._kept) > 20  # rules were kept, and so were compared
