"""library.details: the numbers and names a phrasing adds to the wording it stands in for."""

from __future__ import annotations

import pytest

from advocate.library.details import unsupported_details, vocabulary

TEXT = "Amnesty learned of a detainee restrained in a tiger chair for 72 hours in 2019, one of 1,000 cases."


@pytest.mark.parametrize(
    "phrasing",
    [
        "Amnesty says a detainee was held in a tiger chair for 72 hours.",
        "In 2019 a detainee spent 72 hours in a tiger chair, according to Amnesty.",
        "It was one of 1000 cases.",  # commas aside, the same figure
        "Amnesty's cases numbered 1,000.",  # a possessive is the same name
    ],
)
def test_a_faithful_rewording_adds_nothing(phrasing: str) -> None:
    assert unsupported_details(phrasing, [TEXT]) == []


@pytest.mark.parametrize(
    ("phrasing", "added"),
    [
        ("A detainee spent three days in a tiger chair.", ["three"]),  # a conversion is still a new figure
        ("A detainee was held for 72 hours in 2020.", ["2020"]),
        ("Thousands of detainees were held in the chair.", []),  # a plural is no figure
        ("Amnesty counted a million cases.", ["million"]),
        ("The case reached Human Rights Watch.", ["Human", "Rights", "Watch"]),
        ("The case, Amnesty says, was reported by HRW and HRW again.", ["HRW"]),
    ],
)
def test_a_new_number_or_name_is_reported_once(phrasing: str, added: list[str]) -> None:
    assert unsupported_details(phrasing, [TEXT]) == added


def test_a_name_the_library_knows_elsewhere_is_let_through() -> None:
    known = vocabulary(["Chinese officials were sanctioned.", "The UN-based estimate."])
    phrasing = "A detainee died in a Chinese camp after 72 hours, a UN report says."
    assert unsupported_details(phrasing, [TEXT]) == ["Chinese", "UN"]
    assert unsupported_details(phrasing, [TEXT], known) == []


def test_a_number_must_be_in_the_point_itself_even_if_the_library_has_it() -> None:
    known = vocabulary(["Sixty parliamentarians wrote 60 letters."])
    assert unsupported_details("Sixty MPs agree.", ["MPs agree."], known) == ["Sixty"]


def test_words_that_open_a_sentence_are_not_names() -> None:
    assert unsupported_details('Restrained. "Held" for 72 hours: Detained.', [TEXT]) == []
