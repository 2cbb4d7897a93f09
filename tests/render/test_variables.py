"""The README lists every variable the HTML and DOCX templates receive: adding one to a render context
(or a field to a view) without listing it fails here."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from advocate.render.brand import Heading
from advocate.render.docx.context import (
    Builder,
    LetterheadView,
    ParagraphView,
    PartyView,
    SectionView,
    context,
)
from advocate.render.html import html_context
from advocate.render.variables import DOCX_VARIABLES, HTML_VARIABLES, Variables, markdown
from sample_documents import branded, sample_letter

README = Path(__file__).resolve().parents[2] / "README.md"


def top_level(variables: Variables) -> set[str]:
    return {name.split(".")[0].split("[")[0] for name in variables}


def fields(cls: type, prefix: str) -> set[str]:
    return {f"{prefix}.{f.name}" for f in dataclasses.fields(cls)}


def test_every_html_variable_is_listed() -> None:
    assert set(html_context(branded(sample_letter()))) == top_level(HTML_VARIABLES)
    assert fields(Heading, "heading") <= set(HTML_VARIABLES)


def test_every_docx_variable_is_listed() -> None:
    assert set(context(branded(sample_letter()), Builder(None))) == top_level(DOCX_VARIABLES)
    listed = set(DOCX_VARIABLES)
    assert fields(PartyView, "sender") <= listed
    assert fields(LetterheadView, "letterhead") <= listed
    assert fields(SectionView, "sections[]") <= listed
    assert fields(ParagraphView, "sections[].paragraphs[]") <= listed


def test_the_readme_shows_the_lists() -> None:
    readme = README.read_text(encoding="utf-8")
    assert f"<!-- html-variables -->\n{markdown(HTML_VARIABLES)}\n<!-- /html-variables -->" in readme
    assert f"<!-- docx-variables -->\n{markdown(DOCX_VARIABLES)}\n<!-- /docx-variables -->" in readme
