"""Every example document states each fact once: no long sentence twice, no claim beside its text."""

from __future__ import annotations

import collections
import dataclasses
import re
from pathlib import Path

import pytest

from advocate.assemble import assemble
from advocate.brief import Brief, load_brief
from advocate.document import Document, Text, paragraphs
from advocate.library.check import load_checked_library
from advocate.library.models import Library
from advocate.markup.inline import plain

REPO = Path(__file__).resolve().parents[2]
BRIEFS = sorted((REPO / "briefs").glob("*.yaml"))


@pytest.fixture(scope="module")
def library() -> Library:
    return load_checked_library(REPO / "library")


def load(library: Library, path: Path) -> Brief:
    brief, problems = load_brief(path, library)
    assert brief is not None and not problems
    return brief


def long_sentences(document: Document) -> list[str]:
    """The body's sentences of eight or more words, normalised (case, punctuation, spacing)."""
    found = []
    for paragraph in paragraphs(document):
        text = "".join(run.text for run in paragraph.runs if isinstance(run, Text))
        for sentence in re.split(r"(?<=[.!?’”\"])\s+", text):
            words = re.findall(r"\w+", sentence.lower())
            if len(words) >= 8:
                found.append(" ".join(words))
    return found


def documents(library: Library) -> list[tuple[str, Document]]:
    out = []
    for path in BRIEFS:
        brief = load(library, path)
        out.append((path.stem, assemble(library, brief)))
        if brief.kind == "letter":  # letters in a batch vary: try a few
            out += [
                (f"{path.stem}#{v}", assemble(library, dataclasses.replace(brief, variant=v)))
                for v in range(8)
            ]
    return out


def test_no_sentence_of_eight_or_more_words_appears_twice(library: Library) -> None:
    for name, document in documents(library):
        repeated = [s for s, n in collections.Counter(long_sentences(document)).items() if n > 1]
        assert repeated == [], name


def test_a_points_claim_and_its_text_are_never_both_printed(library: Library) -> None:
    for name, document in documents(library):
        body = " ".join("".join(r.text for r in p.runs if isinstance(r, Text)) for p in paragraphs(document))
        for point in library.points.values():
            text = plain(point.text).strip()
            both = point.claim[1:] in body and text[1:60] in body
            assert not both, (name, point.id)
