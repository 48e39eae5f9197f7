"""The keys as Textual binds them and as the footer names them, made from their declarations
(:mod:`..model.keymap`): each screen and widget takes its bindings from :func:`bindings`, and
the footer speaks the explorer's language through :func:`translated`.
"""

from __future__ import annotations

from dataclasses import replace

from textual.binding import ActiveBinding, Binding, BindingType

from ..model.format import Lang
from ..model.keymap import DECLARED, Declared, Place
from .text import ascii_mode

_BY_ACTION = {"command_palette": "palette"}
"""Textual's own bindings that carry no id of ours."""
HELP_ID = "help"


def bindings(place: Place, declared: Declared = DECLARED) -> list[BindingType]:
    """The bindings of ``place`` (``BINDINGS = bindings("table")``), as declared; the config's
    ``[keys]`` moves them by id (``App.set_keymap``)."""
    return [
        Binding(
            bind.key.keys,
            bind.action,
            declared.description(bind.key.id),
            show=bind.show,
            priority=bind.priority,
            id=bind.key.id,
        )
        for bind in declared.binds(place)
    ]


def binding_words(ident: str, lang: Lang) -> tuple[str, str] | None:
    """The footer label and tooltip of the binding ``ident`` in ``lang``."""
    key = DECLARED.keys.get(ident)
    if key is None or key.label is None:
        return None
    label = key.ascii_label if ascii_mode() and key.ascii_label else key.label
    tip = key.tip or ("", "")
    index = 0 if lang == "en" else 1
    return label[index], tip[index]


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
