"""The synthetic document's notes and markdown."""

from __future__ import annotations

from advocate.cite import load_style
from advocate.cite.derive import alias
from advocate.cite.synthetic import (
    BASE,
    PROBE_SLOT,
    RESET,
    markdown,
    pinpoint_variants,
    rotation_slots,
    spaced,
    variant_locator,
    variant_slots,
)


def test_each_style_gets_the_pinpoint_groups_it_tells_apart() -> None:
    assert pinpoint_variants(load_style("oscola")) == [("paragraph", True), ("book", True)]
    mhra = pinpoint_variants(load_style("mhra-notes"))
    assert ("page", False) in mhra and ("page", True) not in mhra and ("chapter", False) in mhra
    assert variant_locator(("page", False)) == ("page", "mmmcmxcix")


def test_markdown_gives_labels_by_their_alias() -> None:
    text = markdown([PROBE_SLOT, (), RESET, (("a b", BASE), ("c", ("paragraph", "999991")))])
    assert "x [@{advocate-terms}]" in text
    assert "x^[f] " in text
    assert "{.reset-citation-positions}" in text
    assert f"x [@{{a b}}, 999991; @{{c}}, {alias('paragraph')} 999991]" in text


def test_first_citations_avoid_numbers_the_sources_contain() -> None:
    slots = [PROBE_SLOT, (), RESET, (("a", None),), (("b", None),), (("a", None),)]
    assert spaced(slots, {3, 4}, {"a", "b"}) == [
        PROBE_SLOT,
        (),
        RESET,
        (),
        (),
        (("a", None),),
        (("b", None),),
        (("a", None),),
    ]
    assert spaced(slots, {6}, {"a", "b"}) == slots  # note 6 cites "a" again: no matter


def test_every_source_is_cited_in_every_place() -> None:
    slots = rotation_slots(["a", "b"], "probe", 3)
    assert slots[:4] == [PROBE_SLOT, (), (), ()]
    places = {
        (slot.index(cite), len(slot))
        for slot in slots
        if slot is not RESET
        for cite in slot
        if cite[0] == "a"
    }
    assert {(0, 3), (1, 3), (2, 3), (0, 1)} <= places
    assert all(
        len(slot) == 1
        for slot in variant_slots(["a"], [("paragraph", True)], "probe", None)
        if slot and slot is not RESET
    )
