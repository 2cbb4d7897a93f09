"""Helpers for the DOCX renderer's tests: render, read parts back, make user templates."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
from docx.text.paragraph import Paragraph as DocxParagraph
from lxml import etree

from advocate.document import Document, Note
from advocate.render.docx import render_docx
from advocate.render.templates import search_path

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"w": W, "r": R}
BODY_LOOP = [
    "{%p for section in sections %}",
    "{%p for para in section.paragraphs %}",
    "{{p para }}",
    "{%p endfor %}",
    "{%p endfor %}",
]


def render(doc: Document, folders: tuple[Path, ...] | None = None) -> bytes:
    return render_docx(doc, folders or search_path())


def part(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read(name))


def part_bytes(data: bytes, name: str = "word/document.xml") -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name)


def note_text(note: Note) -> str:
    return "".join(run.text for run in note.runs)


def footnotes_by_id(data: bytes) -> dict[int, etree._Element]:
    root = part(data, "word/footnotes.xml")
    return {int(f.get(f"{{{W}}}id")): f for f in root.iterfind("w:footnote", NS)}


def body_paragraphs(data: bytes) -> list[etree._Element]:
    return part(data, "word/document.xml").xpath("//w:body/w:p", namespaces=NS)


def text_of(element: etree._Element) -> str:
    """The text of an element, tabs as ``\\t``."""
    return "".join(
        "\t" if e.tag == f"{{{W}}}tab" else e.text or "" for e in element.iter(f"{{{W}}}t", f"{{{W}}}tab")
    )


def style_of(paragraph: etree._Element) -> str:
    found = paragraph.xpath("w:pPr/w:pStyle/@w:val", namespaces=NS)
    return str(found[0]) if found else "Normal"


def make_template(path: Path, lines: list[str], bold: bool = False) -> Path:
    """A user template: one paragraph per line (bold runs when asked)."""
    document = docx.Document()
    for line in lines:
        document.add_paragraph().add_run(line).bold = bold
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def paragraph_texts(path: Path) -> list[str]:
    """The text of every paragraph of a DOCX body in reading order, table cells included (a
    letter's letterhead is a table), tabs as ``\\t``; python-docx's ``paragraphs`` skips tables."""
    document = docx.Document(str(path))
    return [DocxParagraph(p, document).text for p in document.element.body.iter(f"{{{W}}}p")]
