"""Facts that expire in assembly: an item past its ``until`` gives way to its successor, or is left
out (and the build says so); a successor is not used before its predecessor's ``until``."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest

from advocate.assemble import assemble
from advocate.assemble.budget import fit
from advocate.assemble.select import Selection, in_force_brief
from advocate.batch.report import expiry_notes as letters_expiry_notes
from advocate.brief import Brief
from advocate.build import expiry_notes
from advocate.cli import main
from advocate.document import Document, Text, paragraphs
from advocate.library.check import load_checked_library
from advocate.library.models import Library
from advocate.personalise import topic_points, with_points

from .conftest import FILES, river_brief
from .test_budget import Pages, characters

# A bill on the river campaign: the draft (until 1 May 2024), then the bill before Parliament (until
# 1 July 2024), then the Act; a consultation that closed on 15 May 2024 with nothing after it.
EXPIRING = """
points:
  - id: p-draft
    claim: A draft bill would ban avoidable spills.
    text: The Government published a draft bill to ban avoidable spills [@news].
    topics: [spills]
    audiences: {mp: 1, minister: 1, constituent: 1}
    until: 2024-05-01
    superseded_by: p-bill
  - id: p-bill
    claim: A bill to ban avoidable spills is before Parliament.
    text: The bill to ban avoidable spills had its second reading [@news].
    topics: [spills]
    audiences: {mp: 3, constituent: 3}
    until: 2024-07-01
    superseded_by: p-act
  - id: p-act
    claim: Avoidable spills are now banned by law.
    text: The Act banning avoidable spills received Royal Assent [@news].
    topics: [spills]
    audiences: {mp: 3, constituent: 3}
  - id: p-consult
    claim: The regulator is consulting on higher fines.
    text: The regulator's consultation on higher fines is open [@news].
    topics: [fines]
    audiences: {mp: 1, minister: 1, constituent: 1}
    until: 2024-05-15
arguments:
  - id: a-ban
    title: Why a ban is needed
    rule: {source: act, provision: s 3, text: The undertaker shall not pollute any river;}
    points: [p-draft, p-consult]
    conclusion: Only a ban meets the duty [@act, s 3].
    topics: [law]
    audiences: {mp: 1}
asks:
  - id: ask-back-draft
    audiences: [minister]
    ask: Support the draft bill.
    topics: [spills]
    until: 2024-05-01
    superseded_by: ask-back-bill
  - id: ask-back-bill
    audiences: [minister]
    ask: Support the bill at its third reading.
    topics: [spills]
  - id: ask-answer-consultation
    audiences: [minister]
    ask: Answer the consultation on fines.
    topics: [fines]
    until: 2024-05-15
"""

DRAFT_DAYS = dt.date(2024, 4, 15)  # every source out, the draft holds
UNTIL_DAY = dt.date(2024, 5, 1)  # the draft's last day
BILL_DAYS = dt.date(2024, 5, 2)  # the bill: the draft has gone
AFTER_CONSULTATION = dt.date(2024, 5, 16)
ACT_DAYS = dt.date(2024, 7, 2)


@pytest.fixture(scope="module")
def bills(tmp_path_factory: pytest.TempPathFactory) -> Library:
    """The river library with the expiring items."""
    folder = tmp_path_factory.mktemp("bills")
    for name, text in {**FILES, "expiring.yaml": EXPIRING}.items():
        (folder / name).write_text(text.lstrip(), encoding="utf-8")
    return load_checked_library(Path(folder))


def briefing(day: dt.date, **changes: object) -> Brief:
    return river_brief("briefing", "mp", date=day, **changes)


def text_of(document: Document) -> str:
    return "\n".join("".join(r.text for r in p.runs if isinstance(r, Text)) for p in paragraphs(document))


def test_the_item_holds_to_its_until_day_and_its_successor_is_not_used_before(bills: Library) -> None:
    for day in (DRAFT_DAYS, UNTIL_DAY):
        document = assemble(bills, briefing(day))
        assert "p-draft" in document.items
        assert not {"p-bill", "p-act"} & set(document.items)
        assert "draft bill" in text_of(document) and "second reading" not in text_of(document)
        assert document.expired == ()


def test_after_its_until_the_successor_takes_its_place(bills: Library) -> None:
    document = assemble(bills, briefing(BILL_DAYS))
    assert "p-bill" in document.items and not {"p-draft", "p-act"} & set(document.items)
    text = text_of(document)
    assert "second reading" in text and "draft bill" not in text
    # it takes the draft's place (priority 1 for Members), not its own (3): it leads the summary
    summary = next(s for s in document.sections if s.key == "summary")
    assert "second reading" in text_of(dataclasses.replace(document, sections=(summary,)))


def test_a_chain_of_successors_is_followed(bills: Library) -> None:
    document = assemble(bills, briefing(ACT_DAYS))
    assert "p-act" in document.items and not {"p-draft", "p-bill"} & set(document.items)
    assert "Royal Assent" in text_of(document)


def test_an_item_past_its_until_with_no_successor_is_left_out_and_the_build_says_so(
    bills: Library,
) -> None:
    before = assemble(bills, briefing(dt.date(2024, 5, 15)))
    assert "p-consult" in before.items and before.expired == ()
    brief = briefing(AFTER_CONSULTATION)
    document = assemble(bills, brief)
    assert "p-consult" not in document.items
    assert "consultation" not in text_of(document)
    assert document.expired == ("p-consult",)
    assert expiry_notes(bills, brief, document) == [
        "mp-briefing: left out 1 item(s) used past their until with no successor on 2024-05-16: "
        "p-consult (until 2024-05-15)"
    ]


def test_only_what_the_document_would_have_used_is_reported(bills: Library) -> None:
    # a briefing on the law alone would never have stated the consultation (on fines) on its own,
    # but its argument relies on it
    on_law = assemble(bills, briefing(AFTER_CONSULTATION, topics=("law",)))
    assert on_law.expired == ("p-consult",)
    on_wildlife = assemble(bills, briefing(AFTER_CONSULTATION, topics=("wildlife",)))
    assert on_wildlife.expired == ()


def test_an_argument_relies_on_the_successors_of_its_points(bills: Library) -> None:
    brief = briefing(BILL_DAYS, topics=("law",))
    audience = bills.audiences["mp"]
    selection = Selection(bills, brief, audience, audience.documents["briefing"])
    assert selection.evidence(bills.arguments["a-ban"]) == ("p-bill", "p-consult")
    later = Selection(bills, briefing(AFTER_CONSULTATION), audience, audience.documents["briefing"])
    assert later.evidence(bills.arguments["a-ban"]) == ("p-bill",)
    document = assemble(bills, brief)
    assert "p-bill" in document.items and "p-draft" not in document.items
    assert "second reading" in text_of(document)


def test_an_include_of_an_expired_item_brings_its_successor(bills: Library) -> None:
    brief = briefing(BILL_DAYS, topics=("wildlife",), include=("p-draft",), exclude=("p-bill",))
    assert in_force_brief(bills, brief).include == ("p-bill",)
    assert in_force_brief(bills, brief).exclude == ()  # what is included is not excluded
    document = assemble(bills, brief)
    assert "p-bill" in document.items and "p-draft" not in document.items
    assert in_force_brief(bills, briefing(UNTIL_DAY, include=("p-draft",))).include == ("p-draft",)


def test_an_include_of_an_expired_item_with_no_successor_is_left_out_with_a_note(bills: Library) -> None:
    brief = briefing(AFTER_CONSULTATION, topics=("wildlife",), include=("p-consult",))
    assert in_force_brief(bills, brief).include == ()
    document = assemble(bills, brief)
    assert "p-consult" not in document.items and document.expired == ("p-consult",)
    assert "p-consult (until 2024-05-15)" in expiry_notes(bills, brief, document)[0]


def test_an_include_of_a_successor_before_its_time_is_left_out_with_a_note(bills: Library) -> None:
    brief = briefing(UNTIL_DAY, topics=("wildlife",), include=("p-bill",))
    document = assemble(bills, brief)
    assert "p-bill" not in document.items
    assert expiry_notes(bills, brief, document) == [
        "mp-briefing: left out p-bill: each states what followed an item that still holds on 2024-05-01"
    ]


def test_asks_give_way_to_their_successors(bills: Library) -> None:
    letter = river_brief("letter", "minister", asks=("ask-back-draft", "ask-answer-consultation"))
    early = assemble(bills, dataclasses.replace(letter, date=UNTIL_DAY))
    assert [i for i in early.items if i.startswith("ask-")] == ["ask-back-draft", "ask-answer-consultation"]
    late = assemble(bills, dataclasses.replace(letter, date=AFTER_CONSULTATION))
    assert [i for i in late.items if i.startswith("ask-")] == ["ask-back-bill"]
    assert "third reading" in text_of(late) and "draft" not in text_of(late)
    assert late.expired == ("p-consult", "ask-answer-consultation")
    # asks on the brief's topics (no asks named, none by default) and a briefing's questions alike
    on_topics = dataclasses.replace(letter, asks=(), date=AFTER_CONSULTATION)
    minister = bills.audiences["minister"]
    selection = Selection(
        bills, on_topics, dataclasses.replace(minister, default_asks=()), minister.documents["letter"]
    )
    assert [a.id for a in selection.asks()] == ["ask-minister-1", "ask-minister-2", "ask-back-bill"]


def test_fitting_to_the_budget_keeps_working_and_keeps_the_note(bills: Library) -> None:
    brief = briefing(AFTER_CONSULTATION, include=("p-draft",))
    whole = assemble(bills, brief)
    budget = whole.max_pages or 0
    fitted = fit(bills, brief, Pages(per_page=characters(whole) / (budget + 0.3)))
    assert fitted.within_budget and fitted.document.left_out
    assert "p-bill" in fitted.document.items  # included through the draft: never left out to fit
    assert "p-bill" not in fitted.document.left_out
    assert fitted.document.expired == ("p-consult",)


def test_letters_and_the_web_app_offer_and_state_the_same(bills: Library) -> None:
    base = river_brief("letter", "constituent", date=AFTER_CONSULTATION, topics=("spills", "fines"))
    offered = topic_points(bills, base, frozenset({"spills", "fines"}))
    assert "p-bill" in offered and not {"p-draft", "p-act", "p-consult"} & set(offered)
    # a constituent who ticked the draft (the page was shown before its until) gets the bill
    ticked = with_points(base, ["p-draft", "p-spills"], bills)
    document = assemble(bills, ticked)
    assert {"p-bill", "p-spills"} <= set(document.items) and "p-draft" not in document.items
    records = [{"expired": ["p-consult"]}, {}, {"expired": ["p-consult"]}]
    assert letters_expiry_notes(bills, base, records) == (
        "2 letters left out p-consult: used past its until (2024-05-15) with no successor on 2024-05-16",
    )


BRIEF = """
kind: {kind}
audience: {audience}
title: River pollution
date: 2024-05-16
recipient: {{name: A Member}}
sender: {{name: A Campaigner, address: [1 River Road]}}
formats: [docx]
"""


def test_build_and_letters_print_a_note_of_what_expired(
    bills: Library, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    library = ["--library", bills.root]
    briefing_file = tmp_path / "bill-briefing.yaml"
    briefing_file.write_text(BRIEF.format(kind="briefing", audience="mp"), encoding="utf-8")
    assert main(["build", str(briefing_file), *library, "--out", str(tmp_path / "out")]) == 0
    assert (
        "note: bill-briefing: left out 1 item(s) used past their until with no successor on 2024-05-16: "
        "p-consult (until 2024-05-15)\n"
    ) in capsys.readouterr().err
    letter_file = tmp_path / "bill-letter.yaml"
    letter_file.write_text(BRIEF.format(kind="letter", audience="constituent"), encoding="utf-8")
    people = tmp_path / "people.csv"
    people.write_text(
        "name,address1,postcode,representative,constituency,topics\n"
        "Sam Sample,1 Lane,EX1 2AB,Alex Placeholder,Exampleton,fines\n",
        encoding="utf-8",
    )
    out = tmp_path / "letters"
    args = ["letters", str(letter_file), "--people", str(people), "--out", str(out), "--workers", "1"]
    assert main([*args, *library]) == 0
    assert (
        "note: 1 letter left out p-consult: used past its until (2024-05-15) with no successor on "
        "2024-05-16\n"
    ) in capsys.readouterr().err
    assert json.loads((out / "manifest.json").read_text())["letters"][0]["expired"] == ["p-consult"]
