"""The cited Document as a Word file with real footnotes, from a docxtpl template.

In: a cited ``Document`` (every citation already a ``NoteRef``; ``notes`` numbered from 1) and the
template folders (``templates.search_path``). Out: the bytes of a ``.docx`` package.

The template is ``<kind>.docx`` (``letter.docx`` or ``briefing.docx``), first found in the folders.
It is loaded once per process and file version (path, mtime, size): its parts are kept as bytes and
its main document, headers and footers are patched the docxtpl way (``{%p ... %}``, ``{{p x }}``,
``{{r x }}``) and compiled to Jinja templates. Each render then

1. fills those templates, writing each ``NoteRef`` as the marker ``U+E000`` number ``U+E001``;
2. splits every run holding a marker and puts a real ``w:footnoteReference`` run (character style
   ``FootnoteReference``, ``w:id`` = the note's number) at that point, keeping the run's formatting;
3. writes ``word/footnotes.xml`` (separators ``-1`` and ``0``, as Word writes them, then one
   ``w:footnote`` per ``Note``), its relationship, content type and ``w:footnotePr``, the document
   properties and the hyperlink relationships, and zips the package in a fixed order.

The file's note numbers are the ``Note.number`` values the PDF prints: the calls must come in the
text in that order, each once, or the render fails with an ``AdvocateError`` (as do template errors).
All text is inserted literally (escaped), never as markup.

Template context: ``title``, ``subtitle``, ``date`` (``20 April 2021``), ``date_iso``, ``lang``,
``kind``, ``audience``, ``salutation``, ``closing`` (empty strings when absent), ``keywords``,
``sender`` and ``recipient`` (``name``, ``role``, ``organisation``, ``address``, ``email`` and the
line lists ``lines``, ``letterhead``, ``signature``), ``sections`` (``key``, ``heading``,
``paragraphs``; a list of sources is a section like any other) and ``document`` (the
``Document``). A paragraph has ``xml`` (the whole ``w:p``: write ``{{p para }}``), ``runs``
(``{{r para.runs }}``), ``text`` (plain text with note markers: ``{{ para.text }}``) and ``style``
(the Document's style). The project's Jinja filters are available; templates outside the project
folder run sandboxed.

Reproducible: with ``SOURCE_DATE_EPOCH`` set, the document properties and every zip entry carry that
time, otherwise the document's date; the same Document always gives the same bytes.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import os
import re
import struct
import zipfile
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import jinja2
from docx.opc.exceptions import PackageNotFoundError
from docxtpl import DocxTemplate
from lxml import etree  # type: ignore[import-untyped]
from markupsafe import Markup

from advocate.document import BulletList, Document, Inline, Note, NoteRef, Paragraph, Party, Text
from advocate.errors import AdvocateError, Location, Problem
from advocate.render.limits import render_limited
from advocate.render.templates import (
    address_lines,
    find_template,
    jinja_environment,
    longdate,
    project_templates_dir,
)
from advocate.schema import control_character_problem

# --- OOXML names ----------------------------------------------------------------------------------

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
_REL_FOOTNOTES = f"{_R}/footnotes"
_REL_HYPERLINK = f"{_R}/hyperlink"
_REL_CORE = f"{_PKG_RELS}/metadata/core-properties"
_CT_FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
_CT_CORE = "application/vnd.openxmlformats-package.core-properties+xml"


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


_W_R, _W_T, _W_RPR, _W_VAL = _w("r"), _w("t"), _w("rPr"), _w("val")
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

# --- Notes, styles, links -------------------------------------------------------------------------

_OPEN, _CLOSE = "\ue000", "\ue001"
_MARKER = re.compile(f"{_OPEN}(\\d+){_CLOSE}")
_LINK_SCHEMES = ("http://", "https://", "mailto:")
"""Only these addresses become links (as in the HTML renderer); anything else stays plain text."""

_BLOCK_STYLES = {
    "lead": "Lead",
    "subheading": "Heading2",
    "quote": "Quote",
    "question": "Question",
    "ask": "Ask",
    "small": "Small",
}
"""Word paragraph style ids for the Document's paragraph styles (``body`` is Normal)."""
_REF_RPR = '<w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>'
_NOTE_SEPARATOR_RUN = f"<w:r>{_REF_RPR}<w:t>,</w:t></w:r>"
"""Between two consecutive calls, as the PDF prints them (``3,4``)."""

_XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_SEPARATOR_PPR = '<w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
_FOOTNOTES_OPEN = (
    f'<w:footnotes xmlns:w="{_W}" xmlns:r="{_R}">'
    f'<w:footnote w:type="separator" w:id="-1"><w:p>{_SEPARATOR_PPR}<w:r><w:separator/></w:r></w:p>'
    "</w:footnote>"
    f'<w:footnote w:type="continuationSeparator" w:id="0"><w:p>{_SEPARATOR_PPR}'
    "<w:r><w:continuationSeparator/></w:r></w:p></w:footnote>"
)
"""Word's convention: separators are ids -1 and 0, real notes start at 1 (LibreOffice and pandoc agree)."""

_DEFAULT_STYLES = {
    "FootnoteText": '<w:style w:type="paragraph" w:styleId="FootnoteText"><w:name w:val="footnote text"/>'
    '<w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
    '<w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
    '<w:rPr><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr></w:style>',
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


# --- The loaded template --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Numbering:
    """Where to add list instances so that each numbered list after the first restarts at 1."""

    part: str
    abstract_id: str
    first_free_id: int


@dataclass(frozen=True)
class _Template:
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
    numbering: _Numbering | None
    docxtpl: Any = field(repr=False)


def _error(path: Path, message: str) -> AdvocateError:
    return AdvocateError([Problem(Location(str(path)), message)])


def _environment(path: Path) -> jinja2.Environment:
    """Autoescaping, strict about undefined names, sandboxed unless the template is the project's."""
    options: dict[str, Any] = {"autoescape": True, "undefined": jinja2.StrictUndefined}
    project = project_templates_dir().resolve()
    own = path.resolve().parent == project
    return jinja_environment(own, **options)


def _template(path: Path) -> _Template:
    """The cached template for ``path``; reloaded when the file changes."""
    try:
        stat = path.stat()
    except OSError as exc:
        raise _error(path, f"cannot read the template: {exc.strerror}") from exc
    return _load_template(Path(os.path.abspath(path)), stat.st_mtime_ns, stat.st_size)


_UNUSABLE = (OSError, KeyError, ValueError, zipfile.BadZipFile, etree.XMLSyntaxError, PackageNotFoundError)
"""What reading a broken or foreign file as a Word template can raise."""


@functools.lru_cache(maxsize=16)
def _load_template(path: Path, mtime_ns: int, size: int) -> _Template:
    try:
        return _read_template(path)
    except _UNUSABLE as exc:
        raise _error(path, f"not a usable Word template: {exc}") from exc


def _read_template(path: Path) -> _Template:
    """Read the package, complete what footnotes need, and compile the templated parts."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist() if not name.endswith("/")}
    tpl = DocxTemplate(str(path))
    tpl.init_docx()
    env = _environment(path)
    main = tpl.docx.part
    main_part = _zip_name(main.partname)
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
    return _Template(
        path=path,
        parts=parts,
        main_part=main_part,
        main=_compile(tpl, parts[main_part], env, path),
        templated=templated,
        main_rels=_rels_name(main_part),
        footnotes_part=footnotes_part,
        core_part=core_part,
        styles_part=styles_part if styles_part in parts else None,
        numbering=_numbering(parts, styles_part, _related_part(main, "numbering")),
        docxtpl=tpl,
    )


def _zip_name(partname: str) -> str:
    return str(partname).lstrip("/")


def _rels_name(part: str) -> str:
    path = PurePosixPath(part)
    return str(path.parent / "_rels" / f"{path.name}.rels")


def _related_part(main: Any, kind: str) -> str | None:
    for rel in main.rels.values():
        if not rel.is_external and rel.reltype == f"{_R}/{kind}":
            return _zip_name(rel.target_part.partname)
    return None


def _compile(tpl: Any, xml: bytes, env: jinja2.Environment, path: Path) -> jinja2.Template:
    """A part's XML made Jinja-ready by docxtpl's ``patch_xml`` and compiled."""
    root = _parse(xml, path)
    source = tpl.patch_xml(etree.tostring(root, encoding="unicode"))
    # docxtpl's escapes for literal braces, turned into Jinja so that data is never rewritten
    for escaped, literal in (("{_{", "{{"), ("}_}", "}}"), ("{_%", "{%"), ("%_}", "%}")):
        source = source.replace(escaped, f"{{{{ '{literal}' }}}}")
    try:
        return env.from_string(source)
    except jinja2.TemplateSyntaxError as exc:
        raise _error(path, f"template error: {exc.message}") from exc


def _compile_headers_footers(
    tpl: Any, parts: dict[str, bytes], env: jinja2.Environment, path: Path
) -> dict[str, jinja2.Template]:
    """Headers and footers holding Jinja tags (the others are copied as they are)."""
    compiled = {}
    for uri in (tpl.HEADER_URI, tpl.FOOTER_URI):
        for _rel_id, part in tpl.get_headers_footers(uri):
            name = _zip_name(part.partname)
            if name in parts and re.search(rb"\{[{%#]", parts[name]):
                compiled[name] = _compile(tpl, parts[name], env, path)
    return compiled


def _xml(data: bytes) -> Any:
    """Parsed XML; entities are not expanded and nothing is fetched (templates may be anyone's)."""
    return etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))


def _parse(xml: bytes, path: Path) -> Any:
    try:
        return _xml(xml)
    except etree.XMLSyntaxError as exc:
        raise _error(path, f"the template produced invalid Word XML: {exc}") from exc


def _add_relationship(rels_xml: bytes, rel_type: str, target: str) -> bytes:
    """``rels_xml`` with a new relationship (under the first free ``rIdN``)."""
    root = _xml(rels_xml)
    taken = {rel.get("Id") for rel in root}
    number = len(taken) + 1
    while f"rId{number}" in taken:
        number += 1
    rel_id = f"rId{number}"
    etree.SubElement(root, f"{{{_PKG_RELS}}}Relationship", Id=rel_id, Type=rel_type, Target=target)
    return _serialize(root)


def _ensure_footnotes_rel(main: Any, parts: dict[str, bytes]) -> str:
    """The footnotes part name, adding the relationship from the main document when missing."""
    existing = _related_part(main, "footnotes")
    if existing:
        return existing
    main_part = _zip_name(main.partname)
    rels = _rels_name(main_part)
    parts[rels] = _add_relationship(parts[rels], _REL_FOOTNOTES, "footnotes.xml")
    return str(PurePosixPath(main_part).parent / "footnotes.xml")


def _ensure_core_rel(parts: dict[str, bytes]) -> str:
    """The core-properties part name, adding the package relationship when missing."""
    root = _xml(parts["_rels/.rels"])
    for rel in root:
        if rel.get("Type") == _REL_CORE:
            return str(rel.get("Target")).lstrip("/")
    parts["_rels/.rels"] = _add_relationship(parts["_rels/.rels"], _REL_CORE, "docProps/core.xml")
    return "docProps/core.xml"


def _ensure_content_types(parts: dict[str, bytes], *, footnotes: str, core: str) -> None:
    root = _xml(parts["[Content_Types].xml"])
    present = {str(o.get("PartName")) for o in root.iter(f"{{{_TYPES}}}Override")}
    for content_type, part in ((_CT_FOOTNOTES, footnotes), (_CT_CORE, core)):
        if f"/{part}" not in present:
            etree.SubElement(root, f"{{{_TYPES}}}Override", PartName=f"/{part}", ContentType=content_type)
    parts["[Content_Types].xml"] = _serialize(root)


def _ensure_styles(styles_xml: bytes) -> bytes:
    root = _xml(styles_xml)
    have = {style.get(_w("styleId")) for style in root.iter(_w("style"))}
    missing = [xml for style_id, xml in _DEFAULT_STYLES.items() if style_id not in have]
    if not missing:
        return styles_xml
    for xml in missing:
        root.append(_xml(f'<w:styles xmlns:w="{_W}">{xml}</w:styles>'.encode())[0])
    return _serialize(root)


def _ensure_footnote_pr(settings_xml: bytes) -> bytes:
    """``w:footnotePr`` naming the separators -1 and 0 (Word writes it; Word and LibreOffice read it)."""
    root = _xml(settings_xml)
    pr = root.find(_w("footnotePr"))
    if pr is None:
        pr = etree.Element(_w("footnotePr"))
        later = [child for child in root if etree.QName(child).localname in _SETTINGS_AFTER_FOOTNOTE_PR]
        if later:
            later[0].addprevious(pr)
        else:
            root.append(pr)
    for old in pr.findall(_w("footnote")):
        pr.remove(old)
    for note_id in ("-1", "0"):
        etree.SubElement(pr, _w("footnote"), {_w("id"): note_id})
    return _serialize(root)


def _numbering(parts: Mapping[str, bytes], styles: str | None, numbering: str | None) -> _Numbering | None:
    """The list definition behind the ``ListNumber`` style, if the template has one."""
    if not styles or not numbering or styles not in parts or numbering not in parts:
        return None
    style_root = _xml(parts[styles])
    num_ids = style_root.xpath(
        "w:style[@w:styleId='ListNumber']/w:pPr/w:numPr/w:numId/@w:val", namespaces={"w": _W}
    )
    numbering_root = _xml(parts[numbering])
    nums = {str(n.get(_w("numId"))): n for n in numbering_root.iter(_w("num"))}
    if not num_ids or str(num_ids[0]) not in nums:
        return None
    abstract = nums[str(num_ids[0])].find(_w("abstractNumId"))
    if abstract is None:
        return None
    first_free = max(int(n) for n in nums if n.isdigit()) + 1
    return _Numbering(numbering, str(abstract.get(_W_VAL)), max(first_free, 1000))


def _serialize(root: Any) -> bytes:
    xml: bytes = etree.tostring(root, encoding="UTF-8", xml_declaration=False)
    return _XML_DECLARATION + xml


# --- Run and paragraph XML ------------------------------------------------------------------------


def _clean(text: str) -> str:
    """``text``, checked: characters XML cannot carry (control characters, lone surrogates) and the
    note markers are refused, never silently dropped. Loading refuses them first, naming the field;
    this guards documents made by other callers."""
    if _OPEN in text or _CLOSE in text:
        raise AdvocateError("text contains U+E000 or U+E001, which the DOCX renderer reserves for notes")
    problem = control_character_problem(text)
    if problem:
        raise AdvocateError(f"cannot put {text[:60]!r} in a Word document: {problem}")
    return text


def _t(text: str) -> str:
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f"<w:t{space}>{escape(text)}</w:t>"


def _run_content(text: str) -> str:
    """Text as ``w:t``, with line breaks and tabs as Word elements."""
    out = []
    for i, line in enumerate(_clean(text).split("\n")):
        if i:
            out.append("<w:br/>")
        for j, chunk in enumerate(line.split("\t")):
            if j:
                out.append("<w:tab/>")
            if chunk:
                out.append(_t(chunk))
    return "".join(out)


class _Links:
    """The hyperlink relationships of one part, in order of first use."""

    def __init__(self) -> None:
        self.ids: dict[str, str] = {}

    def rel_id(self, url: str) -> str:
        return self.ids.setdefault(url, f"rIdLink{len(self.ids) + 1}")

    def relationships(self) -> str:
        return "".join(
            f'<Relationship Id="{rel_id}" Type="{_REL_HYPERLINK}" Target={quoteattr(url)} '
            'TargetMode="External"/>'
            for url, rel_id in self.ids.items()
        )


def _text_run(run: Text, links: _Links) -> str:
    link = run.url if run.url and run.url.lower().startswith(_LINK_SCHEMES) else None
    props = '<w:rStyle w:val="Hyperlink"/>' if link else ""
    props += "<w:b/><w:bCs/>" if run.bold else ""
    props += "<w:i/><w:iCs/>" if run.italic else ""
    props += "<w:smallCaps/>" if run.small_caps else ""
    props += f'<w:vertAlign w:val="{run.vertical}script"/>' if run.vertical else ""
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    xml = f"<w:r>{rpr}{_run_content(run.text)}</w:r>"
    if link:
        return f'<w:hyperlink r:id="{links.rel_id(_clean(link))}" w:history="1">{xml}</w:hyperlink>'
    return xml


def _marker(number: int) -> str:
    return f"{_OPEN}{number}{_CLOSE}"


def _runs_xml(runs: Iterable[Inline], links: _Links) -> str:
    out = []
    previous_call = False
    for run in runs:
        if isinstance(run, NoteRef):
            out.append(_NOTE_SEPARATOR_RUN if previous_call else "")
            out.append(f"<w:r><w:t>{_marker(run.number)}</w:t></w:r>")
        elif isinstance(run, Text):
            out.append(_text_run(run, links))
        else:
            raise AdvocateError("the document still has an uncited Citation; run the cite stage first")
        previous_call = isinstance(run, NoteRef)
    return "".join(out)


def _plain_text(runs: Iterable[Inline]) -> str:
    return "".join(
        _marker(r.number) if isinstance(r, NoteRef) else _clean(r.text)
        for r in runs
        if isinstance(r, NoteRef | Text)
    )


def _paragraph_xml(style_id: str | None, num_id: int | None, runs: str) -> str:
    ppr = f'<w:pStyle w:val="{style_id}"/>' if style_id else ""
    if num_id is not None:
        ppr += f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'
    return f"<w:p><w:pPr>{ppr}</w:pPr>{runs}</w:p>" if ppr else f"<w:p>{runs}</w:p>"


# --- The template context -------------------------------------------------------------------------


@dataclass(frozen=True)
class _ParagraphView:
    """A paragraph as templates see it."""

    style: str
    runs: Markup
    text: str
    xml: Markup

    def __html__(self) -> str:
        return str(self.xml)


@dataclass(frozen=True)
class _SectionView:
    key: str
    heading: str
    paragraphs: tuple[_ParagraphView, ...]


@dataclass(frozen=True)
class _PartyView:
    name: str
    role: str
    organisation: str
    address: tuple[str, ...]
    email: str
    lines: tuple[str, ...]
    """Name, role, organisation, postal address: the address block."""
    letterhead: tuple[str, ...]
    """Organisation (or name), postal address, email."""
    signature: tuple[str, ...]
    """Name, role, organisation."""


def _party(party: Party) -> _PartyView:
    head = party.organisation or party.name
    signature = (party.name, *(x for x in (party.role, party.organisation) if x))
    return _PartyView(
        name=_clean(party.name),
        role=_clean(party.role or ""),
        organisation=_clean(party.organisation or ""),
        address=tuple(_clean(x) for x in party.address),
        email=_clean(party.email or ""),
        lines=tuple(_clean(x) for x in address_lines(party)),
        letterhead=tuple(_clean(x) for x in (head, *party.address, party.email or "") if x),
        signature=tuple(_clean(x) for x in signature),
    )


@dataclass
class _Builder:
    """Turns blocks into paragraph views, collecting hyperlinks and list restarts on the way."""

    numbering: _Numbering | None
    links: _Links = field(default_factory=_Links)
    numbered_lists: int = 0
    restarts: list[int] = field(default_factory=list)

    def paragraph(self, para: Paragraph, style_id: str | None, num_id: int | None = None) -> _ParagraphView:
        runs = _runs_xml(para.runs, self.links)
        if para.number is not None:
            runs = f"{_text_run(Text(f'{para.number}.'), self.links)}<w:r><w:tab/></w:r>{runs}"
        xml = _paragraph_xml(style_id, num_id, runs)
        return _ParagraphView(para.style, Markup(runs), _plain_text(para.runs), Markup(xml))

    def blocks(self, blocks: Iterable[Paragraph | BulletList]) -> tuple[_ParagraphView, ...]:
        out: list[_ParagraphView] = []
        for block in blocks:
            if isinstance(block, BulletList):
                out.extend(self.list_items(block))
            else:
                out.append(self.paragraph(block, _BLOCK_STYLES.get(block.style)))
        return tuple(out)

    def list_items(self, block: BulletList) -> list[_ParagraphView]:
        default = "ListNumber" if block.numbered else "ListBullet"
        num_id = self.restart() if block.numbered else None
        items = []
        for item in block.items:
            style_id = _BLOCK_STYLES[item.style] if item.style in ("ask", "question") else default
            items.append(self.paragraph(item, style_id, num_id))
        return items

    def restart(self) -> int | None:
        """A list instance starting at 1, for every numbered list after the first."""
        self.numbered_lists += 1
        if self.numbered_lists == 1 or self.numbering is None:
            return None
        num_id = self.numbering.first_free_id + len(self.restarts)
        self.restarts.append(num_id)
        return num_id


def _context(doc: Document, builder: _Builder) -> dict[str, Any]:
    sections = tuple(
        _SectionView(s.key, _clean(s.heading or ""), builder.blocks(s.blocks)) for s in doc.sections
    )
    return {
        "document": doc,
        "kind": doc.kind,
        "audience": doc.audience,
        "title": _clean(doc.title),
        "subtitle": _clean(doc.subtitle or ""),
        "date": longdate(doc.date),
        "date_iso": doc.date.isoformat(),
        "lang": doc.lang,
        "sender": _party(doc.sender),
        "recipient": _party(doc.recipient),
        "salutation": _clean(doc.salutation or ""),
        "closing": _clean(doc.closing or ""),
        "keywords": tuple(_clean(k) for k in doc.keywords),
        "sections": sections,
    }


# --- Footnotes ------------------------------------------------------------------------------------


def _ref_run(number: int) -> Any:
    run = etree.Element(_W_R)
    rpr = etree.SubElement(run, _W_RPR)
    etree.SubElement(rpr, _w("rStyle"), {_W_VAL: "FootnoteReference"})
    etree.SubElement(run, _w("footnoteReference"), {_w("id"): str(number)})
    return run


def _set_text(t: Any, text: str) -> None:
    t.text = text
    if text != text.strip():
        t.set(_XML_SPACE, "preserve")


def _split_run(t: Any) -> list[int]:
    """Replace each marker in ``t`` by a footnote reference run; the run's text around it is kept
    in runs with the same properties. Returns the note numbers in order."""
    run = t.getparent()
    if run is None or run.tag != _W_R:
        raise AdvocateError("a note call sits outside a text run in the DOCX template")
    pieces = _MARKER.split(t.text)
    if any(_OPEN in p or _CLOSE in p for p in pieces[::2]):
        raise AdvocateError("a note call in the DOCX template was broken apart")
    rpr = run.find(_W_RPR)
    after = list(t.itersiblings())
    anchor = run
    numbers = []
    for i in range(1, len(pieces), 2):
        numbers.append(int(pieces[i]))
        ref = _ref_run(numbers[-1])
        anchor.addnext(ref)
        anchor = ref
        rest, last = pieces[i + 1], i + 2 == len(pieces)
        if rest or (last and after):
            tail = etree.Element(_W_R, dict(run.attrib))
            if rpr is not None:
                tail.append(copy.deepcopy(rpr))
            if rest:
                _set_text(etree.SubElement(tail, _W_T), rest)
            tail.extend(after if last else ())
            anchor.addnext(tail)
            anchor = tail
    _set_text(t, pieces[0])
    if not pieces[0]:
        _drop_if_empty(t)
    return numbers


def _place_notes(root: Any) -> list[int]:
    """Turn every marker in the tree into a footnote reference; the note numbers in reading order.

    Runs left empty by docxtpl's ``{{r ...}}`` are dropped on the way."""
    found: list[int] = []
    for t in list(root.iter(_W_T)):
        if t.text and _OPEN in t.text:
            found.extend(_split_run(t))
        elif not t.text:
            _drop_if_empty(t)
    return found


def _drop_if_empty(t: Any) -> None:
    """Remove an empty ``w:t``, and its run when nothing else is left in it."""
    run = t.getparent()
    run.remove(t)
    if run.tag == _W_R and all(child.tag == _W_RPR for child in run):
        run.getparent().remove(run)


def _check_calls(found: Sequence[int], notes: Sequence[Note]) -> None:
    expected = [note.number for note in notes]
    if expected != list(range(1, len(expected) + 1)):
        raise AdvocateError(f"the document's notes must be numbered 1 to {len(expected)} in order")
    if list(found) == expected:
        return
    missing = sorted(set(expected) - set(found))
    unknown = sorted(set(found) - set(expected))
    repeated = sorted({n for n in found if found.count(n) > 1})
    if missing or unknown or repeated:
        detail = f"missing {missing}, unknown {unknown}, repeated {repeated}"
    else:
        detail = f"found in the order {list(found)}"
    raise AdvocateError(f"the DOCX template must call each note once, in order ({detail})")


def _footnote(note: Note, links: _Links) -> str:
    runs = "".join(_text_run(run, links) for run in note.runs)
    return (
        f'<w:footnote w:id="{note.number}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
        f'<w:r>{_REF_RPR}<w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> </w:t></w:r>{runs}</w:p>'
        "</w:footnote>"
    )


def _footnotes_xml(notes: Iterable[Note], links: _Links) -> bytes:
    body = "".join(_footnote(note, links) for note in notes)
    return _XML_DECLARATION + f"{_FOOTNOTES_OPEN}{body}</w:footnotes>".encode()


# --- Package parts --------------------------------------------------------------------------------


def _with_links(rels_xml: bytes, links: _Links) -> bytes:
    """A relationships part with the hyperlinks added."""
    if not links.ids:
        return rels_xml
    end = rels_xml.rindex(b"</Relationships>")
    return rels_xml[:end] + links.relationships().encode() + rels_xml[end:]


def _links_part(links: _Links) -> bytes:
    """A relationships part holding only the hyperlinks."""
    return _with_links(
        _XML_DECLARATION + f'<Relationships xmlns="{_PKG_RELS}"></Relationships>'.encode(), links
    )


def _with_restarts(numbering_xml: bytes, numbering: _Numbering, num_ids: Sequence[int]) -> bytes:
    root = _xml(numbering_xml)
    anchor = list(root.iter(_w("num")))[-1]
    for num_id in num_ids:
        num = etree.Element(_w("num"), {_w("numId"): str(num_id)})
        etree.SubElement(num, _w("abstractNumId"), {_W_VAL: numbering.abstract_id})
        override = etree.SubElement(num, _w("lvlOverride"), {_w("ilvl"): "0"})
        etree.SubElement(override, _w("startOverride"), {_W_VAL: "1"})
        anchor.addnext(num)
        anchor = num
    return _serialize(root)


@functools.lru_cache(maxsize=64)
def _styles_for(styles_xml: bytes, lang: str) -> bytes:
    """The styles part with the document's language as the default (for spelling and hyphenation)."""
    root = _xml(styles_xml)
    rpr = root.find(f"{_w('docDefaults')}/{_w('rPrDefault')}/{_w('rPr')}")
    if rpr is None:
        return styles_xml
    lang_el = rpr.find(_w("lang"))
    if lang_el is None:
        lang_el = etree.SubElement(rpr, _w("lang"))
    if lang_el.get(_W_VAL) == lang:
        return styles_xml
    lang_el.set(_W_VAL, lang)
    return _serialize(root)


def _core_xml(doc: Document, when: dt.datetime) -> bytes:
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
    body = "".join(f"<{tag}>{escape(_clean(value))}</{tag}>" for tag, value in fields)
    dates = "".join(
        f'<dcterms:{tag} xsi:type="dcterms:W3CDTF">{stamp}</dcterms:{tag}>' for tag in ("created", "modified")
    )
    return (
        _XML_DECLARATION
        + (
            "<cp:coreProperties "
            'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"{body}{dates}</cp:coreProperties>"
        ).encode()
    )


def _timestamp(doc: Document) -> dt.datetime:
    """``SOURCE_DATE_EPOCH`` when set, else midnight (UTC) of the document's date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return dt.datetime.combine(doc.date, dt.time(), tzinfo=dt.UTC)
    try:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    except (ValueError, OverflowError, OSError) as exc:
        raise AdvocateError(f"SOURCE_DATE_EPOCH must be a number of seconds, got {epoch!r}") from exc


@dataclass(frozen=True)
class _Deflated:
    """A part compressed for the zip file."""

    crc: int
    size: int
    data: bytes


def _deflate(data: bytes, level: int = 6) -> _Deflated:
    packer = zlib.compressobj(level, zlib.DEFLATED, -15)
    return _Deflated(zlib.crc32(data), len(data), packer.compress(data) + packer.flush())


@functools.lru_cache(maxsize=512)
def _deflate_static(data: bytes) -> _Deflated:
    """Parts that are the same in every render (styles, theme, fonts...) are compressed once."""
    return _deflate(data, 9)


def _dos_date_time(when: dt.datetime) -> tuple[int, int]:
    year = min(max(when.year, 1980), 2107)
    return (
        year - 1980
    ) << 9 | when.month << 5 | when.day, when.hour << 11 | when.minute << 5 | when.second // 2


def _zip(parts: Mapping[str, _Deflated], when: dt.datetime) -> bytes:
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


# --- Rendering ------------------------------------------------------------------------------------


def _fill(template: _Template, name: str, jinja: jinja2.Template, context: Mapping[str, Any]) -> Any:
    """A templated part, filled and parsed."""
    try:
        xml = render_limited(jinja, context)
    except jinja2.TemplateError as exc:
        raise _error(template.path, f"template error in {name}: {exc}") from exc
    if "<w:tbl" in xml:  # docxtpl's repair of tables whose columns came from loops
        return template.docxtpl.fix_tables(xml)
    return _parse(xml.encode("utf-8"), template.path)


def _main_part(template: _Template, doc: Document, context: Mapping[str, Any]) -> bytes:
    root = _fill(template, template.main_part, template.main, context)
    _check_calls(_place_notes(root), doc.notes)
    return _serialize(root)


def _header_footer_parts(template: _Template, context: Mapping[str, Any]) -> dict[str, bytes]:
    out = {}
    for name, jinja in template.templated.items():
        root = _fill(template, name, jinja, context)
        if _place_notes(root):
            raise _error(template.path, f"notes cannot be called from {name}")
        out[name] = _serialize(root)
    return out


def _package(template: _Template, doc: Document) -> dict[str, bytes]:
    """Every part of the output; those unchanged from the template are the template's own objects."""
    builder = _Builder(template.numbering)
    context = _context(doc, builder)
    parts = dict(template.parts)
    parts[template.main_part] = _main_part(template, doc, context)
    parts.update(_header_footer_parts(template, context))
    parts[template.main_rels] = _with_links(parts[template.main_rels], builder.links)
    note_links = _Links()
    parts[template.footnotes_part] = _footnotes_xml(doc.notes, note_links)
    if note_links.ids:
        parts[_rels_name(template.footnotes_part)] = _links_part(note_links)
    if template.styles_part:
        parts[template.styles_part] = _styles_for(parts[template.styles_part], doc.lang)
    if builder.restarts and template.numbering:
        numbering = template.numbering
        parts[numbering.part] = _with_restarts(parts[numbering.part], numbering, builder.restarts)
    return parts


def render_docx(doc: Document, folders: Sequence[Path]) -> bytes:
    """The document as a ``.docx`` file, from ``<kind>.docx`` (first found in ``folders``)."""
    template = _template(find_template(f"{doc.kind}.docx", folders))
    parts = _package(template, doc)
    when = _timestamp(doc)
    parts[template.core_part] = _core_xml(doc, when)
    static = {name for name, data in parts.items() if data is template.parts.get(name)}
    static.add(template.styles_part or "")  # one version per language, cached
    return _zip({n: (_deflate_static if n in static else _deflate)(d) for n, d in parts.items()}, when)
