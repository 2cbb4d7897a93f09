"""Syntax errors in plain words: located where to mend them, saying what to do."""

from __future__ import annotations

from pathlib import Path

import pytest

from advocate.yamlfile import read_yaml

from .helpers import messages, write


def test_syntax_error_gives_line_and_column(tmp_path: Path) -> None:
    node, problems = read_yaml(write(tmp_path, "a: b\n c: d\n"), "f.yaml")
    assert node is None
    assert messages(problems) == [
        "f.yaml:2:2: YAML syntax error: the indentation of line 2 is off: it starts at column 2, and the key "
        "on line 1 at column 1. Keys of one mapping, and the '- ' items of one list, start at the same "
        "column; indent with spaces"
    ]


def test_unclosed_flow_sequence_is_a_located_syntax_error(tmp_path: Path) -> None:
    _, problems = read_yaml(write(tmp_path, "points:\n  - id: a\n    claim: [unclosed\n"), "f.yaml")
    assert len(problems) == 1
    assert messages(problems) == [
        "f.yaml:3:12: YAML syntax error: the '[' opened at line 3 is never closed: add ']' after its "
        "last item"
    ]


def test_tab_indentation_is_a_located_syntax_error(tmp_path: Path) -> None:
    _, problems = read_yaml(write(tmp_path, "a:\n\t- b\n"), "f.yaml")
    assert messages(problems) == [
        "f.yaml:2:1: YAML syntax error: line 2 is indented with a tab; YAML needs spaces: replace the tab "
        "with spaces"
    ]


def test_several_documents_in_one_file_are_refused(tmp_path: Path) -> None:
    _, problems = read_yaml(write(tmp_path, "a: 1\n---\nb: 2\n"), "f.yaml")
    assert messages(problems) == [
        "f.yaml:2:1: YAML syntax error: a line '---' starts a second document, but a file holds one: "
        "remove it"
    ]


PLAIN_WORDS = {
    "a colon in a value": (
        "points:\n  - id: a\n    title: Uyghurs: the evidence\n",
        "3:19: YAML syntax error: the value has a colon followed by a space (': '), which YAML reads as "
        'a new key: put the whole value in quotes, e.g. title: "Uyghurs: the evidence"',
    ),
    "a colon in a value with quotes in it": (
        'title: He said "no": twice\n',
        "1:20: YAML syntax error: the value has a colon followed by a space (': '), which YAML reads as "
        "a new key: put the whole value in quotes, e.g. title: 'He said \"no\": twice'",
    ),
    "a tab for indentation": (
        "points:\n  - id: a\n  \ttitle: x\n",
        "3:3: YAML syntax error: line 3 is indented with a tab; YAML needs spaces: replace the tab "
        "with spaces",
    ),
    "an unclosed double quote": (
        'title: "unclosed\nnext: 1\n',
        '1:8: YAML syntax error: the quote " opened at line 1 is never closed: add the closing " at the '
        "end of the value",
    ),
    "an unclosed single quote": (
        "a: 1\ntitle: 'unclosed\nnext: 1\n",
        "2:8: YAML syntax error: the quote ' opened at line 2 is never closed: add the closing ' at the "
        "end of the value",
    ),
    "an unclosed mapping": (
        "recipient: {name: A\nnext: 1\n",
        "1:12: YAML syntax error: the '{' opened at line 1 is never closed: add '}' after its last item",
    ),
    "an unclosed list at the end": (
        "points:\n  - id: [\n",
        "2:9: YAML syntax error: the '[' opened at line 2 is never closed: add ']' after its last item",
    ),
    "a colon in a list item": (
        "topics: [a: b: c]\n",
        "1:14: YAML syntax error: expected ',' or ']' here, in the list opened with '[' at line 1: "
        "separate its items with ', ' and put an item with ':' or ',' in quotes",
    ),
    "a key indented less": (
        "points:\n  - id: a\n    claim: x\n   text: y\n",
        "4:4: YAML syntax error: the indentation of line 4 is off: it starts at column 4, and the key on "
        "line 3 at column 5. Keys of one mapping, and the '- ' items of one list, start at the same "
        "column; indent with spaces",
    ),
    "a key indented more": (
        "points:\n  - id: a\n     claim: x\n",
        "3:6: YAML syntax error: the indentation of line 3 is off: it starts at column 6, and the key on "
        "line 2 at column 5. Keys of one mapping, and the '- ' items of one list, start at the same "
        "column; indent with spaces",
    ),
    "a dash with no space": (
        "points:\n  -id: a\n  - id: b\n",
        "2:3: YAML syntax error: line 2 has a '-' with no space after it: write '- ' to start a list item",
    ),
    "a list item under a mapping": (
        "a: 1\n- b\n",
        "2:1: YAML syntax error: line 2 starts a list item ('- ') where a key was expected: a list "
        "belongs under a key ('topics:' on one line, then '  - item' on each line below it)",
    ),
    "a key without a colon": (
        "points:\n  - id: a\n    claim x\n    text: y\n",
        "3:5: YAML syntax error: line 3 has no ':' after its key: write 'key: value' (or, if it goes on "
        "with the value above, put that whole value in quotes)",
    ),
    "a value starting with @": (
        "handle: @campaign\n",
        "1:9: YAML syntax error: a value cannot start with '@': put the whole value in quotes, "
        'e.g. handle: "@campaign"',
    ),
    "text after a closing quote": (
        'title: "No" means no\n',
        "1:13: YAML syntax error: there is text after the value's closing quote: put the whole value in "
        "quotes, using the other kind of quote inside it, e.g. title: 'He said \"no\" today'",
    ),
    "a backslash in double quotes": (
        'path: "C:\\docs"\n',
        "1:10: YAML syntax error: a backslash (\\) inside double quotes starts an escape such as \\n: "
        "write \\\\ for a backslash, or put the value in single quotes",
    ),
}


@pytest.mark.parametrize("text, expected", PLAIN_WORDS.values(), ids=PLAIN_WORDS)
def test_syntax_errors_say_what_to_do_in_one_error(tmp_path: Path, text: str, expected: str) -> None:
    _, problems = read_yaml(write(tmp_path, text), "f.yaml")
    assert len(problems) == 1
    assert messages(problems) == [f"f.yaml:{expected}"]


def test_an_error_with_no_plain_words_keeps_the_parsers(tmp_path: Path) -> None:
    _, problems = read_yaml(write(tmp_path, "%FOO bar\n---\na: 1\n"), "f.yaml")
    assert messages(problems) == [
        "f.yaml:1:5: YAML syntax error: while scanning a directive found unknown directive name"
    ]
