"""Where a character inside a text value is written in its file.

In: the location of a value's key, the value and an offset into it. Out: the line and column of
that very character in the file (read again, once, only when a problem needs it), so a problem found
in the middle of a long value (a malformed citation) names its place; None when the file no longer
holds the value.
"""

from __future__ import annotations

import bisect
from pathlib import Path

import yaml

from advocate.errors import AdvocateError, Location
from advocate.readfile import read_limited
from advocate.yamlfile.bounded import MAX_FILE_BYTES, TooBig, compose
from advocate.yamlfile.marks import LINE_BREAK


class ValueLocator:
    """Where a character inside a text value is written in its file, so a problem found in the
    middle of a long value (a malformed citation) can name its very line and column.

    A value's first character is where its node starts, but the rest does not follow by counting:
    quotes, escapes (``\\"``, ``\\u00e9``), ``''`` in single quotes, indentation, a block scalar's
    header line, and line breaks folded into spaces (plain, quoted and ``>`` scalars) all sit between
    the value's characters in the file. So the file is read again (once, and only when a problem needs
    it), the value's node is found again by its key's line and column, and the value's characters are
    walked against the file's, in order: each character of the value other than whitespace is the
    next such character of the file (an escape counting as the character it stands for), so the walk
    lands on the very character.
    """

    def __init__(self) -> None:
        self._files: dict[str, _Source | None] = {}

    def locate(self, key: Location, value: str, offset: int, item: int | None = None) -> Location | None:
        """Where character ``offset`` of ``value`` is written: ``value`` is the text under the key at
        ``key`` (or the ``item``-th entry of the list there). None when the file no longer holds that
        value there (it changed since it was loaded, or was never a file), so the caller keeps the
        key's location."""
        if key.file not in self._files:
            self._files[key.file] = _Source.read(key.file)
        source = self._files[key.file]
        node = source.values.get((key.line, key.column)) if source else None
        if item is not None and isinstance(node, yaml.SequenceNode):
            node = node.value[item] if 0 <= item < len(node.value) else None
        if source is None or not isinstance(node, yaml.ScalarNode) or node.value != value:
            return None
        index = scalar_index(source.text, node, offset)
        return None if index is None else source.location(key.file, index)


class _Source:
    """A YAML file's text, where its lines start, and the value under each key by the key's place."""

    def __init__(self, text: str, root: yaml.Node) -> None:
        self.text = text
        self.line_starts = [0] + [m.end() for m in LINE_BREAK.finditer(text)]
        self.values: dict[tuple[int, int], yaml.Node] = {}
        stack = [root]
        while stack:
            node = stack.pop()
            if isinstance(node, yaml.MappingNode):
                for key, value in node.value:
                    self.values[(key.start_mark.line + 1, key.start_mark.column + 1)] = value
                    stack.append(value)
            elif isinstance(node, yaml.SequenceNode):
                stack.extend(node.value)

    @classmethod
    def read(cls, file: str) -> _Source | None:
        try:
            data = read_limited(Path(file), MAX_FILE_BYTES, file) if file else b""
            if not data:
                return None
            text = data.decode("utf-8").removeprefix("\ufeff")  # YAML's marks do not count a BOM
            root = compose(text)
        except (AdvocateError, UnicodeDecodeError, yaml.YAMLError, TooBig):
            return None
        return cls(text, root) if root is not None else None

    def location(self, file: str, index: int) -> Location:
        line = bisect.bisect_right(self.line_starts, index)
        return Location(file, line, index - self.line_starts[line - 1] + 1)


_ESCAPES = {
    "0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f", "r": "\r",
    "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85", "_": "\xa0", "L": "\u2028",
    "P": "\u2029",
}  # fmt: skip
"""The one-letter escapes of a double-quoted scalar and what each stands for."""
_HEX_ESCAPES = {"x": 2, "u": 4, "U": 8}


def scalar_index(text: str, node: yaml.ScalarNode, offset: int) -> int | None:
    """The index in ``text`` (the file, without a BOM) of character ``offset`` of ``node``'s value;
    None if the file's characters cannot be matched to the value's (it is not the file ``node`` was
    composed from). A whitespace character of the value maps to where the walk then is."""
    value: str = node.value
    if not 0 <= offset < len(value):
        return None
    position, end = node.start_mark.index, node.end_mark.index
    if node.style in ("|", ">"):  # the header line (indicators and perhaps a comment) holds no content
        header_end = LINE_BREAK.search(text, position)
        if header_end is None:
            return None
        position = header_end.end()
    elif node.style in ("'", '"'):
        position += 1
    for index, char in enumerate(value):
        if char.isspace():
            found = position
            if position < end and text[position] == char:
                position += 1
        else:
            located = _next_source_char(text, position, end, char, node.style)
            if located is None:
                return None
            found, position = located
        if index == offset:
            return found
    return None  # pragma: no cover - the loop returns at offset


def _next_source_char(
    text: str, position: int, end: int, char: str, style: str | None
) -> tuple[int, int] | None:
    """Where the next ``char`` is written from ``position`` on, and where the walk goes on from."""
    while position < end:
        written = text[position]
        if style == '"' and written == "\\":
            width, meaning = _escape(text, position)
            if meaning == char:
                return position, position + width
            position += width
        elif style == "'" and written == "'" and char == "'" and text.startswith("''", position):
            return position, position + 2
        elif written == char:
            return position, position + 1
        else:
            position += 1
    return None


def _escape(text: str, position: int) -> tuple[int, str | None]:
    """The width of the escape at ``position`` (a backslash) and the character it stands for; an
    escaped line break stands for nothing."""
    letter = text[position + 1 : position + 2]
    if letter in _ESCAPES:
        return 2, _ESCAPES[letter]
    digits = _HEX_ESCAPES.get(letter, 0)
    if digits:
        try:
            return 2 + digits, chr(int(text[position + 2 : position + 2 + digits], 16))
        except ValueError:
            return 2, None
    return 1, None
