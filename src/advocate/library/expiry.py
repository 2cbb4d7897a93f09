"""Facts that expire: which item holds on a date, and the checks on ``until`` and ``superseded_by``.

In: a ``Library`` (and a date). Out: the item in force on a date in place of another (``current``),
and problems for ``library.check``.

A point, argument, response or ask may say the last day it holds (``until``) and name the item of
the same kind that states what replaced it (``superseded_by``). On a day after ``until`` the item is
replaced by its successor, following a chain (a draft, then the statement delivered, then its
follow-up); with no successor it is left out. A successor states what happened later, so it is not in
force on or before the ``until`` of any item it succeeds: before then, the item it replaces holds.

Errors: ``superseded_by`` naming an unknown id, an item of another kind, or with no ``until`` beside
it; a successor whose own ``until`` is not after its predecessor's (it would never be used); a cycle
of successors. Warnings: an item past its ``until`` on a given date with no successor (``check
--date``), and words that say a fact may change ("expected to", "plans to", "draft", "considering"...)
in an item with no ``until``.
"""

from __future__ import annotations

import datetime as dt
import re
import weakref
from collections.abc import Iterator
from typing import TypeVar, cast

from advocate.errors import Problem, did_you_mean
from advocate.library.items import Argument, Ask, Point, Response
from advocate.library.models import Library, key_location
from advocate.markup.inline import citation_spans
from advocate.yamlfile import ValueLocator

Dated = Point | Argument | Response | Ask
"""The kinds of item that may expire."""
D = TypeVar("D", Point, Argument, Response, Ask)

KINDS: tuple[tuple[str, str], ...] = (
    ("points", "point"),
    ("arguments", "argument"),
    ("responses", "response"),
    ("asks", "ask"),
)
"""The library's tables of items that may expire, and what one of each is called."""


def table(library: Library, kind: str) -> dict[str, Dated]:
    """The library's items of ``kind`` (``points``, ``arguments``, ``responses``, ``asks``) by id."""
    tables: dict[str, dict[str, Dated]] = {
        "points": cast(dict[str, Dated], library.points),
        "arguments": cast(dict[str, Dated], library.arguments),
        "responses": cast(dict[str, Dated], library.responses),
        "asks": cast(dict[str, Dated], library.asks),
    }
    return tables[kind]


def kind_of(library: Library, item_id: str) -> str | None:
    """The table (``points``...) that holds ``item_id``, or None when no item has that id."""
    return next((kind for kind, _ in KINDS if item_id in table(library, kind)), None)


def find(library: Library, item_id: str) -> Dated | None:
    """The point, argument, response or ask with ``item_id``, if any."""
    kind = kind_of(library, item_id)
    return None if kind is None else table(library, kind)[item_id]


def _same_kind(library: Library, item: Dated) -> dict[str, Dated]:
    if isinstance(item, Point):
        return table(library, "points")
    if isinstance(item, Argument):
        return table(library, "arguments")
    if isinstance(item, Response):
        return table(library, "responses")
    return table(library, "asks")


def expired(item: Dated, day: dt.date) -> bool:
    """Whether ``day`` is after the item's last day."""
    return item.until is not None and item.until < day


def not_yet(library: Library, item: Dated, day: dt.date) -> bool:
    """Whether ``item`` succeeds an item that still holds on ``day`` (it states what came later)."""
    holds = _same_kind(library, item)
    for predecessor_id in library.predecessors.get(item.id, ()):
        predecessor = holds.get(predecessor_id)
        if predecessor is not None and predecessor.until is not None and day <= predecessor.until:
            return True
    return False


def current(library: Library, item: D, day: dt.date) -> D | None:
    """What a document dated ``day`` says in place of ``item``: the item itself while it holds, else
    its successor's (following the chain), or None when it is past its ``until`` with no successor in
    force, or is itself a successor not yet in force."""
    return cast(D | None, current_any(library, item, day))


def current_any(library: Library, item: Dated, day: dt.date) -> Dated | None:
    """``current`` for an item of any kind."""
    holds = _same_kind(library, item)
    seen = {item.id}
    now: Dated = item
    while True:
        if not_yet(library, now, day):
            return None
        if not expired(now, day):
            return now
        successor = holds.get(now.superseded_by or "")
        if successor is None or successor.id in seen:
            return None
        seen.add(successor.id)
        now = successor


def lapsed(library: Library, day: dt.date) -> dict[str, dt.date]:
    """Every item a document dated ``day`` leaves out because it is past its ``until`` with no
    successor in force, with its ``until`` (worked out once per library and day: a batch assembles
    thousands of letters of one date)."""
    entry = _LAPSED.get(id(library))
    if entry is None or entry[0]() is not library:
        key = id(library)
        entry = _LAPSED[key] = (weakref.ref(library, lambda _: _LAPSED.pop(key, None)), {})
    known = entry[1]
    if day not in known:
        known[day] = _lapsed(library, day)
    return dict(known[day])


_LAPSED: dict[int, tuple[weakref.ref[Library], dict[dt.date, dict[str, dt.date]]]] = {}
"""By library (its id, while it lives: an entry goes with its library, which never changes once
loaded), then by day."""


def _lapsed(library: Library, day: dt.date) -> dict[str, dt.date]:
    found: dict[str, dt.date] = {}
    for kind, _ in KINDS:
        for item in table(library, kind).values():
            if item.until is not None and expired(item, day) and current_any(library, item, day) is None:
                found[item.id] = item.until
    return found


# --- checks ---------------------------------------------------------------------------------------


def succession_problems(library: Library) -> Iterator[Problem]:
    """Every ``superseded_by`` names an item of the same kind, beside an ``until``, later than it,
    and no chain of successors comes back on itself."""
    for kind, singular in KINDS:
        items = table(library, kind)
        for item in items.values():
            if item.superseded_by is None:
                continue
            at, path = key_location(item, "superseded_by"), f"{kind}.{item.id}.superseded_by"
            if item.until is None:
                message = (
                    "expected until: (the last day the item holds) beside superseded_by, got no until: "
                    "add the date after which the successor is used"
                )
                yield Problem(at, message, path)
            name = item.superseded_by
            successor = items.get(name)
            if successor is None:
                yield Problem(at, _not_a(library, singular, items, name), path)
            elif (
                successor.id != item.id
                and item.until is not None
                and successor.until is not None
                and successor.until <= item.until
            ):
                message = (
                    f"expected the successor {name!r} to hold past this item's until ({item.until}), "
                    f"got its until {successor.until}: it would never be used"
                )
                yield Problem(at, message, path)
        yield from _cycles(kind, items)


def _not_a(library: Library, singular: str, items: dict[str, Dated], name: str) -> str:
    other = kind_of(library, name)
    if other is not None:
        other_singular = dict(KINDS)[other]
        return (
            f"expected the id of {_a(singular)}, got {name!r}, which is {_a(other_singular)}: an item "
            "is superseded by one of its own kind"
        )
    return f"expected the id of {_a(singular)}, got unknown {name!r}{did_you_mean(name, items)}"


def _a(word: str) -> str:
    return f"an {word}" if word[0] in "aeiou" else f"a {word}"


def _cycles(kind: str, items: dict[str, Dated]) -> Iterator[Problem]:
    """One error per cycle of successors, at its first item in library order."""
    reported: set[str] = set()
    for item in items.values():
        chain = [item.id]
        now = item
        while now.superseded_by in items and now.superseded_by not in chain:
            now = items[now.superseded_by]
            chain.append(now.id)
        if now.superseded_by != item.id or item.id in reported:
            continue
        reported.update(chain)
        shown = " → ".join([*chain, item.id])
        message = f"expected a chain of successors that ends, got a cycle: {shown}"
        yield Problem(key_location(item, "superseded_by"), message, f"{kind}.{item.id}.superseded_by")


def expired_by(library: Library, day: dt.date) -> Iterator[Problem]:
    """A warning for every item past its ``until`` on ``day`` with no successor (``check --date``),
    at its ``until``: a document dated ``day`` would leave it out."""
    for kind, _ in KINDS:
        for item in table(library, kind).values():
            if item.until is None or not expired(item, day) or item.superseded_by is not None:
                continue
            message = (
                f"used past its until ({item.until}) on {day} with no successor: a document dated "
                f"{day} leaves it out; add superseded_by: naming an item that says what happened "
                f"after {item.until}"
            )
            yield Problem(key_location(item, "until"), message, f"{kind}.{item.id}.until", "warning")


TENTATIVE = re.compile(r"\b(?:expected\s+to|plans?\s+to|planned|draft|considering)\b", re.IGNORECASE)
"""Words that say a fact may change: a plan, a draft, an expectation, a decision not yet taken."""

_NOT_READ = re.compile(r"“[^”]*”|\"[^\"]*\"|\*[^*]+\*")
"""Words in double quotes or italics: a title (the *Draft Articles*) or someone's own words, as
said at the time; only the library's own wording is read for tentative words."""

PRINTED: dict[str, tuple[str, ...]] = {
    "points": ("claim", "text", "phrasings"),
    "arguments": ("title", "conclusion"),
    "responses": ("position", "rebuttal"),
    "asks": ("ask", "why", "question", "phrasings"),
}
"""The printed fields of each kind that are read for tentative words (an argument's rule quotes the
law, which does not expire)."""


def tentative_words(library: Library, locator: ValueLocator) -> Iterator[Problem]:
    """A warning for each tentative word (``TENTATIVE``) in the printed text of an item with no
    ``until``, at its very character: the fact may stop being true and nothing says when."""
    for kind, _ in KINDS:
        for item in table(library, kind).values():
            if item.until is not None:
                continue
            for key in PRINTED[kind]:
                value = getattr(item, key)
                texts = enumerate(value) if isinstance(value, tuple) else [(None, value)]
                for index, text in texts:
                    if not text:
                        continue
                    path = f"{kind}.{item.id}.{key}" + (f"[{index}]" if index is not None else "")
                    at = key_location(item, key)
                    for match in TENTATIVE.finditer(_masked(text)):
                        words = " ".join(text[match.start() : match.end()].split())
                        message = (
                            f"expected a fact that holds, got {words!r} in an item with no until: add "
                            "until: (its last day) and superseded_by: (an item saying what happened), "
                            "or reword it as a dated past fact"
                        )
                        where = locator.locate(at, text, match.start(), index) or at
                        yield Problem(where, message, path, "warning")


def _masked(text: str) -> str:
    """``text`` with citations, quoted and italic words blanked out (same length, so offsets hold)."""
    chars = list(text)
    spans = [(start, end) for start, end, _ in citation_spans(text)]
    spans += [match.span() for match in _NOT_READ.finditer(text)]
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)
