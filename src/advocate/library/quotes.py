"""Quotations and the texts they come from: finding the words a library text quotes, and whether a
snapshot of the source contains them.

In: a library text (a point's text, an argument's conclusion...) or a point's ``quote``, and the text of
a source's snapshot. Out: each quotation with the sources its sentence cites for it, and whether a
snapshot holds it.

A quotation is text in “curly” or "straight" double quotes (single quotes are left alone: they are
apostrophes too often to pair reliably) that a citation attributes: the first citation after the
closing mark in the same sentence. A quotation with no such citation (its source is cited in another
sentence, or it is a title or a word-as-word) is not checked.

Comparing is forgiving of typography only: runs of whitespace are one space, typographic quotes and
dashes are plain ones, the first letter of each part may change case (a quotation may start a
sentence), and punctuation at either end of a part is not compared. An ellipsis (``…``, ``...``) or
an editorial insertion in square brackets (``[…]``, ``[the Government]``) splits a quotation into
parts, and the parts must occur in the snapshot in order. Nothing else is forgiven: every other word
is compared as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from advocate.markup.inline import citation_spans, scan

_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"', "‟": '"'})
_DASHES = str.maketrans(dict.fromkeys("‐‑‒–—―−", "-"))
_GAP = re.compile(r"\.\s?\.\s?\.|…|\[[^\]]*\]")
"""What splits a quotation into parts: an ellipsis or an editorial insertion in square brackets."""
_END_PUNCTUATION = " ,.;:!?"
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+")
_MASK = "\0"
"""Stands in for each character of a citation while quotations are looked for."""
_PAIRS = (re.compile(r"“([^“”]*)”"), re.compile(r'"([^"]*)"'))


def normalise(text: str) -> str:
    """Text with runs of whitespace folded to one space and typographic quotes made plain."""
    text = text.translate(_QUOTES)
    return re.sub(r"\s+", " ", text).strip()


def comparable(text: str) -> str:
    """``text`` as quotations are compared with snapshots: normalised, and with dashes made plain."""
    return normalise(text.translate(_DASHES))


@dataclass(frozen=True)
class Quotation:
    """Words a library text quotes and the sources its sentence cites for them."""

    offset: int
    """Where the opening quotation mark is in the text."""
    text: str
    """The words between the marks, as written."""
    sources: tuple[str, ...]
    """The ids the attributing citation names, in order."""


def quotations(text: str) -> list[Quotation]:
    """Each quotation in ``text`` that a citation in the same sentence attributes, in order."""
    masked = list(text)
    for start, end, _ in citation_spans(text):
        masked[start:end] = _MASK * (end - start)
    plain = "".join(masked)
    cited = scan(text).citations
    found: list[Quotation] = []
    for pattern in _PAIRS:
        for match in pattern.finditer(plain):
            words = match.group(1)
            if not words.strip() or _MASK in words:
                continue  # an empty pair, or marks paired across a citation: not a quotation
            after = match.end()
            attributing = next((c for c in cited if c.start >= after), None)
            # A full stop just before the citation (“words”. [@a]) does not end the sentence first.
            if attributing is None or _SENTENCE_END.search(plain[after : attributing.start].rstrip()):
                continue
            sources = tuple(dict.fromkeys(cite.source for cite in attributing.citation.cites))
            found.append(Quotation(match.start(), words, sources))
    return sorted(found, key=lambda q: q.offset)


def parts(quotation: str) -> list[str]:
    """The parts of a quotation that must occur in order (split at ellipses and insertions), each
    comparable and without punctuation at its ends."""
    pieces = (comparable(piece).strip(_END_PUNCTUATION) for piece in _GAP.split(quotation))
    return [piece for piece in pieces if piece]


def missing_part(quotation: str, snapshot: str) -> str | None:
    """The first part of ``quotation`` that ``snapshot`` (already ``comparable``) lacks, after the
    parts before it; None when every part is there, in order."""
    position = 0
    for piece in parts(quotation):
        at = _find(snapshot, piece, position)
        if at < 0:
            return piece
        position = at + len(piece)
    return None


def _find(snapshot: str, piece: str, start: int) -> int:
    at = snapshot.find(piece, start)
    if at < 0:
        # A quotation may change the case of its first letter to fit the sentence it is in.
        at = snapshot.find(piece[0].swapcase() + piece[1:], start)
    return at
