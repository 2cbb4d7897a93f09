"""render_pdf: notes at the page foot of their call, metadata and tagging, scripts, the URL fetcher,
reproducible bytes."""

from __future__ import annotations

import dataclasses
import io
import os
import re
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pypdf
import pytest

from advocate.document import BulletList, Document, Note, NoteRef, Paragraph, Section, Text
from advocate.errors import AdvocateError
from advocate.render.pdf import render_pdf
from advocate.render.templates import project_templates_dir, search_path
from sample_documents import sample_briefing, sample_letter


def pages_text(data: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def font_names(data: bytes) -> set[str]:
    names: set[str] = set()
    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.values():
            names.add(str(ref.get_object()["/BaseFont"]))
    return names


@contextmanager
def deadline(seconds: int) -> Iterator[None]:
    """Fail instead of hanging (a fetch of a device or an unroutable address)."""

    def expired(signum: int, frame: Any) -> None:
        raise TimeoutError(f"render took longer than {seconds}s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def claim(n: int) -> str:
    return f"Claim number {n:03d} is made in this sentence."


def source(n: int) -> str:
    return f"Source record {n:03d}, a report by an organisation, page {n}."


FILLER = (
    " The evidence gathered by researchers and journalists over several years shows a consistent "
    "pattern of detention, forced labour and coercive measures, which the Government has accepted."
)


def long_letter(count: int = 30) -> Document:
    """A letter whose notes are spread over several pages; claim N calls note N."""
    blocks: list[Paragraph | BulletList] = []
    for n in range(1, count + 1):
        paragraph = Paragraph((Text(claim(n)), NoteRef(n), Text(FILLER * (1 + n % 3))))
        blocks.append(BulletList((paragraph,), numbered=True) if n % 7 == 0 else paragraph)
    notes = tuple(Note(n, (Text(source(n)),), (f"s{n}",)) for n in range(1, count + 1))
    return dataclasses.replace(sample_letter(), sections=(Section("body", None, tuple(blocks)),), notes=notes)


@pytest.fixture(scope="module")
def letter_pdf() -> bytes:
    return render_pdf(sample_letter(), search_path())


@pytest.fixture(scope="module")
def briefing_pdf() -> bytes:
    return render_pdf(sample_briefing(), search_path())


@pytest.fixture(scope="module")
def long_pdf() -> bytes:
    return render_pdf(long_letter(), search_path())


def test_is_a_pdf(letter_pdf: bytes, briefing_pdf: bytes) -> None:
    assert letter_pdf.startswith(b"%PDF-1.7")
    assert briefing_pdf.startswith(b"%PDF-1.7")


def test_notes_on_the_page_of_their_call_below_the_body(long_pdf: bytes) -> None:
    texts = pages_text(long_pdf)
    assert len(texts) >= 3
    seen = set()
    for page in texts:
        claims = [n for n in range(1, 31) if claim(n) in page]
        assert claims, page
        last_body = max(page.index(claim(n)) for n in claims)
        for n in claims:
            # the call prints the note's number right after the claim, the note is on this page...
            assert f"{claim(n)}{n}" in page
            assert source(n) in page, (n, page)
            # ...in the page foot, below the body text
            assert page.index(source(n)) > last_body
            seen.add(n)
        for n in set(range(1, 31)) - set(claims):
            assert source(n) not in page
    assert seen == set(range(1, 31))


def test_sample_notes_at_the_foot(letter_pdf: bytes, briefing_pdf: bytes) -> None:
    (letter,) = pages_text(letter_pdf)
    assert "I write about Xinjiang.1" in letter
    assert "I would be grateful for a reply.3,4,5" in letter
    for number, text in (
        (1, "Like We Were Enemies in a War (2021) 4."),
        (5, "ibid 9; Bosnia v Serbia para 431."),
    ):
        assert re.search(rf"\n{number} [^\n]*{re.escape(text)}", letter)
        assert letter.index(text) > letter.index("Yours sincerely,")
    (briefing,) = pages_text(briefing_pdf)
    assert briefing.index("Amnesty International (n 1) 7.") > briefing.index("Will the Minister act?")


def test_printed_numbers_are_the_note_numbers() -> None:
    doc = dataclasses.replace(
        sample_letter(),
        sections=(
            Section(
                "s", None, (Paragraph((Text("Alpha claim."), NoteRef(4), Text(" Beta claim."), NoteRef(9))),)
            ),
        ),
        notes=(Note(4, (Text("Four source."),), ("a",)), Note(9, (Text("Nine source."),), ("b",))),
    )
    (text,) = pages_text(render_pdf(doc, search_path()))
    assert "Alpha claim.4 Beta claim.9" in text
    assert "\n4 Four source." in text and "\n9 Nine source." in text


def test_page_x_of_y(long_pdf: bytes, letter_pdf: bytes) -> None:
    texts = pages_text(long_pdf)
    for number, page in enumerate(texts, start=1):
        assert f"Page {number} of {len(texts)}" in page
    assert "Page 1 of 1" in pages_text(letter_pdf)[0]


def test_metadata_and_language(briefing_pdf: bytes, letter_pdf: bytes) -> None:
    reader = pypdf.PdfReader(io.BytesIO(briefing_pdf))
    meta = reader.metadata
    assert meta is not None
    assert meta.title == "Uyghur genocide: briefing & notes <draft>"
    assert meta.author == 'Alex O\'Brien "Jr"'
    assert meta["/Keywords"] == "Detention, Torture"
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    letter = pypdf.PdfReader(io.BytesIO(letter_pdf))
    assert letter.metadata is not None
    assert letter.metadata.title == "Xinjiang: the UK's duty to prevent genocide"


def test_tagged_pdf_ua(letter_pdf: bytes) -> None:
    root = pypdf.PdfReader(io.BytesIO(letter_pdf)).trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert b"pdfuaid:part" in letter_pdf or "/Metadata" in root


def test_uyghur_and_chinese_text_and_fonts(briefing_pdf: bytes) -> None:
    (text,) = pages_text(briefing_pdf)
    assert "ئۇيغۇر" in text
    assert "新疆维吾尔自治区" in text
    fonts = font_names(briefing_pdf)
    assert any(re.search(r"Noto-?Sans-?CJK-?SC", name) for name in fonts), fonts
    assert any(re.search(r"Noto-?(Naskh|Sans)-?Arabic", name) for name in fonts), fonts


def test_letter_fits_one_page_and_long_letter_pages_are_compact(letter_pdf: bytes) -> None:
    assert len(pages_text(letter_pdf)) == 1
    assert len(pages_text(render_pdf(long_letter(12), search_path()))) <= 2


def user_folder(tmp_path: Path, before: str = "", after: str = "", template_front: str | None = None) -> Path:
    """A user template folder: the project's print.css between ``before`` and ``after``, and a
    letter.html whose front matter is ``template_front`` (when given)."""
    folder = tmp_path / "user"
    folder.mkdir(exist_ok=True)
    css = (project_templates_dir() / "print.css").read_text(encoding="utf-8")
    (folder / "print.css").write_text(f"{before}\n{css}\n{after}", encoding="utf-8")
    if template_front is not None:
        (folder / "letter.html").write_text(
            '{% extends "base.html" %}{% block front %}' + template_front + "{% endblock %}", encoding="utf-8"
        )
    return folder


REFUSED = ["file:///etc/hostname", "http://169.254.169.254/latest/meta-data/", "file:///dev/urandom"]


@pytest.mark.parametrize("url", REFUSED)
@pytest.mark.parametrize(
    "how",
    [
        "css-import",
        "css-background",
        "css-font-face",
        "template-img",
        "template-stylesheet",
    ],
)
def test_fetcher_refuses_urls_outside_the_template_folders(tmp_path: Path, url: str, how: str) -> None:
    if how == "css-import":
        folder = user_folder(tmp_path, f'@import url("{url}");')
    elif how == "css-background":
        folder = user_folder(tmp_path, after=f'body {{ background: url("{url}") }}')
    elif how == "css-font-face":
        folder = user_folder(
            tmp_path, after=f'@font-face {{ font-family: X; src: url("{url}") }} p {{ font-family: X }}'
        )
    elif how == "template-img":
        folder = user_folder(tmp_path, template_front=f'<img src="{url}" alt="x">')
    else:
        folder = user_folder(tmp_path, template_front=f'<link rel="stylesheet" href="{url}">')
    with deadline(30), pytest.raises(AdvocateError, match="refused to fetch") as caught:
        render_pdf(sample_letter(), search_path(folder))
    assert url in str(caught.value)


def test_fetcher_refuses_symlinks_and_images_reaching_out(tmp_path: Path) -> None:
    folder = user_folder(tmp_path, template_front='<img src="inside.png" alt="x">')
    os.symlink("/etc/hostname", folder / "inside.png")
    with deadline(30), pytest.raises(AdvocateError, match="refused to fetch"):
        render_pdf(sample_letter(), search_path(folder))
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"><image href="file:///etc/hostname"/></svg>'
    (folder / "logo.svg").write_text(svg, encoding="utf-8")
    (folder / "letter.html").write_text(
        '{% extends "base.html" %}{% block front %}<img src="logo.svg" alt="x">{% endblock %}',
        encoding="utf-8",
    )
    with deadline(30), pytest.raises(AdvocateError, match="etc/hostname"):
        render_pdf(sample_letter(), search_path(folder))


def test_fetcher_allows_files_inside_the_folder_and_data_urls(tmp_path: Path) -> None:
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"><rect width="9" height="9"/></svg>'
    data = "data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22 width=%225%22 height=%225%22/%3E"
    folder = user_folder(tmp_path, template_front=f'<img src="logo.svg" alt="logo"><img src="{data}" alt="">')
    (folder / "logo.svg").write_text(svg, encoding="utf-8")
    with deadline(30):
        assert render_pdf(sample_letter(), search_path(folder)).startswith(b"%PDF")


def test_user_stylesheet_is_used_and_reloaded_when_edited(tmp_path: Path) -> None:
    folder = user_folder(tmp_path, after="@page { size: A5 }")
    small = pypdf.PdfReader(io.BytesIO(render_pdf(sample_letter(), search_path(folder)))).pages[0]
    assert round(float(small.mediabox.width)) == 420  # A5, 148 mm
    folder = user_folder(tmp_path, after="@page { size: A4 landscape }")
    wide = pypdf.PdfReader(io.BytesIO(render_pdf(sample_letter(), search_path(folder)))).pages[0]
    assert round(float(wide.mediabox.width)) == 842


def test_reproducible_with_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1639094400")  # 2021-12-10
    first = render_pdf(sample_briefing(), search_path())
    second = render_pdf(sample_briefing(), search_path())
    assert first == second
    meta = pypdf.PdfReader(io.BytesIO(first)).metadata
    assert meta is not None and meta["/CreationDate"].startswith("D:20211210")


def test_bad_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(AdvocateError, match="SOURCE_DATE_EPOCH"):
        render_pdf(sample_letter(), search_path())
