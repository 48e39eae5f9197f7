"""Finding a figure by its number: the number as written (``43,139``, ``2.02``) or its value in
any grouping or unit (``43139``, ``4.3139万``, ``2.02 billion``, ``20.2亿``).

A row's search text (see :func:`number_tokens`) carries, for every number written in it, two
tokens: the number's digits without grouping (``2.02`` in ``2.02 billion yuan``) and its value
with its multiplier applied (``2020000000``). A number in a query (:func:`query_terms`) matches
either token, never a part of a longer number: ``73`` finds ``73`` and ``73%``, not ``1,730``
or ``7.3``; ``2.02`` finds ``2.02 billion`` and a value of 2.02; ``20.2亿`` and ``2.02 billion``
find the same figure. Any other word of a query matches anywhere in the text, as before.

The tokens are set apart by a control character no one types, so they never match a word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from .stated import SEPARATORS
from .words import LANGS

if TYPE_CHECKING:
    from .query import Catalog
    from .records import Figure

_MULTIPLIERS: dict[str, int] = {
    "万": 10**4,
    "萬": 10**4,
    "亿": 10**8,
    "億": 10**8,
    "thousand": 10**3,
    "million": 10**6,
    "billion": 10**9,
}
_MULT = "|".join(sorted(map(re.escape, _MULTIPLIERS), key=len, reverse=True))
_NUMBER = re.compile(
    r"(?<![\d.])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\d])"
    rf"(?:\s*(?P<mult>{_MULT})(?![a-z]))?",
    re.IGNORECASE,
)
_QUERY_NUMBER = re.compile(
    rf"(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)(?P<mult>{_MULT})?%?",
    re.IGNORECASE,
)
_MARK = "\x1f"
"""Sets the tokens apart from the words of the text."""


def _canonical(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


def written_token(digits: str) -> str:
    """The token of a number as written, without grouping: ``43,139`` -> ``43139``."""
    return f"{_MARK}n{_canonical(Decimal(SEPARATORS.sub('', digits)))}{_MARK}"


def value_token(value: Decimal | float) -> str:
    """The token of a value in base units (``2.02 billion`` -> ``2020000000``)."""
    exact = value if isinstance(value, Decimal) else Decimal(repr(value))
    return f"{_MARK}v{_canonical(exact)}{_MARK}"


def _multiplied(digits: str, mult: str | None) -> Decimal:
    number = Decimal(SEPARATORS.sub("", digits))
    return number * _MULTIPLIERS[mult.casefold()] if mult else number


def number_tokens(text: str) -> list[str]:
    """Tokens of every number written in ``text``: as written, and as a value."""
    out: list[str] = []
    for match in _NUMBER.finditer(text):
        try:
            out.append(written_token(match.group("num")))
            out.append(value_token(_multiplied(match.group("num"), match.group("mult"))))
        except InvalidOperation:  # pragma: no cover - the pattern only admits digits
            continue
    return out


def figure_tokens(forms: Iterable[str], values: Iterable[float | None]) -> str:
    """What a figure adds to a search text: the tokens of each way it is written (as the
    explorer shows it in either language, as the source states it) and of its value(s)."""
    tokens: list[str] = []
    for form in forms:
        tokens.extend(number_tokens(form))
    tokens.extend(value_token(v) for v in values if v is not None)
    return " ".join(dict.fromkeys(tokens))


def figures_numbers(catalog: Catalog, figures: Iterable[Figure]) -> str:
    """The tokens of ``figures``: as the explorer writes them in either language (scaled and
    in full), as their sources state them, and their values."""
    out: list[str] = []
    for fig in figures:
        forms = [catalog.display_value(fig, x, exact=e) for x in LANGS for e in (False, True)]
        if fig.stated_as:
            forms.append(fig.stated_as)
        out.append(figure_tokens(forms, (fig.value, fig.upper)))
    return " ".join(out)


def _number_term(word: str) -> tuple[str, ...] | None:
    match = _QUERY_NUMBER.fullmatch(word)
    if match is None:
        return None
    num, mult = match.group("num"), match.group("mult")
    value = value_token(_multiplied(num, mult))
    return (value,) if mult else (written_token(num), value)


def query_terms(query: str) -> list[tuple[str, ...]]:
    """Each term of ``query`` (case folded) as the strings any of which a text must contain.

    A number, with grouping commas, a trailing ``%`` and a unit of its own (``4.3139万``) or
    in the next word (``2.02 billion``), is one term: its tokens. Any other word is itself.
    """
    words = query.casefold().split()
    terms: list[tuple[str, ...]] = []
    index = 0
    while index < len(words):
        word = words[index]
        following = words[index + 1] if index + 1 < len(words) else ""
        if following in _MULTIPLIERS and _QUERY_NUMBER.fullmatch(word) and word[-1].isdigit():
            word += following
            index += 1
        terms.append(_number_term(word) or (word,))
        index += 1
    return terms


def matches(terms: Sequence[tuple[str, ...]], text: str) -> bool:
    """Whether ``text`` holds every term (one of its strings) of :func:`query_terms`."""
    return all(any(option in text for option in term) for term in terms)


def is_number_query(query: str) -> bool:
    """Whether ``query`` is a number alone (``73``, ``43,139``, ``2.02 billion``)."""
    terms = query_terms(query)
    return len(terms) == 1 and all(option.startswith(_MARK) for option in terms[0])


def query_tokens(query: str) -> tuple[str, ...]:
    """The tokens a number query matches (empty if ``query`` is not a number alone)."""
    return query_terms(query)[0] if is_number_query(query) else ()
