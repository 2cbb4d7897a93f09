"""Loading a Word template once and making it ready to fill.

In: the path of a ``.docx`` template (``letter.docx``, ``briefing.docx`` or a user's). Out: a
``Template``: the package's parts as bytes, the main document and any header or footer holding Jinja
tags patched the docxtpl way (``{%p ... %}``, ``{{p x }}``, ``{{r x }}``) and compiled, and what
footnotes need completed (the footnotes relationship and content type, the core-properties part,
``w:footnotePr``, and the footnote and hyperlink styles a user's template may lack).

A template whose tags never use ``sections`` (a Word letterhead of the user's own, with no tags at
all or only ``{{ title }}`` and the like) carries the project's template of the same kind as its
``body``: the renderer fills it and appends everything below the project's letterhead (addresses,
subject, body with real footnotes, sign-off) after the user's own content, and the project's
paragraph styles the user's file lacks are added to it (without their fonts or list numbering).

A template is loaded once per process and file version (path, mtime, size). A broken or foreign
file, or a Jinja syntax error, is an ``AdvocateError`` naming the file. Templates outside the
project's folder compile in the strict sandbox.
"""

from __future__ import annotations

import functools
import os
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import jinja2
import jinja2.meta
from docx.opc.exceptions import PackageNotFoundError
from docxtpl import DocxTemplate
from lxml import etree  # type: ignore[import-untyped]

from advocate.render.docx.ooxml import (
    CT_CORE,
    CT_FOOTNOTES,
    PKG_RELS,
    REL_CORE,
    REL_FOOTNOTES,
    TYPES,
    W_VAL,
    R,
    W,
    parse_template_xml,
    parse_xml,
    serialize,
    template_error,
    w,
)
from advocate.render.templates import jinja_environment, project_templates_dir

DEFAULT_STYLES = {
    "FootnoteText": '<w:style w:type="paragraph" w:styleId="FootnoteText"><w:name w:val="footnote text"/>'
    '<w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
    '<w:pPr><w:tabs><w:tab w:val="left" w:pos="255"/></w:tabs>'
    '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/><w:ind w:left="255" w:hanging="255"/></w:pPr>'
    '<w:rPr><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr></w:style>',
    "NumberedParagraph": '<w:style w:type="paragraph" w:styleId="NumberedParagraph">'
    '<w:name w:val="Numbered Paragraph"/><w:basedOn w:val="Normal"/>'
    '<w:pPr><w:tabs><w:tab w:val="left" w:pos="484"/></w:tabs><w:ind w:left="484" w:hanging="484"/></w:pPr>'
    "</w:style>",
    "FootnoteReference": '<w:style w:type="character" w:styleId="FootnoteReference">'
    '<w:name w:val="footnote reference"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
    '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>',
    "Hyperlink": '<w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/>'
    '<w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
    '<w:rPr><w:color w:val="0563C1"/><w:u w:val="single"/></w:rPr></w:style>',
}
"""Styles the renderer refers to, added to a user's template that lacks them."""

_SETTINGS_AFTER_FOOTNOTE_PR = frozenset(
    {
        "endnotePr",
        "compat",
        "docVars",
        "rsids",
        "mathPr",
        "attachedSchema",
        "themeFontLang",
        "clrSchemeMapping",
        "doNotIncludeSubdocsInStats",
        "doNotAutoCompressPictures",
        "forceUpgrade",
        "captions",
        "readModeInkLockDown",
        "smartTagType",
        "schemaLibrary",
        "shapeDefaults",
        "doNotEmbedSmartTags",
        "decimalSymbol",
        "listSeparator",
    }
)
"""Elements that follow ``w:footnotePr`` in ``w:settings`` (the schema fixes the order)."""


@dataclass(frozen=True)
class Numbering:
    """Where to add list instances so that each numbered list after the first restarts at 1."""

    part: str
    abstract_id: str
    first_free_id: int


@dataclass(frozen=True)
class Template:
    """A template loaded once: static parts as bytes, templated parts compiled."""

    path: Path
    parts: Mapping[str, bytes]
    main_part: str
    main: jinja2.Template
    templated: Mapping[str, jinja2.Template]
    main_rels: str
    footnotes_part: str
    core_part: str
    styles_part: str | None
    numbering: Numbering | None
    docxtpl: Any = field(repr=False)
    body: Template | None = None
    """For a template that places no body (a Word letterhead of the user's own, with no tags or no
    ``sections`` loop): the project's template of the same kind, whose body (without its own
    letterhead) is filled and appended after the user's content."""


def _environment(path: Path) -> jinja2.Environment:
    """Autoescaping, strict about undefined names, sandboxed unless the template is the project's."""
    options: dict[str, Any] = {"autoescape": True, "undefined": jinja2.StrictUndefined}
    project = project_templates_dir().resolve()
    own = path.resolve().parent == project
    return jinja_environment(own, **options)


def load_template(path: Path) -> Template:
    """The cached template for ``path``; reloaded when the file changes."""
    try:
        stat = path.stat()
    except OSError as exc:
        raise template_error(path, f"cannot read the template: {exc.strerror}") from exc
    return _load_template(Path(os.path.abspath(path)), stat.st_mtime_ns, stat.st_size)


_UNUSABLE = (OSError, KeyError, ValueError, zipfile.BadZipFile, etree.XMLSyntaxError, PackageNotFoundError)
"""What reading a broken or foreign file as a Word template can raise."""


@functools.lru_cache(maxsize=16)
def _load_template(path: Path, mtime_ns: int, size: int) -> Template:
    try:
        return _read_template(path)
    except _UNUSABLE as exc:
        raise template_error(path, f"not a usable Word template: {exc}") from exc


def _read_template(path: Path) -> Template:
    """Read the package, complete what footnotes need, and compile the templated parts."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist() if not name.endswith("/")}
    tpl = DocxTemplate(str(path))
    tpl.init_docx()
    env = _environment(path)
    main = tpl.docx.part
    main_part = zip_name(main.partname)
    templated = _compile_headers_footers(tpl, parts, env, path)
    footnotes_part = _ensure_footnotes_rel(main, parts)
    core_part = _ensure_core_rel(parts)
    _ensure_content_types(parts, footnotes=footnotes_part, core=core_part)
    styles_part = _related_part(main, "styles")
    if styles_part and styles_part in parts:
        parts[styles_part] = _ensure_styles(parts[styles_part])
    settings_part = _related_part(main, "settings")
    if settings_part and settings_part in parts:
        parts[settings_part] = _ensure_footnote_pr(parts[settings_part])
    source = _source(tpl, parts[main_part], path)
    main_template = _compile(source, env, path)
    body = None
    # No tag uses ``sections``: a letterhead of the user's own; the project's body goes after it.
    if "sections" not in jinja2.meta.find_undeclared_variables(env.parse(source)):
        body = _project_body(path)
        if styles_part and styles_part in parts:
            parts[styles_part] = with_styles_of(parts[styles_part], body)
    return Template(
        path=path,
        parts=parts,
        main_part=main_part,
        main=main_template,
        body=body,
        templated=templated,
        main_rels=rels_name(main_part),
        footnotes_part=footnotes_part,
        core_part=core_part,
        styles_part=styles_part if styles_part in parts else None,
        numbering=_numbering(parts, styles_part, _related_part(main, "numbering")),
        docxtpl=tpl,
    )


def _project_body(path: Path) -> Template:
    """The project's template of the kind ``path`` is for (``letter.docx`` or ``briefing.docx``)."""
    return load_template(project_templates_dir() / path.name)


def with_styles_of(styles_xml: bytes, other: Template) -> bytes:
    """``styles_xml`` with every paragraph and character style of ``other``'s that it lacks, without
    fonts or list numbering (so that they take the template's own faces and refer to no list the
    template does not define)."""
    if not other.styles_part:
        return styles_xml
    root = parse_xml(styles_xml)
    have = {style.get(w("styleId")) for style in root.iter(w("style"))}
    for style in parse_xml(other.parts[other.styles_part]).iter(w("style")):
        if style.get(w("styleId")) in have or style.get(w("type")) not in ("paragraph", "character"):
            continue
        for unwanted in style.xpath(".//w:rFonts | .//w:numPr", namespaces={"w": W}):
            unwanted.getparent().remove(unwanted)
        root.append(style)
    return serialize(root)


def zip_name(partname: str) -> str:
    """A part's name inside the zip (no leading slash)."""
    return str(partname).lstrip("/")


def rels_name(part: str) -> str:
    """The relationships part of ``part``."""
    path = PurePosixPath(part)
    return str(path.parent / "_rels" / f"{path.name}.rels")


def _related_part(main: Any, kind: str) -> str | None:
    for rel in main.rels.values():
        if not rel.is_external and rel.reltype == f"{R}/{kind}":
            return zip_name(rel.target_part.partname)
    return None


def _source(tpl: Any, xml: bytes, path: Path) -> str:
    """A part's XML made Jinja-ready by docxtpl's ``patch_xml``."""
    root = parse_template_xml(xml, path)
    source = str(tpl.patch_xml(etree.tostring(root, encoding="unicode")))
    # docxtpl's escapes for literal braces, turned into Jinja so that data is never rewritten
    for escaped, literal in (("{_{", "{{"), ("}_}", "}}"), ("{_%", "{%"), ("%_}", "%}")):
        source = source.replace(escaped, f"{{{{ '{literal}' }}}}")
    return source


def _compile(source: str, env: jinja2.Environment, path: Path) -> jinja2.Template:
    try:
        return env.from_string(source)
    except jinja2.TemplateSyntaxError as exc:
        raise template_error(path, f"template error: {exc.message}") from exc


def _compile_headers_footers(
    tpl: Any, parts: dict[str, bytes], env: jinja2.Environment, path: Path
) -> dict[str, jinja2.Template]:
    """Headers and footers holding Jinja tags (the others are copied as they are)."""
    compiled = {}
    for uri in (tpl.HEADER_URI, tpl.FOOTER_URI):
        for _rel_id, part in tpl.get_headers_footers(uri):
            name = zip_name(part.partname)
            if name in parts and re.search(rb"\{[{%#]", parts[name]):
                compiled[name] = _compile(_source(tpl, parts[name], path), env, path)
    return compiled


def _add_relationship(rels_xml: bytes, rel_type: str, target: str) -> bytes:
    """``rels_xml`` with a new relationship (under the first free ``rIdN``)."""
    root = parse_xml(rels_xml)
    taken = {rel.get("Id") for rel in root}
    number = len(taken) + 1
    while f"rId{number}" in taken:
        number += 1
    rel_id = f"rId{number}"
    etree.SubElement(root, f"{{{PKG_RELS}}}Relationship", Id=rel_id, Type=rel_type, Target=target)
    return serialize(root)


def _ensure_footnotes_rel(main: Any, parts: dict[str, bytes]) -> str:
    """The footnotes part name, adding the relationship from the main document when missing."""
    existing = _related_part(main, "footnotes")
    if existing:
        return existing
    main_part = zip_name(main.partname)
    rels = rels_name(main_part)
    parts[rels] = _add_relationship(parts[rels], REL_FOOTNOTES, "footnotes.xml")
    return str(PurePosixPath(main_part).parent / "footnotes.xml")


def _ensure_core_rel(parts: dict[str, bytes]) -> str:
    """The core-properties part name, adding the package relationship when missing."""
    root = parse_xml(parts["_rels/.rels"])
    for rel in root:
        if rel.get("Type") == REL_CORE:
            return str(rel.get("Target")).lstrip("/")
    parts["_rels/.rels"] = _add_relationship(parts["_rels/.rels"], REL_CORE, "docProps/core.xml")
    return "docProps/core.xml"


def _ensure_content_types(parts: dict[str, bytes], *, footnotes: str, core: str) -> None:
    root = parse_xml(parts["[Content_Types].xml"])
    present = {str(o.get("PartName")) for o in root.iter(f"{{{TYPES}}}Override")}
    for content_type, part in ((CT_FOOTNOTES, footnotes), (CT_CORE, core)):
        if f"/{part}" not in present:
            etree.SubElement(root, f"{{{TYPES}}}Override", PartName=f"/{part}", ContentType=content_type)
    parts["[Content_Types].xml"] = serialize(root)


def _ensure_styles(styles_xml: bytes) -> bytes:
    root = parse_xml(styles_xml)
    have = {style.get(w("styleId")) for style in root.iter(w("style"))}
    missing = [xml for style_id, xml in DEFAULT_STYLES.items() if style_id not in have]
    if not missing:
        return styles_xml
    for xml in missing:
        root.append(parse_xml(f'<w:styles xmlns:w="{W}">{xml}</w:styles>'.encode())[0])
    return serialize(root)


def _ensure_footnote_pr(settings_xml: bytes) -> bytes:
    """``w:footnotePr`` naming the separators -1 and 0 (Word writes it; Word and LibreOffice read it)."""
    root = parse_xml(settings_xml)
    pr = root.find(w("footnotePr"))
    if pr is None:
        pr = etree.Element(w("footnotePr"))
        later = [child for child in root if etree.QName(child).localname in _SETTINGS_AFTER_FOOTNOTE_PR]
        if later:
            later[0].addprevious(pr)
        else:
            root.append(pr)
    for old in pr.findall(w("footnote")):
        pr.remove(old)
    for note_id in ("-1", "0"):
        etree.SubElement(pr, w("footnote"), {w("id"): note_id})
    return serialize(root)


def _numbering(parts: Mapping[str, bytes], styles: str | None, numbering: str | None) -> Numbering | None:
    """The list definition behind the ``ListNumber`` style, if the template has one."""
    if not styles or not numbering or styles not in parts or numbering not in parts:
        return None
    style_root = parse_xml(parts[styles])
    num_ids = style_root.xpath(
        "w:style[@w:styleId='ListNumber']/w:pPr/w:numPr/w:numId/@w:val", namespaces={"w": W}
    )
    numbering_root = parse_xml(parts[numbering])
    nums = {str(n.get(w("numId"))): n for n in numbering_root.iter(w("num"))}
    if not num_ids or str(num_ids[0]) not in nums:
        return None
    abstract = nums[str(num_ids[0])].find(w("abstractNumId"))
    if abstract is None:
        return None
    first_free = max(int(n) for n in nums if n.isdigit()) + 1
    return Numbering(numbering, str(abstract.get(W_VAL)), max(first_free, 1000))
