"""Benchmark: build every example brief, and compare with pandoc doing the same job.

Run: ``make bench`` (or ``.venv/bin/python bench/build.py``). Prints, for the bundled briefs:
- the time advocate takes to build all of them (DOCX alone, and DOCX and PDF), and per document, the
  way ``advocate build`` does (each document fitted to its page budget);
- for the same content, the time pandoc takes to produce a DOCX with ``--citeproc`` (a peer a staffer
  might use instead), per document, measured in the same process and run;
- the ratio of pandoc's time to advocate's DOCX time (above 1 means advocate is faster), for the
  documents that fit their budget as assembled (fitting costs them nothing: the DOCX alone is not laid
  out when an estimate puts it within budget), and for all (a document over budget is laid out two or
  three times to find what to leave out, which pandoc does not attempt).

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
from advocate.brief import Brief
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
    fitted = {brief.name: prepare(library, brief, folders, pdf=False).document for brief in briefs}  # warm

    def ours_docx(brief: Brief) -> None:  # as `advocate build --format docx`: fitted, then the DOCX
        render_docx(prepare(library, brief, folders, pdf=False).document, folders)

    def ours_both(brief: Brief) -> None:  # as `advocate build`: the PDF is the layout that fitted
        prepared = prepare(library, brief, folders)
        render_docx(prepared.document, folders)
        assert prepared.pdf is not None

    rows: list[tuple[str, int, float, float, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        bib = Path(tmp) / "refs.json"
        bib.write_text(json.dumps(sources), encoding="utf-8")
        for brief in briefs:
            path = Path(tmp) / f"{brief.name}.md"
            uncited = assemble(library, brief, allowed=frozenset(fitted[brief.name].items))  # our content
            path.write_text(to_markdown(uncited), encoding="utf-8")
            csl = load_style(brief.citation_style, folders).path

            def pandoc(path: Path = path, csl: Path = csl) -> None:
                subprocess.run(
                    [pypandoc.get_pandoc_path(), str(path), "--citeproc", "--csl", str(csl),
                     "--bibliography", str(bib), "-o", str(path.with_suffix(".docx"))],
                    check=True,
                )  # fmt: skip

            docx = best_of(ROUNDS, lambda brief=brief: ours_docx(brief))
            both = best_of(ROUNDS, lambda brief=brief: ours_both(brief))
            rows.append((brief.name, len(fitted[brief.name].left_out), docx, both, best_of(ROUNDS, pandoc)))

    print(f"briefs: {len(briefs)} (best of {ROUNDS} rounds each, one process; times in ms)")
    print(f"{'brief':36} {'left out':>8} {'DOCX':>8} {'DOCX+PDF':>9} {'pandoc':>8} {'pandoc/DOCX':>12}")
    for name, left_out, docx, both, theirs in rows:
        times = f"{docx * 1000:8.1f} {both * 1000:9.1f} {theirs * 1000:8.1f}"
        print(f"{name:36} {left_out:8d} {times} {theirs / docx:11.2f}x")
    for label, chosen in (("within budget as assembled", [r for r in rows if not r[1]]), ("all", rows)):
        docx, both, theirs = (sum(r[2] for r in chosen), sum(r[3] for r in chosen), sum(r[4] for r in chosen))
        print(f"ratio pandoc / advocate DOCX, {label}: {theirs / docx:5.2f}x  (above 1: advocate is faster)")
        print(f"ratio pandoc / advocate DOCX+PDF, {label}: {theirs / both:5.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
