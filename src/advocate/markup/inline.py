"""Citations and italics in library text.

In: a text field of the library (``Point.text``, ``Argument.conclusion``...). Out: a tuple of
``document.Text`` and ``document.Citation`` runs, or the malformed citations it holds.

Citations use pandoc's syntax: ``[@id]``, ``[@id, 12]``, ``[@id, para 431]``, ``[@a; @b, 4]``.
A pinpoint is kept exactly as written. The note call goes after punctuation that follows the
citation (``text [@a].`` calls the note after the full stop), as OSCOLA and pandoc place it.
``*words*`` sets words in italics.

Every citation prints as a footnote, so pandoc's narrative form (a bare ``@id``, "as @id says") is
reported, not supported; so are the other slips the renderers would otherwise print literally: a
bracket left open (``[@id.``), a stray bracket (``[@id]]``), parentheses (``(@id)``), an empty
``[@]`` and sources separated by anything but ``;``. An ``@`` that is not a citation is text: one
inside a word (``name@example.org``, ``example.com/@name``), one standing alone between spaces, and a
handle in quotes (``"@name"``, ``“@name”``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from advocate.document import Citation, Cite, Text

_ID = r"\w(?:[\w:./+-]*\w)?"
_ID_AT = re.compile(_ID)
_ITEM = re.compile(rf"\s*@({_ID})\s*(?:,\s*(\S.*?))?\s*", re.DOTALL)
_SPECIAL = re.compile(r"[\[\]@]")
_BRACKET_CHAR = re.compile(r"[\[\]]")
_ITALIC = re.compile(r"\*([^*\s](?:[^*]*[^*\s])?)\*")
_LINE_BREAK = re.compile(r"\s*\n\s*")

_AFTER_PUNCTUATION = ".,;:!?"
_IN_A_WORD = "_.%+-/"
"""Besides letters and digits, what may come just before the ``@`` of an email address or a URL."""
_OPENING_QUOTES = "\"'“‘«"
_CLOSING_QUOTES = "\"'”’»"
_SHOWN = 40
"""How many characters of a malformed citation a message quotes."""

Run = Text | Citation


class MarkupError(ValueError):
    """A citation that does not parse, with the offset of the offending character in its text."""

    def __init__(self, message: str, offset: int = 0) -> None:
        super().__init__(message)
        self.offset = offset


@dataclass(frozen=True)
class Found:
    """A well-formed citation and where it is written."""

    start: int
    """The index of its ``[``."""
    end: int
    """Just after its ``]``."""
    citation: Citation
    """What it cites."""


@dataclass(frozen=True)
class Malformed:
    """A citation written wrongly."""

    start: int
    """Where the whole of it starts (with a stray bracket, that bracket)."""
    end: int
    """Just after the whole of it."""
    offset: int
    """The offending character: an unclosed ``[``, a stray bracket, the ``@`` of a bare ``@id``, the
    ``(`` of ``(@id)``, a ``,`` that should be ``;``..."""
    message: str
    """What was expected, what was written, and what to do."""


@dataclass(frozen=True)
class Scan:
    """Every citation of a text, well-formed or not, in order."""

    citations: tuple[Found, ...]
    malformed: tuple[Malformed, ...]


class _Fault(Exception):
    def __init__(self, offset: int, message: str) -> None:
        super().__init__(message)
        self.offset = offset
        self.message = message


@lru_cache(maxsize=65536)
def scan(text: str) -> Scan:
    """Every well-formed citation in ``text`` and each malformed one (one bad bracket does not hide
    the others; a malformed one yields no citation, so it is reported once, never also as an unknown
    source)."""
    found: list[Found] = []
    malformed: list[Malformed] = []
    position = 0
    while match := _SPECIAL.search(text, position):
        at = match.start()
        if text[at] == "[":
            position = _bracket(text, at, found, malformed)
        elif text[at] == "@" and _is_citation_at(text, at) and (source := _ID_AT.match(text, at + 1)):
            position = _bare(text, at, source.end(), malformed)
        else:
            position = at + 1
    return Scan(tuple(found), tuple(malformed))


def _bracket(text: str, start: int, found: list[Found], malformed: list[Malformed]) -> int:
    """Read the bracket opening at ``start``; returns where to go on scanning."""
    closing = _BRACKET_CHAR.search(text, start + 1)
    stop = closing.start() if closing else len(text)
    if not any(text[k] == "@" and _is_citation_at(text, k) for k in range(start + 1, stop)):
        return start + 1  # [sic], [...], [the Minister]: text
    if closing is None or text[stop] == "[":
        message = (
            "expected a citation closed with ']', e.g. [@id] or [@id, 12]; "
            f"got {show(text[start:stop])}: add the ']'"
        )
        malformed.append(Malformed(start, stop, start, message))
        return stop
    end = stop + 1
    try:
        citation = _parse_bracket(text, start, end)
    except _Fault as fault:
        malformed.append(Malformed(start, end, fault.offset, fault.message))
        return end
    found.append(Found(start, end, citation))
    opened = start - 1 if start > 0 and text[start - 1] == "[" else start
    closed = end
    while closed < len(text) and text[closed] == "]":
        closed += 1
    if opened < start or closed > end:
        written, right = show(text[opened:closed]), text[start:end]
        if opened == start:
            message = f"expected one ']' closing the citation, got {written}: delete the extra ']'"
        elif closed == end:
            message = f"expected one '[' opening the citation, got {written}: delete the extra '['"
        else:
            message = f"expected one bracket each side of the citation, got {written}: write {right}"
        malformed.append(Malformed(opened, closed, opened if opened < start else end, message))
    return closed


def _bare(text: str, at: int, id_end: int, malformed: list[Malformed]) -> int:
    """Report the ``@id`` (``text[at:id_end]``) written outside square brackets; returns where to go
    on."""
    close = text.find(")", at) if at > 0 and text[at - 1] == "(" else -1
    if close != -1 and "(" not in text[at:close] and _parses(text[at:close]):
        written = text[at - 1 : close + 1]
        right = "[" + written[1:-1] + "]"
        message = f"expected a citation in square brackets, got {show(written)}: write {right}"
        malformed.append(Malformed(at - 1, close + 1, at - 1, message))
        return close + 1
    written = text[at:id_end]
    message = (
        f"expected a citation in square brackets, got {show(written)}: write [{written}] "
        f"(advocate prints every citation as a footnote and has no narrative form), or put a name "
        f'that is not a citation in quotes ("{written}")'
    )
    malformed.append(Malformed(at, id_end, at, message))
    return id_end


def _parses(inner: str) -> bool:
    """Whether ``[inner]`` would be a well-formed citation."""
    try:
        parse_citation(inner)
    except MarkupError:
        return False
    return True


def _is_citation_at(text: str, at: int) -> bool:
    """Whether the ``@`` at ``at`` marks a citation, rather than being part of an email address or a
    URL, standing alone between spaces, or opening a handle in quotes."""
    before = text[at - 1] if at > 0 else ""
    after = text[at + 1] if at + 1 < len(text) else ""
    if before and (before.isalnum() or before in _IN_A_WORD):
        return False
    if (not before or before.isspace()) and (not after or after.isspace()):
        return False
    if before and before in _OPENING_QUOTES:
        handle = _ID_AT.match(text, at + 1)
        if handle and handle.end() < len(text) and text[handle.end()] in _CLOSING_QUOTES:
            return False
    return True


def _parse_bracket(text: str, start: int, end: int) -> Citation:
    """The citation ``text[start:end]`` (from ``[`` to ``]``); a _Fault at its first mistake."""
    separators = [k for k in range(start + 1, end - 1) if text[k] == ";"]
    bounds = list(zip([start + 1, *(k + 1 for k in separators)], [*separators, end - 1], strict=True))
    return Citation(tuple(_parse_item(text, first, last, start, end) for first, last in bounds))


def _parse_item(text: str, first: int, last: int, start: int, end: int) -> Cite:
    """One source of the citation ``text[start:end]``: ``text[first:last]``, e.g. ``@id, 12``."""
    bracket = text[start:end]
    shown = show(bracket)
    match = _ITEM.fullmatch(text, first, last)
    if match:
        pinpoint = match.group(2)
        if pinpoint is not None:
            for k in range(match.start(2), match.end(2)):
                if text[k] == "@" and _is_citation_at(text, k):
                    raise _separator(text, k, start, end)
            pinpoint = _LINE_BREAK.sub(" ", pinpoint)
        return Cite(match.group(1), pinpoint)
    item = text[first:last]
    if not item.strip():
        semicolon = first - 1 if text[first - 1] == ";" else last
        message = f"expected a source on each side of ';', got {shown}: delete the extra ';'"
        raise _Fault(semicolon, message)
    at = first + len(item) - len(item.lstrip())
    expected = f"expected [@id] or [@id, pinpoint], got {shown}"
    if text[at] != "@":
        raise _Fault(at, expected)
    source = _ID_AT.match(text, at + 1, last)
    if source is None:
        raise _Fault(at, f"expected a source id after '@', got {shown}: write [@id] with a source's id")
    rest = source.end()
    while rest < last and text[rest].isspace():
        rest += 1
    if text[rest] == "@" and _is_citation_at(text, rest):
        raise _separator(text, rest, start, end)
    if text[rest] == ",":
        name = source.group()
        message = f"expected a pinpoint after ',', got {shown}: write [@{name}] or [@{name}, 12]"
        raise _Fault(rest, message)
    raise _Fault(rest, expected)


def _separator(text: str, at: int, start: int, end: int) -> _Fault:
    """The fault of a second source (its ``@`` at ``at``) not separated from the one before by ``;``."""
    back = at
    while text[back - 1].isspace():
        back -= 1
    if text[back - 1] == ",":
        offset, right = back - 1, text[start : back - 1] + ";" + text[back:end]
    else:
        offset, right = at, text[start:back] + ";" + text[back:end]
    right = " ".join(right.split())
    return _Fault(offset, f"expected sources separated by ';', got {show(text[start:end])}: write {right}")


def show(written: str) -> str:
    """A malformed citation as a message quotes it: on one line, and cut short when long."""
    flat = " ".join(written.split())
    return repr(flat if len(flat) <= _SHOWN else flat[: _SHOWN - 1].rstrip() + "…")


def parse_citation(inner: str) -> Citation:
    """``@a, 4; @b`` (the inside of the brackets) as a Citation; a malformed one raises MarkupError."""
    bracket = f"[{inner}]"
    try:
        return _parse_bracket(bracket, 0, len(bracket))
    except _Fault as fault:
        raise MarkupError(fault.message, fault.offset - 1) from None


@lru_cache(maxsize=65536)
def parse_inline(text: str) -> tuple[Run, ...]:
    """Split ``text`` into text runs and citations; the first malformed citation raises MarkupError
    (so no path prints one literally)."""
    scanned = scan(text)
    if scanned.malformed:
        first = scanned.malformed[0]
        raise MarkupError(first.message, first.offset)
    runs: list[Run] = []
    position = 0
    for found in scanned.citations:
        before = text[position : found.start].rstrip(" ")
        position = found.end
        # OSCOLA and pandoc put the note call after the punctuation that follows a citation.
        while position < len(text) and text[position] in _AFTER_PUNCTUATION:
            before += text[position]
            position += 1
        runs.extend(_text_runs(before))
        runs.append(found.citation)
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


def citations(text: str) -> list[Citation]:
    """Every citation in ``text``, in order."""
    return [run for run in parse_inline(text) if isinstance(run, Citation)]


def plain(text: str) -> str:
    """``text`` without citations or markup (for similarity, search and claims)."""
    return "".join(run.text for run in parse_inline(text) if isinstance(run, Text))


def without_citations(text: str) -> str:
    """``text`` with every citation removed, well-formed or not (for checks that must not fail on a
    citation another check reports)."""
    kept: list[str] = []
    position = 0
    for start, end, _ in citation_spans(text):
        kept.append(text[position:start])
        position = end
    kept.append(text[position:])
    return "".join(kept)


def citation_spans(text: str) -> list[tuple[int, int, int]]:
    """Each stretch of ``text`` that is a citation, well-formed or not, as ``(start, end, offset)``
    (``offset``: the character to point at); overlapping ones (a citation and its stray bracket) are
    one stretch."""
    scanned = scan(text)
    spans = sorted(
        [(f.start, f.end, f.start) for f in scanned.citations]
        + [(m.start, m.end, m.offset) for m in scanned.malformed]
    )
    merged: list[tuple[int, int, int]] = []
    for start, end, offset in spans:
        if merged and start < merged[-1][1]:
            first, last, at = merged[-1]
            merged[-1] = (first, max(last, end), min(at, offset))
        else:
            merged.append((start, end, offset))
    return merged
