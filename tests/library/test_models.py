"""models: the CSL a source hands to the cite stage; the words the wording writes in lower case."""

from __future__ import annotations

import json
from pathlib import Path

from advocate.library.check import load_checked_library

REPO = Path(__file__).resolve().parents[2]


def test_csl_sources_hold_only_csl_and_serialise_as_json() -> None:
    library = load_checked_library(REPO / "library")
    sources = library.csl_sources
    assert set(sources) == set(library.sources)
    cbc = sources["cbc-2021-canada-leads-coalition"]
    assert cbc["issued"] == {"date-parts": [[2021, 6, 18]]}
    assert cbc["author"][0] == {"family": "Zimonjic", "given": "Peter"}
    assert not {"at", "where", "verified"} & {key for source in sources.values() for key in source}
    json.dumps(sources)  # no advocate objects inside: pandoc reads this as CSL JSON


def test_ordinary_words_are_the_wording_not_source_ids_or_office_ids(library: Path) -> None:
    loaded = load_checked_library(library)  # the mini library cites amnesty-2021 and cbc-2021
    words = loaded.ordinary_words
    assert {"estimate", "detained"} <= words
    assert not {"amnesty", "cbc"} & words  # in a citation's id only: a sentence may start with "Amnesty"
