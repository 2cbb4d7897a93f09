"""render.docx.context: paragraphs, lists and styles as the template sees them; numbering and
keep-together rules that make the DOCX read like the PDF."""

from __future__ import annotations

import dataclasses
import re
from html.parser import HTMLParser

from lxml import etree

from advocate.document import BulletList, Document, Paragraph, Section, Text
from advocate.render.html import render_html
from advocate.render.templates import search_path
from docx_parts import NS, W, body_paragraphs, part, render, style_of, text_of
from sample_documents import parity_briefing, sample_briefing, sample_letter


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


# --- One document, two formats: the DOCX says what the HTML (and so the PDF) says ----------------


def paragraph_with(data: bytes, text: str) -> etree._Element:
    found = [p for p in body_paragraphs(data) if text in text_of(p)]
    assert len(found) == 1, f"{text!r} in {len(found)} paragraphs"
    return found[0]


def num_id(paragraph: etree._Element) -> str | None:
    found = paragraph.xpath("w:pPr/w:numPr/w:numId/@w:val", namespaces=NS)
    return str(found[0]) if found else None


def style_element(data: bytes, style_id: str) -> etree._Element:
    (style,) = part(data, "word/styles.xml").xpath(f"w:style[@w:styleId='{style_id}']", namespaces=NS)
    return style


def start_of(data: bytes, num: str) -> list[str]:
    numbering = part(data, "word/numbering.xml")
    return [
        str(v)
        for v in numbering.xpath(
            f"w:num[@w:numId='{num}']/w:lvlOverride/w:startOverride/@w:val", namespaces=NS
        )
    ]


def test_questions_then_asks_each_start_at_one() -> None:
    data = render(parity_briefing())
    questions = [num_id(paragraph_with(data, t)) for t in ("Will the Minister act?", "When?")]
    asks = [num_id(paragraph_with(data, t)) for t in ("Sanction the officials.", "Publish the review.")]
    assert questions[0] == questions[1] and asks[0] == asks[1]
    assert None not in questions + asks and questions[0] != asks[0]
    assert start_of(data, str(questions[0])) == start_of(data, str(asks[0])) == ["1"]
    assert style_of(paragraph_with(data, "When?")) == "Question"
    assert style_of(paragraph_with(data, "Publish the review.")) == "Ask"


def test_a_single_ask_outside_a_list_is_numbered_in_neither_format() -> None:
    doc = parity_briefing()
    data = render(doc)
    single = paragraph_with(data, "Meet the campaign.")
    assert style_of(single) == "Ask" and num_id(single) is None
    for style_id in ("Ask", "Question"):  # the styles carry no numbering and no bold of their own
        style = style_element(data, style_id)
        assert not style.xpath(".//w:numPr | .//w:b | w:basedOn[@w:val!='Normal']", namespaces=NS)
    html = render_html(doc, search_path())
    assert '<p class="p-ask">Meet the campaign.</p>' in html
    assert not re.search(r"<(ol|li)[^>]*>\s*Meet the campaign", html)


class Bold(HTMLParser):
    """The text inside ``<strong>`` elements of the article (the notes list left out)."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.found: list[str] = []
        self.skip = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "aside" or ("class", "fn-body") in attrs:
            self.skip = True
        if tag == "strong" and not self.skip:
            self.depth += 1
            self.found.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "strong" and self.depth:
            self.depth -= 1
        if tag in ("aside", "span"):
            self.skip = False

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.found[-1] += data


STYLED_BOLD = ("Title", "Heading1", "Heading2", "Kicker", "Meta", "SignatureName", "Subject")


def docx_bold_runs(data: bytes, doc: Document) -> list[str]:
    """The text of the body's bold runs, outside the masthead and headings (styled bold by design)."""
    texts = []
    for paragraph in body_paragraphs(data):
        if style_of(paragraph) in (
            "Title",
            "Heading1",
            "Heading2",
            "Kicker",
            "Meta",
            "SignatureName",
            "Subject",
        ):
            continue
        for run in paragraph.xpath("w:r[w:rPr/w:b]", namespaces=NS):
            texts.append(text_of(run))
    return texts


def test_bold_covers_the_same_words_in_both_formats() -> None:
    doc = parity_briefing()
    bold = [run.text for p in _paragraphs(doc) for run in p.runs if isinstance(run, Text) and run.bold]
    assert bold == ["Sanction the officials."]
    assert docx_bold_runs(render(doc), doc) == bold
    parser = Bold()
    parser.feed(render_html(doc, search_path()))
    assert parser.found == bold


def _paragraphs(doc: Document) -> list[Paragraph]:
    out: list[Paragraph] = []
    for section in doc.sections:
        for block in section.blocks:
            out.extend(block.items if isinstance(block, BulletList) else (block,))
    return out


def test_numbered_paragraphs_print_their_number_hanging_in_both_formats() -> None:
    doc = parity_briefing()
    data = render(doc)
    first = paragraph_with(data, "Tiger chairs were used.")
    assert style_of(first) == "NumberedParagraph"
    assert text_of(first).startswith("1.\tTiger chairs")
    style = style_element(data, "NumberedParagraph")
    (indent,) = style.xpath("w:pPr/w:ind", namespaces=NS)
    assert indent.get(f"{{{W}}}left") == indent.get(f"{{{W}}}hanging") == "484"  # 2.2em of 11pt
    assert style.xpath("w:pPr/w:tabs/w:tab/@w:pos", namespaces=NS) == ["484"]
    html = render_html(doc, search_path())
    assert (
        '<p class="p-body numbered"><span class="pn">1.</span>Tiger chairs were <span class="nowrap">' in html
    )
    assert ".numbered { padding-left: 2.2em; text-indent: -2.2em; }" in html


def test_subheadings_are_headings_kept_with_what_follows() -> None:
    doc = parity_briefing()
    data = render(doc)
    assert style_of(paragraph_with(data, "Responses to expect")) == "Heading2"
    html = render_html(doc, search_path())
    assert '<h3 class="p-subheading">Responses to expect</h3>' in html


def test_headings_keep_with_next_and_lines_together() -> None:
    for doc in (parity_briefing(), sample_letter()):
        data = render(doc)
        for style_id in ("Heading1", "Heading2"):
            style = style_element(data, style_id)
            assert style.xpath("w:pPr/w:keepNext and w:pPr/w:keepLines", namespaces=NS)
        assert part(data, "word/styles.xml").xpath(
            "//w:style[@w:styleId='Normal']/w:pPr/w:widowControl", namespaces=NS
        )


def keeps_next(paragraph: etree._Element) -> bool:
    return bool(paragraph.xpath("w:pPr/w:keepNext", namespaces=NS))


def test_a_lead_in_line_keeps_with_its_list_in_both_formats() -> None:
    doc = parity_briefing()
    data = render(doc)
    assert keeps_next(paragraph_with(data, "I would ask the Government to:"))
    assert not keeps_next(paragraph_with(data, "Tiger chairs were used."))
    html = render_html(doc, search_path())
    assert '<p class="p-body keep-next">I would ask the Government to:</p>' in html
    assert ".keep-next { break-after: avoid; }" in html


def test_a_letters_signature_keeps_with_its_closing_and_the_last_lines() -> None:
    data = render(sample_letter())
    assert keeps_next(paragraph_with(data, "I would be grateful for a reply."))
    for style_id in ("Closing", "Signature"):
        assert style_element(data, style_id).xpath("w:pPr/w:keepNext and w:pPr/w:keepLines", namespaces=NS)
    assert style_of(paragraph_with(data, "Yours sincerely,")) == "Closing"
    assert style_of(paragraph_with(data, "Campaigns Officer")) == "Signature"
    html = render_html(sample_letter(), search_path())
    assert "break-inside: avoid; break-before: avoid;" in html  # .letter .signoff


def test_small_caps_and_raised_text_in_both_formats() -> None:
    doc = parity_briefing()
    data = render(doc)
    paragraph = paragraph_with(data, "Volume")
    assert paragraph.xpath("w:r[w:rPr/w:smallCaps]/w:t/text()", namespaces=NS) == ["xii"]
    assert paragraph.xpath("w:r[w:rPr/w:vertAlign/@w:val='superscript']/w:t/text()", namespaces=NS) == ["st"]
    assert paragraph.xpath("w:r[w:rPr/w:vertAlign/@w:val='subscript']/w:t/text()", namespaces=NS) == ["2"]
    html = render_html(doc, search_path())
    assert 'Volume <span class="small-caps">xii</span>, the 1<sup>st</sup> edition, H<sub>2</sub>O.' in html


def test_a_list_of_sources_is_a_list_of_small_bulleted_items() -> None:
    data = render(parity_briefing())
    item = paragraph_with(data, "Peter Zimonjic and Philip Ling")
    assert style_of(item) == "ListBulletSmall" and num_id(item) is None  # bullets from the style
    style = style_element(data, "ListBulletSmall")
    assert style.xpath("w:basedOn/@w:val", namespaces=NS) == ["ListBullet"]
    assert style.xpath("w:rPr/w:sz/@w:val", namespaces=NS) == ["18"]  # .p-small { font-size: 9pt }


def test_list_items_are_spaced_as_css_spaces_them() -> None:
    data = render(parity_briefing())
    spacing = [
        paragraph_with(data, text).xpath("w:pPr/w:spacing/@w:after", namespaces=NS)
        for text in ("Will the Minister act?", "When?")
    ]
    assert spacing == [["60"], ["120"]]  # .list li { margin-bottom: 3pt } .list { margin-bottom: 6pt }
