"""The brand in every format: CSS variables and the letterhead in the HTML (the PDF's source), fonts,
colours and a real logo image in the DOCX; a constituent's own letter never carries the letterhead."""

from __future__ import annotations

import base64
import io
import zipfile
from dataclasses import replace
from pathlib import Path

import docx
import pytest

from advocate.brief import load_briefs
from advocate.build import cited_document
from advocate.errors import AdvocateError
from advocate.library.brand import FontName, Fonts
from advocate.library.check import load_checked_library
from advocate.render.brand import css_variables
from advocate.render.html import render_html
from advocate.render.templates import project_templates_dir, search_path
from docx_parts import BODY_LOOP, NS, make_template, part, render
from sample_documents import BRAND_LOGO, branded, sample_brand, sample_briefing, sample_letter

REPO = Path(__file__).resolve().parents[2]
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
LOGO_URL = "data:image/png;base64," + base64.b64encode(BRAND_LOGO.read_bytes()).decode()


def test_the_html_sets_the_brand_fonts_and_colours_for_print_css() -> None:
    html = render_html(branded(sample_letter()), search_path())
    assert (
        '<style>:root { --accent: #8b1e3f; --text: #202020; --body-font: "DejaVu Serif"; '
        '--heading-font: "DejaVu Sans"; }</style>'
    ) in html
    css = (project_templates_dir() / "print.css").read_text(encoding="utf-8")
    assert 'font-family: var(--body-font, "Noto Serif")' in css
    assert "color: var(--text, #1a1a1a)" in css
    assert "border-bottom: 2pt solid var(--accent, #1f3a5f)" in css


@pytest.mark.parametrize("make", [sample_letter, sample_briefing])
def test_the_letterhead_shows_logo_organisation_and_contact_lines(make: object) -> None:
    html = render_html(branded(make()), search_path())  # type: ignore[operator]
    assert (
        f'<header class="letterhead branded">\n  <div class="org"><img class="logo" src="{LOGO_URL}" alt="">'
        'Example Branded Office</div>\n  <div class="contact">\n'
        '    <span class="line">2 Brand Row</span>\n    <span class="line">Leeds</span>\n'
        '    <span class="line">LS1 1AA</span>\n    <span class="line">0113 000 0000</span>\n'
        '    <span class="line">office@example.org</span>\n  </div>\n</header>'
    ) in html


def test_a_brand_without_email_shows_the_senders() -> None:
    html = render_html(branded(sample_letter(), sample_brand(email=None, logo=None)), search_path())
    assert '<span class="line">alex@example.org</span>' in html


def test_an_unbranded_briefing_has_no_letterhead_and_no_brand_style() -> None:
    html = render_html(sample_briefing(), search_path(), embed_css=False)
    assert "letterhead" not in html
    assert "--accent" not in html


def test_a_font_name_that_could_close_the_style_is_refused_even_made_in_code() -> None:
    brand = sample_brand(fonts=Fonts(body=FontName('x"; } body { display: none')))
    with pytest.raises(AdvocateError, match="not of the checked form"):
        css_variables(brand)


def test_a_constituents_own_letter_never_carries_the_letterhead() -> None:
    library = load_checked_library(REPO / "library")
    assert library.brand is not None
    library = replace(library, brand=replace(library.brand, letterhead=("briefing", "letter")))
    briefs = {
        name: load_briefs([REPO / "briefs" / f"{name}.yaml"], library)[0]
        for name in ("constituent-letter", "letter-to-retailer-ceo")
    }
    own = cited_document(library, briefs["constituent-letter"], search_path())
    company = cited_document(library, briefs["letter-to-retailer-ceo"], search_path())
    assert (own.letterhead, company.letterhead) == (False, True)
    html = render_html(own, search_path())
    assert '<header class="letterhead">\n  <div class="org">Sam Sample</div>' in html


def docx_parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_the_docx_styles_and_theme_carry_the_brand_fonts_and_colours() -> None:
    data = render(branded(sample_briefing()))
    styles = part(data, "word/styles.xml")

    def style(style_id: str, xpath: str) -> list[str]:
        return [
            str(x) for x in styles.xpath(f"w:style[@w:styleId='{style_id}']/w:rPr/{xpath}", namespaces=NS)
        ]

    assert style("Normal", "w:rFonts/@w:ascii") == ["DejaVu Serif"]
    assert style("Normal", "w:color/@w:val") == ["202020"]
    assert style("Heading1", "w:rFonts/@w:ascii") == ["DejaVu Sans"]
    assert style("Heading1", "w:color/@w:val") == ["8B1E3F"]
    assert style("LetterheadOrg", "w:color/@w:val") == ["8B1E3F"]
    assert style("Small", "w:color/@w:val") == ["333333"]  # greys are the template's own
    theme = part(data, "word/theme/theme1.xml")
    assert theme.xpath("//a:majorFont/a:latin/@typeface", namespaces={"a": A}) == ["DejaVu Sans"]
    assert theme.xpath("//a:minorFont/a:latin/@typeface", namespaces={"a": A}) == ["DejaVu Serif"]
    rule = part(data, "word/document.xml").xpath("//w:tblBorders/w:bottom/@w:color", namespaces=NS)
    assert rule == ["8B1E3F"]


def test_the_docx_logo_is_an_inline_image_with_a_valid_relationship() -> None:
    parts = docx_parts(render(branded(sample_letter())))
    assert parts["word/media/advocate-logo.png"] == BRAND_LOGO.read_bytes()
    document = part(render(branded(sample_letter())), "word/document.xml")
    (embed,) = document.xpath("//a:blip/@r:embed", namespaces={**NS, "a": A})
    rels = part(render(branded(sample_letter())), "word/_rels/document.xml.rels")
    (target,) = rels.xpath(f"//*[@Id='{embed}']/@Target")
    (kind,) = rels.xpath(f"//*[@Id='{embed}']/@Type")
    assert (target, kind) == ("media/advocate-logo.png", f"{NS['r']}/image")
    assert b'PartName="/word/media/advocate-logo.png" ContentType="image/png"' in parts["[Content_Types].xml"]


def test_an_unbranded_docx_keeps_the_template_styles_and_has_no_logo() -> None:
    parts = docx_parts(render(sample_letter()))
    assert not any(name.startswith("word/media/") for name in parts)
    with zipfile.ZipFile(project_templates_dir() / "letter.docx") as template:
        assert parts["word/theme/theme1.xml"] == template.read("word/theme/theme1.xml")


def test_a_logo_tag_in_a_word_header_is_left_empty(tmp_path: Path) -> None:
    """The logo's relationship is the main document's: a header that asks for it gets nothing."""
    template = tmp_path / "letter.docx"
    make_template(template, ["{{r letterhead.logo }}", *BODY_LOOP])
    document = docx.Document(str(template))
    document.sections[0].header.paragraphs[0].add_run("{{r letterhead.logo }}{{ letterhead.organisation }}")
    document.save(str(template))
    data = render(branded(sample_letter()), (tmp_path,))
    assert len(part(data, "word/document.xml").xpath("//a:blip", namespaces={**NS, "a": A})) == 1
    header = part(data, "word/header1.xml")
    assert not header.xpath("//a:blip", namespaces={**NS, "a": A})
    assert "".join(header.itertext()) == "Example Branded Office"
