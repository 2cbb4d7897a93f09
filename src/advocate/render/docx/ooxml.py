"""OOXML names and XML helpers shared by the DOCX modules.

In: element names, XML bytes, lxml elements. Out: Clark names (``{ns}tag``), parsed trees (entities
never expanded, nothing fetched), serialized parts with the XML declaration Word writes, and the
``AdvocateError`` that names a template file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

from advocate.errors import AdvocateError, Location, Problem

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
REL_FOOTNOTES = f"{R}/footnotes"
REL_HYPERLINK = f"{R}/hyperlink"
REL_CORE = f"{PKG_RELS}/metadata/core-properties"
CT_FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
CT_CORE = "application/vnd.openxmlformats-package.core-properties+xml"
XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def w(tag: str) -> str:
    """The Clark name of a WordprocessingML element or attribute."""
    return f"{{{W}}}{tag}"


W_R, W_T, W_RPR, W_VAL = w("r"), w("t"), w("rPr"), w("val")


def parse_xml(data: bytes) -> Any:
    """Parsed XML; entities are not expanded and nothing is fetched (templates may be anyone's)."""
    return etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))


def serialize(root: Any) -> bytes:
    """A part's bytes: the XML declaration Word writes, then the tree."""
    xml: bytes = etree.tostring(root, encoding="UTF-8", xml_declaration=False)
    return XML_DECLARATION + xml


def template_error(path: Path, message: str) -> AdvocateError:
    """An error located at the template file."""
    return AdvocateError([Problem(Location(str(path)), message)])


def parse_template_xml(xml: bytes, path: Path) -> Any:
    """Parsed XML of a (filled) template part; invalid XML is the template's error."""
    try:
        return parse_xml(xml)
    except etree.XMLSyntaxError as exc:
        raise template_error(path, f"the template produced invalid Word XML: {exc}") from exc
