"""The intermediate representation shared by every stage after assembly.

In: nothing (plain data). Out: the ``Document`` that ``assemble`` produces, ``cite`` numbers and
``render.docx`` / ``render.pdf`` turn into bytes.

A ``Document`` is sections of blocks, blocks of inline runs. Before the cite stage a run may be a
``Citation`` (one or more sources cited at one place); after it, every ``Citation`` has become a
``NoteRef`` and ``Document.notes`` holds the formatted notes. Renderers only ever see cited
documents, so the DOCX and the PDF cannot number notes differently.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True)
class Text:
    """A run of text with its inline formatting."""

    text: str
    """The characters, exactly as they should appear (never markup)."""
    italic: bool = False
    """Set in italics (titles of reports, case names)."""
    bold: bool = False
    """Set in bold (used sparingly: the claim that leads a key fact)."""
    url: str | None = None
    """When set, the run links to this address."""


@dataclass(frozen=True)
class Cite:
    """One source cited at one place, with an optional pinpoint."""

    source: str
    """The id of a source in the library."""
    pinpoint: str | None = None
    """Where in the source, written as the note should show it: ``12``, ``para 431``, ``art II(a)``."""


@dataclass(frozen=True)
class Citation:
    """A place in the text that calls one note citing one or more sources."""

    cites: tuple[Cite, ...]
    """The sources, in the order the note lists them."""


@dataclass(frozen=True)
class NoteRef:
    """The call of a numbered note (a Citation after the cite stage)."""

    number: int
    """The note's number, counted from 1 in reading order."""


Inline = Text | Citation | NoteRef


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of inline runs."""

    runs: tuple[Inline, ...]
    """The paragraph's content in reading order."""
    style: Literal["body", "lead", "quote", "question", "ask", "small"] = "body"
    """How the paragraph reads: ``lead`` opens a section, ``quote`` is set off, ``question`` and
    ``ask`` are numbered requests, ``small`` is a side note."""


@dataclass(frozen=True)
class BulletList:
    """A list of paragraphs, bulleted or numbered."""

    items: tuple[Paragraph, ...]
    """One paragraph per item."""
    numbered: bool = False
    """Numbered (1, 2, 3) rather than bulleted."""


Block = Paragraph | BulletList


@dataclass(frozen=True)
class Section:
    """A titled part of a document (a briefing's heading, or an untitled run of letter paragraphs)."""

    key: str
    """What the section is for (``summary``, ``legal-case``, ``asks``...), as the audience plan names it."""
    heading: str | None
    """The heading shown; letters usually have none."""
    blocks: tuple[Block, ...]
    """The section's content."""


@dataclass(frozen=True)
class Party:
    """The sender or recipient of a document."""

    name: str
    """Full name as written on the envelope, e.g. ``Jane Doe MP``."""
    role: str | None = None
    """Role or office, e.g. ``Secretary of State for Foreign Affairs``."""
    organisation: str | None = None
    """Organisation, department or constituency."""
    address: tuple[str, ...] = ()
    """Postal address, one line per entry (postcode last)."""
    email: str | None = None
    """Email address, shown in the letterhead."""


@dataclass(frozen=True)
class Note:
    """A formatted footnote."""

    number: int
    """The number its call shows, from 1."""
    runs: tuple[Text, ...]
    """The note's text, formatted in the document's citation style."""
    sources: tuple[str, ...]
    """The ids of the sources the note cites, in order (for tracing and manifests)."""


@dataclass(frozen=True)
class Document:
    """Everything a renderer needs to produce one briefing or letter."""

    kind: Literal["briefing", "letter"]
    """A briefing (headed sections) or a letter (addresses, salutation, sign-off)."""
    audience: str
    """The audience profile id, e.g. ``minister``."""
    title: str
    """The document title (a letter's subject line)."""
    date: dt.date
    """The date printed on the document."""
    lang: str
    """BCP 47 language tag of the document, e.g. ``en-GB``."""
    sender: Party
    """Who the document is from."""
    recipient: Party
    """Who the document is for."""
    sections: tuple[Section, ...]
    """The body, in order."""
    salutation: str | None = None
    """A letter's opening, e.g. ``Dear Foreign Secretary,``; None for briefings."""
    closing: str | None = None
    """A letter's sign-off, e.g. ``Yours sincerely,``; None for briefings."""
    subtitle: str | None = None
    """A briefing's line under the title, e.g. ``Briefing for Members ahead of ...``."""
    notes: tuple[Note, ...] = ()
    """The footnotes, filled in by the cite stage."""
    bibliography: tuple[tuple[Text, ...], ...] = ()
    """An optional list of sources, one entry of runs per source, filled in by the cite stage."""
    keywords: tuple[str, ...] = field(default=())
    """Topic titles, written to the document properties."""
    items: tuple[str, ...] = ()
    """Ids of the library's points, arguments, responses and asks the document draws on, in the
    order first used (for manifests and tracing)."""


def paragraphs(document: Document) -> Iterator[Paragraph]:
    """Every paragraph of the body in reading order (list items included)."""
    for section in document.sections:
        for block in section.blocks:
            if isinstance(block, BulletList):
                yield from block.items
            else:
                yield block


def document_sources(document: Document) -> set[str]:
    """The ids of every source the document's text cites (before the cite stage)."""
    return {
        cite.source
        for paragraph in paragraphs(document)
        for run in paragraph.runs
        if isinstance(run, Citation)
        for cite in run.cites
    }
