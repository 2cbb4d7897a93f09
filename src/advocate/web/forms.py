"""The two forms: a constituent's letter and a staff briefing, read and checked.

In: the posted form fields (``Mapping`` of name to the values sent) and the loaded ``Content``.
Out: the form as typed (to show it again) and either a ``Brief`` ready for the pipeline or the
problems, one message per field (``expected X, got Y``), shown next to that field.

A constituent's details go through the same checks as a row of a people file (``constituents.check_row``):
required values, lengths, no control characters, no line breaks outside the personal paragraph,
a plausible email address. Nothing here is stored.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from advocate.brief import Brief, Person
from advocate.constituents import PARLIAMENT_ADDRESS, check_row
from advocate.fields import field_problem
from advocate.people import COLUMNS, Row
from advocate.personalise import personal_brief, with_points
from advocate.web.content import OUTPUTS, Campaign, Content, Output, briefing_audiences, representative

_NOT_UTF8 = re.compile("[\udc80-\udcff]")
"""A byte that was not UTF-8, as ``surrogateescape`` keeps it."""

FormValues = Mapping[str, Sequence[str]]
"""The posted fields: each name with every value sent for it, in order."""

LETTER_FIELDS: tuple[str, ...] = (
    "name",
    "address1",
    "address2",
    "town",
    "postcode",
    "email",
    "representative",
    "constituency",
    "personal",
)
"""The constituent's typed fields (columns of a people file)."""
SOMEONE_ELSE = "other"
"""The representative choice meaning "not in the list: typed below"."""
BRIEFING_FIELDS: tuple[str, ...] = ("audience", "title", "prepared_by", "organisation")
"""The staff briefing's typed fields."""
FILTER_FIELDS: tuple[str, ...] = ("topic", "for", "q")
"""The library filter (kept with the briefing form so that a preview shows the same list)."""


@dataclass(frozen=True)
class Submitted:
    """A form as typed, and what it asks for."""

    values: dict[str, str]
    """Each one-value field as sent (empty when missing), to fill the form again."""
    points: tuple[str, ...]
    """The ids of the points ticked, in page order."""
    output: Output
    """What the button pressed asks for."""
    errors: dict[str, str] = field(default_factory=dict)
    """Problems found while reading the fields (before checking what they mean)."""


def read_form(form: FormValues, names: Sequence[str]) -> Submitted:
    """The fields ``names`` (one value each), the ticked ``points`` and the ``action`` button."""
    errors: dict[str, str] = {}
    values: dict[str, str] = {}
    for name in names:
        sent = list(form.get(name, ()))
        values[name] = sent[0] if sent else ""
        if len(sent) > 1:
            errors[name] = f"expected one value, got {len(sent)}"
        bad = _NOT_UTF8.search(values[name])
        if bad:  # the form parser kept the bytes as lone surrogates: refuse them, show them as U+FFFD
            errors[name] = f"expected UTF-8 text, got a byte that is not UTF-8 at offset {bad.start()}"
            values[name] = values[name].encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    points = tuple(dict.fromkeys(form.get("points", ())))
    action = (list(form.get("action", ())) or ["preview"])[0]
    output: Output = next((known for known in OUTPUTS if known == action), "preview")
    if action not in OUTPUTS:
        errors["action"] = f"expected one of the buttons {', '.join(OUTPUTS)}, got {action!r}"
    return Submitted(values, points, output, errors)


def check_letter(
    submitted: Submitted, content: Content, campaign: Campaign, offered: Sequence[str], day: dt.date
) -> tuple[Brief | None, dict[str, str]]:
    """The constituent's letter brief, or the problem with each field."""
    errors = dict(submitted.errors)
    values = dict.fromkeys(COLUMNS, "")
    values.update((name, submitted.values.get(name, "")) for name in LETTER_FIELDS)
    values["personal"] = values["personal"].replace("\r\n", "\n")
    chosen = submitted.values.get("rep", "")
    if content.representatives and chosen != SOMEONE_ELSE:
        found = representative(content, chosen)
        if found is None:
            errors["rep"] = (
                "expected a choice: one from the list, or “Someone else” with their name and "
                "constituency typed below"
            )
        else:
            values.update(representative=found.name, representative_title=found.title)
            values["constituency"] = found.constituency
    address = campaign.brief.recipient.address or PARLIAMENT_ADDRESS
    row = Row(line=1, values=values)
    constituent, problems = check_row(row, "form", content.library.topics, address)
    for problem in problems:
        if not ("rep" in errors and problem.path in ("representative", "constituency")):
            errors.setdefault(problem.path or "form", problem.message)
    room = content.library.audiences[campaign.brief.audience].documents[campaign.brief.kind].max_points
    points_problem = _points_problem(submitted.points, offered, room)
    if points_problem:
        errors["points"] = points_problem
    if errors or constituent is None:
        return None, errors
    base = dataclasses.replace(campaign.brief, date=day)
    # chosen as the mail merge chooses a row's letter (the page knows no other letters to its office)
    return personal_brief(content.library, base, constituent, row, campaign.name, points=submitted.points), {}


def check_briefing(
    submitted: Submitted, content: Content, day: dt.date
) -> tuple[Brief | None, dict[str, str]]:
    """The staff briefing's brief, or the problem with each field."""
    library = content.library
    errors = dict(submitted.errors)
    values = submitted.values
    audiences = briefing_audiences(library)
    audience = values.get("audience", "")
    if audience not in audiences:
        errors["audience"] = f"expected one of: {', '.join(audiences)}, got {audience!r}"
    for name, what in (("title", "a title"), ("prepared_by", "who prepared it"), ("organisation", None)):
        problem = field_problem(values.get(name, ""), what)
        if problem:
            errors[name] = problem
    room = library.audiences[audience].documents["briefing"].max_points if audience in audiences else 0
    points_problem = _points_problem(submitted.points, list(library.points), room or len(library.points))
    if points_problem:
        errors["points"] = points_problem
    if errors:
        return None, errors
    topics = tuple(dict.fromkeys(t for p in submitted.points for t in library.points[p].topics))
    brief = Brief(
        kind="briefing",
        audience=audience,
        title=values["title"].strip(),
        date=day,
        recipient=Person(name=library.audiences[audience].label),
        sender=Person(
            name=values["prepared_by"].strip(), organisation=values["organisation"].strip() or None
        ),
        name=f"briefing-{audience}",
        topics=topics,
    )
    return with_points(brief, submitted.points, library), {}


def _points_problem(points: Sequence[str], offered: Sequence[str], room: int) -> str | None:
    unknown = [p for p in points if p not in offered]
    if unknown:
        return f"expected points from the list shown, got {unknown[0]!r}"
    if not points:
        return f"expected at least one point ticked (at most {room}), got none"
    if len(points) > room:
        return f"expected at most {room} points ticked, got {len(points)}"
    return None
