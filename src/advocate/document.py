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
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from advocate.library.brand import Brand


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
    small_caps: bool = False
    """Set in small capitals (a citation style's marking, e.g. MHRA's roman volume numbers)."""
    vertical: Literal["super", "sub"] | None = None
    """Raised (superscript, e.g. "1st") or lowered (subscript), as a citation style marks it."""

    def same_format(self, other: Text) -> bool:
        """Whether ``other`` is formatted exactly like this run (so the two can be merged)."""
        return (self.italic, self.bold, self.url, self.small_caps, self.vertical) == (
            other.italic,
            other.bold,
            other.url,
            other.small_caps,
            other.vertical,
        )


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
    style: Literal["body", "lead", "subheading", "quote", "question", "ask", "small"] = "body"
    """How the paragraph reads: ``lead`` opens a section, ``subheading`` heads a part of a section
    (an argument), ``quote`` is set off (a rule's words), ``question`` and ``ask`` are requests,
    ``small`` is a side note or a source in a list of sources."""
    number: int | None = None
    """Its number, when the document numbers its paragraphs (briefings): printed before it as
    text, the same in every format, so that "see paragraph 12" finds it in the DOCX and the PDF."""


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
    lists_sources: bool = False
    """The cite stage fills this section with one entry per source the notes cite (a briefing's
    "Sources" or "Further reading"); renderers treat it like any other section."""


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
    sources: Mapping[str, Mapping[str, Any]] = field(default_factory=dict, compare=False, repr=False)
    """The sources its citations may name, as CSL JSON by id (the library's): all the cite stage
    needs besides the style."""
    max_pages: int | None = None
    """The page budget of the audience's plan; the build fits the document within it."""
    left_out: tuple[str, ...] = ()
    """Ids of the items left out to keep the document within its page budget."""
    expired: tuple[str, ...] = ()
    """Ids of the items the document would have used that were past their ``until`` on its date with
    no successor in force, so were left out (the build says so)."""
    keywords: tuple[str, ...] = field(default=())
    """Topic titles, written to the document properties."""
    items: tuple[str, ...] = ()
    """Ids of the library's points, arguments, responses and asks the document draws on, in the
    order first used (for manifests and tracing)."""
    brand: Brand | None = None
    """The library's brand (organisation, logo, colours, fonts): renderers style the document by it."""
    letterhead: bool = False
    """Whether the document carries the brand's letterhead (its kind is among the brand's
    ``letterhead`` kinds and it is not a constituent's own letter); otherwise a letter is headed
    with its sender's own name and address."""
    homes: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)
    """For each of ``items``, the index (in the audience's plan) of the section that placed it:
    fitting the budget keeps each item in its own section and leaves a section's first item out
    last, so that no planned section is emptied while another keeps more than its first."""

    @property
    def leads(self) -> tuple[str, ...]:
        """The first item each section placed."""
        firsts: dict[int, str] = {}
        for item, home in self.homes.items():
            firsts.setdefault(home, item)
        return tuple(firsts.values())


def plain_text(runs: Iterable[Inline]) -> str:
    """The characters of ``runs``, citations and note calls left out."""
    return "".join(run.text for run in runs if isinstance(run, Text))


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
