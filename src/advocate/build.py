"""The library's front door: check a library, build briefs. The CLI and the web app call these.

In: paths (library folder, brief files, output folder, optional templates folder). Out: the files
written, or an ``AdvocateError`` carrying every problem found, before anything is written.

Data flows one way: load -> check -> assemble -> cite -> render -> write. Every brief is rendered
in memory before any file is written, so a failure leaves the output folder as it was.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from advocate.assemble import assemble
from advocate.brief import FORMATS, Brief, Format, load_briefs
from advocate.cite import cite, load_style
from advocate.document import Document
from advocate.library.check import load_checked_library
from advocate.library.models import Library
from advocate.render.docx import render_docx
from advocate.render.pdf import render_pdf
from advocate.render.templates import search_path
from advocate.write import write_atomic

RENDERERS = {"docx": render_docx, "pdf": render_pdf}


def default_briefs(briefs_dir: Path) -> list[Path]:
    """Every brief in a folder, in name order."""
    return sorted(briefs_dir.glob("*.yaml"))


def build(
    brief_paths: Sequence[Path],
    library_dir: Path,
    out_dir: Path,
    formats: Sequence[Format] | None = None,
    templates_dir: Path | None = None,
) -> list[Path]:
    """Build each brief to ``out_dir/<brief-name>.<format>``; returns the files written."""
    library = load_checked_library(library_dir)
    briefs = load_briefs(brief_paths, library)
    folders = search_path(templates_dir)
    rendered: list[tuple[str, bytes]] = []
    for brief in briefs:
        document = cited_document(library, brief, folders)
        for fmt in formats or brief.formats:
            rendered.append((f"{brief.name}.{fmt}", RENDERERS[fmt](document, folders)))
    return [write_atomic(out_dir, name, data) for name, data in rendered]


def cited_document(library: Library, brief: Brief, folders: Sequence[Path]) -> Document:
    """Assemble and cite one brief: the document both renderers receive."""
    return cite_assembled(library, brief, assemble(library, brief), folders)


def cite_assembled(library: Library, brief: Brief, document: Document, folders: Sequence[Path]) -> Document:
    """Number and format the notes of ``brief``'s assembled ``document`` in the brief's style."""
    return cite(document, load_style(brief.citation_style, folders))


__all__ = ["FORMATS", "build", "cited_document", "default_briefs", "load_briefs"]
