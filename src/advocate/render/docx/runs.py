"""Inline runs and paragraphs as WordprocessingML.

In: the Document's inline runs (``Text``, ``NoteRef``) and a paragraph's style and numbering. Out:
``w:r`` / ``w:hyperlink`` / ``w:p`` XML strings, with each note call written as the marker
``U+E000`` number ``U+E001`` (``footnotes.place_notes`` later turns it into a real
``w:footnoteReference``), and the hyperlink relationships the runs need (``Links``).

Text is always escaped, never markup. Characters XML cannot carry and the reserved markers are
refused (``clean``), never dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from xml.sax.saxutils import escape, quoteattr

from advocate.document import Inline, NoteRef, Text
from advocate.errors import AdvocateError
from advocate.render.docx.ooxml import REL_HYPERLINK
from advocate.schema import control_character_problem

OPEN, CLOSE = "\ue000", "\ue001"
MARKER = re.compile(f"{OPEN}(\\d+){CLOSE}")
LINK_SCHEMES = ("http://", "https://", "mailto:")
"""Only these addresses become links (as in the HTML renderer); anything else stays plain text."""

REF_RPR = '<w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>'
NOTE_SEPARATOR_RUN = f"<w:r>{REF_RPR}<w:t>,</w:t></w:r>"
"""Between two consecutive calls, as the PDF prints them (``3,4``)."""


def clean(text: str) -> str:
    """``text``, checked: characters XML cannot carry (control characters, lone surrogates) and the
    note markers are refused, never silently dropped. Loading refuses them first, naming the field;
    this guards documents made by other callers."""
    if OPEN in text or CLOSE in text:
        raise AdvocateError("text contains U+E000 or U+E001, which the DOCX renderer reserves for notes")
    problem = control_character_problem(text)
    if problem:
        raise AdvocateError(f"cannot put {text[:60]!r} in a Word document: {problem}")
    return text


def _t(text: str) -> str:
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f"<w:t{space}>{escape(text)}</w:t>"


def run_content(text: str) -> str:
    """Text as ``w:t``, with line breaks and tabs as Word elements."""
    out = []
    for i, line in enumerate(clean(text).split("\n")):
        if i:
            out.append("<w:br/>")
        for j, chunk in enumerate(line.split("\t")):
            if j:
                out.append("<w:tab/>")
            if chunk:
                out.append(_t(chunk))
    return "".join(out)


class Links:
    """The hyperlink relationships of one part, in order of first use."""

    def __init__(self) -> None:
        self.ids: dict[str, str] = {}

    def rel_id(self, url: str) -> str:
        return self.ids.setdefault(url, f"rIdLink{len(self.ids) + 1}")

    def relationships(self) -> str:
        return "".join(
            f'<Relationship Id="{rel_id}" Type="{REL_HYPERLINK}" Target={quoteattr(url)} '
            'TargetMode="External"/>'
            for url, rel_id in self.ids.items()
        )


def text_run(run: Text, links: Links) -> str:
    """One formatted run: bold, italic, small caps and raised/lowered exactly as the ``Text`` says."""
    link = run.url if run.url and run.url.lower().startswith(LINK_SCHEMES) else None
    props = '<w:rStyle w:val="Hyperlink"/>' if link else ""
    props += "<w:b/><w:bCs/>" if run.bold else ""
    props += "<w:i/><w:iCs/>" if run.italic else ""
    props += "<w:smallCaps/>" if run.small_caps else ""
    props += f'<w:vertAlign w:val="{run.vertical}script"/>' if run.vertical else ""
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    xml = f"<w:r>{rpr}{run_content(run.text)}</w:r>"
    if link:
        return f'<w:hyperlink r:id="{links.rel_id(clean(link))}" w:history="1">{xml}</w:hyperlink>'
    return xml


def marker(number: int) -> str:
    """The placeholder of note ``number``'s call, until ``footnotes.place_notes`` replaces it."""
    return f"{OPEN}{number}{CLOSE}"


def runs_xml(runs: Iterable[Inline], links: Links) -> str:
    """The runs of a paragraph; consecutive calls are separated by a superscript comma."""
    out = []
    previous_call = False
    for run in runs:
        if isinstance(run, NoteRef):
            out.append(NOTE_SEPARATOR_RUN if previous_call else "")
            out.append(f"<w:r><w:t>{marker(run.number)}</w:t></w:r>")
        elif isinstance(run, Text):
            out.append(text_run(run, links))
        else:
            raise AdvocateError("the document still has an uncited Citation; run the cite stage first")
        previous_call = isinstance(run, NoteRef)
    return "".join(out)


def plain_text(runs: Iterable[Inline]) -> str:
    """The runs as plain text, note calls as markers (``{{ para.text }}`` in a template)."""
    return "".join(
        marker(r.number) if isinstance(r, NoteRef) else clean(r.text)
        for r in runs
        if isinstance(r, NoteRef | Text)
    )


def paragraph_xml(
    runs: str,
    style_id: str | None = None,
    *,
    keep_next: bool = False,
    num_id: int | None = None,
    after: int | None = None,
    hanging: int | None = None,
) -> str:
    """A ``w:p``: its style, then only what the style cannot say (properties in schema order).

    ``keep_next`` keeps it on the page of the next paragraph (a lead-in line before its list, a
    letter's last lines before the closing); ``num_id`` numbers it in that list instance (each
    numbered list has its own, so it starts at 1); ``after`` is the space below it in twips (a list
    item: 3 pt, the last 6 pt); ``hanging`` indents its text by that many twips, the paragraph's
    number hanging before it at a tab (a numbered paragraph of a style other than body)."""
    ppr = f'<w:pStyle w:val="{style_id}"/>' if style_id else ""
    ppr += "<w:keepNext/>" if keep_next else ""
    if num_id is not None:
        ppr += f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'
    if hanging is not None:
        ppr += f'<w:tabs><w:tab w:val="left" w:pos="{hanging}"/></w:tabs>'
    if after is not None:
        ppr += f'<w:spacing w:after="{after}"/>'
    if hanging is not None:
        ppr += f'<w:ind w:left="{hanging}" w:hanging="{hanging}"/>'
    return f"<w:p><w:pPr>{ppr}</w:pPr>{runs}</w:p>" if ppr else f"<w:p>{runs}</w:p>"
