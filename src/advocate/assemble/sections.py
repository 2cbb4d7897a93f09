"""Filling each kind of section: what each prints of the library's points, arguments, responses and asks.

In: an ``Assembly`` (what the document draws on and has stated so far) and one section plan. Out:
the ``Section``, or None when the section has nothing to say (it is then left out: a section is
never filled with something off its topics).

What each kind prints (the README's table says the same, for library authors):

- point sections (``summary``, ``background``, ``key-facts``, ``international``, ``points``,
  ``supply-chain``, ``exposure``, ``reputation``): each point's ``text``, one numbered paragraph a
  point in a briefing; in a letter each point is a paragraph, joined to the one before by the
  plan's ``joins``; in a personal letter (constituents) each point is one sentence (its ``claim``
  or one of its ``phrasings``) with the point's citations, all in one paragraph;
- ``legal-case`` / ``legal-duty``: in a briefing each argument's ``title`` (a subheading), its
  rule's words (a quotation with its citation, unless the rule was stated already), the evidence
  not yet stated (its points' ``text``), and its ``conclusion`` with a reference to the evidence
  stated earlier; in a letter only the conclusions, as one paragraph of prose;
- ``responses``: the ``position`` and the ``rebuttal`` (a briefing adds who takes the position and
  refers to the points the rebuttal relies on);
- ``questions``: the asks' ``question``s, numbered;
- ``asks``: a briefing gives each ``ask`` in bold with its ``why``; a letter keeps to the request
  (one ask joins the plan's lead-in wording in one sentence; several are numbered);
- ``opening``, ``reply``, ``deadline``: the plan's wording; ``personal``: the sender's own words;
  ``further-reading``: the list of sources (filled by the cite stage).

Every library text is printed through ``Assembly.words`` (or ``runs``), which prints its office
markup for the brief's date, so what the ledger compares is what the reader sees.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from advocate.assemble.prose import Ledger, join, joined, refer
from advocate.assemble.select import Selection, asks_for, published_by, shuffle, timely
from advocate.assemble.wording import wording
from advocate.document import BulletList, Citation, Cite, Paragraph, Section, Text
from advocate.errors import AdvocateError, Problem
from advocate.library.campaign import questions_role
from advocate.library.items import Argument, Ask, Point
from advocate.library.models import key_location
from advocate.library.offices import OfficeError, resolve
from advocate.library.plans import SectionPlan
from advocate.markup.inline import Run, citations, parse_inline

Block = Paragraph | BulletList


@dataclass
class Assembly:
    """One document being assembled: its selection, what it has stated, and the library's
    ordinary words (for joining sentences)."""

    selection: Selection
    """What the document draws on."""
    ledger: Ledger
    """What it has stated so far, and its paragraph numbers."""

    @property
    def letter(self) -> bool:
        """The document is a letter (prose, no numbered paragraphs)."""
        return self.selection.brief.kind == "letter"

    @property
    def personal(self) -> bool:
        """The letter is in a constituent's own voice."""
        return self.selection.audience.register == "personal"

    def words(self, item: str, text: str) -> str:
        """Library ``text`` (of ``item``) with its office markup printed for the brief's date; an
        AdvocateError at the brief's date when an office cannot be printed for it."""
        brief = self.selection.brief
        try:
            return resolve(text, self.selection.library.offices, brief.date)
        except OfficeError as error:
            message = f"{item}: {error}"
            raise AdvocateError([Problem(key_location(brief, "date"), message, "date")]) from None

    def runs(self, item: str, text: str) -> tuple[Run, ...]:
        """Library ``text`` (of ``item``) as runs: only its sentences that hold on the brief's date
        (``timely``), their office markup printed for that date."""
        said = timely(self.selection.library, text, self.selection.brief.date)
        return parse_inline(self.words(item, said))


def section(plan: SectionPlan, blocks: Sequence[Block]) -> Section | None:
    """The section, or None when it has nothing in it."""
    return Section(plan.kind, plan.heading, tuple(blocks)) if blocks else None


def _lead(a: Assembly, plan: SectionPlan) -> list[Block]:
    """The plan's lead-in wording, when it has some."""
    return [a.ledger.paragraph((Text(wording(plan, a.selection)),))] if plan.text else []


def _joins(a: Assembly, plan: SectionPlan, count: int, salt: str) -> list[str]:
    """The joining phrase before each of ``count`` items (none before the first), taken in turn."""
    if not plan.joins:
        return [""] * count
    start = shuffle(a.selection.brief, salt)
    return ["", *(plan.joins[(start + i) % len(plan.joins)] for i in range(count - 1))]


# --- points -----------------------------------------------------------------------------------------


def points(a: Assembly, plan: SectionPlan) -> Section | None:
    """A section of points (see the module docstring)."""
    chosen = a.selection.take(a.selection.points, plan)
    if not chosen:
        return None
    if a.letter:
        return section(plan, _letter_points(a, plan, chosen))
    return _led(a, plan, lambda: _stated_points(a, chosen))


def _led(a: Assembly, plan: SectionPlan, fill: Callable[[], list[Block]]) -> Section | None:
    """The plan's lead-in wording followed by ``fill()``'s blocks; nothing at all (and no paragraph
    number used) when ``fill`` gives nothing."""
    mark = a.ledger.last_number
    lead = _lead(a, plan)
    blocks = fill()
    if not blocks:
        a.ledger.last_number = mark
        return None
    return section(plan, [*lead, *blocks])


def _stated_points(a: Assembly, chosen: Sequence[Point]) -> list[Block]:
    """Each point's text as a paragraph of its own, recorded as stated there."""
    blocks: list[Block] = []
    for point in chosen:
        paragraph = a.ledger.stated_paragraph(point.id, a.runs(point.id, point.text))
        if paragraph is not None:
            a.ledger.state_point(point.id, paragraph)
            blocks.append(paragraph)
    return blocks


def _letter_points(a: Assembly, plan: SectionPlan, chosen: Sequence[Point]) -> list[Block]:
    ordinary = a.selection.library.ordinary_words
    phrases = _joins(a, plan, len(chosen), "joins")
    if a.personal:
        sentences = [
            joined(
                phrase,
                (
                    Text(a.words(p.id, a.selection.one_of((p.claim, *p.phrasings), p.id))),
                    _all_citations(p.text),
                ),
                ordinary,
            )
            for phrase, p in zip(phrases, chosen, strict=True)
        ]
        for point in chosen:
            a.ledger.points[point.id] = None
        return [a.ledger.paragraph(join(sentences))]
    blocks: list[Block] = []
    for phrase, point in zip(phrases, chosen, strict=True):
        runs = a.ledger.prose(point.id, a.runs(point.id, point.text))
        if runs:
            a.ledger.points[point.id] = None
            blocks.append(a.ledger.paragraph(joined(phrase, runs, ordinary)))
    return blocks


def summary(a: Assembly, plan: SectionPlan) -> Section | None:
    """The leading points, stated here once (later sections refer back to them)."""
    limit = plan.limit or 4
    chosen = [p for p in a.selection.points if p.id not in a.selection.used and a.selection.at_home(p.id)]
    chosen = chosen[:limit]
    if not chosen:
        return None
    a.selection.use(chosen)
    return _led(a, plan, lambda: _stated_points(a, chosen))


# --- arguments ---------------------------------------------------------------------------------------


def legal(a: Assembly, plan: SectionPlan) -> Section | None:
    """Arguments: in a briefing the rule, the evidence and the conclusion; in a letter the
    conclusions as one paragraph."""
    arguments = a.selection.pick(a.selection.library.arguments.values(), plan)
    if not arguments:
        return None
    if a.letter:
        prose = join(
            a.ledger.prose(argument.id, a.runs(argument.id, argument.conclusion)) for argument in arguments
        )
        return section(plan, [a.ledger.paragraph(prose)] if prose else [])
    blocks: list[Block] = []
    for argument in arguments:
        blocks.extend(_argument(a, argument))
    return section(plan, blocks)


def _argument(a: Assembly, argument: Argument) -> list[Block]:
    """The argument's subheading, its rule, the evidence not yet stated, and its conclusion."""
    selection, ledger = a.selection, a.ledger
    blocks: list[Block] = [Paragraph((Text(argument.title),), "subheading")]
    rule = argument.rule
    rule_cite = Cite(rule.source, rule.provision)
    elsewhere = ledger.rule(argument.id, rule_cite)
    opening: list[str] = []
    if elsewhere is None:
        words = rule.text.strip().rstrip(";:,.").strip()
        blocks.append(Paragraph((Text(f"“{words}”"), Citation((rule_cite,))), "quote"))
    else:
        where = f"at {refer([elsewhere[1]])}" if elsewhere[1] is not None else "above"
        opening.append(f"The rule is set out {where}.")
    evidence = selection.evidence(argument)
    stated = [ledger.points[p] for p in evidence if ledger.points.get(p) is not None]
    fresh = [selection.library.points[p] for p in evidence if selection.available(p)]
    selection.use(fresh)
    blocks += _stated_points(a, fresh)
    if stated:
        numbers = [n for n in stated if n is not None]
        also = " also" if fresh else ""
        opening.append(f"The evidence at {refer(numbers)}{also} bears on this.")
    runs: tuple[Run, ...] = tuple(Text(s) for s in [" ".join(opening)] if s)
    conclusion = ledger.prose(argument.id, a.runs(argument.id, argument.conclusion), ledger.upcoming())
    runs = join([runs, conclusion])
    if runs:
        blocks.append(ledger.paragraph(runs))
    selection.draw(p for p in evidence if p in ledger.points)
    return blocks


# --- responses, questions, asks ----------------------------------------------------------------------


def responses(a: Assembly, plan: SectionPlan) -> Section | None:
    """Each position the other side takes, attributed, and the answer to it; in a briefing, what
    was said already is referred to, not repeated."""
    chosen = a.selection.pick(a.selection.library.responses.values(), plan)
    blocks: list[Block] = []
    for response in chosen:
        if a.letter:
            position = a.ledger.prose(response.id, a.runs(response.id, response.position))
            rebuttal = a.ledger.prose(response.id, a.runs(response.id, response.rebuttal))
            if position or rebuttal:
                blocks.append(a.ledger.paragraph(join([position, rebuttal])))
            continue
        position = _referring(a, response.id, response.position, a.ledger.upcoming())
        rebuttal = _referring(
            a, response.id, response.rebuttal, a.ledger.upcoming(2), a.selection.evidence(response)
        )
        blocks.append(a.ledger.paragraph((Text(f"{response.party}: ", bold=True), *position)))
        blocks.append(a.ledger.paragraph((Text("Response: ", bold=True), *rebuttal)))
    return section(plan, blocks)


def _referring(
    a: Assembly, item: str, text: str, number: int | None, points: Sequence[str] = ()
) -> tuple[Run, ...]:
    """``text`` without what the document has said already, referring to where it said it (and
    to the paragraphs stating ``points``)."""
    runs = a.ledger.prose(item, a.runs(item, text), number)
    stated = {n for p in points if (n := a.ledger.points.get(p)) is not None} | a.ledger.echoes
    if not stated:
        return runs
    if not runs:
        return (Text(f"See {refer(stated)}."),)
    return join([runs, (Text(f"(See {refer(stated)}.)"),)])


def questions(a: Assembly, plan: SectionPlan) -> Section | None:
    """Questions a Member could put to the Government, from the asks that carry one of the audience
    the campaign declares for questions (none declared: no section; checking warns)."""
    library, brief, expire = a.selection.library, a.selection.brief, a.selection.expire
    role = questions_role(library)
    if role is None:
        return None
    chosen = [ask for ask in asks_for(library, brief, role, expire=expire) if ask.question]
    chosen = chosen[: plan.limit or None]
    a.selection.draw(ask.id for ask in chosen)
    items = tuple(Paragraph((Text(a.words(ask.id, ask.question or "")),), "question") for ask in chosen)
    return section(plan, [BulletList(items, numbered=True)] if items else [])


def asks(a: Assembly, plan: SectionPlan) -> Section | None:
    """The asks: in a briefing each in bold with its reason, numbered when there are several; in a
    letter the requests alone, one joined to the lead-in wording, several numbered."""
    selection = a.selection
    chosen = selection.asks()
    if chosen and selection.brief.variant is not None:
        turn = shuffle(selection.brief, "asks") % len(chosen)
        chosen = chosen[turn:] + chosen[:turn]
    chosen = chosen[: plan.limit or None]
    if not chosen:
        return None
    selection.draw(ask.id for ask in chosen)
    lead = wording(plan, selection) if a.letter and plan.text else ""
    # A lead-in that ends in ":" ("I would ask you to:") leads into the ask's own imperative wording;
    # a phrasing is a whole request of its own ("Please write ...", "Will you ...?") and would read
    # "I would ask you to do one thing: Will you ...?".
    imperative = lead.endswith(":")
    wordings = [
        a.words(ask.id, ask.ask if imperative else selection.one_of((ask.ask, *ask.phrasings), ask.id))
        for ask in chosen
    ]
    if a.letter:
        return section(plan, _letter_asks(a, lead, wordings))
    items = [
        Paragraph(_briefing_ask(a, ask, words), "ask") for ask, words in zip(chosen, wordings, strict=True)
    ]
    blocks: list[Block] = _lead(a, plan)
    blocks.append(items[0] if len(items) == 1 else BulletList(tuple(items), numbered=True))
    return section(plan, blocks)


def _briefing_ask(a: Assembly, ask: Ask, words: str) -> tuple[Run, ...]:
    runs: tuple[Run, ...] = (Text(words, bold=True),)
    if ask.why and published_by(a.selection.library, ask, a.selection.brief.date):
        why = _referring(a, ask.id, ask.why, None)
        if why:
            runs = (*runs, Text(" "), *why)
    return runs


def _letter_asks(a: Assembly, lead: str, wordings: Sequence[str]) -> list[Block]:
    if len(wordings) == 1:
        if not lead:
            return [a.ledger.paragraph((Text(wordings[0]),))]
        if lead.endswith(" to:"):  # "I would ask the Government to: impose ..." reads "to impose"
            lead = lead[:-1]
        return [a.ledger.paragraph(joined(lead, (Text(wordings[0]),), None))]  # an ask is imperative
    items = tuple(Paragraph((Text(w),), "ask") for w in wordings)
    blocks: list[Block] = [a.ledger.paragraph((Text(lead),))] if lead else []
    return [*blocks, BulletList(items, numbered=True)]


# --- fixed wording -------------------------------------------------------------------------------------


def fixed_text(a: Assembly, plan: SectionPlan) -> Section | None:
    """A paragraph of the plan's own wording (an opening, a reply request, a deadline)."""
    return section(plan, _lead(a, plan))


def personal(a: Assembly, plan: SectionPlan) -> Section | None:
    """The sender's own words, exactly as written (a blank line between paragraphs; only the line
    breaks around a paragraph are dropped, not its spaces); else the plan's wording."""
    own = a.selection.brief.personal
    if own:
        text = own.replace("\r\n", "\n").replace("\r", "\n")
        paragraphs = [p.strip("\n") for p in text.split("\n\n") if p.strip()]
        return section(plan, [Paragraph((Text(p),)) for p in paragraphs])
    return fixed_text(a, plan)


def further_reading(a: Assembly, plan: SectionPlan) -> Section | None:
    """The list of sources: the cite stage fills it (none when the brief asks for no list)."""
    if not a.selection.brief.sources_list:
        return None
    return Section(plan.kind, plan.heading, (), lists_sources=True)


def _all_citations(text: str) -> Citation:
    """One citation of every source ``text`` cites, in order, for a sentence that sums it up."""
    cites: dict[str, Cite] = {}
    for citation in citations(text):
        for cite in citation.cites:
            cites.setdefault(cite.source, cite)
    return Citation(tuple(cites.values()))


FILLERS: dict[str, Callable[[Assembly, SectionPlan], Section | None]] = {
    "summary": summary,
    "background": points,
    "key-facts": points,
    "legal-case": legal,
    "legal-duty": legal,
    "international": points,
    "responses": responses,
    "questions": questions,
    "asks": asks,
    "further-reading": further_reading,
    "opening": fixed_text,
    "personal": personal,
    "points": points,
    "supply-chain": points,
    "exposure": points,
    "reputation": points,
}
FILLERS.update(dict.fromkeys(("reply", "deadline"), fixed_text))
"""One filler per ``SectionPlan.kind``."""

__all__ = ["FILLERS", "Assembly"]
