"""The form book: one pandoc run for a style, a language and a set of sources."""

from __future__ import annotations

import random
import time

import pytest

from advocate.cite import FormKey, cite, form_book, load_style
from advocate.cite.forms import LOCATOR_MARK, NOTE_MARK
from advocate.document import plain_text
from advocate.errors import AdvocateError

from .helpers import SOURCES, notes_document


def test_a_book_is_built_once_and_shared() -> None:
    style = load_style("oscola")
    assert form_book(style, dict(SOURCES)) is form_book(style, SOURCES)
    assert form_book(style, SOURCES, "en-US") is not form_book(style, SOURCES)


def test_forms_carry_markers_for_pinpoint_and_note_number() -> None:
    book = form_book(load_style("oscola"), SOURCES)
    assert plain_text(book.forms["amnesty"][FormKey("subsequent", True, True, True)]) == (
        f"Amnesty International (n {NOTE_MARK}) {LOCATOR_MARK}."
    )
    paragraph = book.lookup("bosnia", FormKey("first", True, False, False), ("paragraph", True))
    assert paragraph is not None and plain_text(paragraph).endswith(f"(ICJ) [{LOCATOR_MARK}]; ")


def test_unusable_source_ids_are_refused() -> None:
    with pytest.raises(AdvocateError, match="cannot be cited"):
        form_book(load_style("oscola"), {"bad}id": {"type": "book", "title": "x"}})
    with pytest.raises(AdvocateError, match="cannot be cited"):
        form_book(load_style("oscola"), {"advocate-terms": {"type": "book", "title": "x"}})


def test_numbers_in_the_sources_do_not_pass_for_note_numbers() -> None:
    """Sources full of small numbers: the first notes skip them, so "(n 104)" is a note number."""
    sources = {f"s{i}": {"type": "book", "title": f"Book {100 + i}", "page": str(101 + i)} for i in range(12)}
    doc = notes_document([[("s3", None)], [("s4", None)], [("s3", "5")]], sources)
    assert [plain_text(note.runs) for note in cite(doc, load_style("oscola")).notes][2] == "Book 103 (n 1) 5."


def test_many_documents_share_one_form_book() -> None:
    """No timing assert: the timings go in the report (run with ``-s`` to see them)."""
    oscola = load_style("oscola")
    started = time.perf_counter()
    form_book(oscola, {**SOURCES, "fresh": {"type": "book", "title": "A fresh set of sources"}})
    built = time.perf_counter() - started

    rng = random.Random(7)
    doc = notes_document(
        [[(rng.choice(list(SOURCES)), rng.choice([None, "3", "para 4"]))] for _ in range(20)]
    )
    first = cite(doc, oscola)
    started = time.perf_counter()
    for _ in range(1000):
        again = cite(doc, oscola)
    per_call = (time.perf_counter() - started) / 1000
    assert again == first
    print(f"\nform book built in {built:.2f} s; cite() of 20 notes: {per_call * 1000:.3f} ms per call")
