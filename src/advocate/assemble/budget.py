"""Fitting a document to its page budget by leaving out its lowest-priority items.

In: a ``Library``, a ``Brief`` and ``measure`` (the caller's way to render an assembled document and
count its pages; assembly knows nothing of rendering). Out: a ``Fitted``: the assembled document
within its ``max_pages`` (or as short as leaving items out can make it), what was left out, and the
caller's measurement of it, so that a document that fits is rendered once, not again.

What may be left out: the points, responses and arguments the document placed, except those the
brief forces in with ``include``; asks and fixed wording stay. The lowest priority for the audience
goes first (an argument's evidence that the audience does not rank at all before anything it
ranks), then points before responses before arguments, later before earlier; the first item of
each section goes last of all, so that a briefing keeps every section it plans while it can. How
many to leave out is estimated from how far the text runs past the budget (in pages filled, to the
line) and the text each item takes, then corrected by what leaving items out really saved: a
document over budget is usually laid out two or three times.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from advocate.assemble import assemble
from advocate.assemble.select import in_force_brief
from advocate.brief import Brief
from advocate.document import Document, Text, paragraphs
from advocate.library.items import Argument, Point, Response
from advocate.library.models import Library
from advocate.markup.inline import plain

T = TypeVar("T")

_KIND_ORDER = {"point": 0, "response": 1, "argument": 2}


Measure = Callable[[Document], tuple[int, float, T]]
"""Renders an assembled document: its page count, how many pages it fills (``11.4``: eleven full
pages and 40% of the twelfth) and the caller's result (say the cited document and its PDF)."""

ROUNDS = 6
"""At most this many documents are laid out to fit one brief."""


@dataclass(frozen=True)
class Fitted(Generic[T]):
    """A document fitted to its budget, with the caller's measurement of it."""

    document: Document
    """The assembled document (``left_out`` names what was left out)."""
    measured: T
    """What ``measure`` returned with the page count (e.g. the rendered PDF)."""
    pages: int
    """Its page count (0 when the caller did not lay it out)."""

    @property
    def within_budget(self) -> bool:
        """Whether it fits (always, when it has no budget)."""
        budget = self.document.max_pages
        return budget is None or self.pages <= budget


def fit(library: Library, brief: Brief, measure: Measure[T]) -> Fitted[T]:
    """The brief's document within its page budget (see the module docstring)."""
    document = assemble(library, brief)
    pages, extent, measured = measure(document)
    budget = document.max_pages
    best = Fitted(document, measured, pages)
    if budget is None or pages <= budget:
        return best
    candidates = _droppable(library, in_force_brief(library, brief), document)
    removed = [0]
    for item_id in candidates:
        removed.append(removed[-1] + _length(library, item_id))
    placed = frozenset(document.items)
    tried = [(0, extent)]  # (items left out, pages filled)
    per_page = _text_length(document) / max(extent, 0.1)
    for _ in range(ROUNDS - 1):
        count, filled = tried[-1]
        if len(tried) > 1 and tried[-2][1] > filled:  # what leaving items out really saved
            per_page = (removed[count] - removed[tried[-2][0]]) / (tried[-2][1] - filled)
        wanted = removed[count] + (filled - budget) * per_page * 1.02
        count = next((k for k in range(count + 1, len(removed)) if removed[k] >= wanted), len(candidates))
        left_out = tuple(candidates[:count])
        trial = assemble(library, brief, allowed=placed - frozenset(left_out), homes=document.homes)
        trial = dataclasses.replace(trial, left_out=left_out, expired=document.expired)
        trial_pages, trial_extent, trial_measured = measure(trial)
        if trial_pages < best.pages or trial_pages <= budget:
            best = Fitted(trial, trial_measured, trial_pages)
        if trial_pages <= budget or count == len(candidates):
            break
        tried.append((count, trial_extent))
    return best


def _droppable(library: Library, brief: Brief, document: Document) -> list[str]:
    """The items that may be left out, the first to go first."""
    audience = document.audience
    ranked = []
    for position, item_id in enumerate(document.items):
        if item_id in brief.include:
            continue
        kind, item = _item(library, item_id)
        if item is None:
            continue
        priority = item.audiences.get(audience, 9)
        lead = item_id in document.leads  # the last of a section goes last of all
        ranked.append((lead, -priority, _KIND_ORDER[kind], -position, item_id))
    return [item_id for *_, item_id in sorted(ranked)]


def _item(library: Library, item_id: str) -> tuple[str, Point | Response | Argument | None]:
    if item_id in library.points:
        return "point", library.points[item_id]
    if item_id in library.responses:
        return "response", library.responses[item_id]
    if item_id in library.arguments:
        return "argument", library.arguments[item_id]
    return "", None


def _text_length(document: Document) -> int:
    return sum(len(run.text) for p in paragraphs(document) for run in p.runs if isinstance(run, Text))


def _length(library: Library, item_id: str) -> int:
    """How much printed text (citations aside) an item adds."""
    if item_id in library.points:
        return len(plain(library.points[item_id].text))
    if item_id in library.responses:
        response = library.responses[item_id]
        return len(plain(response.position)) + len(plain(response.rebuttal))
    argument = library.arguments[item_id]
    return len(argument.title) + len(argument.rule.text) + len(plain(argument.conclusion))
