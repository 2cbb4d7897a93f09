"""Sources as CSL writes them: the dates, names and sources a library cites, and their CSL JSON.

In: nothing (definitions; ``CslDate``'s YAML reader is registered with ``schema`` on import). Out: ``Source``
(with ``Name`` and ``CslDate``) that ``library.load`` fills from a file's ``references`` and
``library.importer`` writes, and ``Source.csl()``, the CSL JSON the cite stage hands to pandoc.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, fields
from typing import Any, Literal

import yaml

from advocate.errors import Location
from advocate.library import uk
from advocate.library.uk import NeutralCitation, Session
from advocate.schema import INVALID, Reader, date_range_problem, hyphenated_keys, register_scalar, yaml_key

CslType = Literal[
    "article", "article-journal", "article-magazine", "article-newspaper", "bill", "book", "broadcast",
    "chapter", "classic", "collection", "dataset", "document", "entry", "entry-dictionary",
    "entry-encyclopedia", "event", "figure", "graphic", "hearing", "interview", "legal_case", "legislation",
    "manuscript", "map", "motion_picture", "musical_score", "pamphlet", "paper-conference", "patent",
    "performance", "periodical", "personal_communication", "post", "post-weblog", "regulation", "report",
    "review", "review-book", "software", "song", "speech", "standard", "thesis", "treaty", "webpage",
]  # fmt: skip


CSL_VARIABLES = frozenset({
    "type", "id", "citation-key", "categories", "language", "journalAbbreviation", "shortTitle", "author",
    "chair", "collection-editor", "compiler", "composer", "container-author", "contributor", "curator",
    "director", "editor", "editorial-director", "executive-producer", "guest", "host", "interviewer",
    "illustrator", "narrator", "organizer", "original-author", "performer", "producer", "recipient",
    "reviewed-author", "script-writer", "series-creator", "translator", "accessed", "available-date",
    "event-date", "issued", "original-date", "submitted", "abstract", "annote", "archive",
    "archive_collection", "archive_location", "archive-place", "authority", "call-number", "chapter-number",
    "citation-number", "citation-label", "collection-number", "collection-title", "container-title",
    "container-title-short", "dimensions", "division", "DOI", "edition", "event", "event-title",
    "event-place", "first-reference-note-number", "genre", "ISBN", "ISSN", "issue", "jurisdiction",
    "keyword", "locator", "medium", "note", "number", "number-of-pages", "number-of-volumes",
    "original-publisher", "original-publisher-place", "original-title", "page", "page-first", "part",
    "part-title", "PMCID", "PMID", "printing", "publisher", "publisher-place", "references",
    "reviewed-genre", "reviewed-title", "scale", "section", "source", "status", "supplement", "title",
    "title-short", "URL", "version", "volume", "volume-title", "volume-title-short", "year-suffix", "custom",
})  # fmt: skip
"""Every variable of a CSL JSON item, as CSL-JSON 1.0.2 lists them (``schemas/input/csl-data.json`` of
the citation-style-language/schema repository, tag v1.0.2): a source may carry any of them."""

CSL_DATE_VARIABLES = frozenset(
    {"accessed", "available-date", "event-date", "issued", "original-date", "submitted"}
)
"""The CSL variables that hold dates."""


class CslDate(str):
    """A CSL date written as ISO 8601 text: ``2021``, ``2021-06`` or ``2021-06-18``.

    ``{date-parts: [[2021, 6, 18]]}`` (CSL JSON) is accepted too and kept as ``2021-06-18``.
    """

    _PATTERN = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")

    def parts(self) -> list[int]:
        """The date as CSL ``date-parts`` numbers."""
        match = self._PATTERN.match(self)
        assert match
        return [int(g) for g in match.groups() if g]

    def not_after(self, day: dt.date) -> bool:
        """Whether the date (as precise as it is written) is on or before ``day``."""
        parts = self.parts()
        return tuple(parts) <= (day.year, day.month, day.day)[: len(parts)]


def _read_csl_date(reader: Reader, node: yaml.Node, path: str) -> Any:
    if isinstance(node, yaml.MappingNode):
        return _read_date_parts(reader, node, path)
    if isinstance(node, yaml.ScalarNode):
        match = CslDate._PATTERN.match(node.value)
        if match and _valid_date([int(g) for g in match.groups() if g]):
            problem = _range_problem([int(g) for g in match.groups() if g])
            if problem is None:
                return CslDate(node.value)
            reader.error(node, path, problem)
            return INVALID
    shown = repr(node.value) if isinstance(node, yaml.ScalarNode) else "a list"
    reader.error(node, path, f"expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got {shown}")
    return INVALID


def _read_date_parts(reader: Reader, node: yaml.MappingNode, path: str) -> Any:
    try:
        entries = {str(k.value): v for k, v in node.value if isinstance(k, yaml.ScalarNode)}
        parts_node = entries.get("date-parts")
        assert parts_node is not None and len(entries) == len(node.value) == 1
        numbers = [int(n.value) for n in parts_node.value[0].value]
        assert 1 <= len(numbers) <= 3 and _valid_date(numbers)
    except (AssertionError, AttributeError, IndexError, TypeError, ValueError):
        reader.error(node, path, "expected {date-parts: [[YYYY, M, D]]} or a date as YYYY-MM-DD")
        return INVALID
    problem = _range_problem(numbers)
    if problem is not None:
        reader.error(node, path, problem)
        return INVALID
    return CslDate("-".join([f"{numbers[0]:04d}", *(f"{n:02d}" for n in numbers[1:])]))


def _range_problem(numbers: list[int]) -> str | None:
    """The message for a valid CSL date (year, month, day; the last two optional) outside the
    supported range (``schema.DATES``), or None; a year alone counts as its first day."""
    written = "-".join([f"{numbers[0]:04d}", *(f"{n:02d}" for n in numbers[1:])])
    return date_range_problem(dt.date(*[*numbers, 1, 1][:3]), written)


def _valid_date(numbers: list[int]) -> bool:
    padded = [*numbers, 1, 1][:3]
    try:
        dt.date(*padded)
    except ValueError:
        return False
    return True


register_scalar(CslDate, _read_csl_date)


@hyphenated_keys
@dataclass(frozen=True)
class Name:
    """A person or organisation, as CSL writes names."""

    family: str | None = None
    """Family name, e.g. ``Zimonjic``."""
    given: str | None = None
    """Given names, e.g. ``Peter``."""
    literal: str | None = None
    """The whole name of an organisation, e.g. ``Amnesty International``."""
    suffix: str | None = None
    """E.g. ``Jr``."""
    non_dropping_particle: str | None = None
    """A particle kept with the family name, e.g. ``van``."""
    dropping_particle: str | None = None
    """A particle dropped when sorting, e.g. ``de``."""


@hyphenated_keys
@dataclass(frozen=True)
class Source:
    """A source in CSL YAML: a report, article, web page, treaty, judgment, Hansard, statement..."""

    id: str
    """The citation key, used as ``[@id]`` in text. Unique across the library."""
    type: CslType
    """The CSL type: ``report``, ``article-newspaper``, ``webpage``, ``treaty``, ``legislation``
    (statute), ``legal_case``, ``hearing`` (Hansard: a debate or a written answer), ``bill``,
    ``speech`` (statement), ..."""
    title: str
    """The title as the source gives it; a descriptive title in [square brackets] when it has none.
    A statute's is its short title with the year, e.g. ``Modern Slavery Act 2015``."""
    at: Location = field(default=Location(""), compare=False)
    """Where the source is defined (set by the loader)."""
    where: dict[str, Location] = field(default_factory=dict, compare=False, repr=False)
    """Where each key is (set by the loader), so problems point at the very line."""
    title_short: str | None = None
    """The short title OSCOLA uses in later notes, e.g. ``Bosnia v Serbia``."""
    author: tuple[Name, ...] = ()
    """Authors, persons or organisations."""
    editor: tuple[Name, ...] = ()
    """Editors."""
    issued: CslDate | None = None
    """Date of publication or decision."""
    accessed: CslDate | None = None
    """When the URL was last opened. A source without URL and accessed date is reported unverified."""
    URL: str | None = field(default=None, metadata={"key": "URL"})
    """Where the source can be read. Never guessed: leave it out when unknown."""
    DOI: str | None = field(default=None, metadata={"key": "DOI"})
    """Digital Object Identifier."""
    ISBN: str | None = field(default=None, metadata={"key": "ISBN"})
    """ISBN of a book."""
    container_title: str | None = None
    """The newspaper, journal, site or law report series, e.g. ``CBC News``, ``ICJ Rep``."""
    collection_title: str | None = None
    """A series, e.g. ``Research Briefing``."""
    publisher: str | None = None
    """The publisher or issuing body."""
    publisher_place: str | None = None
    """Where it was published."""
    authority: str | None = None
    """The court or legislative body, e.g. ``ICJ``; for a UK case without a neutral citation, the
    court OSCOLA prints in brackets, e.g. ``QB``."""
    jurisdiction: str | None = None
    """The jurisdiction of a law or case."""
    number: str | None = None
    """A report, bill, vote or document number, exactly as the source prints it: a House paper's
    ``HC 1272`` or ``HL Paper 107``; for a written question (``type: hearing``), its UIN, ``12345``."""
    volume: str | None = None
    """Volume (law reports, treaty series, Hansard, e.g. ``389``). Never guessed: leave it out when
    unknown, and nothing is printed in its place."""
    issue: str | None = None
    """Issue of a journal."""
    page: str | None = None
    """First page or page range of the source within its container."""
    section: str | None = None
    """Section of a newspaper or statute."""
    edition: str | None = None
    """Edition."""
    genre: str | None = None
    """A description of the type, e.g. ``Joint statement``, ``Legal opinion``."""
    medium: str | None = None
    """The medium, e.g. ``Video``."""
    event_date: CslDate | None = None
    """Date of the event (a debate or hearing) when it differs from ``issued``."""
    event_title: str | None = None
    """The name of the event, e.g. a debate."""
    note: str | None = None
    """Free text CSL prints in some styles."""
    language: str | None = None
    """Language of the source, e.g. ``en``."""
    abstract: str | None = None
    """Summary (not printed)."""
    archive: str | None = None
    """Archive holding a snapshot."""
    archive_location: str | None = field(default=None, metadata={"key": "archive_location"})
    """Where in the archive (CSL spells it with an underscore)."""
    verified: dt.date | None = None
    """(advocate) When a person last checked the source says what the library cites it for."""
    house: Literal["Commons", "Lords"] | None = None
    """(advocate, Hansard) ``Commons`` or ``Lords``, printed ``HC`` or ``HL``: with ``type: hearing``,
    the record of a debate (``HC Deb``), or with a UIN in ``number`` a written answer; ``issued`` is
    the day of the debate or answer."""
    column: str | None = None
    """(advocate, Hansard) The column or columns as Hansard prints them: ``1130``, ``973–76``,
    ``505W`` (a Commons written answer), ``WA261`` (a Lords one). Never guessed: leave it out when
    unknown. A pinpoint ``[@id, col 1130]`` is printed in its place."""
    session: Session | None = None
    """(advocate, House papers) The session of a committee report, e.g. ``2019–21``, with the paper
    in ``number`` as printed (``HC 1272``): OSCOLA prints ``(HC 2019–21, 1272)``."""
    neutral_citation: NeutralCitation | None = None
    """(advocate, UK cases) The neutral citation as the judgment prints it, e.g. ``[2019] EWHC 3408
    (QB)``. It names the court, so ``authority`` is left out."""
    other: dict[str, Any] = field(default_factory=dict, hash=False, metadata={"rest": CSL_VARIABLES})
    """Every other CSL variable written (``ISSN``, ``source``, ``container-title-short``,
    ``event-place``, ``translator``...), kept as written and passed to the citation style. A key that
    is not a CSL variable is a warning and is left out."""

    def csl(self) -> dict[str, Any]:
        """The source as CSL JSON, the form pandoc's citeproc reads. The advocate keys are not CSL:
        the UK ones (``house``, ``column``, ``session``, ``neutral-citation``) become CSL variables
        as ``library.uk`` describes."""
        data: dict[str, Any] = {key: _csl_other(key, value) for key, value in self.other.items()}
        for spec in fields(self):
            value = getattr(self, spec.name)
            if spec.name in _NOT_CSL or value in (None, ()):
                continue
            data[yaml_key(Source, spec)] = _csl_value(value)
        for key, value in uk.csl_fields(self).items():
            data[key] = _csl_value(CslDate(value) if key == "issued" else value)
        return data

    @property
    def unverified(self) -> bool:
        """True when nobody can follow the source up: no URL, or no accessed/verified date."""
        return not self.URL or not (self.accessed or self.verified)


_NOT_CSL = frozenset({"at", "where", "other", "verified", "house", "column", "session", "neutral_citation"})


def _csl_value(value: Any) -> Any:
    if isinstance(value, CslDate):
        return {"date-parts": [value.parts()]}
    if isinstance(value, tuple):
        return [_csl_name(n) for n in value]
    return value


def _csl_other(key: str, value: Any) -> Any:
    """An other variable as CSL JSON: a date written as ``YYYY-MM-DD`` becomes ``date-parts``."""
    if key in CSL_DATE_VARIABLES and isinstance(value, str) and CslDate._PATTERN.match(value):
        return _csl_value(CslDate(value))
    return value


def _csl_name(name: Name) -> dict[str, str]:
    return {yaml_key(Name, s): getattr(name, s.name) for s in fields(name) if getattr(name, s.name)}
