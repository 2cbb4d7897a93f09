"""Where things are in a YAML file's text.

In: a composed node, or a file's text and an offset into it. Out: the 1-based line and column of
a node or of the character after some text, and the key path (``points[2].claim``) of the node at
an offset, so a fault found in the text alone can still name its field.

Also the loader every part of this package reads with, and what YAML counts as a line break.
"""

from __future__ import annotations

import re

import yaml

from advocate.errors import Location

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""PyYAML's safe loader: libyaml's (in C) when it is installed."""

LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
"""What YAML counts as a line break (so lines are numbered as in its marks)."""


def node_location(file: str, node: yaml.Node) -> Location:
    """The 1-based line and column where ``node`` starts."""
    mark = node.start_mark
    return Location(file, mark.line + 1, mark.column + 1)


def offset_location(name: str, before: str) -> Location:
    """The line and column just after ``before`` (the text preceding a fault)."""
    line = before.count("\n") + 1
    return Location(name, line, len(before) - (before.rfind("\n") + 1) + 1)


def path_at(text: str, offset: int) -> str:
    """The key path (``points[2].claim``) of the last YAML node starting at or before character
    ``offset`` of ``text``, so a fault that stops the file being read can still name its field."""
    frames: list[_Frame] = []
    found = ""
    try:
        for event in yaml.parse(text, Loader=Loader):
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
