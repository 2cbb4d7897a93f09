"""Checkable details of a sentence: the numbers and names a rewording must not add.

In: a phrasing (another way to say a point's claim or an ask) and the sourced text it stands in
for. Out: the details of the phrasing that the sourced text does not contain.

A phrasing stands in for the sourced paragraph in constituent letters, so it may reword but must
not say more. A machine cannot tell whether two sentences mean the same, but it can catch the
commonest slips:

- a number (``60``, ``three``, ``2.6``, ``million``) that the claim and text it is checked against
  do not have; numbers compare by value (``1,000`` is ``1000``, ``three`` is ``3``);
- a proper name that appears nowhere in the library's sourced wording (``GLAN`` where every text
  says "Global Legal Action Network"). A name found in another point is let through, because
  rewording often names the country or body the text only implies (``French`` courts).

Words compare loosely: ``MPs`` matches ``MP``, ``Ministers'`` matches ``Minister``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_NUMBER = re.compile(r"\d(?:[\d,.]*\d)?")
_WORD = re.compile(r"[^\W\d_](?:[\w’'-]*\w)?")
_SENTENCE_END = re.compile(r"[.!?:;]\s*$|^\s*$")
_SCALES = frozenset({"hundred", "thousand", "million", "millions", "billion", "billions", "percent"})
_SMALL = (
    "zero", "", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
)  # fmt: skip
_TENS = ("thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_NUMBER_WORDS = {word: str(value) for value, word in enumerate(_SMALL) if word} | {
    word: str(30 + 10 * i) for i, word in enumerate(_TENS)
}
"""Number words a rewording may use for a figure ("one" is left out: it is more often a pronoun)."""
_ORDINARY_CAPITALS = frozenset({"i", "mr", "mrs", "ms", "dr", "rt", "hon"})


def vocabulary(texts: Iterable[str]) -> frozenset[str]:
    """The loosely compared words of ``texts``: what ``unsupported_details`` takes as ``known``."""
    return frozenset(
        _stem(part) for text in texts for w in _WORD.findall(text) for part in (w, *w.split("-"))
    )


def unsupported_details(
    phrasing: str, sourced: Iterable[str], known: frozenset[str] = frozenset()
) -> list[str]:
    """The numbers in ``phrasing`` that no ``sourced`` text has, and its proper names that neither
    ``sourced`` nor the ``known`` words (``vocabulary`` of the whole library) have; in order of
    appearance, without repeats."""
    corpus = " ".join(sourced)
    numbers = set(_numbers(corpus))
    words = vocabulary([corpus])
    missing: dict[str, None] = {}
    for text, value in _numbered(phrasing):
        if value not in numbers:
            missing[text] = None
    for name in _names(phrasing):
        if _stem(name) not in words and _stem(name) not in known:
            missing[name] = None
    return list(missing)


def _numbered(text: str) -> Iterable[tuple[str, str]]:
    """Each figure, number word and scale word of ``text``, with the value it compares by."""
    for match in _NUMBER.finditer(text):
        yield match.group(), _number(match.group())
    for match in _WORD.finditer(text):
        lower = match.group().lower()
        if lower in _NUMBER_WORDS:
            yield match.group(), _NUMBER_WORDS[lower]
        elif lower in _SCALES:
            yield match.group(), _stem(lower)


def _numbers(text: str) -> Iterable[str]:
    for _, value in _numbered(text):
        yield value


def _names(text: str) -> Iterable[str]:
    """Capitalised words that do not open a sentence."""
    for match in _WORD.finditer(text):
        if _opens_sentence(text, match.start()):
            continue
        for word in match.group().split("-"):  # "UN-based" names the UN
            lower = word.lower()
            if word[:1].isupper() and lower not in _ORDINARY_CAPITALS and lower not in _NUMBER_WORDS:
                yield word


def _opens_sentence(text: str, start: int) -> bool:
    before = text[:start].rstrip("\"'“‘( ")
    return _SENTENCE_END.search(before) is not None


def _number(text: str) -> str:
    return text.replace(",", "").rstrip(".")


def _stem(word: str) -> str:
    """Lower case, without a possessive or plural ending: ``MPs``, ``MP's`` and ``MP`` agree."""
    word = word.lower().replace("’", "'")
    for ending in ("'s", "s'", "'", "es", "s"):
        if word.endswith(ending) and len(word) > len(ending) + 1:
            return word[: -len(ending)]
    return word
