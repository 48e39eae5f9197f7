"""Each closed list of the format is declared once (``model/vocab.py``); every label, sign,
word and class of it elsewhere is for a kind of that list, and every kind has one."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from bijie_tui.model import caveats, format, tables, vocab
from bijie_tui.model.words import WORDS

LABELS: list[tuple[str, Mapping[Any, tables.Label], tuple[str, ...]]] = [
    ("SOURCE_KIND_NAMES", tables.SOURCE_KIND_NAMES, vocab.SOURCE_KINDS),
    ("SOURCE_KIND_SHORT", tables.SOURCE_KIND_SHORT, vocab.SOURCE_KINDS),
    ("ENTITY_KIND_NAMES", tables.ENTITY_KIND_NAMES, vocab.ENTITY_KINDS),
    ("PHASE_NAMES", tables.PHASE_NAMES, vocab.PHASES),
    ("PHASE_SHORT", tables.PHASE_SHORT, vocab.PHASES),
    ("PAIRING_STATUS", tables.PAIRING_STATUS, vocab.PAIRING_STATUSES),
]


@pytest.mark.parametrize(("name", "labels", "kinds"), LABELS, ids=[n for n, _, _ in LABELS])
def test_every_kind_has_a_label_in_both_languages_and_no_label_is_for_an_unknown_kind(
    name: str, labels: Mapping[str, tables.Label], kinds: tuple[str, ...]
) -> None:
    assert [k for k in kinds if k not in labels] == [], f"{name}: kinds without a label"
    assert [k for k in labels if k not in kinds] == [], f"{name}: labels for unknown kinds"
    assert list(labels) == list(kinds), f"{name}: not in the order of model/vocab.py"
    for kind in kinds:
        assert labels[kind].en.strip() and labels[kind].zh.strip(), (name, kind)
        assert not labels[kind].zh.isascii() or kind in vocab.PHASES, (name, kind)


def test_the_lists_are_read_back_from_their_types() -> None:
    from typing import get_args

    for kinds, literal in (
        (vocab.SOURCE_KINDS, vocab.SourceKind),
        (vocab.REGION_KINDS, vocab.RegionKind),
        (vocab.ENTITY_KINDS, vocab.EntityKind),
        (vocab.PERIOD_KINDS, vocab.PeriodKind),
        (vocab.QUALIFIERS, vocab.Qualifier),
        (vocab.STATUSES, vocab.Status),
        (vocab.PHASES, vocab.Phase),
        (vocab.PAIRING_STATUSES, vocab.PairingStatus),
        (vocab.FORMATS, vocab.Format),
    ):
        assert kinds == get_args(literal)
        assert len(set(kinds)) == len(kinds)
    assert vocab.NO_ADDRESS_KIND in vocab.SOURCE_KINDS


def test_the_kinds_of_weak_source_are_kinds_of_source() -> None:
    assert caveats.COPY_KINDS <= set(vocab.SOURCE_KINDS)
    assert caveats.SECONDARY_KINDS <= set(vocab.SOURCE_KINDS)
    assert not caveats.COPY_KINDS & caveats.SECONDARY_KINDS
    assert vocab.NO_ADDRESS_KIND in caveats.COPY_KINDS
    # The strongest kinds are originals.
    assert vocab.SOURCE_KINDS[0] not in caveats.WEAK_KINDS


def test_every_qualifier_but_exact_and_range_has_its_words_and_sign() -> None:
    said = [q for q in vocab.QUALIFIERS if q not in ("exact", "range")]
    assert list(format.QUALIFIER_SIGNS) == said
    words = [key.removeprefix("qualifier.") for key in WORDS if key.startswith("qualifier.")]
    assert words == said
    for qualifier in said:
        en, zh = WORDS[f"qualifier.{qualifier}"]
        assert en.strip() and zh.strip(), qualifier


def test_the_lists_are_read_without_the_schemas_validator() -> None:
    """The quick build reads the lists; reading them must not import pydantic."""
    code = (
        "import sys, bijie_tui.model.records\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pydantic', 'textual')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_the_readme_describes_each_kind_of_source_and_no_other() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")
    section = readme.split("**Where the figures come from.**", 1)[1].split("\n\nThe figures", 1)[0]
    items = [line for line in section.splitlines() if line.startswith("- ")]
    described = [kind for line in items for kind in re.findall(r"`([a-z_]+)`", line.split(":")[0])]
    assert sorted(described) == sorted(vocab.SOURCE_KINDS)
