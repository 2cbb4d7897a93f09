"""Read YAML safely into located nodes (the first half of the load stage).

In: a file path. Out: the root ``yaml.Node`` of the file, every node carrying its line and column,
or the problems that stop the file from being read.

Nothing is constructed here, so no YAML tag can run code and no value is reinterpreted: ``NO``,
``01234`` and ``1.10`` stay exactly as written until a typed field asks for something else
(``schema.py``). Tags other than YAML's core ones are refused; so are aliases, which also stops an
alias bomb before anything expands it.

``ValueLocator`` finds, for a problem inside a text value (a malformed citation), the line and column
of the very character in the file.
"""

from __future__ import annotations

import bisect
import re
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer

from advocate.errors import AdvocateError, Location, Problem
from advocate.readfile import read_limited

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

CORE_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
)

MAX_FILE_BYTES = 20 * 1024 * 1024
"""The largest YAML file read, in bytes (checked before reading: at most this plus one byte is read)."""
MAX_ITEMS = 100_000
"""The most items one list, or entries one mapping, may hold (a library of 5,000 points is 5,000)."""
MAX_NODES = 250_000
"""The most values (each key, text, list and mapping) one YAML file may hold: a file of 10,000
sources holds about 150,000; refusing one past the limit takes about 3 seconds and 100 MB."""
MAX_DEPTH = 64
"""The deepest nesting of lists and mappings in one YAML file (the library nests about six deep)."""


def node_location(file: str, node: yaml.Node) -> Location:
    """The 1-based line and column where ``node`` starts."""
    mark = node.start_mark
    return Location(file, mark.line + 1, mark.column + 1)


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
        where = _offset_location(name, data[: exc.start].decode("utf-8", "replace"))
        return None, [Problem(where, f"expected UTF-8 text, got the byte 0x{data[exc.start]:02x}")]
    surrogate = _SURROGATE.search(text)  # before composing: libyaml cannot even be given one
    if surrogate:
        return None, [_unprintable(name, text, surrogate.start())]
    try:
        root = compose(text)
    except TooBig as exc:
        return None, [exc.problem(name, text)]
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_problem(name, exc, text)]
    except yaml.reader.ReaderError as exc:
        return None, [_unprintable(name, text, exc.position)]
    except yaml.YAMLError as exc:
        return None, [Problem(Location(name), "YAML syntax error: " + " ".join(str(exc).split()))]
    if root is None:
        return None, []
    return root, _check_nodes(name, root, text)


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


_Composing: Any = _Loader if issubclass(_Loader, Composer) else type("_Composing", (Composer, _Loader), {})
"""The safe loader with PyYAML's Python composer first (libyaml's loader composes in C, where nothing
can count; the pure-Python loader, used without libyaml, has it already)."""


class _BoundedLoader(_Composing):  # type: ignore[misc]
    """The safe loader, composing in Python (over libyaml's events) so that it can count: it stops
    at the first list or mapping past ``MAX_ITEMS``, the first value past ``MAX_NODES`` and the first
    nesting past ``MAX_DEPTH``, before building anything more (libyaml's own composer would build a
    9-million-item list whole first)."""

    def __init__(self, text: str) -> None:
        _Loader.__init__(self, text)
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
    plain = _plain_words(exc, text)
    if plain is not None:
        line, column, message = plain
        return Problem(Location(name, line + 1, column + 1), f"YAML syntax error: {message}")
    what = " ".join(part for part in (exc.context, exc.problem) if part)
    return Problem(where, f"YAML syntax error: {what}")


def _plain_words(exc: yaml.MarkedYAMLError, text: str) -> tuple[int, int, str] | None:
    """What the parser's complaint means and what to do about it, and where (0-based line and
    column): for the mistakes people make by hand (a colon, a quote or a leading ``@`` in a value, a
    tab, an unclosed quote or bracket, a line indented wrongly). None when the parser's own words are
    all there is to say."""
    problem, context = exc.problem or "", exc.context or ""
    mark, opened = exc.problem_mark or exc.context_mark, exc.context_mark
    if mark is None:
        return None
    text = text.removeprefix("\ufeff")  # YAML's marks do not count a byte order mark
    lines = [*_LINE_BREAK.split(text), ""]
    line = lines[mark.line] if mark.line < len(lines) else ""
    indent = len(line) - len(line.lstrip())
    if "\t" in line[:indent] or ("tab" in problem and "\t" in line):
        message = (
            f"line {mark.line + 1} is indented with a tab; YAML needs spaces: replace the tab with spaces"
        )
        return mark.line, line.find("\t"), message
    if problem == "mapping values are not allowed in this context":
        before = line[: mark.column]
        if _KEY.match(before):
            return mark.line, mark.column, _colon_in_value(line)
        return mark.line, indent, _indentation(lines, mark.line)
    if opened is not None and (
        problem == "found character that cannot start any token"
        or context in ("while scanning an anchor", "while scanning an alias")
    ):
        char = text[opened.index : opened.index + 1]
        example = _quoted_example(lines[min(opened.line, len(lines) - 1)], opened.column)
        message = f"a value cannot start with {char!r}: put the whole value in quotes, e.g. {example}"
        return opened.line, opened.column, message
    if "quoted scalar" in context and "end of stream" in problem and opened is not None:
        quote = text[opened.index : opened.index + 1]
        message = (
            f"the quote {quote} opened at line {opened.line + 1} is never closed: "
            f"add the closing {quote} at the end of the value"
        )
        return opened.line, opened.column, message
    if "unknown escape character" in problem:
        message = (
            "a backslash (\\) inside double quotes starts an escape such as \\n: write \\\\ for a "
            "backslash, or put the value in single quotes"
        )
        return mark.line, mark.column, message
    if context.startswith("while parsing a flow") and opened is not None:
        bracket = text[opened.index : opened.index + 1]
        if bracket in ("[", "{"):
            return _unclosed(opened, bracket, text, mark)
    if context == "while parsing a flow node" and (bracket_at := _open_bracket(text, mark.index)) is not None:
        before = text[:bracket_at]
        line_number = before.count("\n")
        column = bracket_at - (before.rfind("\n") + 1)
        bracket = text[bracket_at]
        message = (
            f"the '{bracket}' opened at line {line_number + 1} is never closed: add "
            f"'{']' if bracket == '[' else '}'}' after its last item"
        )
        return line_number, column, message
    if context == "while scanning a simple key" and opened is not None:
        message = (
            f"line {opened.line + 1} has no ':' after its key: write 'key: value' (or, if it goes on "
            "with the value above, put that whole value in quotes)"
        )
        return opened.line, opened.column, message
    if problem == "but found another document":
        return (
            mark.line,
            mark.column,
            "a line '---' starts a second document, but a file holds one: remove it",
        )
    if problem in ("did not find expected key", "did not find expected '-' indicator"):
        return _misplaced(lines, line, mark, opened)
    return None


def _misplaced(
    lines: list[str], line: str, mark: yaml.Mark, opened: yaml.Mark | None
) -> tuple[int, int, str]:
    """Something where the parser expected the next key or list item: text after a closing quote,
    a ``-`` with no space after it, a list item under a mapping, or a line indented wrongly."""
    before = line[: mark.column].rstrip()
    if before.endswith(("'", '"')) and mark.column > len(before):
        message = (
            "there is text after the value's closing quote: put the whole value in quotes, using "
            "the other kind of quote inside it, e.g. title: 'He said \"no\" today'"
        )
        return mark.line, mark.column, message
    if opened is not None and mark.line > opened.line and re.match(r"\s*-[^\s-]", lines[opened.line]):
        message = f"line {opened.line + 1} has a '-' with no space after it: write '- ' to start a list item"
        return opened.line, opened.column, message
    if line[mark.column :].startswith("- "):
        message = (
            f"line {mark.line + 1} starts a list item ('- ') where a key was expected: a list "
            "belongs under a key ('topics:' on one line, then '  - item' on each line below it)"
        )
        return mark.line, mark.column, message
    return mark.line, len(line) - len(line.lstrip()), _indentation(lines, mark.line)


_KEY = re.compile(r"^\s*(?:-\s+)*[^\s#'\"{\[][^:#]*:\s+\S")
"""A line that starts with a key and a value (a colon at the fault is then inside the value)."""


def _colon_in_value(line: str) -> str:
    """A value with ': ' in it, and the line written with the value in quotes."""
    return (
        "the value has a colon followed by a space (': '), which YAML reads as a new key: put the "
        f"whole value in quotes, e.g. {_quoted_example(line)}"
    )


def _quoted_example(line: str, column: int | None = None) -> str:
    """``line`` (from its key on) with its value in quotes."""
    match = re.match(r"^(\s*(?:-\s+)*)([^:#]+?:\s+)(.*?)\s*(#.*)?$", line)
    if match is None or (column is not None and column < len(match.group(1) + match.group(2))):
        return '"' + line[column:].strip() + '"' if column is not None else 'title: "a: b"'
    key, value = match.group(2).rstrip() + " ", match.group(3)
    if '"' in value and "'" not in value:
        return f"{key}'{value}'"
    return key + '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _unclosed(opened: yaml.Mark, bracket: str, text: str, mark: yaml.Mark) -> tuple[int, int, str]:
    """An unclosed ``[`` or ``{``, or an item in it that needs quotes."""
    closing = "]" if bracket == "[" else "}"
    between = text[opened.index : mark.index]
    if "\n" not in between and closing in text[mark.index :].split("\n", 1)[0]:
        what = "list" if bracket == "[" else "mapping"
        message = (
            f"expected ',' or '{closing}' here, in the {what} opened with '{bracket}' at line "
            f"{opened.line + 1}: separate its items with ', ' and put an item with ':' or ',' in quotes"
        )
        return mark.line, mark.column, message
    line = opened.line + 1
    message = f"the '{bracket}' opened at line {line} is never closed: add '{closing}' after its last item"
    return opened.line, opened.column, message


def _open_bracket(text: str, end: int) -> int | None:
    """Where the innermost ``[`` or ``{`` still open at ``end`` is (quotes and comments skipped)."""
    stack: list[int] = []
    quote = ""
    for index, char in enumerate(text[:end]):
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"" and (index == 0 or text[index - 1] in " \t[{,:\n"):
            quote = char
        elif char == "#" and (index == 0 or text[index - 1] in " \t\n"):
            newline = text.find("\n", index, end)
            if newline < 0:
                break
            quote = "\n"  # skip to the end of the comment
        elif char in "[{":
            stack.append(index)
        elif char in "]}" and stack:
            stack.pop()
    return stack[-1] if stack else None


def _indentation(lines: list[str], index: int) -> str:
    """Line ``index`` (0-based) is indented wrongly: say so, with the line above it to compare."""
    line = lines[index] if index < len(lines) else ""
    indent = len(line) - len(line.lstrip(" "))
    above = next(
        (i for i in range(index - 1, -1, -1) if lines[i].strip() and not lines[i].lstrip().startswith("#")),
        None,
    )
    message = f"the indentation of line {index + 1} is off"
    if above is not None:
        prefix = re.match(r"\s*(?:-\s+)*", lines[above])
        column = prefix.end() if prefix else 0
        message += (
            f": it starts at column {indent + 1}, and the key on line {above + 1} at column {column + 1}"
        )
    return (
        message + ". Keys of one mapping, and the '- ' items of one list, start at the same column; "
        "indent with spaces"
    )


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
        self.line_starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]
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


_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
"""What YAML counts as a line break (so lines are numbered as in its marks)."""

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
        header_end = _LINE_BREAK.search(text, position)
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
