"""Placing a pinpoint's form: a form printed alone in a note, moved to any place in a note.

In: three forms of one source in one position: the ``BASE`` pinpoint's form alone in a note, the
same in the wanted place (opening, inside or closing a note of several cites), and another
pinpoint's form alone. Out: the other pinpoint's form in the wanted place, or None.

What a place changes is at the edges of a form: the capital letter and layout prefix where it opens
a note, the layout suffix or the delimiter after it, the punctuation pandoc then drops. So the
changes that turn the ``BASE`` form alone into the placed one are found (they must touch only its
start and its end) and made to the other form, whose edges must read like the ``BASE`` form's.
"""

from __future__ import annotations

import dataclasses
from difflib import SequenceMatcher
from itertools import groupby

from advocate.cite.pandoc import Runs
from advocate.document import Text

Cell = tuple[str, Text]
"""One character and its run with the text left out (its format)."""


def cells(runs: Runs) -> list[Cell]:
    """Each character of ``runs`` with its format."""
    found: list[Cell] = []
    for run in runs:
        fmt = dataclasses.replace(run, text="")
        found += [(char, fmt) for char in run.text]
    return found


def from_cells(cells: list[Cell]) -> Runs:
    """Runs from characters and their formats."""
    return tuple(
        dataclasses.replace(fmt, text="".join(char for char, _ in group))
        for fmt, group in groupby(cells, key=lambda cell: cell[1])
    )


def place_variant(base_alone: Runs, base_placed: Runs, variant_alone: Runs) -> Runs | None:
    """``variant_alone`` changed at its edges as ``base_alone`` changes into ``base_placed``."""
    if base_alone == base_placed:
        return variant_alone
    alone, placed_, variant = cells(base_alone), cells(base_placed), cells(variant_alone)
    codes = SequenceMatcher(None, alone, placed_, autojunk=False).get_opcodes()
    equal = [i for i, code in enumerate(codes) if code[0] == "equal"]
    if not equal or any(code[0] != "equal" for code in codes[equal[0] : equal[-1] + 1]):
        return None
    _, start, _, placed_start, _ = codes[equal[0]]
    _, _, end, _, placed_end = codes[equal[-1]]
    head, tail = alone[:start], alone[end:]
    if variant[: len(head)] != head or len(variant) < len(head) + len(tail):
        return None
    if tail and variant[len(variant) - len(tail) :] != tail:
        return None
    middle = variant[len(head) : len(variant) - len(tail)]
    return from_cells(placed_[:placed_start] + middle + placed_[placed_end:])
