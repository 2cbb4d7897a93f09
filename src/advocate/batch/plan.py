"""Plan a batch: the base brief and a people file checked, each good row made into a letter to write.

In: the base brief's path, the people CSV, the library and templates folders, the formats and the
column mapping. Out: a ``Batch`` (one ``Letter`` per good row, with its file stem, brief and the hash
of every input it depends on, and every bad row's problems), nothing written.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from advocate import __version__
from advocate.brief import FORMATS, Brief, Format, load_brief
from advocate.constituents import PARLIAMENT_ADDRESS, check_row
from advocate.errors import AdvocateError, Location, Problem
from advocate.library.campaign import letters_role
from advocate.library.check import load_checked_library
from advocate.library.load import library_files
from advocate.library.models import Library, key_location
from advocate.people import ColumnMap, read_people
from advocate.personalise import (
    Office,
    office_key,
    personal_brief,
    record_number,
    row_content,
)
from advocate.render.templates import search_path
from advocate.write import safe_name


@dataclass(frozen=True)
class Letter:
    """One row's letter, ready for a worker: where it goes and the brief that makes it."""

    row: int
    """The line of the people file the row starts on (where its problems are located)."""
    stem: str
    """The file name without extension, e.g. ``0007-jane-smith``."""
    digest: str
    """The hash of every input of this letter (row, brief, library, templates, formats, version)."""
    brief: Brief
    """The base brief with the row's people, topics, personal paragraph and variant."""
    number: int = 0
    """The row's record number (``people.Row.number``), which names its files."""
    office: str = ""
    """The office the letter goes to (``personalise.office_key``): letters to one office stay apart."""


@dataclass(frozen=True)
class Batch:
    """A people file checked against a base brief: the letters to make and the rows that failed."""

    brief: Brief
    """The base brief."""
    letters: tuple[Letter, ...]
    """One per good row, in file order."""
    problems: tuple[Problem, ...]
    """Every problem of every bad row, located ``FILE.csv:ROW: column``."""
    formats: tuple[Format, ...]
    """The formats each letter is written in."""
    library: Library
    """The checked library."""
    warnings: tuple[Problem, ...] = ()
    """What the people file has that the tool leaves out (its columns the tool does not use), and
    each office whose letters the library cannot keep apart."""


def plan_batch(
    brief_path: Path,
    people_csv: Path,
    library_dir: Path = Path("library"),
    templates_dir: Path | None = None,
    formats: Sequence[Format] | None = None,
    columns: Sequence[ColumnMap] = (),
) -> Batch:
    """Load the library and the base brief, read and check every row, and hash each letter's inputs.

    ``columns`` maps the people file's headers onto the tool's columns, over the brief's ``columns:``."""
    library = load_checked_library(library_dir)
    base = base_brief(brief_path, library)
    chosen = tuple(dict.fromkeys(formats or base.formats))
    for fmt in chosen:
        if fmt not in FORMATS:
            raise AdvocateError(f"--format: expected {' or '.join(FORMATS)}, got {fmt!r}")
    label = str(people_csv)
    given = f"{key_location(base, 'columns')}: columns"
    mapping = {column: ColumnMap(column, header, given) for column, header in base.columns.items()}
    mapping.update((entry.column, entry) for entry in columns)
    rows, warnings = read_people(people_csv, label, tuple(mapping.values()))
    batch_key = _batch_key(brief_path, library_dir, templates_dir, chosen)
    address = base.recipient.address or PARLIAMENT_ADDRESS
    letters: list[Letter] = []
    problems: list[Problem] = []
    offices: dict[str, Office] = {}
    for row in rows:
        constituent, row_problems = check_row(row, label, library.topics, address)
        problems.extend(row_problems)
        if constituent is None:
            continue
        stem = letter_stem(record_number(row), constituent.sender.name)
        office = office_key(constituent)
        brief = personal_brief(library, base, constituent, row, stem, offices.setdefault(office, Office()))
        # the choice depends on the rows before this one to the same office: it is an input too
        choice = f"{brief.variant} {' '.join(brief.include)}"
        digest = hashlib.sha256(f"{batch_key}\n{row_content(row)}\n{choice}".encode()).hexdigest()
        letters.append(Letter(row.line, stem, digest, brief, record_number(row), office))
    for chosen_for in offices.values():
        advice = chosen_for.advice()
        if advice is not None:
            warnings.append(Problem(Location(label), advice, severity="warning"))
    return Batch(base, tuple(letters), tuple(problems), chosen, library, tuple(warnings))


def parse_formats(text: str) -> tuple[Format, ...]:
    """``docx,pdf`` as formats; an ``AdvocateError`` naming anything else."""
    known = {fmt: fmt for fmt in FORMATS}
    chosen: list[Format] = []
    for item in (part.strip().lower() for part in text.split(",")):
        if item not in known:
            raise AdvocateError(f"--format: expected docx, pdf or docx,pdf, got {item!r}")
        chosen.append(known[item])
    return tuple(dict.fromkeys(chosen))


def letter_stem(row: int, name: str) -> str:
    """The file name of a row's letter without extension: its record number, then the name, e.g.
    ``0007-jane-smith``; only letters, digits, ``_`` and ``-``, so it cannot leave its folder."""
    words = re.findall(r"\w+", unicodedata.normalize("NFKC", name).casefold())
    slug = "-".join(words)[:60].strip("-_") or "letter"
    return safe_name(f"{row:04d}-{slug}")


def base_brief(path: Path, library: Library) -> Brief:
    """The base brief at ``path``: a letter for the campaign's letters role, else an ``AdvocateError``."""
    audience = letters_role(library)
    brief, problems = load_brief(path, library)
    errors = [p for p in problems if p.severity == "error"]
    if errors or brief is None:
        raise AdvocateError(errors or [Problem(Location(str(path)), "expected a brief")])
    if brief.kind != "letter" or brief.audience != audience:
        raise AdvocateError(
            [
                Problem(
                    Location(str(path)),
                    f"expected a brief with kind: letter and audience: {audience} for a batch of "
                    f"{audience} letters, got kind: {brief.kind} and audience: {brief.audience}",
                )
            ]
        )
    return brief


def _batch_key(
    brief_path: Path, library_dir: Path, templates_dir: Path | None, formats: tuple[Format, ...]
) -> str:
    """The hash of every input shared by the batch's letters."""
    digest = hashlib.sha256()
    digest.update(f"advocate {__version__}\nformats {','.join(formats)}\n".encode())
    digest.update(f"SOURCE_DATE_EPOCH {os.environ.get('SOURCE_DATE_EPOCH', '')}\n".encode())
    digest.update(b"brief\n" + brief_path.read_bytes())
    _hash_files(digest, "library", library_dir, library_files(library_dir))
    for folder in search_path(templates_dir):
        files = sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []
        _hash_files(digest, "templates", folder, files)
    return digest.hexdigest()


def _hash_files(digest: Any, what: str, root: Path, files: Sequence[Path]) -> None:
    for path in files:
        data = path.read_bytes()
        digest.update(f"{what} {path.relative_to(root).as_posix()} {len(data)}\n".encode())
        digest.update(data)
