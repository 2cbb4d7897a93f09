"""Personalise: one row of a people file (or the web form) made into a letter's brief and variant,
chosen so that the letters to one office stay apart.

In: a base brief, a checked row (``constituents.Constituent`` and its ``people.Row``), the library
and the ``Office`` its letter goes to (what the letters already made for that representative hold).
Out: the row's ``Brief`` (its people, topics, own words, the points it states and its ``variant``),
recorded in the office; and per office, whether the bound held. Shared by the mail merge
(``advocate.batch``) and the web page (``advocate.web``), which import this module rather than each
other.

The bound per office: no two letters share more than ``SHARED`` point, and the 5-gram Jaccard
similarity of their bodies is at most ``BOUND``. Rows are taken in file order: each row's points are
the least used on its topics that no earlier letter to the office states two of (a smaller letter when
no full one is left), and its wording (the ``variant``: opening, phrasings, joins, ask, closing) the
first of ``CANDIDATES`` whose body is at most ``SETTLE`` alike to every earlier letter, else the least
alike of them. A letter depends only on its row and the rows before it to the same office, so rows
appended to the file leave earlier letters as they were.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import weakref
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from advocate.assemble import assemble, published_by
from advocate.brief import Brief
from advocate.constituents import Constituent
from advocate.document import Document, Paragraph, Text, paragraphs
from advocate.errors import AdvocateError
from advocate.library.expiry import current, lapsed
from advocate.library.models import Library
from advocate.people import Row

BOUND = 0.5
"""The most alike two letters to one office may be (5-gram Jaccard similarity of their bodies)."""
SHARED = 1
"""The most points two letters to one office may have in common."""
SETTLE = 0.3
"""A wording this alike (or less) to every earlier letter of the office is taken without trying more."""
CANDIDATES = 8
"""The most wordings (variants) tried for one letter; each is one assembly."""
SEARCH = 20_000
"""The most steps the search for a letter's points takes (past it, a smaller letter is tried)."""
SHINGLE = 5
"""The words in one shingle (the n of the n-grams compared)."""

Shingles = frozenset[tuple[str, ...]]


def record_number(row: Row) -> int:
    """The number that names a row's letter: its record number (the header is 1, blank records not
    counted), so line breaks inside quoted values and blank lines do not renumber the letters."""
    return row.number or row.line


def office_key(constituent: Constituent) -> str:
    """The office a row writes to: its representative's name and constituency, case and spacing
    ignored (rows spelling one MP alike go to one office)."""
    recipient = constituent.recipient
    return "\n".join(
        " ".join(part.casefold().split()) for part in (recipient.name, recipient.constituency or "")
    )


@dataclass
class Office:
    """The letters chosen so far for one office (one representative), in row order: what the next
    letter must stay apart from, and how often the bound could not be kept."""

    name: str = ""
    """The representative as the letters address them (for messages)."""
    partners: dict[str, set[str]] = field(default_factory=dict)
    """Each point -> the points a letter has stated it with (no pair is stated together twice)."""
    uses: Counter[str] = field(default_factory=Counter)
    """How many letters state each point."""
    postings: dict[tuple[str, ...], list[int]] = field(default_factory=dict)
    """Each shingle -> the letters (by number) whose bodies hold it."""
    sizes: list[int] = field(default_factory=list)
    """How many shingles each letter's body holds."""
    pool: set[str] = field(default_factory=set)
    """Every point the office's rows could state (on their topics)."""
    topics: dict[str, None] = field(default_factory=dict)
    """The topics the office's letters are on, in order of first use."""
    crowded: int = 0
    """Letters that share more than ``SHARED`` point with an earlier one (the library had no other)."""
    alike: int = 0
    """Letters more than ``BOUND`` alike to an earlier one."""
    highest: float = 0.0
    """The highest similarity of a letter to an earlier one."""

    @property
    def letters(self) -> int:
        """How many letters were chosen for the office."""
        return len(self.sizes)

    def closest(self, shingles: Shingles) -> float:
        """The highest similarity of a body with these shingles to a letter already chosen."""
        shared: dict[int, int] = {}
        get = shared.get
        for shingle in shingles:
            for letter in self.postings.get(shingle, ()):
                shared[letter] = get(letter, 0) + 1
        best = 0.0
        for letter, count in shared.items():
            best = max(best, count / (len(shingles) + self.sizes[letter] - count))
        return best

    def record(self, points: Sequence[str], shingles: Shingles, score: float, crowded: bool) -> None:
        """Add a chosen letter: its points, its body's shingles and how alike it is to the rest."""
        for point in points:
            self.uses[point] += 1
            self.partners.setdefault(point, set()).update(p for p in points if p != point)
        number = len(self.sizes)
        for shingle in shingles:
            self.postings.setdefault(shingle, []).append(number)
        self.sizes.append(len(shingles))
        self.crowded += crowded
        self.alike += score > BOUND
        self.highest = max(self.highest, score)

    def advice(self) -> str | None:
        """What to tell the user when the office's letters could not all keep the bound, else None."""
        if not self.crowded and not self.alike:
            return None
        found = []
        if self.crowded:
            found.append(f"{self.crowded} share more than {_count(SHARED, 'point')} with an earlier one")
        if self.alike:
            found.append(f"{self.alike} are more than {BOUND} alike to an earlier one")
        topics = ", ".join(self.topics) or "(all)"
        return (
            f"{_count(self.letters, 'letter')} to {self.name}: {' and '.join(found)}, "
            f"as the library has {_count(len(self.pool), 'point')} on their topics ({topics}); "
            "add points, or phrasings of them, on these topics, or ask these supporters for a sentence "
            "of their own"
        )


def personal_brief(
    library: Library,
    base: Brief,
    constituent: Constituent,
    row: Row,
    name: str,
    office: Office | None = None,
    points: Sequence[str] | None = None,
) -> Brief:
    """The brief of one constituent's letter: ``base`` with the row's people, topics and own words,
    stating ``points`` (the web page's ticked points) or else points chosen for ``office``, in the
    wording least like the office's earlier letters; recorded in ``office``."""
    office = office if office is not None else Office()
    office.name = office.name or constituent.recipient.name
    brief = dataclasses.replace(
        base,
        name=name,
        sender=constituent.sender,
        recipient=constituent.recipient,
        topics=constituent.topics or base.topics,
        personal=constituent.personal,
        variant=row_variant(row),
    )
    office.topics.update(dict.fromkeys(brief.topics))
    crowded = False
    if points is None:
        pool = _pool(library, base, constituent.topics)
        office.pool.update(pool)
        if not pool:  # no points on its topics: the worker reports the row
            return brief
        points, crowded = _points(library, brief, pool, office)
        # what is past its until with no successor stays unexcluded: assembly leaves it out anyway,
        # and the run can then say what the letter would have used (``Document.expired``)
        gone = _lapsed(library, brief)
        brief = with_points(brief, points, library)
        brief = dataclasses.replace(brief, exclude=tuple(e for e in brief.exclude if e not in gone))
    else:
        brief = with_points(brief, points, library)
    brief, shingles, score = _wording(library, brief, office)
    office.record(points, shingles, score, crowded)
    return brief


def _lapsed(library: Library, brief: Brief) -> frozenset[str]:
    """The points past their ``until`` on the brief's date with no successor, that the base brief
    does not exclude."""
    return frozenset(lapsed(library, brief.date)) - set(brief.exclude)


def _pool(library: Library, base: Brief, topics: Sequence[str]) -> tuple[str, ...]:
    """The points a row's letter may state: those on its own topics first, then (when it chose
    topics) those on the brief's; the brief's ``include`` always."""
    own = topic_points(library, base, frozenset(topics or base.topics))
    wider = topic_points(library, base, frozenset(base.topics)) if topics else ()
    return tuple(dict.fromkeys((*base.include, *own, *wider)))


def _points(library: Library, brief: Brief, pool: Sequence[str], office: Office) -> tuple[list[str], bool]:
    """The points of the row's letter, and whether it shares more than ``SHARED`` with an earlier
    letter: the fullest set (the letter's room, down to two) of points no earlier letter states two
    of, preferring the brief's ``include``, the row's own topics, the points least used for the office
    and the audience's priority (jittered by the row's variant)."""
    audience = brief.audience
    room = library.audiences[audience].documents[brief.kind].max_points
    tier = {point: index for index, point in enumerate(pool)}
    own = set(topic_points(library, brief, frozenset(brief.topics)))
    forced = [p for p in brief.include if p in tier][:room]

    def key(point: str) -> tuple[int, int, float, int]:
        priority = library.points[point].audiences.get(audience, 9)
        jitter = zlib.crc32(f"{brief.variant}:{point}".encode()) % 1000 / 1000 * 1.5
        return (point not in own, office.uses[point], priority + jitter, tier[point])

    order = [p for p in sorted(pool, key=key) if p not in forced]
    for size in range(room, min(2, room) - 1, -1):
        found = _apart(order, size, forced, office.partners)
        if found is not None:
            return found, False
    # no letter of two or more points keeps apart: a full one, and the office is told
    chosen = [*forced, *order][:room]
    partners = office.partners
    crowded = any(b in partners.get(a, ()) for i, a in enumerate(chosen) for b in chosen[i + 1 :])
    return chosen, crowded


def _apart(
    order: Sequence[str], size: int, forced: list[str], partners: dict[str, set[str]]
) -> list[str] | None:
    """The first ``size`` points (``forced``, then from ``order``) no two of which a letter has stated
    together, searched depth first in ``order`` (at most ``SEARCH`` steps); None when none is found."""
    steps = 0

    def search(start: int, chosen: list[str], taken: set[str]) -> list[str] | None:
        nonlocal steps
        if len(chosen) >= size:
            return chosen[:size]
        for index in range(start, len(order)):
            steps += 1
            if steps > SEARCH:
                return None
            point = order[index]
            if point in taken:
                continue
            found = search(index + 1, [*chosen, point], taken | partners.get(point, set()) | {point})
            if found is not None:
                return found
        return None

    taken = set(forced).union(*(partners.get(p, set()) for p in forced))
    return search(0, list(forced), taken)


def _wording(library: Library, brief: Brief, office: Office) -> tuple[Brief, Shingles, float]:
    """``brief`` with the first of ``CANDIDATES`` variants whose body is at most ``SETTLE`` alike to
    the office's earlier letters, else the least alike; its body's shingles and that similarity."""
    first = brief.variant or 0
    best: tuple[Brief, Shingles, float] | None = None
    for number in range(CANDIDATES):
        variant = first if number == 0 else zlib.crc32(f"{first}:{number}".encode())
        candidate = dataclasses.replace(brief, variant=variant)
        try:
            shingles = body_shingles(assemble(library, candidate))
        except AdvocateError:  # the worker reports it, located at the brief
            return brief, frozenset(), 0.0
        score = office.closest(shingles)
        if best is None or score < best[2]:
            best = (candidate, shingles, score)
        if score <= SETTLE:
            break
    assert best is not None
    return best


def body_shingles(document: Document, size: int = SHINGLE) -> Shingles:
    """The word ``size``-grams of the body's text runs, lower-cased (no footnotes, addresses,
    salutation or closing)."""
    text = " ".join(_text(paragraph) for paragraph in paragraphs(document))
    words = re.findall(r"\w+", text.casefold())
    return frozenset(tuple(words[i : i + size]) for i in range(max(1, len(words) - size + 1)))


def _text(paragraph: Paragraph) -> str:
    """The paragraph's text runs (no note calls)."""
    return "".join(run.text for run in paragraph.runs if isinstance(run, Text))


def row_variant(row: Row) -> int:
    """The first letter variant tried for a row: a number from a hash of the row alone (its record
    number and values)."""
    return int(hashlib.sha256(row_content(row).encode()).hexdigest()[:8], 16)


def row_content(row: Row) -> str:
    """The row as text (its record number and values): what its variant and its letter's hash are of."""
    return json.dumps([record_number(row), row.values], ensure_ascii=False, sort_keys=True)


def with_points(brief: Brief, points: Sequence[str], library: Library) -> Brief:
    """``brief`` stating exactly ``points`` and no other point (assembly still orders them): the
    letter of a constituent who ticked them. Its arguments, responses and asks are chosen as before."""
    others = tuple(point for point in library.points if point not in points)
    return dataclasses.replace(
        brief, include=tuple(points), exclude=tuple(dict.fromkeys((*brief.exclude, *others)))
    )


def topic_points(library: Library, base: Brief, topics: frozenset[str]) -> tuple[str, ...]:
    """The points a letter of ``base``'s audience and date may state on ``topics``, in library order."""
    key = (id(library), base.audience, base.date, base.exclude)
    known = _USABLE.get(key)
    usable = known[1] if known is not None and known[0]() is library else None
    if usable is None:
        usable = tuple(
            (point.id, frozenset(point.topics))
            for point in library.points.values()
            if base.audience in point.audiences
            and point.id not in base.exclude
            and published_by(library, point, base.date)
            and current(library, point, base.date) is point  # not past its until, not yet to come
        )
        _USABLE[key] = (weakref.ref(library), usable)
    return tuple(point for point, on in usable if topics & on)


_USABLE: dict[tuple[object, ...], tuple[weakref.ref[Library], tuple[tuple[str, frozenset[str]], ...]]] = {}
"""The points a letter may state whatever its topics, with their topics, by library (its id, checked
against the library itself: a library loaded again is another), audience, date and exclusions."""


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
