"""A worker's side of a batch: render and write a chunk of letters, with what a process loads once.

In: a ``Setting`` (absolute folders and formats: a worker may run on another machine) and a chunk of
``Letter``s. Out: each letter's files written atomically, a journal line per letter, and the chunk's
manifest records and row problems. The library and template folders are loaded once per process.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from advocate.assemble import assemble
from advocate.batch.manifest import journal
from advocate.batch.plan import Letter
from advocate.batch.pool import one_letter
from advocate.brief import Format
from advocate.build import Prepared, prepare
from advocate.document import Document
from advocate.errors import Location, Problem
from advocate.library.check import load_checked_library
from advocate.library.load import library_files
from advocate.library.models import Library
from advocate.render.docx import render_docx
from advocate.render.templates import search_path
from advocate.write import write_atomic


@dataclass(frozen=True)
class Setting:
    """What every chunk of a batch shares (absolute paths: a worker may run elsewhere)."""

    library_dir: str
    templates_dir: str | None
    out_dir: str
    formats: tuple[Format, ...]
    people: str
    """The people file as the user named it (for the location of a row's problem)."""


def render_letters(
    setting: Setting,
    letters: Sequence[Letter],
    on_letter: Callable[[dict[str, Any] | Problem], None] | None = None,
) -> tuple[list[dict[str, Any]], list[Problem]]:
    """Render and write one chunk of letters (runs in a worker); returns their manifest records and
    the problems of rows that could not be made. Each letter's files are written atomically, then
    its record is appended to this process's journal."""
    context = process_context(setting)
    out = Path(setting.out_dir)
    problems: list[Problem] = []
    records = []
    for letter in letters:
        with one_letter():  # a worker whose parent has gone, or told to stop, ends here
            made = _make(context, setting, out, letter)
        if isinstance(made, Problem):
            problems.append(made)
        else:
            records.append(made)
        if on_letter:
            on_letter(made)
    return records, problems


def _make(context: Context, setting: Setting, out: Path, letter: Letter) -> dict[str, Any] | Problem:
    """One letter's files and journal line; its manifest record, or the row's problem."""
    prepared, problem = context.document(letter, setting.people, pdf="pdf" in setting.formats)
    if problem is not None:
        return problem
    assert prepared is not None
    files = []
    for fmt in setting.formats:
        data = prepared.pdf if fmt == "pdf" else None
        data = data or render_docx(prepared.document, context.folders)
        files.append(write_atomic(out, f"{letter.stem}.{fmt}", data).name)
    record = context.record(letter, prepared, files)
    journal(out, record)
    return record


@dataclass
class Context:
    """What a worker process loads once per library and templates: the library (whose CSL
    sources and citation styles are then cached for the process) and the template folders."""

    library: Library
    folders: tuple[Path, ...]

    def document(self, letter: Letter, people: str, pdf: bool) -> tuple[Prepared | None, Problem | None]:
        """The cited document fitted to its page budget (with its PDF when ``pdf``), or the row's
        problem when its topics give the letter no points."""
        brief = letter.brief
        if not self.points_of(assemble(self.library, brief)):
            topics = ", ".join(brief.topics) or "(all)"
            message = f"expected topics with points for a letter dated {brief.date}, got: {topics}"
            return None, Problem(Location(people, letter.row), message, "topics")
        return prepare(self.library, brief, self.folders, pdf=pdf), None

    def points_of(self, document: Document) -> list[str]:
        """The ids of the points the letter states, in order."""
        return [item for item in document.items if item in self.library.points]

    def asks_of(self, document: Document) -> list[str]:
        """The ids of the asks the letter makes."""
        return [item for item in document.items if item in self.library.asks]

    def record(self, letter: Letter, prepared: Prepared, files: list[str]) -> dict[str, Any]:
        """The letter's manifest entry (``pages`` when it was laid out; ``left_out``: the points
        left out to keep it within its page budget)."""
        document = prepared.document
        record: dict[str, Any] = {
            "row": letter.number or letter.row,
            "line": letter.row,
            "name": letter.stem,
            "files": files,
            "recipient": letter.brief.recipient.name,
            "constituency": letter.brief.recipient.constituency,
            "points": self.points_of(document),
            "asks": self.asks_of(document),
            "notes": len(document.notes),
            "hash": letter.digest,
        }
        if prepared.pages is not None:
            record["pages"] = prepared.pages
        if document.left_out:
            record["left_out"] = list(document.left_out)
        if document.expired:
            record["expired"] = list(document.expired)
        return record


Stamp = tuple[tuple[str, int, int], ...]


def _stamp(library_dir: str) -> Stamp:
    """The library's files with their modification times and sizes (the per-process cache key)."""
    stamp = []
    for path in library_files(Path(library_dir)):
        info = path.stat()
        stamp.append((str(path), info.st_mtime_ns, info.st_size))
    return tuple(stamp)


_contexts: OrderedDict[tuple[str, Stamp, str | None], Context] = OrderedDict()
_contexts_lock = threading.Lock()


def process_context(setting: Setting, library: Library | None = None) -> Context:
    """This process's context for the setting's library (by path and file times) and templates,
    made once; ``library`` saves loading it again when the caller has just loaded it."""
    key = (setting.library_dir, _stamp(setting.library_dir), setting.templates_dir)
    with _contexts_lock:
        context = _contexts.get(key)
    if context is not None:
        return context
    library = library or load_checked_library(Path(setting.library_dir))
    folders = search_path(Path(setting.templates_dir) if setting.templates_dir else None)
    context = Context(library, folders)
    with _contexts_lock:
        _contexts[key] = context
        while len(_contexts) > 4:
            _contexts.popitem(last=False)
    return context


def warm(setting: Setting, letter: Letter, library: Library) -> None:
    """Load the library and build the citation forms (one pandoc run) in this process, so that
    forked workers inherit them instead of each building its own."""
    process_context(setting, library).document(letter, setting.people, pdf=False)
