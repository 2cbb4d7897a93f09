"""Word is stricter than LibreOffice: every DOCX passes the OOXML schema and semantic checks of
``openxml-audit`` (what Word would repair or refuse), for every example brief and sample document."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from openxml_audit import OpenXmlValidator

from advocate.document import Document
from advocate.render.docx import render_docx
from advocate.render.templates import search_path
from examples import example_documents
from sample_documents import branded, parity_briefing, sample_briefing, sample_letter

SAMPLES = {
    "sample-briefing": sample_briefing,
    "sample-letter": sample_letter,
    "parity-briefing": parity_briefing,
    "branded-briefing": lambda: branded(sample_briefing()),
    "branded-letter": lambda: branded(sample_letter()),
}


def documents() -> dict[str, Document]:
    return {**{name: make() for name, make in SAMPLES.items()}, **example_documents()}


def audit(data: bytes, path: Path) -> list[str]:
    path.write_bytes(data)
    result = OpenXmlValidator(max_errors=50).validate(path)
    return [str(error) for error in result.errors]


@pytest.mark.parametrize("name", [*SAMPLES, *example_documents()])
def test_every_docx_passes_the_ooxml_audit(name: str, tmp_path: Path) -> None:
    document = documents()[name]
    errors = audit(render_docx(document, search_path()), tmp_path / f"{name}.docx")
    assert errors == [], "\n".join(errors)


def test_the_audit_catches_what_word_refuses(tmp_path: Path) -> None:
    """The check itself: properties out of schema order are an error."""
    data = render_docx(sample_letter(), search_path())
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            content = src.read(item)
            if item.filename == "word/document.xml":
                content = content.replace(
                    b'<w:pStyle w:val="Closing"/>', b'<w:jc w:val="left"/><w:pStyle w:val="Closing"/>', 1
                )
            dst.writestr(item, content)
    assert audit(out.getvalue(), tmp_path / "broken.docx")
