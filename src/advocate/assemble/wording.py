"""The document's own fixed wording: greetings, parties, and the plan's texts with their fields.

In: a ``Brief``, its ``Audience`` and a section plan. Out: the salutation, the parties as the
``Document`` carries them, and a plan's wording (one of its variants for a letter in a batch) with
``{recipient}``, ``{organisation}``, ``{constituency}``, ``{deadline}`` and ``{date}`` filled in.
"""

from __future__ import annotations

import datetime as dt

from advocate.assemble.select import Selection
from advocate.brief import Brief, Person
from advocate.document import Party
from advocate.library.plans import Audience, SectionPlan

_HONORIFICS = ("The Rt Hon ", "The Right Honourable ", "Rt Hon ", "The Hon ")
_POST_NOMINALS = frozenset(
    {"MP", "MSP", "MS", "AM", "MLA", "MEP", "KC", "QC", "PC", "MBE", "OBE", "CBE", "KBE", "DBE", "CH", "FRS"}
)


def party(person: Person) -> Party:
    """A brief's sender or recipient as the Document carries it."""
    return Party(person.name, person.role, person.organisation, person.address, person.email)


def salutation_name(name: str) -> str:
    """A name as a letter's greeting uses it: ``The Rt Hon Jo Bloggs MP`` is greeted as ``Jo Bloggs``
    (styles and post-nominal letters belong on the envelope, not after "Dear")."""
    for honorific in _HONORIFICS:
        if name.startswith(honorific):
            name = name[len(honorific) :]
            break
    words = name.split()
    while len(words) > 1 and words[-1].strip(",") in _POST_NOMINALS:
        words.pop()
    return " ".join(words).rstrip(",")


def salutation(audience: Audience, recipient: Person) -> str:
    """ "Dear ...," for the recipient: their own salutation, else the audience's."""
    if recipient.salutation:
        return recipient.salutation
    name = salutation_name(recipient.name)
    return audience.salutation.format(name=name, role=recipient.role or name)


def wording(plan: SectionPlan, selection: Selection) -> str:
    """The section's fixed wording: its text, or one of its variants for a brief with a variant."""
    return fill(
        selection.one_of((plan.text or "", *plan.variants), plan.kind), selection.brief, selection.audience
    )


def fill(template: str, brief: Brief, audience: Audience) -> str:
    """``template`` with the brief's fields filled in."""
    deadline = brief.date + dt.timedelta(days=audience.response_days or 28)
    return template.format(
        recipient=brief.recipient.name,
        organisation=brief.recipient.organisation or brief.recipient.name,
        constituency=brief.recipient.constituency or brief.sender.constituency or "your constituency",
        deadline=f"{deadline.day} {deadline:%B %Y}",
        date=f"{brief.date.day} {brief.date:%B %Y}",
    )
