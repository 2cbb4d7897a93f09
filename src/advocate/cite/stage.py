"""The cite stage itself: number a document's citations and print each as a note.

In: a ``Document`` whose paragraphs hold ``Citation`` runs and whose ``sources`` hold the CSL JSON
of the sources they name, and a ``CitationStyle``. Out: the same ``Document`` with every
``Citation`` replaced by ``NoteRef(n)``, ``notes`` filled with ``Note(n, runs, sources)`` numbered
from 1 in reading order (sections, blocks, list items, runs), and the section marked
``lists_sources`` (if any) given one entry per cited source, in the style's bibliography order.

Pure Python once the form book is built: each cite's position and pinpoint pick a form, which is
filled in (label, pinpoint, note number) and joined to the note's other forms.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Sequence

from advocate.cite.book import FormBook, form_book
from advocate.cite.disambiguation import told_apart
from advocate.cite.forms import KEEP_FIRST, KEEP_SECOND, LOCATOR_MARK, NOTE_MARK
from advocate.cite.pandoc import Runs, merge
from advocate.cite.pinpoints import Locator, format_value, is_numeric, label_text
from advocate.cite.positions import FormKey, Tracker, placed
from advocate.cite.styles import CitationStyle
from advocate.cite.synthetic import Variant
from advocate.cite.variants import cells, from_cells
from advocate.document import (
    Block,
    BulletList,
    Citation,
    Cite,
    Document,
    Inline,
    Note,
    NoteRef,
    Paragraph,
    Section,
    Text,
    plain_text,
)
from advocate.errors import AdvocateError

_LABEL = re.compile("[\ue100-\ue1ff]")


def cite(doc: Document, style: CitationStyle) -> Document:
    """``doc`` with its citations numbered and formatted as notes (a new Document).

    The sources come from ``doc.sources``; a section marked ``lists_sources`` is filled with one
    entry per cited source, in the style's bibliography order (and left out when nothing is cited).
    """
    sources = doc.sources
    citations = list(_citations(doc))
    unknown = sorted({c.source for citation in citations for c in citation.cites} - set(sources))
    if unknown:
        raise AdvocateError(f"cited source(s) not in the library: {', '.join(unknown)}")
    if not citations:
        kept = tuple(section for section in doc.sections if not section.lists_sources)
        return dataclasses.replace(doc, sections=kept, notes=())
    book = form_book(style, sources, doc.lang)
    ordered = [_sorted(citation.cites, book) for citation in citations]
    told = _told_apart(ordered, book, style)
    tracker = Tracker(style.near_note_distance)
    notes = tuple(
        _note(number, cites, book, style, tracker, told) for number, cites in enumerate(ordered, start=1)
    )
    counter = iter(range(1, len(citations) + 1))
    sections = tuple(_number_section(section, counter) for section in doc.sections)
    if any(section.lists_sources for section in sections):
        entries = BulletList(tuple(Paragraph(entry, "small") for entry in _bibliography(notes, book)))
        sections = tuple(
            dataclasses.replace(section, blocks=(*section.blocks, entries))
            if section.lists_sources
            else section
            for section in sections
        )
    return dataclasses.replace(doc, sections=sections, notes=notes)


def _citations(doc: Document) -> Iterator[Citation]:
    for section in doc.sections:
        for block in section.blocks:
            for paragraph in _paragraphs(block):
                yield from (run for run in paragraph.runs if isinstance(run, Citation))


def _paragraphs(block: Block) -> tuple[Paragraph, ...]:
    return block.items if isinstance(block, BulletList) else (block,)


def _number_section(section: Section, counter: Iterator[int]) -> Section:
    blocks = tuple(_number_block(block, counter) for block in section.blocks)
    if all(new is old for new, old in zip(blocks, section.blocks, strict=True)):
        return section
    return dataclasses.replace(section, blocks=blocks)


def _number_block(block: Block, counter: Iterator[int]) -> Block:
    if not isinstance(block, BulletList):
        return _number_paragraph(block, counter)
    items = tuple(_number_paragraph(p, counter) for p in block.items)
    if all(new is old for new, old in zip(items, block.items, strict=True)):
        return block
    return dataclasses.replace(block, items=items)


def _number_paragraph(paragraph: Paragraph, counter: Iterator[int]) -> Paragraph:
    if not any(isinstance(run, Citation) for run in paragraph.runs):
        return paragraph
    runs: tuple[Inline, ...] = tuple(
        NoteRef(next(counter)) if isinstance(run, Citation) else run for run in paragraph.runs
    )
    return dataclasses.replace(paragraph, runs=runs)


def _sorted(cites: tuple[Cite, ...], book: FormBook) -> tuple[Cite, ...]:
    if not book.sort_rank:
        return cites
    return tuple(sorted(cites, key=lambda c: book.sort_rank.get(c.source, 0)))


def _told_apart(notes: Sequence[tuple[Cite, ...]], book: FormBook, style: CitationStyle) -> frozenset[str]:
    """The cited sources this document prints disambiguated (see ``disambiguation.py``)."""
    if book.disambiguated is None:
        return frozenset()
    candidates = book.disambiguated.forms
    if sum(1 for source in {c.source for cites in notes for c in cites} if source in candidates) < 2:
        return frozenset()
    sources = [[c.source for c in cites] for cites in notes]
    return frozenset(told_apart(sources, book.forms, book.locale, style.near_note_distance))


def _note(
    number: int,
    cites: tuple[Cite, ...],
    book: FormBook,
    style: CitationStyle,
    tracker: Tracker,
    told: frozenset[str],
) -> Note:
    """One note: each cite's form, chosen by its position, filled in and laid end to end.

    The forms already carry what pandoc puts between and around cites (delimiter, layout prefix
    and suffix), so joining is concatenation, but for the punctuation citeproc drops at a seam.
    """
    locators = [None if c.pinpoint is None else book.locator(c.pinpoint) for c in cites]
    keys = [
        tracker.place(c.source, number, index, len(cites), None if loc is None else (loc.label, loc.value))
        for index, (c, loc) in enumerate(zip(cites, locators, strict=True), start=1)
    ]
    printed = [
        (c, loc, key)
        for c, loc, key in zip(cites, locators, keys, strict=True)
        if not book.is_blank(c.source, key)
    ]
    runs: list[Text] = []
    for index, (item, locator, key) in enumerate(printed):
        where = placed(key, index == 0, index == len(printed) - 1)
        chosen = book.disambiguated if item.source in told and book.disambiguated is not None else book
        form = _form(item.source, locator, where, chosen, style)
        runs = _seam(runs, _fill(form, locator, tracker.first_note[item.source], chosen, style), style)
    return Note(number, tuple(merge(runs)), tuple(c.source for c in cites))


def _variant(style: CitationStyle, locator: Locator | None) -> Variant | None:
    if locator is None:
        return None
    numeric = is_numeric(locator.value) if style.tests_numeric_locator else True
    variant = (style.label_class(locator.label), numeric)
    return None if variant == ("page", True) else variant


def _form(source: str, locator: Locator | None, key: FormKey, book: FormBook, style: CitationStyle) -> Runs:
    """The form of ``source`` for ``key`` and the locator's group, as the style's options want it."""
    variant = _variant(style, locator)
    found = book.finished.get((source, key, variant))
    if found is None:
        found = book.finished[(source, key, variant)] = _finish(
            source, locator is not None, key, variant, book, style
        )
    return found


def _finish(
    source: str, located: bool, key: FormKey, variant: Variant | None, book: FormBook, style: CitationStyle
) -> Runs:
    runs = book.lookup(source, key, variant)
    if runs is None:
        raise AdvocateError(f"citation style {style.name}: cannot print source {source!r} as {key}")
    if key.position == "ibid-with-locator" and style.options.ibid_keeps_label and located:
        runs = _with_label(
            runs, book.lookup(source, FormKey("subsequent", True, True, True, key.near), variant)
        )
    if key.initial and key.position.startswith("ibid") and style.options.lowercase_ibid:
        inner = book.lookup(source, placed(key, False, key.final), variant)
        runs = _uncapitalise(runs, inner) if inner is not None else runs
    return runs


def _with_label(runs: Runs, subsequent: Runs | None) -> Runs:
    """``runs`` with its bare pinpoint printed as ``subsequent`` prints it (label and all)."""
    if subsequent is None:
        return runs
    later = cells(subsequent)
    text = "".join(char for char, _ in later)
    label = _LABEL.search(text)
    value = text.find(LOCATOR_MARK)
    own = plain_text(runs)
    if label is None or value < label.start() or _LABEL.search(own) or LOCATOR_MARK not in own:
        return runs
    mine = cells(runs)
    at = own.index(LOCATOR_MARK)
    return from_cells(mine[:at] + later[label.start() : value + 1] + mine[at + 1 :])


def _uncapitalise(runs: Runs, inner: Runs) -> Runs:
    """Undo pandoc's capital at the start of a note (``Ibid`` -> ``ibid``), where the same cite
    inside a note (``inner``) begins with that letter in lower case."""
    found = _first_letter(runs)
    wanted = _first_letter(inner)
    if found is None or wanted is None:
        return runs
    index, at = found
    letter = inner[wanted[0]].text[wanted[1]]
    run = runs[index]
    if not (letter.islower() and run.text[at] == letter.upper()):
        return runs
    text = run.text[:at] + letter + run.text[at + 1 :]
    return (*runs[:index], dataclasses.replace(run, text=text), *runs[index + 1 :])


def _first_letter(runs: Runs) -> tuple[int, int] | None:
    for index, run in enumerate(runs):
        for at, char in enumerate(run.text):
            if char.isalpha():
                return index, at
    return None


def _fill(
    runs: Runs, locator: Locator | None, first_note: int, book: FormBook, style: CitationStyle
) -> list[Text]:
    """The form with its label, pinpoint and note number put in."""
    teens = style.options.teens_in_ranges
    value = "" if locator is None else format_value(locator, style.page_range_format, book.locale, teens)
    note = str(first_note)
    filled: list[Text] = []
    drop_stop = False
    for run in runs:
        text = run.text
        if NOTE_MARK in text:
            text = text.replace(NOTE_MARK, note)
        if LOCATOR_MARK in text:
            text = text.replace(LOCATOR_MARK, value)
        if drop_stop and text.startswith("."):
            text = text[1:]
        drop_stop = False
        if locator is not None and _LABEL.search(text):
            text, drop_stop = _labels(text, filled, locator, book, style)
        filled.append(run if text == run.text else dataclasses.replace(run, text=text))
    return filled


def _labels(
    text: str, filled: list[Text], locator: Locator, book: FormBook, style: CitationStyle
) -> tuple[str, bool]:
    """``text`` with each label marker replaced by the label, as citeproc prints it: no second full
    stop after one that ends it (True: the next run's opening full stop goes); and, for styles with
    ``comma_before_label``, a comma between a number and the label."""
    pieces: list[str] = []
    last = 0
    drop_stop = False
    for match in _LABEL.finditer(text):
        label = label_text(match.group(), locator, book.locale)
        pieces.append(text[last : match.start()])
        if style.options.comma_before_label and label:
            _comma(pieces, filled)
        pieces.append(label)
        last = match.end()
        if label.endswith("."):
            if text[last : last + 1] == ".":
                last += 1
            drop_stop = last == len(text)
    pieces.append(text[last:])
    return "".join(pieces), drop_stop


def _comma(pieces: list[str], filled: list[Text]) -> None:
    """A comma before the label about to follow, if a number and a space precede it."""
    before = "".join(pieces)
    joined = (filled[-1].text if filled else "") + before if len(before) < 2 else before
    if not (joined.endswith(" ") and joined[-2:-1].isdigit()):
        return
    if before:
        pieces[:] = [before[:-1] + ", "]
    else:
        filled[-1] = dataclasses.replace(filled[-1], text=filled[-1].text[:-1] + ", ")


def _seam(before: list[Text], after: list[Text], style: CitationStyle) -> list[Text]:
    """Join a form that ends with the delimiter to the next form, as citeproc joins them: no
    delimiter before a cite that begins with ``,;.``, and no doubled punctuation (``fixPunct``)."""
    if not before or not after:
        return before + after
    if after[0].text[0] in ",;." and style.delimiter and plain_text(before).endswith(style.delimiter):
        before = _drop_end(before, len(style.delimiter))
    while before and after:
        seam = (before[-1].text[-1], after[0].text[0])
        if seam in KEEP_FIRST:
            after = _strip_start(after, seam[1])
        elif seam in KEEP_SECOND:
            before = _strip_end(before, seam[0])
        else:
            break
    return before + after


def _strip_start(runs: list[Text], char: str) -> list[Text]:
    while runs and runs[0].text.startswith(char):
        text = runs[0].text.lstrip(char)
        runs = [dataclasses.replace(runs[0], text=text), *runs[1:]] if text else runs[1:]
    return runs


def _strip_end(runs: list[Text], char: str) -> list[Text]:
    while runs and runs[-1].text.endswith(char):
        text = runs[-1].text.rstrip(char)
        runs = [*runs[:-1], dataclasses.replace(runs[-1], text=text)] if text else runs[:-1]
    return runs


def _drop_end(runs: list[Text], count: int) -> list[Text]:
    while runs and count:
        last = runs[-1]
        cut = min(count, len(last.text))
        count -= cut
        runs = (
            [*runs[:-1], dataclasses.replace(last, text=last.text[:-cut])]
            if cut < len(last.text)
            else runs[:-1]
        )
    return runs


def _bibliography(notes: Sequence[Note], book: FormBook) -> tuple[Runs, ...]:
    """Entries for the cited sources in bibliography order, repeated authors substituted."""
    cited = {source for note in notes for source in note.sources}
    entries: list[Runs] = []
    group = 0
    previous: int | None = None
    for source, entry in book.bibliography.items():
        group = group if source in book.substituted else group + 1
        if source not in cited:
            continue
        same_author = previous == group and source in book.substituted
        entries.append(book.substituted[source] if same_author else entry)
        previous = group
    return tuple(entries)
