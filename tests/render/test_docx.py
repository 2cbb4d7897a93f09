"""render_docx: real footnotes numbered as the Document numbers them, read back by python-docx,
pandoc and LibreOffice; literal text; document properties; reproducible bytes; user templates."""

from __future__ import annotations

import dataclasses
import io
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pypandoc
import pypdf
import pytest
from lxml import etree

from advocate.document import BulletList, Document, Note, NoteRef, Paragraph, Section, Text
from advocate.errors import AdvocateError
from advocate.render.docx import render_docx
from advocate.render.templates import search_path
from sample_documents import sample_briefing, sample_letter

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
LITERAL = "Text </w:t></w:r><w:r><w:t>X stays literal & <b>escaped</b>."
SAMPLES = {"briefing": sample_briefing, "letter": sample_letter}


def render(doc: Document, folders: tuple[Path, ...] | None = None) -> bytes:
    return render_docx(doc, folders or search_path())


def part(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read(name))


def note_text(note: Note) -> str:
    return "".join(run.text for run in note.runs)


def footnotes_by_id(data: bytes) -> dict[int, etree._Element]:
    root = part(data, "word/footnotes.xml")
    return {int(f.get(f"{{{W}}}id")): f for f in root.iterfind("w:footnote", NS)}


def make_template(path: Path, lines: list[str], bold: bool = False) -> Path:
    """A user template: one paragraph per line (bold runs when asked)."""
    document = docx.Document()
    for line in lines:
        document.add_paragraph().add_run(line).bold = bold
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


BODY_LOOP = [
    "{%p for section in sections %}",
    "{%p for para in section.paragraphs %}",
    "{{p para }}",
    "{%p endfor %}",
    "{%p endfor %}",
]


# --- Footnotes --------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", SAMPLES)
def test_each_call_is_a_footnote_reference_numbered_as_its_note(kind: str) -> None:
    doc = SAMPLES[kind]()
    data = render(doc)
    refs = part(data, "word/document.xml").xpath("//w:footnoteReference/@w:id", namespaces=NS)
    assert [int(r) for r in refs] == [note.number for note in doc.notes] == [1, 2, 3, 4, 5]

    notes = footnotes_by_id(data)
    assert notes[-1].get(f"{{{W}}}type") == "separator"
    assert notes[0].get(f"{{{W}}}type") == "continuationSeparator"
    for note in doc.notes:
        element = notes[note.number]
        assert element.get(f"{{{W}}}type") is None
        assert element.xpath("w:p/w:pPr/w:pStyle/@w:val", namespaces=NS) == ["FootnoteText"]
        first = element.xpath("w:p/w:r[1]", namespaces=NS)[0]
        assert first.xpath("w:rPr/w:rStyle/@w:val", namespaces=NS) == ["FootnoteReference"]
        assert first.find("w:footnoteRef", NS) is not None
        assert "".join(element.xpath(".//w:t/text()", namespaces=NS)) == " " + note_text(note)
    assert sorted(notes) == [-1, 0, 1, 2, 3, 4, 5]


def test_footnotes_part_is_declared() -> None:
    data = render(sample_letter())
    rels = part(data, "word/_rels/document.xml.rels")
    footnote_rels = [r for r in rels if r.get("Type", "").endswith("/relationships/footnotes")]
    assert [r.get("Target") for r in footnote_rels] == ["footnotes.xml"]
    assert footnote_rels[0].get("Type") == (
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
    )
    types = part(data, "[Content_Types].xml")
    overrides = {o.get("PartName"): o.get("ContentType") for o in types}
    assert overrides["/word/footnotes.xml"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
    )
    settings = part(data, "word/settings.xml")
    assert settings.xpath("w:footnotePr/w:footnote/@w:id", namespaces=NS) == ["-1", "0"]


def test_note_runs_keep_italics_and_references_are_superscript_style() -> None:
    data = render(sample_briefing())
    italic = footnotes_by_id(data)[1].xpath(".//w:r[w:rPr/w:i]/w:t/text()", namespaces=NS)
    assert italic == ["Like We Were Enemies in a War"]
    styles = part(data, "word/styles.xml")
    reference = styles.xpath("w:style[@w:styleId='FootnoteReference']", namespaces=NS)[0]
    assert reference.get(f"{{{W}}}type") == "character"
    assert reference.xpath(".//w:vertAlign/@w:val", namespaces=NS) == ["superscript"]
    assert styles.xpath("w:style[@w:styleId='FootnoteText']/@w:type", namespaces=NS) == ["paragraph"]


def test_consecutive_calls_are_separated_by_a_comma() -> None:
    data = render(sample_letter())
    last = part(data, "word/document.xml").xpath("//w:p[w:r/w:footnoteReference[@w:id='3']]", namespaces=NS)[
        0
    ]
    calls = [
        r.find("w:footnoteReference", NS).get(f"{{{W}}}id")
        if r.find("w:t", NS) is None
        else r.find("w:t", NS).text
        for r in last.iterfind("w:r", NS)
    ][1:]
    assert calls == ["3", ",", "4", ",", "5"]


# --- Other readers ----------------------------------------------------------------------------------


def plain_markdown(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text.replace("*", "")).replace("‘", "'").replace("’", "'")


@pytest.mark.parametrize("kind", SAMPLES)
def test_pandoc_reads_the_notes_as_footnotes(kind: str, tmp_path: Path) -> None:
    doc = SAMPLES[kind]()
    path = tmp_path / f"{kind}.docx"
    path.write_bytes(render(doc))
    result = subprocess.run(
        [pypandoc.get_pandoc_path(), "-f", "docx", "-t", "markdown", "--wrap=none", str(path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    definitions = dict(re.findall(r"^\[\^(\d+)\]: (.*)$", result.stdout, flags=re.MULTILINE))
    assert sorted(definitions, key=int) == [str(n.number) for n in doc.notes]
    for note in doc.notes:
        assert plain_markdown(definitions[str(note.number)]) == plain_markdown(note_text(note))
    calls = re.findall(r"\[\^(\d+)\](?!:)", result.stdout)
    assert calls == [str(n.number) for n in doc.notes]


def long_briefing() -> Document:
    """The sample briefing followed by a few pages of text without further notes."""
    filler = tuple(
        Paragraph((Text(f"Filler paragraph {i:02d}. " + "Ordinary words fill the line. " * 12),))
        for i in range(1, 25)
    )
    base = sample_briefing()
    *body, sources = base.sections
    background = Section("background", "Background", filler)
    return dataclasses.replace(base, sections=(*body, background, sources))


def pdf_pages(pdf: Path) -> list[str]:
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True, timeout=60
        ).stdout
        return [page for page in text.split("\f") if page.strip()]
    return [page.extract_text() for page in pypdf.PdfReader(str(pdf)).pages]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_sets_the_notes_at_the_foot_of_their_page(tmp_path: Path) -> None:
    doc = long_briefing()
    source = tmp_path / "briefing.docx"
    source.write_bytes(render(doc))
    profile = (tmp_path / "profile").as_uri()
    command = ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf"]
    subprocess.run(
        [*command, "--outdir", str(tmp_path), str(source)],
        capture_output=True,
        check=True,
        timeout=120,
    )
    pages = pdf_pages(tmp_path / "briefing.pdf")
    assert len(pages) >= 2
    first = " ".join(pages[0].split())
    last_body = first.rindex("Filler paragraph")  # the body runs down to the foot of page 1...
    for note in doc.notes:  # ...and every note, called on page 1, sits below it
        position = first.find(" ".join(note_text(note).split()))
        assert position > last_body, f"note {note.number} is not at the foot of page 1"
    for page in pages[1:]:  # not collected at the end as endnotes (notes 4 and 5 are not in Sources)
        assert "Amnesty International (n 1) 7." not in page and "Bosnia v Serbia" not in page
    assert "Page 1 of" in pages[0]


# --- Text, properties, reproducibility -----------------------------------------------------------


def test_text_arrives_literally() -> None:
    document = docx.Document(io.BytesIO(render(sample_briefing())))
    texts = [p.text for p in document.paragraphs]
    assert LITERAL in texts
    assert "Uyghur: ئۇيغۇر; Chinese: 新疆维吾尔自治区." in texts
    assert "Uyghur genocide: briefing & notes <draft>" in texts
    assert 'Prepared by Alex O\'Brien "Jr", Smith & Sons <Ltd>' in texts
    paragraph = document.paragraphs[texts.index(LITERAL)]
    assert [run.text for run in paragraph.runs if run.text] == [LITERAL]
    assert not any(run.text.startswith("X") for p in document.paragraphs for run in p.runs)


def test_letter_blocks_come_through() -> None:
    texts = [p.text for p in docx.Document(io.BytesIO(render(sample_letter()))).paragraphs]
    for expected in (
        "Smith & Sons <Ltd>",
        "10 December 2021",
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


def test_core_properties() -> None:
    document = docx.Document(io.BytesIO(render(sample_briefing())))
    props = document.core_properties
    assert props.title == "Uyghur genocide: briefing & notes <draft>"
    assert props.author == 'Alex O\'Brien "Jr"'
    assert props.keywords == "Detention, Torture"
    assert props.subject == "Detention, Torture"
    assert props.language == "en-GB"
    assert props.created.date().isoformat() == "2021-04-20"


def test_source_date_epoch_gives_identical_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14 22:13:20 UTC
    first = render(sample_letter())
    second = render(sample_letter())
    assert first == second
    core = part(first, "docProps/core.xml")
    assert core.findtext("{http://purl.org/dc/terms/}created") == "2023-11-14T22:13:20Z"
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert archive.testzip() is None
        assert archive.namelist()[0] == "[Content_Types].xml"
        assert {info.date_time for info in archive.infolist()} == {(2023, 11, 14, 22, 13, 20)}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "soon")
    with pytest.raises(AdvocateError, match="SOURCE_DATE_EPOCH"):
        render(sample_letter())


# --- Links, lists --------------------------------------------------------------------------------


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
    rel_id = body.xpath("//w:hyperlink/@r:id", namespaces={**NS, "r": ns_r()})
    assert len(rel_id) == 1
    rels = {r.get("Id"): r for r in part(data, "word/_rels/document.xml.rels")}
    assert rels[rel_id[0]].get("Target") == url and rels[rel_id[0]].get("TargetMode") == "External"
    note_link = footnotes_by_id(data)[5].xpath("//w:hyperlink/@r:id", namespaces={**NS, "r": ns_r()})
    note_rels = {r.get("Id"): r.get("Target") for r in part(data, "word/_rels/footnotes.xml.rels")}
    assert note_rels[note_link[0]] == url
    assert "that" in body.xpath("//w:t/text()", namespaces=NS)


def ns_r() -> str:
    return "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


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


# --- User templates and errors -------------------------------------------------------------------


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


def test_template_that_drops_notes_is_an_error(tmp_path: Path) -> None:
    make_template(tmp_path / "letter.docx", ["{{ title }}"])
    with pytest.raises(AdvocateError, match=r"each note once.*missing \[1, 2, 3, 4, 5\]"):
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


def part_bytes(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("word/document.xml")


def test_reserved_characters_in_text_are_refused() -> None:
    base = sample_letter()
    doc = dataclasses.replace(
        base, sections=(Section("x", None, (Paragraph((Text("a\ue000b"), NoteRef(1))),)),)
    )
    with pytest.raises(AdvocateError, match="U\\+E000"):
        render(doc)


def test_a_file_that_is_not_a_word_template_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "letter.docx").write_text("not a zip", encoding="utf-8")
    with pytest.raises(AdvocateError, match="not a usable Word template"):
        render(sample_letter(), (tmp_path,))


@pytest.mark.parametrize("char", ["\x00", "\x0b", "\ud800", "\uffff"])
def test_characters_xml_cannot_carry_are_refused_not_dropped(char: str) -> None:
    """#3 for documents made by other callers: the loaders refuse these first, naming the field."""
    doc = dataclasses.replace(sample_letter(), title=f"Title{char}")
    with pytest.raises(AdvocateError, match=f"U\\+{ord(char):04X}"):
        render(doc)
