"""assemble: audiences differ in structure, register and content, not only in salutation."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from advocate.assemble import assemble, published_by, salutation_name
from advocate.brief import Brief, load_brief
from advocate.document import Citation, Document, Paragraph, Text, document_sources, paragraphs
from advocate.library.check import load_checked_library
from advocate.library.models import Library
from advocate.library.offices import resolve

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def library() -> Library:
    return load_checked_library(REPO / "library")


def brief(library: Library, name: str) -> Brief:
    loaded, problems = load_brief(REPO / "briefs" / f"{name}.yaml", library)
    assert problems == []
    assert loaded is not None
    return loaded


def text_of(document: Document) -> str:
    return "\n".join(
        "".join(run.text for run in p.runs if isinstance(run, Text)) for p in paragraphs(document)
    )


def asks_in(library: Library, document: Document) -> set[str]:
    text = text_of(document)
    printed = {ask.id: resolve(ask.ask, library.offices, document.date) for ask in library.asks.values()}
    return {id for id, ask in printed.items() if ask[1:] in text}  # "write ..." after a lead-in


def test_minister_letter_carries_ministerial_asks_and_none_for_companies(library: Library) -> None:
    document = assemble(library, brief(library, "letter-to-foreign-secretary"))
    asks = asks_in(library, document)
    # on 10 December 2021 the US import ban had passed both Houses but was not yet law
    assert {"minister-sanction-chen-quanguo", "minister-import-controls-us-house"} <= asks
    assert not any(a.startswith("company-") for a in asks)
    assert document.salutation == "Dear Foreign Secretary,"
    assert [s.key for s in document.sections] == ["opening", "legal-duty", "points", "asks", "reply"]
    assert "reply" in text_of(document).split("\n")[-1]


def test_company_letter_asks_company_things_with_a_date(library: Library) -> None:
    document = assemble(library, brief(library, "letter-to-retailer-ceo"))
    asks = asks_in(library, document)
    assert asks == {"company-trace-and-disclose", "company-explain-sourcing", "company-follow-bci"}
    assert document.sections[0].key == "opening"
    assert "supply-chain" in [s.key for s in document.sections]
    assert "by 19 July 2021" in text_of(document)  # 28 days after 21 June 2021


def test_mp_briefing_follows_a_debate_pack(library: Library) -> None:
    document = assemble(library, brief(library, "mp-debate-briefing"))
    keys = [s.key for s in document.sections]
    assert keys[0] == "summary"
    expected = (
        "key-facts",
        "legal-case",
        "international",
        "responses",
        "questions",
        "asks",
        "further-reading",
    )
    assert set(expected) <= set(keys)
    assert document.salutation is None and document.kind == "briefing"


def test_constituent_letter_is_short_personal_and_asks_one_thing(library: Library) -> None:
    loaded = brief(library, "constituent-letter")
    document = assemble(library, loaded)
    assert document.sections[0].key == "personal"
    first = document.sections[0].blocks[0]
    assert isinstance(first, type(document.sections[0].blocks[0]))
    assert text_of(document).startswith(" ".join(loaded.personal.split()) if loaded.personal else "")
    (points,) = next(s for s in document.sections if s.key == "points").blocks
    assert isinstance(points, Paragraph)  # one paragraph in the writer's voice, a note a point
    assert 2 <= sum(isinstance(run, Citation) for run in points.runs) <= 3
    assert len(asks_in(library, document)) == 1
    assert document.sender.address[-1] == "EX1 2AB"


def test_the_four_audiences_produce_different_structures(library: Library) -> None:
    names = ["mp-debate-briefing", "letter-to-foreign-secretary", "letter-to-retailer-ceo"]
    names.append("constituent-letter")
    structures = {tuple(s.key for s in assemble(library, brief(library, n)).sections) for n in names}
    assert len(structures) == 4


def test_no_item_cites_a_source_issued_after_the_brief_date(library: Library) -> None:
    for path in sorted((REPO / "briefs").glob("*.yaml")):
        loaded = brief(library, path.stem)
        document = assemble(library, loaded)
        for source_id in document_sources(document):
            issued = library.sources[source_id].issued
            assert issued is None or issued.not_after(loaded.date), (path.stem, source_id)


def test_published_by_excludes_later_sources(library: Library) -> None:
    later = [p for p in library.points.values() if not published_by(library, p, dt.date(2021, 4, 20))]
    assert later, "the shipped library has points from after April 2021"
    assert all(published_by(library, p, dt.date(2022, 1, 1)) for p in later)


def test_include_forces_and_exclude_removes(library: Library) -> None:
    base = brief(library, "letter-to-retailer-ceo")
    some_point = next(p for p in library.points.values() if "company" not in p.audiences and p.audiences)
    forced = assemble(library, dataclasses.replace(base, include=(some_point.id,), date=dt.date(2022, 1, 1)))
    assert some_point.text.split("[@")[0].strip() in text_of(forced)
    dropped = assemble(library, dataclasses.replace(base, exclude=(some_point.id,), include=()))
    assert some_point.text.split("[@")[0].strip() not in text_of(dropped)


def test_every_fact_paragraph_carries_a_citation(library: Library) -> None:
    document = assemble(library, brief(library, "letter-to-foreign-secretary"))
    sections = {s.key: s for s in document.sections}
    for key in ("legal-duty", "points"):
        for paragraph in paragraphs(dataclasses.replace(document, sections=(sections[key],))):
            assert any(isinstance(run, Citation) for run in paragraph.runs), paragraph


def test_document_records_the_items_it_draws_on(library: Library) -> None:
    document = assemble(library, brief(library, "letter-to-foreign-secretary"))
    assert set(document.items) >= asks_in(library, document)
    arguments = [i for i in document.items if i in library.arguments]
    assert arguments and all(library.arguments[a].conclusion[:40] in text_of(document) for a in arguments)
    points = [i for i in document.items if i in library.points]
    # a joining phrase ("In addition, in ...") may lower a point's first letter
    assert all(library.points[p].text.split("[@")[0].strip()[1:40] in text_of(document) for p in points)


@pytest.mark.parametrize(
    ("name", "greeted"),
    [
        ("Jordan Example MP", "Jordan Example"),
        ("The Rt Hon Elizabeth Truss MP", "Elizabeth Truss"),
        ("Rt Hon Sir Jo Bloggs KC MP", "Sir Jo Bloggs"),
        ("Dr Ana Lopes OBE", "Dr Ana Lopes"),
        ("Chen MP", "Chen"),
        ("MP", "MP"),  # nothing left to greet: keep what was written
        ("Ms Amy Frost", "Ms Amy Frost"),
    ],
)
def test_the_greeting_leaves_styles_and_post_nominals_on_the_envelope(name: str, greeted: str) -> None:
    assert salutation_name(name) == greeted


def test_the_senders_paragraphs_keep_their_spaces_and_any_line_ending(library: Library) -> None:
    personal = "  Indented, as I wrote it.\r\n\r\nEnds with a no-break space\xa0\r\r \n\nLast."
    loaded = dataclasses.replace(brief(library, "constituent-letter"), personal=personal)
    section = assemble(library, loaded).sections[0]
    assert section.key == "personal"
    assert [[run.text for run in block.runs] for block in section.blocks] == [
        ["  Indented, as I wrote it."],
        ["Ends with a no-break space\xa0"],
        ["Last."],
    ]


def test_the_foreign_secretary_letter_is_right_for_10_december_2021(library: Library) -> None:
    """The bundled letter's date: the export-control review was completed on 8 December, the joint
    statement delivered on 22 June, four officials sanctioned in March; Dominic Raab had left office."""
    document = assemble(library, brief(library, "letter-to-foreign-secretary"))
    text = " ".join(text_of(document).split())
    assert document.recipient.name == "The Rt Hon Elizabeth Truss MP"
    assert "the then Foreign Secretary, Dominic Raab" in text
    for stale in (
        "draft",
        "expected to",
        "considering",
        "the Foreign Secretary had",
        "Impose targeted sanctions",
    ):
        assert stale not in text, stale
    assert "review of export controls that the Government promised" not in text
    assert "Publish what the export control review found" in text
    assert "delivered a joint statement" in text


def test_the_senders_organisation_is_the_brands_when_the_brief_gives_none(library: Library) -> None:
    briefing = brief(library, "mp-debate-briefing")
    given = assemble(library, briefing).sender.organisation
    assert given == briefing.sender.organisation  # the brief's own wins
    unnamed = dataclasses.replace(briefing, sender=dataclasses.replace(briefing.sender, organisation=None))
    assert library.brand is not None
    assert assemble(library, unnamed).sender.organisation == library.brand.organisation
    # A constituent's own letter is signed in their own name: no organisation is added to it.
    letter = brief(library, "constituent-letter")
    assert letter.sender.organisation is None
    assert assemble(library, letter).sender.organisation is None


def test_a_lead_in_ending_in_a_colon_leads_into_the_asks_own_imperative_never_a_phrasing(
    library: Library,
) -> None:
    """A phrasing is a whole request ("Please write ...", "Will you ...?"): after "I would ask you to
    do one thing:" it would ask twice. Every variant of the constituent letter keeps the imperative."""
    base = brief(library, "constituent-letter")
    imperatives = {
        ask.ask.split()[0].lower() for ask in library.asks.values() if "constituent" in ask.audiences
    }
    (plan,) = [s for s in library.audiences["constituent"].documents["letter"].sections if s.kind == "asks"]
    leads = [lead for lead in (plan.text or "", *plan.variants) if lead.endswith(":")]
    assert leads
    for variant in range(40):
        text = text_of(assemble(library, dataclasses.replace(base, variant=variant)))
        found = [(line, lead) for line in text.splitlines() for lead in leads if line.startswith(lead)]
        assert len(found) == 1, text
        ((line, lead),) = found
        assert line[len(lead) :].split()[0].lower() in imperatives, line
