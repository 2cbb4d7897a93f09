"""What a document may draw on for its date: a later source leaves a point out, and only the
sentences citing it out of an argument or a response."""

from __future__ import annotations

import datetime as dt

from advocate.assemble import assemble, published_by
from advocate.assemble.select import timely
from advocate.document import Text, paragraphs
from advocate.library.models import Library

from .conftest import river_brief

BEFORE_THE_NEWS = dt.date(2024, 4, 1)
"""After the Agency's report (1 March 2024), before the news report (2 April 2024)."""


def test_timely_keeps_the_sentences_that_hold_on_the_day(rivers: Library) -> None:
    conclusion = rivers.arguments["a-remedy"].conclusion
    assert timely(rivers, conclusion, BEFORE_THE_NEWS) == "The duty admits no defence of cost [@act, s 3]."
    assert timely(rivers, conclusion, dt.date(2024, 4, 2)) == conclusion
    duty = "The duty admits no defence of cost [@act, s 3]."
    assert timely(rivers, conclusion, dt.date(2023, 1, 1)) == duty
    assert timely(rivers, "Fines fail [@news]. They do [@news].", BEFORE_THE_NEWS) == ""


def test_an_argument_is_usable_while_a_sentence_holds_a_response_needs_both_halves(rivers: Library) -> None:
    assert published_by(rivers, rivers.arguments["a-remedy"], BEFORE_THE_NEWS)
    assert not published_by(rivers, rivers.responses["r-industry"], BEFORE_THE_NEWS)  # its position
    assert published_by(rivers, rivers.responses["r-industry"], dt.date(2024, 4, 2))


def test_a_briefing_dated_earlier_prints_an_argument_without_the_later_sentence(rivers: Library) -> None:
    def text(day: dt.date) -> str:
        brief = river_brief("briefing", "mp", date=day, topics=("law", "fines"))
        document = assemble(rivers, brief)
        return " ".join(r.text for p in paragraphs(document) for r in p.runs if isinstance(r, Text))

    assert "Why fines are not enough" in text(BEFORE_THE_NEWS)
    assert "Fines have not changed" not in text(BEFORE_THE_NEWS)
    assert "Fines have not changed" in text(dt.date(2024, 6, 1))
