"""Import references from a reference manager into the library's sources (``advocate import``).

In: files exported by Zotero, Mendeley, pandoc and the like: CSL JSON (a list of entries, or one),
CSL YAML (pandoc's: ``---`` documents with a ``references:`` list), BibTeX/BibLaTeX and RIS (both
converted to CSL JSON by pandoc). Out: the entries appended to a YAML sources file of the library
(``library/sources/imported.yaml`` by default), every CSL field kept, and a report of what was added
and what was skipped and why.

Each entry keeps its own id when it is fit for a citation (``[@id]``); otherwise one is made from
the first author's family name and the year: ``smith-2021``, then ``smith-2021b``. An entry with the
id, the DOI, the URL or the title and year of a source the library (or the same import) already has
is a duplicate: reported, not added. Titles are kept exactly as written (no change of case).

The file is written atomically: on any error nothing is written.
"""

from __future__ import annotations

import itertools
import json
import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import yaml

from advocate.errors import AdvocateError, Location, Problem
from advocate.library.load import load_library
from advocate.library.sources import CSL_DATE_VARIABLES, CSL_VARIABLES, Source
from advocate.readfile import kind_of, read_limited
from advocate.schema import yaml_key
from advocate.write import write_atomic
from advocate.yamlfile import MAX_FILE_BYTES, read_yaml

DEFAULT_INTO = Path("sources") / "imported.yaml"
"""Where imported entries go, inside the library folder."""

PANDOC_FORMATS = {".bib": ("biblatex", "BibTeX"), ".bibtex": ("biblatex", "BibTeX"), ".ris": ("ris", "RIS")}
"""Files pandoc converts to CSL JSON: suffix -> (pandoc's input format, the name in messages)."""

IMPORTABLE = frozenset({".json", ".yaml", ".yml", *PANDOC_FORMATS})
"""The suffixes ``advocate import`` reads."""

_FIT_ID = re.compile(r"[^\W\d_][\w.+:-]*\w|[^\W\d_]")
_CASE = {name.casefold(): name for name in CSL_VARIABLES}
_FIRST = ("id", "type", "title")
_SOURCE_KEYS = frozenset(yaml_key(Source, spec) for spec in fields(Source)) - {"at", "where", "other"}
_PATTERN_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")


@dataclass
class Report:
    """What an import did."""

    added: list[str] = field(default_factory=list)
    """One line per entry added."""
    skipped: list[str] = field(default_factory=list)
    """One line per entry not added, with why."""
    into: Path | None = None
    """The file written (None when nothing was added)."""


def pandoc_path() -> str | None:
    """The pandoc to convert with: the one the ``pypandoc-binary`` package ships, else one on PATH."""
    try:
        import pypandoc

        return str(pypandoc.get_pandoc_path())
    except (ImportError, OSError):
        return shutil.which("pandoc")


def read_entries(path: Path, label: str | None = None) -> list[dict[str, Any]]:
    """The CSL entries of one exported file, as plain data; an ``AdvocateError`` naming the file
    when it cannot be read."""
    name = label or str(path)
    suffix = path.suffix.lower()
    if suffix not in IMPORTABLE:
        raise _error(name, f"cannot tell the format from the name: expected {_formats()}")
    raw = read_limited(path, MAX_FILE_BYTES, name)  # a regular file, within the limit YAML files have
    if suffix in PANDOC_FORMATS:
        text = _converted(path, name, *PANDOC_FORMATS[suffix])
    else:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise _error(name, f"cannot read file: {exc}") from None
    if suffix in (".yaml", ".yml"):
        return _yaml_entries(text, name)
    entries = _json_entries(text, name)
    if suffix == ".ris" and not _RIS_ID.search(raw.decode("utf-8", "replace")):
        for entry in entries:
            entry.pop("id", None)  # pandoc's invented one (``Smith_2021``): advocate makes its own
    if suffix in (".bib", ".bibtex"):
        _keep_capitals(entries, raw.decode("utf-8", "replace"))
    return entries


_RIS_ID = re.compile(r"^ID  - ", re.MULTILINE)
_BIB_ENTRY = re.compile(r"@\w+\s*[{(]\s*([^,\s]+)\s*,")
_BIB_TITLE = re.compile(r"\btitle\s*=\s*([{\"])", re.IGNORECASE)


def _keep_capitals(entries: list[dict[str, Any]], bib: str) -> None:
    """Put back the capitals of each BibTeX title that pandoc wrote in sentence case (it does so
    for English entries): letter by letter, when the title is otherwise the same."""
    starts = [(m.start(), m.group(1)) for m in _BIB_ENTRY.finditer(bib)] + [(len(bib), "")]
    titles = {}
    for (start, key), (end, _) in itertools.pairwise(starts):
        match = _BIB_TITLE.search(bib, start, end)
        if match:
            titles[key] = _bib_value(bib, match.end(1) - 1)
    for entry in entries:
        raw, title = titles.get(str(entry.get("id"))), entry.get("title")
        if raw is None or not isinstance(title, str):
            continue
        written = raw.replace("'", "\u2019")
        if len(written) == len(title) and written.casefold() == title.casefold():
            restored = "".join(
                w if w.lower() == t.lower() else t for w, t in zip(written, title, strict=True)
            )
            short = entry.get("title-short")
            if isinstance(short, str) and title.startswith(short):
                entry["title-short"] = restored[: len(short)]
            entry["title"] = restored


def _bib_value(bib: str, at: int) -> str:
    """The text of a braced or quoted BibTeX value starting at ``at``, braces removed."""
    depth, out = 0, []
    closing = "}" if bib[at] == "{" else '"'
    for char in bib[at + 1 :]:
        if char == closing and depth == 0:
            break
        depth += {"{": 1, "}": -1}.get(char, 0)
        if char not in "{}":
            out.append(char)
    return " ".join("".join(out).split())


def _formats() -> str:
    return ".json (CSL JSON), .yaml (CSL YAML), .bib (BibTeX or BibLaTeX) or .ris (RIS)"


def _error(name: str, message: str) -> AdvocateError:
    return AdvocateError([Problem(Location(name), message)])


def _converted(path: Path, name: str, pandoc_format: str, kind: str) -> str:
    pandoc = pandoc_path()
    if pandoc is None:
        raise _error(
            name,
            f"cannot read {kind} without pandoc: export the references as CSL JSON instead "
            "(in Zotero: Export Library, format CSL JSON), or install pandoc",
        )
    try:
        done = subprocess.run(
            [pandoc, str(path), "-f", pandoc_format, "-t", "csljson"], capture_output=True, timeout=120
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise _error(name, f"cannot run pandoc to read {kind}: {exc}") from None
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip()
        raise _error(name, f"pandoc could not read it as {kind}: {said}")
    return done.stdout.decode("utf-8", "replace")


def _json_entries(text: str, name: str) -> list[dict[str, Any]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise AdvocateError(
            [
                Problem(
                    Location(name, exc.lineno, exc.colno), f"expected CSL JSON, got invalid JSON: {exc.msg}"
                )
            ]
        ) from None
    if isinstance(data, dict):
        data = data.get("items", [data]) if "items" in data and "title" not in data else [data]
    if not isinstance(data, list) or not all(isinstance(entry, dict) for entry in data):
        raise _error(name, "expected CSL JSON: a list of entries, or one entry")
    return data


def _yaml_entries(text: str, name: str) -> list[dict[str, Any]]:
    """CSL YAML: one or more documents, each a list of entries or a mapping with ``references``
    (pandoc's metadata block, with ``nocite`` and the like, which are not entries)."""
    try:
        documents = list(yaml.load_all(text, Loader=yaml.BaseLoader))  # every value stays text
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = Location(name, mark.line + 1, mark.column + 1) if mark else Location(name)
        raise AdvocateError([Problem(where, f"expected CSL YAML, got a YAML error: {exc}")]) from None
    entries: list[dict[str, Any]] = []
    for document in documents:
        if isinstance(document, dict) and "references" in document:
            document = document["references"]
        if isinstance(document, list) and all(isinstance(entry, dict) for entry in document):
            entries.extend(document)
        elif document not in (None, "", {}):
            raise _error(name, "expected CSL YAML: a list of entries, or a mapping with references:")
    return entries


# --------------------------------------------------------------------------- entries


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
class _Known:
    """What identifies the sources already there, each key with where its source is."""

    ids: dict[str, str] = field(default_factory=dict)
    dois: dict[str, str] = field(default_factory=dict)
    urls: dict[str, str] = field(default_factory=dict)
    titles: dict[tuple[str, str], str] = field(default_factory=dict)

    def add(self, entry: dict[str, Any], where: str) -> None:
        self.ids[str(entry["id"]).casefold()] = where
        if entry.get("DOI"):
            self.dois[_doi(entry["DOI"])] = where
        if entry.get("URL"):
            self.urls[_url(entry["URL"])] = where
        if entry.get("title"):
            self.titles[_title_year(entry)] = where

    def duplicate(self, entry: dict[str, Any], own_id: bool) -> str | None:
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


def _known(library_dir: Path) -> _Known:
    known = _Known()
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


# --------------------------------------------------------------------------- the import


def import_files(paths: list[Path], library_dir: Path, into: Path | None = None) -> Report:
    """Append the entries of ``paths`` to ``into`` (default ``library_dir/sources/imported.yaml``);
    an ``AdvocateError`` (and nothing written) when a file cannot be read."""
    target = into if into is not None else library_dir / DEFAULT_INTO
    read = [(path, read_entries(path)) for path in _existing(paths)]
    known = _known(library_dir)
    report = Report()
    added: list[dict[str, Any]] = []
    for path, entries in read:
        for number, raw in enumerate(entries, 1):
            entry, notes = normalised(raw)
            title = entry.get("title")
            what = f"{path}, entry {number}"
            if not isinstance(title, str) or not title:
                report.skipped.append(f"skipped {what}: it has no title")
                continue
            own_id = fit_id(entry.get("id"))
            if not own_id and fit_id(entry.get("citation-key")):
                entry["id"], own_id = entry["citation-key"], True
            if not own_id:
                old = entry.get("id")
                entry["id"] = make_id(entry, set(known.ids))
                if old not in (None, ""):
                    notes.insert(0, f"id {old!r} replaced")
            duplicate = known.duplicate(entry, own_id)
            if duplicate:
                report.skipped.append(f"skipped {what} ({title!r}): {duplicate}")
                continue
            ordered = {key: entry[key] for key in _FIRST} | entry
            added.append(ordered)
            known.add(ordered, f"{ordered['id']} ({path}, entry {number})")
            extra = f" ({'; '.join(notes)})" if notes else ""
            report.added.append(f"added {ordered['id']}: {title}{extra}")
    if added:
        _append(target, added)
        report.into = target
    return report


def _existing(paths: list[Path]) -> list[Path]:
    missing = [Problem(Location(str(path)), _not_a_file(path)) for path in paths if not path.is_file()]
    if missing:
        raise AdvocateError(missing)
    return paths


def _not_a_file(path: Path) -> str:
    """Why ``path``, which is not a regular file, cannot be imported."""
    try:
        return f"expected a regular file, got {kind_of(path.stat().st_mode)}"
    except OSError:
        return "cannot read file: no such file"


_HEADER = (
    "# Sources added by `advocate import` (CSL YAML). Check each one: its type, its title as the\n"
    "# source prints it, and a URL with the date it was read (accessed).\n"
    "references:\n"
)


def _append(target: Path, entries: list[dict[str, Any]]) -> None:
    """Append ``entries`` under the ``references:`` list that ends ``target`` (created if need be)."""
    text = target.read_text(encoding="utf-8") if target.exists() else ""
    indent = "  "
    if text.strip():
        node, problems = read_yaml(target)
        if problems:
            raise AdvocateError(problems)
        indent = _references_indent(target, node)
        if not text.endswith("\n"):
            text += "\n"
    else:
        text = _HEADER
    blocks = []
    for entry in entries:
        dumped = yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=100)
        blocks.append(
            "".join(f"{indent}{line}" if line.strip() else line for line in dumped.splitlines(True))
        )
    text += "\n" + "\n".join(blocks)
    write_atomic(target.parent, target.name, text.encode("utf-8"))


def _references_indent(target: Path, node: yaml.Node | None) -> str:
    """The indentation of the items of the ``references:`` list that ends the file."""
    problem = _error(
        str(target), "cannot add to this file: expected a mapping whose last key is references: (a list)"
    )
    if not isinstance(node, yaml.MappingNode) or not node.value:
        raise problem
    key, value = node.value[-1]
    if not isinstance(key, yaml.ScalarNode) or key.value != "references":
        raise problem
    if not isinstance(value, yaml.SequenceNode) or value.flow_style:
        if isinstance(value, yaml.ScalarNode) and value.value == "":
            return "  "
        raise problem
    return " " * value.start_mark.column if value.value else "  "
