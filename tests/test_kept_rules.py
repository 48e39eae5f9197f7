"""The rules the stylesheet chose for a node are kept for every node alike (in every app of the
process): each node of the explorer has, in every state it goes through, the rules Textual's
own choice gives it."""

from __future__ import annotations

from functools import partial
from typing import Any, ClassVar

from textual.app import App, ComposeResult
from textual.css.stylesheet import Stylesheet
from textual.dom import DOMNode
from textual.widget import Widget

from bijie_tui.app import BijieApp
from bijie_tui.model.query import Catalog
from bijie_tui.textual_private import KEPT_RULES, AheadStylesheet


def _each_node(app: App[Any]) -> list[DOMNode]:
    return [node for screen in app.screen_stack for node in screen.walk_children(with_self=True)]


def _rules_of(node: DOMNode) -> dict[str, Any]:
    rules = dict(node.styles.base.get_rules())
    for name, styles in sorted(node._component_styles.items()):
        rules[f"component {name}"] = dict(styles.base.get_rules())
    return rules


def _mismatches(app: App[Any]) -> list[str]:
    """The nodes whose rules differ from those Textual's own choice gives them now."""
    sheet = app.stylesheet
    assert isinstance(sheet, AheadStylesheet)
    found = []
    for node in _each_node(app):
        kept = _rules_of(node)
        # Textual's choice, nothing kept (for the nodes of the component classes too)
        sheet.apply = partial(Stylesheet.apply, sheet)  # type: ignore[method-assign]
        try:
            Stylesheet.apply(sheet, node)
        finally:
            del sheet.apply
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


class Part(Widget):
    """A widget whose rules go through plain properties and those that do more (layout,
    display, overflow, transitions), and whose component's rules read its focus."""

    can_focus = True
    COMPONENT_CLASSES: ClassVar[set[str]] = {"part--inside"}
    DEFAULT_CSS = """
    Part {
        layout: horizontal; display: block; overflow-y: auto; height: 3;
        color: red; text-style: bold; border: round blue; padding: 0 1;
        transition: offset 200ms;
    }
    Part .part--inside { color: green; }
    Part:focus .part--inside { color: yellow; text-style: italic; }
    """


class PartsApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.stylesheet = AheadStylesheet(variables=self.get_css_variables())

    def compose(self) -> ComposeResult:
        yield Part()
        yield Part()


def _as_compared(rules: dict[str, Any]) -> dict[str, Any]:
    """The rules, with a layout (made for each node) by its name."""
    return {name: getattr(value, "name", value) for name, value in rules.items()}


def _textual_rules(sheet: AheadStylesheet, parent: DOMNode) -> dict[str, Any]:
    """The rules Textual's own choice gives a new Part under ``parent``."""
    fresh = Part()
    fresh._attach(parent)
    sheet.apply = partial(Stylesheet.apply, sheet)  # type: ignore[method-assign]
    try:
        Stylesheet.apply(sheet, fresh)
    finally:
        del sheet.apply
    return _as_compared(_rules_of(fresh))


async def test_a_new_node_takes_the_kept_rules_as_textual_gives_them() -> None:
    KEPT_RULES.clear()
    app = PartsApp()
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        sheet = app.stylesheet
        assert isinstance(sheet, AheadStylesheet)
        new = Part()
        new._attach(app.screen)
        assert not new.styles.base.get_rules() and not new.is_mounted
        sheet.apply(new)  # the rules kept for the two Parts
        rules = _rules_of(new)
        assert rules["layout"].name == "horizontal" and rules["display"] == "block"
        assert rules["layout"] is not app.query(Part).first().styles.layout  # made for it
        assert _as_compared(rules) == _textual_rules(sheet, app.screen)


async def test_the_rules_kept_for_components_follow_the_states_their_selectors_read() -> None:
    KEPT_RULES.clear()
    app = PartsApp()
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        one, two = app.query(Part)
        assert app.focused is one
        await pilot.press("tab")
        await pilot.pause()
        assert app.focused is two
        colours = [part.get_component_styles("part--inside").color.hex for part in (one, two)]
        assert colours == ["#008000", "#FFFF00"]
        assert _mismatches(app) == []
