"""Every key, with what it does, in the language being shown."""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.keys import format_key
from textual.screen import ModalScreen
from textual.widgets import Static

from ..config import DEFAULT_KEYS
from ..display import served
from ..model.caveats import SCOPE_MARK, WEAK_MARK
from ..model.format import Lang
from ..model.words import word
from ..widgets.text import ascii_mode, plain, plain_str

KEYS: tuple[tuple[str, tuple[tuple[str, str, str], ...]], ...] = (
    (
        "Everywhere|全局",
        (
            ("1-{last}", "go to tab 1, 2 … {last}", "切换到第1、2……{last}个标签页"),
            ("tab / shift+tab", "move focus", "移动焦点"),
            ("l", "switch between English and Chinese everywhere", "切换中文/English"),
            (
                "ctrl+p",
                "command palette: jump to any indicator, entity, region or source",
                "命令面板:跳转到任一指标、项目、地区或来源",
            ),
            ("?", "this list of keys", "本按键列表"),
            (
                "escape",
                "back (close a detail, clear a filter, return from a jump)",
                "返回(关闭详情、清除筛选、跳转后返回)",
            ),
            ("q ctrl+c", "quit", "退出"),
            ("ctrl+z", "suspend to the shell (fg comes back)", "挂起到命令行(fg返回)"),
        ),
    ),
    (
        "In a table|表格中",
        (
            ("↑ ↓ j k", "move one row", "上下移动一行"),
            ("g G home end", "first / last row", "第一行/最后一行"),
            ("pageup pagedown", "move one page", "翻页"),
            ("enter", "open the detail of the row", "打开该行详情"),
            ("/", "filter rows by text in either language", "按中英文文字筛选"),
            ("< >", "choose the current column (underlined)", "选择当前列(带下划线)"),
            (
                "-",
                "hide the current column (again, before choosing another: show it back)",
                "隐藏当前列(紧接着再按一次:恢复)",
            ),
            ("_", "current column at full width (again: as fitted)", "当前列显示全宽(再按:恢复)"),
            ("s", "sort by the current column: ▲, ▼, off", "按当前列排序:▲、▼、取消"),
            (
                "e",
                "export to a new file: CSV, JSON, Markdown (the rows shown) or SQLite (all)",
                "导出为新文件:CSV、JSON、Markdown(显示的行)或SQLite(全部)",
            ),
            ("y", "copy the highlighted record with its source", "复制当前记录及来源"),
            ("v", "switch list: indicators / projects and bodies", "切换列表:指标/项目与机构"),
            ("p", "show or hide the detail pane", "显示或隐藏详情栏"),
        ),
    ),
    (
        "Marks in a table|表格中的标记",
        (
            (
                SCOPE_MARK,
                "after a scope: the figure counts several places together",
                "范围后:数字合计多个地方",
            ),
            (
                WEAK_MARK,
                "after a value: it rests only on copies or secondary sources",
                "数值后:仅依据转载或二手资料",
            ),
            (
                "> ≥ ≈ ≲ < ≤",
                "before a value: more than, at least, about, nearly, less than, up to",
                "数值前:超过、至少、约、近、不足、最多",
            ),
        ),
    ),
    (
        "In a detail|详情中",
        (
            ("↑ ↓ enter", "choose a link and follow it", "选择并打开链接"),
            ("t", "show the record in its table", "在表格中显示该记录"),
            ("y", "copy the record with its source", "复制该记录及来源"),
            ("escape", "back", "返回"),
        ),
    ),
    (
        "Filter line|筛选栏",
        (
            ("enter", "keep the filter, back to the table", "保留筛选,回到表格"),
            ("escape", "clear the filter", "清除筛选"),
        ),
    ),
)


_TABS = "tabs"
BOUND: dict[tuple[str, str], tuple[str, ...]] = {
    ("Everywhere", "1-{last}"): (_TABS,),
    ("Everywhere", "l"): ("lang",),
    ("Everywhere", "ctrl+p"): ("palette",),
    ("Everywhere", "?"): ("help",),
    ("Everywhere", "escape"): ("back",),
    ("Everywhere", "q ctrl+c"): ("quit", "quit_ctrl_c"),
    ("Everywhere", "ctrl+z"): ("suspend",),
    ("In a table", "↑ ↓ j k"): ("up", "down"),
    ("In a table", "g G home end"): ("first_row", "last_row"),
    ("In a table", "pageup pagedown"): ("page_up", "page_down"),
    ("In a table", "enter"): ("open",),
    ("In a table", "/"): ("filter",),
    ("In a table", "< >"): ("column_left", "column_right"),
    ("In a table", "-"): ("hide_column",),
    ("In a table", "_"): ("full_column",),
    ("In a table", "s"): ("sort",),
    ("In a table", "e"): ("export",),
    ("In a table", "y"): ("copy",),
    ("In a table", "v"): ("lists",),
    ("In a table", "p"): ("pane",),
    ("In a detail", "↑ ↓ enter"): ("=↑", "=↓", "follow"),
    ("In a detail", "t"): ("in_table",),
    ("In a detail", "y"): ("copy",),
    ("In a detail", "escape"): ("back",),
    ("Filter line", "escape"): ("clear_filter",),
}
"""The binding ids behind each row of :data:`KEYS` (``=k``: a key of Textual's own, fixed).
A row shows its keys as written above until the config moves one of them."""


def key_label(key: str) -> str:
    """A key as the list shows it: ``?`` for ``question_mark``, ``ctrl+x`` kept as written."""
    *modifiers, name = key.strip().split("+")
    label = format_key(name)
    if ascii_mode() and not label.isascii():
        label = name
    return "+".join([*modifiers, label])


def keys_shown(row: str, ids: tuple[str, ...], keymap: Mapping[str, str], tabs: int) -> str:
    """The keys of a row of the list: as written, or the keys in force when moved."""
    if ids == (_TABS,):
        tab_ids = [f"tab{n}" for n in range(1, tabs + 1)]
        if not any(t in keymap for t in tab_ids):
            return row.format(last=tabs)
        return " ".join(key_label(keymap.get(t, DEFAULT_KEYS[t]).split(",")[0]) for t in tab_ids)
    if not any(i in keymap for i in ids):
        return row
    shown: list[str] = []
    for ident in ids:
        if ident.startswith("="):
            shown.append(ident[1:])
        else:
            shown += [key_label(k) for k in keymap.get(ident, DEFAULT_KEYS[ident]).split(",")]
    return " ".join(shown)


def _keys(
    lang: Lang, tabs: int, keymap: Mapping[str, str] | None = None
) -> Iterator[tuple[str, list[tuple[str, str]]]]:
    """Each group of keys in ``lang``, with the real range of tab numbers filled in and the
    keys in force (``keymap``: binding id -> keys, from the config file)."""
    # A served session cannot be suspended (its user has no shell to come back to).
    left_out = {"suspend"} if served(os.environ) else set()
    for group, keys in KEYS:
        en, zh = group.split("|")
        rows = [
            (
                keys_shown(key, BOUND.get((en, key), ()), keymap or {}, tabs),
                (en_desc if lang == "en" else zh_desc).format(last=tabs),
            )
            for key, en_desc, zh_desc in keys
            if not left_out.intersection(BOUND.get((en, key), ()))
        ]
        yield (en if lang == "en" else zh), rows


def help_text(lang: Lang, tabs: int = 9, keymap: Mapping[str, str] | None = None) -> Text:
    """Every key with what it does, as plain lines (for tests and for copying)."""
    text = Text()
    for group, rows in _keys(lang, tabs, keymap):
        if text:
            text.append("\n")
        text.append(group + "\n", "bold")
        for key, desc in rows:
            text.append(f"  {key:<16}", "bold")
            text.append(desc + "\n")
    return plain(text)


def help_table(lang: Lang, tabs: int = 9, keymap: Mapping[str, str] | None = None) -> Table:
    """The keys in two columns; a long description wraps under itself, not under the key."""
    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True, style="bold")
    table.add_column(ratio=1)
    for i, (group, rows) in enumerate(_keys(lang, tabs, keymap)):
        if i:
            table.add_row("", "")
        table.add_row(plain(Text(group, "bold underline")), "")
        for key, desc in rows:
            table.add_row(plain(Text(key)), plain(Text(desc)))
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "close", "Close", id="close"),
        # A modal screen takes no key of the app's: "l" switches the language here too.
        Binding("l", "app.toggle_lang", "中文", show=False, id="lang"),
    ]

    def __init__(self, lang: Lang, tabs: int, keymap: Mapping[str, str] | None = None) -> None:
        super().__init__()
        self.lang: Lang = lang
        self.tabs = tabs
        self.keymap = dict(keymap or {})
        """The keys the config file moves (binding id -> keys)."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(id="help-keys")

    def on_mount(self) -> None:
        self.watch(self.app, "lang", self._set_lang)
        self.query_one("#help", VerticalScroll).focus()

    def _set_lang(self, lang: Lang) -> None:
        self.lang = lang
        help_box = self.query_one("#help", VerticalScroll)
        help_box.border_title = plain_str(word("help_title", lang))
        help_box.border_subtitle = plain_str(word("help_close", lang))
        self.query_one("#help-keys", Static).update(help_table(lang, self.tabs, self.keymap))

    def action_close(self) -> None:
        self.dismiss()
