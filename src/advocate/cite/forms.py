"""Reading the forms: which slice of which synthetic note is which form of which source.

In: pandoc's AST of the synthetic document and the slots it was written from. Out: ``Read``: every
source's forms by ``FormKey`` (the ``BASE`` pinpoint and none, in every placement), the forms of its
other pinpoints alone in a note, the forms the style prints as nothing, the order the style sorts
cites in, and the locale the probe printed. In every form the placeholder pinpoint is replaced by
``LOCATOR_MARK`` and the number of the note that first cited the source by ``NOTE_MARK``.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import Any

from advocate.cite.pandoc import Runs, note_items, notes, probe_locale
from advocate.cite.pinpoints import Locale
from advocate.cite.positions import FormKey, Tracker, placed
from advocate.cite.styles import CitationStyle
from advocate.cite.synthetic import BASE, LOCATOR, RESET, ROMAN_LOCATOR, Loc, Slot, Variant
from advocate.document import plain_text
from advocate.errors import AdvocateError

LOCATOR_MARK = "\ue000"
NOTE_MARK = "\ue001"

# citeproc's fixPunct: at the seam between two pieces, which punctuation survives
KEEP_FIRST = frozenset(
    {("!", "."), ("!", ":"), ("?", "."), ("?", ":"), (":", "."), (";", ":"), (";", ".")}
    | {("!", "!"), ("?", "?"), (".", "."), (":", ":"), (";", ";"), (",", ",")}
)
KEEP_SECOND = frozenset({(":", "!"), (":", "?"), (";", "!"), (";", "?"), (" ", " "), (" ", ","), (" ", ".")})
PUNCT_SEAMS = KEEP_FIRST | KEEP_SECOND


class Collision(Exception):
    """A distinctive note number also occurs in a source's own text; try other note numbers."""


@dataclass
class Read:
    """What one synthetic run says about its sources."""

    forms: dict[str, dict[FormKey, Runs]]
    variants: dict[str, dict[tuple[FormKey, Variant], Runs]]
    locale: Locale
    blank: set[tuple[str, FormKey]] = field(default_factory=set)
    ranks: dict[str, int] = field(default_factory=dict)


def unplaced(key: FormKey) -> FormKey:
    return placed(key, False, False)


def read_forms(
    ast: Any, slots: list[Slot], style: CitationStyle, real: set[str], kinds: dict[Loc, Variant]
) -> Read:
    """The forms in ``ast`` (see the module docstring); ``kinds`` names the variant of each
    placeholder pinpoint other than ``BASE``."""
    found = list(notes(ast["blocks"]))
    wanted = [slot for slot in slots if slot is not RESET]
    if len(found) != len(wanted):
        raise AdvocateError(
            f"citation style {style.name}: pandoc made {len(found)} notes, expected {len(wanted)}"
        )
    locale = probe_locale(found[0])
    read = Read({i: {} for i in real}, {i: {} for i in real}, locale)
    tracker = Tracker(style.near_note_distance)
    orders: list[list[str]] = []
    numbered = iter(enumerate(found, start=1))
    for slot in slots:
        if slot is RESET:
            tracker.reset()
            continue
        number, note = next(numbered)
        if slot and number > 1:
            sources, items = note_items(note, locale)
            orders.append(sources)
            cites = _pair_locators(slot, sources)
            if cites is not None:
                _record(read, tracker, number, cites, items, real, kinds)
            else:
                read.blank |= _skip(tracker, number, slot, sources, real, style.sorts_cites)
    if style.sorts_cites and real:
        read.ranks = _sort_ranks(orders[-2], orders[-1])
    return read


def _record(
    read: Read,
    tracker: Tracker,
    number: int,
    cites: list[tuple[str, Loc | None]],
    items: list[Runs],
    real: set[str],
    kinds: dict[Loc, Variant],
) -> None:
    """File each cite's form under its key; the first one met is kept (for the styles tested, all
    cites with one key print alike). A form that ends with a delimiter is kept only when the next
    cite begins plainly (a cite beginning with punctuation changes the delimiter before it)."""
    for index, ((source, loc), runs) in enumerate(zip(cites, items, strict=True), start=1):
        key = tracker.place(source, number, index, len(cites), loc)
        if source not in real:
            continue
        if loc is not None and loc != BASE:
            if len(cites) == 1:
                read.variants[source].setdefault(
                    (key, kinds[loc]), _mark(runs, key, tracker.first_note[source])
                )
        elif key not in read.forms[source] and (index == len(cites) or _neutral(runs, items[index])):
            read.forms[source][key] = _mark(runs, key, tracker.first_note[source])


def _neutral(before: Runs, after: Runs) -> bool:
    """``after`` begins so that citeproc leaves the delimiter ending ``before`` alone."""
    if not before or not after:
        return False
    first = after[0].text[0]
    return first not in ",;. " and (before[-1].text[-1], first) not in PUNCT_SEAMS


def _skip(
    tracker: Tracker, number: int, slot: Slot, observed: list[str], real: set[str], sorts: bool
) -> set[tuple[str, FormKey]]:
    """A note where pandoc printed some cites as nothing: move the tracker on, note the blanks."""
    blank: set[tuple[str, FormKey]] = set()
    cited = [source for source, _ in slot]
    for index, (source, loc) in enumerate(slot, start=1):
        key = tracker.place(source, number, index, len(slot), loc)
        certain = not sorts and cited.count(source) == 1  # which of two cites of one source is gone?
        if certain and source in real and source not in observed and loc in (None, BASE):
            blank.add((source, unplaced(key)))
    return blank


def _pair_locators(slot: Slot, observed: list[str]) -> list[tuple[str, Loc | None]] | None:
    """Match pandoc's items (maybe re-sorted) to the slot's cites: one source's cites keep order."""
    if sorted(source for source, _ in slot) != sorted(observed):
        return None
    pending: dict[str, list[Loc | None]] = {}
    for source, loc in slot:
        pending.setdefault(source, []).append(loc)
    return [(source, pending[source].pop(0)) for source in observed]


def _mark(runs: Runs, key: FormKey, first_note: int) -> Runs:
    """Markers for the placeholder pinpoint and for the number of the note that first cited the
    source (a whole number found once, never in a first citation; else ``Collision``)."""
    text = plain_text(runs)
    runs = tuple(
        dataclasses.replace(
            r, text=r.text.replace(LOCATOR, LOCATOR_MARK).replace(ROMAN_LOCATOR, LOCATOR_MARK)
        )
        for r in runs
    )
    token = re.compile(rf"(?<!\d){first_note}(?!\d)")
    found = len(token.findall(text))
    if found == 0:
        return runs
    if key.position == "first" or found > 1:
        raise Collision(first_note)
    marked = tuple(dataclasses.replace(r, text=token.sub(NOTE_MARK, r.text)) for r in runs)
    if sum(r.text.count(NOTE_MARK) for r in marked) != 1:
        raise Collision(first_note)
    return marked


def _sort_ranks(forward: list[str], backward: list[str]) -> dict[str, int]:
    """Ranks from one note citing every source and one citing them in reverse: ties keep order."""
    ranks: dict[str, int] = {}
    seen_forward: set[str] = set()
    seen_backward: set[str] = set()
    group: list[str] = []
    for a, b in zip(forward, backward, strict=True):
        seen_forward.add(a)
        seen_backward.add(b)
        group.append(a)
        if seen_forward == seen_backward:
            rank = len(set(ranks.values()))
            ranks.update((source, rank) for source in group)
            group = []
    return ranks
