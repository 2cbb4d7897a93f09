"""Reading the files a reference manager exports, as CSL entries (for ``importer``).

In: one exported file: CSL JSON (a list of entries, or one), CSL YAML (pandoc's: ``---`` documents
with a ``references:`` list), BibTeX/BibLaTeX and RIS (both converted to CSL JSON by pandoc).
Out: its CSL entries as plain data (BibTeX titles with their capitals, RIS without pandoc's invented
ids), or an ``AdvocateError`` naming the file.
"""

from __future__ import annotations

import itertools
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import yaml

from advocate.errors import AdvocateError, Location, Problem
from advocate.readfile import read_limited
from advocate.yamlfile import MAX_FILE_BYTES

PANDOC_FORMATS = {".bib": ("biblatex", "BibTeX"), ".bibtex": ("biblatex", "BibTeX"), ".ris": ("ris", "RIS")}
"""Files pandoc converts to CSL JSON: suffix -> (pandoc's input format, the name in messages)."""

IMPORTABLE = frozenset({".json", ".yaml", ".yml", *PANDOC_FORMATS})
"""The suffixes ``advocate import`` reads."""


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
