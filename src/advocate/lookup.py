"""Looking things up in a loaded library: points by topic, audience or text; sources and their reach.

In: a ``Library`` (and brief files, for what a withdrawn source would change). Out: rows of text for
``advocate points`` and ``advocate sources``.
"""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from advocate.assemble import assemble
from advocate.brief import Brief
from advocate.document import document_sources
from advocate.errors import AdvocateError
from advocate.library.check import text_fields
from advocate.library.models import Library, Point
from advocate.library.offices import listed
from advocate.markup import citations


def cited_sources(text: str) -> list[str]:
    """The ids ``text`` cites, in order, once each."""
    seen: dict[str, None] = {}
    for citation in citations(text):
        for cite in citation.cites:
            seen.setdefault(cite.source)
    return list(seen)


def find_points(
    library: Library, topic: str | None = None, audience: str | None = None, search: str | None = None
) -> list[Point]:
    """Points matching every filter given; ``search`` looks in the claim, text and phrasings (as
    printed today, offices named)."""
    if topic is not None and topic not in library.topics:
        raise AdvocateError(f"unknown topic {topic!r}; expected one of: {', '.join(library.topics)}")
    if audience is not None and audience not in library.audiences:
        raise AdvocateError(f"unknown audience {audience!r}; expected one of: {', '.join(library.audiences)}")
    needle = (search or "").casefold()
    return [
        point
        for point in library.points.values()
        if (topic is None or topic in point.topics)
        and (audience is None or audience in point.audiences)
        and (not needle or needle in _searched(library, point))
    ]


def _searched(library: Library, point: Point) -> str:
    """What a search looks in: the point's wording as written and as printed today."""
    written = " ".join((point.claim, point.text, *point.phrasings))
    return f"{written} {listed(written, library.offices)}".casefold()


def points_table(points: Sequence[Point], width: int | None = None, library: Library | None = None) -> str:
    """A readable table: claim (offices printed for today, given the ``library``), sources,
    reviewed date."""
    width = width or shutil.get_terminal_size((120, 20)).columns
    claim_width = max(30, width - 50)
    lines = [f"{'CLAIM':<{claim_width}}  {'SOURCES':<34}  REVIEWED"]
    for point in points:
        words = listed(point.claim, library.offices) if library else point.claim
        claim = textwrap.wrap(words, claim_width) or [""]
        sources = textwrap.wrap(", ".join(cited_sources(point.text)), 34) or [""]
        reviewed = point.reviewed.isoformat() if point.reviewed else "never"
        for i in range(max(len(claim), len(sources))):
            left = claim[i] if i < len(claim) else ""
            middle = sources[i] if i < len(sources) else ""
            lines.append(f"{left:<{claim_width}}  {middle:<34}  {reviewed if i == 0 else ''}".rstrip())
        lines.append("")
    lines.append(f"{len(points)} point(s)")
    return "\n".join(lines)


def citation_counts(library: Library) -> dict[str, int]:
    """How many points, arguments, responses and asks cite each source."""
    counts = dict.fromkeys(library.sources, 0)
    for _, path, text in text_fields(library):
        if not path.startswith("points."):
            continue
        for source in cited_sources(text):
            counts[source] = counts.get(source, 0) + 1
    return counts


def sources_table(library: Library) -> str:
    """Every source with its type, the number of points citing it, and whether it is verified."""
    counts = citation_counts(library)
    lines = [f"{'ID':<44} {'TYPE':<18} {'POINTS':>6}  STATUS"]
    for source in library.sources.values():
        status = "unverified" if source.unverified else "verified"
        lines.append(f"{source.id:<44} {source.type:<18} {counts.get(source.id, 0):>6}  {status}")
    return "\n".join(lines)


@dataclass(frozen=True)
class Impact:
    """What would change if a source were withdrawn."""

    source: str
    """The source id."""
    items: list[str]
    """``kind id`` of each point, argument, response and ask citing it."""
    briefs: list[str]
    """Names of briefs whose documents draw on any of those items (by topic, include or ask)."""


def withdrawal_impact(library: Library, source_id: str, briefs: Sequence[Brief]) -> Impact:
    """The items citing ``source_id``, and the briefs whose documents would cite it (assembled, not
    guessed: the same selection ``advocate build`` makes)."""
    if source_id not in library.sources:
        raise AdvocateError(f"unknown source {source_id!r}")
    items = [
        f"{kind} {item_id}" for kind, item_id, text in _texts(library) if source_id in cited_sources(text)
    ]
    items += [f"arguments {a.id}" for a in library.arguments.values() if a.rule.source == source_id]
    affected = [brief.name for brief in briefs if source_id in document_sources(assemble(library, brief))]
    return Impact(source_id, sorted(set(items)), affected)


def _texts(library: Library) -> Iterator[tuple[str, str, str]]:
    for _, path, text in text_fields(library):
        kind, item_id = path.split(".")[:2]
        yield kind, item_id, text


def impact_report(impact: Impact) -> str:
    """``advocate sources ID``: what cites the source, and which briefs would change."""
    lines = [f"{impact.source}: cited by {len(impact.items)} item(s)"]
    lines += [f"  {item}" for item in impact.items]
    lines.append(f"briefs that would change if it were withdrawn: {len(impact.briefs)}")
    lines += [f"  {name}" for name in impact.briefs]
    return "\n".join(lines)


def brief_files(folder: Path) -> list[Path]:
    """The brief files in a folder."""
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []
