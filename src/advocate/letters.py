"""Letters at scale: one constituent letter per row of a people file, in parallel, resumable.

In: a base brief (a ``letter`` for the ``constituent`` audience), a people CSV (``advocate.people``),
the library, the templates and an output folder. Out: ``<out>/<row>-<name>.docx`` and ``.pdf`` per
row, ``<out>/manifest.json`` (what each letter used, with the hash of its inputs), optionally
``<out>/combined.pdf``, and a ``LettersReport``.

Each row becomes the base brief with the row's sender, representative, topics and own paragraph,
and a ``variant`` taken from the row, so that assembly chooses, orders and words the points
differently for each letter (``batch_similarity`` measures how differently).

Rows go to a ``concurrent.futures.Executor`` in chunks (a local process pool by default, a Dask
cluster's executor with ``--dask``); a worker loads the library and the citation forms once per
process, renders its chunk, writes every file atomically itself and appends one line per finished
letter to its own journal file (``<out>/.journal/<host>-<pid>.jsonl``, fsynced). The run ends by
compacting the journals into ``manifest.json``. A re-run skips each row whose input hash is in the
manifest (or a journal left by an interrupted run) and whose files exist, so after an interruption
nothing is lost and nothing is produced twice.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import dataclasses
import hashlib
import io
import json
import math
import os
import random
import re
import signal
import statistics
import sys
import threading
import time
import unicodedata
import zlib
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from advocate import __version__
from advocate.assemble import assemble, published_by
from advocate.brief import FORMATS, Brief, Format, load_brief
from advocate.build import Prepared, prepare
from advocate.document import Document, Paragraph, Text, paragraphs
from advocate.errors import AdvocateError, Location, Problem
from advocate.library.campaign import letters_role
from advocate.library.check import load_checked_library
from advocate.library.expiry import current, find
from advocate.library.load import library_files
from advocate.library.models import Library, key_location
from advocate.library.trust import unverified_items
from advocate.people import (
    PARLIAMENT_ADDRESS,
    ColumnMap,
    Constituent,
    Row,
    check_row,
    example_people,
    read_people,
)
from advocate.render.docx import render_docx
from advocate.render.templates import search_path
from advocate.write import host_tag, safe_name, write_atomic

MANIFEST = "manifest.json"
"""The compacted manifest, in the output folder."""
JOURNAL_DIR = ".journal"
"""Where workers append a line per finished letter while a batch runs."""
COMBINED = "combined.pdf"
"""The print-ready PDF of every letter (``--combined``)."""
CHUNK = 25
"""The most letters one task renders (their PDFs in one batch)."""

Progress = Callable[[int, int], None]
"""Called with (letters produced so far, letters to produce) as a batch runs."""


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
    """What the people file has that the tool leaves out (its columns the tool does not use)."""


@dataclass(frozen=True)
class LettersReport:
    """What a run of ``run_letters`` did."""

    written: int
    """Letters produced in this run."""
    unchanged: int
    """Letters skipped because their inputs and files were already there."""
    failed: tuple[Problem, ...]
    """The problems of the rows that were not produced."""
    manifest: Path
    """The manifest file."""
    combined: Path | None = None
    """The combined PDF, when asked for."""
    failed_rows: int = 0
    """How many rows failed (a row may have several problems)."""
    notes: tuple[str, ...] = ()
    """What the letters written left out because it was past its ``until`` on the letters' date
    with no successor, one line per item with how many letters it concerns."""
    unverified: tuple[tuple[str, int], ...] = ()
    """Each item (``point id``, ``ask id``) the batch's letters draw on that rests only on unverified
    sources, with how many letters draw on it, most first."""
    warnings: tuple[Problem, ...] = ()
    """The people file's warnings (its columns the tool does not use)."""

    def unverified_note(self) -> str | None:
        """The line to show when letters draw on items resting only on unverified sources."""
        if not self.unverified:
            return None
        listed = ", ".join(f"{item} ({_count(n, 'letter')})" for item, n in self.unverified)
        return (
            f"letters draw on {len(self.unverified)} item(s) resting only on unverified sources (no URL "
            f"and date checked): {listed}; check them against their sources before sending"
        )

    def summary(self) -> str:
        """``N letters written, M skipped (unchanged), K rows failed``."""
        return (
            f"{_count(self.written, 'letter')} written, {self.unchanged} skipped (unchanged), "
            f"{_count(self.failed_rows, 'row')} failed"
        )


@dataclass(frozen=True)
class Similarity:
    """How alike the letters of a batch are: Jaccard similarity of word 5-gram shingles of the body."""

    letters: int
    """How many letters were compared."""
    highest: float
    """The highest pairwise similarity (0 when fewer than two letters)."""
    median: float
    """The median pairwise similarity."""
    pair: tuple[str, str] | None
    """The two letters (file stems) that are most alike."""
    sampled_from: int | None = None
    """When the batch was larger than the comparison limit: how many letters it has."""

    def summary(self) -> str:
        """One line for the CLI."""
        if self.pair is None:
            return f"similarity: {self.letters} letter(s), nothing to compare"
        sample = f" (a sample of {self.letters} of {self.sampled_from})" if self.sampled_from else ""
        return (
            f"similarity of {self.letters} letters{sample}: highest {self.highest:.3f} "
            f"({self.pair[0]} and {self.pair[1]}), median {self.median:.3f}"
        )


def run_letters(
    brief_path: Path,
    people_csv: Path,
    out_dir: Path,
    formats: Sequence[Format] | None = None,
    workers: int | None = None,
    combined: bool = False,
    executor: cf.Executor | None = None,
    library_dir: Path = Path("library"),
    templates_dir: Path | None = None,
    progress: Progress | None = None,
    chunk_size: int | None = None,
    columns: Sequence[ColumnMap] = (),
) -> LettersReport:
    """Write one letter per good row of ``people_csv`` into ``out_dir``, skipping unchanged ones.

    ``executor`` runs the chunks (the caller owns it, e.g. a Dask ``Client.get_executor()``);
    without one, a process pool of ``workers`` (default: one per CPU), or with ``workers=1`` this
    process. A bad header, brief or library raises ``AdvocateError`` before anything is written; a
    bad row is reported in the result and skipped. ``columns`` maps the people file's headers onto
    the tool's columns (over the brief's ``columns:``).
    """
    if workers is not None and workers < 1:
        raise AdvocateError(f"--workers: expected a whole number of at least 1, got {workers}")
    batch = plan_batch(brief_path, people_csv, library_dir, templates_dir, formats, columns)
    if combined and "pdf" not in batch.formats:
        raise AdvocateError("--combined needs the pdf format")
    out = Path(os.path.abspath(out_dir))
    out.mkdir(parents=True, exist_ok=True)
    known = _compact(out, _manifest_header(out), _digests(_read_manifest(out)))
    todo = [letter for letter in batch.letters if not _is_current(known.get(letter.stem), letter, out)]
    unchanged = len(batch.letters) - len(todo)
    setting = _Setting(
        library_dir=os.path.abspath(library_dir),
        templates_dir=os.path.abspath(templates_dir) if templates_dir else None,
        out_dir=str(out),
        formats=batch.formats,
        people=str(people_csv),
    )
    header = {"advocate": __version__, "brief": str(brief_path), "people": str(people_csv)}
    digests = {letter.stem: letter.digest for letter in batch.letters}
    outcome = _Outcome([], [])
    try:
        _produce(todo, setting, batch.library, outcome, workers, executor, progress, chunk_size)
    finally:
        records = _compact(out, header, digests)
    combined_path = None
    if combined:
        ordered = [records[letter.stem] for letter in batch.letters if letter.stem in records]
        combined_path = _write_combined(out, ordered)
        _compact(out, {**header, "combined": _combined_entry(ordered)}, digests)
    problems = sorted((*batch.problems, *outcome.problems), key=lambda p: p.location.line)
    failed_rows = len({p.location.line for p in problems})
    unverified: Counter[str] = Counter()
    for letter in batch.letters:
        record = records.get(letter.stem, {})
        drawn = [*record.get("points", ()), *record.get("asks", ())]
        unverified.update(unverified_items(batch.library, drawn))
    return LettersReport(
        written=len(outcome.records),
        unchanged=unchanged,
        failed=tuple(problems),
        manifest=Path(out_dir) / MANIFEST,
        combined=Path(out_dir) / COMBINED if combined_path else None,
        failed_rows=failed_rows,
        notes=expiry_notes(batch.library, batch.brief, outcome.records),
        unverified=tuple(unverified.most_common()),
        warnings=batch.warnings,
    )


def expiry_notes(library: Library, base: Brief, records: Sequence[Mapping[str, Any]]) -> tuple[str, ...]:
    """One line per item that letters written in this run would have used but left out, past its
    ``until`` on their date with no successor (from the records' ``expired``)."""
    counts: dict[str, int] = {}
    for record in records:
        for item in record.get("expired", ()):
            counts[item] = counts.get(item, 0) + 1
    lines = []
    for item_id, count in counts.items():
        item = find(library, item_id)
        until = item.until if item is not None else None
        lines.append(
            f"{_count(count, 'letter')} left out {item_id}: used past its until ({until}) with no "
            f"successor on {base.date}"
        )
    return tuple(lines)


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
    base = _base_brief(brief_path, library)
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
    for row in rows:
        constituent, row_problems = check_row(row, label, library.topics, address)
        problems.extend(row_problems)
        if constituent is None:
            continue
        content = _row_content(row)
        digest = hashlib.sha256(f"{batch_key}\n{content}".encode()).hexdigest()
        stem = letter_stem(record_number(row), constituent.sender.name)
        brief = row_brief(base, constituent, stem, row_variant(row), library)
        letters.append(Letter(row.line, stem, digest, brief, record_number(row)))
    return Batch(base, tuple(letters), tuple(problems), chosen, library, tuple(warnings))


def record_number(row: Row) -> int:
    """The number that names a row's letter: its record number (the header is 1, blank records not
    counted), so line breaks inside quoted values and blank lines do not renumber the letters."""
    return row.number or row.line


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


def batch_similarity(
    brief_path: Path,
    people_csv: Path,
    library_dir: Path = Path("library"),
    templates_dir: Path | None = None,
    limit: int = 1000,
    columns: Sequence[ColumnMap] = (),
) -> Similarity:
    """How alike the batch's letters are, computed from their assembled documents (not from files);
    above ``limit`` letters, from a fixed sample of ``limit`` of them."""
    batch = plan_batch(brief_path, people_csv, library_dir, templates_dir, columns=columns)
    letters = list(batch.letters)
    sampled_from = None
    if len(letters) > limit:
        sampled_from = len(letters)
        letters = sorted(random.Random(0).sample(letters, limit), key=lambda letter: letter.row)
    documents = {letter.stem: assemble(batch.library, letter.brief) for letter in letters}
    return dataclasses.replace(similarity(documents), sampled_from=sampled_from)


def similarity(documents: Mapping[str, Document]) -> Similarity:
    """Pairwise Jaccard similarity over word 5-gram shingles of each document's body paragraphs
    (text runs only: no footnotes, addresses, salutation or closing)."""
    names = list(documents)
    shingles = [body_shingles(documents[name]) for name in names]
    best, pair, scores = 0.0, None, []
    for i in range(len(names)):
        for j in range(i + 1, len(names)):
            a, b = shingles[i], shingles[j]
            union = len(a | b)
            score = len(a & b) / union if union else 0.0
            scores.append(score)
            if pair is None or score > best:
                best, pair = score, (names[i], names[j])
    return Similarity(len(names), best, statistics.median(scores) if scores else 0.0, pair)


def body_shingles(document: Document, size: int = 5) -> frozenset[tuple[str, ...]]:
    """The word ``size``-grams of the body's text runs, lower-cased."""
    text = " ".join(_text(paragraph) for paragraph in paragraphs(document))
    words = re.findall(r"\w+", text.casefold())
    return frozenset(tuple(words[i : i + size]) for i in range(max(1, len(words) - size + 1)))


@contextlib.contextmanager
def open_executor(dask_address: str | None) -> Iterator[cf.Executor | None]:
    """A Dask cluster's executor for ``dask_address`` (closed afterwards), or None for the default
    (a local process pool that ``run_letters`` makes itself)."""
    if not dask_address:
        yield None
        return
    try:
        from distributed import Client
    except ImportError as exc:
        raise AdvocateError("--dask needs Dask: pip install 'advocate[dask]'") from exc
    try:
        client = Client(dask_address, timeout="10s")  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError) as exc:
        raise AdvocateError(f"--dask: could not reach the scheduler at {dask_address}: {exc}") from exc
    try:
        yield client.get_executor()  # type: ignore[no-untyped-call]
    finally:
        client.close()  # type: ignore[no-untyped-call]


class ProgressBar:
    """A one-line progress bar with rate and ETA, redrawn with ``\\r`` (at most ten times a second)."""

    def __init__(self, stream: IO[str] | None = None, width: int = 28) -> None:
        self.stream = stream or sys.stderr
        self.width = width
        self.started: float | None = None
        self.drawn = 0.0
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if self.started is None:
            self.started = now
        if done < total and now - self.drawn < 0.1:
            return
        self.drawn = now
        elapsed = now - self.started
        share = done / total if total else 1.0
        filled = round(self.width * share)
        rate = done / elapsed if elapsed > 0 else 0.0
        eta = _clock((total - done) / rate) if rate else "--:--"
        bar = "#" * filled + "." * (self.width - filled)
        self.stream.write(f"\r[{bar}] {done}/{total} letters {share:4.0%}  {rate:5.1f}/s  ETA {eta} ")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        """End the bar's line (if it drew anything)."""
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()
            self.shown = False


# --------------------------------------------------------------------------- planning


def _base_brief(path: Path, library: Library) -> Brief:
    brief, problems = load_brief(path, library)
    errors = [p for p in problems if p.severity == "error"]
    if errors or brief is None:
        raise AdvocateError(errors or [Problem(Location(str(path)), "expected a brief")])
    audience = letters_role(library)
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


def row_brief(base: Brief, constituent: Constituent, stem: str, variant: int, library: Library) -> Brief:
    """The base brief for one row: its people, its topics (else the brief's), its own words (the
    brief's sample paragraph is not used), and ``variant`` (from a hash of the row alone, so the
    same row makes the same letter whatever the formats or templates).

    When the row's topics hold too few points for the letters on them to differ (fewer than twice
    the letter's room), some of them, chosen by the variant, are put first (``include``: all but one
    place's worth) and the rest come from the row's and the brief's topics together. (Assembly then
    spreads a letter's points over topics, so a second point on the same topic may give way.)"""
    brief = dataclasses.replace(
        base,
        name=stem,
        sender=constituent.sender,
        recipient=constituent.recipient,
        topics=constituent.topics or base.topics,
        personal=constituent.personal,
        variant=variant,
    )
    if not constituent.topics:
        return brief
    room = library.audiences[base.audience].documents[base.kind].max_points
    own = topic_points(library, base, frozenset(constituent.topics))
    if len(own) >= 2 * room:
        return brief
    chosen = sorted(own, key=lambda point: zlib.crc32(f"{variant}:{point}".encode()))[: room - 1]
    topics = tuple(dict.fromkeys((*constituent.topics, *base.topics)))
    return dataclasses.replace(brief, topics=topics, include=tuple(dict.fromkeys((*base.include, *chosen))))


def row_variant(row: Row) -> int:
    """The letter variant of a row: a number from a hash of the row alone (its record number and
    values)."""
    return int(hashlib.sha256(_row_content(row).encode()).hexdigest()[:8], 16)


def _row_content(row: Row) -> str:
    return json.dumps([record_number(row), row.values], ensure_ascii=False, sort_keys=True)


def with_points(brief: Brief, points: Sequence[str], library: Library) -> Brief:
    """``brief`` stating exactly ``points`` and no other point (assembly still orders them): the
    letter of a constituent who ticked them. Its arguments, responses and asks are chosen as before."""
    others = tuple(point for point in library.points if point not in points)
    return dataclasses.replace(
        brief, include=tuple(points), exclude=tuple(dict.fromkeys((*brief.exclude, *others)))
    )


def topic_points(library: Library, base: Brief, topics: frozenset[str]) -> tuple[str, ...]:
    """The points a letter of ``base``'s audience and date may state on ``topics``, in library order."""
    key = (id(library), base.audience, base.date, base.exclude, topics)
    cached = _TOPIC_POINTS.get(key)
    if cached is None:
        cached = _TOPIC_POINTS[key] = tuple(
            point.id
            for point in library.points.values()
            if base.audience in point.audiences
            and topics & set(point.topics)
            and point.id not in base.exclude
            and published_by(library, point, base.date)
            and current(library, point, base.date) is point  # not past its until, not yet to come
        )
    return cached


_TOPIC_POINTS: dict[tuple[object, ...], tuple[str, ...]] = {}


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


# --------------------------------------------------------------------------- running


@dataclass(frozen=True)
class _Setting:
    """What every chunk of a batch shares (absolute paths: a worker may run elsewhere)."""

    library_dir: str
    templates_dir: str | None
    out_dir: str
    formats: tuple[Format, ...]
    people: str
    """The people file as the user named it (for the location of a row's problem)."""


@dataclass
class _Outcome:
    records: list[dict[str, Any]]
    problems: list[Problem]


def _produce(
    todo: Sequence[Letter],
    setting: _Setting,
    library: Library,
    outcome: _Outcome,
    workers: int | None,
    executor: cf.Executor | None,
    progress: Progress | None,
    chunk_size: int | None,
) -> None:
    """Render every letter of ``todo`` in chunks, in this process or on the executor."""
    total = len(todo)

    def tick(item: dict[str, Any] | Problem | None) -> None:
        if isinstance(item, Problem):
            outcome.problems.append(item)
        elif item is not None:
            outcome.records.append(item)
        if progress:
            progress(len(outcome.records) + len(outcome.problems), total)

    if not todo:
        if progress:
            progress(0, 0)
        return
    count = workers or os.cpu_count() or 1
    size = chunk_size or max(1, min(CHUNK, math.ceil(total / (1 if count == 1 else 2 * count))))
    chunks = [tuple(todo[i : i + size]) for i in range(0, total, size)]
    own = executor is None
    if own:
        _warm(setting, todo[0], library)  # forked workers inherit the library and citation forms
    if progress:
        progress(0, total)
    if executor is None and count == 1:
        for chunk in chunks:
            render_letters(setting, chunk, on_letter=tick)
        return
    if executor is None:
        executor = cf.ProcessPoolExecutor(max_workers=count, initializer=_ignore_interrupts)
    window = max(4, 2 * count)
    pending: set[cf.Future[tuple[list[dict[str, Any]], list[Problem]]]] = set()
    queue = iter(chunks)
    try:
        while True:
            for chunk in queue:
                pending.add(executor.submit(render_letters, setting, chunk))
                if len(pending) >= window:
                    break
            if not pending:
                break
            done, pending = cf.wait(pending, return_when=cf.FIRST_COMPLETED)
            for future in done:
                records, problems = future.result()
                outcome.records.extend(records)
                outcome.problems.extend(problems)
                tick(None)
    except BaseException:
        for future in pending:
            future.cancel()
        raise
    finally:
        if own:
            executor.shutdown(wait=True, cancel_futures=True)


def _ignore_interrupts() -> None:
    """Pool workers leave Ctrl-C to the parent, which lets the chunks in progress finish."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def render_letters(
    setting: _Setting,
    letters: Sequence[Letter],
    on_letter: Callable[[dict[str, Any] | Problem], None] | None = None,
) -> tuple[list[dict[str, Any]], list[Problem]]:
    """Render and write one chunk of letters (runs in a worker); returns their manifest records and
    the problems of rows that could not be made. Each letter's files are written atomically, then
    its record is appended to this process's journal."""
    context = _context(setting)
    out = Path(setting.out_dir)
    problems: list[Problem] = []
    records = []
    for letter in letters:
        prepared, problem = context.document(letter, setting.people, pdf="pdf" in setting.formats)
        if problem is not None:
            problems.append(problem)
            if on_letter:
                on_letter(problem)
            continue
        assert prepared is not None
        files = []
        for fmt in setting.formats:
            data = prepared.pdf if fmt == "pdf" else None
            data = data or render_docx(prepared.document, context.folders)
            files.append(write_atomic(out, f"{letter.stem}.{fmt}", data).name)
        record = context.record(letter, prepared, files)
        _journal(out, record)
        records.append(record)
        if on_letter:
            on_letter(record)
    return records, problems


@dataclass
class _Context:
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


_contexts: OrderedDict[tuple[str, Stamp, str | None], _Context] = OrderedDict()
_contexts_lock = threading.Lock()


def _context(setting: _Setting, library: Library | None = None) -> _Context:
    """This process's context for the setting's library (by path and file times) and templates,
    made once; ``library`` saves loading it again when the caller has just loaded it."""
    key = (setting.library_dir, _stamp(setting.library_dir), setting.templates_dir)
    with _contexts_lock:
        context = _contexts.get(key)
    if context is not None:
        return context
    library = library or load_checked_library(Path(setting.library_dir))
    folders = search_path(Path(setting.templates_dir) if setting.templates_dir else None)
    context = _Context(library, folders)
    with _contexts_lock:
        _contexts[key] = context
        while len(_contexts) > 4:
            _contexts.popitem(last=False)
    return context


def _warm(setting: _Setting, letter: Letter, library: Library) -> None:
    """Load the library and build the citation forms (one pandoc run) in this process, so that
    forked workers inherit them instead of each building its own."""
    _context(setting, library).document(letter, setting.people, pdf=False)


# --------------------------------------------------------------------------- the manifest

_journal_lock = threading.Lock()


def _journal(out: Path, record: Mapping[str, Any]) -> None:
    """Append ``record`` to this process's journal, flushed to disk. A journal this process has not
    written to yet may end in half a line (a killed process with the same id): a line break first."""
    folder = out / JOURNAL_DIR
    folder.mkdir(exist_ok=True)
    path = folder / f"{host_tag()}-{os.getpid()}.jsonl"
    line = json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n"
    with _journal_lock, path.open("a+b") as handle:
        if path not in _journals_opened:
            _journals_opened.add(path)
            if handle.tell() > 0:
                handle.seek(-1, os.SEEK_END)
                if handle.read(1) != b"\n":
                    line = "\n" + line
        handle.write(line.encode("utf-8"))
        handle.flush()
        os.fsync(handle.fileno())


_journals_opened: set[Path] = set()


def _read_manifest(out: Path) -> dict[str, dict[str, Any]]:
    """Every letter record known: the compacted manifest, then the journals of earlier runs (a
    journal's incomplete last line, from a killed process, is ignored)."""
    records: dict[str, dict[str, Any]] = {}
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        for record in data.get("letters", []):
            records[record["name"]] = record
    except (OSError, ValueError, AttributeError, KeyError, TypeError):
        pass
    for path in _journals(out):
        with contextlib.suppress(OSError):
            for line in path.read_text(encoding="utf-8").splitlines():
                with contextlib.suppress(ValueError, KeyError, TypeError):
                    record = json.loads(line)
                    records[record["name"]] = record
    return records


def _journals(out: Path) -> list[Path]:
    folder = out / JOURNAL_DIR
    return sorted(folder.glob("*.jsonl")) if folder.is_dir() else []


def _is_current(record: Mapping[str, Any] | None, letter: Letter, out: Path) -> bool:
    """Whether the letter was made from the same inputs and its files are still there."""
    if record is None or record.get("hash") != letter.digest:
        return False
    files = record.get("files") or []
    return bool(files) and all((out / safe_name(str(name))).is_file() for name in files)


def _compact(out: Path, header: Mapping[str, Any], digests: Mapping[str, str]) -> dict[str, dict[str, Any]]:
    """Fold the journals into ``manifest.json``, then remove them; returns the records by name. The
    manifest keeps the letters of this batch made from their current inputs, in row order."""
    journals = _journals(out)
    records = {
        name: record
        for name, record in _read_manifest(out).items()
        if digests.get(name) == record.get("hash")
    }
    ordered = sorted(records.values(), key=lambda r: (r.get("row", 0), r["name"]))
    previous = _manifest_header(out)
    manifest = {**header, "letters": ordered}
    if "combined" not in manifest and "combined" in previous:
        manifest["combined"] = previous["combined"]
    data = json.dumps(manifest, ensure_ascii=False, indent=1) + "\n"
    write_atomic(out, MANIFEST, data.encode("utf-8"))
    for path in journals:
        path.unlink(missing_ok=True)
    with contextlib.suppress(OSError):
        (out / JOURNAL_DIR).rmdir()
    return records


def _digests(records: Mapping[str, Mapping[str, Any]]) -> dict[str, str]:
    return {name: str(record.get("hash")) for name, record in records.items()}


def _manifest_header(out: Path) -> dict[str, Any]:
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _combined_entry(records: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    digest = hashlib.sha256("\n".join(f"{r['name']} {r['hash']}" for r in records).encode()).hexdigest()
    return {"file": COMBINED, "letters": len(records), "hash": digest}


def _write_combined(out: Path, records: Sequence[Mapping[str, Any]]) -> Path:
    """One PDF of every letter in row order (each keeps its own "Page X of Y"); rebuilt only when
    the letters in it changed."""
    target = out / COMBINED
    entry = _combined_entry(records)
    if target.is_file() and _manifest_header(out).get("combined") == entry:
        return target
    from pypdf import PdfWriter

    writer = PdfWriter()
    for record in records:
        pdf = next(name for name in record["files"] if name.endswith(".pdf"))
        writer.append(str(out / pdf))
    buffer = io.BytesIO()
    writer.write(buffer)
    return write_atomic(out, COMBINED, buffer.getvalue())


def _text(paragraph: Paragraph) -> str:
    """The paragraph's text runs (no note calls)."""
    return "".join(run.text for run in paragraph.runs if isinstance(run, Text))


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60:02d}:{rest % 60:02d}"


__all__ = [
    "Batch",
    "Letter",
    "LettersReport",
    "ProgressBar",
    "Similarity",
    "batch_similarity",
    "body_shingles",
    "example_people",
    "letter_stem",
    "open_executor",
    "parse_formats",
    "plan_batch",
    "record_number",
    "render_letters",
    "row_brief",
    "row_variant",
    "run_letters",
    "similarity",
    "topic_points",
    "with_points",
]
