"""The small inline markup of library text: citations and italics.

In: a text field of the library (``Point.text``, ``Argument.conclusion``...). Out: a tuple of
``document.Text`` and ``document.Citation`` runs.

Citations use pandoc's syntax: ``[@id]``, ``[@id, 12]``, ``[@id, para 431]``, ``[@a; @b, 4]``.
A pinpoint is kept exactly as written. The note call goes after punctuation that follows the
citation (``text [@a].`` calls the note after the full stop), as OSCOLA and pandoc place it.
``*words*`` sets words in italics.
"""

from __future__ import annotations

import re
from functools import lru_cache

from advocate.document import Citation, Cite, Text

_BRACKET = re.compile(r"\[([^\[\]]*@[^\[\]]*)\]")
_ITEM = re.compile(r"^\s*@([\w][\w:./+-]*\w|\w)\s*(?:,\s*(\S.*?))?\s*$")
_ITALIC = re.compile(r"\*([^*\s](?:[^*]*[^*\s])?)\*")

_AFTER_PUNCTUATION = ".,;:!?"

Run = Text | Citation


class MarkupError(ValueError):
    """A bracket that looks like a citation but does not parse."""


def parse_citation(inner: str) -> Citation:
    """``@a, 4; @b`` (the inside of the brackets) as a Citation."""
    cites = []
    for item in inner.split(";"):
        match = _ITEM.match(item)
        if not match:
            raise MarkupError(f"expected [@id] or [@id, pinpoint], got [{inner}]")
        cites.append(Cite(match.group(1), match.group(2)))
    return Citation(tuple(cites))


@lru_cache(maxsize=65536)
def parse_inline(text: str) -> tuple[Run, ...]:
    """Split ``text`` into text runs and citations; a malformed citation raises MarkupError."""
    runs: list[Run] = []
    position = 0
    for match in _BRACKET.finditer(text):
        before = text[position : match.start()].rstrip(" ")
        position = match.end()
        # OSCOLA and pandoc put the note call after the punctuation that follows a citation.
        while position < len(text) and text[position] in _AFTER_PUNCTUATION:
            before += text[position]
            position += 1
        runs.extend(_text_runs(before))
        runs.append(parse_citation(match.group(1)))
    runs.extend(_text_runs(text[position:]))
    return tuple(runs)


def _text_runs(text: str) -> list[Text]:
    runs: list[Text] = []
    position = 0
    for match in _ITALIC.finditer(text):
        if match.start() > position:
            runs.append(Text(text[position : match.start()]))
        runs.append(Text(match.group(1), italic=True))
        position = match.end()
    if position < len(text):
        runs.append(Text(text[position:]))
    return runs


def scan_citations(text: str) -> tuple[list[Citation], list[str]]:
    """Every well-formed citation in ``text`` and a message for each malformed one (one bad bracket
    does not hide the others)."""
    found: list[Citation] = []
    errors: list[str] = []
    for match in _BRACKET.finditer(text):
        try:
            found.append(parse_citation(match.group(1)))
        except MarkupError as exc:
            errors.append(str(exc))
    return found, errors


def citations(text: str) -> list[Citation]:
    """Every citation in ``text``, in order."""
    return [run for run in parse_inline(text) if isinstance(run, Citation)]


def plain(text: str) -> str:
    """``text`` without citations or markup (for similarity, search and claims)."""
    return "".join(run.text for run in parse_inline(text) if isinstance(run, Text))


def without_citations(text: str) -> str:
    """``text`` with every citation bracket removed, well-formed or not (for checks that must not fail
    on a citation another check reports)."""
    return _BRACKET.sub("", text)
