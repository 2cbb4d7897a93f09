"""Every variable the HTML and DOCX templates receive, with its type and what it holds.

In: nothing. Out: ``HTML_VARIABLES`` and ``DOCX_VARIABLES`` (name or dotted name → type, meaning) and
``markdown`` (the README's tables, made from them). A test renders both contexts and fails when a
variable or a field of a view is missing here, or when the README's tables are not these.
"""

from __future__ import annotations

from collections.abc import Mapping

Variables = Mapping[str, tuple[str, str]]

_PARAGRAPH = "a paragraph of the body: `style`, `runs`, `number` (see the `Document` model)"

HTML_VARIABLES: Variables = {
    "doc": (
        "Document",
        "the cited document: `kind`, `title`, `subtitle`, `date`, `lang`, `sender`, "
        "`recipient` (`name`, `role`, `organisation`, `address`, `email`), `salutation`, `closing`, "
        "`keywords`, `sections` (`key`, `heading`, `blocks`), `notes` (`number`, `runs`), `audience`",
    ),
    "doc.sections[].blocks[]": ("Paragraph or BulletList", f"{_PARAGRAPH}; a list has `items`, `numbered`"),
    "heading": ("Heading", "the head of the page: the brand's letterhead, or a letter's sender's own"),
    "heading.organisation": ("text", "the brand's organisation, or the sender's organisation or name"),
    "heading.lines": ("list of text", "postal address, then phone, email and website"),
    "heading.logo": (
        "Logo or none",
        "the brand's logo on documents that carry the letterhead: `data_url`, `mime`, `width`, `height`",
    ),
    "heading.branded": ("true/false", "whether it is the brand's letterhead"),
    "brand": (
        "Brand or none",
        "`brand.yaml`: `organisation`, `address`, `email`, `phone`, `website`, "
        "`colours.accent`, `colours.text`, `fonts.body`, `fonts.headings`, `letterhead`",
    ),
    "brand_css": (
        "markup",
        "`:root { --accent; --text; --body-font; --heading-font }` from the brand, empty without one",
    ),
    "stylesheet": ("markup or none", "`print.css`, when the page embeds it (the web preview)"),
}
"""What ``letter.html`` / ``briefing.html`` (and ``base.html``, ``letterhead.html``) receive; filters:
``runs``, ``longdate``, ``address_lines``."""

DOCX_VARIABLES: Variables = {
    "document": ("Document", "the cited document itself (as `doc` in the HTML templates)"),
    "kind": ("text", "`letter` or `briefing`"),
    "audience": ("text", "the audience profile's id"),
    "title": ("text", "the title (a letter's subject line)"),
    "subtitle": ("text", "a briefing's line under the title, or empty"),
    "date": ("text", "the date as printed: `10 December 2021`"),
    "date_iso": ("text", "the date as `2021-12-10`"),
    "lang": ("text", "the language tag, e.g. `en-GB`"),
    "salutation": ("text", "a letter's opening, or empty"),
    "closing": ("text", "a letter's sign-off, or empty"),
    "keywords": ("list of text", "the topics' titles"),
    "sender": ("Party", "who it is from (fields below)"),
    "recipient": ("Party", "who it is for (fields below)"),
    "sender.name": ("text", "the full name"),
    "sender.role": ("text", "role or office, or empty"),
    "sender.organisation": ("text", "organisation, department or constituency, or empty"),
    "sender.address": ("list of text", "postal address lines"),
    "sender.email": ("text", "email, or empty"),
    "sender.lines": ("list of text", "name, role, organisation, address: an address block"),
    "sender.letterhead": ("list of text", "organisation (or name), address, email"),
    "sender.signature": ("list of text", "name, role, organisation"),
    "sections": ("list of Section", "the body, in order"),
    "sections[].key": ("text", "what the section is for (`summary`, `asks`...)"),
    "sections[].heading": ("text", "its heading, or empty"),
    "sections[].paragraphs": ("list of Paragraph", "its paragraphs: `{{p para }}` places one whole"),
    "sections[].paragraphs[].xml": ("markup", "the whole Word paragraph (what `{{p para }}` inserts)"),
    "sections[].paragraphs[].runs": ("markup", "its runs only (`{{r para.runs }}`)"),
    "sections[].paragraphs[].text": ("text", "plain text with note markers"),
    "sections[].paragraphs[].style": ("text", "the Document's paragraph style (`body`, `lead`...)"),
    "letterhead": ("Letterhead", "the head of the document (fields below)"),
    "letterhead.organisation": ("text", "the brand's organisation, or the sender's organisation or name"),
    "letterhead.lines": ("list of text", "postal address, then phone, email and website"),
    "letterhead.logo": (
        "markup",
        "the brand's logo as a run (`{{r letterhead.logo }}`, in the body only), or empty",
    ),
    "letterhead.branded": ("true/false", "whether it is the brand's letterhead"),
    "letterhead.show": (
        "true/false",
        "whether to show it: a letter's always, a briefing's when branded; "
        "never under a Word letterhead of your own",
    ),
    "brand": ("Brand or none", "`brand.yaml` (as in the HTML templates)"),
}
"""What ``letter.docx`` / ``briefing.docx`` receive (``recipient`` has the fields ``sender`` has)."""


def markdown(variables: Variables) -> str:
    """The variables as a Markdown table (what the README shows)."""
    rows = [f"| `{name}` | {kind} | {meaning} |" for name, (kind, meaning) in variables.items()]
    return "\n".join(["| Variable | Type | What it holds |", "| --- | --- | --- |", *rows])
