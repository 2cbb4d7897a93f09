"""The people file of a mail merge: one constituent per CSV row, read with limits.

In: a CSV file (UTF-8, a byte-order mark tolerated) whose header names the columns in ``COLUMNS``,
or names of its own mapped onto them (``ColumnMap``, from ``--columns`` or a brief's ``columns:``);
other columns are ignored with one warning naming them.
Out: ``Row`` records with every value kept exactly as written (``01234`` stays text), numbered by
record (which names the letters), for ``constituents.check_row`` to check row by row, while a bad
header or mapping stops everything with an ``AdvocateError`` located ``FILE.csv:1``. A record
longer than ``MAX_RECORD_CHARS`` fails alone, unparsed (``oversize_problem``); a file over
``MAX_FILE_BYTES`` is refused before more than that is read.
"""

from __future__ import annotations

import csv
import difflib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from advocate.errors import AdvocateError, Location, Problem, did_you_mean
from advocate.readfile import read_limited

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

MAX_FILE_BYTES = 64 * 1024 * 1024
"""The largest people file (or other CSV file) read, in bytes: over 100,000 full rows."""
MAX_RECORD_CHARS = 100_000
"""The longest record (one row: its values, quotes and commas) read, in characters: a row of every
column of the tool's at their limits is under 8,000; the rest leaves room for a spreadsheet's other
columns. A longer record fails alone (its letter is not written), unparsed."""

DESCRIPTIONS: dict[str, str] = {
    "name": "the constituent's name",
    "address1": "the first line of the constituent's address",
    "postcode": "the constituent's postcode",
    "representative": "the representative's name",
    "constituency": "the constituency",
}
"""What each required column holds, for messages that ask for it."""


@dataclass(frozen=True)
class Row:
    """One record of the people file, as written."""

    line: int
    """The line of the file the record starts on (the header is line 1)."""
    values: dict[str, str]
    """Every known column, exactly as written (a column the file lacks is ``""``)."""
    extra: int = 0
    """How many values the record has beyond the header's columns (an error)."""
    number: int = 0
    """The record's number, as a spreadsheet numbers its rows: the header is 1, the first data record
    2, blank records not counted, so line breaks inside quoted values and blank lines leave it alone
    (0: unknown, take ``line``)."""
    oversize: int = 0
    """The record's length in characters when it is over ``MAX_RECORD_CHARS`` (an error: it was not
    parsed, and ``values`` are all empty); 0 otherwise."""


@dataclass(frozen=True)
class ColumnMap:
    """One entry of ``--columns`` (or of a brief's ``columns:``): the file's header for a column of the
    tool's."""

    column: str
    """The tool's column, e.g. ``name``."""
    header: str
    """The file's header for it, e.g. ``Full name``."""
    given: str = "--columns"
    """Where the mapping was given, for messages: ``--columns`` or ``briefs/x.yaml:12: columns``."""


def read_people(
    path: Path, label: str | None = None, columns: Sequence[ColumnMap] = ()
) -> tuple[list[Row], list[Problem]]:
    """The rows of a people file and its warnings (one naming every column the tool does not use,
    which are ignored); an ``AdvocateError`` for an unreadable file or a bad header.

    ``columns`` maps the file's own header names onto the tool's (``name`` = ``Full name``); a
    column so mapped takes the place of any column of the file with the tool's name. Blank records
    (every value empty, as spreadsheets leave at the end) are left out. A record with more values
    than the header has columns is kept, counting the extra ones for ``check_row``.
    """
    return read_table(path, COLUMNS, REQUIRED, label, "people file", columns, ignore_unknown=True)


def read_table(
    path: Path,
    columns: Sequence[str],
    required: Sequence[str],
    label: str | None = None,
    kind: str = "file",
    mapping: Sequence[ColumnMap] = (),
    ignore_unknown: bool = False,
) -> tuple[list[Row], list[Problem]]:
    """The rows of a CSV file whose header names some of ``columns`` (``required`` among them), as
    ``read_people`` reads a people file: values as written, each row located by its line. A column
    not in ``columns`` is an error, or with ``ignore_unknown`` left out with one warning."""
    name = label or str(path)
    data = read_limited(path, MAX_FILE_BYTES, name, f"the {kind}")
    try:
        text = data.decode("utf-8-sig", "surrogatepass")  # a lone surrogate is named with its column
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise AdvocateError(
            [Problem(Location(name, line), f"expected UTF-8 text, got byte 0x{data[exc.start]:02X}")]
        ) from exc
    warnings: list[Problem] = []
    rows = list(_records(text, _Header(name, columns, required, mapping, ignore_unknown), warnings))
    return rows, warnings


@dataclass(frozen=True)
class _Header:
    """How to read a file's header: its name, the tool's columns, the required ones, the mapping."""

    name: str
    known: Sequence[str]
    required: Sequence[str]
    mapping: Sequence[ColumnMap]
    ignore_unknown: bool


def _records(text: str, how: _Header, warnings: list[Problem]) -> Iterator[Row]:
    records = _split_records(text)
    first = next(records, None)
    if first is None:
        raise AdvocateError(
            [Problem(Location(how.name), "expected a header line naming the columns, got nothing")]
        )
    if first[2]:
        message = f"expected a header line of at most {MAX_RECORD_CHARS:,} characters, got {first[2]:,}"
        raise AdvocateError([Problem(Location(how.name, 1), message)])
    header = _parse_record(first[1], how.name, 1)
    positions = _check_header(header, how, warnings)
    number = 1
    for line, raw, oversize in records:
        if oversize:
            number += 1
            yield Row(line, dict.fromkeys(positions, ""), 0, number, oversize)
            continue
        record = _parse_record(raw, how.name, line)
        if not any(value.strip() for value in record):
            continue
        number += 1
        values = {
            column: record[i] if i is not None and i < len(record) else "" for column, i in positions.items()
        }
        yield Row(line, values, max(0, len(record) - len(header)), number)


_QUOTED = r'"[^"]*(?:""[^"]*)*"'
_FIELD = rf'(?:{_QUOTED}|[^",\r\n][^,\r\n]*|)'
_RECORD = re.compile(rf"{_FIELD}(?:,{_FIELD})*(?:\r\n|\n|\r|\Z)")
"""One record of a CSV file as Python's ``csv`` reads one (excel dialect, strict): fields quoted
(``""`` for a quote, line breaks allowed) or not, separated by commas, ended by a line break."""
_LINE_END = re.compile(r"\r\n|\n|\r")


def _split_records(text: str) -> Iterator[tuple[int, str, int]]:
    """Each record of ``text``: the line it starts on, its text (empty when it is too long) and its
    length when over ``MAX_RECORD_CHARS`` (else 0). Records are found before any is parsed, so one
    too long is skipped whole, and the records after it are read as usual. A record the pattern
    cannot match (a quote left open, text after a closing quote) is taken up to its line's end, for
    the ``csv`` module to name what is wrong."""
    position, line = 0, 1
    while position < len(text):
        match = _RECORD.match(text, position)
        end = match.end() if match and match.end() > position else _line_end(text, position)
        length = end - position
        if length > MAX_RECORD_CHARS:
            yield line, "", length
        else:
            yield line, text[position:end], 0
        line += len(_LINE_END.findall(text, position, end))
        position = end


def _line_end(text: str, position: int) -> int:
    """Where the line holding ``position`` ends (after its line break)."""
    found = _LINE_END.search(text, position)
    return found.end() if found else len(text)


def _parse_record(raw: str, name: str, line: int) -> list[str]:
    """The values of one record (its text, as ``_split_records`` found it)."""
    try:
        return next(csv.reader((raw,), strict=True), [])
    except csv.Error as exc:
        raise AdvocateError([Problem(Location(name, line), f"malformed CSV: {exc}")]) from exc


def _check_header(header: list[str], how: _Header, warnings: list[Problem]) -> dict[str, int | None]:
    """Where each of the tool's columns is in the file (None: not there); an ``AdvocateError`` with
    every problem of the header and the mapping."""
    at = Location(how.name, 1)
    known = how.known
    expected = ", ".join(known)
    problems: list[Problem] = []
    positions: dict[str, int | None] = dict.fromkeys(known)
    mapped: dict[int, str] = {}
    by_header = {h.strip().casefold(): i for i, h in reversed(list(enumerate(header)))}
    for entry in how.mapping:
        unknown = unknown_column(entry.column, known)
        if unknown:
            problems.append(Problem(at, f"{entry.given}: {unknown}"))
            continue
        where = by_header.get(entry.header.strip().casefold())
        if where is None:
            heads = [h.strip() for h in header if h.strip()]
            hint = did_you_mean(entry.header.strip(), heads)
            listed = ", ".join(repr(h) for h in heads) or "none"
            problems.append(
                Problem(
                    at,
                    f"{entry.given}: {entry.column}={entry.header!r}: the file has no column "
                    f"{entry.header!r}{hint}; its columns are: {listed}",
                )
            )
        positions[entry.column] = where
        if where is not None:
            mapped[where] = entry.column
    taken = {entry.column for entry in how.mapping}
    ignored: list[str] = []
    seen: set[str] = set()
    for position, raw in enumerate(header):
        column = raw.strip().lower()
        if position in mapped:
            continue
        if column in known and column not in taken:
            if column in seen:
                problems.append(Problem(at, f"column {column!r} appears twice"))
            seen.add(column)
            positions[column] = position
        elif how.ignore_unknown:
            ignored.append(repr(raw) if column else f"column {position + 1} (no name)")
        elif not column:
            problems.append(Problem(at, f"column {position + 1} has no name; expected one of: {expected}"))
        else:
            problems.append(Problem(at, f"unknown column {raw!r}; expected one of: {expected}"))
    for column in how.required:
        if column not in seen and column not in taken:
            problems.append(Problem(at, _missing(column, header, how)))
    if ignored:
        count = "1 column" if len(ignored) == 1 else f"{len(ignored)} columns"
        warnings.append(
            Problem(
                at,
                f"ignoring {count} the tool does not use: {', '.join(ignored)}; to use one, map it onto "
                f'one of the tool\'s columns ({expected}) with --columns COLUMN="Header"',
                severity="warning",
            )
        )
    if problems:
        raise AdvocateError(problems + warnings)
    return positions


def unknown_column(column: str, known: Sequence[str] = COLUMNS) -> str | None:
    """The message for a name on the left of ``--columns`` (or in a brief's ``columns:``) that is
    not one of the tool's columns, with a "did you mean"; None when it is one."""
    if column in known:
        return None
    return f"unknown column {column!r}{did_you_mean(column, known)}; expected one of: {', '.join(known)}"


def parse_columns(text: str, given: str = "--columns") -> tuple[ColumnMap, ...]:
    """``name=Full name,postcode="Post code"`` as ``ColumnMap``s (a header with a comma in quotes);
    an ``AdvocateError`` for an item without ``=``, an unknown column of the tool's, or one given
    twice."""
    maps: list[ColumnMap] = []
    problems: list[str] = []
    rest = text.strip()
    while rest:
        match = _COLUMN_ITEM.match(rest)
        if match is None:
            item = rest.split(",", 1)[0].strip()
            problems.append(f'expected COLUMN="Header" (e.g. name="Full name"), got {item!r}')
            rest = rest.split(",", 1)[1] if "," in rest else ""
            continue
        column = match["column"].strip().lower()
        header = next(v for v in (match["double"], match["single"], match["plain"]) if v is not None).strip()
        rest = rest[match.end() :]
        message = unknown_column(column) or ("" if header else f"expected a header name after {column}=")
        if any(m.column == column for m in maps):
            message = f"column {column!r} is mapped twice"
        if message:
            problems.append(message)
        else:
            maps.append(ColumnMap(column, header, given))
    if problems:
        raise AdvocateError([Problem(Location(given), p) for p in problems])
    return tuple(maps)


_COLUMN_ITEM = re.compile(
    r"""\s*(?P<column>[^=,]+?)\s*=\s*(?:"(?P<double>[^"]*)"|'(?P<single>[^']*)'|(?P<plain>[^,]*))\s*(?:,|$)"""
)


def _missing(column: str, header: list[str], how: _Header) -> str:
    """A required column missing: what to do (with the file's closest header as the example)."""
    if not how.ignore_unknown:
        return f"missing required column {column!r}"
    heads = [h.strip() for h in header if h.strip() and h.strip().lower() not in how.known]
    close = difflib.get_close_matches(column, heads, n=1, cutoff=0.5)
    example = close[0] if close else "Header"
    return (
        f"missing required column {column!r}: add it, or name the file's column that holds "
        f'{DESCRIPTIONS.get(column, column)} with --columns {column}="{example}" (or columns: in the brief)'
    )


def oversize_problem(row: Row, name: str) -> Problem:
    """The problem of a record over ``MAX_RECORD_CHARS`` (``row.oversize``), at its line."""
    message = (
        f"expected a record of at most {MAX_RECORD_CHARS:,} characters, got {row.oversize:,} "
        f"(record {row.number}): it was not read; shorten its values"
    )
    return Problem(Location(name, row.line), message)
