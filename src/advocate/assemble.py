"""Assembly by audience: choose and order what a document says.

In: a ``Library`` and a ``Brief``. Out: a ``Document`` whose text still carries ``Citation`` runs
(the cite stage numbers them). Knows nothing of DOCX, HTML or PDF.

The audience profile (``library/audiences.yaml``) names the sections of each kind of document; each
section kind is filled by one function here. Items are chosen from the brief's topics (plus its
``include``, minus its ``exclude``), ranked by the priority each item gives the audience, and each
item is used once per document: a point in the key facts is not repeated as evidence elsewhere.
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from advocate.brief import Brief, Person
from advocate.document import BulletList, Citation, Cite, Document, Paragraph, Party, Section, Text
from advocate.library.models import Argument, Ask, Audience, Library, Point, Response, SectionPlan
from advocate.markup import Run, citations, parse_inline

Item = TypeVar("Item", Point, Argument, Response)


@dataclass
class _Selection:
    """What one document draws on, and what it has used so far (local to one ``assemble`` call)."""

    library: Library
    brief: Brief
    audience: Audience
    points: list[Point]
    used: set[str] = field(default_factory=set)
    drawn: dict[str, None] = field(default_factory=dict)
    """Every item placed in the document, in order (``used`` only holds those not to repeat)."""

    def draw(self, ids: Iterable[str]) -> None:
        """Record items as placed in the document."""
        self.drawn.update(dict.fromkeys(ids))

    def pick(self, items: Iterable[Item], plan: SectionPlan) -> list[Item]:
        """The best unused items of a kind for this audience and brief, marked used."""
        return self.take(_ranked(self.library, items, self.brief, self.audience.id), plan)

    def take(self, items: Iterable[Item], plan: SectionPlan, limit: int | None = None) -> list[Item]:
        """Unused items on the section's topics, best first, marked used."""
        topics = set(plan.topics)
        chosen = [
            item
            for item in items
            if item.id not in self.used
            and (not topics or topics & set(item.topics) or item.id in self.brief.include)
        ]
        chosen = chosen[: plan.limit or limit or len(chosen)]
        self.used.update(item.id for item in chosen)
        self.draw(item.id for item in chosen)
        return chosen


def assemble(library: Library, brief: Brief) -> Document:
    """The document ``brief`` asks for, with content chosen for its audience."""
    audience = library.audiences[brief.audience]
    plan = audience.documents[brief.kind]
    selection = _Selection(
        library, brief, audience, _ranked(library, library.points.values(), brief, audience.id)
    )
    if brief.kind == "letter":
        selection.points = _spread(selection.points)
    selection.points = selection.points[: max(plan.max_points, len(brief.include))]
    sections = []
    for section_plan in plan.sections:
        section = _FILLERS[section_plan.kind](selection, section_plan)
        if section is not None and (section.blocks or section.lists_sources):
            sections.append(section)
    return Document(
        kind=brief.kind,
        audience=audience.id,
        title=brief.title,
        subtitle=plan.subtitle,
        date=brief.date,
        lang=brief.lang,
        sender=_party(brief.sender),
        recipient=_party(brief.recipient),
        sections=tuple(sections),
        salutation=_salutation(audience, brief.recipient) if brief.kind == "letter" else None,
        closing=audience.closing if brief.kind == "letter" else None,
        keywords=tuple(library.topics[t].title for t in brief.topics if t in library.topics),
        items=tuple(selection.drawn),
        sources=library.csl_sources,
        max_pages=plan.max_pages,
    )


def _ranked(library: Library, items: Iterable[Item], brief: Brief, audience: str) -> list[Item]:
    """Items for this audience and these topics that were known on the brief's date: forced ones
    first, then by priority, then in library order."""
    topics = set(brief.topics)
    chosen = [
        item
        for item in items
        if item.id not in brief.exclude
        and published_by(library, item, brief.date)
        and (
            item.id in brief.include
            or (audience in item.audiences and (not topics or topics & set(item.topics)))
        )
    ]
    return sorted(
        chosen,
        key=lambda item: (
            item.id not in brief.include,
            _rank(brief, item.audiences.get(audience, 9), item.id),
        ),
    )


def _spread(items: list[Item]) -> list[Item]:
    """The same items, reordered so that each leads with a topic not yet covered while one remains
    (a short letter should not spend its three points on one topic)."""
    leading: list[Item] = []
    rest: list[Item] = []
    covered: set[str] = set()
    for item in items:
        if covered.isdisjoint(item.topics):
            leading.append(item)
            covered.update(item.topics)
        else:
            rest.append(item)
    return leading + rest


def _rank(brief: Brief, priority: int, item_id: str) -> float:
    """Priority order; with a variant, jittered by up to one and a half places, so that letters in a
    batch draw on more of the library while priority-1 points still come up most often."""
    if brief.variant is None:
        return priority
    return priority + (_shuffle(brief, item_id) % 1000) / 1000 * 1.5


def _shuffle(brief: Brief, salt: str) -> int:
    """A stable pseudo-random number per brief variant and ``salt``; 0 for briefs without a variant, so
    their items keep library order."""
    if brief.variant is None:
        return 0
    return zlib.crc32(f"{brief.variant}:{salt}".encode())


def _one_of(brief: Brief, options: Sequence[str], salt: str) -> str:
    """The first option, or for a brief with a variant one chosen by it (the same every time)."""
    return options[_shuffle(brief, salt) % len(options)]


def published_by(library: Library, item: Point | Argument | Response | Ask, day: dt.date) -> bool:
    """Whether every source ``item`` cites had been issued by ``day``: a document dated in April 2021
    must not cite a judgment of December 2021."""
    for text in item.texts():
        for citation in citations(text):
            for cite in citation.cites:
                issued = library.sources[cite.source].issued
                if issued is not None and not issued.not_after(day):
                    return False
    return True


def _party(person: Person) -> Party:
    return Party(person.name, person.role, person.organisation, person.address, person.email)


_HONORIFICS = ("The Rt Hon ", "The Right Honourable ", "Rt Hon ", "The Hon ")
_POST_NOMINALS = frozenset(
    {"MP", "MSP", "MS", "AM", "MLA", "MEP", "KC", "QC", "PC", "MBE", "OBE", "CBE", "KBE", "DBE", "CH", "FRS"}
)


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


def _salutation(audience: Audience, recipient: Person) -> str:
    if recipient.salutation:
        return recipient.salutation
    name = salutation_name(recipient.name)
    return audience.salutation.format(name=name, role=recipient.role or name)


# Section fillers: one per section kind named in SectionPlan.kind.


def _points_section(selection: _Selection, plan: SectionPlan) -> Section:
    """Each point as its sourced paragraph (letters, background, supply chain...); in a personal
    letter, as one sentence (the claim or one of its phrasings) carrying the point's citations."""
    points = selection.take(selection.points, plan)
    if selection.audience.register != "personal":
        return _section(plan, [Paragraph(parse_inline(p.text)) for p in points])
    brief = selection.brief
    sentences = [(_one_of(brief, (p.claim, *p.phrasings), p.id), _all_citations(p.text)) for p in points]
    return _section(plan, [Paragraph((Text(sentence), call)) for sentence, call in sentences])


def _key_facts(selection: _Selection, plan: SectionPlan) -> Section:
    """Each point led by its claim in bold, then its sourced paragraph."""
    points = selection.take(selection.points, plan)
    blocks = [Paragraph((Text(p.claim + " ", bold=True), *parse_inline(p.text))) for p in points]
    return _section(plan, blocks)


def _summary(selection: _Selection, plan: SectionPlan) -> Section:
    """The leading claims, each with the notes of the point it summarises; points stay usable later."""
    limit = plan.limit or 4
    points = [p for p in selection.points if p.id not in selection.used][:limit]
    selection.draw(p.id for p in points)
    items = [Paragraph((Text(p.claim), _all_citations(p.text))) for p in points]
    blocks: list[Paragraph | BulletList] = []
    if plan.text:
        blocks.append(Paragraph((Text(_wording(plan, selection)),), "lead"))
    blocks.append(BulletList(tuple(items)))
    return _section(plan, blocks)


def _legal(selection: _Selection, plan: SectionPlan) -> Section:
    """Arguments: the rule with its source, the evidence that meets it, the conclusion."""
    arguments = selection.pick(selection.library.arguments.values(), plan)
    blocks: list[Paragraph | BulletList] = []
    for argument in arguments:
        blocks.extend(_argument_blocks(selection, argument))
    return _section(plan, blocks)


def _argument_blocks(selection: _Selection, argument: Argument) -> list[Paragraph | BulletList]:
    """A briefing states the rule, lists the evidence and concludes; a letter quotes the rule and
    concludes in one paragraph."""
    rule = argument.rule
    rule_call = Citation((Cite(rule.source, rule.provision),))
    quoted = Text(f"“{rule.text.rstrip('.')}.”")
    if selection.brief.kind == "letter":
        return [
            Paragraph(
                (
                    Text(f"{argument.title}: "),
                    quoted,
                    rule_call,
                    Text(" "),
                    *parse_inline(argument.conclusion),
                )
            )
        ]
    blocks: list[Paragraph | BulletList] = [
        Paragraph((Text(argument.title, bold=True), Text(". The rule: "), quoted, rule_call), "lead")
    ]
    library, day = selection.library, selection.brief.date
    evidence = [library.points[p] for p in argument.points if published_by(library, library.points[p], day)]
    if evidence:
        selection.draw(p.id for p in evidence)
        items = tuple(Paragraph((Text(p.claim), _all_citations(p.text))) for p in evidence)
        blocks.append(BulletList(items))
    blocks.append(Paragraph(parse_inline(argument.conclusion)))
    return blocks


def _responses(selection: _Selection, plan: SectionPlan) -> Section:
    """Each position the other side takes, attributed, and the answer to it."""
    responses = selection.pick(selection.library.responses.values(), plan)
    blocks: list[Paragraph | BulletList] = []
    for response in responses:
        blocks.append(Paragraph((Text(f"{response.party}: ", bold=True), *parse_inline(response.position))))
        blocks.append(Paragraph((Text("Response: ", bold=True), *parse_inline(response.rebuttal))))
    return _section(plan, blocks)


def _asks(selection: _Selection, plan: SectionPlan) -> Section:
    """The asks, numbered; a briefing gives each its reason, a letter keeps to the request."""
    asks = _chosen_asks(selection)
    if asks and selection.brief.variant is not None:
        turn = _shuffle(selection.brief, "asks") % len(asks)
        asks = asks[turn:] + asks[:turn]
    asks = asks[: plan.limit or None]
    selection.draw(ask.id for ask in asks)
    items = []
    for ask in asks:
        wording = _one_of(selection.brief, (ask.ask, *ask.phrasings), ask.id)
        runs: tuple[Run, ...] = (Text(wording, bold=selection.brief.kind == "briefing"),)
        known = published_by(selection.library, ask, selection.brief.date)
        if ask.why and known and selection.brief.kind == "briefing":
            runs = (*runs, Text(" "), *parse_inline(ask.why))
        items.append(Paragraph(runs, "ask"))
    blocks: list[Paragraph | BulletList] = []
    if plan.text:
        blocks.append(Paragraph((Text(_wording(plan, selection)),)))
    if len(items) == 1:
        blocks.append(items[0])
    elif items:
        blocks.append(BulletList(tuple(items), numbered=True))
    return _section(plan, blocks)


def _questions(selection: _Selection, plan: SectionPlan) -> Section:
    """Questions an MP could put in the debate, from the asks of the Government that carry one."""
    library = selection.library
    asks = [a for a in _ranked_asks(library, selection.brief, "minister") if a.question]
    asks = asks[: plan.limit or None]
    selection.draw(a.id for a in asks)
    items = tuple(Paragraph((Text(a.question or ""),), "question") for a in asks)
    return _section(plan, [BulletList(items, numbered=True)] if items else [])


def _fixed_text(selection: _Selection, plan: SectionPlan) -> Section:
    """A paragraph of the plan's own wording (an opening, a reply request, a deadline)."""
    if not plan.text:
        return _section(plan, [])
    return _section(plan, [Paragraph((Text(_wording(plan, selection)),))])


def _personal(selection: _Selection, plan: SectionPlan) -> Section:
    """The sender's own words, exactly as written (a blank line between paragraphs; only the line
    breaks around a paragraph are dropped, not its spaces); else the plan's wording."""
    if selection.brief.personal:
        text = selection.brief.personal.replace("\r\n", "\n").replace("\r", "\n")
        paragraphs = [p.strip("\n") for p in text.split("\n\n") if p.strip()]
        return _section(plan, [Paragraph((Text(p),)) for p in paragraphs])
    return _fixed_text(selection, plan)


def _further_reading(selection: _Selection, plan: SectionPlan) -> Section | None:
    """The list of sources: the cite stage fills it (none when the brief asks for no list)."""
    if not selection.brief.sources_list:
        return None
    return Section(plan.kind, plan.heading, (), lists_sources=True)


def _chosen_asks(selection: _Selection) -> list[Ask]:
    library, brief = selection.library, selection.brief
    ids = brief.asks or selection.audience.default_asks
    if ids:
        return [library.asks[a] for a in ids if a in library.asks]
    return _ranked_asks(library, brief, selection.audience.id)


def _ranked_asks(library: Library, brief: Brief, audience: str) -> list[Ask]:
    topics = set(brief.topics)
    return [
        a for a in library.asks.values() if audience in a.audiences and (not topics or topics & set(a.topics))
    ]


def _all_citations(text: str) -> Citation:
    """One citation of every source ``text`` cites, in order, for a sentence that sums it up."""
    cites: dict[str, Cite] = {}
    for citation in citations(text):
        for cite in citation.cites:
            cites.setdefault(cite.source, cite)
    return Citation(tuple(cites.values()))


def _wording(plan: SectionPlan, selection: _Selection) -> str:
    """The section's fixed wording: its text, or one of its variants for a brief with a variant."""
    return _fill(_one_of(selection.brief, (plan.text or "", *plan.variants), plan.kind), selection)


def _fill(template: str, selection: _Selection) -> str:
    brief, audience = selection.brief, selection.audience
    deadline = brief.date + dt.timedelta(days=audience.response_days or 28)
    return template.format(
        recipient=brief.recipient.name,
        organisation=brief.recipient.organisation or brief.recipient.name,
        constituency=brief.recipient.constituency or brief.sender.constituency or "your constituency",
        deadline=f"{deadline.day} {deadline:%B %Y}",
        date=f"{brief.date.day} {brief.date:%B %Y}",
    )


def _section(plan: SectionPlan, blocks: Sequence[Paragraph | BulletList]) -> Section:
    return Section(plan.kind, plan.heading, tuple(blocks))


_FILLERS: dict[str, Callable[[_Selection, SectionPlan], Section | None]] = {
    "summary": _summary,
    "background": _points_section,
    "key-facts": _key_facts,
    "legal-case": _legal,
    "legal-duty": _legal,
    "international": _points_section,
    "responses": _responses,
    "questions": _questions,
    "asks": _asks,
    "further-reading": _further_reading,
    "opening": _fixed_text,
    "personal": _personal,
    "points": _points_section,
    "supply-chain": _points_section,
    "exposure": _points_section,
    "reputation": _points_section,
    "reply": _fixed_text,
    "deadline": _fixed_text,
}
