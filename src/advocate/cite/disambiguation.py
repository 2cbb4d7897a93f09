"""Telling sources apart: which sources of a document pandoc's citeproc prints disambiguated.

In: the notes of a document (the sources each cites, in order) and the form book. Out: the ids of
the sources whose cites print alike (two works of one author first cited in one note: "Zenz (n 4)"
twice), which the style then prints with its ``disambiguate="true"`` branches ("Zenz, ‘Title’
(n 4)") in every cite of the document.

This is citeproc's ``disambiguateCitations``, in the case it reaches for two works whose names
are the same: every cite is printed without its pinpoint, as are all the cited sources once more in
one last citation (citeproc's "ghost" items, in id order); cites that print the ibid term are left
out; sources whose prints coincide are ambiguous. (Adding names or given names, which citeproc tries
first, changes nothing when the names are the same.)
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from advocate.cite.forms import NOTE_MARK, unplaced
from advocate.cite.pandoc import Runs
from advocate.cite.pinpoints import Locale
from advocate.cite.positions import FormKey, Tracker, placed
from advocate.document import plain_text


def has_ibid(text: str, locale: Locale) -> bool:
    """``text`` prints the locale's ibid term (in any case, with or without its full stop)."""
    term = locale.term("ibid").replace(".", "").strip().casefold()
    bare = text.replace(".", "").casefold()
    return bool(term) and re.search(rf"(?<!\w){re.escape(term)}(?!\w)", bare) is not None


def alike(forms: Mapping[str, Mapping[FormKey, Runs]], locale: Locale) -> set[str]:
    """The sources that print, without a pinpoint, like another source in some position: the only
    ones a document can need to tell apart."""
    owners: dict[str, set[str]] = {}
    for source, keyed in forms.items():
        for key, runs in keyed.items():
            text = plain_text(runs)
            if not key.located and not key.initial and not key.final and not has_ibid(text, locale):
                owners.setdefault(text, set()).add(source)
    return {source for group in owners.values() if len(group) > 1 for source in group}


def told_apart(
    notes: Sequence[Sequence[str]],
    forms: Mapping[str, Mapping[FormKey, Runs]],
    locale: Locale,
    near_note_distance: int | None,
) -> set[str]:
    """The sources of a document (its notes' sources in order) that citeproc disambiguates."""
    tracker = Tracker(near_note_distance)
    printed: dict[str, set[str]] = {}

    def cite(source: str, note: int, index: int, count: int) -> None:
        key = tracker.place(source, note, index, count, None)
        runs = _inner_form(forms.get(source, {}), key)
        if runs is not None:
            text = plain_text(runs).replace(NOTE_MARK, str(tracker.first_note[source]))
            if not has_ibid(text, locale):
                printed.setdefault(text, set()).add(source)

    for number, sources in enumerate(notes, start=1):
        for index, source in enumerate(sources, start=1):
            cite(source, number, index, len(sources))
    ghosts = sorted({source for sources in notes for source in sources})
    for index, source in enumerate(ghosts, start=1):
        cite(source, len(notes) + 1, index, len(ghosts))
    return {source for group in printed.values() if len(group) > 1 for source in group}


def _inner_form(keyed: Mapping[FormKey, Runs], key: FormKey) -> Runs | None:
    """The form of ``key`` inside a note (as citeproc compares items), else in another place."""
    for initial, final in ((False, False), (True, False), (False, True), (True, True)):
        runs = keyed.get(placed(unplaced(key), initial, final))
        if runs is not None:
            return runs
    return None
