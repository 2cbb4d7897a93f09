"""The cited Document as a Word file with real footnotes, from a docxtpl template.

In: a cited ``Document`` (every citation already a ``NoteRef``; ``notes`` numbered from 1) and the
template folders (``templates.search_path``). Out: the bytes of a ``.docx`` package.

The template is ``<kind>.docx`` (``letter.docx`` or ``briefing.docx``), first found in the folders.
Each render

1. loads the template once per file version (``template``);
2. builds the template context, every body paragraph as Word XML with note calls as markers
   (``context``, ``runs``) and fills the compiled templates with it;
3. puts a real ``w:footnoteReference`` at each marker and writes ``word/footnotes.xml``
   (``footnotes``);
4. writes the parts that change (hyperlinks, list restarts, language, document properties) and zips
   the package in a fixed order (``package``).

The file's note numbers are the ``Note.number`` values the PDF prints: the calls must come in the
text in that order, each once, or the render fails with an ``AdvocateError`` (as do template errors).
All text is inserted literally (escaped), never as markup. The project's Jinja filters are
available in templates; templates outside the project folder run sandboxed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from advocate.document import Document
from advocate.library.brand import Brand
from advocate.render.brand import logo_of
from advocate.render.docx.brand import LOGO_REL_ID, restyled, restyled_styles, swaps, themed, with_logo
from advocate.render.docx.context import Builder, context, letterhead_view
from advocate.render.docx.footnotes import check_calls, footnotes_xml, place_notes
from advocate.render.docx.ooxml import parse_template_xml, serialize, template_error, w
from advocate.render.docx.package import (
    core_xml,
    deflate,
    deflate_static,
    links_part,
    styles_for,
    timestamp,
    with_links,
    with_restarts,
    zip_parts,
)
from advocate.render.docx.runs import Links
from advocate.render.docx.template import Template, load_template, rels_name
from advocate.render.limits import render_limited
from advocate.render.templates import find_template

__all__ = ["render_docx"]


def _fill(template: Template, name: str, jinja: jinja2.Template, values: Mapping[str, Any]) -> Any:
    """A templated part, filled and parsed."""
    try:
        xml = render_limited(jinja, values)
    except jinja2.TemplateError as exc:
        raise template_error(template.path, f"template error in {name}: {exc}") from exc
    if "<w:tbl" in xml:  # docxtpl's repair of tables whose columns came from loops
        return template.docxtpl.fix_tables(xml)
    return parse_template_xml(xml.encode("utf-8"), template.path)


def _main_part(template: Template, doc: Document, values: Mapping[str, Any]) -> bytes:
    root = _fill(template, template.main_part, template.main, values)
    if template.body is not None:
        own = {**values, "letterhead": letterhead_view(doc, own=True)}
        _append_body(root, _fill(template.body, template.body.main_part, template.body.main, own))
    check_calls(place_notes(root), doc.notes, template.path)
    return serialize(root)


def _append_body(root: Any, body: Any) -> None:
    """The content of ``body``'s document (not its section properties) after ``root``'s own."""
    where = root.find(w("body"))
    end = where.find(w("sectPr"))
    for child in body.find(w("body")):
        if child.tag == w("sectPr"):
            continue
        if end is None:
            where.append(child)
        else:
            end.addprevious(child)


def _header_footer_parts(template: Template, values: Mapping[str, Any]) -> dict[str, bytes]:
    # The logo's relationship belongs to the main document: in a header it would point nowhere.
    values = {**values, "letterhead": replace(values["letterhead"], logo=Markup(""))}
    out = {}
    for name, jinja in template.templated.items():
        root = _fill(template, name, jinja, values)
        if place_notes(root):
            raise template_error(template.path, f"notes cannot be called from {name}")
        out[name] = serialize(root)
    return out


def _package(template: Template, doc: Document) -> dict[str, bytes]:
    """Every part of the output; those unchanged from the template are the template's own objects."""
    builder = Builder(template.numbering)
    values = context(doc, builder)
    parts = dict(template.parts)
    parts[template.main_part] = _main_part(template, doc, values)
    parts.update(_header_footer_parts(template, values))
    parts[template.main_rels] = with_links(parts[template.main_rels], builder.links)
    note_links = Links()
    parts[template.footnotes_part] = footnotes_xml(doc.notes, note_links)
    if note_links.ids:
        parts[rels_name(template.footnotes_part)] = links_part(note_links)
    if doc.brand is not None:
        _brand(template, doc.brand, parts)
    if template.styles_part:
        parts[template.styles_part] = styles_for(parts[template.styles_part], doc.lang)
    if builder.restarts and template.numbering:
        numbering = template.numbering
        parts[numbering.part] = with_restarts(parts[numbering.part], numbering, builder.restarts)
    return parts


def _brand(template: Template, brand: Brand, parts: dict[str, bytes]) -> None:
    """The brand's fonts and colours in the styles, theme and body; its logo as an image part."""
    if template.styles_part:
        styles = parts[template.styles_part]
        parts[template.styles_part] = restyled_styles(styles, brand)
        parts[template.main_part] = restyled(parts[template.main_part], swaps(styles, brand))
    for name in [n for n in parts if n.startswith("word/theme/") and n.endswith(".xml")]:
        parts[name] = themed(parts[name], brand)
    logo = logo_of(brand)
    if logo is not None and LOGO_REL_ID.encode() in parts[template.main_part]:
        with_logo(parts, template.main_rels, logo)


def render_docx(doc: Document, folders: Sequence[Path]) -> bytes:
    """The document as a ``.docx`` file, from ``<kind>.docx`` (first found in ``folders``)."""
    template = load_template(find_template(f"{doc.kind}.docx", folders))
    parts = _package(template, doc)
    when = timestamp(doc)
    parts[template.core_part] = core_xml(doc, when)
    static = {name for name, data in parts.items() if data is template.parts.get(name)}
    static.add(template.styles_part or "")  # one version per language, cached
    return zip_parts({n: (deflate_static if n in static else deflate)(d) for n, d in parts.items()}, when)
