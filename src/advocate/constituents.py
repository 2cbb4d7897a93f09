"""Checking a row of a people file: who writes, to whom, on what, in their own words.

In: a ``people.Row`` (as read, every value as written), the library's topic ids and the
representative's postal address.
Out: a ``Constituent`` (sender and recipient ``Person``s, topics, the personal paragraph), or every
problem of the row located ``FILE.csv:LINE: column: message``.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from advocate.brief import Person
from advocate.errors import Location, Problem
from advocate.fields import MAX_FIELD, field_problem
from advocate.people import COLUMNS, DESCRIPTIONS, REQUIRED, Row, oversize_problem

MAX_PERSONAL = 5000
"""The longest personal paragraph accepted, in characters."""

PARLIAMENT_ADDRESS: tuple[str, ...] = ("House of Commons", "London", "SW1A 0AA")
"""Where a representative is written to when the brief's recipient gives no address."""

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


@dataclass(frozen=True)
class Constituent:
    """A checked row: who writes, to whom, on what, in their own words."""

    line: int
    """The row's line in the file."""
    sender: Person
    """The constituent: name, address lines (postcode last), email, constituency."""
    recipient: Person
    """The representative: name with title (``Jane Doe MP``), constituency, address."""
    topics: tuple[str, ...]
    """Topic ids the constituent chose (empty: the brief's)."""
    personal: str | None
    """Their own paragraph, exactly as written; None when they gave none."""


def check_row(
    row: Row, name: str, topics: Collection[str], default_address: tuple[str, ...] = PARLIAMENT_ADDRESS
) -> tuple[Constituent | None, list[Problem]]:
    """The row as a ``Constituent``, or None with every problem found in it.

    ``topics`` are the library's topic ids; ``default_address`` is the representative's postal address.
    """
    at = Location(name, row.line)
    if row.oversize:
        return None, [oversize_problem(row, name)]
    values = row.values
    problems: list[Problem] = []
    if row.extra:
        problems.append(Problem(at, f"expected one value per column of the header, got {row.extra} more"))
    for column in COLUMNS:
        message = _value_problem(column, values[column])
        if message:
            problems.append(Problem(at, message, column))
    chosen = tuple(t.strip() for t in values["topics"].split(";") if t.strip())
    for topic in chosen:
        if topic not in topics:
            problems.append(
                Problem(at, f"unknown topic {topic!r}; expected one of: {', '.join(topics)}", "topics")
            )
    if problems:
        return None, problems
    address = tuple(
        values[c] for c in ("address1", "address2", "address3", "town", "postcode") if values[c].strip()
    )
    title = values["representative_title"].strip()
    recipient_name = f"{values['representative']} {title}" if title else values["representative"]
    constituency = values["constituency"]
    sender = Person(
        name=values["name"], address=address, email=values["email"] or None, constituency=constituency
    )
    recipient = Person(name=recipient_name, constituency=constituency, address=default_address)
    personal = values["personal"] if values["personal"].strip() else None
    return Constituent(row.line, sender, recipient, chosen, personal), []


def _value_problem(column: str, value: str) -> str | None:
    what = DESCRIPTIONS[column] if column in REQUIRED else None
    limit = MAX_PERSONAL if column == "personal" else MAX_FIELD
    problem = field_problem(value, what, limit, one_line=column != "personal")
    if problem:
        return problem
    if column == "email" and value and not _EMAIL.fullmatch(value):
        return f"expected an email address such as name@example.org, got {value!r}"
    return None
