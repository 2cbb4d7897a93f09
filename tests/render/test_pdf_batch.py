"""render_pdf_batch: one PDF per document, each the same as render_pdf gives for that document (pages,
page numbers, notes on the page of their call, metadata, tags), reproducible; letters that fill their
last page exactly or whose notes run on to another page."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import pypdf
import pytest

from advocate.document import BulletList, Document, Note, NoteRef, Paragraph, Section, Text
from advocate.errors import AdvocateError
from advocate.render.pdf import render_pdf, render_pdf_batch
from advocate.render.templates import search_path
from sample_documents import SENDER, sample_briefing, sample_letter

EPOCH = "1639094400"  # 2021-12-10


def pages_text(data: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def renumbered(block: Paragraph | BulletList, offset: int) -> Paragraph | BulletList:
    def para(p: Paragraph) -> Paragraph:
        runs = tuple(NoteRef(r.number + offset) if isinstance(r, NoteRef) else r for r in p.runs)
        return dataclasses.replace(p, runs=runs)

    if isinstance(block, BulletList):
        return dataclasses.replace(block, items=tuple(para(p) for p in block.items))
    return para(block)


def repeated(doc: Document, times: int) -> Document:
    """``doc`` with its sections said ``times`` times; each repeat calls its own copies of the notes
    (numbered on, their text marked with the repeat), so every note's text is unique."""
    count = len(doc.notes)
    sections = []
    notes = []
    for j in range(times):
        offset = j * count
        for section in doc.sections:
            sections.append(
                dataclasses.replace(section, blocks=tuple(renumbered(b, offset) for b in section.blocks))
            )
        for note in doc.notes:
            runs = (*note.runs, Text(f" [copy {j + 1}]"))
            notes.append(Note(note.number + offset, runs, note.sources))
    return dataclasses.replace(doc, sections=tuple(sections), notes=tuple(notes))


def letter(i: int, times: int = 1) -> Document:
    sender = dataclasses.replace(SENDER, name=f"Constituent Number{i} Person", organisation=None)
    doc = dataclasses.replace(sample_letter(), title=f"Letter subject {i}: Xinjiang", sender=sender)
    return repeated(doc, times) if times > 1 else doc


@pytest.fixture(scope="module")
def documents() -> list[Document]:
    # the two-page letter sits between one-page letters (a batch-wide page count would show)
    return [letter(0), letter(1, times=7), letter(2), sample_briefing(), letter(4)]


@pytest.fixture(scope="module")
def epoch() -> str:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        yield EPOCH


@pytest.fixture(scope="module")
def batch(documents: list[Document], epoch: str) -> list[bytes]:
    return render_pdf_batch(documents, search_path())


@pytest.fixture(scope="module")
def singles(documents: list[Document], epoch: str) -> list[bytes]:
    return [render_pdf(doc, search_path()) for doc in documents]


def test_one_pdf_per_document_with_render_pdf_pages(
    documents: list[Document], batch: list[bytes], singles: list[bytes]
) -> None:
    assert len(batch) == len(documents)
    counts = [len(pages_text(data)) for data in batch]
    assert counts == [len(pages_text(data)) for data in singles]
    assert counts[1] == 2, "the repeated letter should run to two pages"
    for data, single in zip(batch, singles, strict=True):
        assert data.startswith(b"%PDF-1.7")
        assert pages_text(data) == pages_text(single)
    assert batch == singles  # with SOURCE_DATE_EPOCH, the very bytes render_pdf gives


def test_each_pdf_holds_only_its_own_document(documents: list[Document], batch: list[bytes]) -> None:
    for index, (doc, data) in enumerate(zip(documents, batch, strict=True)):
        text = "\n".join(pages_text(data))
        assert doc.title in text
        assert doc.sender.name in text
        for other, other_doc in enumerate(documents):
            if other != index:
                assert other_doc.title not in text
                if other_doc.sender.name != doc.sender.name:
                    assert other_doc.sender.name not in text


def test_page_x_of_y_counts_the_documents_own_pages(batch: list[bytes]) -> None:
    for data in batch:
        texts = pages_text(data)
        for number, page in enumerate(texts, start=1):
            assert f"Page {number} of {len(texts)}" in page, page[-80:]


def test_notes_on_the_same_page_as_in_render_pdf(
    documents: list[Document], batch: list[bytes], singles: list[bytes]
) -> None:
    for doc, data, single in zip(documents, batch, singles, strict=True):
        ours, theirs = pages_text(data), pages_text(single)
        for note in doc.notes:
            text = "".join(run.text for run in note.runs)
            if sum(text in page for page in theirs) != 1:
                continue  # "ibid." and friends: not unique on the page
            assert [text in page for page in ours] == [text in page for page in theirs], text
    two_pages = pages_text(batch[1])
    assert "[copy 1]" in two_pages[0] and "[copy 7]" in two_pages[1]


def test_metadata_language_and_tags_per_document(documents: list[Document], batch: list[bytes]) -> None:
    for doc, data in zip(documents, batch, strict=True):
        reader = pypdf.PdfReader(io.BytesIO(data))
        assert reader.metadata is not None
        assert reader.metadata.title == doc.title
        assert reader.metadata.author == doc.sender.name
        assert reader.metadata["/CreationDate"].startswith("D:20211210")
        root = reader.trailer["/Root"]
        assert root["/Lang"] == doc.lang
        assert bool(root["/MarkInfo"]["/Marked"])
        assert "/StructTreeRoot" in root
        assert b"pdfuaid:part" in root["/Metadata"].get_object().get_data()
    briefing = pypdf.PdfReader(io.BytesIO(batch[3])).metadata
    assert briefing is not None and briefing["/Keywords"] == "Detention, Torture"


def test_reproducible_with_source_date_epoch(
    documents: list[Document], batch: list[bytes], epoch: str
) -> None:
    assert render_pdf_batch(documents, search_path()) == batch


def page_filler(words: int, note_words: int) -> Document:
    body = Paragraph((Text("Opening." + " evidence" * words), NoteRef(1)))
    note = Note(1, (Text("Source." + " report" * note_words),), ("x",))
    return dataclasses.replace(sample_letter(), sections=(Section("s", None, (body,)),), notes=(note,))


def test_a_letter_that_just_fills_its_page_gets_no_extra_page() -> None:
    # with these sizes the sign-off ends a few points above the foot of page 1, closer than the
    # letter's last bottom margins (anything after the letter in the flow would start a page 2)
    docs = [page_filler(233, m) for m in (36, 42, 48)] + [page_filler(234, 36)]
    counts = [len(pages_text(data)) for data in render_pdf_batch(docs, search_path())]
    assert counts == [len(pages_text(render_pdf(doc, search_path()))) for doc in docs]
    assert counts == [1, 1, 1, 2]


def test_a_note_running_on_past_its_letter_keeps_to_that_letter() -> None:
    # a note too long for its page goes on to the next page, which stays the letter's own
    long_note = dataclasses.replace(
        page_filler(10, 0), notes=(Note(1, (Text("Source." + " report" * 600),), ()),)
    )
    for docs in ([letter(0), long_note, letter(2)], [letter(0), letter(2), long_note]):
        expected = [pages_text(render_pdf(doc, search_path())) for doc in docs]
        assert max(len(pages) for pages in expected) > 1
        assert [pages_text(data) for data in render_pdf_batch(docs, search_path())] == expected


def test_empty_batch() -> None:
    assert render_pdf_batch([], search_path()) == []


def test_refused_url_fails_the_batch(tmp_path: Path) -> None:
    folder = tmp_path / "user"
    folder.mkdir()
    (folder / "letter.html").write_text(
        '{% extends "base.html" %}{% block front %}<img src="file:///etc/hostname" alt="x">{% endblock %}',
        encoding="utf-8",
    )
    with pytest.raises(AdvocateError, match="refused to fetch 'file:///etc/hostname'"):
        render_pdf_batch([letter(0), letter(1)], search_path(folder))
