"""The bounded composer: YAML text composed into nodes, counting as it goes, within limits.

In: a YAML file's text. Out: its root node, or ``TooBig`` at the first list or mapping, value or
nesting past ``MAX_ITEMS``, ``MAX_NODES`` or ``MAX_DEPTH``, raised before anything more is built, so
that a huge or hostile file costs no more than the limits allow. ``MAX_FILE_BYTES`` bounds the file
before it is read.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.composer import Composer

from advocate.errors import Location, Problem
from advocate.yamlfile.marks import Loader, path_at

MAX_FILE_BYTES = 20 * 1024 * 1024
"""The largest YAML file read, in bytes (checked before reading: at most this plus one byte is read)."""
MAX_ITEMS = 100_000
"""The most items one list, or entries one mapping, may hold (a library of 5,000 points is 5,000)."""
MAX_NODES = 250_000
"""The most values (each key, text, list and mapping) one YAML file may hold: a file of 10,000
sources holds about 150,000; refusing one past the limit takes about 3 seconds and 100 MB."""
MAX_DEPTH = 64
"""The deepest nesting of lists and mappings in one YAML file (the library nests about six deep)."""


def compose(text: str) -> yaml.Node | None:
    """The root node of ``text``, composed within ``MAX_ITEMS``, ``MAX_NODES`` and ``MAX_DEPTH``
    (``TooBig`` past one of them: nothing more is composed), or None for an empty document."""
    loader = _BoundedLoader(text)
    try:
        node: yaml.Node | None = loader.get_single_node()
        return node
    finally:
        loader.dispose()


class TooBig(Exception):
    """A YAML file past one of the limits on its size, found while it was being composed."""

    def __init__(self, mark: yaml.Mark, message: str) -> None:
        super().__init__(message)
        self.mark = mark
        """Where the list, mapping or value that went past the limit starts."""
        self.message = message
        """What the limit is."""

    def problem(self, name: str, text: str) -> Problem:
        """The problem, located at ``mark`` in the file ``name`` whose text is ``text``."""
        where = Location(name, self.mark.line + 1, self.mark.column + 1)
        return Problem(where, self.message, path_at(text, self.mark.index))


_Composing: Any = Loader if issubclass(Loader, Composer) else type("_Composing", (Composer, Loader), {})
"""The safe loader with PyYAML's Python composer first (libyaml's loader composes in C, where nothing
can count; the pure-Python loader, used without libyaml, has it already)."""


class _BoundedLoader(_Composing):  # type: ignore[misc]
    """The safe loader, composing in Python (over libyaml's events) so that it can count: it stops
    at the first list or mapping past ``MAX_ITEMS``, the first value past ``MAX_NODES`` and the first
    nesting past ``MAX_DEPTH``, before building anything more (libyaml's own composer would build a
    9-million-item list whole first)."""

    def __init__(self, text: str) -> None:
        Loader.__init__(self, text)
        Composer.__init__(self)  # (again, harmlessly, for the pure-Python loader)
        self.nodes = 0
        self.depth = 0

    def resolve(self, kind: type[yaml.Node], value: str | None, implicit: tuple[bool, bool]) -> str:
        # Nothing reads a scalar's tag but the check that it is a core one, and every implicit tag
        # is one but merge ("<<") and value ("="), which that check refuses: resolving the rest
        # (half the time spent composing) would change nothing.
        if kind is yaml.ScalarNode and implicit[0] and value and value[0] not in "<=":
            return _STR_TAG
        tag: str = super().resolve(kind, value, implicit)
        return tag

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise TooBig(
                self.peek_event().start_mark,
                f"expected a file of at most {MAX_NODES:,} values (keys, texts, lists and mappings), "
                "got more: split it into smaller files",
            )
        if parent is not None and _entries(parent, index) >= MAX_ITEMS:
            what = "list" if isinstance(parent, yaml.SequenceNode) else "mapping"
            unit = "items" if what == "list" else "keys"
            raise TooBig(parent.start_mark, f"expected a {what} of at most {MAX_ITEMS:,} {unit}, got more")
        if self.depth >= MAX_DEPTH:
            raise TooBig(
                self.peek_event().start_mark,
                f"expected lists and mappings nested at most {MAX_DEPTH} deep, got deeper",
            )
        self.depth += 1
        try:
            node: yaml.Node = super().compose_node(parent, index)
        finally:
            self.depth -= 1
        return node


_STR_TAG = "tag:yaml.org,2002:str"


def _entries(parent: yaml.Node, index: Any) -> int:
    """How many items ``parent`` (a collection being composed) holds before the one starting now: a
    list's item ``index``; a mapping's entries are counted as each key starts (``index`` None)."""
    if isinstance(parent, yaml.SequenceNode):
        return int(index)
    return len(parent.value) if index is None else 0
