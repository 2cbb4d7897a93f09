"""The DOCX as LibreOffice lays it out has the PDF's pages: for every example brief (built through
``advocate.build``), a letter has as many pages in both formats and a briefing is within one page,
and the DOCX is never over the document's ``max_pages`` when the PDF is within it. One ``soffice``
run converts every DOCX (the examples and a parity sample), so LibreOffice starts once.

Generic on purpose: the examples' wording and length change; these rules must hold for any.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path

import pytest
from pypdf import PdfReader

from advocate.build import build, default_briefs
from advocate.render.docx import render_docx
from advocate.render.pdf import render_pdf
from advocate.render.templates import search_path
from examples import BRIEFS, REPO, example_documents, libreoffice_pdfs
from sample_documents import parity_briefing

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")


def pages(pdf: Path) -> int:
    return len(PdfReader(str(pdf)).pages)


def pdf_text(pdf: Path) -> str:
    result = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, timeout=60
    )
    return result.stdout


@pytest.fixture(scope="module")
def laid_out(tmp_path_factory: pytest.TempPathFactory) -> Mapping[str, tuple[Path, Path]]:
    """By name: (the PDF from WeasyPrint, the DOCX as LibreOffice prints it)."""
    out = tmp_path_factory.mktemp("built")
    build(default_briefs(BRIEFS), REPO / "library", out, formats=("docx", "pdf"))
    parity = parity_briefing()
    (out / "parity-briefing.docx").write_bytes(render_docx(parity, search_path()))
    (out / "parity-briefing.pdf").write_bytes(render_pdf(parity, search_path()))
    converted = libreoffice_pdfs(sorted(out.glob("*.docx")), out / "lo", tmp_path_factory.mktemp("profile"))
    return {name: (out / f"{name}.pdf", lo) for name, lo in converted.items()}


@pytest.mark.parametrize("name", list(example_documents()))
def test_the_docx_has_the_pdfs_pages(name: str, laid_out: Mapping[str, tuple[Path, Path]]) -> None:
    document = example_documents()[name]
    pdf, docx = (pages(path) for path in laid_out[name])
    if document.kind == "letter":
        assert docx == pdf, f"{name}: the letter is {pdf} pages as PDF but {docx} as DOCX"
    else:
        assert abs(docx - pdf) <= 1, f"{name}: the briefing is {pdf} pages as PDF but {docx} as DOCX"
    if document.max_pages is not None and pdf <= document.max_pages:
        assert docx <= document.max_pages, (
            f"{name}: {docx} DOCX pages, over the budget of {document.max_pages}"
        )


def test_libreoffice_numbers_lists_as_the_pdf_does(laid_out: Mapping[str, tuple[Path, Path]]) -> None:
    """Questions then asks: each list from 1; the single ask outside a list unnumbered."""
    items = ("Will the Minister act?", "When?", "Sanction the officials.", "Publish the review.")
    for path in laid_out["parity-briefing"]:
        lines = [" ".join(line.split()) for line in pdf_text(path).splitlines()]
        numbers = [next(line.split(" ")[0] for line in lines if item in line) for item in items]
        assert numbers == ["1.", "2.", "1.", "2."], path.name
        assert "Meet the campaign." in lines, path.name  # no number before it


def test_a_letters_signature_is_never_alone_on_its_page(laid_out: Mapping[str, tuple[Path, Path]]) -> None:
    for name, document in example_documents().items():
        if document.kind != "letter" or document.closing is None:
            continue
        for path in laid_out[name]:
            last = pdf_text(path).split("\f")[-2 if pdf_text(path).endswith("\f") else -1]
            body = [line for line in last.splitlines() if line.strip()]
            closing = next(i for i, line in enumerate(body) if document.closing in line)
            assert closing > 0, f"{path.name}: the closing opens its page"
            assert document.sender.name in "\n".join(body[closing:]), path.name
