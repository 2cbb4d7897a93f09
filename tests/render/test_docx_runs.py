"""render.docx.runs: text arrives literally, links in text and notes, characters XML cannot carry
are refused; bold, italics, small caps and raised text as the Document marks them."""

from __future__ import annotations

import dataclasses
import io

import docx
import pytest

from advocate.document import Note, NoteRef, Paragraph, Section, Text
from advocate.errors import AdvocateError
from docx_parts import (
    NS,
    footnotes_by_id,
    part,
    render,
)
from sample_documents import sample_briefing, sample_letter

LITERAL = "Text </w:t></w:r><w:r><w:t>X stays literal & <b>escaped</b>."


def test_text_arrives_literally() -> None:
    document = docx.Document(io.BytesIO(render(sample_briefing())))
    texts = [p.text for p in document.paragraphs]
    assert LITERAL in texts
    assert "Uyghur: ئۇيغۇر; Chinese: 新疆维吾尔自治区." in texts
    assert "Uyghur genocide: briefing & notes <draft>" in texts
    assert "Briefing · Smith & Sons <Ltd>" in texts  # the kicker, in capitals by its style
    assert '20 April 2021 · Prepared by Alex O\'Brien "Jr", Campaigns Officer · alex@example.org' in texts
    paragraph = document.paragraphs[texts.index(LITERAL)]
    assert [run.text for run in paragraph.runs if run.text] == [LITERAL]
    assert not any(run.text.startswith("X") for p in document.paragraphs for run in p.runs)


def test_links_in_text_and_notes() -> None:
    url = "https://example.org/report?a=1&b=<2>"
    base = sample_letter()
    notes = (*base.notes[:4], Note(5, (Text("See "), Text("the report", url=url)), ("x",)))
    opening = Paragraph(
        (Text("Read "), Text("this", url=url), Text(" and "), Text("that", url="javascript:x"))
    )
    doc = dataclasses.replace(
        base, notes=notes, sections=(Section("intro", None, (opening,)), *base.sections)
    )
    data = render(doc)
    body = part(data, "word/document.xml")
    rel_id = body.xpath("//w:hyperlink/@r:id", namespaces=NS)
    assert len(rel_id) == 1
    rels = {r.get("Id"): r for r in part(data, "word/_rels/document.xml.rels")}
    assert rels[rel_id[0]].get("Target") == url and rels[rel_id[0]].get("TargetMode") == "External"
    note_link = footnotes_by_id(data)[5].xpath("//w:hyperlink/@r:id", namespaces=NS)
    note_rels = {r.get("Id"): r.get("Target") for r in part(data, "word/_rels/footnotes.xml.rels")}
    assert note_rels[note_link[0]] == url
    assert "that" in body.xpath("//w:t/text()", namespaces=NS)


def test_reserved_characters_in_text_are_refused() -> None:
    base = sample_letter()
    doc = dataclasses.replace(
        base, sections=(Section("x", None, (Paragraph((Text("a\ue000b"), NoteRef(1))),)),)
    )
    with pytest.raises(AdvocateError, match="U\\+E000"):
        render(doc)


@pytest.mark.parametrize("char", ["\x00", "\x0b", "\ud800", "\uffff"])
def test_characters_xml_cannot_carry_are_refused_not_dropped(char: str) -> None:
    """#3 for documents made by other callers: the loaders refuse these first, naming the field."""
    doc = dataclasses.replace(sample_letter(), title=f"Title{char}")
    with pytest.raises(AdvocateError, match=f"U\\+{ord(char):04X}"):
        render(doc)
