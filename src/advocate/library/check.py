"""The rules over a loaded library: every cross-reference resolves, every fact can be traced.

In: a ``Library`` (and optionally a folder of text snapshots of sources). Out: a list of problems,
errors and warnings together; the caller sorts and prints them.

Errors: a citation of an unknown source, a malformed citation (at the very character, see
``markup``), a citation in a claim, a phrasing or an ask (words said aloud), a reference to an
unknown point, argument, ask, topic or audience, an empty claim, a priority out of range, UK
parliamentary or legal fields that do not fit together (``library.uk``). Warnings: a source that
nobody can follow up (no URL or no accessed date), a point not reviewed for a year, a source cited by
nothing, a point no audience uses, a phrasing with a number or a name that its sourced wording lacks
(``details``). With an archive of snapshots: a point's quote or a quotation in a text that its
source's snapshot does not contain is an error (``library.quotes``).

Expiry (``library.expiry``): a ``superseded_by`` that names no item of its own kind, stands without
an ``until`` or makes a cycle is an error; a tentative word ("draft", "plans to") in an item with no
``until`` is a warning, and so, with a date to check against, is an item past its ``until`` with no
successor.

Offices (``library.offices``): a malformed ``{office:...}`` markup, one naming an unknown office or a
date with no known holder, and a list of holders out of order are errors; an office's bare title
("the Foreign Secretary") in printed library text, where the markup belongs, is a warning.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from advocate.errors import AdvocateError, Location, Problem, Severity, did_you_mean, sort_problems
from advocate.library import expiry, uk
from advocate.library.campaign import (
    campaign_broken,
    campaign_file,
    issue_problems,
    questions_role,
    role_problems,
)
from advocate.library.details import unsupported_details, vocabulary
from advocate.library.load import load_library
from advocate.library.models import MAX_RESPONSE_DAYS, Audience, Library, Point, key_location
from advocate.library.offices import bare_titles, markup_problems, office_problems, without_offices
from advocate.library.quotes import Quotation, comparable, missing_part, parts, quotations
from advocate.library.quotes import normalise as normalise
from advocate.library.trust import secondary_first
from advocate.markup import citation_spans, scan, scan_offices, show, without_citations
from advocate.yamlfile import ValueLocator

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


def check(
    library_dir: Path,
    archive: Path | None = None,
    today: dt.date | None = None,
    date: dt.date | None = None,
) -> CheckReport:
    """Load and check the library in ``library_dir``; every problem at once (``date``: also warn of
    each item past its ``until`` on that date with no successor)."""
    loaded = load_library(library_dir)
    problems = loaded.problems + check_library(loaded.library, today=today, archive=archive, date=date)
    return CheckReport(loaded.library, sort_problems(problems))


def load_checked_library(library_dir: Path) -> Library:
    """The library, or an AdvocateError listing every error in it."""
    report = check(library_dir)
    if report.errors:
        raise AdvocateError(report.errors)
    return report.library


def check_library(
    library: Library,
    today: dt.date | None = None,
    archive: Path | None = None,
    date: dt.date | None = None,
) -> list[Problem]:
    """Every problem with ``library``'s content and references (``date``: also every item past its
    ``until`` on that date with no successor)."""
    today = today or dt.date.today()
    problems: list[Problem] = []
    cited: set[str] = set()
    locator = ValueLocator()
    unchecked = Unchecked(library)
    for location, path, text in text_fields(library):
        problems.extend(_check_citations(library, location, path, text, cited, locator, unchecked))
    problems.extend(_check_said_aloud(library, locator))
    problems.extend(expiry.succession_problems(library))
    problems.extend(expiry.tentative_words(library, locator))
    if date is not None:
        problems.extend(expiry.expired_by(library, date))
    problems.extend(_check_references(library, cited, unchecked))
    problems.extend(role_problems(library))
    problems.extend(issue_problems(library))
    problems.extend(_check_points(library, today, unchecked))
    problems.extend(unchecked.problems())
    problems.extend(_check_sources(library, cited))
    problems.extend(check_phrasings(library))
    problems.extend(_check_offices(library, locator, today))
    if archive is not None:
        problems.extend(check_quotes(library, archive))
    return problems


def text_fields(library: Library) -> Iterator[TextField]:
    """Every field of the library that may carry citations."""
    for point in library.points.values():
        yield key_location(point, "text"), f"points.{point.id}.text", point.text
    for argument in library.arguments.values():
        yield key_location(argument, "conclusion"), f"arguments.{argument.id}.conclusion", argument.conclusion
    for response in library.responses.values():
        yield key_location(response, "position"), f"responses.{response.id}.position", response.position
        yield key_location(response, "rebuttal"), f"responses.{response.id}.rebuttal", response.rebuttal
    for ask in library.asks.values():
        if ask.why:
            yield key_location(ask, "why"), f"asks.{ask.id}.why", ask.why


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


def _check_citations(
    library: Library,
    at: Location,
    path: str,
    text: str,
    cited: set[str],
    locator: ValueLocator,
    unchecked: Unchecked | None = None,
) -> Iterator[Problem]:
    scanned = scan(text)
    for malformed in scanned.malformed:
        yield Problem(locator.locate(at, text, malformed.offset) or at, malformed.message, path)
    for found in scanned.citations:
        for cite in found.citation.cites:
            if cite.source in library.sources:
                cited.add(cite.source)
            elif unchecked is None or not unchecked.count("references", cite.source):
                hint = did_you_mean(cite.source, library.sources)
                yield Problem(at, f"citation of unknown source {cite.source!r}{hint}", path)
        if (message := secondary_first(library, found.citation)) is not None:
            yield Problem(locator.locate(at, text, found.start) or at, message, path, "warning")


SaidAloud = tuple[Location, int | None, str, str, str]
"""Where a field is (its key, and its index when it is a list's item), its key path, its text, and
what it is called in a message."""


def said_aloud_fields(library: Library) -> Iterator[SaidAloud]:
    """Every field of the library that is printed as written and so must carry no citation: claims,
    asks, questions and their phrasings."""
    for point in library.points.values():
        yield key_location(point, "claim"), None, f"points.{point.id}.claim", point.claim, "a claim"
        for i, phrasing in enumerate(point.phrasings):
            at = key_location(point, "phrasings")
            yield at, i, f"points.{point.id}.phrasings[{i}]", phrasing, "a phrasing of a claim"
    for ask in library.asks.values():
        yield key_location(ask, "ask"), None, f"asks.{ask.id}.ask", ask.ask, "an ask"
        if ask.question:
            at = key_location(ask, "question")
            yield at, None, f"asks.{ask.id}.question", ask.question, "a question"
        for i, phrasing in enumerate(ask.phrasings):
            at = key_location(ask, "phrasings")
            yield at, i, f"asks.{ask.id}.phrasings[{i}]", phrasing, "a phrasing of an ask"


def _check_said_aloud(library: Library, locator: ValueLocator) -> Iterator[Problem]:
    """A claim is one sentence a person could say aloud, printed as written: a citation there would
    print literally, so each (well-formed or not) is an error; the sources go in the point's text (an
    ask's in its ``why``)."""
    for at, item, path, text, what in said_aloud_fields(library):
        cited_in = "the ask's why" if path.startswith("asks.") else "the point's text"
        for start, end, offset in citation_spans(text):
            message = (
                f"expected {what} without citations (it is said aloud and printed as written), "
                f"got {show(text[start:end])}: cite the source in {cited_in}"
            )
            yield Problem(locator.locate(at, text, offset, item) or at, message, path)


def printed_fields(library: Library) -> Iterator[tuple[Location, int | None, str, str]]:
    """Every field of the library a document prints (where office markup is read): each with where
    it is (its key, and its index when a list's item), its key path and its text."""
    for at, path, text in text_fields(library):
        yield at, None, path, text
    for at, item, path, text, _ in said_aloud_fields(library):
        yield at, item, path, text


def _check_offices(library: Library, locator: ValueLocator, today: dt.date) -> Iterator[Problem]:
    """The office list's own problems, each office markup that cannot be printed, and each bare
    office title where the markup belongs (see ``library.offices.bare_titles`` for what is left
    alone: quotations, and the audiences' wording, which addresses the letter's own recipient)."""
    yield from office_problems(library.offices, today)
    for audience in library.audiences.values():
        # The plans' wording is filled with str.format and names the letter's own recipient: no markup.
        # Each with where it is written: the campaign file's line for wording the campaign gives.
        wordings = [
            (key_location(audience, "salutation"), audience.salutation),
            (key_location(audience, "closing"), audience.closing),
        ] + [
            (sp.where.get(key, key_location(audience, "documents")), w)
            for plan in audience.documents.values()
            for sp in plan.sections
            for key, texts in (("text", (sp.text or "",)), ("variants", sp.variants))
            for w in texts
        ]
        marked = [at for at, w in wordings if scan_offices(w).marks or scan_offices(w).malformed]
        if marked:
            message = (
                "expected no office markup in an audience's wording (it addresses the letter's own "
                "recipient, given by the brief): write the words, or move the sentence to an ask or a point"
            )
            yield Problem(marked[0], message, f"audiences.{audience.id}")
    titles = bare_titles(library.offices)
    for at, item, path, text in printed_fields(library):
        for offset, message in markup_problems(library.offices, text):
            yield Problem(locator.locate(at, text, offset, item) or at, message, path)
        for offset, message in titles.find(text):
            yield Problem(locator.locate(at, text, offset, item) or at, message, path, "warning")


def _check_references(
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


def _check_points(library: Library, today: dt.date, unchecked: Unchecked) -> Iterator[Problem]:
    for point in library.points.values():
        path = f"points.{point.id}"
        if not point.claim.strip():
            message = "expected a claim (one sentence), got an empty one"
            yield Problem(key_location(point, "claim"), message, f"{path}.claim")
        if not point.text.strip():
            message = "expected a sourced paragraph, got an empty text"
            yield Problem(key_location(point, "text"), message, f"{path}.text")
        quoted = point.quote.source if point.quote else None
        if quoted and quoted not in library.sources and not unchecked.count("references", quoted):
            message = f"quote names unknown source {quoted!r}"
            yield Problem(key_location(point, "quote"), message, f"{path}.quote.source")
        if not point.audiences:
            message = "no audience uses this point"
            yield Problem(key_location(point, "audiences"), message, f"{path}.audiences", "warning")
        yield from _review(point, today)


def check_phrasings(library: Library) -> Iterator[Problem]:
    """Warn of each phrasing that has a number its point (or ask) lacks, or a name no sourced text has."""
    known = vocabulary(
        without_offices(t)
        for point in library.points.values()
        for t in (point.claim, without_citations(point.text))
    )
    items = [
        ("points", point, (point.claim, without_citations(point.text))) for point in library.points.values()
    ] + [
        ("asks", ask, (ask.ask, without_citations(ask.why or ""), ask.question or ""))
        for ask in library.asks.values()
    ]
    for kind, item, sourced in items:
        wording = tuple(without_offices(t) for t in sourced)
        for index, phrasing in enumerate(item.phrasings):
            added = unsupported_details(without_offices(phrasing), wording, known)
            if added:
                words = ", ".join(repr(a) for a in added)
                message = (
                    f"phrasing {index + 1} says {words}, which its sourced wording does not: "
                    "a phrasing may reword the claim but not add to it"
                )
                path = f"{kind}.{item.id}.phrasings[{index}]"
                yield Problem(key_location(item, "phrasings"), message, path, "warning")


def _review(point: Point, today: dt.date) -> Iterator[Problem]:
    path = f"points.{point.id}.reviewed"
    at = key_location(point, "reviewed")
    if point.reviewed is None:
        yield Problem(
            at, "never reviewed: add the date a person checked it against its sources", path, "warning"
        )
    elif today - point.reviewed > REVIEW_AFTER:
        yield Problem(
            at, f"not reviewed for over a year (last {point.reviewed.isoformat()})", path, "warning"
        )


def _check_sources(library: Library, cited: set[str]) -> Iterator[Problem]:
    for source in library.sources.values():
        path = f"references.{source.id}"
        yield from uk.problems(source)
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
    """Each point's ``quote``, and each quotation a citation attributes in any text (``library.quotes``),
    must occur in the snapshot ``archive/<source-id>.txt`` of its source. A quotation whose sentence
    cites several sources must be in one of their snapshots; one whose sources have no snapshot is not
    checked (a missing snapshot is a warning only for a point's ``quote``)."""
    if not archive.is_dir():
        yield Problem(
            Location(str(archive)), "expected a folder of <source-id>.txt snapshots, got nothing there"
        )
        return
    snapshots: dict[str, str | None] = {}

    def snapshot(source: str) -> str | None:
        if source not in snapshots:
            snapshots[source] = _snapshot(archive / f"{source}.txt")
        return snapshots[source]

    for point in library.points.values():
        if point.quote is None:
            continue
        source = point.quote.source
        path = f"points.{point.id}.quote"
        text = snapshot(source)
        if text is None:
            message = f"no snapshot {source}.txt in {archive} to check the quote against"
            yield Problem(key_location(point, "quote"), message, path, "warning")
        elif missing_part(point.quote.text, text) is not None:
            yield Problem(
                key_location(point, "quote"), f"quote not found in the snapshot of {source!r}", path
            )
    locator = ValueLocator()
    for at, path, text in text_fields(library):
        for quotation in quotations(text):
            problem = _quotation_problem(quotation, {s: snapshot(s) for s in quotation.sources})
            if problem is not None:
                message, severity = problem
                where = locator.locate(at, text, quotation.offset) or at
                yield Problem(where, message, path, severity)


def _quotation_problem(quotation: Quotation, snapshots: dict[str, str | None]) -> tuple[str, Severity] | None:
    """What is wrong with an attributed quotation, given its sources' snapshots (None: a source has
    no snapshot); None when a snapshot holds it or none can be read."""
    held = {source: text for source, text in snapshots.items() if text is not None}
    if not held:
        return None
    missing = {source: missing_part(quotation.text, text) for source, text in held.items()}
    if any(part is None for part in missing.values()):
        return None
    names = " or ".join(repr(source) for source in held)
    message = f"quotation {show(quotation.text)} not found in the snapshot of {names}"
    first = next(iter(missing.values()))
    if len(missing) == 1 and first is not None and len(parts(quotation.text)) > 1:
        message += f" (it has no {show(first)})"
    unread = [source for source, text in snapshots.items() if text is None]
    if unread:
        # It may be in the source nobody has a snapshot of: worth a look, not an error.
        others = " or ".join(repr(source) for source in unread)
        return f"{message}; no snapshot of {others} to check it against", "warning"
    return message, "error"


def _snapshot(path: Path) -> str | None:
    try:
        return comparable(path.read_text(encoding="utf-8"))
    except OSError:
        return None


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
