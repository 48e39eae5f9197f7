"""The language shown is the App's alone: a switch reaches what is not on screen too (the
screens under the one shown, the tabs not shown), and no screen or widget keeps a language of
its own or reacts to a change by a name of its own (see ``bijie_tui/widgets/lang.py``)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import bijie_tui
from bijie_tui.app import BijieApp
from bijie_tui.model.query import Catalog
from bijie_tui.screens.detail_screen import DetailScreen
from bijie_tui.screens.help_screen import HelpScreen
from bijie_tui.widgets.too_small import TooSmall
from pilot_helpers import idle, tabs_built

SOURCE = Path(bijie_tui.__file__).parent
SHOWN = ("screens", "widgets")
"""Where the screens and widgets are."""

TOO_SMALL = {
    "en": "Enlarge the terminal to at least 60×18\n\nq: quit",
    "zh": "请把终端窗口放大到至少 60×18\n\nq:退出",
}


def _screen(app: BijieApp) -> list[str]:
    return [strip.text for strip in app.screen._compositor.render_strips()]


def _shows(app: BijieApp, texts: list[str], absent: list[str]) -> None:
    lines = _screen(app)
    for text in texts:
        assert any(text in line for line in lines), (text, lines)
    for text in absent:
        assert not any(text in line for line in lines), (text, lines)


_ENGLISH = ["Keys", "Quit", "Detail", "Latest", "Indicator", "Overview", "Employment", "Back"]
"""Words of the interface in English (the dataset's own English names may show in Chinese:
a record's second name, a quote)."""


@pytest.mark.slow
async def test_a_switch_reaches_the_screens_underneath_and_the_tabs_not_shown(
    catalog: Catalog,
) -> None:
    """Two details open over the explorer and the keys over them, every tab built: ``l`` in
    the keys switches each of them, as each shows once it is uncovered or chosen."""
    app = BijieApp(catalog)
    async with app.run_test(size=(100, 30)) as pilot:
        await tabs_built(pilot)
        # A detail, then the detail of its first link (a source) over it, then the keys.
        await pilot.press("2", "enter")
        await idle(pilot)
        await pilot.press("enter", "enter")
        await idle(pilot)
        await pilot.press("question_mark")
        await idle(pilot)
        stack = [type(screen) for screen in app.screen_stack]
        assert stack[1:] == [DetailScreen, DetailScreen, HelpScreen]

        await pilot.press("l")
        await idle(pilot)
        _shows(app, ["━ 按键 ━", "全局", "本按键列表", "escape、?或q关闭"], ["Everywhere"])
        # What each screen says when the terminal is too small, the screens covered included.
        for screen in app.screen_stack[:3]:
            assert str(screen.query_one(TooSmall).render()) == TOO_SMALL["zh"], screen

        await pilot.press("escape")  # the keys closed: the source's detail
        await idle(pilot)
        _shows(
            app,
            [
                "广州—毕节东西部协作 — East-West China collaboration",
                "发布者: PRNewswire / chinadaily.com.cn (copy hosted by WLBT)",
                "类型: 新闻稿",
                "所支持的数字",
                "? 按键 ⏎ 链接 esc 返回 t 在表中 y 复制 q 退出 l English",
            ],
            [*_ENGLISH, "Publisher", "Figures it backs"],
        )

        await pilot.press("escape")  # the indicator's detail, covered at the switch
        await idle(pilot)
        _shows(
            app,
            [
                "广州—毕节东西部协作 — 助毕节农村务工人员到广东就业",
                "最新: 43,139人 (2022年1–8月)",
                "范围: 毕节市",
                "原文: “By August",
                "┃ → 来源: [PR2022]",
                "? 按键 ⏎ 打开链接 esc 返回 t 在表中 y 复制 q 退出 l English",
            ],
            [*_ENGLISH, "Scope", "Quote", "Sources"],
        )

        await pilot.press("escape")  # the explorer, covered at the switch
        await idle(pilot)
        _shows(
            app,
            [
                " 概览  劳务协作  教育协作  产业协作  医疗协作  背景  来源 ",
                " 劳务协作:到广东就业、就近就业、技能培训、公益性岗位。",
                "┏━ 劳务协作 ━",
                "v: 项目与机构 (9)",
                "╭─ 详情 ─",
                "│ 最新: 43,139人 (2022年1–8月)",
                "? 按键 ⏎ 打开 / 筛选 s 排序 e 导出 y 复制 q 退出 l English",
            ],
            _ENGLISH,
        )

        await pilot.press("3")  # a tab built before the switch, never shown
        await idle(pilot)
        education = [
            " 职业教育订单班、学校结对、教师组团帮扶与新建学校。",
            "┏━ 教育协作 ━",
            "v: 项目与机构 (17)",
            "╭─ 详情 ─",
            "│ 校企合作受益学生",
        ]
        _shows(app, education, [*_ENGLISH, "Education"])
        assert any(line.split()[1:3] == ["指标", "最新值"] for line in _screen(app))

        # And back: the tab left behind speaks English when chosen again.
        await pilot.press("l")
        await idle(pilot)
        _shows(app, [" Overview  Employment  Education ", "┏━ Education ━", "╭─ Detail ─"], [])
        await pilot.press("2")
        await idle(pilot)
        _shows(
            app,
            ["┏━ Employment ━", "v: Projects and bodies (9)", "│ Latest: 43,139 people"],
            ["劳务协作:", "详情", "最新"],
        )
        assert str(app.screen.query_one(TooSmall).render()) == TOO_SMALL["en"]


# -- no copy of the language, one name for a change ---------------------------------------------


def _classes() -> list[tuple[str, ast.ClassDef]]:
    found = []
    for folder in SHOWN:
        for path in sorted((SOURCE / folder).glob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            found += [(f"{folder}/{path.name}", node) for node in ast.walk(tree)]
    return [(where, node) for where, node in found if isinstance(node, ast.ClassDef)]


def _methods(cls: ast.ClassDef) -> dict[str, ast.FunctionDef | ast.AsyncFunctionDef]:
    return {
        node.name: node
        for node in cls.body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    }


def test_no_screen_or_widget_keeps_a_language_or_names_its_change_otherwise() -> None:
    """The language is the App's (``self.lang`` reads it): no screen or widget is given one,
    sets one, or watches the App's by itself; a change is shown by ``show_lang``, in the
    classes that mix in ``Speaks`` and follow the language from ``on_mount``."""
    classes = _classes()
    assert len(classes) > 15  # the walk found the screens and widgets
    followers = []
    for where, cls in classes:
        name = f"{where}:{cls.name}"
        methods = _methods(cls)
        assert not {"relang", "set_lang", "_set_lang", "_relang"} & set(methods), name
        init = methods.get("__init__")
        if init is not None:
            params = [a.arg for a in init.args.args + init.args.kwonlyargs]
            assert "lang" not in params, f"{name} is given a language"
        for node in ast.walk(cls):
            if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                assert "lang" not in node.attr, f"{name} sets self.{node.attr}"
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "watch":
                watched = [a.value for a in node.args if isinstance(a, ast.Constant)]
                assert "lang" not in watched, f"{name} watches the language itself"
        if "show_lang" in methods and cls.name != "Speaks":
            bases = [getattr(b, "id", "") for b in cls.bases]
            assert bases[0] == "Speaks", f"{name} shows the language without Speaks first"
            mount = methods.get("on_mount")
            calls = [] if mount is None else [n for n in ast.walk(mount) if isinstance(n, ast.Call)]
            assert any(getattr(c.func, "attr", "") == "follow_lang" for c in calls), name
            followers.append(cls.name)
    assert sorted(followers) == [
        "About",
        "BrowseView",
        "DetailScreen",
        "ExplorerScreen",
        "HelpScreen",
        "RecordTable",
        "TooSmall",
    ]
