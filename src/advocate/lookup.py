"""Looking things up in a loaded library: points by topic, audience or text; sources and their reach.

In: a ``Library`` (and brief files, for what a withdrawn source would change). Out: rows of text for
``advocate points`` and ``advocate sources``.
"""

from __future__ import annotations

import shutil
import textwrap
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from advocate.assemble import assemble
from advocate.brief import Brief
from advocate.document import document_sources
from advocate.errors import AdvocateError
from advocate.library.citations import text_fields
from advocate.library.items import Point
from advocate.library.models import Library
from advocate.library.offices import listed
from advocate.library.trust import checked_on, verified_count
from advocate.markup.inline import citations


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
    """A readable table: claim (offices printed for today, given the ``library``), sources, reviewed
    date (and the ``until`` of a fact that expires) and, given the ``library``, whether the sources
    are verified (``unverified sources`` when every source the point cites is unverified)."""
    width = width or shutil.get_terminal_size((120, 20)).columns
    status_width = len(UNVERIFIED_SOURCES) + 2 if library is not None else 0
    claim_width = max(30, width - 50 - status_width)
    header = f"{'CLAIM':<{claim_width}}  {'SOURCES':<34}  {'REVIEWED':<10}"
    lines = [(header + ("  STATUS" if library is not None else "")).rstrip()]
    resting = 0
    for point in points:
        words = listed(point.claim, library.offices) if library else point.claim
        claim = textwrap.wrap(printable(words), claim_width) or [""]
        sources = textwrap.wrap(", ".join(cited_sources(point.text)), 34) or [""]
        reviewed = point.reviewed.isoformat() if point.reviewed else "never"
        status = ""
        if library is not None:
            status = point_status(library, point)
            resting += status == UNVERIFIED_SOURCES
        # A fact that expires says so under its review date: "until 2021-06-21".
        until = f"until {point.until.isoformat()}" if point.until else ""
        for i in range(max(len(claim), len(sources), 2 if until else 1)):
            left = claim[i] if i < len(claim) else ""
            middle = sources[i] if i < len(sources) else ""
            right = f"{reviewed:<10}  {status}" if i == 0 else until if i == 1 else ""
            lines.append(f"{left:<{claim_width}}  {middle:<34}  {right}".rstrip())
        lines.append("")
    summary = f"{len(points)} point(s)"
    if library is not None:
        summary += f", {resting} resting only on unverified sources"
    lines.append(summary)
    return "\n".join(lines)


UNVERIFIED_SOURCES = "unverified sources"
"""How a point whose every source is unverified is marked wherever staff see it."""


def point_status(library: Library, point: Point) -> str:
    """``verified`` (every source cited is), ``unverified sources`` (none is), ``1 of 2 verified``,
    or ``no sources``."""
    verified, cited = verified_count(library, point)
    if not cited:
        return "no sources"
    if verified == cited:
        return "verified"
    return UNVERIFIED_SOURCES if verified == 0 else f"{verified} of {cited} verified"


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
    """Every source with its type, the number of points citing it, whether it is verified, the date
    it was checked and its URL; then how many are verified. The URL comes last and is never cut, so a
    terminal can open it and a pipe gets it whole."""
    counts = citation_counts(library)
    sources = list(library.sources.values())
    id_width = max([len("ID"), *(len(s.id) for s in sources)])
    type_width = max([len("TYPE"), *(len(s.type) for s in sources)])
    lines = [
        f"{'ID':<{id_width}}  {'TYPE':<{type_width}}  {'POINTS':>6}  {'STATUS':<10}  {'CHECKED':<10}  URL"
    ]
    for source in sources:
        status = "unverified" if source.unverified else "verified"
        checked = checked_on(source) or "never"
        url = printable(source.URL) if source.URL else "-"
        lines.append(
            f"{source.id:<{id_width}}  {source.type:<{type_width}}  {counts.get(source.id, 0):>6}  "
            f"{status:<10}  {checked:<10}  {url}"
        )
    verified = sum(1 for source in sources if not source.unverified)
    lines.append("")
    lines.append(f"{verified} of {len(sources)} source(s) verified (a URL and the date it was checked)")
    return "\n".join(lines)


def printable(text: str) -> str:
    """``text`` safe to print on a terminal, one line: tabs and line breaks become spaces, and any
    other control or format character (an escape sequence written ``"\\e[31m"`` in YAML, a
    right-to-left override) is shown as its escape (``\\x1b``), never sent to the terminal."""
    return "".join(
        " " if c in "\t\n\r" else c.encode("unicode_escape").decode("ascii") if _unprintable(c) else c
        for c in text
    )


def _unprintable(char: str) -> bool:
    return unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")


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
