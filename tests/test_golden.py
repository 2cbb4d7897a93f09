"""Golden files: the normalised DOCX parts and the PDF text of three example briefs (a briefing, a
minister letter and a constituent letter).

An intended change to the output is accepted by regenerating the files and reviewing the diff:

    make golden        # ADVOCATE_REGENERATE_GOLDEN=1 .venv/bin/pytest tests/test_golden.py
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from pypdf import PdfReader

from advocate.brief import load_briefs
from advocate.build import cited_document
from advocate.library.check import load_checked_library
from advocate.render.docx import render_docx
from advocate.render.pdf import render_pdf
from advocate.render.templates import search_path

REPO = Path(__file__).resolve().parents[1]
GOLDEN = REPO / "tests" / "golden"
BRIEFS = ["letter-to-foreign-secretary", "company-board-briefing", "constituent-letter"]
REGENERATE = os.environ.get("ADVOCATE_REGENERATE_GOLDEN") == "1"


def normalised_xml(data: bytes) -> str:
    parser = etree.XMLParser(remove_blank_text=True)
    return etree.tostring(etree.fromstring(data, parser), pretty_print=True, encoding="unicode")


def pdf_text(data: bytes) -> str:
    pages = PdfReader(io.BytesIO(data)).pages
    return "".join(f"--- page {i} ---\n{page.extract_text().strip()}\n" for i, page in enumerate(pages, 1))


def outputs(name: str) -> dict[str, str]:
    library = load_checked_library(REPO / "library")
    (brief,) = load_briefs([REPO / "briefs" / f"{name}.yaml"], library)
    folders = search_path(None)
    document = cited_document(library, brief, folders)
    with zipfile.ZipFile(io.BytesIO(render_docx(document, folders))) as docx:
        parts = {
            part: normalised_xml(docx.read(f"word/{part}")) for part in ("document.xml", "footnotes.xml")
        }
    return {**parts, "pdf.txt": pdf_text(render_pdf(document, folders))}


@pytest.mark.parametrize("name", BRIEFS)
def test_output_matches_golden_files(name: str) -> None:
    produced = outputs(name)
    folder = GOLDEN / name
    if REGENERATE:
        folder.mkdir(parents=True, exist_ok=True)
        for part, text in produced.items():
            (folder / part).write_text(text, encoding="utf-8")
    for part, text in produced.items():
        expected = (folder / part).read_text(encoding="utf-8")
        assert text == expected, f"{name}/{part} differs from the golden file; see the module docstring"
