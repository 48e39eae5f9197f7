"""Characters a reader would not see are shown as escapes; real text is left as it is."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bijie_tui.app import BijieApp
from bijie_tui.cli import run
from bijie_tui.model.loader import load
from bijie_tui.model.output import to_json
from bijie_tui.model.query import Catalog
from bijie_tui.model.safe import printable
from bijie_tui.widgets.record_table import RecordTable
from pilot_helpers import idle

Edit = Callable[[dict[str, Any]], None]
HIDDEN = {"Cc", "Cf", "Zl", "Zp", "Co", "Cs", "Cn"}
# Default_Ignorable_Code_Point outside those categories (DerivedCoreProperties.txt), and the
# blank braille pattern; the variation selectors among them are shown after a base character.
IGNORABLE = {0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x2800, 0x3164, 0xFFA0}
SELECTORS = {*range(0x180B, 0x180E), 0x180F, *range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0)}


def _escape(code: int) -> str:
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _split_by_hiddenness() -> tuple[list[int], list[int]]:
    hidden: list[int] = []
    shown: list[int] = []
    for code in range(0x110000):
        is_hidden = unicodedata.category(chr(code)) in HIDDEN or code in IGNORABLE | SELECTORS
        (hidden if is_hidden else shown).append(code)
    return hidden, shown


@pytest.mark.parametrize(
    ("char", "escape"),
    [
        ("\x1b", "\\x1b"),
        ("\x07", "\\x07"),
        ("\t", "\\x09"),
        ("\x9b", "\\x9b"),  # C1: a one-byte CSI
        ("\u00ad", "\\xad"),  # soft hyphen
        ("\u061c", "\\u061c"),  # Arabic letter mark
        ("\u180e", "\\u180e"),  # Mongolian vowel separator
        ("\u200b", "\\u200b"),  # zero-width space
        ("\u200c", "\\u200c"),  # zero-width non-joiner
        ("\u200e", "\\u200e"),  # left-to-right mark
        ("\u2028", "\\u2028"),  # line separator
        ("\u2029", "\\u2029"),  # paragraph separator
        ("\u202e", "\\u202e"),  # right-to-left override
        ("\u2066", "\\u2066"),  # left-to-right isolate
        ("\u2064", "\\u2064"),  # invisible plus
        ("\ufeff", "\\ufeff"),  # byte order mark
        ("\ufff9", "\\ufff9"),  # interlinear annotation anchor
        ("\ue000", "\\ue000"),  # private use
        ("\ud800", "\\ud800"),  # a lone surrogate, as JSON can carry one
        ("\u0378", "\\u0378"),  # unassigned
        ("\U000e0000", "\\U000e0000"),  # tag block, unassigned
        ("\U000e0001", "\\U000e0001"),  # language tag
        ("\U000e0041", "\\U000e0041"),  # tag latin capital letter A
        ("\U000e007f", "\\U000e007f"),  # cancel tag
        ("\U000f0000", "\\U000f0000"),  # supplementary private use
        ("\U0010ffff", "\\U0010ffff"),  # a noncharacter
        ("\U0001d173", "\\U0001d173"),  # musical symbol begin beam (format)
        ("\u3164", "\\u3164"),  # Hangul filler: a letter drawn as nothing
        ("\uffa0", "\\uffa0"),  # halfwidth Hangul filler
        ("\u115f", "\\u115f"),  # Hangul choseong filler
        ("\u034f", "\\u034f"),  # combining grapheme joiner
        ("\u17b4", "\\u17b4"),  # Khmer inherent vowel
        ("\u2800", "\\u2800"),  # braille pattern blank
    ],
)
def test_each_hidden_character_is_escaped(char: str, escape: str) -> None:
    assert printable(char) == escape
    assert printable(f"Bi{char}jie") == f"Bi{escape}jie"


def test_every_code_point_of_a_hidden_category_is_escaped_and_no_other() -> None:
    hidden, shown = _split_by_hiddenness()
    # A space first: a selector right after a base character would be let through.
    assert printable(" " + "".join(map(chr, hidden))) == " " + "".join(map(_escape, hidden))
    # Marks after marks, spaces and symbols: all shown as they are (no joiner among them).
    text = "".join(map(chr, shown))
    assert printable(text) == text


@pytest.mark.parametrize(
    "text",
    [
        "\U0001f468\u200d\U0001f469\u200d\U0001f467",  # family
        "\U0001f3f3\ufe0f\u200d\U0001f308",  # rainbow flag: a variation selector before
        "\U0001f469\U0001f3fd\u200d\U0001f4bb",  # technologist: a skin tone before
        "\u2764\ufe0f\u200d\U0001f525 hot",  # heart on fire
        "\U0001f9d1\u200d\U0001f91d\u200d\U0001f9d1",  # people holding hands
    ],
)
def test_a_joiner_inside_an_emoji_sequence_stays(text: str) -> None:
    assert printable(text) == text


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("\u200d", "\\u200d"),
        ("\u200d\U0001f469", "\\u200d\U0001f469"),
        ("\U0001f469\u200d", "\U0001f469\\u200d"),
        ("\U0001f469\u200d\u200d\U0001f4bb", "\U0001f469\\u200d\\u200d\U0001f4bb"),
        ("\U0001f469 \u200d \U0001f4bb", "\U0001f469 \\u200d \U0001f4bb"),
        ("Bi\u200djie", "Bi\\u200djie"),  # between letters it only hides
        ("毕\u200d节", "毕\\u200d节"),
        ("\ufe0f\u200d\U0001f4bb", "\\ufe0f\\u200d\U0001f4bb"),  # a selector of nothing
        ("\U0001f469\u202e\u200d\U0001f4bb", "\U0001f469\\u202e\\u200d\U0001f4bb"),
    ],
)
def test_a_joiner_that_joins_nothing_is_escaped(text: str, shown: str) -> None:
    assert printable(text) == shown


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("\ufe0f", "\\ufe0f"),  # a selector of nothing
        ("Bi\ufe0fjie", "Bi\\ufe0fjie"),  # a letter has no emoji form: it only hides
        ("\u845b\ufe0f", "\u845b\\ufe0f"),
        (" \ufe0f", " \\ufe0f"),  # after a space
        ("\u2764\ufe0f\ufe0f", "\u2764\ufe0f\\ufe0f"),  # a second selector selects nothing
        ("e\u0301\ufe0e", "e\u0301\\ufe0e"),  # after a mark
        ("\u202e\ufe0f", "\\u202e\\ufe0f"),  # after a hidden character
        ("\u3164\ufe0f", "\\u3164\\ufe0f"),
    ],
)
def test_a_variation_selector_stays_only_after_a_base_character(text: str, shown: str) -> None:
    assert printable(text) == shown


@pytest.mark.parametrize(
    "text",
    [
        "\u2764\ufe0f",  # red heart, emoji presentation
        "\u845b\U000e0100",  # an ideographic variation sequence
        "\u263a\ufe0e",  # smiling face, text presentation
        "1\ufe0f\u20e3",  # keycap one
        "Cafe\u0301",  # a combining accent
        "हिन्दी",
        "毕节市 Bijie",
        "\u00a0\u3000",  # no-break and ideographic spaces
    ],
)
def test_real_text_is_left_as_it_is(text: str) -> None:
    assert printable(text) == text


def test_plain_text_is_not_copied() -> None:
    for text in ("Employment", "毕节市就业人数 (万人)", ""):
        assert printable(text) is text


def _no_hidden(text: str) -> None:
    assert not [c for c in text if c != "\n" and unicodedata.category(c) in HIDDEN]


def test_json_escapes_hidden_characters_and_keeps_the_data() -> None:
    name = "a\u2028b\u00ad\u061c\U000e0041\ue000\ud800 \U0001f469\u200d\U0001f4bb"
    out = to_json([{"indicator": name, "value": "", "upper": ""}])
    assert json.loads(out)[0]["indicator"] == name
    for escape in ("\\u2028", "\\u00ad", "\\u061c", "\\udb40\\udc41", "\\ue000", "\\ud800"):
        assert escape in out
    assert "\U0001f469\u200d\U0001f4bb" in out  # the emoji sequence stays readable
    _no_hidden(out.replace("\U0001f469\u200d\U0001f4bb", ""))


NAME = "Leader\u2028visits\u00ad\u061c\u180e\u202e\U000e0041\ue000"
NAME_ESCAPES = ("\\u2028", "\\xad", "\\u061c", "\\u180e", "\\u202e", "\\U000e0041", "\\ue000")


def _name_indicator(data: dict[str, Any]) -> None:
    data["indicators"][0]["name"]["en"] = NAME


@pytest.mark.parametrize("fmt", ["csv", "markdown", "table"])
def test_show_prints_hidden_characters_as_escapes(
    capsys: pytest.CaptureFixture[str], write_variant: Callable[[Edit], Path], fmt: str
) -> None:
    path = write_variant(_name_indicator)
    assert run(["show", "--data", str(path), "--format", fmt]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    _no_hidden(out.replace("\r\n", "\n"))
    for escape in NAME_ESCAPES:
        assert escape in out


def test_show_json_keeps_hidden_characters_as_json_escapes(
    capsys: pytest.CaptureFixture[str], write_variant: Callable[[Edit], Path]
) -> None:
    path = write_variant(_name_indicator)
    assert run(["show", "--data", str(path), "--format", "json"]) == 0
    out, _ = capsys.readouterr()
    _no_hidden(out)
    assert NAME in [row["indicator"] for row in json.loads(out)]


def test_validate_error_line_prints_hidden_characters_as_escapes(
    capsys: pytest.CaptureFixture[str], write_variant: Callable[[Edit], Path]
) -> None:
    def edit(data: dict[str, Any]) -> None:
        data["figures"][0]["period"]["kind"] = NAME

    path = write_variant(edit)
    assert run(["validate", str(path)]) != 0
    out, err = capsys.readouterr()
    _no_hidden(out + err.rstrip("\n"))
    for escape in NAME_ESCAPES:
        assert escape in err


async def test_the_explorer_shows_hidden_characters_as_escapes(
    write_variant: Callable[[Edit], Path],
) -> None:
    def edit(data: dict[str, Any]) -> None:
        first = next(i for i in data["indicators"] if i["sector"] == "employment")
        first["name"]["en"] = NAME

    app = BijieApp(Catalog(load(write_variant(edit))))
    async with app.run_test(size=(200, 24)) as pilot:
        await pilot.press("2")
        await idle(pilot)
        table = app.screen_stack[0].query_one("#employment-indicators", RecordTable)
        names = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
    shown = next(name for name in names if name.startswith("Leader"))
    for name in names:
        _no_hidden(name)
    for escape in NAME_ESCAPES:
        assert escape in shown
