"""Read a YAML file safely into located nodes (the first half of the load stage).

In: a file path. Out: the root ``yaml.Node`` of the file, every node carrying its line and column,
or the problems that stop the file from being read.

Nothing is constructed here, so no YAML tag can run code and no value is reinterpreted: ``NO``,
``01234`` and ``1.10`` stay exactly as written until a typed field asks for something else
(``advocate.schema``). Tags other than YAML's core ones are refused; so are aliases, which also stops an
alias bomb before anything expands it.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from advocate.errors import AdvocateError, Location, Problem
from advocate.readfile import read_limited
from advocate.yamlfile.bounded import MAX_FILE_BYTES, TooBig, compose
from advocate.yamlfile.marks import Loader, node_location, offset_location, path_at
from advocate.yamlfile.syntax import syntax_problem

CORE_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
)


def read_yaml(path: Path, label: str | None = None) -> tuple[yaml.Node | None, list[Problem]]:
    """Compose ``path`` into nodes; problems instead when it cannot be read or breaks the rules."""
    name = label or str(path)
    try:
        data = read_limited(path, MAX_FILE_BYTES, name)
    except AdvocateError as exc:
        return None, exc.problems
    try:
        text = data.decode("utf-8", "surrogatepass")  # a lone surrogate is then named with its key
    except UnicodeDecodeError as exc:
        where = offset_location(name, data[: exc.start].decode("utf-8", "replace"))
        return None, [Problem(where, f"expected UTF-8 text, got the byte 0x{data[exc.start]:02x}")]
    surrogate = _SURROGATE.search(text)  # before composing: libyaml cannot even be given one
    if surrogate:
        return None, [_unprintable(name, text, surrogate.start())]
    try:
        root = compose(text)
    except TooBig as exc:
        return None, [exc.problem(name, text)]
    except yaml.MarkedYAMLError as exc:
        return None, [syntax_problem(name, exc, text)]
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
        offset_location(name, text[:offset]), f"expected printable text, got {what} U+{code:04X}", path
    )


_NOT_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""What YAML's reader refuses (its ``NON_PRINTABLE``)."""
_SURROGATE = re.compile("[\\ud800-\\udfff]")


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
    for event in yaml.parse(text, Loader=Loader):
        if (
            isinstance(event, yaml.AliasEvent)
            and event.start_mark is not None
            and event.anchor not in reported
        ):
            reported.add(str(event.anchor))
            where = Location(name, event.start_mark.line + 1, event.start_mark.column + 1)
            problems.append(Problem(where, f"YAML alias *{event.anchor} is not allowed; write the value out"))
    return problems
