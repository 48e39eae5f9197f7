"""Every key of the explorer, declared once: its id, its default keys, its words in English and
Chinese, where it acts and what it does there.

Everything else about keys is made from :data:`KEYS`:

- the defaults that the config file's ``[keys]`` section may move (``config.DEFAULT_KEYS``),
  and the places where one key may not serve two ids (``config.PLACES``);
- the Textual bindings of the App and of each screen and widget (``widgets.keys.bindings``);
- the footer's words and tooltips, in the language shown, and which keys leave a footer too
  narrow for all (``widgets.footer.GIVES_WAY``);
- the rows of the list of keys (``?``, ``screens.help_screen``), in the order of :data:`KEYS`.

**To add a key, edit only this file**: add one :class:`Bind` to :data:`KEYS`, in the section of
the place where it acts (its position there is its place in the footer and in the list)::

    Bind(
        "table",  # where it acts: RecordTable (see PLACES)
        Key("mark", "m", ("Mark", "标记"), ("Mark the highlighted row", "标记当前行")),
        "mark",  # the action it runs: RecordTable.action_mark, to be written
        Row(("mark the row", "标记该行")),  # its row in the list of keys
    ),

then write the action on that place's class. A key acting in two places is one :class:`Key`,
kept in a name (:data:`COPY`) and bound in each. ``tests/test_keymap.py`` adds a key that way
and finds it in the config, the bindings, the footer and the list.

Nothing here imports Textual: the key names are Textual's (``question_mark``, ``ctrl+p``,
``pagedown``), written as strings; the screens and widgets make their bindings from them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Final, Literal, NamedTuple

from .caveats import SCOPE_MARK, WEAK_MARK
from .words import Lang

Words = tuple[str, str]
"""The same words in English and in Chinese."""

Place = Literal[
    "app", "explorer", "table", "lists", "detail", "detail_pane", "links", "filter", "help"
]
"""A screen or widget that binds keys (see :data:`PLACES`)."""

Group = Literal["everywhere", "table", "marks", "detail", "filter"]
"""A group of rows of the list of keys (see :data:`GROUPS`)."""

Area = Literal["everywhere", "a table", "a detail", "the list of keys"]
"""Where keys act together: two ids acting in one area may not share a key (``config``)."""


class Where(NamedTuple):
    """A place that binds keys: the class that does, the area its keys act in, and the group
    of the list of keys that its rows go under (None: its keys have no row)."""

    holder: str
    area: Area
    group: Group | None


PLACES: dict[Place, Where] = {
    "app": Where("BijieApp", "everywhere", "everywhere"),
    "explorer": Where("ExplorerScreen", "everywhere", "everywhere"),
    "table": Where("RecordTable", "a table", "table"),
    "lists": Where("BrowseView", "a table", "table"),
    "detail": Where("DetailScreen", "a detail", "detail"),
    "detail_pane": Where("DetailPane", "a detail", "detail"),
    "links": Where("LinkList", "a detail", "detail"),
    "filter": Where("FilterBar", "a table", "filter"),
    "help": Where("HelpScreen", "the list of keys", None),
}
"""Each place, by the class that binds its keys (``BINDINGS = bindings("table")``)."""

GROUPS: dict[Group, Words] = {
    "everywhere": ("Everywhere", "全局"),
    "table": ("In a table", "表格中"),
    "marks": ("Marks in a table", "表格中的标记"),
    "detail": ("In a detail", "详情中"),
    "filter": ("Filter line", "筛选栏"),
}
"""The groups of the list of keys, in the order it shows them."""


class Key(NamedTuple):
    """A key the user can move: ``[keys]`` ``id = "keys"`` in the config file. One id is one
    action wherever it is bound, and one override moves it everywhere."""

    id: str
    keys: str
    """Its default keys: Textual's names, comma-separated; the footer shows the first."""
    label: Words | None = None
    """Its words in the footer (None: not named there)."""
    tip: Words | None = None
    """The footer's tooltip for it."""
    ascii_label: Words | None = None
    """Its words in the footer where the terminal shows only ASCII, when ``label`` is not."""
    gives_way: int = 0
    """In a footer too narrow for every key: 1 is left out first, then 2…; 0 always stays."""
    served: bool = True
    """False: it does nothing in a session served to a remote user, so the list leaves it out."""
    unlisted: str = ""
    """Why it has no row in the list of keys (required then, and only then)."""


class Row(NamedTuple):
    """A row of the list of keys: what its keys do. The keys are those of the binds that
    declare it (and of the binds below them that say :data:`ABOVE`)."""

    words: Words
    """What the keys do; ``{last}``: the number of the last tab."""
    shown: str = ""
    """The keys as the row writes them while none is moved, when not simply each key in
    turn (``↑ ↓ j k``; a test holds it to the keys declared)."""
    own: str = ""
    """Keys of Textual's own that the row names before ours (a list's ``↑ ↓``)."""


ABOVE: Final = Row(("", ""))
"""``help=ABOVE``: the bind's keys join the row of the bind just above it."""


class Bind(NamedTuple):
    """A key bound in a place: what it does there, and its row in the list of keys."""

    place: Place
    key: Key
    action: str
    """The Textual action it runs (``sort`` runs ``action_sort`` of the place's class)."""
    help: Row | None = None
    """Its row in the list of keys: a :class:`Row`, :data:`ABOVE`, or None (its row is that of
    another place, or ``Key.unlisted`` says why it has none)."""
    show: bool = True
    """Shown in the footer (with its label) when the place is focused."""
    priority: bool = False
    """Checked before the focused widget's own keys (Textual's priority bindings)."""


class Note(NamedTuple):
    """A row of the list of keys that no key of ours stands behind: Textual's own keys, the
    marks a table puts after a value."""

    group: Group
    keys: str
    words: Words


Entry = Bind | Note


class Line(NamedTuple):
    """A row of the list of keys as made from :data:`KEYS`."""

    group: Group
    row: Row
    ids: tuple[str, ...]
    """The keys behind it, in order (none for a :class:`Note`)."""
    served: bool = True
    """False: left out of a served session."""

    def words(self, lang: Lang, tabs: int) -> str:
        en, zh = self.row.words
        return (en if lang == "en" else zh).format(last=tabs)


TAB_KEY: Final = re.compile(r"tab([0-9]+)")
"""The id of the key that goes to tab N."""


def tab_number(ident: str) -> int | None:
    """N for the id of the key that goes to tab N."""
    found = TAB_KEY.fullmatch(ident)
    return int(found.group(1)) if found else None


class Declared:
    """What :data:`KEYS` (or any list of entries) declares, checked and sorted out by place,
    by id and by row. Raises ``ValueError`` for an entry that contradicts another."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self.entries: tuple[Entry, ...] = tuple(entries)
        self.keys: dict[str, Key] = {}
        """Every key by id, in the order first bound."""
        self._places: dict[Place, list[Bind]] = {place: [] for place in PLACES}
        self._lines: dict[Group, list[Line]] = {group: [] for group in GROUPS}
        listed: set[str] = set()
        last: Line | None = None
        for entry in self.entries:
            if isinstance(entry, Note):
                self._lines[entry.group].append(Line(entry.group, Row(entry.words, entry.keys), ()))
                last = None
                continue
            key = entry.key
            known = self.keys.setdefault(key.id, key)
            if known is not key:
                raise ValueError(
                    f"key {key.id!r} is declared twice: declare it once, bind it twice"
                )
            self._places[entry.place].append(entry)
            group = PLACES[entry.place].group
            if entry.help is None:
                last = None
                continue
            if group is None:
                raise ValueError(f"{key.id}: {entry.place}'s keys have no row in the list")
            if entry.help is ABOVE:
                lines = self._lines[group]
                if last is None or last.group != group:
                    raise ValueError(f"{key.id}: help=ABOVE, but the bind above has no row here")
                served = last.served and key.served
                lines[-1] = last = Line(group, last.row, (*last.ids, key.id), served)
            else:
                last = Line(group, entry.help, (key.id,), key.served)
                self._lines[group].append(last)
            listed.add(key.id)
        for ident, key in self.keys.items():
            if (ident in listed) == bool(key.unlisted):
                why = "has a row and says why not" if key.unlisted else "has no row: say why"
                raise ValueError(f"key {ident!r} {why} (Key.unlisted)")

    @property
    def defaults(self) -> dict[str, str]:
        """Every id with its default keys."""
        return {ident: key.keys for ident, key in self.keys.items()}

    def binds(self, place: Place) -> tuple[Bind, ...]:
        """The keys bound in ``place``, in order."""
        return tuple(self._places[place])

    @property
    def areas(self) -> dict[str, tuple[str, ...]]:
        """The ids acting in each area, place by place (``everywhere`` also acts wherever the
        others do)."""
        out: dict[str, list[str]] = {}
        for place, binds in self._places.items():
            ids = out.setdefault(PLACES[place].area, [])
            ids += [b.key.id for b in binds if b.key.id not in ids]
        return {area: tuple(ids) for area, ids in out.items()}

    def lines(self) -> Iterator[tuple[Group, tuple[Line, ...]]]:
        """Each group of the list of keys with its rows, in order."""
        for group, lines in self._lines.items():
            if lines:
                yield group, tuple(lines)

    def rows_of(self, ident: str) -> tuple[Line, ...]:
        """The rows of the list of keys that name the key ``ident``."""
        return tuple(line for _, lines in self.lines() for line in lines if ident in line.ids)

    def description(self, ident: str) -> str:
        """What the key does, in English and in a few words: its label, else its row."""
        key = self.keys[ident]
        if key.label is not None:
            return key.label[0]
        rows = self.rows_of(ident)
        return rows[0].row.words[0] if rows else ident

    def words(self) -> Iterator[Words]:
        """Every word of the keys in both languages: the groups, the footer's, the rows'."""
        yield from (GROUPS[group] for group, _ in self.lines())
        for key in self.keys.values():
            yield from (w for w in (key.label, key.tip, key.ascii_label) if w is not None)
        for _, lines in self.lines():
            yield from (line.row.words for line in lines)

    @property
    def giving_way(self) -> tuple[str, ...]:
        """The actions whose keys leave a footer too narrow for all, the first first."""
        ranked = sorted((k for k in self.keys.values() if k.gives_way), key=lambda k: k.gives_way)
        actions: list[str] = []
        for key in ranked:
            for binds in self._places.values():
                actions += [b.action for b in binds if b.key is key and b.action not in actions]
        return tuple(actions)


# -- keys bound in more than one place -------------------------------------------------------------

BACK = Key(
    "back",
    "escape",
    ("Back", "返回"),
    ("Back to where you were before the jump", "回到跳转之前的位置"),
)
LANG = Key(
    "lang",
    "l",
    ("中文", "English"),
    ("Switch every word and name to Chinese", "界面与名称全部切换为英文"),
    ascii_label=("Chinese", "English"),
)
HELP = Key(
    "help", "question_mark", ("Keys", "按键"), ("Every key with what it does", "所有按键及其作用")
)
COPY = Key(
    "copy",
    "y",
    ("Copy", "复制"),
    ("Copy the highlighted record with its source", "复制当前记录及其来源"),
    gives_way=2,
)
CLEAR_FILTER = Key(
    "clear_filter",
    "escape",
    ("Clear filter", "清除筛选"),
    ("Show every row again", "重新显示所有行"),
)

_J_K = "j and k move as ↓ and ↑ do, like the table's j and k"

# -- every key, in the order of the list of keys ---------------------------------------------------

KEYS: tuple[Entry, ...] = (
    # -- everywhere: the explorer's screen and the App ---------------------------------------------
    *(
        Bind(
            "explorer",
            Key(f"tab{n}", str(n)),
            f"go({n})",
            ABOVE
            if n > 1
            else Row(("go to tab 1, 2 … {last}", "切换到第1、2……{last}个标签页"), "1-{last}"),
            show=False,
            # The new tab takes the keys typed right after the number (type-ahead over a slow
            # link); not while a text field has the keys (ExplorerScreen.check_action).
            priority=True,
        )
        for n in range(1, 10)
    ),
    Note("everywhere", "tab / shift+tab", ("move focus", "移动焦点")),
    Bind(
        "app",
        Key("quit", "q", ("Quit", "退出"), ("Leave the explorer", "退出浏览器")),
        "quit",
        Row(("quit", "退出")),
    ),
    Bind("app", Key("quit_ctrl_c", "ctrl+c"), "quit", ABOVE, show=False),
    Bind(
        "app",
        LANG,
        "toggle_lang",
        Row(("switch between English and Chinese everywhere", "切换中文/English")),
    ),
    Bind(
        "app",
        # Textual's own palette key, with an id so that the config can move it.
        Key(
            "palette",
            "ctrl+p",
            ("palette", "命令"),
            ("Jump to any record, or run a command", "跳转到任一记录,或执行命令"),
        ),
        "command_palette",
        Row(
            (
                "command palette: jump to any indicator, entity, region or source",
                "命令面板:跳转到任一指标、项目、地区或来源",
            )
        ),
        show=False,
        priority=True,
    ),
    Bind("app", HELP, "help", Row(("this list of keys", "本按键列表"))),
    Bind(
        "explorer",
        BACK,
        "go_back",
        Row(
            (
                "back (close a detail, clear a filter, return from a jump)",
                "返回(关闭详情、清除筛选、跳转后返回)",
            )
        ),
    ),
    Bind(
        "app",
        # A served session has no shell to come back to.
        Key("suspend", "ctrl+z", served=False),
        "suspend_process",
        Row(("suspend to the shell (fg comes back)", "挂起到命令行(fg返回)")),
        show=False,
    ),
    # -- in a table --------------------------------------------------------------------------------
    Bind(
        "table",
        Key("up", "up,k"),
        "cursor_up",
        Row(("move one row", "上下移动一行"), "↑ ↓ j k"),
        show=False,
    ),
    Bind("table", Key("down", "down,j"), "cursor_down", ABOVE, show=False),
    Bind(
        "table",
        Key("first_row", "home,g"),
        "scroll_top",
        Row(("first / last row", "第一行/最后一行"), "g G home end"),
        show=False,
    ),
    Bind("table", Key("last_row", "end,G"), "scroll_bottom", ABOVE, show=False),
    Bind("table", Key("page_up", "pageup"), "page(-1)", Row(("move one page", "翻页")), show=False),
    Bind("table", Key("page_down", "pagedown"), "page(1)", ABOVE, show=False),
    Bind(
        "table",
        Key(
            "open",
            "enter",
            ("Open", "打开"),
            ("Open the detail of this row", "打开该行详情"),
            gives_way=4,
        ),
        "select_cursor",
        Row(("open the detail of the row", "打开该行详情")),
    ),
    Bind(
        "table",
        Key(
            "filter",
            "slash",
            ("Filter", "筛选"),
            ("Filter rows by text, English or Chinese", "按中英文文字筛选行"),
            gives_way=5,
        ),
        "filter",
        Row(("filter rows by text in either language", "按中英文文字筛选")),
        # Run as the key arrives, so that keys typed right after it reach the filter line.
        priority=True,
    ),
    Bind("table", CLEAR_FILTER, "clear_filter"),  # its row: "back (… clear a filter …)"
    Bind(
        "table",
        Key("column_left", "less_than_sign"),
        "column(-1)",
        Row(("choose the current column (underlined)", "选择当前列(带下划线)")),
        show=False,
    ),
    Bind("table", Key("column_right", "greater_than_sign"), "column(1)", ABOVE, show=False),
    Bind(
        "table",
        Key(
            "hide_column",
            "minus",
            ("Hide column", "隐藏列"),
            (
                "Hide the current column (again, before choosing another: show it back)",
                "隐藏当前列(在选其他列之前再按一次:恢复)",
            ),
        ),
        "hide_column",
        Row(
            (
                "hide the current column (again, before choosing another: show it back)",
                "隐藏当前列(紧接着再按一次:恢复)",
            )
        ),
        show=False,
    ),
    Bind(
        "table",
        Key(
            "full_column",
            "underscore",
            ("Full width", "全宽"),
            (
                "Show the current column at its full width (again: as fitted)",
                "以全宽显示当前列(再按一次:恢复)",
            ),
        ),
        "full_column",
        Row(("current column at full width (again: as fitted)", "当前列显示全宽(再按:恢复)")),
        show=False,
    ),
    Bind(
        "table",
        Key(
            "sort",
            "s",
            ("Sort", "排序"),
            ("Cycle the sort of the current column", "循环切换当前列的排序"),
            gives_way=1,
        ),
        "sort",
        Row(("sort by the current column: ▲, ▼, off", "按当前列排序:▲、▼、取消")),
    ),
    Bind(
        "table",
        Key(
            "export",
            "e",
            ("Export", "导出"),
            (
                "Write the rows shown, or the whole dataset, to a new file",
                "把显示的行或整个数据集写入新文件",
            ),
            gives_way=3,
        ),
        "export",
        Row(
            (
                "export to a new file: CSV, JSON, Markdown (the rows shown) or SQLite (all)",
                "导出为新文件:CSV、JSON、Markdown(显示的行)或SQLite(全部)",
            )
        ),
    ),
    Bind(
        "table",
        COPY,
        "copy",
        Row(("copy the highlighted record with its source", "复制当前记录及来源")),
    ),
    Bind(
        "lists",
        Key(
            "lists",
            "v",
            ("Lists", "列表"),
            ("Switch between the lists of this tab", "切换本标签页的列表"),
        ),
        "next_list",
        Row(("switch list: indicators / projects and bodies", "切换列表:指标/项目与机构")),
        show=False,
    ),
    Bind(
        "lists",
        Key("pane", "p", ("Pane", "详情栏"), ("Show or hide the detail pane", "显示或隐藏详情栏")),
        "toggle_preview",
        Row(("show or hide the detail pane", "显示或隐藏详情栏")),
        show=False,
    ),
    # -- marks in a table --------------------------------------------------------------------------
    Note(
        "marks",
        SCOPE_MARK,
        ("after a scope: the figure counts several places together", "范围后:数字合计多个地方"),
    ),
    Note(
        "marks",
        WEAK_MARK,
        (
            "after a value: it rests only on copies or secondary sources",
            "数值后:仅依据转载或二手资料",
        ),
    ),
    Note(
        "marks",
        "> ≥ ≈ ≲ < ≤",
        (
            "before a value: more than, at least, about, nearly, less than, up to",
            "数值前:超过、至少、约、近、不足、最多",
        ),
    ),
    # -- in a detail: its links, its pane, its screen ----------------------------------------------
    Bind(
        "links",
        Key(
            "follow",
            "enter",
            ("Follow link", "打开链接"),
            ("Open the record this link names", "打开链接所指的记录"),
        ),
        "select",
        Row(("choose a link and follow it", "选择并打开链接"), own="↑ ↓"),
    ),
    Bind("links", Key("links_down", "j", unlisted=_J_K), "cursor_down", show=False),
    Bind("links", Key("links_up", "k", unlisted=_J_K), "cursor_up", show=False),
    Bind(
        "detail_pane",
        Key(
            "links",
            "enter",
            ("Links", "链接"),
            ("Move to the links of this record", "移到本记录的链接"),
            unlisted="in the footer while the detail pane has focus",
        ),
        "links",
    ),
    Bind(
        "detail_pane",
        Key(
            "leave",
            "escape",
            ("Table", "表格"),
            ("Back to the table", "回到表格"),
            unlisted="in the footer while the detail pane has focus",
        ),
        "leave",
    ),
    Bind("detail_pane", Key("scroll_down", "j", unlisted=_J_K), "scroll_down", show=False),
    Bind("detail_pane", Key("scroll_up", "k", unlisted=_J_K), "scroll_up", show=False),
    Bind("detail", BACK, "back", Row(("back", "返回"))),
    Bind(
        "detail",
        Key(
            "in_table",
            "t",
            ("In table", "在表中"),
            ("Show this record in its table", "在表格中显示该记录"),
        ),
        "show_in_table",
        Row(("show the record in its table", "在表格中显示该记录")),
    ),
    Bind("detail", COPY, "copy", Row(("copy the record with its source", "复制该记录及来源"))),
    # -- the filter line ---------------------------------------------------------------------------
    Note("filter", "enter", ("keep the filter, back to the table", "保留筛选,回到表格")),  # Input's
    Bind("filter", CLEAR_FILTER, "cancel", Row(("clear the filter", "清除筛选"))),
    # The keys stay one key away while filtering (a filter has no use for "?").
    Bind("filter", HELP, "app.help", priority=True),
    # -- the list of keys --------------------------------------------------------------------------
    Bind(
        "help",
        Key(
            "close",
            "escape,question_mark,q",
            ("Close", "关闭"),
            unlisted="the list's lower border says how it closes",
        ),
        "close",
    ),
    # A modal screen takes no key of the App's: "l" switches the language here too.
    Bind("help", LANG, "app.toggle_lang", show=False),
)
"""Every key, bound where it acts, in the order of the list of keys (``?``): within a place,
the footer shows its keys in this order too."""

DECLARED: Final = Declared(KEYS)
