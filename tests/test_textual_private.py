"""Textual's private names are used in one module, ``textual_private.py``; each is still there
in the Textual installed, which is the version they were checked against. When Textual changes,
these tests say which name to look at again, and why the program needed it."""

from __future__ import annotations

import ast
import importlib
import inspect
import re
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest

import bijie_tui
from bijie_tui import textual_private
from bijie_tui.textual_private import PRIVATE, TEXTUAL_CHECKED, Private

SOURCE = Path(bijie_tui.__file__).parent
HERE = "textual_private.py"
ISSUES = Path(__file__).parents[1] / "docs" / "upstream-issues.md"


def _owner(dotted: str) -> Any:
    """The class or module ``dotted`` names."""
    try:
        return importlib.import_module(dotted)
    except ModuleNotFoundError:
        module, _, name = dotted.rpartition(".")
        return getattr(importlib.import_module(module), name)


def _has(owner: Any, name: str) -> bool:
    """Whether ``owner`` (a module, or a class or one of its bases) defines ``name``: as an
    attribute of the module or class, a field of the dataclass, one its methods set on
    ``self``, or one the module's code sets on the objects it is given
    (``func._param_count = ...``)."""
    if hasattr(owner, name):
        return True
    if inspect.ismodule(owner):
        return bool(re.search(rf"\w\.{re.escape(name)}\s*=[^=]", inspect.getsource(owner)))
    if not inspect.isclass(owner):
        return False
    if name in getattr(owner, "__dataclass_fields__", {}):
        return True
    assigned = re.compile(rf"\bself\.{re.escape(name)}\s*(?::[^=\n]*)?=[^=]")
    return any(
        assigned.search(inspect.getsource(cls))
        for cls in owner.__mro__
        if cls.__module__.startswith("textual")
    )


def test_textual_is_the_version_the_names_were_checked_against() -> None:
    installed = version("textual")
    assert installed == TEXTUAL_CHECKED, (
        f"Textual {installed} is installed; src/bijie_tui/textual_private.py was checked "
        f"against {TEXTUAL_CHECKED}: read each name of PRIVATE in the new version (and the "
        "issues of docs/upstream-issues.md: fixed ones can go), then update TEXTUAL_CHECKED"
    )


@pytest.mark.parametrize("private", PRIVATE, ids=[f"{p.owner}.{p.name}" for p in PRIVATE])
def test_each_private_name_is_still_there(private: Private) -> None:
    owner = _owner(private.owner)
    assert _has(owner, private.name), (
        f"Textual {version('textual')} has no {private.owner}.{private.name} any more; "
        f"textual_private.py used it because: {private.why}"
    )


def test_each_upstream_issue_is_written() -> None:
    text = ISSUES.read_text(encoding="utf-8")
    headings = {line.removeprefix("## ").strip() for line in text.splitlines() if line[:3] == "## "}
    for private in PRIVATE:
        if private.upstream:
            assert private.upstream in headings, private


def _uses(path: Path, names: set[str]) -> list[str]:
    """Where ``path`` uses one of ``names``, or imports from a private module of Textual."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        where = f"{path.relative_to(SOURCE)}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.Attribute) and node.attr in names:
            found.append(f"{where} .{node.attr}")
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name in names:
            found.append(f"{where} def {node.name}")
        elif isinstance(node, ast.Constant) and node.value in names:
            found.append(f"{where} {node.value!r}")
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("textual"):
            if any(part.startswith("_") for part in (node.module or "").split(".")):
                found.append(f"{where} from {node.module}")
    return found


OWN_NAMES = {"ssh_server.py": {"_loop"}, "fork_server.py": {"_loop"}, "shadow.py": {"_attach"}}
"""Names a module gives its own objects, which Textual happens to use too (the SSH server's
sessions and the fork server keep their event loop as ``_loop``, the shadow screen attaches
combining marks with ``_attach``; not Textual's)."""


def test_no_other_module_uses_a_private_name_of_textual() -> None:
    names = {p.name for p in PRIVATE if p.name.startswith("_")}
    found = [
        use
        for path in sorted(SOURCE.rglob("*.py"))
        if path.name != HERE
        for use in _uses(path, names - OWN_NAMES.get(path.name, set()))
    ]
    assert found == [], "use textual_private.py (and list the name in its PRIVATE)"


def test_every_private_name_the_module_uses_is_listed() -> None:
    """The module's own uses of ``._name`` of Textual's are all in :data:`PRIVATE`."""
    tree = ast.parse((SOURCE / HERE).read_text(encoding="utf-8"))
    own = {
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
        if node.value.id == "self" and isinstance(node.ctx, ast.Store)
    } - {p.name for p in PRIVATE}  # the module's own attributes (``_resumed_once``)
    used = {
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr.startswith("_")
        if not node.attr.startswith("__")
    } | {
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        if node.name.startswith("_") and not node.name.startswith("__")
    }
    listed = {p.name for p in PRIVATE}
    assert used - own - listed == set()


async def test_a_name_gone_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    """The check fails, naming the name and why, when Textual no longer has it."""
    from textual.screen import Screen

    monkeypatch.delattr(Screen, "_compositor_refresh")
    gone = next(p for p in PRIVATE if p.name == "_compositor_refresh")
    with pytest.raises(AssertionError, match=r"textual\.screen\.Screen\._compositor_refresh"):
        test_each_private_name_is_still_there(gone)
    assert textual_private.TEXTUAL_CHECKED == "8.2.8"


# -- the footer that draws its keys ---------------------------------------------------------


def _footer_app(footer: type[Any], theme: str, ascii_class: bool) -> Any:
    """An app of a few keys (one of them disabled) and a compact footer of ``footer``'s."""
    from textual.app import App, ComposeResult
    from textual.binding import Binding
    from textual.screen import Screen

    from bijie_tui.textual_private import MappedScreen

    class Keyed(MappedScreen):
        def compose(self) -> ComposeResult:
            yield footer(compact=True)

    class Keys(App[None]):
        BINDINGS = [  # noqa: RUF012
            Binding("question_mark", "help", "Keys", key_display="?"),
            Binding("enter", "open", "Open"),
            Binding("s", "sort", "Sort"),
            Binding("e", "off", "Export"),
            Binding("q", "quit", "Quit"),
            Binding("l", "lang", "中文"),
        ]

        def on_mount(self) -> None:
            self.theme = theme
            if ascii_class:
                self.add_class("-ascii")

        def get_default_screen(self) -> Screen[None]:
            return Keyed()

        def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
            return None if action == "off" else True

    return Keys()


def _cells(app: Any) -> list[tuple[str, str]]:
    """The footer's line as the terminal shows it: each cell's character and style."""
    (line,) = app.screen._compositor.render_full_update(simplify=True).strips[-1]
    return [(char, str(style)) for text, style, _ in line for char in text]


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light", "nord", "ansi-dark"])
@pytest.mark.parametrize("ascii_class", [False, True])
async def test_the_footer_draws_its_keys_as_textual_draws_footer_keys(
    theme: str, ascii_class: bool
) -> None:
    """KeysFooter draws what Textual's compact footer of FooterKey widgets shows, cell for
    cell: each key, its margins, the palette's key on the right, a disabled key, and each key
    under the mouse (its hover style)."""
    from textual.widgets import Footer

    from bijie_tui.widgets.footer import KeysFooter

    seen: dict[str, list[list[tuple[str, str]]]] = {}
    for footer in (Footer, KeysFooter):
        app = _footer_app(footer, theme, ascii_class)
        async with app.run_test(size=(80, 6)) as pilot:
            await pilot.pause()
            await pilot.pause()
            screens = [_cells(app)]
            for _sweep in (1, 2):  # the second time, keys drawn before are kept drawings
                for x in range(0, 80, 3):
                    await pilot.hover(offset=(x, 5))
                    await pilot.pause()
                    screens.append(_cells(app))
            seen[footer.__name__] = screens
    assert seen["KeysFooter"] == seen["Footer"]


# -- the header that draws its parts --------------------------------------------------------


def _header_app(header: Any, theme: str, ascii_class: bool, width: int) -> Any:
    """An app with a title and a sub-title, a header of ``header``'s and a footer."""
    from textual.app import App, ComposeResult
    from textual.screen import Screen
    from textual.widgets import Footer

    from bijie_tui.textual_private import MappedScreen

    class Titled(MappedScreen):
        def compose(self) -> ComposeResult:
            yield header(icon="*" if ascii_class else "⭘")
            yield Footer()

    class Titles(App[None]):
        TITLE = "毕节 statistics, a title long enough to be cut off in a narrow terminal"
        SUB_TITLE = "经济 economy"

        def on_mount(self) -> None:
            self.theme = theme
            if ascii_class:
                self.add_class("-ascii")

        def get_default_screen(self) -> Screen[None]:
            return Titled()

    return Titles()


def _lines(app: Any, height: int) -> list[list[tuple[str, str]]]:
    """The header's lines as the terminal shows them: each cell's character and style."""
    strips = app.screen._compositor.render_full_update(simplify=True).strips[:height]
    return [
        [(char, str(style)) for line in row for text, style, _ in line for char in text]
        for row in strips
    ]


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light", "nord", "ansi-dark"])
@pytest.mark.parametrize("ascii_class", [False, True])
async def test_the_header_draws_its_parts_as_textual_draws_its_header(
    theme: str, ascii_class: bool
) -> None:
    """DrawnHeader draws what Textual's Header of widgets shows, cell for cell: the icon (and
    under the mouse, its hover style, tooltip and pointer), the title and sub-title (cut off
    where too long), the clock's space, at several widths, tall after a click, the app not
    focused, and after the titles change."""
    from textual.widgets import Header

    from bijie_tui.widgets.header import DrawnHeader

    seen: dict[str, list[object]] = {}
    for header in (Header, DrawnHeader):
        app = _header_app(header, theme, ascii_class, 60)
        async with app.run_test(size=(60, 8)) as pilot:
            await pilot.pause()
            shown: list[object] = [_lines(app, 1)]
            for _sweep in (1, 2):  # the second time, parts drawn before are kept drawings
                for x in range(0, 60, 3):
                    await pilot.hover(offset=(x, 0))
                    await pilot.pause()
                    under = app.mouse_over
                    shown.append((_lines(app, 1), under.tooltip if under else None))
            await pilot.hover(offset=(30, 5))
            await pilot.pause()
            for width in (20, 40, 100):
                await pilot.resize_terminal(width, 8)
                await pilot.pause()
                shown.append(_lines(app, 1))
            app.title = "A short one"
            app.screen.sub_title = "经济"
            await pilot.pause()
            shown.append(_lines(app, 1))
            await pilot.click(offset=(30, 0))
            await pilot.pause()
            shown.append(_lines(app, 4))
            await pilot.hover(offset=(3, 2))
            await pilot.pause()
            shown.append(_lines(app, 4))
            app.post_message(__import__("textual").events.AppBlur())
            await pilot.pause()
            shown.append(_lines(app, 4))
            await pilot.click(offset=(50, 1))
            await pilot.pause()
            shown.append(_lines(app, 4))
            seen[header.__name__] = shown
    textual = seen["Header"]
    # What is compared changes: the icon under the mouse (its look, but for the terminal's
    # own colours, and its tooltip), the title faded while the app is not focused.
    assert textual[1][0] != textual[0] or theme.startswith("ansi")
    assert textual[1][1] == "Open the command palette" and textual[20][1] is None
    assert textual[-2] != textual[-3]
    assert textual[1:21] == textual[21:41]  # the two sweeps
    assert seen["DrawnHeader"] == textual
