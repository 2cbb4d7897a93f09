"""render.docx.footnotes: real footnotes numbered as the Document numbers them, read back by
python-docx, pandoc and LibreOffice (at the foot of their page)."""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
from pathlib import Path

import pypandoc
import pypdf
import pytest

from advocate.document import Document, Paragraph, Section, Text
from docx_parts import (
    NS,
    W,
    footnotes_by_id,
    note_text,
    part,
    render,
    text_of,
)
from sample_documents import sample_briefing, sample_letter

SAMPLES = {"briefing": sample_briefing, "letter": sample_letter}


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
        assert text_of(element) == "\t" + note_text(note)  # the number hangs, the text at a tab
    assert sorted(notes) == [-1, 0, 1, 2, 3, 4, 5]


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
