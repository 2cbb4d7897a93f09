"""Tests for ``library.import_entries``: ids made for imported entries, and ids fit for a citation."""

from __future__ import annotations

from advocate.library.import_entries import fit_id, make_id


def test_ids() -> None:
    assert (
        make_id({"author": [{"family": "Ó Súilleabháin"}], "issued": "2020-01"}, set())
        == "o-suilleabhain-2020"
    )
    assert make_id({"author": [{"literal": "Amnesty International"}]}, {"amnesty-international-nd"}) == (
        "amnesty-international-ndb"
    )
    assert make_id(
        {"title": "No Author Here", "issued": "1999"}, {"no-author-here-1999", "no-author-here-1999b"}
    ) == ("no-author-here-1999c")
    assert fit_id("smith2021") and fit_id("Smith_2021") and fit_id("ITEM-1")
    assert (
        not fit_id("12")
        and not fit_id("http://zotero.org/items/A")
        and not fit_id("a b")
        and not fit_id(None)
    )
