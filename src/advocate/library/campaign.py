"""The campaign file: what a campaign is about, its declared roles, and its own part of each profile.

In: the ``campaign:`` mapping of a library file (``library/campaign.yaml``), read by ``library.load``.
Out: the typed ``Campaign`` (a ``Library`` carries it), the audiences a library ends up with (the
profiles shipped in ``advocate.audiences``, replaced by the library's own ``audiences.yaml`` entries
of the same id, then the campaign's part merged in and ``{issue}`` filled), the problems of that
merge (each at the campaign file's line), and the two declared roles.

Merging a profile section: each key the campaign writes for a section kind (``heading``, ``text``,
``variants``, ``limit``, ``topics``, ``joins``) replaces that key of every section of that kind in
the document (a document with two sections of one kind gets the override in both); keys not
written keep the profile's value.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from advocate.errors import AdvocateError, Location, Problem, did_you_mean
from advocate.library.models import Library, key_location
from advocate.library.plans import Audience, DocumentPlan, SectionPlan

CAMPAIGN_FILE = "campaign.yaml"
"""Where a library keeps its campaign (any library file may hold the ``campaign:`` key)."""


@dataclass(frozen=True)
class Roles:
    """Which audience plays each part the tool needs: named, never assumed."""

    at: Location = field(default=Location(""), compare=False)
    """Where the roles are written (set by the loader)."""
    where: dict[str, Location] = field(default_factory=dict, compare=False, repr=False)
    """Where each key is (set by the loader)."""
    letters: str | None = None
    """The audience whose letter the mail merge (``advocate letters``) and the web page write, e.g.
    ``constituent``."""
    questions: str | None = None
    """The audience whose asks' ``question`` become a briefing's suggested debate questions, e.g.
    ``minister``."""


@dataclass(frozen=True)
class SectionOverride:
    """The campaign's own part of every section of one kind in a document: each key written replaces
    the profile's."""

    at: Location = field(default=Location(""), compare=False)
    """Where it is written (set by the loader)."""
    where: dict[str, Location] = field(default_factory=dict, compare=False, repr=False)
    """Where each key is (set by the loader); the keys written are the ones merged."""
    heading: str | None = None
    """The section's heading."""
    text: str | None = None
    """Its fixed wording (an opening, a summary line)."""
    variants: tuple[str, ...] = ()
    """Other wordings of ``text`` for letters in a batch (``[]`` drops the profile's)."""
    limit: int | None = None
    """At most this many items."""
    topics: tuple[str, ...] = ()
    """The topics that feed the section."""
    joins: tuple[str, ...] = ()
    """Wording joining each point to the one before (letters)."""


@dataclass(frozen=True)
class DocumentOverride:
    """The campaign's own part of one kind of document (briefing or letter) of a profile."""

    at: Location = field(default=Location(""), compare=False)
    """Where it is written (set by the loader)."""
    where: dict[str, Location] = field(default_factory=dict, compare=False, repr=False)
    """Where each key is (set by the loader)."""
    subtitle: str | None = None
    """The line under a briefing's title."""
    max_pages: int | None = None
    """The length budget in pages."""
    max_points: int | None = None
    """At most this many talking points."""
    sections: dict[str, SectionOverride] = field(default_factory=dict)
    """By section kind (``summary``, ``opening``...): merged into the profile's sections of that kind."""


@dataclass(frozen=True)
class AudienceOverride:
    """The campaign's own part of one audience profile."""

    at: Location = field(default=Location(""), compare=False)
    """Where it is written (set by the loader)."""
    where: dict[str, Location] = field(default_factory=dict, compare=False, repr=False)
    """Where each key is (set by the loader)."""
    default_asks: tuple[str, ...] = ()
    """Ask ids used when a brief names none."""
    salutation: str | None = None
    """The opening line; ``{name}`` and ``{role}`` come from the brief's recipient."""
    closing: str | None = None
    """The sign-off."""
    response_days: int | None = None
    """Days allowed for a reply, printed as a date."""
    briefing: DocumentOverride | None = None
    """The campaign's part of the profile's briefing."""
    letter: DocumentOverride | None = None
    """The campaign's part of the profile's letter."""


@dataclass(frozen=True)
class Campaign:
    """One campaign: its name, its issue, its roles and its own part of each audience profile."""

    name: str
    """The campaign's short name, e.g. ``River pollution`` (for what names the campaign: pages, metadata)."""
    issue: str
    """What the campaign is about, as it reads after "act on": fills ``{issue}`` in the profiles'
    wording, e.g. ``the pollution of our rivers``."""
    at: Location = field(default=Location(""), compare=False)
    """Where the campaign is written (set by the loader)."""
    where: dict[str, Location] = field(default_factory=dict, compare=False, repr=False)
    """Where each key is (set by the loader)."""
    roles: Roles = field(default_factory=Roles)
    """Which audience writes the letters and which asks become debate questions."""
    audiences: dict[str, AudienceOverride] = field(default_factory=dict)
    """The campaign's own part of each profile, by profile id."""


_AUDIENCE_KEYS = ("default_asks", "salutation", "closing", "response_days")
_DOCUMENT_KEYS = ("subtitle", "max_pages", "max_points")
_SECTION_KEYS = ("heading", "text", "variants", "limit", "topics", "joins")


def campaign_audiences(
    campaign: Campaign | None,
    profiles: Mapping[str, Audience],
    own: Mapping[str, Audience],
    broken: Collection[str] = (),
) -> tuple[dict[str, Audience], list[Problem]]:
    """The audiences of a library: the shipped ``profiles`` (given when the library has a campaign
    file), each replaced by the library's ``own`` entry of its id, and its other own ones; with the
    ``campaign``'s part merged in and ``{issue}`` filled; and the problems of the merge. An own entry
    that could not be read (its id in ``broken``) replaces its profile too: what names it is counted,
    not checked, and the campaign's part of it is left alone (one mistake, one error)."""
    audiences = {key: a for key, a in {**profiles, **own}.items() if key not in broken}
    if campaign is None:
        return audiences, []
    problems: list[Problem] = []
    for audience_id, override in campaign.audiences.items():
        audience = audiences.get(audience_id)
        if audience is None and audience_id in broken:
            continue
        if audience is None:
            hint = did_you_mean(audience_id, audiences)
            message = (
                f"unknown audience profile {audience_id!r}{hint}; expected one of: {', '.join(audiences)}"
            )
            problems.append(Problem(override.at, message, f"campaign.audiences.{audience_id}"))
            continue
        audiences[audience_id] = _merge_audience(audience, override, problems)
    issue = campaign.issue.replace("{", "{{").replace("}", "}}")  # the wording is filled by str.format
    return {key: _fill_issue(audience, issue) for key, audience in audiences.items()}, problems


def _merge_audience(audience: Audience, override: AudienceOverride, problems: list[Problem]) -> Audience:
    changes: dict[str, Any] = {key: getattr(override, key) for key in _AUDIENCE_KEYS if key in override.where}
    documents = dict(audience.documents)
    for kind in ("briefing", "letter"):
        part: DocumentOverride | None = getattr(override, kind)
        if part is None:
            continue
        plan = documents.get(kind)
        path = f"campaign.audiences.{audience.id}.{kind}"
        if plan is None:
            message = (
                f"audience {audience.id!r} has no {kind} to add to; "
                f"expected one of its documents: {', '.join(documents) or 'none'}"
            )
            problems.append(Problem(override.where[kind], message, path))
            continue
        documents[kind] = _merge_document(plan, part, path, problems)
    where = {**audience.where, **{key: override.where[key] for key in changes}}
    return dataclasses.replace(audience, documents=documents, where=where, **changes)


def _merge_document(
    plan: DocumentPlan, part: DocumentOverride, path: str, problems: list[Problem]
) -> DocumentPlan:
    changes: dict[str, Any] = {key: getattr(part, key) for key in _DOCUMENT_KEYS if key in part.where}
    kinds = list(dict.fromkeys(section.kind for section in plan.sections))
    for kind, section in part.sections.items():
        if kind not in kinds:
            message = (
                f"expected a section kind of this document ({', '.join(kinds)}), "
                f"got {kind!r}{did_you_mean(kind, kinds)}"
            )
            problems.append(Problem(section.at, message, f"{path}.sections.{kind}"))
    sections = tuple(
        _merge_section(s, part.sections[s.kind]) if s.kind in part.sections else s for s in plan.sections
    )
    return dataclasses.replace(plan, sections=sections, **changes)


def _merge_section(section: SectionPlan, part: SectionOverride) -> SectionPlan:
    changes = {key: getattr(part, key) for key in _SECTION_KEYS if key in part.where}
    where = {**section.where, **{key: part.where[key] for key in changes}}
    return dataclasses.replace(section, where=where, **changes)


def _fill_issue(audience: Audience, issue: str) -> Audience:
    """``audience`` with ``{issue}`` in its wording replaced by the campaign's issue."""

    def fill(text: str | None) -> str | None:
        return text.replace("{issue}", issue) if text else text

    def fill_all(texts: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(t.replace("{issue}", issue) for t in texts)

    documents = {
        kind: dataclasses.replace(
            plan,
            subtitle=fill(plan.subtitle),
            sections=tuple(
                dataclasses.replace(
                    s, heading=fill(s.heading), text=fill(s.text), variants=fill_all(s.variants),
                    joins=fill_all(s.joins),
                )
                for s in plan.sections
            ),
        )
        for kind, plan in audience.documents.items()
    }  # fmt: skip
    return dataclasses.replace(
        audience,
        documents=documents,
        salutation=fill(audience.salutation) or audience.salutation,
        closing=fill(audience.closing) or audience.closing,
    )


def role_problems(library: Library) -> Iterator[Problem]:
    """Each declared role must name an audience the library has (with a did-you-mean)."""
    campaign = library.campaign
    if campaign is None:
        return
    for role in ("letters", "questions"):
        name: str | None = getattr(campaign.roles, role)
        if (
            name is not None
            and name not in library.audiences
            and name not in library.broken.get("audiences", {})
        ):
            hint = did_you_mean(name, library.audiences)
            at = campaign.roles.where.get(role, campaign.roles.at)
            yield Problem(at, f"unknown audience {name!r}{hint}", f"campaign.roles.{role}")


def issue_problems(library: Library) -> Iterator[Problem]:
    """Without a campaign, an audience of the library's own whose wording says ``{issue}`` has
    nothing to fill it with: one error per audience, saying where the issue is written."""
    if library.campaign is not None or campaign_broken(library):
        return
    for audience in library.audiences.values():
        wording = [audience.salutation, audience.closing] + [
            text
            for plan in audience.documents.values()
            for s in plan.sections
            for text in (plan.subtitle or "", s.heading or "", s.text or "", *s.variants, *s.joins)
        ]
        if any("{issue}" in text for text in wording):
            message = (
                "the wording says {issue}, but the library has no campaign to fill it: add "
                f"`campaign:` with `name:` and `issue:` in {campaign_file(library)}"
            )
            yield Problem(key_location(audience, "documents"), message, f"audiences.{audience.id}")


def campaign_broken(library: Library) -> bool:
    """Whether a campaign was written that could not be read (its errors are reported where they
    are; what it would have declared is not also reported missing)."""
    return "campaign" in library.broken


def campaign_file(library: Library) -> str:
    """How the campaign file is named in messages: where the campaign is written, else where it goes."""
    if library.campaign is not None and library.campaign.at.file:
        return library.campaign.at.file
    return f"{library.root.rstrip('/')}/{CAMPAIGN_FILE}"


def declared_letters_role(library: Library) -> str | None:
    """The audience the campaign declares writes its letters (a person's own, in their own name);
    None when none is declared."""
    return library.campaign.roles.letters if library.campaign is not None else None


def letters_role(library: Library) -> str:
    """The audience whose letter the mail merge and the web page write; an AdvocateError naming the
    campaign file and the key to add when no campaign declares it."""
    name = declared_letters_role(library)
    if name is None or name not in library.audiences:
        where = Location(campaign_file(library))
        message = (
            "no audience writes the campaign's letters: add `roles: letters: AUDIENCE` under `campaign:` "
            "(the audience whose letter the mail merge and the web page write, e.g. constituent)"
        )
        raise AdvocateError([Problem(where, message, "campaign.roles.letters")])
    return name


def questions_role(library: Library) -> str | None:
    """The audience whose asks become suggested debate questions; None when none is declared."""
    return library.campaign.roles.questions if library.campaign is not None else None
