"""Hand-built cited Documents for renderer tests (independent of the library and assemble)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Any

from advocate.document import (
    BulletList,
    Document,
    Note,
    NoteRef,
    Paragraph,
    Party,
    Section,
    Text,
)
from advocate.library.brand import Brand, Colour, Colours, FontName, Fonts

NOTES = (
    Note(
        1,
        (
            Text("Amnesty International, "),
            Text("Like We Were Enemies in a War", italic=True),
            Text(" (2021) 4."),
        ),
        ("amnesty",),
    ),
    Note(2, (Text("ibid."),), ("amnesty",)),
    Note(
        3,
        (
            Text("Peter Zimonjic and Philip Ling, ‘Canada leads’ "),
            Text("CBC News", italic=True),
            Text(" (18 June 2021)."),
        ),
        ("cbc",),
    ),
    Note(4, (Text("Amnesty International (n 1) 7."),), ("amnesty",)),
    Note(
        5, (Text("ibid 9; "), Text("Bosnia v Serbia", italic=True), Text(" para 431.")), ("amnesty", "bosnia")
    ),
)

SENDER = Party(
    name='Alex O\'Brien "Jr"',
    role="Campaigns Officer",
    organisation="Smith & Sons <Ltd>",
    address=("1 Example Street", "London", "SW1A 0AA"),
    email="alex@example.org",
)
RECIPIENT = Party(
    name="The Rt Hon Jane Doe MP",
    role="Secretary of State",
    organisation="Foreign, Commonwealth & Development Office",
    address=("King Charles Street", "London", "SW1A 2AH"),
)


def _para(*parts: str | int, style: str = "body") -> Paragraph:
    runs = tuple(NoteRef(p) if isinstance(p, int) else Text(p) for p in parts)
    return Paragraph(runs, style)  # type: ignore[arg-type]


def sample_briefing() -> Document:
    return Document(
        kind="briefing",
        audience="mp",
        title="Uyghur genocide: briefing & notes <draft>",
        subtitle="For the debate on 22 April 2021",
        date=dt.date(2021, 4, 20),
        lang="en-GB",
        sender=SENDER,
        recipient=RECIPIENT,
        sections=(
            Section(
                "summary",
                "Summary",
                (_para("Every former detainee described ill-treatment.", 1, style="lead"),),
            ),
            Section(
                "key-facts",
                "Key facts",
                (
                    BulletList(
                        (_para("Tiger chairs were used.", 2), _para("Canada led a joint statement.", 3))
                    ),
                    _para("Uyghur: ئۇيغۇر; Chinese: 新疆维吾尔自治区.", 4),
                    _para("Text </w:t></w:r><w:r><w:t>X stays literal & <b>escaped</b>.", 5),
                ),
            ),
            Section(
                "questions",
                "Suggested questions",
                (BulletList((_para("Will the Minister act?", style="question"),), numbered=True),),
            ),
            Section(
                "further-reading",
                "Sources",
                (BulletList((Paragraph(NOTES[0].runs, "small"), Paragraph(NOTES[2].runs, "small"))),),
                lists_sources=True,
            ),
        ),
        notes=NOTES,
        keywords=("Detention", "Torture"),
    )


def sample_letter() -> Document:
    return Document(
        kind="letter",
        audience="minister",
        title="Xinjiang: the UK's duty to prevent genocide",
        date=dt.date(2021, 12, 10),
        lang="en-GB",
        sender=SENDER,
        recipient=RECIPIENT,
        salutation="Dear Foreign Secretary,",
        closing="Yours sincerely,",
        sections=(
            Section("opening", None, (_para("I write about Xinjiang.", 1),)),
            Section(
                "asks",
                None,
                (BulletList((_para("Sanction the officials.", 2, style="ask"),), numbered=True),),
            ),
            Section("reply", None, (_para("I would be grateful for a reply.", 3, 4, 5),)),
        ),
        notes=NOTES,
    )


def parity_briefing() -> Document:
    """A briefing using every block the two formats must print alike: numbered paragraphs, a
    subheading, bold, small caps and raised text, a lead-in line before its list, questions then
    asks (two numbered lists, each from 1), a single ask outside any list, and a list of sources."""
    base = sample_briefing()
    bold_ask = (Text("Sanction the officials.", bold=True), Text(" They ran the camps."), NoteRef(4))
    return replace(
        base,
        sections=(
            base.sections[0],  # the summary: a lead paragraph
            Section(
                "facts",
                "Key facts",
                (
                    Paragraph((Text("Tiger chairs were used."), NoteRef(2)), number=1),
                    Paragraph((Text("The "), Text("Convention", italic=True), Text(" applies.")), number=2),
                    Paragraph((Text("Responses to expect"),), "subheading"),
                    Paragraph(
                        (
                            Text("Volume "),
                            Text("xii", small_caps=True),
                            Text(", the 1"),
                            Text("st", vertical="super"),
                            Text(" edition, H"),
                            Text("2", vertical="sub"),
                            Text("O."),
                        ),
                        number=3,
                    ),
                    _para("I would ask the Government to:"),
                    BulletList((_para("Act.", 3), _para("Report."))),
                ),
            ),
            Section(
                "questions",
                "Suggested questions",
                (
                    BulletList(
                        (_para("Will the Minister act?", style="question"), _para("When?", style="question")),
                        numbered=True,
                    ),
                ),
            ),
            Section(
                "asks",
                "What we ask",
                (
                    BulletList(
                        (Paragraph(bold_ask, "ask"), _para("Publish the review.", 5, style="ask")),
                        numbered=True,
                    ),
                ),
            ),
            Section("ask", "One ask", (_para("Meet the campaign.", style="ask"),)),
            Section(
                "further-reading",
                "Sources",
                (BulletList((Paragraph(NOTES[0].runs, "small"), Paragraph(NOTES[2].runs, "small"))),),
                lists_sources=True,
            ),
        ),
    )


BRAND_LOGO = Path(__file__).resolve().parent / "fixtures" / "brand" / "logo.png"


def sample_brand(**changes: Any) -> Brand:
    """A brand unlike the project's look: DejaVu faces, a red accent, a logo, both kinds headed."""
    brand = Brand(
        organisation="Example Branded Office",
        address=("2 Brand Row", "Leeds", "LS1 1AA"),
        email="office@example.org",
        phone="0113 000 0000",
        logo=str(BRAND_LOGO),
        colours=Colours(accent=Colour("#8b1e3f"), text=Colour("#202020")),
        fonts=Fonts(body=FontName("DejaVu Serif"), headings=FontName("DejaVu Sans")),
        letterhead=("briefing", "letter"),
    )
    return replace(brand, **changes)


def branded(document: Document, brand: Brand | None = None) -> Document:
    """``document`` carrying ``brand`` (``sample_brand()`` by default) and its letterhead."""
    return replace(document, brand=brand or sample_brand(), letterhead=True)
