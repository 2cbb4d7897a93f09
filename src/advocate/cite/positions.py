"""Cite positions: which form of its source each cite takes, decided as pandoc's citeproc decides.

In: the cites of a document in reading order (source, note number, place in the note, pinpoint).
Out: a ``FormKey`` per cite: its CSL position (first, subsequent, ibid, ibid-with-locator; near-note
where the style tests it), whether it has a pinpoint, and whether it opens or closes its note.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import Literal

Position = Literal["first", "subsequent", "ibid", "ibid-with-locator"]


@dataclass(frozen=True)
class FormKey:
    """Which form of a source a cite takes."""

    position: Position
    """The CSL position."""
    located: bool
    """The cite has a pinpoint."""
    initial: bool
    """The cite opens its note: the form carries what pandoc does there (the layout prefix,
    capitalising the first word)."""
    final: bool
    """The cite closes its note: the form carries the layout suffix as pandoc joins it (``.``
    after ``?’`` is dropped, or moved inside the quote where the locale says so); otherwise the
    form carries the delimiter that follows it."""
    near: bool = False
    """CSL ``near-note`` (only tracked for styles that test it)."""


def placed(key: FormKey, initial: bool, final: bool) -> FormKey:
    """``key`` opening and closing its note as given."""
    if key.initial == initial and key.final == final:
        return key
    return FormKey(key.position, key.located, initial, final, key.near)


@dataclass
class _LastCite:
    note: int
    index: int
    alone: bool
    locator: Hashable | None


class Tracker:
    """CSL 1.0.2 cite positions, exactly as pandoc's citeproc (``getPosition``) assigns them.

    A cite is ibid when the source's previous cite is the cite just before it in the same note,
    or when it opens its note and the previous note cited only that source. Its locator (label and
    value) then decides: none after none, or the same after the same, is ``ibid``; a new or
    different one is ``ibid-with-locator``; none after one is not ibid at all but ``subsequent``.
    """

    def __init__(self, near_note_distance: int | None) -> None:
        self.near_note_distance = near_note_distance
        self.last: dict[str, _LastCite] = {}
        self.first_note: dict[str, int] = {}

    def reset(self) -> None:
        """Start again (a section that resets citation positions)."""
        self.last.clear()

    def place(self, source: str, note: int, index: int, count: int, locator: Hashable | None) -> FormKey:
        """The key of the cite at ``index`` (from 1) of ``count`` in note ``note``; records it."""
        previous = self.last.get(source)
        self.last[source] = _LastCite(note, index, count == 1, locator)
        located, initial, final = locator is not None, index == 1, index == count
        if previous is None:
            self.first_note[source] = note
            return FormKey("first", located, initial, final)
        near = self.near_note_distance is not None and note - previous.note < self.near_note_distance
        return FormKey(self._position(previous, note, index, locator), located, initial, final, near)

    @staticmethod
    def _position(previous: _LastCite, note: int, index: int, locator: Hashable | None) -> Position:
        follows = (previous.note == note and index == previous.index + 1) or (
            note == previous.note + 1 and index == 1 and previous.alone
        )
        if not follows:
            return "subsequent"
        if previous.locator is None:
            return "ibid" if locator is None else "ibid-with-locator"
        if locator is None:
            return "subsequent"
        return "ibid" if locator == previous.locator else "ibid-with-locator"
