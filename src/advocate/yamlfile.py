"""Read YAML safely into located nodes (the first half of the load stage).

In: a file path. Out: the root ``yaml.Node`` of the file, every node carrying its line and column,
or the problems that stop the file from being read.

Nothing is constructed here, so no YAML tag can run code and no value is reinterpreted: ``NO``,
``01234`` and ``1.10`` stay exactly as written until a typed field asks for something else
(``schema.py``). Tags other than YAML's core ones are refused; so are aliases, which also stops an
alias bomb before anything expands it.
"""

from __future__ import annotations

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
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        where = _offset_location(name, data[: exc.start].decode("utf-8", "replace"))
        return None, [Problem(where, f"expected UTF-8 text, got the byte 0x{data[exc.start]:02x}")]
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_problem(name, exc)]
    except yaml.reader.ReaderError as exc:
        where = _offset_location(name, text[: exc.position])
        return None, [
            Problem(where, f"expected printable text, got the control character U+{exc.character:04X}")
        ]
    except yaml.YAMLError as exc:
        return None, [Problem(Location(name), "YAML syntax error: " + " ".join(str(exc).split()))]
    if root is None:
        return None, []
    return root, _check_nodes(name, root, text)


def _offset_location(name: str, before: str) -> Location:
    """The line and column just after ``before`` (the text preceding a fault)."""
    line = before.count("\n") + 1
    return Location(name, line, len(before) - (before.rfind("\n") + 1) + 1)


def _syntax_problem(name: str, exc: yaml.MarkedYAMLError) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    where = Location(name, mark.line + 1, mark.column + 1) if mark else Location(name)
    what = " ".join(part for part in (exc.context, exc.problem) if part)
    return Problem(where, f"YAML syntax error: {what}")


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
