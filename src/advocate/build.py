"""The library's front door: check a library, build briefs. The CLI and the web app call these.

In: paths (library folder, brief files, output folder, optional templates folder). Out: the files
written, or an ``AdvocateError`` carrying every problem found, before anything is written (or,
when the disk fails while writing, naming the file and the reason: each file is whole or absent).

Data flows one way: load -> check -> assemble -> cite -> render -> write. Every brief is rendered
in memory before any file is written, so a failure leaves the output folder as it was.

Page budgets: each document is fitted to its audience plan's ``max_pages`` on the PDF's page count
(``assemble.budget.fit``). When the PDF is wanted anyway, that PDF is the measurement and is written
as it is (a document within budget is rendered once). When only the DOCX is wanted, a document that
even a long estimate puts within its budget (``render.estimate``) is not laid out at all; any other,
and any document from a user's templates, is laid out as a PDF to count its pages.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from advocate.assemble import assemble
from advocate.assemble.budget import fit
from advocate.brief import FORMATS, Brief, Format, load_briefs
from advocate.cite import cite, load_style
from advocate.document import Document
from advocate.library.campaign import campaign_file, questions_role
from advocate.library.check import load_checked_library
from advocate.library.expiry import find, not_yet
from advocate.library.models import Library
from advocate.library.trust import unverified_items, unverified_note
from advocate.render.docx import render_docx
from advocate.render.estimate import estimated_pages
from advocate.render.pdf import LaidOut, lay_out, render_pdf
from advocate.render.templates import search_path
from advocate.write import check_folder, write_atomic

RENDERERS = {"docx": render_docx, "pdf": render_pdf}

Report = Callable[[str], None]
"""Where a build says what it left out to fit a budget (the CLI prints it on stderr)."""


@dataclass(frozen=True)
class Prepared:
    """One brief's cited document, fitted to its budget, and the PDF made while fitting it."""

    document: Document
    """The cited document (``left_out`` names what fitting left out)."""
    pdf: bytes | None
    """The PDF, when fitting laid the document out (reuse it: it is the same document)."""
    pages: int | None
    """The PDF's page count, when it was laid out."""


def default_briefs(briefs_dir: Path) -> list[Path]:
    """Every brief in a folder, in name order."""
    return sorted(briefs_dir.glob("*.yaml"))


def build(
    brief_paths: Sequence[Path],
    library_dir: Path,
    out_dir: Path,
    formats: Sequence[Format] | None = None,
    templates_dir: Path | None = None,
    report: Report | None = None,
) -> list[Path]:
    """Build each brief to ``out_dir/<brief-name>.<format>``; returns the files written."""
    library = load_checked_library(library_dir)
    briefs = load_briefs(brief_paths, library)
    check_folder(out_dir)  # a file where the folder should be: say so before rendering
    folders = search_path(templates_dir)
    rendered: list[tuple[str, bytes]] = []
    for brief in briefs:
        wanted = formats or brief.formats
        prepared = prepare(library, brief, folders, pdf="pdf" in wanted)
        if report is not None:
            for line in [
                *expiry_notes(library, brief, prepared.document),
                *budget_notes(brief, prepared),
                *unverified_notes(library, brief, prepared),
                *questions_notes(library, brief),
            ]:
                report(line)
        for fmt in wanted:
            data = prepared.pdf if fmt == "pdf" and prepared.pdf is not None else None
            rendered.append((f"{brief.name}.{fmt}", data or RENDERERS[fmt](prepared.document, folders)))
    return [write_atomic(out_dir, name, data) for name, data in rendered]


def prepare(library: Library, brief: Brief, folders: Sequence[Path], *, pdf: bool = True) -> Prepared:
    """Assemble, cite and fit one brief (``pdf``: the PDF is wanted, so it is always laid out and
    written from the layout that fitted)."""

    def measure(assembled: Document) -> tuple[int, float, tuple[Document, LaidOut | None]]:
        document = cite_assembled(library, brief, assembled, folders)
        if not pdf and _clearly_within(document, folders):
            return 0, 0.0, (document, None)
        laid_out = lay_out(document, folders)
        return laid_out.pages, laid_out.extent, (document, laid_out)

    fitted = fit(library, brief, measure)
    document, laid_out = fitted.measured
    if laid_out is None:
        return Prepared(document, None, None)
    return Prepared(document, laid_out.pdf() if pdf else None, laid_out.pages)


def cited_document(library: Library, brief: Brief, folders: Sequence[Path]) -> Document:
    """Assemble, cite and fit one brief: the document both renderers receive."""
    return prepare(library, brief, folders, pdf=False).document


def cite_assembled(library: Library, brief: Brief, document: Document, folders: Sequence[Path]) -> Document:
    """Number and format the notes of ``brief``'s assembled ``document`` in the brief's style."""
    return cite(document, load_style(brief.citation_style, folders))


def budget_notes(brief: Brief, prepared: Prepared) -> list[str]:
    """What fitting ``brief`` to its budget left out, and whether it is still over, as lines to show."""
    document = prepared.document
    lines = []
    if document.left_out:
        lines.append(
            f"{brief.name}: left out {len(document.left_out)} item(s) to fit {document.max_pages} "
            f"page(s): {', '.join(document.left_out)}"
        )
    if prepared.pages is not None and document.max_pages is not None and prepared.pages > document.max_pages:
        lines.append(
            f"{brief.name}: {prepared.pages} pages, over its budget of {document.max_pages}: shorten the "
            "personal text or the fixed wording, or raise max_pages in the audience's plan"
        )
    return lines


def expiry_notes(library: Library, brief: Brief, document: Document) -> list[str]:
    """The items ``brief``'s document leaves out because they are past their ``until`` on its date
    with no successor, and those it ``include``s that succeed an item still holding on its date, as
    lines to show."""
    lines = []
    if document.expired:
        listed = ", ".join(f"{item} (until {_until(library, item)})" for item in document.expired)
        lines.append(
            f"{brief.name}: left out {len(document.expired)} item(s) used past their until with no "
            f"successor on {brief.date}: {listed}"
        )
    early = [
        item_id
        for item_id in brief.include
        if (item := find(library, item_id)) is not None and not_yet(library, item, brief.date)
    ]
    if early:
        lines.append(
            f"{brief.name}: left out {', '.join(early)}: each states what followed an item that still "
            f"holds on {brief.date}"
        )
    return lines


def _until(library: Library, item_id: str) -> str:
    item = find(library, item_id)
    return str(item.until) if item is not None and item.until is not None else "?"


def unverified_notes(library: Library, brief: Brief, prepared: Prepared) -> list[str]:
    """The items of ``brief``'s document that rest only on unverified sources, as a line to show, so
    that nobody sends one without knowing (nothing when every item has a checked source)."""
    note = unverified_note(brief.name, unverified_items(library, prepared.document.items))
    return [note] if note else []


def questions_notes(library: Library, brief: Brief) -> list[str]:
    """A line when the brief's plan has a questions section that no declared role can fill."""
    plan = library.audiences[brief.audience].documents[brief.kind]
    if questions_role(library) is not None or not any(s.kind == "questions" for s in plan.sections):
        return []
    return [
        f"{brief.name}: section 'questions' left out: no audience's asks are declared as debate "
        f"questions (add `roles: questions: AUDIENCE` under `campaign:` in {campaign_file(library)})"
    ]


def _clearly_within(document: Document, folders: Sequence[Path]) -> bool:
    """Whether the document fits its budget by an estimate that errs long (the project's own
    templates only: a user's stylesheet may set larger type)."""
    if document.max_pages is None:
        return True
    own = tuple(folders) == search_path(None)
    return own and estimated_pages(document) <= document.max_pages


__all__ = ["FORMATS", "assemble", "build", "cited_document", "default_briefs", "load_briefs", "prepare"]
