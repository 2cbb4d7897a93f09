"""markup.offices: office markup found with its date, and each malformed one at its character."""

from __future__ import annotations

import datetime as dt

import pytest

from advocate.document import Citation, Cite
from advocate.markup.inline import citations
from advocate.markup.offices import OfficeMark, scan_offices


def test_office_markup_is_found_with_its_date() -> None:
    text = "{office:uk-foreign-secretary@2021-01-12} told {office:un-rights-chief} so [@a]."
    scanned = scan_offices(text)
    assert scanned.malformed == ()
    assert scanned.marks == (
        OfficeMark(0, 40, "uk-foreign-secretary", dt.date(2021, 1, 12)),
        OfficeMark(46, 70, "un-rights-chief", None),
    )
    assert scanned.marks[0].written == "{office:uk-foreign-secretary@2021-01-12}"
    assert citations(text) == [Citation((Cite("a"),))]  # its '@' is not a citation


def test_title_markup_names_the_office_itself() -> None:
    (mark,) = scan_offices("Write to {title:uk-foreign-secretary}.").marks
    assert mark == OfficeMark(9, 37, "uk-foreign-secretary", None, title_only=True)
    assert mark.written == "{title:uk-foreign-secretary}" and mark.id_at == 16


FORMS = "{office:ID}, {office:ID@YYYY-MM-DD} or {title:ID}"
BAD_ID = f"expected {FORMS} (a lower-case id of letters, digits and '-'), got "


@pytest.mark.parametrize(
    ("text", "offset", "message"),
    [
        (
            "x {office:fs@2021-01-12 said",
            2,
            f"expected an office markup closed with '}}', {FORMS}; got '{{office:fs@2021-01-12 said'",
        ),
        (
            "{office:Foreign Secretary}",
            0,
            f"{BAD_ID}'{{office:Foreign Secretary}}'",
        ),
        (
            "{Office: fs}",
            0,
            f"{BAD_ID}'{{Office: fs}}'",
        ),
        (
            "{office:fs@12/01/2021}",
            11,
            "expected a date as YYYY-MM-DD after '@', got '12/01/2021' in '{office:fs@12/01/2021}'",
        ),
        (
            "{title:fs@2021-02-03}",
            9,
            "expected {title:ID} with no date (it names the office, not a holder), got "
            "'{title:fs@2021-02-03}'",
        ),
        (
            "{office:fs@2021-02-30}",
            11,
            "expected a date as YYYY-MM-DD after '@', got '2021-02-30' in '{office:fs@2021-02-30}'",
        ),
        (
            "{office:fs@9999-12-31}",
            11,
            "expected a date from 1000-01-01 to 2999-12-31, got 9999-12-31 in '{office:fs@9999-12-31}'",
        ),
        (
            "{office:fs@0001-01-01}",
            11,
            "expected a date from 1000-01-01 to 2999-12-31, got 0001-01-01 in '{office:fs@0001-01-01}'",
        ),
    ],
)
def test_malformed_office_markup_is_reported_at_its_character(text: str, offset: int, message: str) -> None:
    scanned = scan_offices(text)
    assert scanned.marks == ()
    assert [(m.offset, m.message) for m in scanned.malformed] == [(offset, message)]
