"""library.offices: who held an office on a day, a holder's own formal title and a style that changes
during the term, printing the markup for a document's date, the office list's own problems, the
markup's problems and bare titles in `advocate check`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from advocate.brief import Person, by_office
from advocate.library.check import check
from advocate.library.load import load_library
from advocate.library.offices import Office, OfficeError, bare_titles, listed, markup_problems, resolve
from office_samples import CHECKED, OFFICES_YAML

AddFile = Callable[[str, str], str]
D = dt.date.fromisoformat


@pytest.fixture
def offices(library: Path, add_file: AddFile) -> dict[str, Office]:
    add_file("offices.yaml", OFFICES_YAML)
    loaded = load_library(library)
    assert loaded.problems == []
    return loaded.library.offices


def test_the_offices_load_typed(offices: dict[str, Office]) -> None:
    minister = offices["river-minister"]
    assert minister.formal_title == "Minister of State for Rivers"
    assert minister.checked == CHECKED
    assert [h.name for h in minister.holders] == ["Ann Able", "Ben Baker", "Cat Cole"]
    assert minister.holders[0].start == D("2019-01-01") and minister.holders[2].to is None
    assert minister.address == ("1 Weir Street", "London", "SW1A 9ZZ")


def test_holder_on_a_day(offices: dict[str, Office]) -> None:
    minister = offices["river-minister"]
    assert minister.holder_on(D("2020-06-30")).name == "Ann Able"  # type: ignore[union-attr]
    assert minister.holder_on(D("2020-07-15")) is None  # a gap
    assert minister.holder_on(D("2018-12-31")) is None  # before the list
    assert minister.holder_on(D("2022-03-01")).name == "Cat Cole"  # type: ignore[union-attr]  # handover
    assert minister.holder_on(D("2024-01-01")) is None  # after checked


def test_a_holder_still_in_office_is_named_without_then(offices: dict[str, Office]) -> None:
    text = "In 2021 {office:river-minister@2021-01-12} refused."
    assert resolve(text, offices, D("2021-06-01")) == "In 2021 the Rivers Minister, Ben Baker, refused."


def test_a_holder_who_has_left_is_the_then_holder(offices: dict[str, Office]) -> None:
    text = "In 2021 {office:river-minister@2021-01-12} refused."
    assert resolve(text, offices, D("2022-06-01")) == "In 2021 the then Rivers Minister, Ben Baker, refused."


def test_capitalised_at_the_start_of_a_sentence(offices: dict[str, Office]) -> None:
    day = D("2022-06-01")
    assert resolve("{office:river-minister@2021-01-12} refused.", offices, day) == (
        "The then Rivers Minister, Ben Baker, refused."
    )
    after = "Spills rose [@x]. “{office:river-minister@2022-05-01} spoke.”"
    assert resolve(after, offices, day) == "Spills rose [@x]. “The Rivers Minister, Cat Cole, spoke.”"
    assert resolve("Asked by {office:river-minister@2022-05-01}.", offices, day) == (
        "Asked by the Rivers Minister, Cat Cole."
    )


def test_a_comma_closes_the_name_only_before_a_word(offices: dict[str, Office]) -> None:
    day = D("2022-06-01")
    assert resolve("{office:river-minister}, in a letter, said", offices, day) == (
        "The Rivers Minister, Cat Cole, in a letter, said"
    )
    assert (
        resolve("Ask {office:river-minister} [@x].", offices, day)
        == "Ask the Rivers Minister, Cat Cole [@x]."
    )


def test_no_date_names_the_holder_on_the_documents_date(offices: dict[str, Office]) -> None:
    assert resolve("Write to {office:river-minister}.", offices, D("2020-09-01")) == (
        "Write to the Rivers Minister, Ben Baker."
    )


def test_title_markup_names_the_office_whoever_holds_it(offices: dict[str, Office]) -> None:
    text = "{title:river-minister} must act, and we wrote to {title:agency-chair} [@x]."
    expected = "The Rivers Minister must act, and we wrote to the Chair of the Agency [@x]."
    assert resolve(text, offices, D("2020-07-15")) == expected  # in a gap between holders
    assert resolve(text, offices, D("2030-01-01")) == expected  # long after the list was checked
    ((offset, message),) = markup_problems(offices, "{title:rivers-minister}")
    assert offset == len("{title:") and "did you mean 'river-minister'" in message


def test_on_the_day_of_a_handover_the_incoming_holder_holds_the_office(offices: dict[str, Office]) -> None:
    assert resolve("{office:river-minister@2022-02-28} said", offices, D("2022-03-01")) == (
        "The then Rivers Minister, Ben Baker, said"
    )


def test_a_document_in_a_gap_names_the_earlier_holder_as_then(offices: dict[str, Office]) -> None:
    assert resolve("{office:river-minister@2020-01-01} said", offices, D("2020-07-15")) == (
        "The then Rivers Minister, Ann Able, said"
    )
    with pytest.raises(OfficeError, match="a gap between holders"):
        resolve("{office:river-minister} said", offices, D("2020-07-15"))


def test_a_document_dated_after_checked_is_an_error_when_the_answer_is_unknown(
    offices: dict[str, Office],
) -> None:
    later = D("2024-02-01")
    with pytest.raises(OfficeError) as raised:
        resolve("{office:river-minister@2023-01-01} said", offices, later)
    message = str(raised.value)
    assert "whether Cat Cole still holds river-minister" in message
    assert "2024-02-01 is after 2023-12-31, the last day its holders were checked" in message
    assert "add any new one to library/offices.yaml and set checked" in message
    with pytest.raises(OfficeError, match="on the document's date"):
        resolve("{office:river-minister} said", offices, later)


def test_a_holder_who_left_before_checked_is_the_then_holder_in_any_later_document(
    offices: dict[str, Office],
) -> None:
    assert resolve("{office:agency-chair@2022-01-01} said", offices, D("2030-01-01")) == (
        "The then Chair of the Agency, Eve Eng, said"
    )


def test_a_markup_dated_after_the_document_is_an_error(offices: dict[str, Office]) -> None:
    with pytest.raises(OfficeError, match="after the document's date"):
        resolve("{office:river-minister@2022-05-01} said", offices, D("2021-01-01"))


def test_listings_print_as_of_today_or_the_last_check(offices: dict[str, Office]) -> None:
    text = "{office:river-minister@2021-01-12} said"
    assert listed(text, offices, D("2030-01-01")) == "The then Rivers Minister, Ben Baker, said"
    assert listed("{office:no-such} said", offices, D("2030-01-01")) == "{office:no-such} said"


def test_markup_problems_name_the_office_or_the_date(offices: dict[str, Office]) -> None:
    def messages(text: str) -> list[tuple[int, str]]:
        return list(markup_problems(offices, text))

    assert messages("{office:river-ministr@2021-01-01}") == [
        (
            8,
            "unknown office 'river-ministr' (did you mean 'river-minister'?); expected one of: "
            "river-minister, agency-chair",
        )
    ]
    assert messages("x {office:river-minister@2018-05-01}") == [
        (
            2,
            "expected a date on which river-minister had a known holder, got 2018-05-01 is before the "
            "office's list of holders starts (the first listed holder took office on 2019-01-01)",
        )
    ]
    assert "a gap between holders" in messages("{office:river-minister@2020-07-15}")[0][1]
    assert "is after 2023-12-31" in messages("{office:river-minister@2024-01-01}")[0][1]
    assert messages("{office:river-minister@2020-13-01}")[0][0] == 23
    assert messages("{office:river-minister@2021-01-01} and {office:river-minister}") == []


def test_bare_titles_are_found_outside_quotations(offices: dict[str, Office]) -> None:
    titles = bare_titles(offices)
    text = (
        "The Rivers Minister said so. “the Rivers Minister will act” she said. "
        "He wrote to the Minister for Rivers, not the Rivers Minister of Wales."
    )
    found = list(titles.find(text))
    assert [offset for offset, _ in found] == [0, text.index("the Minister for Rivers")]
    assert found[0][1] == (
        "bare office title 'The Rivers Minister': write {office:river-minister@YYYY-MM-DD} (the "
        "holder on the date the text reports) or {office:river-minister} (the holder on the "
        "document's date)"
    )


def test_check_reports_office_problems_at_file_line_column(library: Path, add_file: AddFile) -> None:
    add_file("offices.yaml", OFFICES_YAML)
    label = add_file(
        "points/offices.yaml",
        """
        points:
          - id: minister-refused
            claim: The Rivers Minister refused.
            text: In 2021 {office:river-ministr@2021-01-12} refused [@cbc-2021].
            topics: [detention]
            audiences: {mp: 2}
            reviewed: 2024-01-10
            phrasings: ["In 2021 {office:river-minister@2021-13-12} refused."]
        """,
    )
    problems = [str(p) for p in check(library, today=dt.date(2024, 6, 1)).problems]
    mine = [p for p in problems if p.startswith(label)]
    assert mine == [
        f"{label}:4:27: points.minister-refused.text: unknown office 'river-ministr' (did you mean "
        "'river-minister'?); expected one of: river-minister, agency-chair",
        f"{label}:8:49: points.minister-refused.phrasings[0]: expected a date as YYYY-MM-DD after '@', got "
        "'2021-13-12' in '{office:river-minister@2021-13-12}'",
        f"{label}:3:12: points.minister-refused.claim: warning: bare office title 'The Rivers Minister': "
        "write {office:river-minister@YYYY-MM-DD} (the holder on the date the text reports) or "
        "{office:river-minister} (the holder on the document's date)",
    ]


ONE_OFFICE = """
        offices:
          - id: o
            title: Office
            formal_title: The Office
            source: https://example.org/record
            checked: 2022-01-01
            holders:"""
"""The head of a list of one office, checked to 2022-01-01, for a test to add holders to (indented
as here: ``add_file`` dedents the whole)."""


def test_check_reports_a_list_out_of_order(library: Path, add_file: AddFile) -> None:
    label = add_file(
        "offices.yaml",
        ONE_OFFICE
        + """
              - {name: A, style: A, from: 2019-01-01}
              - {name: B, style: B, from: 2020-01-01, to: 2019-06-01}
              - {name: C, style: C, from: 2021-01-01, to: 2023-01-01}
        """,
    )
    problems = [str(p) for p in check(library, today=dt.date(2021, 6, 1)).problems if label in str(p)]
    assert problems == [
        f"{label}:6:5: offices.o.checked: expected a checked date on or before today (2021-06-01), "
        "got 2022-01-01",
        f"{label}:7:5: offices.o.holders[1].to: expected 'to' on or after 'from' (2020-01-01), "
        "got 2019-06-01",
        f"{label}:7:5: offices.o.holders[0].to: expected a 'to' date for A, who was followed by B",
        f"{label}:7:5: offices.o.holders[2].to: expected a date on or before checked (2022-01-01), got "
        "2023-01-01: a date after the last check is a guess",
    ]


def test_check_refuses_office_markup_in_an_audiences_wording(library: Path, add_file: AddFile) -> None:
    add_file("offices.yaml", OFFICES_YAML)
    label = add_file(
        "audiences/minister.yaml",
        """
        audiences:
          - id: minister
            label: Minister
            register: formal
            documents:
              letter:
                sections:
                  - {kind: opening, text: "I write to {office:river-minister} about spills."}
        """,
    )
    problems = [str(p) for p in check(library, today=dt.date(2024, 6, 1)).problems if label in str(p)]
    assert problems == [
        f"{label}:8:29: audiences.minister: expected no office markup in an audience's wording (it "
        "addresses the letter's own recipient, given by the brief): write the words, or move the "
        "sentence to an ask or a point"
    ]


HOLDERS_YAML = """
offices:
  - id: sea-minister
    title: Seas Minister
    formal_title: Minister of State for Seas
    organisation: Department for Seas
    source: https://example.org/record/seas-ministers
    checked: 2023-12-31
    holders:
      - name: Fay Ford
        style: Fay Ford QC MP
        from: 2021-01-01
        to: 2022-12-31
        styles:
          - {from: 2022-09-08, style: Fay Ford KC MP}
      - name: Gus Gray
        style: Gus Gray MP
        formal_title: Parliamentary Under-Secretary of State for Seas
        from: 2023-01-01
"""
"""Fay Ford, a Minister of State, was QC until 7 September 2022 and KC from the 8th; Gus Gray, who
followed her on 1 January 2023, holds the post as a Parliamentary Under-Secretary of State."""


def test_a_holders_style_changes_on_its_day(library: Path, add_file: AddFile) -> None:
    add_file("offices.yaml", HOLDERS_YAML)
    loaded = load_library(library)
    assert loaded.problems == []
    minister = loaded.library.offices["sea-minister"]
    ford = minister.holders[0]
    assert ford.style == "Fay Ford QC MP" and ford.styles[0].start == D("2022-09-08")
    assert ford.style_on(D("2022-09-07")) == "Fay Ford QC MP"
    assert ford.style_on(D("2022-09-08")) == "Fay Ford KC MP"
    assert minister.formal_title_on(D("2022-12-31")) == "Minister of State for Seas"
    assert minister.formal_title_on(D("2023-01-01")) == "Parliamentary Under-Secretary of State for Seas"
    assert minister.formal_title_on(D("2030-01-01")) == "Minister of State for Seas"  # nobody known
    # Running text names the person, not the style.
    assert resolve("{office:sea-minister@2022-10-01} said", loaded.library.offices, D("2022-10-02")) == (
        "The Seas Minister, Fay Ford, said"
    )


def test_the_address_block_of_a_recipient_office_follows_the_holders_post_and_style(
    library: Path, add_file: AddFile
) -> None:
    add_file("offices.yaml", HOLDERS_YAML)
    loaded = load_library(library).library
    recipient = Person(office="sea-minister")

    def block(day: str) -> tuple[str, str | None]:
        person = by_office(recipient, loaded, D(day))
        return person.name, person.role

    assert block("2022-09-07") == ("Fay Ford QC MP", "Minister of State for Seas")
    assert block("2022-09-08") == ("Fay Ford KC MP", "Minister of State for Seas")
    assert block("2022-12-31") == ("Fay Ford KC MP", "Minister of State for Seas")
    assert block("2023-01-01") == ("Gus Gray MP", "Parliamentary Under-Secretary of State for Seas")
    written = by_office(Person(office="sea-minister", role="Seas Minister"), loaded, D("2023-01-01"))
    assert written.role == "Seas Minister"  # what the brief writes wins


def test_check_reports_style_changes_outside_the_term_and_an_empty_formal_title(
    library: Path, add_file: AddFile
) -> None:
    label = add_file(
        "offices.yaml",
        ONE_OFFICE
        + """
              - name: A
                style: A QC
                formal_title: " "
                from: 2019-01-01
                to: 2020-12-31
                styles:
                  - {from: 2019-01-01, style: A KC}
                  - {from: 2021-01-01, style: A KC}
              - name: B
                style: B
                from: 2021-01-01
                styles:
                  - {from: 2021-06-01, style: B KC}
                  - {from: 2021-05-01, style: B QC}
                  - {from: 2022-06-01, style: B KC}
        """,
    )
    problems = [str(p) for p in check(library, today=dt.date(2022, 6, 1)).problems if label in str(p)]
    assert problems == [
        f"{label}:10:9: offices.o.holders[0].formal_title: expected a formal title, got an empty one: "
        "leave formal_title out to use the office's",
        f"{label}:14:14: offices.o.holders[0].styles[0].from: expected a date after the term's 'from' "
        "(2019-01-01), got 2019-01-01: the style on the first day is the holder's 'style'",
        f"{label}:15:14: offices.o.holders[0].styles[1].from: expected a date on or before the term's "
        "'to' (2020-12-31), got 2021-01-01",
        f"{label}:21:14: offices.o.holders[1].styles[1].from: expected a date after the previous "
        "change's (2021-06-01), got 2021-05-01",
        f"{label}:22:14: offices.o.holders[1].styles[2].from: expected a date on or before checked "
        "(2022-01-01), got 2022-06-01: a date after the last check is a guess",
    ]
