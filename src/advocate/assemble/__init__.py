"""Assembly by audience: choose, order and word what a document says, each fact once.

In: a ``Library`` and a ``Brief``. Out: a ``Document`` whose text still carries ``Citation`` runs
(the cite stage numbers them). Knows nothing of DOCX, HTML or PDF.

The audience profile (shipped with the tool, with the campaign's part merged in from
``library/campaign.yaml``: ``library.campaign``) names the sections of each kind of document; each
section kind is filled by one function of ``sections``. Items are chosen by ``select`` (topics,
priorities, the brief's date), worded once by ``prose`` (later sections refer back to paragraphs
instead of restating), and ``budget.fit`` leaves out the lowest-priority items when the rendered
document is over its page budget.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from advocate.assemble.prose import Ledger
from advocate.assemble.sections import FILLERS, Assembly
from advocate.assemble.select import Selection, published_by
from advocate.assemble.wording import party, salutation, salutation_name
from advocate.brief import Brief, Person
from advocate.document import Document
from advocate.library.campaign import declared_letters_role
from advocate.library.expiry import lapsed
from advocate.library.models import Library


def assemble(
    library: Library,
    brief: Brief,
    *,
    allowed: frozenset[str] | None = None,
    homes: Mapping[str, int] | None = None,
    expire: bool = True,
) -> Document:
    """The document ``brief`` asks for, with content chosen for its audience.

    ``allowed``, when given, limits the points, arguments and responses to those ids (the budget
    fitting uses it to leave items out without letting others take their place), and ``homes`` to
    the sections that placed them (so that an item stays where it was). ``expire`` False
    assembles as if no item had expired (to tell what expiry left out)."""
    audience = library.audiences[brief.audience]
    plan = audience.documents[brief.kind]
    selection = Selection(library, brief, audience, plan, allowed, homes=homes, expire=expire)
    assembly = Assembly(selection, Ledger(brief.kind == "briefing", legal_sources(library)))
    sections = []
    placed: dict[str, int] = {}
    for index, section_plan in enumerate(plan.sections):
        selection.section = index
        section = FILLERS[section_plan.kind](assembly, section_plan)
        if section is not None:
            sections.append(section)
        for item in selection.drawn:
            placed.setdefault(item, index)
    letter = brief.kind == "letter"
    return Document(
        kind=brief.kind,
        audience=audience.id,
        title=brief.title,
        subtitle=plan.subtitle,
        date=brief.date,
        lang=brief.lang,
        sender=party(sender_of(library, brief)),
        recipient=party(brief.recipient),
        sections=tuple(sections),
        salutation=salutation(audience, brief.recipient) if letter else None,
        closing=audience.closing if letter else None,
        keywords=tuple(library.topics[t].title for t in brief.topics if t in library.topics),
        items=tuple(selection.drawn),
        homes=placed,
        sources=library.csl_sources,
        max_pages=plan.max_pages,
        expired=expired_items(library, brief) if expire and allowed is None else (),
        brand=library.brand,
        letterhead=carries_letterhead(library, brief),
    )


def sender_of(library: Library, brief: Brief) -> Person:
    """The brief's sender, its organisation the brand's when the brief gives none and the document is
    the organisation's own (not a letter a person writes in their own name): the organisation's name
    is then written once, in ``brand.yaml``."""
    sender = brief.sender
    if sender.organisation or library.brand is None or brief.audience == declared_letters_role(library):
        return sender
    return dataclasses.replace(sender, organisation=library.brand.organisation)


def carries_letterhead(library: Library, brief: Brief) -> bool:
    """Whether the brief's document carries the brand's letterhead: its kind is one of the brand's
    letterhead kinds, and it is not a letter a person writes in their own name (the audience of the
    campaign's declared letters role)."""
    brand = library.brand
    if brand is None or brief.kind not in brand.letterhead:
        return False
    return brief.audience != declared_letters_role(library)


def expired_items(library: Library, brief: Brief) -> tuple[str, ...]:
    """The items the brief's document would have used but leaves out because they are past their
    ``until`` on its date with no successor in force: those that assembling it as if nothing had
    expired uses (done only when some item of the library has so lapsed)."""
    gone = lapsed(library, brief.date)
    if not gone:
        return ()
    return tuple(item for item in assemble(library, brief, expire=False).items if item in gone)


LEGAL_TYPES = frozenset({"legal_case", "legislation", "regulation", "treaty"})
"""CSL types of sources whose pinpoints state rules and holdings."""


def legal_sources(library: Library) -> frozenset[str]:
    """The sources whose pinpoints state rules: judgments, statutes, regulations, treaties, and
    every source an argument takes its rule from."""
    typed = {s.id for s in library.sources.values() if s.type in LEGAL_TYPES}
    return frozenset(typed | {argument.rule.source for argument in library.arguments.values()})


__all__ = ["assemble", "legal_sources", "published_by", "salutation_name"]
