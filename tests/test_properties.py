"""Property tests (issue #6): arbitrary text in every field of a person, through the whole mail
merge (people CSV -> check -> assemble -> cite -> DOCX and PDF -> files), comes back intact.

- Any printable character (Unicode letters, marks, numbers, punctuation, symbols and spaces; not
  control, format, private-use or unassigned code points, which the people file refuses, see
  ``test_people``): the DOCX opens with python-docx and with pandoc and holds every field as
  written; the PDF opens with pypdf.
- The PDF's text is compared for characters the bundled fonts can show and pypdf reads back in
  logical order: Latin (with its supplements and Extended-A), Greek, Cyrillic and the CJK unified
  ideographs (Noto Sans/Serif and Noto Sans CJK). Right-to-left scripts (Uyghur) are laid out
  visually, which text extraction does not undo for arbitrary mixes; the bundled people file's
  Uyghur name is checked by ``test_letters.test_names_survive_into_docx_and_pdf``.

Whitespace is compared normalised in the PDF (layout breaks lines); each one-line field must appear
whole, and the personal paragraph too, after removing all whitespace.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pypandoc
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from advocate.batch import run_letters
from advocate.people import COLUMNS
from advocate.sample_people import write_people
from docx_parts import paragraph_texts

REPO = Path(__file__).resolve().parents[1]
LIBRARY = REPO / "library"
BRIEF = REPO / "briefs" / "constituent-letter.yaml"

PRINTABLE = st.characters(categories=("L", "M", "N", "P", "S", "Zs"))
"""Every printable character (Hypothesis draws from all of Unicode, favouring odd ones)."""
FONT_COVERED = st.one_of(
    st.characters(min_codepoint=0x21, max_codepoint=0x7E),
    st.characters(categories=("L", "N", "P", "S"), min_codepoint=0xA1, max_codepoint=0x17F),
    st.characters(categories=("L", "N", "P", "S"), min_codepoint=0x386, max_codepoint=0x3CE),
    st.characters(categories=("L", "N", "P", "S"), min_codepoint=0x400, max_codepoint=0x45F),
    st.characters(categories=("Lo",), min_codepoint=0x4E00, max_codepoint=0x9FA5),
)
"""Characters the PDF's fonts show and pypdf reads back (no spaces: words are joined by " ")."""

ONE_LINE = ("name", "address1", "address2", "address3", "town", "postcode", "representative", "constituency")
SHOWN = tuple(c for c in ONE_LINE if c != "constituency")
"""Fields every letter prints (the constituency only appears in some openings)."""

SETTINGS = settings(
    max_examples=25,
    # The same examples on every run, so that CI cannot pass or fail by luck; a failure found by
    # a local run with ``derandomize`` off becomes an ``@example`` here.
    derandomize=True,
    # No shrinking: each example costs about a second, so shrinking a failure could take minutes in
    # CI; the failing example is printed as found.
    phases=(Phase.explicit, Phase.reuse, Phase.generate),
    deadline=None,  # one example renders a letter to DOCX and PDF and runs pandoc: about a second
    # Each example writes into its own temporary folder; the fixture-scoped check is not needed.
    suppress_health_check=[HealthCheck.too_slow],
)


def words(alphabet: st.SearchStrategy[str], size: int) -> st.SearchStrategy[str]:
    """Text of words from ``alphabet`` separated by single spaces, not blank."""
    word = st.text(alphabet, min_size=1, max_size=12)
    return st.lists(word, min_size=1, max_size=size).map(" ".join).filter(lambda t: t.strip() != "")


def people_rows(alphabet: st.SearchStrategy[str]) -> st.SearchStrategy[dict[str, str]]:
    fields = {column: words(alphabet, 4) for column in ONE_LINE}
    fields["personal"] = words(alphabet, 16)
    return st.fixed_dictionaries(fields)


def merge(row: dict[str, str], folder: Path) -> tuple[Path, Path]:
    """The row's letter as DOCX and PDF."""
    values = dict.fromkeys(COLUMNS, "")
    values.update(row, representative_title="MP")
    people = write_people(folder / "people.csv", [values])
    report = run_letters(
        BRIEF, people, folder / "out", formats=("docx", "pdf"), workers=1, library_dir=LIBRARY
    )
    assert not report.failed, [str(p) for p in report.failed]
    (docx_file,) = (folder / "out").glob("*.docx")
    (pdf_file,) = (folder / "out").glob("*.pdf")
    return docx_file, pdf_file


def one_space(text: str) -> str:
    return " ".join(text.split())


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@SETTINGS
@given(row=people_rows(PRINTABLE))
@example(row={**dict.fromkeys(ONE_LINE, "x"), "personal": "º \xa0"})  # found here: edge spaces were lost
def test_any_printable_text_in_a_person_comes_back_from_the_docx(row: dict[str, str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        docx_file, pdf_file = merge(row, Path(tmp))
        paragraphs = paragraph_texts(docx_file)
        pandoc = one_space(pypandoc.convert_file(str(docx_file), "plain", extra_args=["--wrap=none"]))
        assert len(PdfReader(pdf_file).pages) >= 1
    body = "\n".join(paragraphs)
    for column in (*SHOWN, "personal"):
        assert row[column] in body, column
        assert one_space(row[column]) in pandoc, column
    assert row["personal"] in paragraphs  # first, exactly as written, a paragraph of its own


@SETTINGS
@given(row=people_rows(FONT_COVERED))
def test_text_the_fonts_can_show_comes_back_from_the_pdf(row: dict[str, str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        _, pdf_file = merge(row, Path(tmp))
        reader = PdfReader(pdf_file)
        text = "\n".join(page.extract_text() for page in reader.pages)
    lines = {one_space(line) for line in text.splitlines()}
    for column in SHOWN:
        value = row[column]
        assert value in lines or squash(value) in squash(text), column
    assert squash(row["personal"]) in squash(text)
