"""(Re)generate the DOCX templates ``templates/briefing.docx`` and ``templates/letter.docx``.

In: nothing (python-docx's blank document is the starting point). Out: two Word files that
``advocate.render.docx`` fills with docxtpl (Jinja) and a person can open and restyle in Word.

The templates are set like the PDF: every measure below is the one ``templates/print.css`` gives
(``GEOMETRY`` and the style table), so that Word and LibreOffice lay a document out on as many
pages as WeasyPrint does. A4, margins 18 mm top, 20 mm right and bottom, 22 mm left; the running
title at the top right of every page but the first and "Page X of Y" at the foot, both 8 pt Noto
Sans; body text Noto Serif 11 pt on exact 14.85 pt lines (CSS ``line-height: 1.35``), 6 pt after a
paragraph; headings, letterhead, masthead and notes in Noto Sans; notes 8.5 pt on 11.05 pt lines,
the number hanging 1.5 em, under a short rule. Between two paragraphs Word and LibreOffice leave
the larger of the space after the first and the space before the second, as CSS collapses
margins, so each style's spacing is its CSS margin.

Styles: Normal; Title, Subtitle, Kicker and Meta (a briefing's masthead); Heading 1 (a section's
heading; keep with next), Heading 2 (a subheading; keep with next); Lead, Quote, Small, Numbered
Paragraph (the number hanging 2.2 em, then a tab); Ask and Question (no numbering and no bold of
their own: only a numbered list numbers them); List Bullet, List Bullet Small (a list of sources),
List Number (numbered lists; the renderer gives every list its own instance, restarting at 1);
Letterhead Org and Letterhead (the letterhead table), Address, Address First (the first address
line, with the date at a right tab), Subject, Salutation, Closing and Signature (kept together
and with the body's last lines); Running Head, Page Footer; footnote text and the character
styles footnote reference and Hyperlink. East Asian text falls back to Noto Sans CJK SC, Arabic
script to Noto Naskh Arabic (serif) or Noto Sans Arabic (sans), as in the CSS font stacks.

The output is reproducible: zip entries are written in a fixed order with a fixed date
(``SOURCE_DATE_EPOCH`` when set). The script writes files; it commits nothing.

Usage: ``python tools/make_docx_templates.py [OUTPUT_DIR]`` (default: the project's ``templates/``).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm

SERIF = "Noto Serif"
SANS = "Noto Sans"
EAST_ASIAN = "Noto Sans CJK SC"
SERIF_COMPLEX = "Noto Naskh Arabic"
SANS_COMPLEX = "Noto Sans Arabic"
INK = "1A1A1A"  # print.css: html { color }
NAVY = "1F3A5F"  # letterhead, masthead, briefing headings
DARK_GREY = "333333"  # contact lines, subtitle, small text
GREY = "555555"  # running title, page footer, masthead meta

Doc = Any  # python-docx's Document object (the package ships no type hints)


def twips(points: float) -> int:
    return round(points * 20)


def exact(size: float, line_height: float) -> int:
    """CSS ``line-height`` (a factor of the font size) as Word's exact line pitch, in twips."""
    return twips(size * line_height)


@dataclass(frozen=True)
class Geometry:
    """The page as ``@page`` in print.css sets it (mm)."""

    width: float = 210
    height: float = 297
    top: float = 14  # @page :first; the running title pushes the text of later pages to 18 mm
    top_running: float = 18
    right: float = 20
    bottom: float = 20
    left: float = 22
    header: float = 7  # the running title, centred in the top margin as WeasyPrint centres it
    footer: float = 8  # "Page X of Y", centred in the bottom margin

    @property
    def text_width_twips(self) -> int:
        return round((self.width - self.left - self.right) / 25.4 * 1440)


GEOMETRY = Geometry()
MM_TWIPS = 1440 / 25.4
RUNNING_LINE = twips(11)  # the running title's line, 8pt type
BODY_SIZE = 11.0  # html { font-size: 11pt; line-height: 1.35 }
BODY_LINE = exact(BODY_SIZE, 1.35)
PARA_AFTER = twips(6)  # p { margin: 0 0 6pt }
LIST_INDENT = twips(1.5 * BODY_SIZE)  # .list { padding-left: 1.5em }
MARKER_GAP = twips(0.26 * BODY_SIZE)  # the space after an outside list marker ("1. ")
NUMBER_INDENT = twips(2.2 * BODY_SIZE)  # .numbered { padding-left: 2.2em }
NOTE_SIZE = 8.5  # .footnote { font-size: 8.5pt; line-height: 1.3; padding-left: 1.5em }
NOTE_INDENT = twips(1.5 * NOTE_SIZE)


@dataclass(frozen=True)
class Style:
    """A paragraph style, every property explicit (CSS in comments where it comes from)."""

    name: str
    style_id: str
    base: str | None = "Normal"
    sans: bool = False
    size: float | None = None
    line: int | None = None
    """Exact line pitch in twips."""
    before: int | None = None
    after: int | None = None
    bold: bool = False
    italic: bool = False
    caps: bool = False
    letter_spacing: int = 0
    color: str | None = None
    keep_next: bool = False
    keep_lines: bool = False
    align: str | None = None
    left: int | None = None
    right: int | None = None
    hanging: int | None = None
    tab: tuple[str, int] | None = None
    num_id: int | None = None
    border_bottom: tuple[int, int, str] | None = None
    """Width in eighths of a point, space in points, colour."""
    outline: int | None = None
    widow_control: bool = False


def attributes(**values: int | str | None) -> str:
    """``w:name="value"`` for each value given (None leaves the attribute out)."""
    return " ".join(f'w:{name}="{value}"' for name, value in values.items() if value is not None)


def ppr_xml(style: Style) -> str:
    """The style's ``w:pPr`` (children in schema order)."""
    parts = []
    if style.keep_next:
        parts.append("<w:keepNext/>")
    if style.keep_lines:
        parts.append("<w:keepLines/>")
    if style.widow_control:
        parts.append("<w:widowControl/>")
    if style.num_id is not None:
        parts.append(f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{style.num_id}"/></w:numPr>')
    if style.border_bottom:
        size, space, color = style.border_bottom
        parts.append(
            f'<w:pBdr><w:bottom w:val="single" w:sz="{size}" w:space="{space}" w:color="{color}"/></w:pBdr>'
        )
    if style.tab:
        parts.append(f'<w:tabs><w:tab w:val="{style.tab[0]}" w:pos="{style.tab[1]}"/></w:tabs>')
    line_rule = "exact" if style.line is not None else None
    spacing = attributes(before=style.before, after=style.after, line=style.line, lineRule=line_rule)
    if spacing:
        parts.append(f"<w:spacing {spacing}/>")
    indent = attributes(left=style.left, right=style.right, hanging=style.hanging)
    if indent:
        parts.append(f"<w:ind {indent}/>")
    if style.align:
        parts.append(f'<w:jc w:val="{style.align}"/>')
    if style.outline is not None:
        parts.append(f'<w:outlineLvl w:val="{style.outline}"/>')
    return f"<w:pPr {nsdecls('w')}>{''.join(parts)}</w:pPr>"


def fonts_xml(sans: bool) -> str:
    latin, complex_script = (SANS, SANS_COMPLEX) if sans else (SERIF, SERIF_COMPLEX)
    return (
        f'<w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{EAST_ASIAN}" w:cs="{complex_script}"/>'
    )


def rpr_xml(style: Style) -> str:
    """The style's ``w:rPr`` (children in schema order)."""
    parts = [fonts_xml(style.sans)]
    if style.bold:
        parts.append("<w:b/><w:bCs/>")
    if style.italic:
        parts.append("<w:i/><w:iCs/>")
    if style.caps:
        parts.append("<w:caps/>")
    if style.color:
        parts.append(f'<w:color w:val="{style.color}"/>')
    if style.letter_spacing:
        parts.append(f'<w:spacing w:val="{style.letter_spacing}"/>')
    if style.size is not None:
        half_points = round(style.size * 2)
        parts.append(f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>')
    return f"<w:rPr {nsdecls('w')}>{''.join(parts)}</w:rPr>"


def define(doc: Doc, style: Style) -> None:
    """Create or replace the paragraph style, with exactly the given properties."""
    styles = doc.styles
    try:
        word_style = styles[style.name]
    except KeyError:
        word_style = styles.add_style(style.name, WD_STYLE_TYPE.PARAGRAPH)
    word_style.style_id = style.style_id
    element = word_style.element
    element.attrib.pop(qn("w:customStyle"), None)
    if style.base:
        word_style.base_style = styles[style.base]
    word_style.quick_style = True
    word_style.hidden = False
    for tag in ("w:pPr", "w:rPr", "w:next", "w:link"):
        for old in element.findall(qn(tag)):
            element.remove(old)
    element.get_or_add_pPr()  # python-docx puts pPr where the schema wants it
    element.replace(element.pPr, parse_xml(ppr_xml(style)))
    element.get_or_add_rPr()
    element.replace(element.rPr, parse_xml(rpr_xml(style)))
    if style.name in CUSTOM:
        element.set(qn("w:customStyle"), "1")


CUSTOM = {
    "Lead",
    "Small",
    "Numbered Paragraph",
    "Ask",
    "Question",
    "List Bullet Small",
    "Kicker",
    "Meta",
    "Letterhead Org",
    "Letterhead",
    "Address",
    "Address First",
    "Subject",
    "Salutation",
    "Closing",
    "Signature",
    "Signature Name",
    "Running Head",
    "Page Footer",
}


SUBHEADING = Style(
    "Heading 2",
    "Heading2",
    sans=True,
    size=11,
    line=BODY_LINE,
    before=twips(10),
    after=twips(4),
    bold=True,
    keep_next=True,
    keep_lines=True,
    outline=1,
)
"""h3.p-subheading { font-size: 11pt; margin: 10pt 0 4pt; break-after: avoid }"""


def common_styles() -> list[Style]:
    """The styles both templates share (print.css's rules for every document)."""
    small = 9.0  # .p-small { font-size: 9pt; color: #333 }
    return [
        Style(
            "Normal",
            "Normal",
            base=None,
            size=BODY_SIZE,
            line=BODY_LINE,
            before=0,
            after=PARA_AFTER,
            color=INK,
            widow_control=True,
        ),
        SUBHEADING,
        Style("Lead", "Lead", size=11.5, line=exact(11.5, 1.35)),  # .p-lead: 1.05em, 11.5pt in a summary
        Style(
            "Quote", "Quote", italic=True, left=LIST_INDENT, right=LIST_INDENT
        ),  # .p-quote: 1.5em each side
        Style("Small", "Small", size=small, line=exact(small, 1.35), color=DARK_GREY),
        # .numbered { padding-left: 2.2em; text-indent: -2.2em }: "12." then a tab to the text
        Style(
            "Numbered Paragraph",
            "NumberedParagraph",
            left=NUMBER_INDENT,
            hanging=NUMBER_INDENT,
            tab=("left", NUMBER_INDENT),
        ),
        # .p-ask, .p-question { font-weight: normal }: no bold, and no numbering of their own
        Style("Ask", "Ask"),
        Style("Question", "Question"),
        # .list { padding-left: 1.5em } .list li { margin: 0 0 3pt }
        Style(
            "List Bullet", "ListBullet", num_id=BULLETS, left=LIST_INDENT, hanging=MARKER_GAP, after=twips(3)
        ),
        Style(
            "List Bullet Small",
            "ListBulletSmall",
            base="List Bullet",
            size=small,
            line=exact(small, 1.35),
            color=DARK_GREY,
        ),
        Style(
            "List Number", "ListNumber", num_id=NUMBERS, left=LIST_INDENT, hanging=MARKER_GAP, after=twips(3)
        ),
        # @page @top-right / @bottom-center { font: 8pt "Noto Sans"; color: #555 }
        # its space after takes the text of pages 2+ down to their 18 mm top margin
        Style(
            "Running Head",
            "RunningHead",
            sans=True,
            size=8,
            line=RUNNING_LINE,
            before=0,
            after=round((GEOMETRY.top_running - GEOMETRY.header) * MM_TWIPS) - RUNNING_LINE,
            color=GREY,
            align="right",
        ),
        Style("Page Footer", "PageFooter", sans=True, size=8, before=0, after=0, color=GREY, align="center"),
        # .footnote { font-size: 8.5pt; line-height: 1.3; margin: 0 0 1.5pt; padding-left: 1.5em }
        Style(
            "footnote text",
            "FootnoteText",
            sans=True,
            size=NOTE_SIZE,
            line=exact(NOTE_SIZE, 1.3),
            before=0,
            after=twips(1.5),
            left=NOTE_INDENT,
            hanging=NOTE_INDENT,
            tab=("left", NOTE_INDENT),
        ),
    ]


def briefing_styles() -> list[Style]:
    return [
        # .briefing .kicker { uppercase; letter-spacing: 0.08em; font-size: 8pt; margin: 0 0 4pt }
        Style(
            "Kicker",
            "Kicker",
            sans=True,
            size=8,
            line=exact(8, 1.35),
            after=twips(4),
            caps=True,
            letter_spacing=round(0.08 * 8 * 20),
            color=NAVY,
            keep_next=True,
        ),
        # .briefing h1 { font-size: 19pt; line-height: 1.2; margin: 0 0 4pt }
        Style(
            "Title",
            "Title",
            sans=True,
            size=19,
            line=exact(19, 1.2),
            before=0,
            after=twips(4),
            bold=True,
            color=NAVY,
            keep_next=True,
        ),
        # .briefing .subtitle { font-size: 12pt; color: #333; margin: 0 0 4pt }
        Style(
            "Subtitle",
            "Subtitle",
            size=12,
            line=exact(12, 1.35),
            before=0,
            after=twips(4),
            color=DARK_GREY,
            keep_next=True,
        ),
        # .briefing .meta { 8.5pt; #555 } over the masthead's rule (2pt, padding 6pt, margin 12pt)
        Style(
            "Meta",
            "Meta",
            sans=True,
            size=8.5,
            line=exact(8.5, 1.35),
            before=0,
            after=twips(12),
            color=GREY,
            border_bottom=(16, 6, NAVY),
            keep_next=True,
        ),
        # .briefing h2 { font-size: 12.5pt; margin: 14pt 0 5pt; break-after: avoid }
        replace(
            SUBHEADING,
            name="Heading 1",
            style_id="Heading1",
            size=12.5,
            line=exact(12.5, 1.35),
            before=twips(14),
            after=twips(5),
            color=NAVY,
            outline=0,
        ),
        *letterhead_styles(),
    ]


def letterhead_styles() -> list[Style]:
    """The letterhead's (letters; briefings that carry the brand's letterhead)."""
    return [
        # .letterhead .org { 15pt bold navy; line-height: 1.15 }
        Style(
            "Letterhead Org",
            "LetterheadOrg",
            sans=True,
            size=15,
            line=exact(15, 1.15),
            before=0,
            after=0,
            bold=True,
            color=NAVY,
        ),
        # .letterhead .contact { right; 8.5pt; line-height: 1.35; #333 }
        Style(
            "Letterhead",
            "Letterhead",
            sans=True,
            size=8.5,
            line=exact(8.5, 1.35),
            before=0,
            after=0,
            color=DARK_GREY,
            align="right",
        ),
    ]


def letter_styles() -> list[Style]:
    address_line = exact(BODY_SIZE, 1.3)  # .letter .recipient, .signature { line-height: 1.3 }
    return [
        # .letter h2 { font-size: 11pt; margin: 10pt 0 4pt; break-after: avoid }: as a subheading
        replace(SUBHEADING, name="Heading 1", style_id="Heading1", outline=0),
        *letterhead_styles(),
        Style("Address", "Address", line=address_line, before=0, after=0),
        # the letterhead's margin-bottom (14pt); the date floats right on the first line
        Style(
            "Address First",
            "AddressFirst",
            base="Address",
            before=twips(14),
            tab=("right", GEOMETRY.text_width_twips),
        ),
        # .letter .addressing { margin-bottom: 12pt } .letter .subject { 11pt bold; margin: 0 0 10pt }
        Style(
            "Subject",
            "Subject",
            sans=True,
            size=11,
            line=BODY_LINE,
            before=twips(12),
            after=twips(10),
            bold=True,
            keep_next=True,
        ),
        Style(
            "Salutation", "Salutation", after=twips(8), keep_next=True
        ),  # .salutation { margin-bottom: 8pt }
        # .signoff { margin-top: 12pt; break-inside: avoid; break-before: avoid }
        # .closing { margin-bottom: 30pt }
        Style(
            "Closing",
            "Closing",
            before=twips(12),
            after=twips(30),
            keep_next=True,
            keep_lines=True,
        ),
        Style(
            "Signature", "Signature", line=address_line, before=0, after=0, keep_next=True, keep_lines=True
        ),
        Style("Signature Name", "SignatureName", base="Signature", bold=True),
    ]


BULLETS, NUMBERS = 1, 2


def numbering_xml() -> str:
    """One bullet and one decimal list (``%1.``, bold as ``ol.list > li::marker``): the text 1.5 em
    in, the marker right-aligned a space before it, where CSS puts an outside marker."""

    def level(fmt: str, text: str, rpr: str) -> str:
        return (
            f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
            f'<w:lvlJc w:val="right"/><w:pPr><w:tabs><w:tab w:val="num" w:pos="{LIST_INDENT}"/></w:tabs>'
            f'<w:ind w:left="{LIST_INDENT}" w:hanging="{MARKER_GAP}"/></w:pPr><w:rPr>{rpr}</w:rPr></w:lvl>'
        )

    abstracts = (
        (0, level("bullet", "•", fonts_xml(False))),
        (1, level("decimal", "%1.", "<w:b/><w:bCs/>")),
    )
    body = "".join(
        f'<w:abstractNum w:abstractNumId="{n}"><w:multiLevelType w:val="singleLevel"/>{lvl}</w:abstractNum>'
        for n, lvl in abstracts
    )
    nums = f'<w:num w:numId="{BULLETS}"><w:abstractNumId w:val="0"/></w:num>'
    nums += f'<w:num w:numId="{NUMBERS}"><w:abstractNumId w:val="1"/></w:num>'
    return f"<w:numbering {nsdecls('w')}>{body}{nums}</w:numbering>"


def character_styles(doc: Doc) -> None:
    """Word's built-in footnote reference and Hyperlink styles, under their usual ids."""
    styles = doc.styles
    ref = styles.add_style("footnote reference", WD_STYLE_TYPE.CHARACTER)
    ref.style_id = "FootnoteReference"
    ref.font.superscript = True
    # a { color: inherit; text-decoration: none }: a link looks like the text around it, as in the PDF
    link = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
    for style in (ref, link):
        style.element.attrib.pop(qn("w:customStyle"), None)
        style.hidden = False
        style.unhide_when_used = True
        style.priority = 99


KEPT_STYLES = {"Normal", "DefaultParagraphFont", "TableNormal", "NoList"}


def prune_styles(doc: Doc, defined: set[str]) -> None:
    """Keep only the defaults Word needs and the styles this template defines (no dangling links)."""
    root = doc.styles.element
    for style in root.findall(qn("w:style")):
        if style.get(qn("w:styleId")) not in KEPT_STYLES | defined:
            root.remove(style)


def set_doc_defaults(doc: Doc) -> None:
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for child in list(rpr):
        rpr.remove(child)
    defaults_xml = (
        f'{fonts_xml(False)}<w:sz w:val="22"/><w:szCs w:val="22"/>'
        '<w:lang w:val="en-GB" w:eastAsia="zh-CN" w:bidi="ug-CN"/>'  # the renderer sets w:val
    )
    for element in parse_xml(f"<w:rPr {nsdecls('w')}>{defaults_xml}</w:rPr>"):
        rpr.append(element)
    ppr_default = defaults.find(qn("w:pPrDefault"))
    if ppr_default is not None:
        defaults.remove(ppr_default)


# ---------------------------------------------------------------------------------------------
# Page, header, footer and package


def set_page(doc: Doc) -> None:
    section = doc.sections[0]
    g = GEOMETRY
    section.page_width, section.page_height = Mm(g.width), Mm(g.height)
    section.top_margin, section.bottom_margin = Mm(g.top), Mm(g.bottom)
    section.left_margin, section.right_margin = Mm(g.left), Mm(g.right)
    section.header_distance, section.footer_distance = Mm(g.header), Mm(g.footer)
    section.different_first_page_header_footer = True  # @page :first { @top-right { content: none } }


def field_xml(instruction: str, shown: str) -> str:
    """A complex field (``PAGE``, ``NUMPAGES``) as runs."""
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r><w:t>{shown}</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def fill(story: Any, xml: str) -> None:
    """Replace a header's or footer's paragraphs with ``xml`` (one or more ``w:p``)."""
    element = story._element
    for child in list(element):
        element.remove(child)
    for paragraph in parse_xml(f"<w:root {nsdecls('w')}>{xml}</w:root>"):
        element.append(paragraph)


def add_header_footer(doc: Doc) -> None:
    section = doc.sections[0]
    page = (
        '<w:p><w:pPr><w:pStyle w:val="PageFooter"/></w:pPr><w:r><w:t xml:space="preserve">Page </w:t></w:r>'
        f'{field_xml("PAGE", "1")}<w:r><w:t xml:space="preserve"> of </w:t></w:r>'
        f"{field_xml('NUMPAGES', '1')}</w:p>"
    )
    for footer in (section.footer, section.first_page_footer):
        footer.is_linked_to_previous = False
        fill(footer, page)
    section.header.is_linked_to_previous = False
    fill(section.header, f'<w:p><w:pPr><w:pStyle w:val="RunningHead"/></w:pPr>{run("{{ title }}")}</w:p>')
    section.first_page_header.is_linked_to_previous = False
    # page 1 has no running title and its text starts at the 14 mm margin: an empty 1pt line
    fill(
        section.first_page_header,
        '<w:p><w:pPr><w:pStyle w:val="RunningHead"/><w:spacing w:after="0" w:line="20" w:lineRule="exact"/>'
        "</w:pPr></w:p>",
    )


def set_compatibility(doc: Doc) -> None:
    """Word 2013+ layout (compatibility mode 15)."""
    settings = doc.settings.element
    for setting in settings.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")


UNWANTED_RELS = (
    "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml",
    "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail",
)


def drop_unwanted_parts(doc: Doc) -> None:
    for owner in (doc.part, doc.part.package):
        for rid, rel in list(owner.rels.items()):
            if rel.reltype in UNWANTED_RELS:
                del owner.rels[rid]


def set_properties(doc: Doc, kind: str) -> None:
    props = doc.core_properties
    stamp = fixed_datetime()
    props.title = f"advocate {kind} template"
    props.author = "advocate"
    props.last_modified_by = "advocate"
    props.comments = "Generated by tools/make_docx_templates.py; restyle freely in Word."
    props.created = stamp
    props.modified = stamp
    props.revision = 1


def fixed_datetime() -> dt.datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).replace(tzinfo=None)
    return dt.datetime(2024, 1, 1)


def base_document(kind: str, styles: list[Style]) -> Doc:
    doc = Document()
    body = doc.element.body
    for paragraph in body.findall(qn("w:p")):
        body.remove(paragraph)
    every = [*common_styles(), *styles]
    prune_styles(doc, {style.style_id for style in every})
    set_doc_defaults(doc)
    for style in every:
        define(doc, style)
    character_styles(doc)
    numbering = doc.part.numbering_part.element
    for child in list(numbering):
        numbering.remove(child)
    for child in parse_xml(numbering_xml()):
        numbering.append(child)
    set_page(doc)
    add_header_footer(doc)
    set_compatibility(doc)
    drop_unwanted_parts(doc)
    set_properties(doc, kind)
    return doc


# ---------------------------------------------------------------------------------------------
# Template bodies (docxtpl: ``{%p ...%}`` lines vanish, ``{{p x }}`` becomes a whole paragraph)

TAB = "\t"


def run(text: str) -> str:
    if text == TAB:
        return "<w:r><w:tab/></w:r>"
    return f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def para(style: str, *texts: str) -> str:
    props = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style != "Normal" else ""
    return f"<w:p>{props}{''.join(run(t) for t in texts)}</w:p>"


def tag(statement: str) -> str:
    return para("Normal", f"{{%p {statement} %}}")


def body_loop(heading_style: str) -> list[str]:
    """The sections: an optional heading, then each paragraph as the renderer builds it."""
    return [
        tag("for section in sections"),
        tag("if section.heading"),
        para(heading_style, "{{ section.heading }}"),
        tag("endif"),
        tag("for para in section.paragraphs"),
        para("Normal", "{{p para }}"),
        tag("endfor"),
        tag("endfor"),
    ]


def write_body(doc: Doc, blocks: list[str]) -> None:
    body = doc.element.body
    sect_pr = body.find(qn("w:sectPr"))
    for element in parse_xml(f"<w:root {nsdecls('w')}>{''.join(blocks)}</w:root>"):
        sect_pr.addprevious(element)


def briefing() -> Doc:
    doc = base_document("briefing", briefing_styles())
    meta = (
        "{{ date }} · Prepared by {{ sender.name }}{% if sender.role %}, {{ sender.role }}{% endif %}"
        "{% if sender.email %} · {{ sender.email }}{% endif %}"
    )
    write_body(
        doc,
        [
            tag("if letterhead.show"),
            TABLE_START,
            letterhead_table(),
            tag("endif"),
            para("Kicker", "Briefing{% if sender.organisation %} · {{ sender.organisation }}{% endif %}"),
            para("Title", "{{ title }}"),
            tag("if subtitle"),
            para("Subtitle", "{{ subtitle }}"),
            tag("endif"),
            para("Meta", meta),
            *body_loop("Heading1"),
        ],
    )
    return doc


TABLE_START = '<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/></w:pPr></w:p>'
"""LibreOffice starts a document that opens with a table lower on its first page: a hairline first."""


def letterhead_table() -> str:
    """.letterhead: the logo and organisation (55%) and the contact lines, bottom-aligned, over a
    rule; the brand's letterhead, or a letter's sender's own heading (``letterhead``)."""
    width = GEOMETRY.text_width_twips
    org_width = round(width * 0.55)
    organisation = [
        tag("if letterhead.logo"),
        # auto line height: the style's exact lines would crop the picture to one line of text
        para("LetterheadOrg", "{{r letterhead.logo }}").replace(
            "</w:pPr>", f'<w:spacing w:after="{twips(4)}" w:line="240" w:lineRule="auto"/></w:pPr>'
        ),
        tag("endif"),
        para("LetterheadOrg", "{{ letterhead.organisation }}"),
    ]
    contact = [
        tag("for line in letterhead.lines"),
        para("Letterhead", "{{ line }}"),
        tag("endfor"),
        tag("if not letterhead.lines"),
        para("Letterhead"),
        tag("endif"),
    ]
    cell = '<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/><w:vAlign w:val="bottom"/></w:tcPr>{content}</w:tc>'
    return (
        "<w:tbl><w:tblPr>"
        f'<w:tblW w:w="{width}" w:type="dxa"/>'
        f'<w:tblBorders><w:bottom w:val="single" w:sz="16" w:space="0" w:color="{NAVY}"/></w:tblBorders>'
        '<w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="0" w:type="dxa"/>'
        f'<w:bottom w:w="{twips(5)}" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
        'w:noHBand="1" w:noVBand="1"/>'
        f'</w:tblPr><w:tblGrid><w:gridCol w:w="{org_width}"/>'
        f'<w:gridCol w:w="{width - org_width}"/></w:tblGrid>'
        "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
        + cell.format(w=org_width, content="".join(organisation))
        + cell.format(w=width - org_width, content="".join(contact))
        + "</w:tr></w:tbl>"
    )


def letter() -> Doc:
    doc = base_document("letter", letter_styles())
    write_body(
        doc,
        [
            tag("if letterhead.show"),
            TABLE_START,
            letterhead_table(),
            tag("endif"),
            para("AddressFirst", "{{ recipient.lines[0] }}", TAB, "{{ date }}"),
            tag("for line in recipient.lines[1:]"),
            para("Address", "{{ line }}"),
            tag("endfor"),
            para("Subject", "{{ title }}"),
            tag("if salutation"),
            para("Salutation", "{{ salutation }}"),
            tag("endif"),
            *body_loop("Heading1"),
            tag("if closing"),
            para("Closing", "{{ closing }}"),
            tag("endif"),
            para("SignatureName", "{{ sender.name }}"),
            tag("for line in sender.signature[1:]"),
            para("Signature", "{{ line }}"),
            tag("endfor"),
        ],
    )
    return doc


# ---------------------------------------------------------------------------------------------
# Output


def reproducible_zip(data: bytes) -> bytes:
    """Rewrite a package with sorted entries (content types first) and one fixed timestamp."""
    stamp = fixed_datetime().timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        names = sorted(src.namelist(), key=lambda n: (n != "[Content_Types].xml", n))
        for name in names:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0o644 << 16
            dst.writestr(info, src.read(name))
    return out.getvalue()


def save(doc: Doc, path: Path) -> None:
    buffer = io.BytesIO()
    doc.save(buffer)
    path.write_bytes(reproducible_zip(buffer.getvalue()))


BUILDERS: dict[str, Callable[[], Doc]] = {"briefing.docx": briefing, "letter.docx": letter}


def main(argv: list[str]) -> int:
    root = Path(__file__).resolve().parent.parent
    out_dir = Path(argv[0]) if argv else root / "templates"
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, build in BUILDERS.items():
        path = out_dir / name
        save(build(), path)
        print(f"wrote {path} ({path.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
