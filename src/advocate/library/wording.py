"""The wording rules: what is said aloud or printed as written, the points' own fields, and offices.

In: a ``Library``. Out: problems. Errors: a citation in a claim, a phrasing, an ask or a question
(words said aloud), an empty claim or text, a quote naming an unknown source, a malformed
``{office:...}`` markup, one naming an unknown office or a date with no known holder, a list of holders
out of order, office markup in an audience's wording. Warnings: a point not reviewed for a year, a point
no audience uses, a phrasing with a number or a name that its sourced wording lacks
(``library.details``), an office's bare title ("the Foreign Secretary") in printed library text, where
the markup belongs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from advocate.errors import Location, Problem
from advocate.library.citations import text_fields
from advocate.library.details import unsupported_details, vocabulary
from advocate.library.items import Point
from advocate.library.models import Library, key_location
from advocate.library.offices import bare_titles, markup_problems, office_problems, without_offices
from advocate.library.references import Unchecked
from advocate.markup.inline import citation_spans, show, without_citations
from advocate.markup.offices import scan_offices
from advocate.yamlfile import ValueLocator

REVIEW_AFTER = dt.timedelta(days=365)


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


def check_said_aloud(library: Library, locator: ValueLocator) -> Iterator[Problem]:
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


def check_offices(library: Library, locator: ValueLocator, today: dt.date) -> Iterator[Problem]:
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


def check_points(library: Library, today: dt.date, unchecked: Unchecked) -> Iterator[Problem]:
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
