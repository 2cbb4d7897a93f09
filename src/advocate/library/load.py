"""Load a library folder: every ``*.yaml`` below it, read into one typed ``Library``.

In: a folder. Out: ``(Library, problems)``: the library with everything that could be read, and the
problems of reading it (syntax, unknown keys, wrong types, missing fields, ids defined twice). The
cross-reference rules live in ``library.check``; this stage only reads.
"""

from __future__ import annotations

import re
import typing
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from advocate.audiences import shipped_profiles
from advocate.errors import AdvocateError, Location, Problem, did_you_mean
from advocate.library.brand import BRAND_FILE, load_brand
from advocate.library.campaign import Campaign, campaign_audiences
from advocate.library.models import Library, LibraryFile
from advocate.readfile import read_limited
from advocate.schema import INVALID, Reader, is_invalid, kind_of
from advocate.yamlfile import MAX_FILE_BYTES, node_location, read_yaml

KINDS = ("references", "topics", "points", "arguments", "responses", "asks", "audiences", "offices")
"""The top-level keys of a library file that list entries, in the order they are merged."""

KEYS = (*KINDS, "campaign")
"""Every top-level key of a library file: the lists, and the campaign (``library.campaign``)."""

_ITEM_TYPES: dict[str, Any] = {
    name: typing.get_args(hint)[0] for name, hint in typing.get_type_hints(LibraryFile).items()
}
"""The type of one entry under each top-level key, read off ``LibraryFile`` (the documented schema)."""

# Points, arguments, responses and asks share one namespace: a brief's include/exclude names any of them.
_SHARED_NAMESPACE = frozenset({"points", "arguments", "responses", "asks"})


@dataclass(frozen=True)
class Loaded:
    """A library and the problems met reading it."""

    library: Library
    """What could be read."""
    problems: list[Problem]
    """Everything wrong with the files, in file order."""


def library_files(root: Path) -> list[Path]:
    """The library's YAML files, in a stable order: everything named ``*.yaml`` but a folder (so a
    FIFO or a device so named is refused with a message by ``read_yaml``, not passed over) and the
    files read by their own loaders (the brand)."""
    own = {root / BRAND_FILE}
    return sorted(
        p for p in root.rglob("*") if p.suffix in (".yaml", ".yml") and not p.is_dir() and p not in own
    )


def load_library(root: Path) -> Loaded:
    """Read every YAML file under ``root`` into a Library, collecting every problem."""
    if not root.is_dir():
        problem = Problem(Location(str(root)), "expected a library folder, got nothing there")
        return Loaded(_empty(root), [problem])
    problems: list[Problem] = []
    entries: list[dict[str, list[Any]]] = []
    broken: dict[str, dict[str, Location]] = {kind: {} for kind in KINDS}
    for path in library_files(root):
        label = _label(path)
        node, read_problems = read_yaml(path, label)
        problems.extend(read_problems)
        if read_problems and _salvage_ids(path, read_problems[0].location, broken):
            entries.append({"campaign": [INVALID]})
            broken.setdefault("campaign", {}).setdefault("campaign", read_problems[0].location)
        if node is None or read_problems:
            continue
        reader = Reader(label)
        entries.append(_read_entries(reader, node, broken))
        problems.extend(reader.problems)
    library, merge_problems = _merge(root, entries, broken)
    brand, brand_problems = load_brand(root, _label(root / BRAND_FILE))
    library = replace(library, brand=brand)
    return Loaded(library, problems + brand_problems + merge_problems + unread_files(root))


_IMPORTABLE = frozenset({".json", ".bib", ".bibtex", ".ris"})


def unread_files(root: Path) -> list[Problem]:
    """A warning for each file in the library folder that is not read (not YAML, not hidden)."""
    problems = []
    for path in sorted(root.rglob("*")):
        hidden = any(part.startswith(".") for part in path.relative_to(root).parts)
        if hidden or not path.is_file() or path.suffix in (".yaml", ".yml"):
            continue
        label = _label(path)
        if path.suffix.lower() in _IMPORTABLE:
            what = f"to add its references to the library, run: advocate import {label}; then remove it"
        else:
            what = "move it out of the library folder, or make it a .yaml library file"
        problems.append(
            Problem(Location(label), f"not read: only .yaml files are read here; {what}", "", "warning")
        )
    return problems


_KIND_LINE = re.compile(r"^([a-z]+):\s*(?:#.*)?$")
_ID_LINE = re.compile(r"^\s*-\s*(?:\{\s*)?id:\s*['\"]?([\w:./+-]+)")


def _salvage_ids(path: Path, at: Location, broken: dict[str, dict[str, Location]]) -> bool:
    """The ids a file that YAML cannot read seems to define, line by line, recorded as broken at its
    syntax error: what refers to them is counted, not reported (one mistake, one error). True when
    the file seems to hold the campaign (so the library still has the shipped profiles)."""
    try:
        lines = read_limited(path, MAX_FILE_BYTES, str(path)).decode("utf-8", "replace").splitlines()
    except AdvocateError:
        return False  # not a regular file, or too large: nothing read, so nothing salvaged
    kind = None
    campaign = False
    for line in lines:
        if (top := _KIND_LINE.match(line)) is not None:
            campaign = campaign or top.group(1) == "campaign"
            kind = top.group(1) if top.group(1) in KINDS else None
        elif kind is not None and (found := _ID_LINE.match(line)) is not None:
            broken.setdefault(kind, {}).setdefault(found.group(1), at)
    return campaign


def _read_entries(
    reader: Reader, node: yaml.Node, broken: dict[str, dict[str, Location]] | None = None
) -> dict[str, list[Any]]:
    """The valid entries of one file by kind; every invalid one becomes a problem, not a stop, and
    its id (when it has a readable one) goes into ``broken``, so references to it are not errors too."""
    if not isinstance(node, yaml.MappingNode):
        reader.error(
            node, "", f"expected a mapping with any of the keys {', '.join(KEYS)}, got {kind_of(node)}"
        )
        return {}
    entries: dict[str, list[Any]] = {}
    for kind, key_node, value_node in reader.entries(node, ""):
        if kind == "campaign":
            # Kept even when it cannot be read: a library with a campaign file has the shipped profiles;
            # and marked broken at its first error, so that what it would have declared is not missed.
            first_problem = len(reader.problems)
            entries[kind] = [campaign := reader.read(value_node, Campaign, kind)]
            if is_invalid(campaign) and broken is not None and reader.problems[first_problem:]:
                broken.setdefault(kind, {}).setdefault(kind, reader.problems[first_problem].location)
        elif kind not in _ITEM_TYPES:
            hint = did_you_mean(kind, KEYS)
            reader.error(key_node, kind, f"unknown key {kind!r}{hint}; expected one of: {', '.join(KEYS)}")
        elif not isinstance(value_node, yaml.SequenceNode):
            reader.error(value_node, kind, f"expected a list of {kind}, got {kind_of(value_node)}")
        else:
            items = []
            for i, item_node in enumerate(value_node.value):
                first_problem = len(reader.problems)
                item = reader.read(item_node, _ITEM_TYPES[kind], f"{kind}[{i}]")
                items.append(item)
                item_id = _id_of(item_node) if is_invalid(item) else None
                if broken is not None and item_id is not None:
                    at = reader.problems[first_problem].location if reader.problems[first_problem:] else None
                    broken.setdefault(kind, {}).setdefault(
                        item_id, at or node_location(reader.file, item_node)
                    )
            entries[kind] = [item for item in items if not is_invalid(item)]
    return entries


def _id_of(node: yaml.Node) -> str | None:
    """The ``id`` written in an entry that could not be read, when it is plain text."""
    if not isinstance(node, yaml.MappingNode):
        return None
    for key, value in node.value:
        if isinstance(key, yaml.ScalarNode) and key.value == "id" and isinstance(value, yaml.ScalarNode):
            return str(value.value) or None
    return None


def _merge(
    root: Path, files: Sequence[dict[str, list[Any]]], broken: dict[str, dict[str, Location]] | None = None
) -> tuple[Library, list[Problem]]:
    problems: list[Problem] = []
    tables: dict[str, dict[str, Any]] = {kind: {} for kind in KINDS}
    shared: dict[str, Any] = {}
    for parsed in files:
        for kind in KINDS:
            for item in parsed.get(kind, ()):
                table = shared if kind in _SHARED_NAMESPACE else tables[kind]
                first = table.get(item.id)
                if first is not None:
                    problems.append(
                        Problem(
                            item.at,
                            f"id {item.id!r} is defined twice (first at {first.at})",
                            f"{kind}.{item.id}",
                        )
                    )
                    continue
                table[item.id] = item
                tables[kind][item.id] = item
    written = [c for parsed in files for c in parsed.get("campaign", ())]
    campaign, campaign_problems = _campaign(written)
    problems.extend(campaign_problems)
    # A campaign that could not be read still brings the shipped profiles: what names them is not
    # also wrong (one mistake, one error).
    profiles = shipped_profiles() if written else {}
    unread = (broken or {}).get("audiences", {}).keys() - tables["audiences"].keys()
    audiences, merge_problems = campaign_audiences(campaign, profiles, tables["audiences"], unread)
    problems.extend(merge_problems)
    library = Library(
        root=str(root),
        sources=tables["references"],
        topics=tables["topics"],
        points=tables["points"],
        arguments=tables["arguments"],
        responses=tables["responses"],
        asks=tables["asks"],
        audiences=audiences,
        offices=tables["offices"],
        campaign=campaign,
        broken={
            kind: {name: at for name, at in ids.items() if name not in tables.get(kind, {})}
            for kind, ids in (broken or {}).items()
            if ids
        },
    )
    return library, problems


def _campaign(written: list[Any]) -> tuple[Campaign | None, list[Problem]]:
    """The one campaign of a library, and an error at each further one."""
    readable = [c for c in written if not is_invalid(c)]
    problems = [
        Problem(c.at, f"the campaign is defined twice (first at {readable[0].at})", "campaign")
        for c in readable[1:]
    ]
    return (readable[0] if readable else None), problems


def _empty(root: Path) -> Library:
    return Library(str(root), {}, {}, {}, {}, {}, {}, {})


def _label(path: Path) -> str:
    """How a file is named in messages: relative to the working folder when possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
