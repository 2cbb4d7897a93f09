"""Benchmark: a batch of constituent letters (DOCX and PDF), the naive way and advocate's way.

Run: ``.venv/bin/python bench/letters.py [COUNT]`` (200 letters by default). In one process and run:

1. the naive loop, per letter: ``docxtpl.DocxTemplate`` load, ``render`` with a simple context
   (the letter's paragraphs as plain text) and ``save``, plus one WeasyPrint document written
   the plain way, ``HTML(string=...).write_pdf(stylesheets=[CSS(filename=...)])``, from the same
   HTML and ``print.css`` and with the same PDF/UA options as advocate's (so both make the same
   PDF); a second, stricter baseline row uses advocate's own ``render_pdf`` in that loop, which
   keeps the parsed stylesheet and the fonts between letters;
2. advocate's path in one process: ``render_docx`` per letter and ``render_pdf_batch`` for all;
3. the same over worker processes (a ``ProcessPoolExecutor``, about four chunks of letters a
   worker; the pool is started and warmed before the clock starts, its start-up is printed apart);
4. DOCX alone (assemble + cite + ``render_docx``): through ``build.cited_document`` per letter, and
   with the citation style and the sources read once, as a batch does;
5. choosing each letter's points and wording so that letters to one office stay apart
   (``personalise.personal_brief`` for the same rows in order, on the shipped plan, as ``advocate
   letters`` plans a batch), printed as a share of step 3's time (issue 13 allows 5%).

The letters come from the shipped library and ``briefs/constituent-letter.yaml``, one variant per
row of ``advocate.sample_people.example_people`` (plain variants when that is not there; the row's topics
come first, then the brief's), with the constituent plan allowed five points so that each letter
has five or more footnotes (here only: the library is not edited). Steps 1 to 3 render the same,
already cited documents; the PDFs of 1 and 2 are compared page by page (text). Wall-clock times, so other
work on the machine shows in them; nothing is asserted.
"""

from __future__ import annotations

import concurrent.futures as cf
import dataclasses
import io
import os
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pypdf
from docxtpl import DocxTemplate, RichTextParagraph
from weasyprint import CSS, HTML

from advocate.assemble import assemble
from advocate.brief import Brief, load_briefs
from advocate.build import cited_document
from advocate.cite import cite, load_style
from advocate.document import BulletList, Document, Paragraph, Text
from advocate.library.check import load_checked_library
from advocate.library.models import Library
from advocate.render.docx import render_docx
from advocate.render.docx.context import letterhead_view
from advocate.render.html import STYLESHEET, render_html, template_name
from advocate.render.pdf import PDF_VARIANT, render_pdf, render_pdf_batch
from advocate.render.templates import address_lines, find_template, longdate, search_path

ROOT = Path(__file__).resolve().parent.parent
COUNT = 200
WORKERS = 2
CHUNK = 32
"""The most letters a worker is given at once."""
POINTS = 5
"""Points per letter in this benchmark (the shipped constituent plan allows three)."""


# --- The letters ------------------------------------------------------------------------------------


def bench_library() -> Library:
    """The shipped library, its constituent letter allowed ``POINTS`` points (in memory only)."""
    library = load_checked_library(ROOT / "library")
    audience = library.audiences["constituent"]
    plan = audience.documents["letter"]
    sections = tuple(dataclasses.replace(s, limit=POINTS) if s.kind == "points" else s for s in plan.sections)
    plan = dataclasses.replace(plan, max_points=POINTS, sections=sections)
    audience = dataclasses.replace(audience, documents={**audience.documents, "letter": plan})
    return dataclasses.replace(library, audiences={**library.audiences, "constituent": audience})


def bench_briefs(library: Library, count: int) -> tuple[list[Brief], str]:
    """One brief per letter, and where the rows came from."""
    (base,) = load_briefs([ROOT / "briefs" / "constituent-letter.yaml"], library)
    try:
        from advocate.constituents import check_row
        from advocate.people import Row
        from advocate.sample_people import example_people
    except ImportError:
        return _plain_variants(base, count), "plain variants of the brief"
    briefs = []
    for i, values in enumerate(example_people(count, seed=2021, topics=tuple(library.topics))):
        constituent, problems = check_row(Row(i + 2, values), "example", tuple(library.topics))
        if constituent is None:
            raise SystemExit(f"example row {i + 2} does not check: {problems}")
        briefs.append(
            dataclasses.replace(
                base,
                name=f"letter-{i:04d}",
                sender=constituent.sender,
                recipient=constituent.recipient,
                # the row's topics first, then the brief's, so that five points can be found
                topics=tuple(dict.fromkeys((*constituent.topics, *base.topics))),
                personal=constituent.personal,
                variant=i,
            )
        )
    return briefs, "advocate.sample_people.example_people"


def _plain_variants(base: Brief, count: int) -> list[Brief]:
    topics = list(base.topics)
    return [
        dataclasses.replace(
            base,
            name=f"letter-{i:04d}",
            variant=i,
            topics=tuple(topics[i % len(topics) :] + topics[: i % len(topics)]),
            personal=f"I am writing as constituent number {i + 1}. {base.personal or ''}",
        )
        for i in range(count)
    ]


# --- The naive loop ---------------------------------------------------------------------------------


def naive_context(doc: Document) -> dict[str, Any]:
    """What the project's letter.docx asks for, filled simply: paragraphs as plain text."""
    sections = []
    for section in doc.sections:
        paragraphs = []
        for block in section.blocks:
            for paragraph in block.items if isinstance(block, BulletList) else (block,):
                rich = RichTextParagraph()
                rich.add(_plain(paragraph))
                paragraphs.append(rich)
        sections.append({"heading": section.heading or "", "paragraphs": paragraphs})
    sender = doc.sender
    return {
        "title": doc.title,
        "date": longdate(doc.date),
        "salutation": doc.salutation or "",
        "closing": doc.closing or "",
        "sections": sections,
        "sender": {"signature": [sender.name]},
        "letterhead": letterhead_view(doc),
        "recipient": {"lines": address_lines(doc.recipient)},
    }


def _plain(paragraph: Paragraph) -> str:
    return "".join(run.text for run in paragraph.runs if isinstance(run, Text))


def naive_docx(doc: Document, template: Path) -> bytes:
    docx = DocxTemplate(template)
    docx.render(naive_context(doc))
    buffer = io.BytesIO()
    docx.save(buffer)
    return buffer.getvalue()


def naive_pdf(doc: Document, folders: Sequence[Path]) -> bytes:
    """One WeasyPrint document, the plain way: the stylesheet read and parsed for this letter."""
    html = render_html(doc, folders, embed_css=False)
    base = find_template(template_name(doc), folders).parent.as_uri() + "/"
    stylesheet = CSS(filename=str(find_template(STYLESHEET, folders)))
    data: bytes = HTML(string=html, base_url=base).write_pdf(
        stylesheets=[stylesheet], pdf_variant=PDF_VARIANT, pdf_tags=True
    )
    return data


def naive(
    docs: Sequence[Document],
    folders: Sequence[Path],
    pdf: Callable[[Document, Sequence[Path]], bytes] = naive_pdf,
) -> list[tuple[bytes, bytes]]:
    template = find_template("letter.docx", folders)
    return [(naive_docx(doc, template), pdf(doc, folders)) for doc in docs]


# --- advocate ---------------------------------------------------------------------------------------


def ours(docs: Sequence[Document], folders: Sequence[Path]) -> list[tuple[bytes, bytes]]:
    docx = [render_docx(doc, folders) for doc in docs]
    return list(zip(docx, render_pdf_batch(docs, folders), strict=True))


def _worker_start() -> None:
    """Warm a worker: imports, fonts, stylesheet and templates, as in the parent."""
    folders = search_path(None)
    library = bench_library()
    briefs, _ = bench_briefs(library, 2)
    ours([cited_document(library, brief, folders) for brief in briefs], folders)


def _job(docs: list[Document]) -> list[tuple[bytes, bytes]]:
    return ours(docs, search_path(None))


def ours_parallel(pool: cf.Executor, docs: Sequence[Document]) -> list[tuple[bytes, bytes]]:
    size = chunk_size(len(docs))
    chunks = [list(docs[i : i + size]) for i in range(0, len(docs), size)]
    return [pair for result in pool.map(_job, chunks) for pair in result]


def chunk_size(count: int) -> int:
    """About four chunks a worker (so that the workers finish together), at most ``CHUNK``."""
    return max(1, min(CHUNK, -(-count // (WORKERS * 4))))


def docx_alone_cited_document(library: Library, briefs: Sequence[Brief], folders: Sequence[Path]) -> None:
    for brief in briefs:
        render_docx(cited_document(library, brief, folders), folders)


def docx_alone_prepared(library: Library, briefs: Sequence[Brief], folders: Sequence[Path]) -> None:
    style = load_style(briefs[0].citation_style, folders)
    for brief in briefs:
        doc = cite(assemble(library, brief), style)
        render_docx(doc, folders)


# --- Measuring --------------------------------------------------------------------------------------


def timed(job: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = job()
    return time.perf_counter() - start, result


def same_pages(first: bytes, second: bytes) -> bool:
    a = [p.extract_text() for p in pypdf.PdfReader(io.BytesIO(first)).pages]
    b = [p.extract_text() for p in pypdf.PdfReader(io.BytesIO(second)).pages]
    return a == b


def warm_pool(initializer: Callable[[], None]) -> tuple[cf.ProcessPoolExecutor, float]:
    """A pool of ``WORKERS`` processes, each started and warmed by ``initializer``; and how long
    that took."""
    start = time.perf_counter()
    pool = cf.ProcessPoolExecutor(WORKERS, initializer=initializer)
    list(pool.map(time.sleep, [0.2] * WORKERS * 2))  # make sure every worker is up
    return pool, time.perf_counter() - start


def main(argv: Sequence[str]) -> int:
    count = int(argv[0]) if argv else COUNT
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1639526400")  # same bytes from every process
    folders = search_path(None)
    library = bench_library()
    briefs, rows = bench_briefs(library, count)
    docs = [cited_document(library, brief, folders) for brief in briefs]
    notes = [len(doc.notes) for doc in docs]
    template = find_template("letter.docx", folders)

    ours(docs[:2], folders)  # warm this process: fonts, stylesheet, templates
    naive(docs[:1], folders)

    naive_time, naive_out = timed(lambda: naive(docs, folders))
    cached_naive_time, _ = timed(lambda: naive(docs, folders, render_pdf))
    ours_time, ours_out = timed(lambda: ours(docs, folders))
    pool, pool_start = warm_pool(_worker_start)
    with pool:
        parallel_time, parallel_out = timed(lambda: ours_parallel(pool, docs))

    naive_docx_time, _ = timed(lambda: [naive_docx(doc, template) for doc in docs])
    docx_time, _ = timed(lambda: [render_docx(doc, folders) for doc in docs])
    pdf_time, _ = timed(lambda: [render_pdf(doc, folders) for doc in docs])
    naive_pdf_time, _ = timed(lambda: [naive_pdf(doc, folders) for doc in docs])

    cited_time, _ = timed(lambda: docx_alone_cited_document(library, briefs, folders))
    prepared_time, _ = timed(lambda: docx_alone_prepared(library, briefs, folders))
    pool, _ = warm_pool(_docx_worker_start)
    with pool:
        size = chunk_size(len(briefs))
        chunks = [list(briefs[i : i + size]) for i in range(0, len(briefs), size)]
        pool_docx_time, _ = timed(lambda: list(pool.map(_docx_worker, chunks)))

    choose_time = choosing(count)

    pages = [len(pypdf.PdfReader(io.BytesIO(pdf)).pages) for _, pdf in ours_out]
    matching = sum(same_pages(a[1], b[1]) for a, b in zip(naive_out, ours_out, strict=True))
    same_parallel = sum(a == b for a, b in zip(ours_out, parallel_out, strict=True))

    def rate(seconds: float) -> str:
        return f"{count / seconds:7.1f} letters/s {seconds / count * 1000:7.1f} ms a letter"

    print(f"{count} letters from {rows}; {os.cpu_count()} CPUs; wall-clock, one run each")
    print(
        f"footnotes a letter: min {min(notes)}, median {statistics.median(notes):g}, max {max(notes)}; "
        f"PDF pages a letter: min {min(pages)}, max {max(pages)}"
    )
    print("DOCX + PDF, from the cited documents")
    print(f"  1 naive loop (docxtpl + HTML(...).write_pdf(...))     {rate(naive_time)}")
    print(f"  1b the same loop with advocate's cached render_pdf    {rate(cached_naive_time)}")
    print(f"  2 advocate, one process (render_docx + batch)         {rate(ours_time)}")
    label = f"3 advocate, {WORKERS} worker processes, chunks of {chunk_size(count)}"
    print(f"  {label:<54}{rate(parallel_time)}")
    print(f"    (starting and warming the {WORKERS} workers took {pool_start:.2f} s before that, once)")
    print(f"  ratio 2/1: {naive_time / ours_time:.2f}x   ratio 3/1: {naive_time / parallel_time:.2f}x")
    print(f"  ratio 3/1b (against the stricter loop): {cached_naive_time / parallel_time:.2f}x")
    print("The parts, one process")
    print(f"  docxtpl load/render/save (naive DOCX)                 {rate(naive_docx_time)}")
    print(f"  render_docx                                           {rate(docx_time)}")
    print(f"  render_pdf, one WeasyPrint document a letter          {rate(pdf_time)}")
    print(f"  HTML(...).write_pdf(...), the naive PDF               {rate(naive_pdf_time)}")
    print("DOCX alone: assemble + cite + render_docx")
    print(f"  through build.cited_document, one process             {rate(cited_time)}")
    print(f"  style and sources read once, one process              {rate(prepared_time)}")
    print(f"  style and sources read once, {WORKERS} workers (warm)          {rate(pool_docx_time)}")
    print("Choosing points and wording per office (personalise), one process")
    share = choose_time / parallel_time
    print(f"  personal_brief for every row, in order                {rate(choose_time)}")
    print(f"  that is {share:.1%} of step 3's time for the same letters")
    print("Checks")
    print(f"  advocate's PDFs with the naive loop's pages and text: {matching}/{count}")
    print(f"  worker outputs byte-identical to one process's: {same_parallel}/{count}")
    return 0


def choosing(count: int) -> float:
    """Seconds to choose every row's points and wording, as ``advocate letters`` plans a batch."""
    from advocate.constituents import check_row
    from advocate.people import Row
    from advocate.personalise import Office, office_key, personal_brief
    from advocate.sample_people import example_people

    library = load_checked_library(ROOT / "library")
    (base,) = load_briefs([ROOT / "briefs" / "constituent-letter.yaml"], library)
    rows = [Row(i + 2, values) for i, values in enumerate(example_people(count, seed=2021))]
    checked = [(row, check_row(row, "example", tuple(library.topics))[0]) for row in rows]
    offices: dict[str, Office] = {}
    personal_brief(library, base, *next((c, r) for r, c in checked if c is not None), "warm", Office())
    start = time.perf_counter()
    for row, constituent in checked:
        if constituent is not None:
            office = offices.setdefault(office_key(constituent), Office())
            personal_brief(library, base, constituent, row, f"letter-{row.line}", office)
    return time.perf_counter() - start


_LIBRARY: Library | None = None


def _docx_worker_start() -> None:
    global _LIBRARY
    _LIBRARY = bench_library()
    briefs, _ = bench_briefs(_LIBRARY, 2)
    docx_alone_prepared(_LIBRARY, briefs, search_path(None))


def _docx_worker(briefs: list[Brief]) -> int:
    assert _LIBRARY is not None
    docx_alone_prepared(_LIBRARY, briefs, search_path(None))
    return len(briefs)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
