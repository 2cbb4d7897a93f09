"""The reference rules: every id an entry names (a topic, point, ask, audience) is a known entry.

In: a ``Library``. Out: problems. Errors: a reference to an unknown point, argument, ask, topic or
audience, a priority out of range, an audience's reply days or document kinds out of range. A reference
to an entry that was written but could not be read is counted (``Unchecked``) and reported once, as a
warning at the error that broke it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from advocate.errors import Location, Problem, did_you_mean
from advocate.library.campaign import campaign_broken, campaign_file, questions_role
from advocate.library.models import Library, key_location
from advocate.library.plans import MAX_RESPONSE_DAYS, Audience

PRIORITIES = (1, 2, 3)


class Unchecked:
    """References to an entry that was written but could not be read (``Library.broken``): its own
    errors are reported where it is, so each reference to it is counted, not reported, and the
    count is given once (one mistake, one error)."""

    def __init__(self, library: Library) -> None:
        self.broken = library.broken
        self.counts: dict[tuple[str, str], int] = {}

    def known(self, kind: str) -> dict[str, Location]:
        """The broken ids under the top-level key ``kind`` (``audiences``, ``references``...)."""
        return self.broken.get(kind, {})

    def count(self, kind: str, name: str) -> bool:
        """Count a reference to ``name``, a ``kind`` entry; False when no such entry is broken."""
        if name not in self.known(kind):
            return False
        self.counts[(kind, name)] = self.counts.get((kind, name), 0) + 1
        return True

    def problems(self) -> Iterator[Problem]:
        """One warning per error that broke what something refers to, at that error: naming the entry
        when it broke one, counting them when it broke several (a file YAML cannot read)."""
        by_error: dict[Location, list[tuple[str, str, int]]] = {}
        for (kind, name), n in self.counts.items():
            by_error.setdefault(self.broken[kind][name], []).append((kind, name, n))
        for at, entries in by_error.items():
            total = sum(n for *_, n in entries)
            refs = "1 reference" if total == 1 else f"{total} references"
            if len(entries) == 1:
                kind, name, _ = entries[0]
                message = f"{refs} to {_KIND_NAMES[kind]} {name!r} not checked until this error is fixed"
                yield Problem(at, message, f"{kind}.{name}", "warning")
            else:
                message = (
                    f"{refs} to {len(entries)} entries of this file not checked until this error is fixed"
                )
                yield Problem(at, message, "", "warning")


_KIND_NAMES = {
    "references": "source",
    "topics": "topic",
    "points": "point",
    "arguments": "argument",
    "responses": "response",
    "asks": "ask",
    "audiences": "audience",
    "offices": "office",
}


def unchecked(library: Library, kind: str, name: str) -> str | None:
    """``audience 'mp' not checked: it has errors at audiences.yaml:30:19`` when ``name`` is a
    ``kind`` entry that has errors of its own (a reference to it from outside the library)."""
    at = library.broken.get(kind, {}).get(name)
    return None if at is None else f"{_KIND_NAMES[kind]} {name!r} not checked: it has errors at {at}"


def check_references(
    library: Library, cited: set[str], unchecked: Unchecked | None = None
) -> Iterator[Problem]:
    """Points, asks, topics, audiences and rule sources that items refer to must exist (a reference
    to an entry that has errors of its own is counted in ``unchecked`` instead)."""
    unchecked = unchecked or Unchecked(library)
    audiences = library.audiences.keys()
    for kind, items in (
        ("points", library.points),
        ("arguments", library.arguments),
        ("responses", library.responses),
    ):
        for item in items.values():
            base = f"{kind}.{item.id}"
            yield from _unknown(item, "topics", base, "topics", item.topics, library.topics, unchecked)
            yield from _unknown(item, "audiences", base, "audiences", item.audiences, audiences, unchecked)
            yield from _priorities(key_location(item, "audiences"), f"{base}.audiences", item.audiences)
            points = getattr(item, "points", ())
            yield from _unknown(item, "points", base, "points", points, library.points, unchecked)
    for argument in library.arguments.values():
        source = argument.rule.source
        if source in library.sources:
            cited.add(source)
        elif not unchecked.count("references", source):
            at, path = key_location(argument, "rule"), f"arguments.{argument.id}.rule.source"
            yield Problem(at, f"rule cites unknown source {source!r}", path)
    for ask in library.asks.values():
        base = f"asks.{ask.id}"
        yield from _unknown(ask, "topics", base, "topics", ask.topics, library.topics, unchecked)
        yield from _unknown(ask, "audiences", base, "audiences", ask.audiences, audiences, unchecked)
    for audience in library.audiences.values():
        yield from _check_audience(library, audience, unchecked)


def _check_audience(library: Library, audience: Audience, unchecked: Unchecked) -> Iterator[Problem]:
    base = f"audiences.{audience.id}"
    days = audience.response_days
    if days is not None and not 1 <= days <= MAX_RESPONSE_DAYS:
        message = f"expected a number of days from 1 to {MAX_RESPONSE_DAYS}, got {days}"
        yield Problem(key_location(audience, "response_days"), message, f"{base}.response_days")
    asks = audience.default_asks
    asks_base = (
        f"campaign.audiences.{audience.id}"
        if _from_campaign(library, audience.where.get("default_asks"))
        else base
    )
    yield from _unknown(audience, "default_asks", asks_base, "asks", asks, library.asks, unchecked)
    at = key_location(audience, "documents")
    for kind, plan in audience.documents.items():
        if kind not in ("briefing", "letter"):
            message = f"expected a document kind briefing or letter, got {kind!r}"
            yield Problem(at, message, f"{base}.documents")
        for i, section in enumerate(plan.sections):
            # A section's topics may come from the campaign file: its own line and key path (as the
            # campaign file writes it), else the profile's.
            where = section.where.get("topics", at)
            if _from_campaign(library, where):
                path = f"campaign.audiences.{audience.id}.{kind}.sections.{section.kind}.topics"
            else:
                path = f"{base}.documents.{kind}.sections[{i}].topics"
            for topic in section.topics:
                if topic not in library.topics and not unchecked.count("topics", topic):
                    yield Problem(
                        where, f"unknown topic {topic!r}{did_you_mean(topic, library.topics)}", path
                    )
            if (
                section.kind == "questions"
                and questions_role(library) is None
                and not campaign_broken(library)
            ):
                message = (
                    "section 'questions' left out: no audience's asks are declared as debate questions; "
                    f"add `roles: questions: AUDIENCE` under `campaign:` in {campaign_file(library)}"
                )
                yield Problem(section.at, message, f"{base}.documents.{kind}.sections[{i}]", "warning")


def _from_campaign(library: Library, where: Location | None) -> bool:
    """Whether a value was written in the campaign file (its problems then take the campaign file's
    key path, as the user wrote it, not the merged audience's)."""
    return where is not None and library.campaign is not None and where.file == library.campaign.at.file


def _unknown(
    item: Any, key: str, base: str, kind: str, ids: Iterable[str], known: Iterable[str], unchecked: Unchecked
) -> Iterator[Problem]:
    """A problem for each id under ``item.key`` that is not among ``known`` (the ``kind`` entries);
    one that names a ``kind`` entry with errors of its own is counted in ``unchecked`` instead."""
    known_set = set(known)
    for name in ids:
        if name not in known_set and not unchecked.count(kind, name):
            yield Problem(
                key_location(item, key),
                f"unknown {_KIND_NAMES[kind]} {name!r}{did_you_mean(name, known_set)}",
                f"{base}.{key}",
            )


def _priorities(at: Location, path: str, audiences: dict[str, int]) -> Iterator[Problem]:
    for audience, priority in audiences.items():
        if priority not in PRIORITIES:
            yield Problem(at, f"expected a priority 1, 2 or 3, got {priority}", f"{path}.{audience}")
