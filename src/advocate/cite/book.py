"""The form book: every form of every source in one style and language, from one pandoc run.

In: a ``CitationStyle``, the sources (CSL fields by id) and a language. Out: a ``FormBook`` (cached
per style, language and source set): each source's forms by ``FormKey``, with markers where the
pinpoint's label (``pinpoints.label_marker``), its value (``LOCATOR_MARK``) and the number of the
first note citing the source (``NOTE_MARK``) go; the forms of each pinpoint group; the forms of the
sources that may need telling apart, disambiguated; bibliography entries; the locale's terms.

Runs of pandoc: the synthetic document (``synthetic.py``) with the derived style (``derive.py``);
at the same time, for styles that replace a repeated author in the bibliography, one that prints
every entry in full; after them, only when two sources print alike in some position (two works of
one author), the synthetic document for those sources with ``disambiguate="true"`` true.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from advocate.cite.derive import PROBE, YES, derived_style
from advocate.cite.disambiguation import alike
from advocate.cite.forms import Collision, Read, read_forms, unplaced
from advocate.cite.pandoc import Runs, bibliography_entries, finish_pandoc, start_pandoc
from advocate.cite.pinpoints import Locale, Locator, keep_teens, read_pinpoint
from advocate.cite.positions import FormKey, placed
from advocate.cite.sources import csl_items
from advocate.cite.styles import CitationStyle
from advocate.cite.synthetic import (
    LOCATOR,
    Loc,
    Slot,
    Variant,
    exhaustive_slots,
    markdown,
    pinpoint_variants,
    rotation_slots,
    sort_slots,
    spaced,
    variant_locator,
    variant_slots,
)
from advocate.cite.variants import place_variant
from advocate.errors import AdvocateError

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
_TERMS_ITEM: dict[str, object] = {"id": PROBE, "type": "book", "title": "Terms", PROBE: "yes"}
_FIRST_NOTE = 101
"""Fillers before the first citation: note numbers below this often occur in sources' text."""


@dataclass(frozen=True)
class FormBook:
    """Every form of every source in one style, with markers for pinpoint and note number."""

    forms: Mapping[str, Mapping[FormKey, Runs]]
    """source id -> form key -> runs, for no pinpoint and the placeholder page (``FormKey.located``)."""
    bibliography: Mapping[str, Runs]
    """source id -> its full bibliography entry, in the style's bibliography order."""
    substituted: Mapping[str, Runs]
    """source id -> its entry with the author replaced (``——``), for sources whose author repeats
    the entry before; only for styles with ``subsequent-author-substitute``."""
    sort_rank: Mapping[str, int]
    """source id -> rank when the style sorts cites within a note (equal ranks keep their order)."""
    blank: frozenset[tuple[str, FormKey]] = frozenset()
    """(source id, key with ``initial`` and ``final`` false) of forms the style prints as nothing."""
    variants: Mapping[str, Mapping[tuple[FormKey, Variant], Runs]] = field(default_factory=dict)
    """source id -> (key alone in a note, pinpoint group) -> runs, for the other pinpoint groups."""
    locale: Locale = field(default_factory=lambda: Locale({}))
    """The terms, quotes and punctuation rule of the style's locale in the book's language."""
    disambiguated: FormBook | None = None
    """The forms of the sources that print alike somewhere, as the style prints them told apart."""
    _placed: dict[tuple[str, FormKey, Variant], Runs | None] = field(
        default_factory=dict, compare=False, repr=False
    )
    _locators: dict[str, Locator] = field(default_factory=dict, compare=False, repr=False)
    finished: dict[tuple[str, FormKey, Variant | None], Runs] = field(
        default_factory=dict, compare=False, repr=False
    )
    """The cite stage's forms as its style's options leave them, by source, key and variant."""

    def locator(self, pinpoint: str) -> Locator:
        """``pinpoint`` read as a label and a value, in this book's locale."""
        found = self._locators.get(pinpoint)
        if found is None:
            found = self._locators[pinpoint] = read_pinpoint(pinpoint, self.locale.readings)
        return found

    def lookup(self, source: str, key: FormKey, variant: Variant | None = None) -> Runs | None:
        """The form (for a pinpoint of another group than the page's, ``variant``), or None."""
        if variant is None or not key.located:
            return self.forms.get(source, {}).get(key)
        cache_key = (source, key, variant)
        if cache_key not in self._placed:
            self._placed[cache_key] = self._place(source, key, variant)
        return self._placed[cache_key]

    def _place(self, source: str, key: FormKey, variant: Variant) -> Runs | None:
        alone = placed(key, True, True)
        form = self.variants.get(source, {}).get((alone, variant))
        if form is None or key == alone:
            return form
        base_alone, base = self.lookup(source, alone), self.lookup(source, key)
        if base_alone is None or base is None:
            return None
        return place_variant(base_alone, base, form)

    def is_blank(self, source: str, key: FormKey) -> bool:
        """The style prints this cite as nothing (pandoc then drops it, delimiter and all)."""
        return bool(self.blank) and (source, unplaced(key)) in self.blank


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
    book = _build_book(style, lang, items, _numbers(items_json))
    with _BOOKS_LOCK:
        _BOOKS[key] = book
        while len(_BOOKS) > _BOOKS_MAX:
            _BOOKS.popitem(last=False)
    return book


def _numbers(text: str) -> set[int]:
    return {int(digits) for digits in re.findall(r"\d+", text) if len(digits) < 9} | {int(LOCATOR)}


def _build_book(
    style: CitationStyle, lang: str, items: list[dict[str, object]], unwanted: set[int]
) -> FormBook:
    ids = [str(item["id"]) for item in items]
    reserved = {PROBE, *(str(probe["id"]) for probe in _PROBES)}
    for source_id in ids:
        if "}" in source_id or not source_id.strip() or source_id in reserved:
            raise AdvocateError(f"source id {source_id!r} cannot be cited (it must not contain '}}')")
    for _ in range(8):
        try:
            return _run_book(style, lang, items, ids, unwanted)
        except Collision as collision:
            unwanted.add(int(collision.args[0]))
    raise AdvocateError(f"citation style {style.name}: could not find distinctive note numbers")


def _slots(style: CitationStyle, ids: list[str], unwanted: set[int]) -> tuple[list[Slot], dict[Loc, Variant]]:
    exhaustive = style.sorts_cites or style.near_note_distance is not None
    probes = [str(p["id"]) for p in _PROBES[: 2 if style.sorts_cites else 1]]
    fillers = _FIRST_NOTE - 2
    if exhaustive:
        slots = exhaustive_slots(style, ids, probes, fillers)
    else:
        slots = rotation_slots(ids, probes[0], fillers)
    wanted = pinpoint_variants(style)
    slots += variant_slots(ids, wanted, probes[0], style.near_note_distance)
    if style.sorts_cites and ids:
        slots += sort_slots(ids)
    return spaced(slots, unwanted, set(ids)), {variant_locator(v): v for v in wanted}


def _run_book(
    style: CitationStyle, lang: str, items: list[dict[str, object]], ids: list[str], unwanted: set[int]
) -> FormBook:
    probes = [dict(p) for p in _PROBES[: 2 if style.sorts_cites else 1]]
    slots, kinds = _slots(style, ids, unwanted)
    with tempfile.TemporaryDirectory(prefix="advocate-cite-") as tmp:
        folder = Path(tmp)
        csl = derived_style(style, folder / "style.csl")
        refs = _write(
            folder / "refs.json", json.dumps([*items, *probes, _TERMS_ITEM], ensure_ascii=False, default=str)
        )
        document = _write(folder / "forms.md", markdown(slots))
        processes = [start_pandoc(csl, refs, lang, document)]
        if style.substitutes_authors:  # a second run, at the same time: the bibliography in full
            everything = _write(folder / "all.md", "---\nnocite: '@*'\n...\n\nx\n")
            full_csl = derived_style(style, folder / "full.csl", substitute=False)
            processes.append(start_pandoc(full_csl, refs, lang, everything))
        asts = [finish_pandoc(process, style.name) for process in processes]
        real = set(ids)
        read = read_forms(asts[0], slots, style, real, kinds)
        alike_ids = sorted(alike(read.forms, read.locale)) if style.disambiguates else []
        told_apart = None
        if alike_ids:
            told_apart = _disambiguated_book(style, lang, folder, csl, items, alike_ids, unwanted)
    entries = bibliography_entries(asts[0], real)
    full = bibliography_entries(asts[1], real) if len(asts) > 1 else entries
    substituted = {i: runs for i, runs in entries.items() if full.get(i, runs) != runs}
    ordered = {i: full.get(i, runs) for i, runs in entries.items()}
    return _book(read, ordered, substituted, told_apart, style)


def _disambiguated_book(
    style: CitationStyle,
    lang: str,
    folder: Path,
    csl: Path,
    items: list[dict[str, object]],
    ids: list[str],
    unwanted: set[int],
) -> FormBook:
    """The forms of ``ids`` with ``disambiguate="true"`` true (a run of their own)."""
    chosen = [{**item, YES: "yes"} for item in items if item["id"] in ids]
    probes = [{**p, YES: "yes"} for p in _PROBES[: 2 if style.sorts_cites else 1]]
    slots, kinds = _slots(style, ids, unwanted)
    refs = _write(
        folder / "alike.json", json.dumps([*chosen, *probes, _TERMS_ITEM], ensure_ascii=False, default=str)
    )
    document = _write(folder / "alike.md", markdown(slots))
    ast = finish_pandoc(start_pandoc(csl, refs, lang, document), style.name)
    return _book(read_forms(ast, slots, style, set(ids), kinds), {}, {}, None, style)


def _book(
    read: Read,
    bibliography: dict[str, Runs],
    substituted: dict[str, Runs],
    told_apart: FormBook | None,
    style: CitationStyle,
) -> FormBook:
    if style.options.teens_in_ranges:
        read.forms = {
            source: {key: _teens(runs) for key, runs in forms.items()} for source, forms in read.forms.items()
        }
        read.variants = {
            source: {key: _teens(runs) for key, runs in forms.items()}
            for source, forms in read.variants.items()
        }
        bibliography = {source: _teens(runs) for source, runs in bibliography.items()}
        substituted = {source: _teens(runs) for source, runs in substituted.items()}
    return FormBook(
        forms=read.forms,
        bibliography=bibliography,
        substituted=substituted,
        sort_rank=read.ranks,
        blank=frozenset(read.blank),
        variants=read.variants,
        locale=read.locale,
        disambiguated=told_apart,
    )


def _teens(runs: Runs) -> Runs:
    """``runs`` with ranges printed as ``keep_teens`` says."""
    return tuple(
        run if "\u2013" not in run.text else dataclasses.replace(run, text=keep_teens(run.text))
        for run in runs
    )


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path
