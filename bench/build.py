"""Benchmark: build every example brief, and compare with pandoc doing the same job.

Run: ``make bench`` (or ``.venv/bin/python bench/build.py``). Prints, for the bundled briefs:
- the time advocate takes to build all of them (DOCX alone, and DOCX and PDF), and per document, the
  way ``advocate build`` does (each document fitted to its page budget);
- for the same content, the time pandoc takes to produce a DOCX with ``--citeproc`` (a peer a staffer
  might use instead), per document, measured in the same process and run;
- the ratio of pandoc's time to advocate's DOCX time (above 1 means advocate is faster).

No timing is asserted anywhere; these figures are for people to read.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pypandoc

from advocate.assemble import assemble
from advocate.build import default_briefs, load_briefs, prepare
from advocate.cite import load_style
from advocate.document import BulletList, Citation, Document, Paragraph, Text
from advocate.library.check import load_checked_library
from advocate.render.docx import render_docx
from advocate.render.templates import search_path

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 5


def to_markdown(document: Document) -> str:
    """The assembled (uncited) document as pandoc markdown with the same citations."""
    lines = [f"# {document.title}", ""]
    for section in document.sections:
        if section.heading:
            lines += [f"## {section.heading}", ""]
        for block in section.blocks:
            items = block.items if isinstance(block, BulletList) else (block,)
            for item in items:
                prefix = "- " if isinstance(block, BulletList) else ""
                lines += [prefix + _paragraph(item), ""]
    return "\n".join(lines)


def _paragraph(paragraph: Paragraph) -> str:
    out = []
    for run in paragraph.runs:
        if isinstance(run, Text):
            out.append(f"*{run.text}*" if run.italic else run.text)
        elif isinstance(run, Citation):
            cites = "; ".join(f"@{c.source}" + (f", {c.pinpoint}" if c.pinpoint else "") for c in run.cites)
            out.append(f"[{cites}]")
    return "".join(out)


def best_of(rounds: int, job: object) -> float:
    """The fastest of ``rounds`` runs of ``job()``, in seconds."""
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        job()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    library = load_checked_library(ROOT / "library")
    briefs = load_briefs(default_briefs(ROOT / "briefs"), library)
    folders = search_path(None)
    sources = list(library.csl_sources.values())

    def ours_docx() -> None:  # as `advocate build --format docx`: fitted to the budget, then DOCX
        for brief in briefs:
            render_docx(prepare(library, brief, folders, pdf=False).document, folders)

    def ours_both() -> None:  # as `advocate build`: the PDF is the layout that fitted the budget
        for brief in briefs:
            prepared = prepare(library, brief, folders)
            render_docx(prepared.document, folders)
            assert prepared.pdf is not None

    ours_docx()  # warm: forms, templates and fonts are built once per process
    docx_time = best_of(ROUNDS, ours_docx)
    both_time = best_of(ROUNDS, ours_both)

    with tempfile.TemporaryDirectory() as tmp:
        bib = Path(tmp) / "refs.json"
        bib.write_text(json.dumps(sources), encoding="utf-8")
        inputs = []
        for brief in briefs:
            path = Path(tmp) / f"{brief.name}.md"
            fitted = prepare(library, brief, folders, pdf=False).document  # the same content as ours
            uncited = assemble(library, brief, allowed=frozenset(fitted.items))
            path.write_text(to_markdown(uncited), encoding="utf-8")
            inputs.append((path, load_style(brief.citation_style, folders).path))

        def pandoc() -> None:
            for path, csl in inputs:
                subprocess.run(
                    [pypandoc.get_pandoc_path(), str(path), "--citeproc", "--csl", str(csl),
                     "--bibliography", str(bib), "-o", str(path.with_suffix(".docx"))],
                    check=True,
                )  # fmt: skip

        pandoc_time = best_of(ROUNDS, pandoc)

    n = len(briefs)
    print(f"briefs: {n} (best of {ROUNDS} rounds, one process)")
    print(
        f"advocate DOCX only : {docx_time * 1000:8.1f} ms total, {docx_time / n * 1000:7.1f} ms per document"
    )
    print(
        f"advocate DOCX + PDF: {both_time * 1000:8.1f} ms total, {both_time / n * 1000:7.1f} ms per document"
    )
    per_doc = pandoc_time / n * 1000
    print(f"pandoc --citeproc  : {pandoc_time * 1000:8.1f} ms total, {per_doc:7.1f} ms per document")
    print(f"ratio pandoc / advocate DOCX: {pandoc_time / docx_time:5.2f}x  (above 1: advocate is faster)")
    print(f"ratio pandoc / advocate DOCX+PDF: {pandoc_time / both_time:5.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
