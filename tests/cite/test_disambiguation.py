"""Which sources of a document citeproc tells apart."""

from __future__ import annotations

import pytest

from advocate.cite import form_book, load_style
from advocate.cite.disambiguation import alike, has_ibid, told_apart
from advocate.cite.pinpoints import Locale

from .helpers import SOURCES, ZENZ


def test_ibid_is_found_in_any_case_and_with_or_without_its_stop() -> None:
    locale = Locale({("ibid", "long", False): "ibid."})
    assert has_ibid("Ibid., 12; ", locale) and has_ibid("ibid 3", locale)
    assert not has_ibid("Ibidem 3", locale)
    assert not has_ibid("Ibid.", Locale({}))


@pytest.mark.parametrize(
    ("notes", "expected"),
    [
        (
            [["zenz-sterilizations", "zenz-labor"], ["zenz-sterilizations"]],
            {"zenz-sterilizations", "zenz-labor"},
        ),
        (
            [["zenz-sterilizations", "zenz-labor"]],
            {"zenz-sterilizations", "zenz-labor"},
        ),  # alike in the last, "ghost" citation
        ([["zenz-sterilizations"], ["zenz-labor"], ["zenz-sterilizations"]], set()),
        ([["zenz-sterilizations"], ["amnesty"]], set()),
    ],
)
def test_two_works_of_one_author_first_cited_together(notes: list[list[str]], expected: set[str]) -> None:
    book = form_book(load_style("oscola"), {**SOURCES, **ZENZ})
    assert book.disambiguated is not None and set(book.disambiguated.forms) == {
        "zenz-sterilizations",
        "zenz-labor",
    }
    assert alike(book.forms, book.locale) == {"zenz-sterilizations", "zenz-labor"}
    assert told_apart(notes, book.forms, book.locale, None) == expected


def test_works_with_other_titles_never_print_alike_in_chicago() -> None:
    book = form_book(load_style("chicago-notes-bibliography"), {**SOURCES, **ZENZ})
    assert book.disambiguated is None
