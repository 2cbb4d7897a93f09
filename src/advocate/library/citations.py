"""The citation rules: every citation names a known source, every source can be followed up.

In: a ``Library`` (and, for quotes, a folder of text snapshots of sources). Out: problems. Errors: a
citation of an unknown source, a malformed citation (at the very character, see ``markup``), a rule
citing an unknown source; with an archive of snapshots, a point's quote or a quotation in a text that
its source's snapshot does not contain (``library.quotes``). Warnings: a citation that names a secondary
source first (``library.trust``), a source nobody can follow up (no URL or no accessed date), a source
cited by nothing, UK parliamentary or legal fields that do not fit together (``library.uk``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from advocate.errors import Location, Problem, Severity, did_you_mean
from advocate.library import uk
from advocate.library.models import Library, key_location
from advocate.library.quotes import Quotation, comparable, missing_part, parts, quotations
from advocate.library.references import Unchecked
from advocate.library.trust import secondary_first
from advocate.markup.inline import scan, show
from advocate.yamlfile import ValueLocator

TextField = tuple[Location, str, str]
"""Where a text field is, its key path, and its text."""


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


def check_citations(
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


def check_sources(library: Library, cited: set[str]) -> Iterator[Problem]:
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
