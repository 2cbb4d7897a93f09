"""library.quotes: which quotations a citation attributes, and whether a snapshot holds them."""

from __future__ import annotations

import pytest

from advocate.library.quotes import Quotation, comparable, missing_part, parts, quotations


def test_a_quotation_is_attributed_by_the_next_citation_in_its_sentence() -> None:
    text = 'Amnesty said camps were a “dystopian hellscape” [@aj]. Others said "no" [@a; @b, 4].'
    assert quotations(text) == [
        Quotation(26, "dystopian hellscape", ("aj",)),
        Quotation(67, "no", ("a", "b")),
    ]
    assert text[26] == "“" and text[67] == '"'


def test_several_quotations_in_one_sentence_share_its_citation() -> None:
    text = 'It heard Uighurs are treated "worse than dogs" and "tortured day and night" in camps [@sky].'
    assert [(q.text, q.sources) for q in quotations(text)] == [
        ("worse than dogs", ("sky",)),
        ("tortured day and night", ("sky",)),
    ]


@pytest.mark.parametrize(
    "text",
    [
        'So-called "schools" were camps. The report says so [@a].',  # cited in the next sentence
        'A "word" with no citation at all.',
        "An apostrophe's ‘single quotes’ are never paired [@a].",
        'Cited first [@a], the "quotation" after the citation is not attributed by it.',
        "An empty pair “” [@a].",
    ],
)
def test_what_is_not_an_attributed_quotation(text: str) -> None:
    assert quotations(text) == []


def test_a_full_stop_before_the_citation_does_not_end_the_sentence_first() -> None:
    assert [q.sources for q in quotations("They called it “lies”. [@cbc]")] == [("cbc",)]
    assert [q.sources for q in quotations("They called it “lies”, Zhao said at a briefing [@cbc].")] == [
        ("cbc",)
    ]


def test_marks_inside_a_citation_or_pairs_across_one_are_ignored() -> None:
    text = 'A "quote [@a] across" a citation [@b].'
    assert quotations(text) == []


def test_parts_split_at_ellipses_and_insertions_without_end_punctuation() -> None:
    assert parts("the PRC's […] egregious abuses, … and atrocities...") == [
        "the PRC's",
        "egregious abuses",
        "and atrocities",
    ]
    assert parts("[It] was — “so” said") == ['was - "so" said']
    assert parts("…") == []


SNAPSHOT = comparable(
    "The Biden Administration has chosen not to continue “business as usual in the face of the PRC's "
    "[People's Republic of China] egregious human rights abuses and atrocities in Xinjiang,\" and is "
    "boycotting the Beijing Winter Olympics 2022 – so too are others."
)


@pytest.mark.parametrize(
    "quotation",
    [
        "business as usual in the face of the PRC’s",  # typographic apostrophe
        "business   as usual\nin the face",  # whitespace
        "Business as usual",  # a quotation may start a sentence
        "business as usual in the face of the PRC's [...] egregious human rights abuses",
        "business as usual … atrocities in Xinjiang,",  # an ellipsis; end punctuation not compared
        "Olympics 2022 — so too",  # dashes
    ],
)
def test_found_in_the_snapshot(quotation: str) -> None:
    assert missing_part(quotation, SNAPSHOT) is None


@pytest.mark.parametrize(
    ("quotation", "missing"),
    [
        # Leaving out the page's own insertion without marking the gap is not word for word.
        (
            "the face of the PRC's egregious human rights abuses",
            "the face of the PRC's egregious human rights abuses",
        ),
        ("business as usual … Biden Administration", "Biden Administration"),  # parts out of order
        ("BUSINESS as usual", "BUSINESS as usual"),  # only the first letter may change case
        ("business as normal", "business as normal"),
    ],
)
def test_not_found_names_the_missing_part(quotation: str, missing: str) -> None:
    assert missing_part(quotation, SNAPSHOT) == missing
