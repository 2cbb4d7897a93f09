"""The rules over a loaded library: every cross-reference resolves, every fact can be traced.

In: a ``Library`` (and optionally a folder of text snapshots of sources). Out: a list of problems,
errors and warnings together; the caller sorts and prints them.

Errors: a citation of an unknown source, a malformed citation, a reference to an unknown point,
argument, ask, topic or audience, an empty claim, a priority out of range. Warnings: a source that
nobody can follow up (no URL or no accessed date), a point not reviewed for a year, a source cited by
nothing, a point no audience uses, a quote the archive does not contain.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from advocate.errors import AdvocateError, Location, Problem, sort_problems
from advocate.library.load import load_library
from advocate.library.models import Library, Point
from advocate.markup import scan_citations

REVIEW_AFTER = dt.timedelta(days=365)
PRIORITIES = (1, 2, 3)

TextField = tuple[Location, str, str]
"""Where a text field is, its key path, and its text."""


@dataclass(frozen=True)
class CheckReport:
    """The outcome of checking a library."""

    library: Library
    """What was loaded."""
    problems: list[Problem]
    """Errors first, then warnings."""

    @property
    def errors(self) -> list[Problem]:
        """The problems that make the library unusable."""
        return [p for p in self.problems if p.severity == "error"]


def check(library_dir: Path, archive: Path | None = None, today: dt.date | None = None) -> CheckReport:
    """Load and check the library in ``library_dir``; every problem at once."""
    loaded = load_library(library_dir)
    problems = loaded.problems + check_library(loaded.library, today=today, archive=archive)
    return CheckReport(loaded.library, sort_problems(problems))


def load_checked_library(library_dir: Path) -> Library:
    """The library, or an AdvocateError listing every error in it."""
    report = check(library_dir)
    if report.errors:
        raise AdvocateError(report.errors)
    return report.library


def check_library(
    library: Library, today: dt.date | None = None, archive: Path | None = None
) -> list[Problem]:
    """Every problem with ``library``'s content and references."""
    today = today or dt.date.today()
    problems: list[Problem] = []
    cited: set[str] = set()
    for location, path, text in text_fields(library):
        problems.extend(_check_citations(library, location, path, text, cited))
    problems.extend(_check_references(library, cited))
    problems.extend(_check_points(library, today))
    problems.extend(_check_sources(library, cited))
    if archive is not None:
        problems.extend(check_quotes(library, archive))
    return problems


def text_fields(library: Library) -> Iterator[TextField]:
    """Every field of the library that may carry citations."""
    for point in library.points.values():
        yield point.at, f"points.{point.id}.text", point.text
    for argument in library.arguments.values():
        yield argument.at, f"arguments.{argument.id}.conclusion", argument.conclusion
    for response in library.responses.values():
        yield response.at, f"responses.{response.id}.position", response.position
        yield response.at, f"responses.{response.id}.rebuttal", response.rebuttal
    for ask in library.asks.values():
        if ask.why:
            yield ask.at, f"asks.{ask.id}.why", ask.why


def _check_citations(
    library: Library, at: Location, path: str, text: str, cited: set[str]
) -> Iterator[Problem]:
    found, malformed = scan_citations(text)
    for message in malformed:
        yield Problem(at, message, path)
    for citation in found:
        for cite in citation.cites:
            if cite.source in library.sources:
                cited.add(cite.source)
            else:
                hint = _did_you_mean(cite.source, library.sources)
                yield Problem(at, f"citation of unknown source {cite.source!r}{hint}", path)


def _check_references(library: Library, cited: set[str]) -> Iterator[Problem]:
    """Points, asks, topics, audiences and rule sources that items refer to must exist."""
    known_audiences = library.audiences.keys()
    for kind, items in (
        ("points", library.points),
        ("arguments", library.arguments),
        ("responses", library.responses),
    ):
        for item in items.values():
            base = f"{kind}.{item.id}"
            yield from _unknown(item.at, f"{base}.topics", "topic", item.topics, library.topics)
            yield from _unknown(item.at, f"{base}.audiences", "audience", item.audiences, known_audiences)
            yield from _priorities(item.at, f"{base}.audiences", item.audiences)
            yield from _unknown(
                item.at, f"{base}.points", "point", getattr(item, "points", ()), library.points
            )
    for argument in library.arguments.values():
        source = argument.rule.source
        if source in library.sources:
            cited.add(source)
        else:
            yield Problem(
                argument.at, f"rule cites unknown source {source!r}", f"arguments.{argument.id}.rule.source"
            )
    for ask in library.asks.values():
        yield from _unknown(ask.at, f"asks.{ask.id}.topics", "topic", ask.topics, library.topics)
        yield from _unknown(ask.at, f"asks.{ask.id}.audiences", "audience", ask.audiences, known_audiences)
    for audience in library.audiences.values():
        path = f"audiences.{audience.id}.default_asks"
        yield from _unknown(audience.at, path, "ask", audience.default_asks, library.asks)
        for kind, plan in audience.documents.items():
            if kind not in ("briefing", "letter"):
                yield Problem(
                    audience.at,
                    f"expected a document kind briefing or letter, got {kind!r}",
                    f"audiences.{audience.id}.documents",
                )
            for i, section in enumerate(plan.sections):
                yield from _unknown(
                    audience.at,
                    f"audiences.{audience.id}.documents.{kind}.sections[{i}].topics",
                    "topic",
                    section.topics,
                    library.topics,
                )


def _check_points(library: Library, today: dt.date) -> Iterator[Problem]:
    for point in library.points.values():
        path = f"points.{point.id}"
        if not point.claim.strip():
            yield Problem(point.at, "expected a claim (one sentence), got an empty one", f"{path}.claim")
        if not point.text.strip():
            yield Problem(point.at, "expected a sourced paragraph, got an empty text", f"{path}.text")
        if point.quote and point.quote.source not in library.sources:
            yield Problem(
                point.at, f"quote names unknown source {point.quote.source!r}", f"{path}.quote.source"
            )
        if not point.audiences:
            yield Problem(point.at, "no audience uses this point", f"{path}.audiences", "warning")
        yield from _review(point, today)


def _review(point: Point, today: dt.date) -> Iterator[Problem]:
    path = f"points.{point.id}.reviewed"
    if point.reviewed is None:
        yield Problem(
            point.at, "never reviewed: add the date a person checked it against its sources", path, "warning"
        )
    elif today - point.reviewed > REVIEW_AFTER:
        yield Problem(
            point.at, f"not reviewed for over a year (last {point.reviewed.isoformat()})", path, "warning"
        )


def _check_sources(library: Library, cited: set[str]) -> Iterator[Problem]:
    for source in library.sources.values():
        path = f"references.{source.id}"
        if source.unverified:
            missing = " and ".join(
                name
                for name, value in (
                    ("URL", source.URL),
                    ("accessed date", source.accessed or source.verified),
                )
                if not value
            )
            yield Problem(source.at, f"unverified source: no {missing}", path, "warning")
        if source.id not in cited:
            yield Problem(source.at, "source cited by nothing", path, "warning")


def check_quotes(library: Library, archive: Path) -> Iterator[Problem]:
    """Each point's quote must occur (whitespace-normalised) in ``archive/<source-id>.txt``."""
    if not archive.is_dir():
        yield Problem(
            Location(str(archive)), "expected a folder of <source-id>.txt snapshots, got nothing there"
        )
        return
    snapshots: dict[str, str | None] = {}
    for point in library.points.values():
        if point.quote is None:
            continue
        source = point.quote.source
        if source not in snapshots:
            snapshots[source] = _snapshot(archive / f"{source}.txt")
        path = f"points.{point.id}.quote"
        snapshot = snapshots[source]
        if snapshot is None:
            yield Problem(
                point.at, f"no snapshot {source}.txt in {archive} to check the quote against", path, "warning"
            )
        elif normalise(point.quote.text) not in snapshot:
            yield Problem(point.at, f"quote not found in the snapshot of {source!r}", path)


def normalise(text: str) -> str:
    """Text with runs of whitespace folded to one space and typographic quotes made plain."""
    text = text.translate(_QUOTES)
    return re.sub(r"\s+", " ", text).strip()


_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})


def _snapshot(path: Path) -> str | None:
    try:
        return normalise(path.read_text(encoding="utf-8"))
    except OSError:
        return None


def _unknown(
    at: Location, path: str, what: str, ids: Iterable[str], known: Iterable[str]
) -> Iterator[Problem]:
    known_set = set(known)
    for item in ids:
        if item not in known_set:
            yield Problem(at, f"unknown {what} {item!r}{_did_you_mean(item, known_set)}", path)


def _priorities(at: Location, path: str, audiences: dict[str, int]) -> Iterator[Problem]:
    for audience, priority in audiences.items():
        if priority not in PRIORITIES:
            yield Problem(at, f"expected a priority 1, 2 or 3, got {priority}", f"{path}.{audience}")


def _did_you_mean(name: str, known: Iterable[str]) -> str:
    import difflib

    close = difflib.get_close_matches(name, list(known), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""
