"""assemble: office markup printed for the document's date in every section, said once as printed,
and a document dated past what the office list knows stopped with a message saying what to do."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from advocate.assemble import assemble, published_by
from advocate.document import Document, Text, paragraphs
from advocate.errors import AdvocateError
from advocate.library.check import load_checked_library
from advocate.library.models import Library
from office_samples import OFFICES_YAML

from .conftest import FILES, river_brief

POINT = """
  - id: p-minister
    claim: "{office:river-minister@2021-01-12} refused to act."
    text: >-
      In January 2021 {office:river-minister@2021-01-12} refused to order an inquiry [@act].
    topics: [fines]
    audiences: {mp: 1, minister: 1, constituent: 1}
    phrasings: ["{office:river-minister@2021-01-12} would not order an inquiry."]
  - id: p-minister-again
    claim: The refusal was repeated.
    text: >-
      In January 2021 {office:river-minister@2021-01-12} refused to order an inquiry [@act].
    topics: [fines]
    audiences: {mp: 1}
"""
ASK = """
  - id: ask-chair
    audiences: [minister, mp]
    ask: Write to {office:agency-chair} about the spills.
    question: Will the Minister meet {office:agency-chair}?
    topics: [fines]
"""


@pytest.fixture(scope="module")
def rivers_with_offices(tmp_path_factory: pytest.TempPathFactory) -> Library:
    """The river library with two offices and items naming them."""
    folder = tmp_path_factory.mktemp("rivers-offices")
    files = dict(FILES)
    files["points.yaml"] = files["points.yaml"] + POINT
    files["asks.yaml"] = files["asks.yaml"] + ASK
    files["offices.yaml"] = OFFICES_YAML
    for name, text in files.items():
        (folder / name).write_text(text.lstrip(), encoding="utf-8")
    return load_checked_library(Path(folder))


def text_of(document: Document) -> str:
    return "\n".join(
        "".join(run.text for run in p.runs if isinstance(run, Text)) for p in paragraphs(document)
    )


def test_a_briefing_names_the_holder_in_office(rivers_with_offices: Library) -> None:
    brief = river_brief("briefing", "mp", date=dt.date(2021, 6, 1), include=("p-minister",))
    text = text_of(assemble(rivers_with_offices, brief))
    assert "In January 2021 the Rivers Minister, Ben Baker, refused to order an inquiry" in text
    assert "{office:" not in text


def test_a_later_briefing_names_the_then_holder(rivers_with_offices: Library) -> None:
    brief = river_brief("briefing", "mp", date=dt.date(2023, 6, 1), include=("p-minister",))
    text = text_of(assemble(rivers_with_offices, brief))
    assert "In January 2021 the then Rivers Minister, Ben Baker, refused" in text


def test_questions_and_asks_are_printed_for_the_date(rivers_with_offices: Library) -> None:
    brief = river_brief("briefing", "mp", date=dt.date(2022, 6, 1), asks=("ask-chair",))
    text = text_of(assemble(rivers_with_offices, brief))
    assert "Write to the Chair of the Agency, Eve Eng, about the spills." in text
    letter = river_brief("letter", "minister", date=dt.date(2022, 6, 1), asks=("ask-chair",))
    assert "write to the Chair of the Agency, Eve Eng, about the spills" in text_of(
        assemble(rivers_with_offices, letter)
    )


def test_a_constituent_letter_prints_claims_and_phrasings_for_the_date(rivers_with_offices: Library) -> None:
    brief = river_brief("letter", "constituent", date=dt.date(2023, 6, 1), include=("p-minister",))
    texts = {text_of(assemble(rivers_with_offices, dataclasses.replace(brief, variant=v))) for v in range(12)}
    joined = "\n".join(texts)
    assert "{office:" not in joined
    assert "The then Rivers Minister, Ben Baker, refused to act." in joined or (
        "the then Rivers Minister, Ben Baker, would not order an inquiry" in joined.lower()
    )


def test_the_same_sentence_is_said_once_as_printed(rivers_with_offices: Library) -> None:
    brief = river_brief(
        "briefing", "mp", date=dt.date(2023, 6, 1), include=("p-minister", "p-minister-again")
    )
    text = text_of(assemble(rivers_with_offices, brief))
    assert text.count("refused to order an inquiry") == 1


def test_a_document_dated_after_the_check_stops_with_what_to_do(rivers_with_offices: Library) -> None:
    brief = river_brief("briefing", "mp", date=dt.date(2024, 3, 1), include=("p-minister",))
    brief = dataclasses.replace(brief, at=brief.at)
    with pytest.raises(AdvocateError) as raised:
        assemble(rivers_with_offices, dataclasses.replace(brief, asks=("ask-chair",)))
    message = str(raised.value)
    assert "date: ask-chair: cannot name the holder of agency-chair on the document's date" in message
    assert "2024-03-01 is after 2023-12-31, the last day its holders were checked" in message
    assert "library/offices.yaml" in message


def test_an_item_naming_a_later_holder_is_not_yet_known(rivers_with_offices: Library) -> None:
    point = rivers_with_offices.points["p-minister"]
    assert published_by(rivers_with_offices, point, dt.date(2021, 1, 12))
    assert not published_by(rivers_with_offices, point, dt.date(2021, 1, 11))
