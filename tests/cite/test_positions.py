"""Cite positions, as pandoc's citeproc assigns them."""

from __future__ import annotations

from advocate.cite.positions import FormKey, Tracker, placed

PAGE_4, PAGE_5, PARA_4 = ("page", "4"), ("page", "5"), ("paragraph", "4")


def positions(
    cites: list[tuple[int, int, int, str, tuple[str, str] | None]], near: int | None = None
) -> list[str]:
    """(note, index, count, source, locator) per cite -> position names (``+near``)."""
    tracker = Tracker(near)
    keys = [tracker.place(source, note, index, count, loc) for note, index, count, source, loc in cites]
    return [key.position + ("+near" if key.near else "") for key in keys]


def test_ibid_follows_the_locators() -> None:
    assert positions(
        [
            (1, 1, 1, "a", None),
            (2, 1, 1, "a", None),
            (3, 1, 1, "a", PAGE_4),
            (4, 1, 1, "a", PAGE_4),
            (5, 1, 1, "a", PARA_4),
            (6, 1, 1, "a", None),
            (7, 1, 1, "a", None),
        ]
    ) == ["first", "ibid", "ibid-with-locator", "ibid", "ibid-with-locator", "subsequent", "ibid"]


def test_ibid_needs_the_previous_note_to_cite_the_source_alone() -> None:
    assert positions([(1, 1, 2, "a", None), (1, 2, 2, "b", None), (2, 1, 1, "a", None)]) == [
        "first",
        "first",
        "subsequent",
    ]
    assert positions([(1, 1, 1, "a", None), (3, 1, 1, "a", PAGE_5)]) == ["first", "subsequent"]


def test_ibid_within_a_note() -> None:
    assert positions([(1, 1, 3, "a", None), (1, 2, 3, "a", PAGE_4), (1, 3, 3, "b", None)]) == [
        "first",
        "ibid-with-locator",
        "first",
    ]


def test_near_note_and_reset() -> None:
    assert positions([(1, 1, 1, "a", None), (3, 1, 1, "a", None), (9, 1, 1, "a", None)], near=5) == [
        "first",
        "subsequent+near",
        "subsequent",
    ]
    tracker = Tracker(None)
    tracker.place("a", 1, 1, 1, None)
    tracker.reset()
    assert tracker.place("a", 2, 1, 1, None).position == "first"
    assert tracker.first_note["a"] == 2


def test_placed() -> None:
    key = FormKey("first", True, False, False)
    assert placed(key, True, True) == FormKey("first", True, True, True)
    assert placed(key, False, False) is key
