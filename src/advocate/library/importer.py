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

The file is written atomically: on any error nothing is written. Each format is read by
``import_formats``; keys, ids and duplicates are ``import_entries``'s; this module appends.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from advocate.errors import AdvocateError, Location, Problem
from advocate.library.import_entries import fit_id, known_sources, make_id, normalised
from advocate.library.import_formats import read_entries
from advocate.readfile import kind_of
from advocate.write import write_atomic
from advocate.yamlfile import read_yaml

DEFAULT_INTO = Path("sources") / "imported.yaml"
"""Where imported entries go, inside the library folder."""

_FIRST = ("id", "type", "title")


@dataclass
class Report:
    """What an import did."""

    added: list[str] = field(default_factory=list)
    """One line per entry added."""
    skipped: list[str] = field(default_factory=list)
    """One line per entry not added, with why."""
    into: Path | None = None
    """The file written (None when nothing was added)."""


def import_files(paths: list[Path], library_dir: Path, into: Path | None = None) -> Report:
    """Append the entries of ``paths`` to ``into`` (default ``library_dir/sources/imported.yaml``);
    an ``AdvocateError`` (and nothing written) when a file cannot be read."""
    target = into if into is not None else library_dir / DEFAULT_INTO
    read = [(path, read_entries(path)) for path in _existing(paths)]
    known = known_sources(library_dir)
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
    message = "cannot add to this file: expected a mapping whose last key is references: (a list)"
    problem = AdvocateError([Problem(Location(str(target)), message)])
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
