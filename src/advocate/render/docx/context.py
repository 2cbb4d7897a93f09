"""The template context: what a DOCX template's Jinja tags see.

In: a cited ``Document`` and the template's list numbering (``template.Numbering``). Out: the
context mapping (``title``, ``subtitle``, ``date``, ``date_iso``, ``lang``, ``kind``, ``audience``,
``salutation``, ``closing``, ``keywords``, ``sender``, ``recipient``, ``sections``, ``letterhead``,
``brand``, ``document``)
and, in the ``Builder``, the hyperlinks the body uses and the list instances to add so that each
numbered list restarts at 1.

A paragraph view has ``xml`` (the whole ``w:p``: ``{{p para }}``), ``runs`` (``{{r para.runs }}``),
``text`` (plain text with note markers) and ``style`` (the Document's style). Its Word style:
``body`` is Normal, or ``NumberedParagraph`` when the paragraph has a ``number`` (the number, then
a tab, hanging in the style's indent); the other styles map through ``BLOCK_STYLES``. A numbered
list's items are ``ListNumber`` (``Question``/``Ask`` for those items) in a list instance of their
own, starting at 1; a bulleted list's are ``ListBullet``, ``ListBulletSmall`` for ``small`` items
(a list of sources). ``Question`` and ``Ask`` outside a list carry no number: only a numbered list
numbers a paragraph, in Word as in the PDF. Keep-together: a paragraph right before a list keeps
with it, and a letter's last paragraph with the closing (headings keep with next by their style).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from advocate.document import Block, BulletList, Document, Paragraph, Party, Text
from advocate.render.brand import heading
from advocate.render.docx.brand import logo_run
from advocate.render.docx.runs import Links, clean, paragraph_xml, plain_text, runs_xml, text_run
from advocate.render.docx.template import Numbering
from advocate.render.templates import address_lines, longdate

BLOCK_STYLES = {
    "lead": "Lead",
    "subheading": "Heading2",
    "quote": "Quote",
    "question": "Question",
    "ask": "Ask",
    "small": "Small",
}
"""Word paragraph style ids for the Document's paragraph styles (``body`` is Normal)."""


@dataclass(frozen=True)
class ParagraphView:
    """A paragraph as templates see it."""

    style: str
    runs: Markup
    text: str
    xml: Markup

    def __html__(self) -> str:
        return str(self.xml)


@dataclass(frozen=True)
class SectionView:
    key: str
    heading: str
    paragraphs: tuple[ParagraphView, ...]


@dataclass(frozen=True)
class PartyView:
    name: str
    role: str
    organisation: str
    address: tuple[str, ...]
    email: str
    lines: tuple[str, ...]
    """Name, role, organisation, postal address: the address block."""
    letterhead: tuple[str, ...]
    """Organisation (or name), postal address, email."""
    signature: tuple[str, ...]
    """Name, role, organisation."""


def party_view(party: Party) -> PartyView:
    head = party.organisation or party.name
    signature = (party.name, *(x for x in (party.role, party.organisation) if x))
    return PartyView(
        name=clean(party.name),
        role=clean(party.role or ""),
        organisation=clean(party.organisation or ""),
        address=tuple(clean(x) for x in party.address),
        email=clean(party.email or ""),
        lines=tuple(clean(x) for x in address_lines(party)),
        letterhead=tuple(clean(x) for x in (head, *party.address, party.email or "") if x),
        signature=tuple(clean(x) for x in signature),
    )


@dataclass(frozen=True)
class LetterheadView:
    """The head of the document as templates see it (``render.brand.heading``)."""

    organisation: str
    """The brand's organisation, or a letter's sender's organisation or name."""
    lines: tuple[str, ...]
    """Postal address, phone, email, website."""
    logo: Markup
    """The logo as a run (``{{r letterhead.logo }}``), empty when there is none."""
    branded: bool
    """Whether it is the brand's letterhead (not a sender's own heading)."""
    show: bool
    """Whether the template shows it: a letter's always, a briefing's when it is the brand's; never
    when the body goes below a Word letterhead of the user's own."""


def letterhead_view(doc: Document, *, own: bool = False) -> LetterheadView:
    """The head of ``doc``; ``own`` when the template is the user's own letterhead."""
    head = heading(doc)
    logo = Markup(logo_run(head.logo, clean(head.organisation))) if head.logo else Markup("")
    show = not own and (head.branded or doc.kind == "letter")
    lines = tuple(clean(x) for x in head.lines)
    return LetterheadView(clean(head.organisation), lines, logo, head.branded, show)


NUMBER_INDENT = 484
"""A numbered paragraph's text indent in twips: ``.numbered { padding-left: 2.2em }`` at 11 pt."""
ITEM_AFTER, LAST_ITEM_AFTER = 60, 120
"""Space below a list item and below a list, in twips: ``.list li { margin: 0 0 3pt }`` inside
``.list { margin: 0 0 6pt }``."""


@dataclass
class Builder:
    """Turns blocks into paragraph views, collecting hyperlinks and list instances on the way."""

    numbering: Numbering | None
    links: Links = field(default_factory=Links)
    restarts: list[int] = field(default_factory=list)

    def paragraph(
        self,
        para: Paragraph,
        style_id: str | None,
        *,
        keep_next: bool = False,
        num_id: int | None = None,
        after: int | None = None,
    ) -> ParagraphView:
        runs = runs_xml(para.runs, self.links)
        hanging = None
        if para.number is not None:
            runs = f"{text_run(Text(f'{para.number}.'), self.links)}<w:r><w:tab/></w:r>{runs}"
            if style_id is None:
                style_id = "NumberedParagraph"
            else:
                hanging = NUMBER_INDENT
        xml = paragraph_xml(runs, style_id, keep_next=keep_next, num_id=num_id, after=after, hanging=hanging)
        return ParagraphView(para.style, Markup(runs), plain_text(para.runs), Markup(xml))

    def blocks(self, blocks: Sequence[Block], *, keep_last: bool = False) -> tuple[ParagraphView, ...]:
        """The paragraphs of a section. A paragraph right before a list keeps with it (the lead-in
        "I would ask the Government to:"); with ``keep_last`` the last one keeps with whatever the
        template puts next (a letter's closing)."""
        out: list[ParagraphView] = []
        for i, block in enumerate(blocks):
            last = i == len(blocks) - 1
            if isinstance(block, BulletList):
                out.extend(self.list_items(block, keep_last=keep_last and last))
            else:
                before_list = not last and isinstance(blocks[i + 1], BulletList)
                keep = before_list or (keep_last and last)
                out.append(self.paragraph(block, BLOCK_STYLES.get(block.style), keep_next=keep))
        return tuple(out)

    def list_items(self, block: BulletList, *, keep_last: bool = False) -> list[ParagraphView]:
        """One paragraph per item: ``ListNumber`` (``Ask``/``Question`` for those items) in a list
        instance of its own, or ``ListBullet`` (``ListBulletSmall`` for ``small`` items)."""
        num_id = self.new_list() if block.numbered else None
        items = []
        for i, item in enumerate(block.items):
            if block.numbered:
                style_id = BLOCK_STYLES[item.style] if item.style in ("ask", "question") else "ListNumber"
            else:
                style_id = "ListBulletSmall" if item.style == "small" else "ListBullet"
            last = i == len(block.items) - 1
            after = LAST_ITEM_AFTER if last else ITEM_AFTER
            keep = keep_last and last
            items.append(self.paragraph(item, style_id, keep_next=keep, num_id=num_id, after=after))
        return items

    def new_list(self) -> int | None:
        """A list instance starting at 1 (none when the template has no numbered list style)."""
        if self.numbering is None:
            return None
        num_id = self.numbering.first_free_id + len(self.restarts)
        self.restarts.append(num_id)
        return num_id


def context(doc: Document, builder: Builder) -> dict[str, Any]:
    """The template context of ``doc``; the body's paragraphs are built by ``builder``. A letter's
    last lines keep with the closing and signature that follow them."""
    keep = doc.kind == "letter"
    last = max((i for i, s in enumerate(doc.sections) if s.blocks), default=-1)
    sections = tuple(
        SectionView(s.key, clean(s.heading or ""), builder.blocks(s.blocks, keep_last=keep and i == last))
        for i, s in enumerate(doc.sections)
    )
    return {
        "document": doc,
        "kind": doc.kind,
        "audience": doc.audience,
        "title": clean(doc.title),
        "subtitle": clean(doc.subtitle or ""),
        "date": longdate(doc.date),
        "date_iso": doc.date.isoformat(),
        "lang": doc.lang,
        "sender": party_view(doc.sender),
        "recipient": party_view(doc.recipient),
        "salutation": clean(doc.salutation or ""),
        "closing": clean(doc.closing or ""),
        "keywords": tuple(clean(k) for k in doc.keywords),
        "sections": sections,
        "letterhead": letterhead_view(doc),
        "brand": doc.brand,
    }
