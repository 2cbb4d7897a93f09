"""A YAML syntax error in plain words: what the parser's complaint means and what to do about it.

In: the parser's ``MarkedYAMLError`` and the file's text. Out: one ``Problem`` at the place to
mend (the unclosed quote or bracket, the tab, the colon inside a value, the line indented wrongly),
saying what to write instead; the parser's own words when there is nothing plainer to say.
"""

from __future__ import annotations

import re

import yaml

from advocate.errors import Location, Problem
from advocate.yamlfile.marks import LINE_BREAK, path_at


def syntax_problem(name: str, exc: yaml.MarkedYAMLError, text: str) -> Problem:
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
    lines = [*LINE_BREAK.split(text), ""]
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


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
