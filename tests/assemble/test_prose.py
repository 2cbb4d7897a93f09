"""assemble.prose: sentences, references back, joins, and the rules that keep a fact to one statement."""

from __future__ import annotations

from advocate.assemble.prose import Ledger, joined, lower_first, refer, sentences
from advocate.document import Citation, Cite, Text, plain_text
from advocate.markup.inline import parse_inline


def texts(runs: tuple[object, ...] | list[object]) -> str:
    return "".join(r.text if isinstance(r, Text) else "^" for r in runs)  # type: ignore[attr-defined]


def test_sentences_keep_each_note_call_with_the_sentence_it_ends() -> None:
    runs = parse_inline(
        "One fact [@a, 3]. Another, *italic* fact [@b]. A closing remark. And “a quote.” Then"
    )
    assert [texts(s) for s in sentences(runs)] == [
        "One fact.^",
        "Another, italic fact.^",
        "A closing remark.",
        "And “a quote.”",
        "Then",
    ]


def test_references_name_paragraphs_and_ranges() -> None:
    assert refer([12]) == "paragraph 12"
    assert refer([8, 5]) == "paragraphs 5 and 8"
    assert refer([3, 4, 5, 8, 12]) == "paragraphs 3–5, 8 and 12"
    assert refer([3, 4]) == "paragraphs 3 and 4"


def test_a_joining_phrase_lowers_an_ordinary_word_but_not_a_name() -> None:
    ordinary = frozenset({"witnesses", "in", "the", "a"})
    assert (
        texts(joined("In addition,", (Text("Witnesses said so."),), ordinary))
        == "In addition, witnesses said so."
    )
    assert texts(joined("Moreover,", (Text("Amnesty said so."),), ordinary)) == "Moreover, Amnesty said so."
    assert texts(lower_first((Text("I read it."),), frozenset({"i"}))) == "I read it."
    assert texts(lower_first((Text("UN bodies"),), frozenset({"un"}))) == "UN bodies"
    assert texts(joined("", (Text("Witnesses."),), ordinary)) == "Witnesses."


def test_a_pinpointed_rule_stated_by_another_item_is_not_stated_again() -> None:
    ledger = Ledger(numbered=True, legal=frozenset({"case", "convention", "c"}))
    first = ledger.stated_paragraph(
        "duty", parse_inline("The duty arises on a serious risk [@case, para 431].")
    )
    assert first is not None and first.number == 1
    again = ledger.prose(
        "answer", parse_inline("It arises on a risk [@case, para 431]. The policy differs [@web].")
    )
    assert plain_text(again) == "The policy differs."
    own = ledger.prose("duty", parse_inline("So the duty applies here [@case, para 431]."))
    assert plain_text(own) == "So the duty applies here."  # an item may apply its own rule
    mixed = ledger.prose("other", parse_inline("Both say so [@case, para 431; @report]."))
    assert plain_text(mixed) == "Both say so."  # an unpinpointed source makes it a new statement
    assert ledger.rule("other", Cite("case", "para 431")) == ("duty", 1)
    assert ledger.rule("other", Cite("convention", "art I")) is None


def test_a_long_sentence_is_never_printed_twice_but_a_short_one_may_be() -> None:
    ledger = Ledger(numbered=False)
    long = "The same eight or more words appear in both of these texts."
    ledger.prose("a", parse_inline(f"{long} Yes."))
    assert plain_text(ledger.prose("b", parse_inline(f"{long} Yes."))) == "Yes."


def test_a_page_of_a_report_cited_again_may_support_another_fact() -> None:
    ledger = Ledger(numbered=False, legal=frozenset({"case"}))
    ledger.prose("a", parse_inline("There were 300 spills [@report, 12]."))
    assert (
        plain_text(ledger.prose("b", parse_inline("Most were avoidable [@report, 12].")))
        == "Most were avoidable."
    )


def test_a_paragraph_whose_every_sentence_was_said_takes_no_number() -> None:
    ledger = Ledger(numbered=True, legal=frozenset({"c"}))
    text = parse_inline("A rule of the convention applies to every member state here [@c, art 1].")
    assert ledger.stated_paragraph("a", text) is not None
    assert ledger.stated_paragraph("b", text) is None
    nxt = ledger.stated_paragraph("c", (Text("Something new."), Citation((Cite("x"),))))
    assert nxt is not None and nxt.number == 2
