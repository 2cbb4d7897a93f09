"""Choosing what a document draws on: items for an audience, a brief and a date, best first.

In: a ``Library``, a ``Brief`` and the audience's plan. Out: a ``Selection`` that hands each section
the best unused points, arguments and responses on its topics, and remembers what was placed.

Items are chosen from the brief's topics (plus its ``include``, minus its ``exclude``), ranked by
the priority each gives the audience, and never cite a source issued after the brief's date: a
point or an ask is left out whole, an argument or a response loses the sentences that do
(``timely``). A
brief with a ``variant`` (a letter in a batch) jitters the ranking and picks among wordings, the
same way every time for the same variant.

Facts expire (``library.expiry``): an item past its ``until`` on the brief's date is replaced by
its successor, which takes its place in the choice (its rank, its match on the brief's topics, the
brief's ``include``, an argument's or a response's evidence, the asks named), or is left out when
there is none; a successor is not used on or before its predecessor's ``until``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from advocate.assemble.prose import SENTENCE_BREAK
from advocate.brief import Brief
from advocate.library.expiry import current, current_any, find
from advocate.library.items import Argument, Ask, Point, Response
from advocate.library.models import Library
from advocate.library.offices import mark_days
from advocate.library.plans import Audience, DocumentPlan, SectionPlan
from advocate.markup.inline import citations

Item = TypeVar("Item", Point, Argument, Response)


@dataclass
class Selection:
    """What one document draws on, and what it has used so far (local to one ``assemble`` call)."""

    library: Library
    """The library items come from."""
    brief: Brief
    """The brief being assembled."""
    audience: Audience
    """The brief's audience."""
    plan: DocumentPlan
    """The audience's plan for the brief's kind of document."""
    allowed: frozenset[str] | None = None
    """When set, only these item ids may be placed (fitting to the page budget: what an earlier
    assembly placed, less what was left out, so that nothing new fills the gap)."""
    homes: Mapping[str, int] | None = None
    """When set (fitting), the index of the section each allowed item was placed in: it may be
    placed there only (so that the summary does not take the first points of a section it emptied)."""
    section: int = 0
    """The index of the section being filled."""
    points: list[Point] = field(default_factory=list)
    """The points the document may state, best first."""
    used: set[str] = field(default_factory=set)
    """Items already placed (never placed twice)."""
    drawn: dict[str, None] = field(default_factory=dict)
    """Every item placed in the document, in order."""
    expire: bool = True
    """Replace items past their ``until`` by their successors (False: as if nothing expired, to tell
    what expiry left out)."""

    def __post_init__(self) -> None:
        if self.expire:
            self.brief = in_force_brief(self.library, self.brief)
        ranked = self.ranked(self.library.points.values())
        if self.brief.kind == "letter":
            ranked = spread(ranked)
        self.points = ranked[: max(self.plan.max_points, len(self.brief.include))]

    def draw(self, ids: Iterable[str]) -> None:
        """Record items as placed in the document."""
        self.drawn.update(dict.fromkeys(ids))

    def ranked(self, items: Iterable[Item]) -> list[Item]:
        """``items`` this document may use, best first (see ``ranked``)."""
        chosen = ranked(self.library, items, self.brief, self.audience.id, expire=self.expire)
        if self.allowed is None:
            return chosen
        return [item for item in chosen if item.id in self.allowed]

    def pick(self, items: Iterable[Item], plan: SectionPlan) -> list[Item]:
        """The best unused items of a kind for this audience and brief, marked used."""
        return self.take(self.ranked(items), plan)

    def take(self, items: Iterable[Item], plan: SectionPlan) -> list[Item]:
        """Unused items on the section's topics, best first, marked used."""
        topics = set(plan.topics)
        chosen = [
            item
            for item in items
            if item.id not in self.used
            and self.at_home(item.id)
            and (not topics or topics & set(item.topics) or item.id in self.brief.include)
        ]
        chosen = chosen[: plan.limit or len(chosen)]
        self.use(chosen)
        return chosen

    def use(self, items: Iterable[Point | Argument | Response]) -> None:
        """Mark items as placed and not to be placed again."""
        ids = [item.id for item in items]
        self.used.update(ids)
        self.draw(ids)

    def available(self, point_id: str) -> bool:
        """Whether a point may still be stated here (known by the date, not excluded, not placed)."""
        point = self.library.points.get(point_id)
        return (
            point is not None
            and point_id not in self.used
            and point_id not in self.brief.exclude
            and (self.allowed is None or point_id in self.allowed)
            and self.at_home(point_id)
            and published_by(self.library, point, self.brief.date)
        )

    def at_home(self, item_id: str) -> bool:
        """Whether the item may be placed in the section being filled (see ``homes``)."""
        return self.homes is None or self.homes.get(item_id, self.section) == self.section

    def evidence(self, item: Argument | Response) -> tuple[str, ...]:
        """The ids of the points ``item`` relies on, each past its ``until`` replaced by its
        successor (or left out when it has none)."""
        if not self.expire:
            return item.points
        found = []
        for point_id in item.points:
            point = self.library.points.get(point_id)
            now = point if point is None else current(self.library, point, self.brief.date)
            if now is not None:
                found.append(now.id)
            elif point is None:
                found.append(point_id)
        return tuple(dict.fromkeys(found))

    def one_of(self, options: Sequence[str], salt: str) -> str:
        """The first option, or for a brief with a variant one chosen by it (the same every time)."""
        return options[shuffle(self.brief, salt) % len(options)]

    def asks(self) -> list[Ask]:
        """The asks the brief makes (its own, the audience's defaults, or those on its topics)."""
        library, brief = self.library, self.brief
        ids = brief.asks or self.audience.default_asks
        if ids:
            named = [library.asks[a] for a in ids if a in library.asks]
            return _in_force(library, named, brief.date) if self.expire else named
        return asks_for(library, brief, self.audience.id, expire=self.expire)


def in_force_brief(library: Library, brief: Brief) -> Brief:
    """``brief`` with each item it includes replaced by the one in force on its date (its successor
    when it is past its ``until``; left out when there is none); what it includes is no longer
    excluded (a constituent's ticked point past its ``until`` brings its successor)."""
    include = []
    for item_id in brief.include:
        item = find(library, item_id)
        now = item if item is None else current_any(library, item, brief.date)
        if now is not None:
            include.append(now.id)
        elif item is None:
            include.append(item_id)
    included = tuple(dict.fromkeys(include))
    if included == brief.include:
        return brief
    exclude = tuple(e for e in brief.exclude if e not in included)
    return dataclasses.replace(brief, include=included, exclude=exclude)


def ranked(
    library: Library, items: Iterable[Item], brief: Brief, audience: str, *, expire: bool = True
) -> list[Item]:
    """Items for this audience and these topics that were known on the brief's date: forced ones
    first, then by priority, then in library order. An item past its ``until`` gives its place to
    its successor (with the better of the two places when both qualify)."""
    topics = set(brief.topics)
    best: dict[str, tuple[tuple[bool, float], Item]] = {}
    for item in items:
        if item.id in brief.exclude or not (
            item.id in brief.include
            or (audience in item.audiences and (not topics or topics & set(item.topics)))
        ):
            continue
        now = current(library, item, brief.date) if expire else item
        if now is None or now.id in brief.exclude or not published_by(library, now, brief.date):
            continue
        key = (
            item.id not in brief.include and now.id not in brief.include,
            _rank(brief, item.audiences.get(audience, 9), item.id),
        )
        if now.id not in best or key < best[now.id][0]:
            best[now.id] = (key, now)
    return [item for _, item in sorted(best.values(), key=lambda entry: entry[0])]


def asks_for(library: Library, brief: Brief, audience: str, *, expire: bool = True) -> list[Ask]:
    """The library's asks of ``audience`` on the brief's topics, in library order (each past its
    ``until`` replaced by its successor, unless ``expire`` is False)."""
    topics = set(brief.topics)
    matched = [
        a for a in library.asks.values() if audience in a.audiences and (not topics or topics & set(a.topics))
    ]
    return _in_force(library, matched, brief.date) if expire else matched


def _in_force(library: Library, asks: Iterable[Ask], day: dt.date) -> list[Ask]:
    """``asks`` as a document dated ``day`` makes them: each replaced by its successor when past its
    ``until``, left out when it has none, each once."""
    found: dict[str, Ask] = {}
    for ask in asks:
        now = current(library, ask, day)
        if now is not None:
            found.setdefault(now.id, now)
    return list(found.values())


def spread(items: list[Item]) -> list[Item]:
    """The same items, reordered so that each leads with a topic not yet covered while one remains
    (a short letter should not spend its three points on one topic)."""
    leading: list[Item] = []
    rest: list[Item] = []
    covered: set[str] = set()
    for item in items:
        if covered.isdisjoint(item.topics):
            leading.append(item)
            covered.update(item.topics)
        else:
            rest.append(item)
    return leading + rest


def _rank(brief: Brief, priority: int, item_id: str) -> float:
    """Priority order; with a variant, jittered by up to one and a half places, so that letters in a
    batch draw on more of the library while priority-1 points still come up most often."""
    if brief.variant is None:
        return priority
    return priority + (shuffle(brief, item_id) % 1000) / 1000 * 1.5


def shuffle(brief: Brief, salt: str) -> int:
    """A stable pseudo-random number per brief variant and ``salt``; 0 for briefs without a variant, so
    their items keep library order."""
    if brief.variant is None:
        return 0
    return zlib.crc32(f"{brief.variant}:{salt}".encode())


def published_by(library: Library, item: Point | Argument | Response | Ask, day: dt.date) -> bool:
    """Whether ``item`` can be used in a document dated ``day``: no source it cites was issued after
    ``day`` and no office-holder it names is named as of a later day (a document dated in April
    2021 must not cite a judgment of December 2021, nor name the Foreign Secretary of September
    2021). An argument's conclusion and a response's position and rebuttal are prose of separate
    sentences, so for them it is enough that some sentence of each holds by ``day``: the document
    prints only those (``timely``)."""
    if isinstance(item, Argument):
        return bool(timely(library, item.conclusion, day))
    if isinstance(item, Response):
        return bool(timely(library, item.position, day)) and bool(timely(library, item.rebuttal, day))
    return all(_in_time(library, text, day) for text in printed_texts(item))


def timely(library: Library, text: str, day: dt.date) -> str:
    """``text`` without the sentences that cite a source issued after ``day`` or name an office
    as of a later day: what a document dated ``day`` may say of it."""
    if _in_time(library, text, day):
        return text
    kept: list[str] = []
    position = 0
    for end in [m.start() for m in SENTENCE_BREAK.finditer(text)] + [len(text)]:
        sentence = text[position:end].strip()
        if sentence and _in_time(library, sentence, day):
            kept.append(sentence)
        position = end
    return " ".join(kept)


def _in_time(library: Library, text: str, day: dt.date) -> bool:
    if any(mark > day for mark in mark_days(text)):
        return False
    for citation in citations(text):
        for cite in citation.cites:
            issued = library.sources[cite.source].issued
            if issued is not None and not issued.not_after(day):
                return False
    return True


def printed_texts(item: Point | Argument | Response | Ask) -> tuple[str, ...]:
    """Every field of ``item`` a document may print (those that may hold office markup)."""
    if isinstance(item, Point):
        return (item.claim, item.text, *item.phrasings)
    if isinstance(item, Argument):
        return (item.conclusion,)
    if isinstance(item, Response):
        return (item.position, item.rebuttal)
    return (item.ask, item.why or "", item.question or "", *item.phrasings)
