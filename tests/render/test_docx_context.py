"""render.docx.context: paragraphs, lists and styles as the template sees them; numbering and
keep-together rules that make the DOCX read like the PDF."""

from __future__ import annotations

import dataclasses

from advocate.document import BulletList, Paragraph, Section, Text
from docx_parts import (
    NS,
    part,
    render,
    text_of,
)
from sample_documents import sample_briefing, sample_letter


def test_letter_blocks_come_through() -> None:
    paragraphs = part(render(sample_letter()), "word/document.xml").xpath("//w:p", namespaces=NS)
    texts = [text_of(p) for p in paragraphs]
    for expected in (
        "Smith & Sons <Ltd>",  # the letterhead (a table)
        "The Rt Hon Jane Doe MP\t10 December 2021",  # the date at a right tab on the first line
        "Foreign, Commonwealth & Development Office",
        "Xinjiang: the UK's duty to prevent genocide",
        "Dear Foreign Secretary,",
        "Sanction the officials.",
        "Yours sincerely,",
        'Alex O\'Brien "Jr"',
        "Campaigns Officer",
    ):
        assert expected in texts
    assert not any("{" in text or "None" in text for text in texts)


def test_each_numbered_list_starts_at_one() -> None:
    base = sample_briefing()
    extra = Section("asks", "Asks", (BulletList((Paragraph((Text("Act now."),), "ask"),), numbered=True),))
    data = render(dataclasses.replace(base, sections=(*base.sections, extra)))
    body = part(data, "word/document.xml")
    num_ids = body.xpath("//w:p[w:pPr/w:pStyle/@w:val='Ask']/w:pPr/w:numPr/w:numId/@w:val", namespaces=NS)
    assert len(num_ids) == 1
    numbering = part(data, "word/numbering.xml")
    start = numbering.xpath(
        f"w:num[@w:numId='{num_ids[0]}']/w:lvlOverride/w:startOverride/@w:val", namespaces=NS
    )
    assert start == ["1"]
