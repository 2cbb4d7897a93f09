"""render.docx.template: user templates (markers split inside formatted runs, notes called once
in order, sandbox, reload), unusable files; the project's templates share print.css's geometry."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from openxml_audit import OpenXmlValidator

from advocate.errors import AdvocateError
from advocate.render.templates import project_templates_dir
from docx_parts import (
    BODY_LOOP,
    NS,
    W,
    body_paragraphs,
    make_template,
    part,
    part_bytes,
    render,
    text_of,
)
from sample_documents import branded, sample_briefing, sample_letter


def test_marker_inside_a_formatted_run_is_split_keeping_formatting(tmp_path: Path) -> None:
    lines = [
        "{%p for section in sections %}",
        "{%p for para in section.paragraphs %}",
        ">> {{ para.text }} <<",
    ]
    make_template(tmp_path / "letter.docx", [*lines, "{%p endfor %}", "{%p endfor %}"], bold=True)
    data = render(sample_letter(), (tmp_path,))
    body = part(data, "word/document.xml")
    paragraph = body.xpath("//w:p[w:r/w:footnoteReference[@w:id='3']]", namespaces=NS)[0]
    runs = paragraph.findall("w:r", NS)
    kinds = [
        "ref" if r.find("w:footnoteReference", NS) is not None else r.findtext("w:t", namespaces=NS)
        for r in runs
    ]
    assert kinds == [">> I would be grateful for a reply.", "ref", "ref", "ref", " <<"]
    assert all(runs[i].find("w:rPr/w:b", NS) is not None for i in (0, 4))
    assert runs[4].find("w:t", NS).get("{http://www.w3.org/XML/1998/namespace}space") == "preserve"
    refs = body.xpath("//w:footnoteReference/@w:id", namespaces=NS)
    assert refs == ["1", "2", "3", "4", "5"]
    styles = part(data, "word/styles.xml")  # a user's template gets the styles the notes need
    assert styles.xpath("w:style[@w:styleId='FootnoteReference']", namespaces=NS)


@pytest.mark.parametrize("first_line", ["Example Office, 1 Example Street", "{{ letterhead.organisation }}"])
def test_a_word_letterhead_without_a_body_gets_the_body_and_real_footnotes_after_it(
    tmp_path: Path, first_line: str
) -> None:
    make_template(tmp_path / "letter.docx", [first_line, "Registered charity 000000"])
    data = render(sample_letter(), (tmp_path,))
    texts = [text_of(p) for p in body_paragraphs(data)]
    assert texts[0] in ("Example Office, 1 Example Street", "Smith & Sons <Ltd>")
    assert texts[1:3] == ["Registered charity 000000", "The Rt Hon Jane Doe MP\t10 December 2021"]
    assert "Dear Foreign Secretary," in texts and texts[-1] == "Smith & Sons <Ltd>"
    document = part(data, "word/document.xml")
    assert [int(x) for x in document.xpath("//w:footnoteReference/@w:id", namespaces=NS)] == [1, 2, 3, 4, 5]
    assert not document.xpath("//w:tbl", namespaces=NS)  # no second letterhead under the user's
    styles = part(data, "word/styles.xml")
    used = set(document.xpath("//w:pStyle/@w:val", namespaces=NS))
    defined = set(styles.xpath("//w:style/@w:styleId", namespaces=NS))
    assert used <= defined
    assert not styles.xpath("//w:style[@w:styleId='Subject']//w:rFonts", namespaces=NS)


def test_a_template_that_loops_over_sections_but_places_no_note_is_an_error(tmp_path: Path) -> None:
    make_template(tmp_path / "letter.docx", ["{{ title }} ({{ sections|length }} sections)"])
    with pytest.raises(AdvocateError) as raised:
        render(sample_letter(), (tmp_path,))
    assert str(raised.value) == (
        f"{tmp_path / 'letter.docx'}: the DOCX template places no body, so none of the document's 5 notes: "
        "add the body below your letterhead, one paragraph a line: {%p for section in sections %} … "
        "{%p for para in section.paragraphs %} {{p para }} {%p endfor %} … {%p endfor %} (copy it from the "
        "project's templates/letter.docx or briefing.docx)"
    )


def test_template_that_drops_some_notes_is_an_error(tmp_path: Path) -> None:
    lines = ["{%p for section in sections[:1] %}", *BODY_LOOP[1:4], "{%p endfor %}"]
    make_template(tmp_path / "letter.docx", lines)
    with pytest.raises(
        AdvocateError, match=r"letter.docx: the DOCX template must call each note once.*missing"
    ):
        render(sample_letter(), (tmp_path,))


def test_template_calling_notes_out_of_order_is_an_error(tmp_path: Path) -> None:
    lines = ["{%p for section in sections|reverse %}", *BODY_LOOP[1:4], "{%p endfor %}"]
    make_template(tmp_path / "letter.docx", lines)
    with pytest.raises(AdvocateError, match="in order"):
        render(sample_letter(), (tmp_path,))


def test_user_templates_are_sandboxed(tmp_path: Path) -> None:
    make_template(tmp_path / "letter.docx", ["{{ document.__class__.__mro__ }}", *BODY_LOOP])
    with pytest.raises(AdvocateError, match=r"letter\.docx: template error .*unsafe"):
        render(sample_letter(), (tmp_path,))


def test_changed_template_is_reloaded(tmp_path: Path) -> None:
    path = make_template(tmp_path / "letter.docx", ["First {{ title }}", *BODY_LOOP])
    assert b"First" in part_bytes(render(sample_letter(), (tmp_path,)))
    make_template(path, ["Second {{ title }}", *BODY_LOOP])
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000_000))
    assert b"Second" in part_bytes(render(sample_letter(), (tmp_path,)))


def test_a_file_that_is_not_a_word_template_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "letter.docx").write_text("not a zip", encoding="utf-8")
    with pytest.raises(AdvocateError, match="not a usable Word template"):
        render(sample_letter(), (tmp_path,))


# --- The project's templates share print.css's page and type -------------------------------------

MM_TWIPS = 1440 / 25.4


def css_page() -> tuple[list[float], float]:
    """``@page { margin: top right bottom left }`` and ``@page :first { margin-top }`` (mm)."""
    css = (project_templates_dir() / "print.css").read_text(encoding="utf-8")
    page = css[css.index("@page {") :]
    match = re.search(r"margin:\s*([\d.]+)mm\s+([\d.]+)mm\s+([\d.]+)mm\s+([\d.]+)mm;", page)
    assert match, "print.css sets the page margins as four lengths in mm"
    assert "size: A4;" in page
    first = re.search(r"@page :first \{\s*margin-top:\s*([\d.]+)mm;", css)
    assert first, "print.css sets the first page's top margin in mm"
    return [float(x) for x in match.groups()], float(first.group(1))


def twips(mm: float) -> int:
    return round(mm * MM_TWIPS)


@pytest.mark.parametrize("kind", ["letter", "briefing"])
def test_templates_use_the_pdfs_page(kind: str) -> None:
    """Page 1's text starts at ``@page :first``'s top margin; the running title (its line and its
    space after) takes the text of later pages down to ``@page``'s."""
    data = (project_templates_dir() / f"{kind}.docx").read_bytes()
    (section,) = part(data, "word/document.xml").xpath("//w:body/w:sectPr", namespaces=NS)
    size = section.find("w:pgSz", NS)
    assert (int(size.get(f"{{{W}}}w")), int(size.get(f"{{{W}}}h"))) == (11906, 16838)  # A4
    (top, right, bottom, left), first_top = css_page()
    get = {side.rsplit("}", 1)[-1]: int(value) for side, value in section.find("w:pgMar", NS).items()}
    assert [get["top"], get["right"], get["bottom"], get["left"]] == [
        twips(first_top),
        *map(twips, (right, bottom, left)),
    ]
    assert section.find("w:titlePg", NS) is not None  # no running title on page 1, as @page :first
    (running,) = part(data, "word/styles.xml").xpath("w:style[@w:styleId='RunningHead']", namespaces=NS)
    line = int(running.xpath("w:pPr/w:spacing/@w:line", namespaces=NS)[0])
    after = int(running.xpath("w:pPr/w:spacing/@w:after", namespaces=NS)[0])
    assert abs(get["header"] + line + after - twips(top)) <= 1


def style_props(data: bytes, style_id: str) -> dict[str, str]:
    (style,) = part(data, "word/styles.xml").xpath(f"w:style[@w:styleId='{style_id}']", namespaces=NS)
    props = {}
    for path in ("w:rPr/w:sz/@w:val", "w:pPr/w:spacing/@w:line", "w:pPr/w:spacing/@w:lineRule"):
        found = style.xpath(path, namespaces=NS)
        props[path.rsplit("@", 1)[1]] = str(found[0]) if found else ""
    props["font"] = "".join(style.xpath("w:rPr/w:rFonts/@w:ascii", namespaces=NS))
    return props


@pytest.mark.parametrize("kind", ["letter", "briefing"])
def test_templates_use_the_pdfs_type(kind: str) -> None:
    """html { 11pt Noto Serif; line-height: 1.35 } and .footnote { 8.5pt Noto Sans; line-height: 1.3 }."""
    data = (project_templates_dir() / f"{kind}.docx").read_bytes()
    css = (project_templates_dir() / "print.css").read_text(encoding="utf-8")
    assert "font-size: 11pt;\n  line-height: 1.35;" in css
    assert "font-size: 8.5pt;\n  line-height: 1.3;" in css
    assert style_props(data, "Normal") == {
        "w:val": "22",
        "w:line": str(round(11 * 1.35 * 20)),
        "w:lineRule": "exact",
        "font": "Noto Serif",
    }
    assert style_props(data, "FootnoteText") == {
        "w:val": "17",
        "w:line": str(round(8.5 * 1.3 * 20)),
        "w:lineRule": "exact",
        "font": "Noto Sans",
    }


def test_a_word_letterhead_with_the_body_appended_passes_the_ooxml_audit(tmp_path: Path) -> None:
    make_template(tmp_path / "briefing.docx", ["Example Office letterhead"])
    (tmp_path / "out.docx").write_bytes(render(branded(sample_briefing()), (tmp_path,)))
    errors = [str(e) for e in OpenXmlValidator(max_errors=50).validate(tmp_path / "out.docx").errors]
    # python-docx's blank document (what make_template starts from) carries Word 2010's optional
    # stylesWithEffects part, which no longer matches once any style is added: not this test's matter.
    assert [e for e in errors if "stylesWithEffects" not in e] == []
