"""Run a batch: plan it, skip what is current, render the rest in chunks on an executor, compact.

In: the base brief, the people CSV, the output folder, formats, workers or an executor (a local
process pool by default, a Dask cluster's with ``--dask``), ``--combined``. Out: the letters and
``manifest.json`` in the output folder (through ``batch.worker`` and ``batch.manifest``), optionally
``combined.pdf``, and a ``LettersReport``. A re-run skips each row whose input hash is in the manifest
(or a journal left by an interrupted run) and whose files exist.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import math
import os
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from advocate import __version__
from advocate.batch.combined import COMBINED, combined_entry, write_combined
from advocate.batch.lock import batch_lock
from advocate.batch.manifest import MANIFEST, compact, digests, is_current, manifest_header, read_manifest
from advocate.batch.plan import Batch, Letter, plan_batch
from advocate.batch.pool import process_pool, stop_workers, terminate_as_interrupt
from advocate.batch.progress import Progress
from advocate.batch.report import LettersReport, expiry_notes
from advocate.batch.worker import Setting, render_letters, warm
from advocate.brief import Format
from advocate.errors import AdvocateError, Problem
from advocate.library.models import Library
from advocate.library.trust import unverified_items
from advocate.people import ColumnMap
from advocate.write import ensure_folder

CHUNK = 25
"""The most letters one task renders (their PDFs in one batch)."""


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
    warn: Callable[[Problem], None] | None = None,
) -> LettersReport:
    """Write one letter per good row of ``people_csv`` into ``out_dir``, skipping unchanged ones.

    ``executor`` runs the chunks (the caller owns it, e.g. a Dask ``Client.get_executor()``);
    without one, a process pool of ``workers`` (default: one per CPU), or with ``workers=1`` this
    process. A bad header, brief or library raises ``AdvocateError`` before anything is written; a
    bad row is reported in the result and skipped. ``columns`` maps the people file's headers onto
    the tool's columns (over the brief's ``columns:``). ``warn`` is given each warning of the plan
    (columns ignored, offices whose letters the library cannot keep apart) before rendering starts.
    """
    if workers is not None and workers < 1:
        raise AdvocateError(f"--workers: expected a whole number of at least 1, got {workers}")
    batch = plan_batch(brief_path, people_csv, library_dir, templates_dir, formats, columns)
    if combined and "pdf" not in batch.formats:
        raise AdvocateError("--combined needs the pdf format")
    if warn is not None:
        for warning in batch.warnings:
            warn(warning)
    ensure_folder(out_dir)
    out = Path(os.path.abspath(out_dir))
    runner = _Runner(library_dir, templates_dir, workers, executor, progress, chunk_size)
    with batch_lock(out), terminate_as_interrupt():
        return _run_locked(batch, out, brief_path, people_csv, out_dir, combined, runner)


def _run_locked(
    batch: Batch,
    out: Path,
    brief_path: Path,
    people_csv: Path,
    out_dir: Path,
    combined: bool,
    runner: _Runner,
) -> LettersReport:
    """``run_letters`` once it holds the output folder: nothing is written into it before."""
    library_dir, templates_dir = runner.library_dir, runner.templates_dir
    known = compact(out, manifest_header(out), digests(read_manifest(out)))
    todo = [letter for letter in batch.letters if not is_current(known.get(letter.stem), letter, out)]
    unchanged = len(batch.letters) - len(todo)
    setting = Setting(
        library_dir=os.path.abspath(library_dir),
        templates_dir=os.path.abspath(templates_dir) if templates_dir else None,
        out_dir=str(out),
        formats=batch.formats,
        people=str(people_csv),
    )
    header = {"advocate": __version__, "brief": str(brief_path), "people": str(people_csv)}
    hashes = {letter.stem: letter.digest for letter in batch.letters}
    outcome = _Outcome([], [])
    try:
        _produce(todo, setting, batch.library, outcome, runner)
    except BaseException as exc:
        _fold_after(exc, out, header, hashes)
        raise
    records = compact(out, header, hashes)
    combined_path = None
    if combined:
        ordered = [records[letter.stem] for letter in batch.letters if letter.stem in records]
        combined_path = write_combined(out, ordered)
        compact(out, {**header, "combined": combined_entry(ordered)}, hashes)
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


@dataclass
class _Outcome:
    records: list[dict[str, Any]]
    problems: list[Problem]


@dataclass(frozen=True)
class _Runner:
    """How a batch is run: its folders as given and where its chunks go."""

    library_dir: Path
    """The library folder."""
    templates_dir: Path | None
    """The user's templates folder, if any."""
    workers: int | None
    """Worker processes of the local pool (None: one per CPU)."""
    executor: cf.Executor | None
    """The caller's executor (Dask), or None for the local pool."""
    progress: Progress | None
    """Told of each letter made."""
    chunk_size: int | None
    """Letters per task (None: chosen from the batch's size)."""


def _fold_after(
    failure: BaseException, out: Path, header: Mapping[str, Any], hashes: Mapping[str, str]
) -> None:
    """Fold the journals into the manifest after ``failure`` stopped the batch; when that fails as
    well (the same full disk), the message keeps the first cause, then says what else failed."""
    try:
        compact(out, header, hashes)
    except AdvocateError as also:
        if isinstance(failure, AdvocateError):
            raise AdvocateError([*failure.problems, *also.problems]) from failure
        raise


def _produce(
    todo: Sequence[Letter], setting: Setting, library: Library, outcome: _Outcome, runner: _Runner
) -> None:
    """Render every letter of ``todo`` in chunks, in this process or on the executor."""
    executor, progress = runner.executor, runner.progress
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
    count = runner.workers or os.cpu_count() or 1
    size = runner.chunk_size or max(1, min(CHUNK, math.ceil(total / (1 if count == 1 else 2 * count))))
    chunks = [tuple(todo[i : i + size]) for i in range(0, total, size)]
    own = executor is None
    if own:
        warm(setting, todo[0], library)  # forked workers inherit the library and citation forms
    if progress:
        progress(0, total)
    if executor is None and count == 1:
        for chunk in chunks:
            render_letters(setting, chunk, on_letter=tick)
        return
    if executor is None:
        executor = process_pool(count)
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
                records, problems = _result(future)
                outcome.records.extend(records)
                outcome.problems.extend(problems)
                tick(None)
    except BaseException:
        for future in pending:
            future.cancel()
        if isinstance(executor, cf.ProcessPoolExecutor) and own:
            stop_workers(executor)  # not the chunks they hold: the letter in hand
        raise
    finally:
        if own:
            executor.shutdown(wait=True, cancel_futures=True)


def _result(
    future: cf.Future[tuple[list[dict[str, Any]], list[Problem]]],
) -> tuple[list[dict[str, Any]], list[Problem]]:
    """A chunk's records and problems; a worker that died (killed, out of memory) is a message."""
    try:
        return future.result()
    except cf.process.BrokenProcessPool as exc:
        raise AdvocateError(
            "a worker process ended before its letters were made (killed, or out of memory?): the "
            "letters made so far are kept; run the same command again to make the rest"
        ) from exc


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
