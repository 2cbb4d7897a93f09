"""The entries of an import made fit for the library: CSL spelling, ids, duplicates (for ``importer``).

In: CSL entries as read (``import_formats``), and the library folder they go into.
Out: each entry with CSL's spelling of its keys, dates as ``YYYY-MM-DD`` and numbers as text
(``normalised``); an id fit for a citation (``fit_id``, ``make_id``: ``smith-2021``, then
``smith-2021b``); and what identifies the sources already there (``known_sources``), so that an entry
with the id, the DOI, the URL or the title and year of one of them is named a duplicate.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from advocate.library.load import load_library
from advocate.library.sources import CSL_DATE_VARIABLES, CSL_VARIABLES, Source
from advocate.schema import yaml_key

_FIT_ID = re.compile(r"[^\W\d_][\w.+:-]*\w|[^\W\d_]")
_CASE = {name.casefold(): name for name in CSL_VARIABLES}
_SOURCE_KEYS = frozenset(yaml_key(Source, spec) for spec in fields(Source)) - {"at", "where", "other"}
_PATTERN_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")


def normalised(entry: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """An entry with CSL's spelling of each key (``url`` -> ``URL``), dates as ``YYYY-MM-DD`` text,
    numbers as text, and empty values left out; with notes on what was changed."""
    out: dict[str, Any] = {}
    notes: list[str] = []
    for key, value in entry.items():
        key = _CASE.get(str(key).casefold(), str(key))
        if key not in CSL_VARIABLES and key not in _SOURCE_KEYS:
            notes.append(f"{key} left out (not a CSL variable)")
            continue
        if key in CSL_DATE_VARIABLES:
            date = _iso_date(value)
            if date is None and key in ("issued", "accessed", "event-date"):
                notes.append(f"{key} {value!r} left out (not a date)")
                continue
            value = date if date is not None else value
        value = _text(value)
        if value not in (None, "", [], {}):
            out[key] = value
    if "type" not in out:
        out["type"] = "document"
        notes.append("no type: set to document")
    return out, notes


def _text(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, list):
        return [_text(item) for item in value]
    if isinstance(value, dict):
        return {str(k): _text(v) for k, v in value.items() if v not in (None, "")}
    return value


def _iso_date(value: Any) -> str | None:
    """``YYYY[-MM[-DD]]`` for a CSL date (``date-parts``, ISO text or a ``raw``/``literal`` one
    that starts with a year); None when it holds no date."""
    if isinstance(value, dict):
        parts = value.get("date-parts")
        if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
            try:
                numbers = [int(str(n)) for n in parts[0][:3]]
            except ValueError:
                return None
            return _format_date(numbers)
        value = value.get("raw") or value.get("literal")
    if isinstance(value, (int, str)):
        match = _PATTERN_DATE.match(str(value).strip())
        if match and match.end() == len(str(value).strip()):
            return _format_date([int(g) for g in match.groups() if g])
    return None


def _format_date(numbers: list[int]) -> str | None:
    if not numbers or not 0 < numbers[0] < 10000:
        return None
    return "-".join([f"{numbers[0]:04d}", *(f"{n:02d}" for n in numbers[1:])])


def make_id(entry: dict[str, Any], taken: set[str]) -> str:
    """``family-year`` from the first author (or editor), e.g. ``smith-2021``; ``smith-2021b``,
    ``smith-2021c``... when taken."""
    names = entry.get("author") or entry.get("editor") or []
    first = names[0] if isinstance(names, list) and names and isinstance(names[0], dict) else {}
    who = str(first.get("family") or first.get("literal") or "")
    if not who:
        who = str(entry.get("title") or "anon")
    slug = _slug(who)[:30].strip("-") or "anon"
    issued = entry.get("issued")
    year = issued[:4] if isinstance(issued, str) and issued[:4].isdigit() else "nd"
    base = f"{slug}-{year}"
    candidate, letter = base, ord("b")
    while candidate.casefold() in taken:
        candidate = f"{base}{chr(letter)}" if letter <= ord("z") else f"{base}-{letter - ord('a')}"
        letter += 1
    return candidate


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return "-".join(words[:3])


def fit_id(value: Any) -> bool:
    """Whether an entry's id can be cited as ``[@id]`` and read by a person: starts with a letter,
    letters, digits and ``. + : -`` after it (a Zotero item address or a bare number is not)."""
    return isinstance(value, str) and _FIT_ID.fullmatch(value) is not None and len(value) <= 80


# --------------------------------------------------------------------------- duplicates


@dataclass
class Known:
    """What identifies the sources already there, each key with where its source is."""

    ids: dict[str, str] = field(default_factory=dict)
    """Each id, casefolded."""
    dois: dict[str, str] = field(default_factory=dict)
    """Each DOI, without its ``https://doi.org/`` or ``doi:``."""
    urls: dict[str, str] = field(default_factory=dict)
    """Each URL, without its scheme, ``www.`` and a trailing ``/``."""
    titles: dict[tuple[str, str], str] = field(default_factory=dict)
    """Each title (its words, casefolded) with its year."""

    def add(self, entry: dict[str, Any], where: str) -> None:
        """Take ``entry`` (found ``where``) as known."""
        self.ids[str(entry["id"]).casefold()] = where
        if entry.get("DOI"):
            self.dois[_doi(entry["DOI"])] = where
        if entry.get("URL"):
            self.urls[_url(entry["URL"])] = where
        if entry.get("title"):
            self.titles[_title_year(entry)] = where

    def duplicate(self, entry: dict[str, Any], own_id: bool) -> str | None:
        """Why ``entry`` is a duplicate of a known source (its id only when it is its ``own_id``),
        or None."""
        if own_id and str(entry["id"]).casefold() in self.ids:
            return f"the id {entry['id']!r} is already used by {self.ids[str(entry['id']).casefold()]}"
        if entry.get("DOI") and _doi(entry["DOI"]) in self.dois:
            return f"same DOI as {self.dois[_doi(entry['DOI'])]}"
        if entry.get("URL") and _url(entry["URL"]) in self.urls:
            return f"same URL as {self.urls[_url(entry['URL'])]}"
        if entry.get("title") and _title_year(entry) in self.titles:
            return f"same title and year as {self.titles[_title_year(entry)]}"
        return None


def _doi(value: Any) -> str:
    return re.sub(r"^(https?://(dx\.)?doi\.org/|doi:)", "", str(value).strip().lower())


def _url(value: Any) -> str:
    return re.sub(r"^https?://(www\.)?", "", str(value).strip()).rstrip("/")


def _title_year(entry: dict[str, Any]) -> tuple[str, str]:
    title = " ".join(re.findall(r"\w+", str(entry.get("title", "")).casefold()))
    issued = entry.get("issued")
    return title, str(issued)[:4] if issued else ""


def known_sources(library_dir: Path) -> Known:
    """What identifies the sources of the library in ``library_dir`` (and its broken references)."""
    known = Known()
    loaded = load_library(library_dir)
    for source in loaded.library.sources.values():
        known.add(_source_keys(source), f"{source.id} ({source.at})")
    for source_id, at in loaded.library.broken.get("references", {}).items():
        known.ids[source_id.casefold()] = f"{source_id} ({at})"
    return known


def _source_keys(source: Source) -> dict[str, Any]:
    return {
        "id": source.id,
        "DOI": source.DOI,
        "URL": source.URL,
        "title": source.title,
        "issued": source.issued,
    }
