"""markup: pandoc-style citations, the note call after punctuation, and *italics*."""

from __future__ import annotations

import pytest

from advocate.document import Citation, Cite, Text
from advocate.markup import MarkupError, citations, parse_citation, parse_inline, plain


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


@pytest.mark.parametrize("bad", ["[@]", "[@a,]", "[see @a]", "[@a; ]", "[@ ; @b]"])
def test_malformed_citation_raises(bad: str) -> None:
    with pytest.raises(MarkupError, match=r"expected \[@id\] or \[@id, pinpoint\], got \["):
        parse_inline(f"text {bad}.")


def test_parse_citation_names_the_whole_bracket() -> None:
    with pytest.raises(MarkupError) as raised:
        parse_citation("@")
    assert str(raised.value) == "expected [@id] or [@id, pinpoint], got [@]"


def test_citations_and_plain() -> None:
    text = "One [@a]. Two *words* [@b; @c, 5]."
    assert citations(text) == [Citation((Cite("a"),)), Citation((Cite("b"), Cite("c", "5")))]
    assert plain(text) == "One. Two words."
