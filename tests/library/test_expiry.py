"""library.expiry: the checks on ``until`` and ``superseded_by``, the date check, the tentative
words, and which item is in force on a date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from advocate.library.check import check
from advocate.library.expiry import current, lapsed, not_yet

AddFile = Callable[[str, str], str]
TODAY = dt.date(2024, 6, 1)


def problems_in(library: Path, date: dt.date | None = None) -> list[str]:
    return [str(p) for p in check(library, today=TODAY, date=date).problems]


def two_points(old: str = "", new: str = "", text: str = "Old [@cbc-2021].") -> str:
    """Points ``old`` (line 2; ``old`` lines from line 8) and ``new``, both otherwise clean."""
    return (
        "points:\n"
        "  - id: old\n"
        "    claim: Old.\n"
        f"    text: {text}\n"
        "    topics: [detention]\n"
        "    audiences: {mp: 2}\n"
        "    reviewed: 2024-01-10\n"
        f"{old}"
        "  - id: new\n"
        "    claim: New.\n"
        "    text: New [@cbc-2021].\n"
        "    topics: [detention]\n"
        "    audiences: {mp: 2}\n"
        "    reviewed: 2024-01-10\n"
        f"{new}"
    )


SUPERSEDED = "    until: 2021-06-22\n    superseded_by: new\n"


def test_a_successor_of_the_same_kind_is_clean(library: Path, add_file: AddFile) -> None:
    add_file("points/x.yaml", two_points(SUPERSEDED, "    until: 2021-12-31\n"))
    assert problems_in(library) == []


def test_an_unknown_successor_suggests_the_close_one(library: Path, add_file: AddFile) -> None:
    label = add_file("points/x.yaml", two_points("    until: 2021-06-22\n    superseded_by: nwe\n"))
    assert problems_in(library) == [
        f"{label}:9:5: points.old.superseded_by: expected the id of a point, got unknown 'nwe' "
        "(did you mean 'new'?)"
    ]


def test_a_successor_of_another_kind_is_named_as_such(library: Path, add_file: AddFile) -> None:
    label = add_file("points/x.yaml", two_points("    until: 2021-06-22\n    superseded_by: article-2-a\n"))
    assert problems_in(library) == [
        f"{label}:9:5: points.old.superseded_by: expected the id of a point, got 'article-2-a', which is "
        "an argument: an item is superseded by one of its own kind"
    ]


def test_a_successor_needs_an_until(library: Path, add_file: AddFile) -> None:
    label = add_file("points/x.yaml", two_points("    superseded_by: new\n"))
    assert problems_in(library) == [
        f"{label}:8:5: points.old.superseded_by: expected until: (the last day the item holds) beside "
        "superseded_by, got no until: add the date after which the successor is used"
    ]


def test_a_cycle_of_successors_is_reported_once(library: Path, add_file: AddFile) -> None:
    label = add_file(
        "points/x.yaml", two_points(SUPERSEDED, "    until: 2021-12-31\n    superseded_by: old\n")
    )
    assert problems_in(library) == [
        f"{label}:9:5: points.old.superseded_by: expected a chain of successors that ends, got a cycle: "
        "old → new → old",
        f"{label}:17:5: points.new.superseded_by: expected the successor 'old' to hold past this item's "
        "until (2021-12-31), got its until 2021-06-22: it would never be used",
    ]


def test_an_item_superseding_itself_is_a_cycle(library: Path, add_file: AddFile) -> None:
    label = add_file("points/x.yaml", two_points("    until: 2021-06-22\n    superseded_by: old\n"))
    assert problems_in(library) == [
        f"{label}:9:5: points.old.superseded_by: expected a chain of successors that ends, got a cycle: "
        "old → old"
    ]


def test_a_successor_that_ends_first_would_never_be_used(library: Path, add_file: AddFile) -> None:
    label = add_file("points/x.yaml", two_points(SUPERSEDED, "    until: 2021-06-22\n"))
    assert problems_in(library) == [
        f"{label}:9:5: points.old.superseded_by: expected the successor 'new' to hold past this item's "
        "until (2021-06-22), got its until 2021-06-22: it would never be used"
    ]


def test_check_with_a_date_warns_of_items_past_their_until_with_no_successor(
    library: Path, add_file: AddFile
) -> None:
    label = add_file("points/x.yaml", two_points("    until: 2021-06-22\n"))
    assert problems_in(library) == []  # no date, no date check
    assert problems_in(library, dt.date(2021, 6, 22)) == []  # its last day
    assert problems_in(library, dt.date(2021, 6, 23)) == [
        f"{label}:8:5: points.old.until: warning: used past its until (2021-06-22) on 2021-06-23 with no "
        "successor: a document dated 2021-06-23 leaves it out; add superseded_by: naming an item that "
        "says what happened after 2021-06-22"
    ]


def test_check_with_a_date_is_quiet_about_items_with_a_successor(library: Path, add_file: AddFile) -> None:
    add_file("points/x.yaml", two_points(SUPERSEDED))
    assert problems_in(library, dt.date(2030, 1, 1)) == []


def test_check_with_a_date_covers_asks_too(library: Path, add_file: AddFile) -> None:
    label = add_file(
        "asks.yaml",
        """
        asks:
          - id: back-the-motion
            audiences: [mp]
            ask: Back the motion.
            topics: [recognition]
            until: 2021-04-22
        """,
    )
    assert problems_in(library, dt.date(2021, 5, 1)) == [
        f"{label}:6:5: asks.back-the-motion.until: warning: used past its until (2021-04-22) on 2021-05-01 "
        "with no successor: a document dated 2021-05-01 leaves it out; add superseded_by: naming an item "
        "that says what happened after 2021-04-22"
    ]


TENTATIVE = (
    "expected a fact that holds, got {!r} in an item with no until: add until: (its last day) and "
    "superseded_by: (an item saying what happened), or reword it as a dated past fact"
)


def test_tentative_words_in_an_item_with_no_until_are_located(library: Path, add_file: AddFile) -> None:
    text = "The Government is Considering a ban [@cbc-2021]. It was expected\n      to act."
    old = "    phrasings:\n      - We plan to act.\n      - A draft exists.\n"
    label = add_file("points/x.yaml", two_points(old, text=text))
    assert problems_in(library) == [
        f"{label}:4:29: points.old.text: warning: " + TENTATIVE.format("Considering"),
        f"{label}:4:67: points.old.text: warning: " + TENTATIVE.format("expected to"),
        f"{label}:10:12: points.old.phrasings[0]: warning: " + TENTATIVE.format("plan to"),
        f"{label}:11:11: points.old.phrasings[1]: warning: " + TENTATIVE.format("draft"),
    ]


def test_tentative_words_are_allowed_in_an_item_with_an_until(library: Path, add_file: AddFile) -> None:
    add_file("points/x.yaml", two_points("    until: 2021-06-22\n", text="A draft [@cbc-2021]."))
    assert problems_in(library) == []


def test_quoted_and_italic_words_other_words_and_citations_are_not_read(
    library: Path, add_file: AddFile
) -> None:
    text = '''"The *Draft Articles* and the “draft” text were drafted; unplanned births, planning
      and plans were reported [@cbc-2021, considering 4]."'''
    add_file("points/x.yaml", two_points(text=text))
    assert problems_in(library) == []


def test_every_printed_field_of_every_kind_is_read(library: Path, add_file: AddFile) -> None:
    label = add_file(
        "more.yaml",
        """
        responses:
          - id: prc
            party: The PRC
            position: The PRC plan to respond [@cbc-2021].
            rebuttal: The response was planned [@cbc-2021].
            topics: [detention]
        asks:
          - id: mp-ask
            audiences: [mp]
            ask: Back the draft.
            why: It is expected to pass [@cbc-2021].
            question: Is the Minister considering it?
            topics: [recognition]
        """,
    )
    found = [p.split(": warning: ")[0] for p in problems_in(library)]
    assert found == [
        f"{label}:4:23: responses.prc.position",
        f"{label}:5:32: responses.prc.rebuttal",
        f"{label}:10:19: asks.mp-ask.ask",
        f"{label}:11:16: asks.mp-ask.why",
        f"{label}:12:31: asks.mp-ask.question",
    ]


def test_which_item_is_in_force_on_a_date(library: Path, add_file: AddFile) -> None:
    add_file("points/x.yaml", two_points(SUPERSEDED, "    until: 2021-12-31\n"))
    loaded = check(library, today=TODAY).library
    old, new = loaded.points["old"], loaded.points["new"]
    assert current(loaded, old, dt.date(2021, 6, 22)) is old
    assert current(loaded, new, dt.date(2021, 6, 22)) is None and not_yet(loaded, new, dt.date(2021, 6, 22))
    assert current(loaded, old, dt.date(2021, 6, 23)) is new
    assert current(loaded, old, dt.date(2022, 1, 1)) is None
    assert lapsed(loaded, dt.date(2022, 1, 1)) == {"old": dt.date(2021, 6, 22), "new": dt.date(2021, 12, 31)}
    assert lapsed(loaded, dt.date(2021, 7, 1)) == {}
