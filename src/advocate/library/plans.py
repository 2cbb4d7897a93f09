"""Audience profiles: how a kind of document is planned, section by section, for one audience.

In: nothing (definitions). Out: ``Audience`` (with its ``DocumentPlan`` and ``SectionPlan``) that
``library.load`` fills from a file's ``audiences``, ``audiences`` from the shipped profiles and
``library.campaign`` from a campaign's own, and that ``assemble`` follows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from advocate.errors import Location

AudienceId = str

MAX_RESPONSE_DAYS = 366
"""The most days an audience may allow for a reply: a deadline, the document's date plus these, then
stays inside the calendar for every date the tool accepts (``schema.DATES``)."""

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
