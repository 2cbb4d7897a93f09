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


SOURCE_WITH_OTHER_KEYS = """\
references:
  - id: smith-2021
    type: article-journal
    title: Forced Labour
    ISSN: 1475-4835
    source: Taylor and Francis
    container-title-short: J Hum Rights
    event-place: London
    PMID: "123"
    citation-key: smith2021
    archive_location: Box 3
    original-date: 1999-05
    translator:
      - family: Li
    colour: blue
    zotero-key: 5
    edtion: 2
    url: https://example.org/smith
    doi: 10.1/x
"""


def test_every_csl_variable_reaches_the_cite_stage_and_other_keys_are_warnings(tmp_path: Path) -> None:
    from advocate.library.load import load_library

    (tmp_path / "s.yaml").write_text(SOURCE_WITH_OTHER_KEYS, encoding="utf-8")
    loaded = load_library(tmp_path)
    assert [(p.severity, p.path, p.message) for p in loaded.problems] == [
        (
            "warning",
            "references[0].colour",
            "unknown key 'colour' is not a CSL variable: ignored (did you mean 'column'?)",
        ),
        ("warning", "references[0].zotero-key", "unknown key 'zotero-key' is not a CSL variable: ignored"),
        (
            "warning",
            "references[0].edtion",
            "unknown key 'edtion' is not a CSL variable: ignored (did you mean 'edition'?)",
        ),
    ]
    csl = loaded.library.sources["smith-2021"].csl()
    assert csl["ISSN"] == "1475-4835"
    assert csl["source"] == "Taylor and Francis"
    assert csl["container-title-short"] == "J Hum Rights"
    assert csl["event-place"] == "London"
    assert csl["PMID"] == "123"
    assert csl["citation-key"] == "smith2021"
    assert csl["archive_location"] == "Box 3"
    assert csl["original-date"] == {"date-parts": [[1999, 5]]}
    assert csl["translator"] == [{"family": "Li"}]
    assert "colour" not in csl
    assert (csl["URL"], csl["DOI"]) == ("https://example.org/smith", "10.1/x")  # CSL keys ignore case
    json.dumps(csl)


def test_a_csl_key_written_twice_in_two_cases_is_an_error(tmp_path: Path) -> None:
    from advocate.library.load import load_library

    (tmp_path / "s.yaml").write_text(
        "references:\n  - id: a\n    type: report\n    title: A\n    URL: u\n    url: v\n", encoding="utf-8"
    )
    loaded = load_library(tmp_path)
    assert [str(p) for p in loaded.problems] == [
        f"{tmp_path}/s.yaml:6:5: references[0].URL: duplicate key 'URL' (also written 'url')"
    ]


def test_a_misspelt_advocate_key_is_suggested(tmp_path: Path) -> None:
    from advocate.library.load import load_library

    (tmp_path / "s.yaml").write_text(
        "references:\n  - id: a\n    type: report\n    title: A\n    verifed: 2024-01-01\n", encoding="utf-8"
    )
    assert [p.message for p in load_library(tmp_path).problems] == [
        "unknown key 'verifed' is not a CSL variable: ignored (did you mean 'verified'?)"
    ]
