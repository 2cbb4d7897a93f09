"""(Re)generate the DOCX templates ``templates/briefing.docx`` and ``templates/letter.docx``.

In: nothing (python-docx's blank document is the starting point). Out: two Word files that
``advocate.render.docx`` fills with docxtpl (Jinja) and a person can open and restyle in Word.

Each template defines the paragraph styles the renderer refers to (Title, Subtitle, Heading 1,
Heading 2, Normal, List Bullet, List Number, Quote, Lead, Letterhead, Address, Subject, Ask,
Question, Small, footnote text) and the character styles footnote reference and Hyperlink, an A4
page and a "Page X of Y" footer. Body text is Noto Serif, headings Noto Sans; East Asian text falls
back to Noto Sans CJK SC and complex scripts (Uyghur) to Noto Sans Arabic.

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
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

SERIF = "Noto Serif"
SANS = "Noto Sans"
EAST_ASIAN = "Noto Sans CJK SC"
COMPLEX = "Noto Sans Arabic"
INK = RGBColor(0x1F, 0x2A, 0x44)
GREY = RGBColor(0x55, 0x5B, 0x66)

Doc = Any  # python-docx's Document object (the package ships no type hints)

# Parts of python-docx's blank document that a template does not need (and that slow every render).
UNWANTED_RELS = (
    "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml",
    "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail",
)
KEPT_TABLE_STYLES = ("TableNormal", "TableGrid")


# ---------------------------------------------------------------------------------------------
# Fonts and styles


def set_fonts(rpr: Any, latin: str) -> None:
    """Give a run-properties element explicit fonts for every script (no theme fonts)."""
    for old in rpr.findall(qn("w:rFonts")):
        rpr.remove(old)
    fonts = OxmlElement("w:rFonts")
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), EAST_ASIAN)
    fonts.set(qn("w:cs"), COMPLEX)
    rpr.insert(0, fonts)


def set_lang(rpr: Any) -> None:
    """Declare the languages spell-checkers should assume (the renderer replaces ``w:val``)."""
    for old in rpr.findall(qn("w:lang")):
        rpr.remove(old)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-GB")
    lang.set(qn("w:eastAsia"), "zh-CN")
    lang.set(qn("w:bidi"), "ug-CN")
    rpr.append(lang)


def style_fonts(style: Any, latin: str) -> None:
    set_fonts(style.element.get_or_add_rPr(), latin)


def set_size(style: Any, points: float) -> None:
    """The size for every script (``w:sz`` and, for Arabic-script text, ``w:szCs``)."""
    style.font.size = Pt(points)
    rpr = style.element.get_or_add_rPr()
    remove_child(rpr, "w:szCs")
    size_cs = OxmlElement("w:szCs")
    size_cs.set(qn("w:val"), str(int(points * 2)))
    rpr.find(qn("w:sz")).addnext(size_cs)


def set_bold(style: Any, bold: bool) -> None:
    """Bold for every script (``w:b`` and ``w:bCs``)."""
    style.font.bold = bold
    style.font.cs_bold = bold


def make_builtin(style: Any) -> None:
    """Drop python-docx's ``w:customStyle`` so Word treats the style as its built-in one."""
    style.element.attrib.pop(qn("w:customStyle"), None)


def remove_child(parent: Any, tag: str) -> None:
    for child in parent.findall(qn(tag)):
        parent.remove(child)


def paragraph_style(doc: Doc, name: str, base: str = "Normal") -> Any:
    """The paragraph style ``name``, created (based on ``base``) when the blank document lacks it."""
    styles = doc.styles
    try:
        style = styles[name]
    except KeyError:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles[base]
    style.quick_style = True
    style.hidden = False
    return style


def prune_styles(doc: Doc) -> None:
    """Drop the hundred-odd table styles of the blank document (they make styles.xml 430 kB)."""
    root = doc.styles.element
    for style in root.findall(qn("w:style")):
        if style.get(qn("w:type")) == "table" and style.get(qn("w:styleId")) not in KEPT_TABLE_STYLES:
            root.remove(style)


def set_doc_defaults(doc: Doc, latin: str) -> None:
    rpr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(rpr, latin)
    set_lang(rpr)


def style_normal(doc: Doc, latin: str) -> None:
    normal = doc.styles["Normal"]
    set_size(normal, 11)
    normal.font.color.rgb = RGBColor(0, 0, 0)
    style_fonts(normal, latin)
    fmt = normal.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(7)
    fmt.line_spacing = 1.15


def style_headings(doc: Doc) -> None:
    specs = (
        ("Title", 24, Pt(0), Pt(6)),
        ("Subtitle", 13, Pt(0), Pt(10)),
        ("Heading 1", 14, Pt(16), Pt(5)),
        ("Heading 2", 12, Pt(12), Pt(4)),
    )
    for name, size, before, after in specs:
        style = doc.styles[name]
        rpr = style.element.get_or_add_rPr()
        remove_child(rpr, "w:spacing")
        style_fonts(style, SANS)
        set_size(style, size)
        style.font.color.rgb = GREY if name == "Subtitle" else INK
        set_bold(style, name != "Subtitle")
        style.font.italic = False
        style.font.cs_italic = False
        fmt = style.paragraph_format
        fmt.space_before = before
        fmt.space_after = after
        fmt.keep_with_next = True
    # python-docx's blank Title has a blue rule and Subtitle a stray list level: drop both.
    remove_child(doc.styles["Title"].element.get_or_add_pPr(), "w:pBdr")
    remove_child(doc.styles["Subtitle"].element.get_or_add_pPr(), "w:numPr")


def style_lists_and_quote(doc: Doc) -> None:
    for name in ("List Bullet", "List Number"):
        fmt = doc.styles[name].paragraph_format
        fmt.space_after = Pt(4)
        fmt.left_indent = Mm(7)
        fmt.first_line_indent = Mm(-5)
    quote = doc.styles["Quote"]
    quote.font.color.rgb = GREY
    quote.font.italic = True
    quote.font.cs_italic = True
    fmt = quote.paragraph_format
    fmt.left_indent = Mm(10)
    fmt.right_indent = Mm(10)


def add_own_styles(doc: Doc) -> None:
    lead = paragraph_style(doc, "Lead")
    set_size(lead, 12)
    lead.paragraph_format.space_after = Pt(10)

    letterhead = paragraph_style(doc, "Letterhead")
    style_fonts(letterhead, SANS)
    set_size(letterhead, 9)
    letterhead.font.color.rgb = GREY
    letterhead.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    letterhead.paragraph_format.space_after = Pt(0)

    address = paragraph_style(doc, "Address")
    address.paragraph_format.space_after = Pt(0)

    subject = paragraph_style(doc, "Subject")
    set_bold(subject, True)
    subject.paragraph_format.space_before = Pt(12)
    subject.paragraph_format.space_after = Pt(12)
    subject.paragraph_format.keep_with_next = True

    ask = paragraph_style(doc, "Ask", base="List Number")
    set_bold(ask, True)
    question = paragraph_style(doc, "Question", base="List Number")
    question.paragraph_format.space_after = Pt(6)

    small = paragraph_style(doc, "Small")
    set_size(small, 9)
    small.font.color.rgb = GREY
    small.paragraph_format.space_after = Pt(3)


def add_note_and_link_styles(doc: Doc) -> None:
    """Word's built-in footnote text / footnote reference / Hyperlink styles, under their usual ids."""
    styles = doc.styles
    text = styles.add_style("footnote text", WD_STYLE_TYPE.PARAGRAPH)
    text.style_id = "FootnoteText"
    text.base_style = styles["Normal"]
    set_size(text, 9)
    fmt = text.paragraph_format
    fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0

    ref = styles.add_style("footnote reference", WD_STYLE_TYPE.CHARACTER)
    ref.style_id = "FootnoteReference"
    ref.font.superscript = True

    link = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
    link.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
    link.font.underline = True
    for style in (text, ref, link):
        make_builtin(style)
        style.hidden = False
        style.unhide_when_used = True
        style.priority = 99


# ---------------------------------------------------------------------------------------------
# Page, footer and package


def set_page(doc: Doc) -> None:
    section = doc.sections[0]
    section.page_width = Mm(210)
    section.page_height = Mm(297)
    section.top_margin = Mm(25)
    section.bottom_margin = Mm(22)
    section.left_margin = Mm(25)
    section.right_margin = Mm(25)
    section.header_distance = Mm(12)
    section.footer_distance = Mm(10)


def field_runs(paragraph: Any, instruction: str, shown: str) -> None:
    """Append a complex field (``PAGE``, ``NUMPAGES``) to ``paragraph``."""
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None), ("shown", shown)):
        run = paragraph.add_run()
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {text} "
            run._r.append(instr)
        elif kind == "shown":
            run.text = str(text)
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    paragraph.add_run()._r.append(end)


def add_footer(doc: Doc) -> None:
    footer = doc.sections[0].footer
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0]
    paragraph.style = doc.styles["Small"]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("Page ")
    field_runs(paragraph, "PAGE", "1")
    paragraph.add_run(" of ")
    field_runs(paragraph, "NUMPAGES", "1")


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


def base_document(kind: str, latin: str) -> Doc:
    doc = Document()
    body = doc.element.body
    for paragraph in body.findall(qn("w:p")):
        body.remove(paragraph)
    prune_styles(doc)
    set_doc_defaults(doc, latin)
    style_normal(doc, latin)
    style_headings(doc)
    style_lists_and_quote(doc)
    add_own_styles(doc)
    add_note_and_link_styles(doc)
    set_page(doc)
    add_footer(doc)
    drop_unwanted_parts(doc)
    set_properties(doc, kind)
    return doc


# ---------------------------------------------------------------------------------------------
# Template bodies (docxtpl: ``{%p ...%}`` lines vanish, ``{{p x }}`` becomes a whole paragraph)


def line(doc: Doc, text: str, style: str = "Normal") -> Any:
    return doc.add_paragraph(text, style=style)


def body_loop(doc: Doc, heading_style: str) -> None:
    """The sections: an optional heading, then each paragraph as the renderer builds it."""
    line(doc, "{%p for section in sections %}")
    line(doc, "{%p if section.heading %}")
    line(doc, "{{ section.heading }}", heading_style)
    line(doc, "{%p endif %}")
    line(doc, "{%p for para in section.paragraphs %}")
    line(doc, "{{p para }}")
    line(doc, "{%p endfor %}")
    line(doc, "{%p endfor %}")


def lines_loop(doc: Doc, items: str, style: str) -> None:
    line(doc, f"{{%p for line in {items} %}}")
    line(doc, "{{ line }}", style)
    line(doc, "{%p endfor %}")


def briefing() -> Doc:
    doc = base_document("briefing", SERIF)
    line(doc, "{{ title }}", "Title")
    line(doc, "{%p if subtitle %}")
    line(doc, "{{ subtitle }}", "Subtitle")
    line(doc, "{%p endif %}")
    line(doc, "{{ date }}", "Small")
    line(
        doc,
        "Prepared by {{ sender.name }}{% if sender.organisation %}, {{ sender.organisation }}{% endif %}",
        "Small",
    )
    body_loop(doc, "Heading 1")
    return doc


def letter() -> Doc:
    doc = base_document("letter", SERIF)
    lines_loop(doc, "sender.letterhead", "Letterhead")
    date = line(doc, "{{ date }}")
    date.paragraph_format.space_before = Pt(18)
    date.paragraph_format.space_after = Pt(18)
    lines_loop(doc, "recipient.lines", "Address")
    line(doc, "{{ title }}", "Subject")
    line(doc, "{%p if salutation %}")
    line(doc, "{{ salutation }}")
    line(doc, "{%p endif %}")
    body_loop(doc, "Heading 2")
    line(doc, "{%p if closing %}")
    closing = line(doc, "{{ closing }}")
    closing.paragraph_format.space_before = Pt(12)
    closing.paragraph_format.space_after = Pt(36)
    closing.paragraph_format.keep_with_next = True
    line(doc, "{%p endif %}")
    lines_loop(doc, "sender.signature", "Address")
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
