"""Read YAML safely into located nodes (the first half of the load stage).

In: a file path. Out: the root ``yaml.Node`` of the file, every node carrying its line and column,
or the problems that stop the file from being read.

Nothing is constructed here, so no YAML tag can run code and no value is reinterpreted: ``NO``,
``01234`` and ``1.10`` stay exactly as written until a typed field asks for something else
(``schema.py``). Tags other than YAML's core ones are refused; so are aliases, which also stops an
alias bomb before anything expands it.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from advocate.errors import Location, Problem

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

CORE_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
)

MAX_FILE_BYTES = 20 * 1024 * 1024


def node_location(file: str, node: yaml.Node) -> Location:
    """The 1-based line and column where ``node`` starts."""
    mark = node.start_mark
    return Location(file, mark.line + 1, mark.column + 1)


def read_yaml(path: Path, label: str | None = None) -> tuple[yaml.Node | None, list[Problem]]:
    """Compose ``path`` into nodes; problems instead when it cannot be read or breaks the rules."""
    name = label or str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, [Problem(Location(name), f"cannot read file: {exc.strerror or exc}")]
    if len(data) > MAX_FILE_BYTES:
        return None, [Problem(Location(name), f"file too large: expected at most {MAX_FILE_BYTES} bytes")]
    try:
        text = data.decode("utf-8", "surrogatepass")  # a lone surrogate is then named with its key
    except UnicodeDecodeError as exc:
        where = _offset_location(name, data[: exc.start].decode("utf-8", "replace"))
        return None, [Problem(where, f"expected UTF-8 text, got the byte 0x{data[exc.start]:02x}")]
    surrogate = _SURROGATE.search(text)  # before composing: libyaml cannot even be given one
    if surrogate:
        return None, [_unprintable(name, text, surrogate.start())]
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_problem(name, exc, text)]
    except yaml.reader.ReaderError as exc:
        return None, [_unprintable(name, text, exc.position)]
    except yaml.YAMLError as exc:
        return None, [Problem(Location(name), "YAML syntax error: " + " ".join(str(exc).split()))]
    if root is None:
        return None, []
    return root, _check_nodes(name, root, text)


def _unprintable(name: str, text: str, offset: int) -> Problem:
    """The character at ``offset`` YAML cannot hold, located and named with the key it is in."""
    code = ord(text[offset])
    what = "a lone surrogate" if 0xD800 <= code <= 0xDFFF else "the control character"
    path = path_at(_NOT_PRINTABLE.sub("?", text), offset)
    return Problem(
        _offset_location(name, text[:offset]), f"expected printable text, got {what} U+{code:04X}", path
    )


def _offset_location(name: str, before: str) -> Location:
    """The line and column just after ``before`` (the text preceding a fault)."""
    line = before.count("\n") + 1
    return Location(name, line, len(before) - (before.rfind("\n") + 1) + 1)


def _syntax_problem(name: str, exc: yaml.MarkedYAMLError, text: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    where = Location(name, mark.line + 1, mark.column + 1) if mark else Location(name)
    if mark and _SURROGATE_ESCAPE.search(text) and "escape" in str(exc.problem):
        path = path_at(_SURROGATE_ESCAPE.sub(lambda m: "?" * len(m.group()), text), mark.index)
        message = "expected text without lone surrogates, got an escaped one (\\uD800 to \\uDFFF)"
        return Problem(where, message, path)
    what = " ".join(part for part in (exc.context, exc.problem) if part)
    return Problem(where, f"YAML syntax error: {what}")


_NOT_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""What YAML's reader refuses (its ``NON_PRINTABLE``)."""
_SURROGATE = re.compile("[\\ud800-\\udfff]")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def path_at(text: str, offset: int) -> str:
    """The key path (``points[2].claim``) of the last YAML node starting at or before character
    ``offset`` of ``text``, so a fault that stops the file being read can still name its field."""
    frames: list[_Frame] = []
    found = ""
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if event.start_mark is None or event.start_mark.index > offset:
                break
            if isinstance(event, yaml.CollectionEndEvent):
                frames.pop()
                if frames:
                    frames[-1].wants_key = frames[-1].mapping
            elif isinstance(event, yaml.NodeEvent):
                found = _enter(frames, event)
    except yaml.YAMLError:
        pass
    return found


class _Frame:
    """An open mapping or list while walking parse events."""

    def __init__(self, mapping: bool) -> None:
        self.mapping = mapping
        self.key: str | None = None
        self.index = -1
        self.wants_key = mapping

    def __str__(self) -> str:
        return (self.key or "") if self.mapping else f"[{self.index}]"


def _enter(frames: list[_Frame], event: yaml.NodeEvent) -> str:
    """Record the node ``event`` starts (a key, a value or a list item); returns its path."""
    top = frames[-1] if frames else None
    is_key = top is not None and top.wants_key
    if top is not None and is_key:
        top.key, top.wants_key = str(getattr(event, "value", "?")), False
    elif top is not None and not top.mapping:
        top.index += 1
    path = "".join(f".{f}" if f.mapping else str(f) for f in frames).lstrip(".")
    if isinstance(event, yaml.CollectionStartEvent):
        frames.append(_Frame(isinstance(event, yaml.MappingStartEvent)))
    elif top is not None and top.mapping and not is_key:
        top.wants_key = True
    return path


def _check_nodes(name: str, root: yaml.Node, text: str) -> list[Problem]:
    """Refuse aliases (a node met twice) and non-core tags, without expanding anything."""
    problems: list[Problem] = []
    seen: set[int] = set()
    stack: list[yaml.Node] = [root]
    aliased = False
    while stack:
        node = stack.pop()
        if id(node) in seen:
            aliased = True
            continue
        seen.add(id(node))
        if node.tag not in CORE_TAGS:
            problems.append(Problem(node_location(name, node), f"YAML tag {node.tag!r} is not allowed"))
            continue
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend((value, key))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
    if aliased:
        problems.extend(_alias_problems(name, text))
    return problems


def _alias_problems(name: str, text: str) -> list[Problem]:
    """Each aliased anchor, once, where it is first used (the composed node only knows its anchor)."""
    problems = []
    reported: set[str] = set()
    for event in yaml.parse(text, Loader=_Loader):
        if (
            isinstance(event, yaml.AliasEvent)
            and event.start_mark is not None
            and event.anchor not in reported
        ):
            reported.add(str(event.anchor))
            where = Location(name, event.start_mark.line + 1, event.start_mark.column + 1)
            problems.append(Problem(where, f"YAML alias *{event.anchor} is not allowed; write the value out"))
    return problems
