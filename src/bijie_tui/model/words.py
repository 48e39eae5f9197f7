"""The explorer's own words, in English and Chinese: one vocabulary for the whole interface.

Names that come from the dataset (places, programmes, sectors) are data and stay there; every
word the interface adds (headings, messages, hints) is here, under a key, in both languages;
the words of the keys (the footer's, the list of keys') are with the keys, in :mod:`.keymap`.
:func:`word` picks one; :func:`tr` picks a language of anything named in both.
"""

from __future__ import annotations

from typing import Literal, Protocol

Lang = Literal["en", "zh"]
LANGS: tuple[Lang, ...] = ("en", "zh")


class Bilingual(Protocol):
    """Anything named in both languages (dataset names, the explorer's own words)."""

    @property
    def en(self) -> str: ...

    @property
    def zh(self) -> str: ...


def tr(names: Bilingual, lang: Lang) -> str:
    """``names`` in ``lang``."""
    return names.en if lang == "en" else names.zh


def other(lang: Lang) -> Lang:
    return "zh" if lang == "en" else "en"


WORDS: dict[str, tuple[str, str]] = {
    # -- the explorer's frame ---------------------------------------------------------------
    "overview": ("Overview", "概览"),
    "overview.short": ("Summary", "概览"),
    "sources": ("Sources", "来源"),
    "loading": ("Loading the dataset…", "正在载入数据……"),
    "too_small": (
        "Enlarge the terminal to at least {width}×{height}",
        "请把终端窗口放大到至少 {width}×{height}",
    ),
    "too_small_quit": ("q: quit", "q:退出"),
    "copied": ("Copied to the clipboard: {text}", "已复制到剪贴板:{text}"),
    "no_clipboard": ("The clipboard is not available here", "此处无法使用剪贴板"),
    "detail_title": ("Detail", "详情"),
    "filter_hint": ("Filter (enter keeps it, escape clears)", "筛选(enter保留,escape清除)"),
    "help_title": ("Keys", "按键"),
    "help_close": ("escape, ? or q closes", "escape、?或q关闭"),
    "theme_prompt": ("Choose a theme…", "选择配色……"),
    "palette_prompt": ("Jump to… or run a command", "跳转到……或执行命令"),
    # -- the command palette's own commands -------------------------------------------------
    "cmd.lang": ("English / 中文", "中文 / English"),
    "cmd.lang.ascii": ("English / Chinese", "English / Chinese"),
    "cmd.lang.help": ("Switch the language everywhere", "切换界面与数据语言"),
    "cmd.keys": ("Keys", "按键"),
    "cmd.keys.help": ("Every key with what it does", "所有按键及其作用"),
    "cmd.go": ("Go to {tab}", "转到{tab}"),
    "cmd.go.help": ("Tab {n}", "标签页{n}"),
    "cmd.theme": ("Theme", "主题"),
    "cmd.theme.help": ("Change the colours of the explorer", "更换界面配色"),
    "cmd.save_theme": ("Save theme to config", "保存主题到配置文件"),
    "cmd.save_theme.help": (
        "Keep the theme in use in the config file (bijie-tui config shows where)",
        "把当前主题写入配置文件",
    ),
    "theme_saved": ("Theme {theme} saved in {path}", "主题{theme}已保存到{path}"),
    "theme_not_saved": ("Theme not saved: {why}", "主题未保存:{why}"),
    "cmd.quit": ("Quit", "退出"),
    "cmd.quit.help": ("Leave the explorer", "退出浏览器"),
    "cmd.kind.indicator": ("Indicator", "指标"),
    "cmd.kind.entity": ("Project or body", "项目或机构"),
    "cmd.kind.region": ("Place", "地区"),
    "cmd.kind.source": ("Source", "来源"),
    "cmd.kind.figure": ("Figure", "数字"),
    # -- tables -----------------------------------------------------------------------------
    "table.indicators": ("Indicators", "指标"),
    "table.entities": ("Projects and bodies", "项目与机构"),
    "table.headlines": ("Headlines", "主要指标"),
    "table.context": ("Context", "背景"),
    "table.pairings": ("Pairings", "结对"),
    "table.timeline": ("Timeline", "大事记"),
    "table.sources": ("Sources", "来源"),
    "about.sources": (
        "Every source, the most cited first; Kind says how far to trust each.",
        "全部来源,引用最多的在前;“类型”说明可信程度。",
    ),
    "table.of": ("{shown} of {total}", "{shown}/{total}"),
    "table.filter": ("filter", "筛选"),
    "table.exported": ("Exported {rows} to {path}", "已导出{rows}到 {path}"),
    "table.exported_figures": (
        "Exported {rows}, {n} figures in all (every figure of each), to {path}",
        "已导出{rows},共{n}个数字(每行的全部数字),到 {path}",
    ),
    "table.rows.one": ("1 row", "1行"),
    "table.rows": ("{n} rows", "{n}行"),
    "table.export_failed": (
        "Export failed: cannot write in {where}: {error}",
        "导出失败:无法写入 {where}:{error}",
    ),
    "table.export_off": (
        "Export is off here: this session is served, and writes nothing on the server "
        "(y copies the highlighted record)",
        "此处不能导出:这是服务器提供的会话,不在服务器上写入任何文件(按 y 复制当前记录)",
    ),
    "screenshot_off": (
        "Screenshots are off here: this session is served, and writes nothing on the server",
        "此处不能截图:这是服务器提供的会话,不在服务器上写入任何文件",
    ),
    # -- the export dialog (e) --------------------------------------------------------------
    "export.title": ("Export", "导出"),
    "export.format": ("Format (↑ ↓)", "格式(↑ ↓)"),
    "export.format.csv": ("CSV", "CSV"),
    "export.format.json": ("JSON", "JSON"),
    "export.format.markdown": ("Markdown", "Markdown"),
    "export.format.sqlite": ("SQLite", "SQLite"),
    "export.shown": ("the {rows} shown, in the order shown", "显示的{rows},按显示的顺序"),
    "export.whole": (
        "the whole dataset, and Datasette's metadata beside it",
        "整个数据集,旁附Datasette元数据",
    ),
    "export.name": ("File name, in {where}", "文件名,位于 {where}"),
    "export.exists": ("{name} exists; choose another name", "{name} 已存在,请换一个名字"),
    "export.empty": ("Give the file a name", "请输入文件名"),
    "export.keys": ("⏎ write · esc cancel", "⏎ 写入 · esc 取消"),
    "export.exported_db": (
        "Exported the whole dataset to {path}, Datasette's metadata to {meta}",
        "已将整个数据集导出到 {path},Datasette元数据到 {meta}",
    ),
    "table.nothing": ("Nothing to export: no rows shown", "没有可导出的行"),
    "table.no_match": ("No rows match “{query}”", "没有匹配“{query}”的行"),
    "table.last_column": (
        "A table keeps its name column and one other: this one cannot be hidden",
        "表格保留名称列和另一列:此列不能隐藏",
    ),
    # -- the detail of a record ----------------------------------------------------------------
    "detail.latest": ("Latest", "最新"),
    # What a period's English label says, named in Chinese (English shows the label itself).
    "period.uncertain": ("dates uncertain", "日期不确定"),
    "period.planned": ("plan or target", "计划目标"),
    "detail.scope": ("Scope", "范围"),
    "detail.scope_note": (
        "figures cover {scope} together, not one place alone",
        "数字为{scope}合计,并非单一地区",
    ),
    "detail.by": ("By", "主体"),
    "detail.unit": ("Unit", "单位"),
    "detail.status": ("Status", "性质"),
    "detail.stated": ("stated by the source", "来源原文所载"),
    "detail.derived": ("derived", "推算"),
    "detail.some_derived": ("stated; derived values marked", "原文所载;推算值已标注"),
    "detail.trend": ("Trend", "趋势"),
    "detail.one_point": ("one point only: no trend", "仅一个数据点,无趋势"),
    "detail.values": ("Values by period", "各时期数值"),
    "detail.sources": ("Sources", "来源"),
    "detail.quote": ("Quote", "原文"),
    "detail.kind": ("Kind", "类型"),
    "detail.where": ("Where", "地点"),
    "detail.sector": ("Sector", "领域"),
    "detail.figures": ("Figures", "数字"),
    "detail.backs": ("Figures it backs", "所支持的数字"),
    "detail.cited_by": ("Also cited for", "另见"),
    "detail.date": ("Date", "日期"),
    "detail.publisher": ("Publisher", "发布者"),
    "detail.url": ("Address", "网址"),
    "source.no_address": ("address unknown", "网址不详"),
    "detail.note": ("Note", "备注"),
    "detail.part_of": ("Part of", "上级"),
    "detail.members": ("Made of", "包括"),
    "detail.pairings": ("Pairings", "结对"),
    "detail.partner": ("Guangzhou partner", "广州结对区"),
    "detail.paired_with": ("Paired with", "结对县区"),
    "detail.none": ("none known", "未见记载"),
    "detail.since": ("since", "始于"),
    "detail.indicators_here": ("Indicators for this place", "本地指标"),
    "detail.entities_here": ("Projects and bodies here", "本地项目与机构"),
    "detail.trend_caption": (
        "Trend: first {first}, last {last}, min {low}, max {high} ({unit})",
        "趋势: 首 {first}, 末 {last}, 最小 {low}, 最大 {high} ({unit})",
    ),
    "detail.break": ("New definition from here", "自此口径变化"),
    "detail.breaks_label": ("Breaks", "断点"),
    "detail.breaks": (
        "new definition from {periods} (¦): figures either side are not comparable",
        "{periods}起口径变化(¦),前后数字不可比",
    ),
    "detail.disagrees": ("another source gives", "另一来源为"),
    "detail.conflict": ("Conflict", "冲突"),
    "detail.disagreements": (
        "sources disagree on {periods}: both values shown below",
        "{periods}的数字各来源不一致,均列于下方",
    ),
    "source.unrelated_site": (
        "copy on an unrelated site (address shown, not linked)",
        "无关网站上的转载(仅显示网址,不设链接)",
    ),
    # -- the chart of a series --------------------------------------------------------------
    "chart.gap": ("no figure", "无数据"),
    "chart.gaps": ("no figures", "无数据"),
    "chart.scale": ("bars from 0 to {high}", "条形自0至{high}"),
    "chart.scale_signed": ("bars from 0, {low} to {high}", "条形自0起,{low}至{high}"),
    "chart.one_point": ("one figure only: no trend", "仅一个数据,无趋势"),
    "chart.break": ("new definition: not comparable", "口径变化,前后不可比"),
    # -- caveats of a figure ------------------------------------------------------------------
    "caveat": ("Caveat", "注意"),
    "caveat.copy": ("rests only on a copy of the source", "仅依据来源的转载"),
    "caveat.secondary": ("rests only on secondary sources", "仅依据二手资料"),
    "caveat.copy_and_secondary": (
        "rests only on copies and secondary sources",
        "仅依据转载和二手资料",
    ),
    # -- qualifiers of a figure, before its number ------------------------------------------
    "qualifier.more_than": ("more than ", "超过"),
    "qualifier.at_least": ("at least ", "至少"),
    "qualifier.about": ("about ", "约"),
    "qualifier.nearly": ("nearly ", "近"),
    "qualifier.less_than": ("less than ", "不足"),
    "qualifier.up_to": ("up to ", "最多"),
    # -- show ---------------------------------------------------------------------------------
    "show.sector": ("Sector", "领域"),
    "show.indicator": ("Indicator", "指标"),
    "show.region": ("Scope", "范围"),
    "show.period": ("Period", "时期"),
    "show.display": ("Value", "数值"),
    "show.status": ("Status", "性质"),
    "show.source_id": ("Source", "来源"),
    "show.scope_period": ("Scope, period", "范围/时期"),
    "show.derived_mark": ("(derived)", "(推算)"),
    "show.derived_note": (
        "{n} figure(s) derived; see --format csv for how.",
        "其中{n}项为推算值,推算方法见 --format csv。",
    ),
}


def word(key: str, lang: Lang, **values: object) -> str:
    """The interface's word ``key`` in ``lang``, with ``values`` filled in."""
    en, zh = WORDS[key]
    text = en if lang == "en" else zh
    return text.format(**values) if values else text
