"""Personalise: one row of a people file (or the web form) made into a letter's brief and variant.

In: a base brief, a checked row (``people.Constituent``), the row's values and the library. Out: the
row's ``Brief`` (its people, topics, own words and variant), the variant itself (a hash of the row
alone), a brief stating exactly chosen points, and the points a letter may state on some topics.
Shared by the mail merge (``advocate.batch``) and the web page (``advocate.web``), which import this
module rather than each other.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import zlib
from collections.abc import Sequence

from advocate.assemble import published_by
from advocate.brief import Brief
from advocate.library.campaign import letters_role
from advocate.library.expiry import current
from advocate.library.models import Library
from advocate.people import Constituent, Row


def letters_audience(library: Library) -> str:
    """The audience a constituent letter (mail merge or web page) addresses: the letters role the
    campaign declares; a clear error naming the campaign file when it declares none."""
    return letters_role(library)


def record_number(row: Row) -> int:
    """The number that names a row's letter: its record number (the header is 1, blank records not
    counted), so line breaks inside quoted values and blank lines do not renumber the letters."""
    return row.number or row.line


def row_brief(base: Brief, constituent: Constituent, stem: str, variant: int, library: Library) -> Brief:
    """The base brief for one row: its people, its topics (else the brief's), its own words (the
    brief's sample paragraph is not used), and ``variant`` (from a hash of the row alone, so the
    same row makes the same letter whatever the formats or templates).

    When the row's topics hold too few points for the letters on them to differ (fewer than twice
    the letter's room), some of them, chosen by the variant, are put first (``include``: all but one
    place's worth) and the rest come from the row's and the brief's topics together. (Assembly then
    spreads a letter's points over topics, so a second point on the same topic may give way.)"""
    brief = dataclasses.replace(
        base,
        name=stem,
        sender=constituent.sender,
        recipient=constituent.recipient,
        topics=constituent.topics or base.topics,
        personal=constituent.personal,
        variant=variant,
    )
    if not constituent.topics:
        return brief
    room = library.audiences[base.audience].documents[base.kind].max_points
    own = topic_points(library, base, frozenset(constituent.topics))
    if len(own) >= 2 * room:
        return brief
    chosen = sorted(own, key=lambda point: zlib.crc32(f"{variant}:{point}".encode()))[: room - 1]
    topics = tuple(dict.fromkeys((*constituent.topics, *base.topics)))
    return dataclasses.replace(brief, topics=topics, include=tuple(dict.fromkeys((*base.include, *chosen))))


def row_variant(row: Row) -> int:
    """The letter variant of a row: a number from a hash of the row alone (its record number and
    values)."""
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
    key = (id(library), base.audience, base.date, base.exclude, topics)
    cached = _TOPIC_POINTS.get(key)
    if cached is None:
        cached = _TOPIC_POINTS[key] = tuple(
            point.id
            for point in library.points.values()
            if base.audience in point.audiences
            and topics & set(point.topics)
            and point.id not in base.exclude
            and published_by(library, point, base.date)
            and current(library, point, base.date) is point  # not past its until, not yet to come
        )
    return cached


_TOPIC_POINTS: dict[tuple[object, ...], tuple[str, ...]] = {}
"""Keyed by the library object itself, so a library loaded again (changed files) is a new key."""
