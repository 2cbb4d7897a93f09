"""render.estimate: the page estimate errs long, so a document it puts within budget is within it."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from advocate.assemble import assemble
from advocate.brief import Brief
from advocate.build import cite_assembled, default_briefs, load_briefs
from advocate.library.check import load_checked_library
from advocate.library.models import Library
from advocate.render.estimate import estimated_pages
from advocate.render.pdf import lay_out
from advocate.render.templates import search_path

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def library() -> Library:
    return load_checked_library(REPO / "library")


def letters(brief: Brief) -> list[Brief]:
    """The constituent letter with the writer's own words from none to nearly a page."""
    sentence = "I have followed this for a long time and I want you to act on what I have read. "
    return [dataclasses.replace(brief, variant=n, personal=sentence * n or None) for n in (0, 3, 6, 9, 12)]


def test_the_estimate_is_never_shorter_than_the_layout(library: Library) -> None:
    briefs = load_briefs(default_briefs(REPO / "briefs"), library)
    constituent = next(b for b in briefs if b.audience == "constituent")
    folders = search_path(None)
    for brief in [*briefs, *letters(constituent)]:
        document = cite_assembled(library, brief, assemble(library, brief), folders)
        laid_out = lay_out(document, folders)
        estimate = estimated_pages(document)
        assert laid_out.extent <= estimate, (brief.name, brief.variant, laid_out.extent, estimate)
        assert estimate <= laid_out.extent * 1.4 + 0.2, (brief.name, brief.variant)  # and useful
