"""The derived copies of a style that the synthetic runs use."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from advocate.cite import load_style
from advocate.cite.derive import PROBE, PROBE_SEPARATOR, YES, alias, derived_style
from advocate.cite.pinpoints import PROBE_TERMS, is_label_marker, label_marker
from advocate.cite.styles import CSL_NS


def derived(name: str, tmp_path: Path, substitute: bool = True) -> ET.Element:
    return ET.parse(derived_style(load_style(name), tmp_path / "d.csl", substitute=substitute)).getroot()


def test_labels_print_a_marker_of_the_form_asked_for(tmp_path: Path) -> None:
    root = derived("oscola", tmp_path)
    assert not [label for label in root.iter(f"{CSL_NS}label") if label.get("variable") == "locator"]
    markers = [
        text.get("value", "")
        for text in root.iter(f"{CSL_NS}text")
        if is_label_marker(text.get("value", "x")[0])
    ]
    assert set(markers) == {label_marker("short", "contextual", True, "")}


def test_every_label_has_an_alias_pandoc_reads(tmp_path: Path) -> None:
    root = derived("mhra-notes", tmp_path)
    verbs = {term.get("name"): term.text for term in root.iter(f"{CSL_NS}term") if term.get("form") == "verb"}
    assert verbs["sub-verbo"] == alias("sub-verbo") == "advocatelabelsubverbo"
    assert verbs["article-locator"] == "advocatelabelarticlelocator"


def test_disambiguation_is_left_to_the_cite_stage(tmp_path: Path) -> None:
    root = derived("mhra-notes", tmp_path)
    assert not [element for element in root.iter() if "disambiguate" in element.attrib]
    assert YES in {name for element in root.iter() for name in element.get("variable", "").split()}
    citation = root.find(f"{CSL_NS}citation")
    assert citation is not None
    assert not [key for key in citation.attrib if key.startswith("disambiguate")]


def test_the_probe_prints_every_term(tmp_path: Path) -> None:
    root = derived("oscola", tmp_path)
    branch = root.find(f"{CSL_NS}citation/{CSL_NS}layout/{CSL_NS}choose/{CSL_NS}if")
    assert branch is not None and branch.get("variable") == PROBE
    terms = [text.get("term") for text in branch.iter(f"{CSL_NS}text") if text.get("term")]
    assert terms == [name for name, _, _ in PROBE_TERMS]
    separators = [text for text in branch.iter(f"{CSL_NS}text") if text.get("value") == PROBE_SEPARATOR]
    assert len(separators) == len(PROBE_TERMS) + 2


def test_the_full_bibliography_keeps_repeated_authors(tmp_path: Path) -> None:
    bibliography = derived("oscola", tmp_path, substitute=False).find(f"{CSL_NS}bibliography")
    assert bibliography is not None and "subsequent-author-substitute" not in bibliography.attrib
    kept = derived("oscola", tmp_path).find(f"{CSL_NS}bibliography")
    assert kept is not None and kept.get("subsequent-author-substitute") == "——"
