"""The template context: what a DOCX template's Jinja tags see.

In: a cited ``Document`` and the template's list numbering (``template.Numbering``). Out: the
context mapping (``title``, ``subtitle``, ``date``, ``date_iso``, ``lang``, ``kind``, ``audience``,
``salutation``, ``closing``, ``keywords``, ``sender``, ``recipient``, ``sections``, ``document``)
and, in the ``Builder``, the hyperlinks the body uses and the list instances to add so that each
numbered list restarts at 1.

A paragraph view has ``xml`` (the whole ``w:p``: ``{{p para }}``), ``runs`` (``{{r para.runs }}``),
``text`` (plain text with note markers) and ``style`` (the Document's style). Its Word style:
``body`` is Normal, or ``Numbered`` when the paragraph has a ``number`` (the number, then a tab,
hanging in the style's indent); the other styles map through ``BLOCK_STYLES``. A numbered list's
items are ``ListNumber`` (or ``Question``/``Ask``, which share its numbering); a bulleted list's
are ``ListBullet``, ``SmallBullet`` for ``small`` items (a list of sources). ``Question`` and
``Ask`` outside a list carry no number: only list membership numbers a paragraph.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from advocate.document import BulletList, Document, Paragraph, Party, Text
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


@dataclass
class Builder:
    """Turns blocks into paragraph views, collecting hyperlinks and list restarts on the way."""

    numbering: Numbering | None
    links: Links = field(default_factory=Links)
    numbered_lists: int = 0
    restarts: list[int] = field(default_factory=list)

    def paragraph(self, para: Paragraph, style_id: str | None, num_id: int | None = None) -> ParagraphView:
        runs = runs_xml(para.runs, self.links)
        if para.number is not None:
            runs = f"{text_run(Text(f'{para.number}.'), self.links)}<w:r><w:tab/></w:r>{runs}"
        xml = paragraph_xml(style_id, num_id, runs)
        return ParagraphView(para.style, Markup(runs), plain_text(para.runs), Markup(xml))

    def blocks(self, blocks: Iterable[Paragraph | BulletList]) -> tuple[ParagraphView, ...]:
        out: list[ParagraphView] = []
        for block in blocks:
            if isinstance(block, BulletList):
                out.extend(self.list_items(block))
            else:
                out.append(self.paragraph(block, BLOCK_STYLES.get(block.style)))
        return tuple(out)

    def list_items(self, block: BulletList) -> list[ParagraphView]:
        default = "ListNumber" if block.numbered else "ListBullet"
        num_id = self.restart() if block.numbered else None
        items = []
        for item in block.items:
            style_id = BLOCK_STYLES[item.style] if item.style in ("ask", "question") else default
            items.append(self.paragraph(item, style_id, num_id))
        return items

    def restart(self) -> int | None:
        """A list instance starting at 1, for every numbered list after the first."""
        self.numbered_lists += 1
        if self.numbered_lists == 1 or self.numbering is None:
            return None
        num_id = self.numbering.first_free_id + len(self.restarts)
        self.restarts.append(num_id)
        return num_id


def context(doc: Document, builder: Builder) -> dict[str, Any]:
    """The template context of ``doc``; the body's paragraphs are built by ``builder``."""
    sections = tuple(
        SectionView(s.key, clean(s.heading or ""), builder.blocks(s.blocks)) for s in doc.sections
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
    }
