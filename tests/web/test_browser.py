"""End to end in a real browser: Debian's Chromium, driven by Playwright, with JavaScript switched off.

A constituent fills the form with the keyboard and a few clicks, previews the letter, downloads the
PDF and the DOCX, and the files are read back (pypdf; the DOCX's footnotes.xml). The app runs under
uvicorn on a free localhost port. Skipped only when /usr/bin/chromium is missing; ``make test``
installs it.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright
from pypdf import PdfReader

from advocate.library.load import load_library
from advocate.web import running

from .browser import CHROMIUM, launch
from .conftest import settings

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="needs Debian's chromium (make setup installs it)"
)

PERSONAL_LINES = (
    "My neighbour's family has not heard from her brother for years.",
    "Please do not look away.",
)


@pytest.fixture
def site(tmp_path: Path) -> Iterator[str]:
    with running(settings(tmp_path / "data")) as url:
        yield url


@pytest.fixture
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


def type_into(page: Page, selector: str, text: str) -> None:
    page.focus(selector)
    page.keyboard.type(text)


def test_a_constituent_writes_previews_and_downloads_a_letter(
    site: str, browser: Browser, tmp_path: Path
) -> None:
    context = browser.new_context(java_script_enabled=False, accept_downloads=True)
    page = context.new_page()
    page.goto(site + "/")
    page.get_by_role("link", name="The treatment of the Uyghurs in Xinjiang").click()

    type_into(page, "#field-find", "sampleford")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"find=sampleford"))
    assert page.locator("input[name=rep]").count() == 2  # the match and "someone else"
    page.get_by_label("Jordan Example MP, Sampleford").check()

    type_into(page, "#field-name", "Sam O'Sample & Co")
    page.keyboard.press("Tab")
    page.keyboard.type("14 Sample Lane")  # Tab moved to address line 1
    type_into(page, "#field-town", "Sampleford")
    type_into(page, "#field-postcode", "SF1 2AB")
    type_into(page, "#field-email", "sam@example.org")

    points = page.locator("#field-points input[type=checkbox]")
    claims = [page.locator(f"label[for={points.nth(i).get_attribute('id')}]").inner_text() for i in (0, 1)]
    points.nth(0).focus()
    page.keyboard.press("Space")
    points.nth(1).check()

    type_into(page, "#field-personal", PERSONAL_LINES[0])
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    page.keyboard.type(PERSONAL_LINES[1])
    page.keyboard.press("Tab")
    expect(page.locator("#letter-form button[value=preview]")).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_selector("#preview")

    frame = page.frame_locator("#preview iframe")
    assert "Dear Jordan Example," in frame.locator("body").inner_text()
    notes = frame.locator(".notes-list li")
    assert notes.count() >= 2
    assert "Sam O'Sample & Co" in frame.locator(".letterhead").inner_text()

    with page.expect_download() as pdf_download:
        page.locator("#preview button[value=pdf]").click()
    pdf_path = tmp_path / "letter.pdf"
    pdf_download.value.save_as(pdf_path)
    with page.expect_download() as docx_download:
        page.locator("#preview button[value=docx]").click()
    docx_path = tmp_path / "letter.docx"
    docx_download.value.save_as(docx_path)
    assert docx_download.value.suggested_filename == "constituent-letter.docx"

    text = " ".join(" ".join(p.extract_text() for p in PdfReader(pdf_path).pages).split())
    for expected in ("Sam O'Sample & Co", "SF1 2AB", "Dear Jordan Example,", *PERSONAL_LINES):
        assert expected in text
    assert "Amnesty" in text  # the notes are printed at the page foot

    with zipfile.ZipFile(io.BytesIO(docx_path.read_bytes())) as package:
        document = package.read("word/document.xml").decode()
        footnotes = package.read("word/footnotes.xml").decode()
    calls = document.count("<w:footnoteReference")
    assert calls == notes.count()
    assert len(re.findall(r'<w:footnote w:id="[1-9]\d*"', footnotes)) == calls
    assert "Sam O'Sample &amp; Co" in document
    for claim in claims:  # each ticked point is stated, as its claim or one of its phrasings
        assert any(wording[1:40] in document for wording in _wordings(claim.splitlines()[0])), claim
    context.close()


def test_pages_fit_a_200_percent_zoom_without_sideways_scrolling(site: str, browser: Browser) -> None:
    context = browser.new_context(viewport={"width": 640, "height": 400})  # 1280 px at 200%
    page = context.new_page()
    for path in ("/", "/letters/constituent-letter", "/library", "/stats"):
        page.goto(site + path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, path
    context.close()


def _wordings(claim: str) -> list[str]:
    """The claim of the bundled point whose claim is ``claim``, and its phrasings (a letter may use
    either; the first letter is left out of the comparison, as a joining phrase may lower it)."""
    library = load_library(Path(__file__).resolve().parents[2] / "library").library
    point = next(p for p in library.points.values() if p.claim == claim)
    return [point.claim, *point.phrasings]
