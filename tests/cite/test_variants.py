"""A pinpoint's form moved from alone in a note to any place in one."""

from __future__ import annotations

from advocate.cite.variants import cells, from_cells, place_variant
from advocate.document import Text

MARK = "\ue000"
LABEL = "\ue131"


def test_the_edges_change_as_the_page_form_changes() -> None:
    alone = (Text("Ibid "), Text(MARK), Text("."))
    inside = (Text("ibid " + MARK + "; "),)
    other = (Text("Ibid " + LABEL + " "), Text(MARK + "."))
    assert place_variant(alone, inside, other) == (Text("ibid " + LABEL + " " + MARK + "; "),)


def test_formatting_is_kept() -> None:
    alone = (Text("Title", italic=True), Text(" " + MARK + "."))
    last = (Text("Title", italic=True), Text(" " + MARK + "."))
    first = (Text("Title", italic=True), Text(" " + MARK + "; "))
    other = (Text("Title", italic=True), Text(" (" + MARK + ")."))
    assert place_variant(alone, last, other) == other
    assert place_variant(alone, first, other) == (Text("Title", italic=True), Text(" (" + MARK + "); "))


def test_a_form_whose_edges_differ_is_not_placed() -> None:
    alone = (Text("A " + MARK + "."),)
    inside = (Text("A " + MARK + "; "),)
    assert place_variant(alone, inside, (Text("A " + MARK + ")"),)) is None
    middle = (Text("A b " + MARK + "."),)
    assert place_variant(middle, (Text("A c " + MARK + "; "),), middle) is None  # not an edge


def test_cells_round_trip() -> None:
    runs = (Text("ab", italic=True), Text("c", small_caps=True), Text("d", vertical="super"))
    assert from_cells(cells(runs)) == runs
