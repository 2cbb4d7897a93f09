"""How many pages a document will fill, estimated from its text without laying it out.

In: a cited ``Document``. Out: an estimate, in pages filled, meant to err long: when even this
estimate is well within the page budget, the build skips laying the document out to count its pages
(see ``build._clearly_within``); otherwise it lays it out. The measures are those of the bundled
``print.css`` (A4, 11 pt Noto Serif on 14.85 pt lines, notes in 8.5 pt Noto Sans on 11.05 pt lines),
with characters per line taken on the low side; a user's stylesheet that sets larger type makes the
estimate short, so for a user's templates the build always lays the document out.
"""

from __future__ import annotations

import math

from advocate.document import BulletList, Document, Paragraph, Text
from advocate.render.templates import address_lines

PAGE_HEIGHT = 734.0
"""The text block of an A4 page in points (297 mm less 18 mm and 20 mm margins)."""
BODY_LINE = 14.85
"""A body line: 11 pt at 1.35."""
BODY_CHARACTERS = 76
"""Characters on a full body line (168 mm of 11 pt Noto Serif, counted short)."""
INDENTED_CHARACTERS = 70
"""On a line of a list item or a numbered paragraph (indented 1.5 em to 2.2 em)."""
NOTE_LINE = 11.05
"""A note line: 8.5 pt at 1.3."""
NOTE_CHARACTERS = 98
"""Characters on a full note line (8.5 pt Noto Sans, less the number's hanging indent)."""
NOTE_AREA = 14.0
"""The rule and space above each page's notes."""
SMALL_CHARACTERS = 84
"""On a line of small text (a list of sources, 9 pt)."""
MASTHEAD = 110.0
"""A briefing's masthead: kicker, title, subtitle, meta line, rule."""
LETTER_FRONT = 120.0
"""A letter's letterhead rule, subject and salutation (its address lines are counted apart)."""
LETTERHEAD_LINE = 11.0
"""A line of the sender's contact block in the letterhead (8.5 pt)."""
SIGN_OFF = 90.0
"""A letter's closing and signature."""


def estimated_pages(document: Document) -> float:
    """The pages ``document`` fills, estimated to err long (see the module docstring)."""
    height = MASTHEAD
    if document.kind == "letter":
        sender = document.sender
        height = LETTER_FRONT + SIGN_OFF + BODY_LINE * len(address_lines(document.recipient))
        height += LETTERHEAD_LINE * (len(sender.address) + bool(sender.email))
    for section in document.sections:
        if section.heading:
            height += 40.0
        for block in section.blocks:
            items = block.items if isinstance(block, BulletList) else (block,)
            for paragraph in items:
                height += _paragraph(paragraph, indented=isinstance(block, BulletList))
    for note in document.notes:
        characters = sum(len(run.text) for run in note.runs) + 4
        height += math.ceil(characters / NOTE_CHARACTERS) * NOTE_LINE + 1.5
    pages = height / PAGE_HEIGHT
    return pages + (NOTE_AREA * math.ceil(pages) / PAGE_HEIGHT if document.notes else 0.0)


def _paragraph(paragraph: Paragraph, indented: bool) -> float:
    characters = sum(len(run.text) for run in paragraph.runs if isinstance(run, Text))
    characters += 2 * (len(paragraph.runs) - sum(isinstance(r, Text) for r in paragraph.runs))
    if paragraph.style == "small":
        return math.ceil(max(characters, 1) / SMALL_CHARACTERS) * 12.0 + 3.0
    if paragraph.style == "subheading":
        return 30.0
    width = INDENTED_CHARACTERS if indented or paragraph.number is not None else BODY_CHARACTERS
    if paragraph.style == "quote":
        width = INDENTED_CHARACTERS - 6
    return math.ceil(max(characters, 1) / width) * BODY_LINE + 6.0
