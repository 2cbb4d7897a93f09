"""Derived styles: the copies of a CSL style that the synthetic pandoc runs use.

In: a ``CitationStyle`` and a folder to write to. Out: the path of a CSL file that prints exactly what
the style prints, except that

* every pinpoint label (``<label variable="locator">``) prints a marker character that says which
  form of the term the style asked for (``pinpoints.label_marker``), so that one synthetic cite
  serves every label of a group, the label's own text being put in by ``cite``;
* each locator label has an extra term form (``verb``, which no style uses for a locator) named
  ``advocatelabel<label>``, so that the synthetic document can give any label in any language;
* ``disambiguate="true"`` is true exactly for items that carry the variable ``advocate-yes`` (the
  plain run gives it to none, the disambiguated run to all), and no names or year suffixes are
  added: disambiguation is decided per document by ``cite`` (``disambiguation.py``);
* a cite of the item with the variable ``advocate-terms`` prints "x", then the locale's terms
  (``pinpoints.PROBE_TERMS``) and a quoted "x" followed by a full stop, each after
  ``PROBE_SEPARATOR``;
* for the full bibliography (``substitute=False``), repeated authors are not replaced.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from advocate.cite.pinpoints import PROBE_TERMS, label_marker
from advocate.cite.styles import ARTICLE, CSL_NS, LOCATOR_LABELS, CitationStyle, parse_csl

YES = "advocate-yes"
"""The variable that makes ``disambiguate="true"`` true in a derived style."""
PROBE = "advocate-terms"
"""The variable of the item whose cite prints the locale's terms."""
PROBE_SEPARATOR = "\ue020"
"""Printed before each probed term."""
_DISAMBIGUATION_OPTIONS = (
    "disambiguate-add-givenname",
    "disambiguate-add-names",
    "disambiguate-add-year-suffix",
    "givenname-disambiguation-rule",
)
_LABEL_ATTRIBUTES = ("variable", "form", "plural", "strip-periods", "text-case")

ET.register_namespace("", CSL_NS.strip("{}"))


def alias(label: str) -> str:
    """The word that makes pandoc read ``label`` in the derived style, whatever the language."""
    return "advocatelabel" + label.replace("-", "")


def derived_style(style: CitationStyle, path: Path, *, substitute: bool = True) -> Path:
    """Write the derived copy of ``style`` to ``path`` (see the module docstring) and return it."""
    root = parse_csl(style.path)
    _add_aliases(root)
    _mark_labels(root)
    _decide_disambiguation(root)
    _add_probe(root)
    bibliography = root.find(f"{CSL_NS}bibliography")
    if not substitute and bibliography is not None:
        bibliography.attrib.pop("subsequent-author-substitute", None)
        bibliography.attrib.pop("subsequent-author-substitute-rule", None)
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)
    return path


def _add_aliases(root: ET.Element) -> None:
    locale = ET.Element(f"{CSL_NS}locale")
    terms = ET.SubElement(locale, f"{CSL_NS}terms")
    for label in (*LOCATOR_LABELS, ARTICLE):
        term = ET.SubElement(terms, f"{CSL_NS}term", {"name": label, "form": "verb"})
        term.text = alias(label)
    children = list(root)
    macro = next((i for i, child in enumerate(children) if child.tag != f"{CSL_NS}info"), len(children))
    root.insert(macro, locale)


def _mark_labels(root: ET.Element) -> None:
    for parent in root.iter():
        for index, child in enumerate(list(parent)):
            if child.tag == f"{CSL_NS}label" and child.get("variable") == "locator":
                parent[index] = _marker_for(child)


def _marker_for(label: ET.Element) -> ET.Element:
    marker = label_marker(
        label.get("form", "long"),
        label.get("plural", "contextual"),
        label.get("strip-periods") == "true",
        label.get("text-case", ""),
    )
    choose = ET.Element(f"{CSL_NS}choose")
    branch = ET.SubElement(choose, f"{CSL_NS}if", {"variable": "locator"})
    kept = {key: value for key, value in label.attrib.items() if key not in _LABEL_ATTRIBUTES}
    ET.SubElement(branch, f"{CSL_NS}text", {**kept, "value": marker})
    return choose


def _decide_disambiguation(root: ET.Element) -> None:
    for element in root.iter():
        if element.attrib.pop("disambiguate", None) == "true":
            element.set("variable", " ".join([*element.get("variable", "").split(), YES]))
    citation = root.find(f"{CSL_NS}citation")
    if citation is not None:
        for option in _DISAMBIGUATION_OPTIONS:
            citation.attrib.pop(option, None)


def _add_probe(root: ET.Element) -> None:
    layout = root.find(f"{CSL_NS}citation/{CSL_NS}layout")
    if layout is None:
        return
    children = list(layout)
    for child in children:
        layout.remove(child)
    choose = ET.SubElement(layout, f"{CSL_NS}choose")
    probe = ET.SubElement(ET.SubElement(choose, f"{CSL_NS}if", {"variable": PROBE}), f"{CSL_NS}group")
    ET.SubElement(probe, f"{CSL_NS}text", {"value": "x"})  # takes the note's capital letter
    for name, form, plural in PROBE_TERMS:
        group = ET.SubElement(probe, f"{CSL_NS}group")
        ET.SubElement(group, f"{CSL_NS}text", {"value": PROBE_SEPARATOR})
        attributes = {"term": name, "form": form, "plural": "true" if plural else "false"}
        ET.SubElement(group, f"{CSL_NS}text", attributes)
    group = ET.SubElement(probe, f"{CSL_NS}group")
    ET.SubElement(group, f"{CSL_NS}text", {"value": PROBE_SEPARATOR})
    ET.SubElement(group, f"{CSL_NS}text", {"value": "x", "quotes": "true", "suffix": "."})
    ET.SubElement(probe, f"{CSL_NS}text", {"value": PROBE_SEPARATOR})
    ET.SubElement(choose, f"{CSL_NS}else").extend(children)
