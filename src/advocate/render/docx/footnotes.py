"""Real Word footnotes: calls in the body and the footnotes part.

In: a filled, parsed template part whose text holds note markers (``runs.marker``) and the
Document's ``notes``. Out: the part with each marker replaced by a ``w:footnoteReference`` run
(character style ``FootnoteReference``, ``w:id`` = the note's number, the run's formatting kept
around it), the note numbers in reading order (checked: each note once, in order), and
``word/footnotes.xml`` (separators ``-1`` and ``0`` as Word writes them, then one ``w:footnote``
per ``Note``), so that Word, LibreOffice and pandoc number the notes as the PDF does.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from lxml import etree  # type: ignore[import-untyped]

from advocate.document import Note
from advocate.errors import AdvocateError, Location, Problem
from advocate.render.docx.ooxml import W_R, W_RPR, W_T, W_VAL, XML_DECLARATION, XML_SPACE, R, W, w
from advocate.render.docx.runs import CLOSE, MARKER, OPEN, REF_RPR, Links, text_run

_SEPARATOR_PPR = '<w:pPr><w:spacing w:before="0" w:after="0" w:line="260" w:lineRule="exact"/></w:pPr>'
"""13 pt between text and notes, the rule in it (``@footnote { margin-top: 9pt; padding-top: 4pt }``)."""
_FOOTNOTES_OPEN = (
    f'<w:footnotes xmlns:w="{W}" xmlns:r="{R}">'
    f'<w:footnote w:type="separator" w:id="-1"><w:p>{_SEPARATOR_PPR}<w:r><w:separator/></w:r></w:p>'
    "</w:footnote>"
    f'<w:footnote w:type="continuationSeparator" w:id="0"><w:p>{_SEPARATOR_PPR}'
    "<w:r><w:continuationSeparator/></w:r></w:p></w:footnote>"
)
"""Word's convention: separators are ids -1 and 0, real notes start at 1 (LibreOffice and pandoc agree)."""


def _ref_run(number: int) -> Any:
    run = etree.Element(W_R)
    rpr = etree.SubElement(run, W_RPR)
    etree.SubElement(rpr, w("rStyle"), {W_VAL: "FootnoteReference"})
    etree.SubElement(run, w("footnoteReference"), {w("id"): str(number)})
    return run


def _set_text(t: Any, text: str) -> None:
    t.text = text
    if text != text.strip():
        t.set(XML_SPACE, "preserve")


def _split_run(t: Any) -> list[int]:
    """Replace each marker in ``t`` by a footnote reference run; the run's text around it is kept
    in runs with the same properties. Returns the note numbers in order."""
    run = t.getparent()
    if run is None or run.tag != W_R:
        raise AdvocateError("a note call sits outside a text run in the DOCX template")
    pieces = MARKER.split(t.text)
    if any(OPEN in p or CLOSE in p for p in pieces[::2]):
        raise AdvocateError("a note call in the DOCX template was broken apart")
    rpr = run.find(W_RPR)
    after = list(t.itersiblings())
    anchor = run
    numbers = []
    for i in range(1, len(pieces), 2):
        numbers.append(int(pieces[i]))
        ref = _ref_run(numbers[-1])
        anchor.addnext(ref)
        anchor = ref
        rest, last = pieces[i + 1], i + 2 == len(pieces)
        if rest or (last and after):
            tail = etree.Element(W_R, dict(run.attrib))
            if rpr is not None:
                tail.append(copy.deepcopy(rpr))
            if rest:
                _set_text(etree.SubElement(tail, W_T), rest)
            tail.extend(after if last else ())
            anchor.addnext(tail)
            anchor = tail
    _set_text(t, pieces[0])
    if not pieces[0]:
        _drop_if_empty(t)
    return numbers


def place_notes(root: Any) -> list[int]:
    """Turn every marker in the tree into a footnote reference; the note numbers in reading order.

    Runs left empty by docxtpl's ``{{r ...}}`` are dropped on the way."""
    found: list[int] = []
    for t in list(root.iter(W_T)):
        if t.text and OPEN in t.text:
            found.extend(_split_run(t))
        elif not t.text:
            _drop_if_empty(t)
    return found


def _drop_if_empty(t: Any) -> None:
    """Remove an empty ``w:t``, and its run when nothing else is left in it."""
    run = t.getparent()
    run.remove(t)
    if run.tag == W_R and all(child.tag == W_RPR for child in run):
        run.getparent().remove(run)


BODY_LOOP = (
    "{%p for section in sections %} … {%p for para in section.paragraphs %} {{p para }} {%p endfor %} "
    "… {%p endfor %}"
)
"""The body as the project's templates place it (one paragraph a line in Word)."""


def check_calls(found: Sequence[int], notes: Sequence[Note], template: Path | None = None) -> None:
    """Each note called once, in the order of its number; otherwise an ``AdvocateError`` saying how,
    at the ``template`` file when it is known."""
    expected = [note.number for note in notes]
    if expected != list(range(1, len(expected) + 1)):
        raise AdvocateError(f"the document's notes must be numbered 1 to {len(expected)} in order")
    if list(found) == expected:
        return
    if expected and not found:
        # A letterhead of one's own with no body in it: the usual first try.
        _template_error(
            template,
            f"the DOCX template places no body, so none of the document's {len(expected)} notes: add "
            f"the body below your letterhead, one paragraph a line: {BODY_LOOP} (copy it from the "
            "project's templates/letter.docx or briefing.docx)",
        )
    missing = sorted(set(expected) - set(found))
    unknown = sorted(set(found) - set(expected))
    repeated = sorted({n for n in found if found.count(n) > 1})
    if missing or unknown or repeated:
        detail = f"missing {missing}, unknown {unknown}, repeated {repeated}"
    else:
        detail = f"found in the order {list(found)}"
    _template_error(template, f"the DOCX template must call each note once, in order ({detail})")


def _template_error(template: Path | None, message: str) -> NoReturn:
    if template is None:
        raise AdvocateError(message)
    raise AdvocateError([Problem(Location(str(template)), message)])


def _footnote(note: Note, links: Links) -> str:
    runs = "".join(text_run(run, links) for run in note.runs)
    return (
        f'<w:footnote w:id="{note.number}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
        f"<w:r>{REF_RPR}<w:footnoteRef/></w:r><w:r><w:tab/></w:r>{runs}</w:p>"
        "</w:footnote>"
    )


def footnotes_xml(notes: Iterable[Note], links: Links) -> bytes:
    """The footnotes part: the two separators, then each note (its links collected in ``links``)."""
    body = "".join(_footnote(note, links) for note in notes)
    return XML_DECLARATION + f"{_FOOTNOTES_OPEN}{body}</w:footnotes>".encode()
