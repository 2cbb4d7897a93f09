"""The package: the parts that change per render, and the zip file.

In: the template's parts, the hyperlinks and list restarts the body needs, the Document (for its
properties, language and date). Out: relationships parts with the hyperlinks, ``numbering.xml``
with the restarted list instances, ``styles.xml`` with the document's language,
``docProps/core.xml``, and the bytes of the ``.docx``: ``[Content_Types].xml`` first, then the parts
by name, every entry with one date.

Reproducible: with ``SOURCE_DATE_EPOCH`` set, the document properties and every zip entry carry that
time, otherwise the document's date; the same Document always gives the same bytes. Parts that are
the same in every render are compressed once per process.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import struct
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from lxml import etree  # type: ignore[import-untyped]

from advocate.document import Document
from advocate.errors import AdvocateError
from advocate.render.docx.ooxml import PKG_RELS, W_VAL, XML_DECLARATION, parse_xml, serialize, w
from advocate.render.docx.runs import Links, clean
from advocate.render.docx.template import Numbering


def with_links(rels_xml: bytes, links: Links) -> bytes:
    """A relationships part with the hyperlinks added."""
    if not links.ids:
        return rels_xml
    end = rels_xml.rindex(b"</Relationships>")
    return rels_xml[:end] + links.relationships().encode() + rels_xml[end:]


def links_part(links: Links) -> bytes:
    """A relationships part holding only the hyperlinks."""
    return with_links(XML_DECLARATION + f'<Relationships xmlns="{PKG_RELS}"></Relationships>'.encode(), links)


def with_restarts(numbering_xml: bytes, numbering: Numbering, num_ids: Sequence[int]) -> bytes:
    """The numbering part with one list instance per restarted list, each starting at 1."""
    root = parse_xml(numbering_xml)
    anchor = list(root.iter(w("num")))[-1]
    for num_id in num_ids:
        num = etree.Element(w("num"), {w("numId"): str(num_id)})
        etree.SubElement(num, w("abstractNumId"), {W_VAL: numbering.abstract_id})
        override = etree.SubElement(num, w("lvlOverride"), {w("ilvl"): "0"})
        etree.SubElement(override, w("startOverride"), {W_VAL: "1"})
        anchor.addnext(num)
        anchor = num
    return serialize(root)


@functools.lru_cache(maxsize=64)
def styles_for(styles_xml: bytes, lang: str) -> bytes:
    """The styles part with the document's language as the default (for spelling and hyphenation)."""
    root = parse_xml(styles_xml)
    rpr = root.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}")
    if rpr is None:
        return styles_xml
    lang_el = rpr.find(w("lang"))
    if lang_el is None:
        lang_el = etree.SubElement(rpr, w("lang"))
    if lang_el.get(W_VAL) == lang:
        return styles_xml
    lang_el.set(W_VAL, lang)
    return serialize(root)


def core_xml(doc: Document, when: dt.datetime) -> bytes:
    """The document properties: title, subject and keywords, creator, language, dates."""
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    keywords = ", ".join(doc.keywords)
    fields = (
        ("dc:title", doc.title),
        ("dc:subject", keywords),
        ("dc:creator", doc.sender.name),
        ("cp:keywords", keywords),
        ("dc:language", doc.lang),
        ("cp:lastModifiedBy", doc.sender.name),
        ("cp:revision", "1"),
    )
    body = "".join(f"<{tag}>{escape(clean(value))}</{tag}>" for tag, value in fields)
    dates = "".join(
        f'<dcterms:{tag} xsi:type="dcterms:W3CDTF">{stamp}</dcterms:{tag}>' for tag in ("created", "modified")
    )
    return (
        XML_DECLARATION
        + (
            "<cp:coreProperties "
            'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"{body}{dates}</cp:coreProperties>"
        ).encode()
    )


def timestamp(doc: Document) -> dt.datetime:
    """``SOURCE_DATE_EPOCH`` when set, else midnight (UTC) of the document's date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return dt.datetime.combine(doc.date, dt.time(), tzinfo=dt.UTC)
    try:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    except (ValueError, OverflowError, OSError) as exc:
        raise AdvocateError(f"SOURCE_DATE_EPOCH must be a number of seconds, got {epoch!r}") from exc


@dataclass(frozen=True)
class Deflated:
    """A part compressed for the zip file."""

    crc: int
    size: int
    data: bytes


def deflate(data: bytes, level: int = 6) -> Deflated:
    """A part that changes with every render, compressed."""
    packer = zlib.compressobj(level, zlib.DEFLATED, -15)
    return Deflated(zlib.crc32(data), len(data), packer.compress(data) + packer.flush())


@functools.lru_cache(maxsize=512)
def deflate_static(data: bytes) -> Deflated:
    """Parts that are the same in every render (styles, theme, fonts...) are compressed once."""
    return deflate(data, 9)


def _dos_date_time(when: dt.datetime) -> tuple[int, int]:
    year = min(max(when.year, 1980), 2107)
    return (
        year - 1980
    ) << 9 | when.month << 5 | when.day, when.hour << 11 | when.minute << 5 | when.second // 2


def zip_parts(parts: Mapping[str, Deflated], when: dt.datetime) -> bytes:
    """The package: ``[Content_Types].xml`` first, then the parts by name, all with one date.

    Written directly (no data descriptors, no extra fields) so that compressed parts can be reused.
    """
    date, time = _dos_date_time(when)
    body, central = bytearray(), bytearray()
    names = sorted(parts, key=lambda n: (n != "[Content_Types].xml", n))
    for name in names:
        part, raw = parts[name], name.encode("utf-8")
        flags = 0 if raw.isascii() else 0x800  # UTF-8 names
        common = struct.pack("<5H3I", 20, flags, 8, time, date, part.crc, len(part.data), part.size)
        central += struct.pack("<IH", 0x02014B50, 20) + common
        central += struct.pack("<5H2I", len(raw), 0, 0, 0, 0, 0, len(body)) + raw
        body += struct.pack("<I", 0x04034B50) + common + struct.pack("<2H", len(raw), 0) + raw + part.data
    end = struct.pack("<I4H2IH", 0x06054B50, 0, 0, len(names), len(names), len(central), len(body), 0)
    return bytes(body + central + end)
