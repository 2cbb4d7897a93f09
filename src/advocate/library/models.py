"""The library's typed models: the schema of every file under ``library/``.

In: nothing (definitions). Out: the dataclasses that ``library.load`` fills from YAML and every later
stage reads. Each field's docstring is its documentation; ``docs/schema.md`` is not needed because
``advocate schema`` (and the README) print these.

A library file is a YAML mapping with any of the top-level keys of ``LibraryFile``: ``references``
(sources, in CSL YAML as pandoc and Zotero write it), ``topics``, ``points``, ``arguments``,
``responses``, ``asks``, ``audiences`` and ``offices`` (the office-holders text names with
``{office:ID@DATE}``; the model is in ``library.offices``).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any, Literal

import yaml

from advocate.errors import Location
from advocate.library import uk
from advocate.library.brand import Brand
from advocate.library.offices import Office, without_offices
from advocate.library.uk import NeutralCitation, Session
from advocate.markup import without_citations
from advocate.schema import INVALID, Reader, date_range_problem, hyphenated_keys, register_scalar, yaml_key

if TYPE_CHECKING:
    from advocate.library.campaign import Campaign

AudienceId = str
Priority = int

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

MAX_RESPONSE_DAYS = 366
"""The most days an audience may allow for a reply: a deadline, the document's date plus these, then
stays inside the calendar for every date the tool accepts (``schema.DATES``)."""

_WORDS = re.compile(r"[^\W\d_]+")


def key_location(item: Any, key: str) -> Location:
    """Where ``key`` of a loaded ``item`` is written; where the item starts if the key is absent."""
    where: dict[str, Location] = item.where
    at: Location = item.at
    return where.get(key, at)


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


@dataclass(frozen=True)
class Topic:
    """A subject that groups points, arguments, responses and asks."""

    id: str
    """The topic's id, e.g. ``water-quality``."""
    title: str
    """Its name as printed, e.g. ``Water quality and sewage spills``."""
    at: Location = field(default=Location(""), compare=False)
    """Where it is defined."""
    where: dict[str, Location] = field(default_factory=dict, compare=False, repr=False)
    """Where each key is (set by the loader), so problems point at the very line."""
    description: str | None = None
    """One sentence on what it covers."""


@dataclass(frozen=True)
class Quote:
    """A short verbatim excerpt a source contains, so a person or ``check --archive`` can confirm it."""

    source: str
    """The id of the source that contains the words."""
    text: str
    """The words, exactly as the source has them."""


@dataclass(frozen=True)
class Point:
    """A talking point: one claim, its sourced paragraph, and who it serves."""

    id: str
    """Unique id, e.g. ``agency-2023-discharges``."""
    claim: str
    """One sentence a person could say aloud (no citations)."""
    text: str
    """A short paragraph with inline citations: ``[@source]``, ``[@source, 12]``, ``[@a; @b]``."""
    topics: tuple[str, ...]
    """Topic ids the point belongs to."""
    at: Location = field(default=Location(""), compare=False)
    """Where it is defined."""
    where: dict[str, Location] = field(default_factory=dict, compare=False, repr=False)
    """Where each key is (set by the loader), so problems point at the very line."""
    audiences: dict[AudienceId, Priority] = field(default_factory=dict)
    """Audiences it serves, each with a priority: 1 leads, 2 supports, 3 only if room."""
    quote: Quote | None = None
    """A verbatim excerpt to check against the source."""
    reviewed: dt.date | None = None
    """When a person last reviewed the point against its sources."""
    phrasings: tuple[str, ...] = ()
    """Other ways to say the claim (same facts), so letters in a batch differ."""
    until: dt.date | None = None
    """The last day the item holds (a draft, a plan, a bill still before a legislature): a document
    dated later uses ``superseded_by`` instead, or leaves the item out."""
    superseded_by: str | None = None
    """The id of the item of the same kind that states what replaced this one after ``until``."""

    def texts(self) -> tuple[str, ...]:
        """The fields that carry citations."""
        return (self.text,)


@dataclass(frozen=True)
class Rule:
    """The legal rule an argument applies."""

    source: str
    """The id of the instrument or judgment (a source)."""
    provision: str
    """The provision, as a pinpoint: ``art II(a)``, ``para 431``."""
    text: str
    """The rule's words (the provision's text, or a faithful statement of the holding)."""


@dataclass(frozen=True)
class Argument:
    """A legal argument: a rule, the points that meet it, and the conclusion."""

    id: str
    """Unique id."""
    title: str
    """A heading, e.g. ``Article II(a): killing members of the group``."""
    rule: Rule
    """The rule applied."""
    conclusion: str
    """What the evidence shows against the rule, with citations."""
    topics: tuple[str, ...]
    """Topic ids."""
    at: Location = field(default=Location(""), compare=False)
    """Where it is defined."""
    where: dict[str, Location] = field(default_factory=dict, compare=False, repr=False)
    """Where each key is (set by the loader), so problems point at the very line."""
    points: tuple[str, ...] = ()
    """Ids of the points that meet the rule."""
    audiences: dict[AudienceId, Priority] = field(default_factory=dict)
    """Audiences it serves, with priorities as for points."""
    reviewed: dt.date | None = None
    """When a person last reviewed the argument against its sources."""
    until: dt.date | None = None
    """The last day the item holds (a draft, a plan, a bill still before a legislature): a document
    dated later uses ``superseded_by`` instead, or leaves the item out."""
    superseded_by: str | None = None
    """The id of the item of the same kind that states what replaced this one after ``until``."""

    def texts(self) -> tuple[str, ...]:
        """The fields that carry citations."""
        return (self.conclusion,)


@dataclass(frozen=True)
class Response:
    """A position the other side takes, and the sourced answer to it."""

    id: str
    """Unique id."""
    party: str
    """Who takes the position, e.g. ``The water industry``."""
    position: str
    """The position, attributed and cited."""
    rebuttal: str
    """The answer, with citations."""
    topics: tuple[str, ...]
    """Topic ids."""
    at: Location = field(default=Location(""), compare=False)
    """Where it is defined."""
    where: dict[str, Location] = field(default_factory=dict, compare=False, repr=False)
    """Where each key is (set by the loader), so problems point at the very line."""
    points: tuple[str, ...] = ()
    """Ids of points that support the rebuttal."""
    audiences: dict[AudienceId, Priority] = field(default_factory=dict)
    """Audiences it serves, with priorities."""
    reviewed: dt.date | None = None
    """When a person last reviewed the position and the rebuttal against their sources."""
    until: dt.date | None = None
    """The last day the item holds (a draft, a plan, a bill still before a legislature): a document
    dated later uses ``superseded_by`` instead, or leaves the item out."""
    superseded_by: str | None = None
    """The id of the item of the same kind that states what replaced this one after ``until``."""

    def texts(self) -> tuple[str, ...]:
        """The fields that carry citations."""
        return (self.position, self.rebuttal)


@dataclass(frozen=True)
class Ask:
    """Something the document asks its reader to do."""

    id: str
    """Unique id."""
    audiences: tuple[AudienceId, ...]
    """Audiences this can be asked of."""
    ask: str
    """The request, one imperative sentence."""
    topics: tuple[str, ...]
    """Topic ids."""
    at: Location = field(default=Location(""), compare=False)
    """Where it is defined."""
    where: dict[str, Location] = field(default_factory=dict, compare=False, repr=False)
    """Where each key is (set by the loader), so problems point at the very line."""
    why: str | None = None
    """Why, with citations."""
    question: str | None = None
    """A question an MP could put to the Government in a debate."""
    phrasings: tuple[str, ...] = ()
    """Other ways to make the same request, so letters in a batch differ."""
    until: dt.date | None = None
    """The last day the item holds (a draft, a plan, a bill still before a legislature): a document
    dated later uses ``superseded_by`` instead, or leaves the item out."""
    superseded_by: str | None = None
    """The id of the item of the same kind that states what replaced this one after ``until``."""

    def texts(self) -> tuple[str, ...]:
        """The fields that carry citations."""
        return (self.why,) if self.why else ()


SectionKind = Literal[
    "summary", "background", "key-facts", "legal-case", "legal-duty", "international", "responses",
    "questions", "asks", "further-reading", "opening", "personal", "points", "supply-chain",
    "exposure", "reputation", "reply", "deadline",
]  # fmt: skip


@dataclass(frozen=True)
class SectionPlan:
    """One section of a kind of document, in order."""

    kind: SectionKind
    """What the section holds; ``assemble`` knows how to fill each kind."""
    at: Location = field(default=Location(""), compare=False)
    """Where it is defined (set by the loader)."""
    where: dict[str, Location] = field(default_factory=dict, compare=False, repr=False)
    """Where each key is (set by the loader; the campaign file's line for a key it sets)."""
    heading: str | None = None
    """Its heading (briefings); letters usually leave it out."""
    text: str | None = None
    """Fixed wording for the section (an opening or a reply request); ``{recipient}``,
    ``{organisation}``, ``{constituency}``, ``{deadline}`` and ``{date}`` are filled in, and
    ``{issue}`` from the campaign file."""
    variants: tuple[str, ...] = ()
    """Other wordings of ``text``; a brief with a ``variant`` (a letter in a batch) picks one."""
    limit: int | None = None
    """At most this many items (points, responses, asks, questions)."""
    topics: tuple[str, ...] = ()
    """Only items on these topics (empty: the brief's topics)."""
    joins: tuple[str, ...] = ()
    """Letters: wording that joins each point after the first to the one before, e.g.
    ``In addition,`` or ``I have also read that`` (taken in turn; a letter in a batch starts at a
    place its variant chooses). Without joins each point stands as its own paragraph."""


@dataclass(frozen=True)
class DocumentPlan:
    """How one kind of document (briefing or letter) is built for an audience."""

    sections: tuple[SectionPlan, ...]
    """The sections, in order."""
    max_pages: int = 2
    """The length budget in pages (a letter stays within two)."""
    max_points: int = 8
    """At most this many talking points in the whole document."""
    subtitle: str | None = None
    """A line under a briefing's title."""


@dataclass(frozen=True)
class Audience:
    """An audience profile: how to address it, what to say, what to ask."""

    id: AudienceId
    """The profile's id, e.g. ``mp``, ``minister``, ``company`` or ``constituent`` (the profiles
    shipped with the tool) or a library's own."""
    label: str
    """What the audience is, e.g. ``Minister of the Crown``."""
    register: Literal["formal", "professional", "personal"]
    """The tone: formal (ministers, MPs), professional (companies), personal (constituents)."""
    documents: dict[str, DocumentPlan]
    """Plans by document kind: ``briefing`` and/or ``letter``."""
    at: Location = field(default=Location(""), compare=False)
    """Where it is defined."""
    where: dict[str, Location] = field(default_factory=dict, compare=False, repr=False)
    """Where each key is (set by the loader), so problems point at the very line."""
    salutation: str = "Dear {name},"
    """The opening line; ``{name}`` and ``{role}`` come from the brief's recipient."""
    closing: str = "Yours sincerely,"
    """The sign-off."""
    default_asks: tuple[str, ...] = ()
    """Ask ids used when a brief names none."""
    response_days: int | None = None
    """Days allowed for a reply, printed as a date (companies): 1 to ``MAX_RESPONSE_DAYS``."""
    description: str | None = None
    """Notes for editors on this audience."""


@dataclass(frozen=True)
class LibraryFile:
    """One YAML file of the library; each key is optional."""

    references: tuple[Source, ...] = ()
    """Sources in CSL YAML (the format pandoc's ``--bibliography`` and Zotero use)."""
    topics: tuple[Topic, ...] = ()
    """Topics."""
    points: tuple[Point, ...] = ()
    """Talking points."""
    arguments: tuple[Argument, ...] = ()
    """Legal arguments."""
    responses: tuple[Response, ...] = ()
    """Responses to anticipate."""
    asks: tuple[Ask, ...] = ()
    """Asks."""
    audiences: tuple[Audience, ...] = ()
    """Audience profiles."""
    offices: tuple[Office, ...] = ()
    """Offices and their holders, for the ``{office:ID@YYYY-MM-DD}`` markup and briefs addressed
    by office."""


@dataclass(frozen=True)
class Library:
    """Everything loaded from a library folder, by id."""

    root: str
    """The folder it was loaded from."""
    sources: dict[str, Source]
    """Sources by id."""
    topics: dict[str, Topic]
    """Topics by id."""
    points: dict[str, Point]
    """Points by id, in file order."""
    arguments: dict[str, Argument]
    """Arguments by id."""
    responses: dict[str, Response]
    """Responses by id."""
    asks: dict[str, Ask]
    """Asks by id."""
    audiences: dict[str, Audience]
    """Audience profiles by id."""
    offices: dict[str, Office] = field(default_factory=dict)
    """Offices by id."""
    campaign: Campaign | None = None
    """The campaign file (``library/campaign.yaml``): its name, issue and declared roles; None when
    the library has none (then its audiences are only its own)."""
    brand: Brand | None = None
    """The brand (``brand.yaml``), when the library has one."""
    broken: dict[str, dict[str, Location]] = field(default_factory=dict)
    """Ids of entries that were written but could not be read (their own errors are reported), by
    the top-level key they are under (``audiences``, ``topics``...), each with where its first
    error is: a reference to one is not also reported as unknown."""

    @functools.cached_property
    def ordinary_words(self) -> frozenset[str]:
        """Words the library's wording writes in lower case somewhere: a sentence that starts with
        one of them may follow a joining phrase in lower case ("In addition, witnesses said"),
        while one that starts with a name keeps its capital. Made once per library."""
        texts = [
            *(t for p in self.points.values() for t in (p.claim, p.text, *p.phrasings)),
            *(t for a in self.arguments.values() for t in (a.title, a.conclusion, a.rule.text)),
            *(t for r in self.responses.values() for t in (r.position, r.rebuttal)),
            *(t for a in self.asks.values() for t in (a.ask, a.why or "", a.question or "", *a.phrasings)),
        ]
        # An office markup's id ("uk-foreign-secretary") is not wording, nor a citation's source id
        # ("bbc-2021-amnesty-report" would make "Amnesty" an ordinary word).
        wording = (without_citations(without_offices(text)) for text in texts)
        return frozenset(w for text in wording for w in _WORDS.findall(text) if w.islower())

    @functools.cached_property
    def csl_sources(self) -> dict[str, dict[str, Any]]:
        """Every source as CSL JSON by id (what the cite stage reads), made once per library."""
        return {source_id: source.csl() for source_id, source in self.sources.items()}

    @functools.cached_property
    def predecessors(self) -> dict[str, tuple[str, ...]]:
        """For each id that items name in ``superseded_by``, the ids of those items, in library order
        (points, arguments, responses and asks share one namespace); made once per library."""
        found: dict[str, list[str]] = {}
        for table in (self.points, self.arguments, self.responses, self.asks):
            for item in table.values():
                if item.superseded_by is not None:
                    found.setdefault(item.superseded_by, []).append(item.id)
        return {successor: tuple(ids) for successor, ids in found.items()}
