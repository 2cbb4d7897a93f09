"""build: the whole pipeline, from briefs to files, read back by independent readers."""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import zipfile
from collections.abc import Sequence
from pathlib import Path

import pytest
from lxml import etree
from pypdf import PdfReader

from advocate.assemble import assemble
from advocate.brief import Brief, load_briefs
from advocate.build import build, cited_document, prepare
from advocate.cli import main
from advocate.document import Citation, Document, NoteRef, paragraphs
from advocate.library.check import load_checked_library
from advocate.library.models import Library
from advocate.render.docx import render_docx
from advocate.render.pdf import LaidOut, render_pdf
from advocate.render.templates import search_path

REPO = Path(__file__).resolve().parents[1]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FOLDERS = search_path(None)


@pytest.fixture(scope="module")
def library() -> Library:
    return load_checked_library(REPO / "library")


@pytest.fixture(scope="module")
def briefs(library: Library) -> list[Brief]:
    return load_briefs(sorted((REPO / "briefs").glob("*.yaml")), library)


@pytest.fixture(scope="module")
def built(library: Library, briefs: list[Brief]) -> dict[str, tuple[Document, bytes, bytes]]:
    result = {}
    for brief in briefs:
        document = cited_document(library, brief, FOLDERS)
        result[brief.name] = (document, render_docx(document, FOLDERS), render_pdf(document, FOLDERS))
    return result


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def docx_notes(data: bytes) -> tuple[list[int], dict[int, str]]:
    with zipfile.ZipFile(io.BytesIO(data)) as docx:
        body = etree.fromstring(docx.read("word/document.xml"))
        notes = etree.fromstring(docx.read("word/footnotes.xml"))
    calls = [int(ref.get(f"{W}id")) for ref in body.iter(f"{W}footnoteReference")]
    texts = {
        int(note.get(f"{W}id")): "".join(t.text or "" for t in note.iter(f"{W}t"))
        for note in notes.iter(f"{W}footnote")
        if int(note.get(f"{W}id")) > 0
    }
    return calls, texts


def test_six_example_briefs_cover_every_audience(briefs: list[Brief]) -> None:
    assert len(briefs) >= 6
    assert {(b.kind, b.audience) for b in briefs} >= {
        ("briefing", "mp"),
        ("letter", "minister"),
        ("briefing", "minister"),
        ("letter", "company"),
        ("briefing", "company"),
        ("letter", "constituent"),
    }


def test_notes_are_numbered_in_reading_order_and_trace_to_citations(
    library: Library, briefs: list[Brief], built: dict[str, tuple[Document, bytes, bytes]]
) -> None:
    for brief in briefs:
        document = built[brief.name][0]
        uncited = assemble(
            library, brief, allowed=frozenset(document.items), homes=document.homes
        )  # as fitted
        calls = [run.number for p in paragraphs(document) for run in p.runs if isinstance(run, NoteRef)]
        assert calls == list(range(1, len(document.notes) + 1)), brief.name
        citations = [run for p in paragraphs(uncited) for run in p.runs if isinstance(run, Citation)]
        assert [tuple(c.source for c in citation.cites) for citation in citations] == [
            note.sources for note in document.notes
        ], brief.name


def test_docx_and_pdf_carry_the_same_notes_with_the_same_numbers(
    built: dict[str, tuple[Document, bytes, bytes]],
) -> None:
    for name, (document, docx, pdf) in built.items():
        calls, texts = docx_notes(docx)
        assert calls == [note.number for note in document.notes], name
        pdf_text = squash("".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))
        for note in document.notes:
            expected = squash("".join(run.text for run in note.runs))
            assert squash(texts[note.number]) == expected, (name, note.number)
            assert expected in pdf_text, (name, note.number)


def test_letters_keep_within_their_page_budget(
    library: Library, briefs: list[Brief], built: dict[str, tuple[Document, bytes, bytes]]
) -> None:
    for brief in briefs:
        if brief.kind != "letter":
            continue
        budget = library.audiences[brief.audience].documents["letter"].max_pages
        pages = len(PdfReader(io.BytesIO(built[brief.name][2])).pages)
        assert pages <= min(budget, 2), (brief.name, pages)


def test_oscola_rules_hold_in_a_built_document(built: dict[str, tuple[Document, bytes, bytes]]) -> None:
    notes = ["".join(run.text for run in note.runs) for doc, _, _ in built.values() for note in doc.notes]
    assert any(text.startswith("ibid") for text in notes)
    assert any(re.search(r"\(n \d+\)", text) for text in notes)
    assert not any(text.startswith("Ibid") for text in notes)


def test_a_chicago_style_brief_builds_with_chicago_notes(library: Library, briefs: list[Brief]) -> None:
    brief = dataclasses.replace(briefs[0], citation_style="chicago-notes-bibliography-subsequent-ibid")
    document = cited_document(library, brief, FOLDERS)
    texts = ["".join(run.text for run in note.runs) for note in document.notes]
    assert any(text.startswith("Ibid.") for text in texts)
    assert not any(re.search(r"\(n \d+\)", text) for text in texts)


def test_cli_build_writes_each_brief_and_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    brief = REPO / "briefs" / "constituent-letter.yaml"
    status = main(["build", str(brief), "--library", str(REPO / "library"), "--out", str(tmp_path)])
    out = capsys.readouterr().out
    assert status == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["constituent-letter.docx", "constituent-letter.pdf"]
    assert f"wrote {tmp_path / 'constituent-letter.docx'}" in out
    assert (tmp_path / "constituent-letter.pdf").read_bytes().startswith(b"%PDF-")


def test_bad_briefs_are_all_reported_and_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = REPO / "briefs" / "constituent-letter.yaml"
    bad_one = tmp_path / "bad-one.yaml"
    bad_one.write_text(good.read_text(encoding="utf-8").replace("audience: constituent", "audience: mayor"))
    bad_two = tmp_path / "bad-two.yaml"
    bad_two.write_text(good.read_text(encoding="utf-8").replace("date: 2021-12-15", "date: 15/12/2021"))
    out = tmp_path / "out"
    status = main(
        [
            "build",
            str(good),
            str(bad_one),
            str(bad_two),
            "--library",
            str(REPO / "library"),
            "--out",
            str(out),
        ]
    )
    err = capsys.readouterr().err
    assert status == 1
    assert f"{bad_one}:" in err and "unknown audience 'mayor'" in err
    assert re.search(
        rf"{re.escape(str(bad_two))}:\d+:\d+: date: expected a date \(YYYY-MM-DD\), got '15/12/2021'", err
    )
    assert "Traceback" not in err
    assert not out.exists()


def test_build_library_function_returns_paths(tmp_path: Path) -> None:
    written = build([REPO / "briefs" / "letter-to-retailer-ceo.yaml"], REPO / "library", tmp_path, ["docx"])
    assert written == [tmp_path / "letter-to-retailer-ceo.docx"]
    calls, texts = docx_notes(written[0].read_bytes())
    assert calls and sorted(texts) == calls


def test_every_example_is_within_its_page_budget(built: dict[str, tuple[Document, bytes, bytes]]) -> None:
    for name, (document, _, pdf) in built.items():
        assert document.max_pages is not None
        assert len(PdfReader(io.BytesIO(pdf)).pages) <= document.max_pages, name


def test_a_document_within_budget_is_laid_out_once_and_that_layout_is_the_pdf(
    library: Library, briefs: list[Brief], monkeypatch: pytest.MonkeyPatch
) -> None:
    import advocate.build as pipeline

    calls: list[Document] = []
    real = pipeline.lay_out

    def counting(document: Document, folders: Sequence[Path]) -> LaidOut:
        calls.append(document)
        return real(document, folders)

    monkeypatch.setattr(pipeline, "lay_out", counting)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # the same creation date in both PDFs
    letter = next(b for b in briefs if b.name == "constituent-letter")
    prepared = prepare(library, letter, FOLDERS)
    assert len(calls) == 1 and prepared.pdf == render_pdf(prepared.document, FOLDERS)
    calls.clear()
    alone = prepare(library, letter, FOLDERS, pdf=False)  # DOCX alone: the estimate says it fits
    assert calls == [] and alone.pdf is None and alone.document == prepared.document


def test_the_build_says_what_it_left_out_to_fit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    brief = REPO / "briefs" / "mp-debate-briefing.yaml"
    args = [
        "build",
        str(brief),
        "--library",
        str(REPO / "library"),
        "--out",
        str(tmp_path),
        "--format",
        "pdf",
    ]
    assert main(args) == 0
    err = capsys.readouterr().err
    assert re.search(r"note: mp-debate-briefing: left out \d+ item\(s\) to fit 12 page\(s\): ", err)
    assert len(PdfReader(str(tmp_path / "mp-debate-briefing.pdf")).pages) <= 12


def test_the_build_names_what_rests_only_on_unverified_sources(
    library_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sources = library_copy / "sources.yaml"
    sources.write_text(
        sources.read_text(encoding="utf-8").replace("    URL: https://example.org/amnesty\n", ""),
        encoding="utf-8",
    )
    brief = tmp_path / "mp-letter.yaml"
    brief.write_text(
        "kind: letter\naudience: mp\ntitle: A letter\ndate: 2024-06-01\nrecipient: {name: A Recipient}\n"
        "sender: {name: A Sender}\ntopics: [detention, recognition]\n",
        encoding="utf-8",
    )
    args = ["build", str(brief), "--library", str(library_copy), "--out", str(tmp_path / "out")]
    assert main([*args, "--format", "docx"]) == 0
    err = capsys.readouterr().err
    assert err.splitlines() == [
        "note: mp-letter: 1 item(s) rest only on unverified sources (no URL and date checked): point "
        "detention-scale; check them against their sources before sending"
    ]
    # Verified again: no note.
    sources.write_text(
        sources.read_text(encoding="utf-8").replace(
            "    accessed: 2024-01-10\n",
            "    URL: https://example.org/amnesty\n    accessed: 2024-01-10\n",
            1,
        ),
        encoding="utf-8",
    )
    assert main([*args, "--format", "docx"]) == 0
    assert capsys.readouterr().err == ""


@pytest.fixture
def library_copy(tmp_path: Path) -> Path:
    """A copy of the tests' mini library, whose sources a test may change."""
    target = tmp_path / "library"
    shutil.copytree(REPO / "tests" / "fixtures" / "minilib", target)
    return target
