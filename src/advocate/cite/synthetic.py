"""The synthetic document: notes that make pandoc print every form of every source once.

In: the source ids, the style (does it sort cites, test near-note, which label groups it has), the
number of filler notes to start with. Out: the notes (``Slot``s: each a tuple of (source id,
locator) cites; an empty one is a filler footnote; ``RESET`` starts a section that resets
positions) and the markdown pandoc reads.

Fillers push first citations past a note number that no source's text contains, so that "(n 5012)"
can only be the cross-reference. A pinpoint is a placeholder number (``999991``) or, for styles
that test ``is-numeric``, a roman one (``mmmcmxcix``); the label is given by its alias (see
``derive.alias``).
"""

from __future__ import annotations

from advocate.cite.derive import PROBE, alias
from advocate.cite.styles import CitationStyle

LOCATOR = "999991"
"""The placeholder pinpoint (a page unless labelled)."""
ROMAN_LOCATOR = "mmmcmxcix"
"""The placeholder for a pinpoint that is not a number."""

Loc = tuple[str, str]
"""A pinpoint as pandoc reads it: (label, value)."""
BASE: Loc = ("page", LOCATOR)
"""The pinpoint of the forms every placement is printed for."""
Variant = tuple[str, bool]
"""Another pinpoint the style may print apart: (the label that stands for its group, numeric)."""
Cite = tuple[str, Loc | None]
Slot = tuple[Cite, ...]
"""A synthetic note: (source id, pinpoint) per cite; the empty tuple is a filler footnote."""
RESET: Slot = (("", None),)
PROBE_SLOT: Slot = ((PROBE, None),)


def variant_locator(variant: Variant) -> Loc:
    label, numeric = variant
    return (label, LOCATOR if numeric else ROMAN_LOCATOR)


def pinpoint_variants(style: CitationStyle) -> list[Variant]:
    """The pinpoints besides ``BASE`` whose forms the book needs: a label per group, as a number
    and (where the style tests it) as a roman numeral."""
    numerics = (True, False) if style.tests_numeric_locator else (True,)
    found = [(group[0], numeric) for group in style.label_classes for numeric in numerics]
    return [variant for variant in found if variant != ("page", True)]


def rotation_slots(ids: list[str], probe: str, fillers: int) -> list[Slot]:
    """The synthetic notes for most styles, about 42 cites per source, nearly each giving a form.

    Sources serve as each other's neighbours: in a note of three, the first opens the note, the
    second sits inside it and the third closes it; three rotations give every source each place.
    Filler footnotes between notes keep a note from reading as ibid to the one before.
    """
    loc = BASE
    slots: list[Slot] = [PROBE_SLOT, *[()] * fillers]
    for located in (loc, None):  # first citations: one section (position reset) per placement
        for turn in range(3):
            slots += [RESET, *_triples(ids, probe, turn, located)]
        slots += [RESET, *(((s, located),) for s in ids)]
    # The last section goes on. Each source was first cited alone, so no two sources' short forms
    # read alike ("(n 12)").
    for index, s in enumerate(ids):
        t = (ids[(index + 1) % len(ids)] if len(ids) > 1 else probe, None)
        slots += [(), ((s, None),), ((s, None), t)]  # ibid opening a note, more cites follow
        slots += [(), ((s, None),), ((s, loc), t)]
        slots += [(), ((s, None),), ((s, None),), ((s, loc),), ((s, loc),), ((s, loc), t)]
        slots += [(), ((s, loc),)]
        for a, b in ((None, None), (None, loc), (loc, loc)):  # ibid after s in the same note
            slots += [(), ((s, a), (s, b)), (), ((s, a), (s, b), t)]
    for located in (None, loc):  # subsequent citations in each place of a note
        for turn in range(3):
            for triple in _triples(ids, probe, turn, located):
                slots += [(), triple]
    return slots


def _triples(ids: list[str], probe: str, turn: int, located: Loc | None) -> list[Slot]:
    """The sources (padded with a probe to a multiple of three) rotated by ``turn``, in notes of
    three: each turn moves every source one place on."""
    padded = ids + [probe] * (-len(ids) % 3)
    rotated = padded[turn:] + padded[:turn]
    cites = [(s, located if s != probe else None) for s in rotated]
    return [tuple(cites[i : i + 3]) for i in range(0, len(cites), 3)]


def exhaustive_slots(style: CitationStyle, ids: list[str], probes: list[str], fillers: int) -> list[Slot]:
    """The synthetic notes for styles that sort cites or test near-note: each source with probes
    around it, in every sequence (about 60 cites per source)."""
    slots: list[Slot] = [PROBE_SLOT, *[()] * fillers, RESET]
    for source_id in ids:
        slots += _sequences(source_id, probes, style.near_note_distance)
    for located in (None, BASE):
        for before, after in _surroundings(probes):
            slots.append(RESET)
            slots += [(*before, (source_id, located), *after) for source_id in ids]
    return slots


def sort_slots(ids: list[str]) -> list[Slot]:
    """For styles that sort cites: the last two notes cite every source, forwards and backwards."""
    return [RESET, tuple((i, None) for i in ids), RESET, tuple((i, None) for i in reversed(ids))]


def spaced(slots: list[Slot], unwanted: set[int], real: set[str]) -> list[Slot]:
    """``slots`` with fillers before each note that first cites a source where its number would be
    one of ``unwanted`` (numbers that occur in the sources)."""
    spaced_slots: list[Slot] = []
    seen: set[str] = set()
    number = 0
    for slot in slots:
        if slot is RESET:
            seen.clear()
            spaced_slots.append(slot)
            continue
        number += 1
        if any(source in real and source not in seen for source, _ in slot):
            while number in unwanted:
                spaced_slots.append(())
                number += 1
        seen.update(source for source, _ in slot)
        spaced_slots.append(slot)
    return spaced_slots


def _surroundings(probes: list[str]) -> list[tuple[Slot, Slot]]:
    """Cites to put before and after a source's so it opens, closes, or sits inside a note (two
    probes for styles that sort cites: one sorts early, one late)."""
    others: list[Slot] = [(), *(((probe, None),) for probe in probes)]
    return [(before, after) for before in others for after in others]


def _sequences(s: str, probes: list[str], near_note_distance: int | None) -> list[Slot]:
    """Every non-first form of source ``s`` (its first cite opens the list)."""
    slots: list[Slot] = [((s, None),)]
    for before, after in _surroundings(probes):
        if not before:
            for a, b in ((None, None), (None, BASE), (BASE, BASE)):
                slots += [(), ((s, a),), ((s, b), *after)]  # ibid opening a note after a note of s
                slots += [(), ((s, a), (s, b), *after)]  # ibid after s in the same note
        for a in (None, BASE):
            slots += [(), (*before, (s, a), *after)]
            if near_note_distance is not None:
                slots += _near_and_far(s, a, before, after, probes[0], near_note_distance)
    return slots


def _near_and_far(s: str, a: Loc | None, before: Slot, after: Slot, probe: str, distance: int) -> list[Slot]:
    """Subsequent cites of ``s`` in the same note, in the next note, and far from the last one."""
    other = (probe, None)
    return [
        (),
        ((s, None), other, *before, (s, a), *after),
        (),
        ((s, None), other),
        (*before, (s, a), *after),
        *([()] * (distance + 1)),
        (*before, (s, a), *after),
    ]


def variant_slots(
    ids: list[str], wanted: list[Variant], probe: str, near_note_distance: int | None
) -> list[Slot]:
    """Each source alone in a note with each other pinpoint, in every located position: first,
    subsequent (near and far where the style tests near-note), ibid-with-locator, ibid. The other
    placements of these forms are derived from the ``BASE`` ones (``variants.py``)."""
    slots: list[Slot] = []
    far = [()] * ((near_note_distance or 0) + 1)
    for variant in wanted:
        loc = variant_locator(variant)
        slots += [RESET, *(((s, loc),) for s in ids)]
        for s in ids:
            slots += [*far, ((s, loc),), (), ((s, None),), ((s, loc),), ((s, loc),)]
            if near_note_distance is not None:
                slots += [(), ((s, None),), ((probe, None),), ((s, loc),)]
    return slots


def markdown(slots: list[Slot]) -> str:
    """The synthetic document. Every citation gets a paragraph of its own: pandoc's handling of
    punctuation after a citation looks at the rest of the paragraph, which is quadratic."""
    parts = []
    section = 0
    for slot in slots:
        if not slot:
            parts.append("x^[f] ")
        elif slot is RESET:
            section += 1
            parts.append(f"\n\n# s{section} {{.reset-citation-positions}}\n\n")
        else:
            cites = "; ".join(f"@{{{source}}}" + _pinpoint(loc) for source, loc in slot)
            parts.append(f"\n\nx [{cites}]\n\n")
    return "".join(parts) + "\n"


def _pinpoint(loc: Loc | None) -> str:
    if loc is None:
        return ""
    label, value = loc
    return f", {value}" if loc == BASE else f", {alias(label)} {value}"
