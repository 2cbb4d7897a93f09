"""The library's content: topics, and the points, arguments, responses and asks documents are made of.

In: nothing (definitions). Out: the dataclasses ``library.load`` fills from a file's ``topics``,
``points``, ``arguments``, ``responses`` and ``asks``, which ``check`` tests and ``assemble`` selects.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from advocate.errors import Location
from advocate.library.plans import AudienceId

Priority = int


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
