"""assemble.budget: leaving out the lowest-priority items until the document fits its pages."""

from __future__ import annotations

import dataclasses
import math

from advocate.assemble import assemble
from advocate.assemble.budget import fit
from advocate.document import Document, Text, paragraphs
from advocate.library.models import Library

from .conftest import river_brief


def characters(document: Document) -> int:
    return sum(len(run.text) for p in paragraphs(document) for run in p.runs if isinstance(run, Text))


class Pages:
    """A stand-in for rendering: ``per_page`` characters of body text fill a page."""

    def __init__(self, per_page: float) -> None:
        self.per_page = per_page
        self.calls: list[Document] = []

    def __call__(self, document: Document) -> tuple[int, float, str]:
        self.calls.append(document)
        extent = characters(document) / self.per_page
        return max(1, math.ceil(extent)), extent, f"measured {len(self.calls)}"


def test_a_document_within_budget_is_measured_once_and_kept_whole(rivers: Library) -> None:
    brief = river_brief("briefing", "mp")
    pages = Pages(per_page=10_000)
    fitted = fit(rivers, brief, pages)
    assert len(pages.calls) == 1 and fitted.measured == "measured 1"
    assert fitted.document == assemble(rivers, brief) and fitted.document.left_out == ()
    assert fitted.within_budget


def test_the_lowest_priority_items_go_first_until_it_fits(rivers: Library) -> None:
    brief = river_brief("briefing", "mp")
    whole = assemble(rivers, brief)
    budget = whole.max_pages or 0
    pages = Pages(per_page=characters(whole) / (budget + 0.3))  # a third of a page too long
    fitted = fit(rivers, brief, pages)
    assert fitted.within_budget and fitted.pages == budget
    assert fitted.document.left_out[0] == "p-fines"  # priority 3 for Members: the first to go
    assert not set(fitted.document.left_out) & set(fitted.document.items)
    assert len(pages.calls) <= 3
    assert fitted.measured == f"measured {len(pages.calls)}"  # the measurement of what is returned


def test_nothing_takes_the_place_of_what_was_left_out(rivers: Library) -> None:
    brief = river_brief("briefing", "mp")
    whole = assemble(rivers, brief)
    fitted = fit(rivers, brief, Pages(per_page=characters(whole) / ((whole.max_pages or 0) + 0.3)))
    assert set(fitted.document.items) <= set(whole.items)


def test_what_the_brief_includes_is_never_left_out(rivers: Library) -> None:
    brief = river_brief("briefing", "mp", include=("p-fines",))
    whole = assemble(rivers, brief)
    fitted = fit(rivers, brief, Pages(per_page=characters(whole) / ((whole.max_pages or 0) + 0.3)))
    assert "p-fines" in fitted.document.items and "p-fines" not in fitted.document.left_out


def test_a_document_that_cannot_fit_comes_back_as_short_as_leaving_out_made_it(rivers: Library) -> None:
    own = "My own words. " * 140  # nearly two pages on its own: no point can make it one
    brief = river_brief("letter", "constituent", personal=own)
    whole = assemble(rivers, brief)
    pages = Pages(per_page=(characters(whole) - 100) / 2)  # the points push it onto a third page
    fitted = fit(rivers, brief, pages)
    assert not fitted.within_budget and fitted.pages == 2
    assert fitted.document.left_out and fitted.document.sections[0].key == "personal"


def test_leaving_out_what_saves_no_page_keeps_the_fuller_document(rivers: Library) -> None:
    brief = river_brief("letter", "constituent", personal="My own words. " * 400)
    fitted = fit(rivers, brief, Pages(per_page=1000))
    assert not fitted.within_budget and fitted.document.left_out == ()


def test_fitting_keeps_every_section_and_each_item_in_its_own(rivers: Library) -> None:
    # A summary of three points: once the other points go, it must not take the first points of
    # the sections after it (they stay where they were, and those sections stay).
    mp = rivers.audiences["mp"]
    plan = mp.documents["briefing"]
    summary = dataclasses.replace(plan.sections[0], limit=3)
    plan = dataclasses.replace(plan, sections=(summary, *plan.sections[1:]))
    audience = dataclasses.replace(mp, documents={**mp.documents, "briefing": plan})
    rivers = dataclasses.replace(rivers, audiences={**rivers.audiences, "mp": audience})
    brief = river_brief("briefing", "mp")
    whole = assemble(rivers, brief)
    assert whole.homes["p-fines"] == 1 and whole.leads[:2] == ("p-spills", "p-fines")  # key facts' only point
    only_leads = assemble(rivers, brief, allowed=frozenset(whole.leads), homes=whole.homes)
    assert [s.key for s in only_leads.sections] == [s.key for s in whole.sections]
    assert all(only_leads.homes[item] == whole.homes[item] for item in only_leads.items)
    fitted = fit(rivers, brief, Pages(per_page=characters(whole) / ((whole.max_pages or 0) * 1.2)))
    assert fitted.document.left_out and set(whole.leads) <= set(fitted.document.items)
