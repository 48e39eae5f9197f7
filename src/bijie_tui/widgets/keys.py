"""Key labels and tooltips in the language shown: the footer speaks the explorer's language.

Bindings are declared in English with an id; what the footer shows comes from the vocabulary
under ``key.<id>`` (and ``key.<id>.tip`` for the tooltip).
"""

from __future__ import annotations

from dataclasses import replace

from textual.binding import ActiveBinding

from ..model.format import Lang
from ..model.words import WORDS, word
from .text import ascii_mode

_BY_ACTION = {"command_palette": "palette"}
"""Textual's own bindings that carry no id of ours."""
HELP_ID = "help"


def binding_words(ident: str, lang: Lang) -> tuple[str, str] | None:
    """The footer label and tooltip of the binding ``ident`` in ``lang``."""
    key = f"key.{ident}"
    if ascii_mode() and f"{key}.ascii" in WORDS:
        key = f"{key}.ascii"
    if key not in WORDS:
        return None
    tip = f"key.{ident}.tip"
    return word(key, lang), word(tip, lang) if tip in WORDS else ""


def translated(bindings: dict[str, ActiveBinding], lang: Lang) -> dict[str, ActiveBinding]:
    """``bindings`` with their labels and tooltips in ``lang``; the help key first, so that a
    narrow footer never cuts it off."""
    out: dict[str, ActiveBinding] = {}
    for key, active in bindings.items():
        binding = active.binding
        ident = binding.id or _BY_ACTION.get(binding.action)
        found = binding_words(ident, lang) if ident else None
        if found is not None:
            label, tip = found
            binding = replace(binding, description=label, tooltip=tip)
            active = ActiveBinding(active.node, binding, active.enabled, tip)
        out[key] = active
    helps = {k: a for k, a in out.items() if a.binding.id == HELP_ID}
    return {**helps, **{k: a for k, a in out.items() if k not in helps}}
