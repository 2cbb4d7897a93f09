"""The people file of a mail merge: one constituent per CSV row, and the example generator.

In: a CSV file (UTF-8, a byte-order mark tolerated) whose header names the columns in ``COLUMNS``.
Out: ``Row`` records with every value kept exactly as written (``01234`` stays text), and
``Recipient`` / sender details checked row by row: each bad row becomes ``Problem``s located
``FILE.csv:LINE: column: message`` (LINE is the line the record starts on; the header is line 1),
while a bad header stops everything with an ``AdvocateError``.
"""

from __future__ import annotations

import csv
import io
import random
import re
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from advocate.brief import Person
from advocate.errors import AdvocateError, Location, Problem
from advocate.schema import control_character_problem

COLUMNS: tuple[str, ...] = (
    "name",
    "address1",
    "address2",
    "address3",
    "town",
    "postcode",
    "email",
    "representative",
    "representative_title",
    "constituency",
    "topics",
    "personal",
)
"""The columns a people file may have, in the order the README documents them."""

REQUIRED: tuple[str, ...] = ("name", "address1", "postcode", "representative", "constituency")
"""Columns every row must fill."""

MAX_PERSONAL = 5000
"""The longest personal paragraph accepted, in characters."""
MAX_FIELD = 200
"""The longest value accepted in any other column, in characters."""

PARLIAMENT_ADDRESS: tuple[str, ...] = ("House of Commons", "London", "SW1A 0AA")
"""Where a representative is written to when the brief's recipient gives no address."""

_WHAT = {
    "name": "the constituent's name",
    "address1": "the first line of the constituent's address",
    "postcode": "the constituent's postcode",
    "representative": "the representative's name",
    "constituency": "the constituency",
}
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


@dataclass(frozen=True)
class Row:
    """One record of the people file, as written."""

    line: int
    """The line of the file the record starts on (the header is line 1)."""
    values: dict[str, str]
    """Every known column, exactly as written (a column the file lacks is ``""``)."""
    extra: int = 0
    """How many values the record has beyond the header's columns (an error)."""


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


def read_people(path: Path, label: str | None = None) -> list[Row]:
    """The rows of a people file; an ``AdvocateError`` for an unreadable file or a bad header.

    Blank records (every value empty, as spreadsheets leave at the end) are left out. A record with
    more values than the header has columns is kept, counting the extra ones for ``check_row``.
    """
    return read_table(path, COLUMNS, REQUIRED, label, "people file")


def read_table(
    path: Path, columns: Sequence[str], required: Sequence[str], label: str | None = None, kind: str = "file"
) -> list[Row]:
    """The rows of a CSV file whose header names some of ``columns`` (``required`` among them), as
    ``read_people`` reads a people file: values as written, each row located by its line."""
    name = label or str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise AdvocateError(f"{name}: cannot read the {kind}: {exc.strerror or exc}") from exc
    try:
        text = data.decode("utf-8-sig", "surrogatepass")  # a lone surrogate is named with its column
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise AdvocateError(
            [Problem(Location(name, line), f"expected UTF-8 text, got byte 0x{data[exc.start]:02X}")]
        ) from exc
    return list(_records(text, name, columns, required))


def _records(text: str, name: str, known: Sequence[str], required: Sequence[str]) -> Iterator[Row]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        if header is None:
            raise AdvocateError(
                [Problem(Location(name), "expected a header line naming the columns, got nothing")]
            )
        columns = _check_header(header, name, known, required)
        previous = reader.line_num
        for record in reader:
            start, previous = previous + 1, reader.line_num
            if not any(value.strip() for value in record):
                continue
            values = dict.fromkeys(known, "")
            values.update(zip(columns, record, strict=False))
            yield Row(start, values, max(0, len(record) - len(columns)))
    except csv.Error as exc:
        raise AdvocateError([Problem(Location(name, reader.line_num), f"malformed CSV: {exc}")]) from exc


def _check_header(header: list[str], name: str, known: Sequence[str], required: Sequence[str]) -> list[str]:
    at = Location(name, 1)
    columns = [h.strip().lower() for h in header]
    problems: list[Problem] = []
    expected = ", ".join(known)
    seen: set[str] = set()
    for position, column in enumerate(columns, start=1):
        if not column:
            problems.append(Problem(at, f"column {position} has no name; expected one of: {expected}"))
        elif column not in known:
            problems.append(
                Problem(at, f"unknown column {header[position - 1]!r}; expected one of: {expected}")
            )
        elif column in seen:
            problems.append(Problem(at, f"column {column!r} appears twice"))
        seen.add(column)
    for column in required:
        if column not in seen:
            problems.append(Problem(at, f"missing required column {column!r}"))
    if problems:
        raise AdvocateError(problems)
    return columns


def check_row(
    row: Row, name: str, topics: Collection[str], default_address: tuple[str, ...] = PARLIAMENT_ADDRESS
) -> tuple[Constituent | None, list[Problem]]:
    """The row as a ``Constituent``, or None with every problem found in it.

    ``topics`` are the library's topic ids; ``default_address`` is the representative's postal address.
    """
    at = Location(name, row.line)
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
    what = _WHAT[column] if column in REQUIRED else None
    limit = MAX_PERSONAL if column == "personal" else MAX_FIELD
    problem = field_problem(value, what, limit, one_line=column != "personal")
    if problem:
        return problem
    if column == "email" and value and not _EMAIL.fullmatch(value):
        return f"expected an email address such as name@example.org, got {value!r}"
    return None


def field_problem(value: str, what: str | None, limit: int = MAX_FIELD, one_line: bool = True) -> str | None:
    """What is wrong with a value a person typed, or None: nothing given when ``what`` (what is
    expected) is set, more than ``limit`` characters, a control character, or, when ``one_line``, a
    line break or tab. Shared by the people file and the web app's forms."""
    if what and not value.strip():
        return f"expected {what}, got nothing"
    if len(value) > limit:
        return f"expected at most {limit} characters, got {len(value)}"
    problem = control_character_problem(value)
    if problem:
        return problem
    if one_line:
        brk = re.search(r"[\r\n\t]", value)
        if brk:
            return f"expected one line, got a line break or tab at offset {brk.start()}"
    return None


# --------------------------------------------------------------------------- the example generator

_GIVEN = (
    "Amira", "Ben", "Chloe", "Dev", "Eilidh", "Femi", "Grace", "Hamza", "Isla", "Jonah", "Kiran", "Leah",
    "Marek", "Nadia", "Owen", "Priya", "Quinn", "Rosa", "Sami", "Tamsin", "Umar", "Vera", "Wyn", "Yusuf",
)  # fmt: skip
_FAMILY = (
    "Abbott", "Byrne", "Chowdhury", "Dlamini", "Evans", "Fraser", "Gallagher", "Hughes", "Iqbal",
    "Jenkins", "Kowalski", "Lindqvist", "Mensah", "Nowak", "O'Neill", "Patel", "Reid", "Santos",
    "Thompson", "Usman", "Vaughan", "Whitfield",
)  # fmt: skip
_STREETS = ("Sample Lane", "Example Road", "Placeholder Street", "Fictional Close", "Test Avenue", "Mock Row")
_PLACES = (
    ("Exampleton", "EX"), ("Sampleford", "SF"), ("Fictionbury", "FB"), ("Placeholder Vale", "PV"),
    ("Testmouth", "TM"), ("Mockington", "MK"),
)  # fmt: skip
_MEMBERS = (
    "Alex Placeholder",
    "Jordan Example",
    "Robin Sample",
    "Casey Fictional",
    "Morgan Testworth",
    "Sky Mockley",
)
_TOPICS = (
    "detention", "torture", "forced-labour", "family-separation", "birth-prevention", "surveillance",
    "sexual-violence", "individual-cases", "recognition", "sanctions", "uyghur-tribunal", "deaths-in-custody",
)  # fmt: skip
"""Topics of the bundled library the generator draws on."""
_OPENERS = (
    "I have lived in {town} for {years} years and I have never written to an MP before.",
    "My {relative} first told me about the camps in Xinjiang, and I have read a great deal since.",
    "I teach at a school in {town}, and my pupils asked me questions about the Uyghurs I could not answer.",
    "Last month I went to a talk in {town} given by a Uyghur woman whose brother has disappeared.",
    "I run a small business near {town} and I worry about what is in the goods we buy.",
    "As a {faith} I believe we cannot look away from what is being done to the Uyghurs.",
    "I am a nurse, and what I have read about the treatment of detainees has stayed with me for weeks.",
)
_MIDDLES = (
    "I do not think I could face my {relative} if I said nothing.",
    "The accounts of families torn apart are what troubles me most.",
    "I was shocked to learn how little the UK has done so far.",
    "It seems to me that this is exactly the kind of issue on which Parliament should lead.",
    "Friends in {town} feel the same way, and several of us have decided to write.",
    "I find it hard to understand why this gets so little attention.",
)
_CLOSERS = (
    "I would like to know where you stand.",
    "Please do not let this be forgotten.",
    "I hope you will take this seriously.",
    "I am grateful for anything you can do.",
    "I will be following what you say on this closely.",
)
_RELATIVES = ("daughter", "son", "grandmother", "neighbour", "sister", "colleague")
_FAITHS = ("Christian", "Muslim", "Jew", "humanist", "Quaker")


def example_people(n: int, seed: int) -> list[dict[str, str]]:
    """``n`` plainly fictional rows (every column of ``COLUMNS``), the same for the same ``seed``.

    About a third carry a personal paragraph built from a few sentence templates; most choose one
    to four topics of the bundled library.
    """
    rng = random.Random(seed)
    rows: list[dict[str, str]] = []
    for i in range(n):
        town, area = rng.choice(_PLACES)
        given, family = rng.choice(_GIVEN), rng.choice(_FAMILY)
        topics = rng.sample(_TOPICS, rng.randint(1, 4)) if rng.random() < 0.85 else []
        personal = ""
        if rng.random() < 1 / 3:
            slots = {"town": town, "years": rng.randint(2, 40), "relative": rng.choice(_RELATIVES)}
            slots["faith"] = rng.choice(_FAITHS)
            personal = " ".join([rng.choice(_OPENERS), rng.choice(_MIDDLES), rng.choice(_CLOSERS)]).format(
                **slots
            )
        rows.append(
            {
                "name": f"{given} {family}",
                "address1": f"{rng.randint(1, 240)} {rng.choice(_STREETS)}",
                "address2": f"Flat {rng.randint(1, 12)}" if rng.random() < 0.2 else "",
                "address3": "",
                "town": town,
                "postcode": _postcode(rng, area),
                "email": f"{given.lower()}.{family.lower().replace(chr(39), '')}{i}@example.org"
                if rng.random() < 0.7
                else "",
                "representative": _MEMBERS[_PLACES.index((town, area))],
                "representative_title": "MP",
                "constituency": town,
                "topics": ";".join(topics),
                "personal": personal,
            }
        )
    return rows


def _postcode(rng: random.Random, area: str) -> str:
    return f"{area}{rng.randint(1, 9)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJ')}{rng.choice('LNPQRSTU')}"


def write_people(path: Path, rows: list[dict[str, str]]) -> Path:
    """Write ``rows`` as a people file with every column (for tests, the bench and examples)."""
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")
    return path
