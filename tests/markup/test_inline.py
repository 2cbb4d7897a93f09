"""markup.inline: pandoc-style citations, the note call after punctuation, and *italics*."""

from __future__ import annotations

import pytest

from advocate.document import Citation, Cite, Text
from advocate.markup.inline import (
    MarkupError,
    Scan,
    citation_spans,
    citations,
    parse_citation,
    parse_inline,
    plain,
    scan,
    without_citations,
)


def test_plain_text_is_one_run() -> None:
    assert parse_inline("No citations here.") == (Text("No citations here."),)
    assert parse_inline("") == ()


def test_single_citation() -> None:
    assert parse_inline("Detained [@amnesty-2021]") == (
        Text("Detained"),
        Citation((Cite("amnesty-2021"),)),
    )


def test_citation_with_pinpoint_kept_as_written() -> None:
    assert parse_inline("Found [@a, 12]") == (Text("Found"), Citation((Cite("a", "12"),)))
    assert parse_inline("Held [@bosnia-v-serbia, para 431]") == (
        Text("Held"),
        Citation((Cite("bosnia-v-serbia", "para 431"),)),
    )


def test_several_sources_in_one_citation() -> None:
    assert parse_inline("[@a; @b, para 431]") == (Citation((Cite("a"), Cite("b", "para 431"))),)
    assert parse_inline("[@a, p 3; @b]") == (Citation((Cite("a", "p 3"), Cite("b"))),)


def test_note_call_moves_after_following_punctuation() -> None:
    assert parse_inline("It was found [@a]. Then more.") == (
        Text("It was found."),
        Citation((Cite("a"),)),
        Text(" Then more."),
    )
    assert parse_inline("first [@a, 4], second") == (
        Text("first,"),
        Citation((Cite("a", "4"),)),
        Text(" second"),
    )
    assert parse_inline("Really [@a]?!") == (Text("Really?!"), Citation((Cite("a"),)))


def test_no_punctuation_leaves_the_call_in_place() -> None:
    assert parse_inline("a [@x] b") == (Text("a"), Citation((Cite("x"),)), Text(" b"))


def test_italics() -> None:
    assert parse_inline("the *Darkness Deepens* report") == (
        Text("the "),
        Text("Darkness Deepens", italic=True),
        Text(" report"),
    )


def test_italics_and_citation_together() -> None:
    assert parse_inline("In *Bosnia v Serbia* the court held [@bosnia-v-serbia, para 431].") == (
        Text("In "),
        Text("Bosnia v Serbia", italic=True),
        Text(" the court held."),
        Citation((Cite("bosnia-v-serbia", "para 431"),)),
    )


def test_lone_asterisks_are_text() -> None:
    assert parse_inline("5 * 3 * 2") == (Text("5 * 3 * 2"),)
    assert parse_inline("*unclosed") == (Text("*unclosed"),)


def test_brackets_without_at_sign_are_text() -> None:
    assert parse_inline("a quote [sic] and an email a@b.org") == (Text("a quote [sic] and an email a@b.org"),)


def test_ids_may_contain_punctuation_inside() -> None:
    assert citations("x [@un:a/2021.3+b]") == [Citation((Cite("un:a/2021.3+b"),))]


def bare(written: str) -> str:
    """The message for a bare ``@id``."""
    return (
        f"expected a citation in square brackets, got '{written}': write [{written}] (advocate prints every "
        f"citation as a footnote and has no narrative form), or put a name that is not a citation in quotes "
        f'("{written}")'
    )


MALFORMED = {
    # form: (text, offset of the offending character, message)
    "unclosed": (
        "Held [@id. Then more.",
        5,
        "expected a citation closed with ']', e.g. [@id] or [@id, 12]; got '[@id. Then more.': add the ']'",
    ),
    "unclosed before another citation": (
        "Held [@a, 4. Then [@b].",
        5,
        "expected a citation closed with ']', e.g. [@id] or [@id, 12]; got '[@a, 4. Then': add the ']'",
    ),
    "unclosed, long": (
        "Held [@a; @b. " + "word " * 20,
        5,
        "expected a citation closed with ']', e.g. [@id] or [@id, 12]; "
        "got '[@a; @b. word word word word word word…': add the ']'",
    ),
    "stray closing bracket": (
        "them [@id]].",
        10,
        "expected one ']' closing the citation, got '[@id]]': delete the extra ']'",
    ),
    "stray opening bracket": (
        "them [[@id].",
        5,
        "expected one '[' opening the citation, got '[[@id]': delete the extra '['",
    ),
    "double brackets": (
        "them [[@a, 4]].",
        5,
        "expected one bracket each side of the citation, got '[[@a, 4]]': write [@a, 4]",
    ),
    "bare": (
        "as @un-2022 found.",
        3,
        bare("@un-2022"),
    ),
    "bare at the start": (
        "@a says so.",
        0,
        bare("@a"),
    ),
    "bare after a comma": (
        "so,@a.",
        3,
        bare("@a"),
    ),
    "parentheses": ("held (@id).", 5, "expected a citation in square brackets, got '(@id)': write [@id]"),
    "parentheses with a pinpoint": (
        "held (@a, 12; @b).",
        5,
        "expected a citation in square brackets, got '(@a, 12; @b)': write [@a, 12; @b]",
    ),
    "parentheses left open": ("held (@a and", 6, bare("@a")),
    "a handle in parentheses": ("its account (@UyghurCampaign on X)", 13, bare("@UyghurCampaign")),
    "empty": ("text [@].", 6, "expected a source id after '@', got '[@]': write [@id] with a source's id"),
    "empty first of two": (
        "text [@ ; @b].",
        6,
        "expected a source id after '@', got '[@ ; @b]': write [@id] with a source's id",
    ),
    "comma between sources": (
        "text [@a, @b].",
        8,
        "expected sources separated by ';', got '[@a, @b]': write [@a; @b]",
    ),
    "comma after a pinpoint": (
        "text [@a, 12, @b].",
        12,
        "expected sources separated by ';', got '[@a, 12, @b]': write [@a, 12; @b]",
    ),
    "no separator": ("text [@a @b].", 9, "expected sources separated by ';', got '[@a @b]': write [@a; @b]"),
    "no separator after a pinpoint": (
        "text [@a, p 3 @b].",
        14,
        "expected sources separated by ';', got '[@a, p 3 @b]': write [@a, p 3; @b]",
    ),
    "empty pinpoint": (
        "text [@a,].",
        8,
        "expected a pinpoint after ',', got '[@a,]': write [@a] or [@a, 12]",
    ),
    "empty source after ';'": (
        "text [@a; ].",
        8,
        "expected a source on each side of ';', got '[@a; ]': delete the extra ';'",
    ),
    "empty source before ';'": (
        "text [; @a].",
        6,
        "expected a source on each side of ';', got '[; @a]': delete the extra ';'",
    ),
    "a prefix": ("text [see @a].", 6, "expected [@id] or [@id, pinpoint], got '[see @a]'"),
    "garbage after the id": ("text [@a b].", 9, "expected [@id] or [@id, pinpoint], got '[@a b]'"),
    "a full stop inside": ("text [@a.].", 8, "expected [@id] or [@id, pinpoint], got '[@a.]'"),
    "over lines": (
        "text [@a,\n@b].",
        8,
        "expected sources separated by ';', got '[@a, @b]': write [@a; @b]",
    ),
}


KEPT = {
    "unclosed before another citation": ["b"],  # the next, well-formed citation
    "stray closing bracket": ["id"],  # the citation is well-formed; only the extra bracket is wrong
    "stray opening bracket": ["id"],
    "double brackets": ["a"],
}


@pytest.mark.parametrize("form", list(MALFORMED))
def test_each_malformed_citation_is_found_once_at_its_character(form: str) -> None:
    text, offset, message = MALFORMED[form]
    scanned = scan(text)
    assert [(m.offset, m.message) for m in scanned.malformed] == [(offset, message)]
    # a malformed citation yields no citation, so it is never also reported as an unknown source
    sources = [cite.source for found in scanned.citations for cite in found.citation.cites]
    assert sources == KEPT.get(form, [])


@pytest.mark.parametrize("form", list(MALFORMED))
def test_parse_inline_refuses_every_malformed_citation(form: str) -> None:
    # assembly parses with parse_inline: no path prints a malformed citation literally
    text, offset, message = MALFORMED[form]
    with pytest.raises(MarkupError) as raised:
        parse_inline(text)
    assert str(raised.value) == message
    assert raised.value.offset == offset


NOT_CITATIONS = {
    "an email address": "Write to name@example.org or first.last+tag@example.co.uk today.",
    "an email address in brackets": "the office [press@example.org] replied",
    "a URL with an @": "see example.com/@campaign for more",
    "a lone @": "two for £5 @ the stall",
    "a lone @ at the end": "meet us @",
    "an @ before punctuation": "a sign (@) hung there",
    "a lone @ in brackets": "the rate [5 @ 3] held",
    "a handle in straight quotes": 'the account "@UyghurCampaign" posted it',
    "a handle in single quotes": "the account '@UyghurCampaign' posted it",
    "a handle in quotes in parentheses": 'its account ("@UyghurCampaign" on X)',
    "a handle in curly quotes": "the account \u201c@uyghur.campaign\u201d and \u2018@x\u2019 posted it",
    "brackets without @": "a quote [sic] and an ellipsis [...]",
}


@pytest.mark.parametrize("use", list(NOT_CITATIONS))
def test_an_at_sign_that_is_not_a_citation_is_text(use: str) -> None:
    text = NOT_CITATIONS[use]
    assert scan(text) == Scan((), ())
    assert parse_inline(text) == (Text(text),)


def test_parse_citation_names_the_whole_bracket() -> None:
    with pytest.raises(MarkupError) as raised:
        parse_citation("@")
    assert str(raised.value) == "expected a source id after '@', got '[@]': write [@id] with a source's id"
    assert raised.value.offset == 0
    assert parse_citation("@a, 4; @b") == Citation((Cite("a", "4"), Cite("b")))


def test_a_pinpoint_over_lines_is_one_line() -> None:
    assert citations("x [@a,\n  para\n  431]") == [Citation((Cite("a", "para 431"),))]


def test_without_citations_removes_malformed_ones_too() -> None:
    assert without_citations("One [@a]. Two [@b]]. Three @c. Four [@d") == "One . Two . Three . Four "
    assert citation_spans("x [[@a]] y [@b") == [(2, 8, 2), (11, 14, 11)]


def test_citations_and_plain() -> None:
    text = "One [@a]. Two *words* [@b; @c, 5]."
    assert citations(text) == [Citation((Cite("a"),)), Citation((Cite("b"), Cite("c", "5")))]
    assert plain(text) == "One. Two words."
