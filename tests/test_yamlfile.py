"""read_yaml: located nodes, safe loading, and every way a file can fail to be read."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
import yaml

from advocate import yamlfile
from advocate.errors import Location
from advocate.yamlfile import ValueLocator, node_location, path_at, read_yaml


def write(tmp_path: Path, text: str | bytes, name: str = "f.yaml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def messages(problems: list) -> list[str]:
    return [str(p) for p in problems]


def test_empty_and_comment_only_files_give_no_node_and_no_problem(tmp_path: Path) -> None:
    assert read_yaml(write(tmp_path, "", "empty.yaml")) == (None, [])
    assert read_yaml(write(tmp_path, "# nothing yet\n\n", "comment.yaml")) == (None, [])


def test_nodes_carry_one_based_line_and_column(tmp_path: Path) -> None:
    node, problems = read_yaml(write(tmp_path, "points:\n  - id: a\n    claim: b\n"), "lib/f.yaml")
    assert problems == []
    assert isinstance(node, yaml.MappingNode)
    item = node.value[0][1].value[0]
    claim_key, claim_value = item.value[1]
    assert str(node_location("lib/f.yaml", item)) == "lib/f.yaml:2:5"
    assert str(node_location("lib/f.yaml", claim_key)) == "lib/f.yaml:3:5"
    assert str(node_location("lib/f.yaml", claim_value)) == "lib/f.yaml:3:12"


def test_label_names_the_file_in_messages(tmp_path: Path) -> None:
    _, problems = read_yaml(write(tmp_path, "a: [\n"), "library/points/x.yaml")
    assert messages(problems)[0].startswith("library/points/x.yaml:")
    _, problems = read_yaml(write(tmp_path, "a: [\n", "unlabelled.yaml"))
    assert messages(problems)[0].startswith(f"{tmp_path / 'unlabelled.yaml'}:")


def test_scalars_stay_exactly_as_written(tmp_path: Path) -> None:
    node, problems = read_yaml(write(tmp_path, "a: NO\nb: 01234\nc: 1.10\nd: 2021-06-18\ne: ~\nf: 0x1F\n"))
    assert problems == []
    assert node is not None
    values = {key.value: value.value for key, value in node.value}
    assert values == {"a": "NO", "b": "01234", "c": "1.10", "d": "2021-06-18", "e": "~", "f": "0x1F"}


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


def test_raw_control_character_is_a_one_line_error_with_its_line(tmp_path: Path) -> None:
    # A form feed pasted from a PDF: yaml raises a ReaderError (no mark), which must still be located.
    _, problems = read_yaml(write(tmp_path, "points:\n  - id: p\n    claim: a\x0cb\n"), "f.yaml")
    assert len(problems) == 1
    text = str(problems[0])
    assert "\n" not in text
    assert "<unicode string>" not in text
    assert problems[0].location.line == 3
    assert "control character U+000C" in text


def test_several_documents_in_one_file_are_refused(tmp_path: Path) -> None:
    _, problems = read_yaml(write(tmp_path, "a: 1\n---\nb: 2\n"), "f.yaml")
    assert messages(problems) == [
        "f.yaml:2:1: YAML syntax error: a line '---' starts a second document, but a file holds one: "
        "remove it"
    ]


def test_non_utf8_bytes_are_refused_with_their_line(tmp_path: Path) -> None:
    node, problems = read_yaml(write(tmp_path, b"title: ok\nnote: caf\xe9 (Latin-1)\n"), "f.yaml")
    assert node is None
    assert len(problems) == 1
    assert problems[0].location.file == "f.yaml"
    assert problems[0].location.line == 2
    assert problems[0].message.startswith("expected UTF-8 text, got the byte 0x")


def test_utf8_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    node, problems = read_yaml(write(tmp_path, b"\xef\xbb\xbftitle: caf\xc3\xa9\n"))
    assert problems == []
    assert node is not None
    assert node.value[0][1].value == "café"


def test_missing_file_is_a_problem_not_an_exception(tmp_path: Path) -> None:
    node, problems = read_yaml(tmp_path / "absent.yaml", "absent.yaml")
    assert node is None
    assert len(problems) == 1
    assert str(problems[0]).startswith("absent.yaml: cannot read file: ")


def test_python_tag_is_refused_and_never_executed(tmp_path: Path) -> None:
    marker = tmp_path / "PWNED"
    text = f"points:\n  - id: !!python/object/apply:os.system ['touch {marker}']\n"
    _, problems = read_yaml(write(tmp_path, text), "f.yaml")
    assert messages(problems) == [
        "f.yaml:2:9: YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed"
    ]
    assert not marker.exists()


def test_local_tag_is_refused(tmp_path: Path) -> None:
    _, problems = read_yaml(write(tmp_path, "a: 1\nb: !secret value\n"), "f.yaml")
    assert messages(problems) == ["f.yaml:2:4: YAML tag '!secret' is not allowed"]


def test_explicit_core_tags_are_accepted(tmp_path: Path) -> None:
    node, problems = read_yaml(write(tmp_path, "a: !!str 01234\nb: !!int 3\n"))
    assert problems == []
    assert node is not None
    assert [v.value for _, v in node.value] == ["01234", "3"]


def test_plain_alias_is_refused_where_it_is_used(tmp_path: Path) -> None:
    node, problems = read_yaml(write(tmp_path, "a: &x hello\nb: *x\n"), "f.yaml")
    assert node is not None
    # The alias is on line 2, column 4: that is where the value has to be written out.
    assert messages(problems) == ["f.yaml:2:4: YAML alias *x is not allowed; write the value out"]


def test_anchor_without_alias_is_harmless(tmp_path: Path) -> None:
    _, problems = read_yaml(write(tmp_path, "a: &x hello\nb: world\n"))
    assert problems == []


def test_alias_bomb_is_refused_without_expanding(tmp_path: Path) -> None:
    # 30 levels of 10 aliases each: expanded, this is 10**30 strings, so the test could only finish
    # if nothing expands it. One problem per alias written, none per expanded copy.
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]" for i in range(1, 31)]
    text = "\n".join(lines) + "\n"
    node, problems = read_yaml(write(tmp_path, text), "bomb.yaml")
    assert node is not None
    assert problems
    assert [p.message for p in problems] == [
        f"YAML alias *l{i} is not allowed; write the value out" for i in range(30)
    ]
    assert all(p.location.file == "bomb.yaml" and p.location.line >= 1 for p in problems)


def test_deep_nesting_is_a_syntax_error_not_a_crash(tmp_path: Path) -> None:
    _, problems = read_yaml(write(tmp_path, "points: " + "[" * 5000 + "]" * 5000 + "\n"), "f.yaml")
    assert len(problems) == 1
    assert problems[0].location.line == 1
    assert "nesting depth" in problems[0].message


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"y\x00", "expected printable text, got the control character U+0000"),
        (b"y\x0b", "expected printable text, got the control character U+000B"),
        (b"y\xed\xa0\x80", "expected printable text, got a lone surrogate U+D800"),  # CESU-8 bytes
        (b'"\\udc00"', "expected text without lone surrogates, got an escaped one (\\uD800 to \\uDFFF)"),
    ],
)
def test_unreadable_characters_name_the_field_they_are_in(tmp_path: Path, raw: bytes, message: str) -> None:
    """#3: a control character or lone surrogate stops the file, and the error names the field."""
    text = b"points:\n  - id: a\n  - id: b\n    audiences: {mp: 1, constituent: [x, RAW]}\n"
    _, problems = read_yaml(write(tmp_path, text.replace(b"RAW", raw)), "f.yaml")
    assert [p.message for p in problems] == [message]
    assert problems[0].path == "points[1].audiences.constituent[1]"
    assert problems[0].location.line == 4


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: 1\nb:\n  - c: x", "b[0].c"),
        ("- [1, {k: [2, x]}]", "[0][1].k[1]"),
        ("top: {a: {b: x}}", "top.a.b"),
        ("x", ""),
    ],
)
def test_path_at_names_the_node_at_an_offset(text: str, expected: str) -> None:
    assert path_at(text, text.rindex("x")) == expected


# --- ValueLocator: the very character inside a value ------------------------------------------------

SCALAR_STYLES = {
    "plain": "k: Held in “camps” [@a] and\n  more lines\n\n  after a blank one\n",
    "single-quoted": "k: 'It''s held\n  over ''lines'' [@a]\n\n  there'\n",
    "double-quoted": 'k: "Caf\\u00e9 \\"held\\" \\x40a \\\n  joined\\tand\n  folded \\\\ [@a]"\n',
    "folded": "k: >- # a comment: [@x]\n  Held in\n  camps\n\n    more indented\n  [@a] end\n",
    "literal": "k: |2+\n    Held in\n   camps [@a]\n\n",
    "flow": "k: [one, 'two [@a]', \"three\"]\n",
    "crlf and a bom": "\ufeffk: >-\r\n  Held “in”\r\n  camps [@a]\r\n",
}


@pytest.mark.parametrize("style", list(SCALAR_STYLES))
def test_every_character_of_a_value_is_located_where_it_is_written(tmp_path: Path, style: str) -> None:
    text = SCALAR_STYLES[style]
    path = write(tmp_path, text.encode("utf-8"))
    root = yaml.compose(text.removeprefix("\ufeff"), Loader=yaml.SafeLoader)
    ((_key, node),) = root.value
    item = 1 if isinstance(node, yaml.SequenceNode) else None
    value = node.value[1].value if item is not None else node.value
    lines = text.removeprefix("\ufeff").replace("\r\n", "\n").split("\n")
    locator = ValueLocator()
    key_at = Location(str(path), 1, 1)
    for offset, char in enumerate(value):
        if char.isspace():
            continue
        at = locator.locate(key_at, value, offset, item)
        assert at is not None
        written = lines[at.line - 1][at.column - 1 :]
        # the character itself, or the escape that stands for it
        assert written.startswith(char) or (style == "double-quoted" and written.startswith("\\")), (
            offset,
            char,
            at,
        )


def test_a_value_the_file_does_not_hold_is_not_located(tmp_path: Path) -> None:
    path = write(tmp_path, "k: Held [@a]\n")
    locator = ValueLocator()
    assert locator.locate(Location(str(path), 1, 1), "Held [@a]", 5) == Location(str(path), 1, 9)
    assert locator.locate(Location(str(path), 1, 1), "Changed [@a]", 5) is None
    assert locator.locate(Location(str(path), 2, 1), "Held [@a]", 5) is None
    assert locator.locate(Location(str(tmp_path / "gone.yaml"), 1, 1), "Held [@a]", 5) is None
    assert locator.locate(Location(""), "Held [@a]", 5) is None


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


# --------------------------------------------------------------------------- limits (issue 14, part 5)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "title: t\ntopics:\n  - a\n  - b\n  - c\n  - d\n",
            "3:3: topics: expected a list of at most 3 items",
        ),
        ("columns: {a: 1, b: 2, c: 3, d: 4}\n", "1:10: columns: expected a mapping of at most 3 keys"),
    ],
)
def test_a_list_or_mapping_past_max_items_is_refused_where_it_starts_before_the_rest_is_composed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, expected: str
) -> None:
    monkeypatch.setattr(yamlfile, "MAX_ITEMS", 3)
    assert messages(read_yaml(write(tmp_path, "topics: [a, b, c]\nc: {a: 1, b: 2, c: 3}\n"))[1]) == []
    _, problems = read_yaml(write(tmp_path, text), "f.yaml")
    assert messages(problems) == [f"f.yaml:{expected}, got more"]


def test_a_file_past_max_nodes_is_refused_where_it_goes_past(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(yamlfile, "MAX_NODES", 6)
    text = "a: [1, 2]\nb: [3, 4]\n"  # the root, a, its list and items, b: 6; b's list is the 7th
    _, problems = read_yaml(write(tmp_path, text), "f.yaml")
    assert messages(problems) == [
        "f.yaml:2:4: b: expected a file of at most 6 values (keys, texts, lists and mappings), got "
        "more: split it into smaller files"
    ]


def test_nesting_past_max_depth_is_refused_without_recursing_further(tmp_path: Path) -> None:
    text = "a: " + "[" * 70 + "]" * 70 + "\n"
    _, problems = read_yaml(write(tmp_path, text), "f.yaml")
    assert len(problems) == 1
    assert str(problems[0]).startswith("f.yaml:1:67: a")
    assert problems[0].message == "expected lists and mappings nested at most 64 deep, got deeper"


def test_a_brief_of_18_mb_with_a_9_million_item_list_fails_fast_with_one_problem(tmp_path: Path) -> None:
    path = write(tmp_path, "kind: letter\ntopics: [" + "a," * 9_000_000 + "a]\n")
    assert path.stat().st_size > 18_000_000
    started = time.monotonic()
    _, problems = read_yaml(path, "big.yaml")
    assert messages(problems) == ["big.yaml:2:9: topics: expected a list of at most 100,000 items, got more"]
    assert time.monotonic() - started < 15  # it took 180 s (and 5.2 GB) when the list was composed whole


def test_a_file_over_max_file_bytes_is_refused_by_its_size_without_reading_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, "a: b\n")
    with path.open("r+b") as handle:
        handle.truncate(yamlfile.MAX_FILE_BYTES + 1)  # sparse: nothing written, nothing to read
    _, problems = read_yaml(path, "f.yaml")
    assert messages(problems) == ["f.yaml: file too large: expected at most 20,971,520 bytes, got 20,971,521"]


def test_a_fifo_or_dev_zero_is_one_problem_not_a_hang_or_memory_error(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    assert messages(read_yaml(fifo, "fifo.yaml")[1]) == [
        "fifo.yaml: expected a regular file, got a FIFO (named pipe)"
    ]
    assert messages(read_yaml(Path("/dev/zero"))[1]) == ["/dev/zero: expected a regular file, got a device"]


def test_merge_and_value_keys_are_still_refused_as_tags(tmp_path: Path) -> None:
    _, problems = read_yaml(write(tmp_path, "a: {x: 1}\nb:\n  <<: {x: 1}\nc: =\n"), "f.yaml")
    assert sorted(messages(problems)) == [
        "f.yaml:3:3: YAML tag 'tag:yaml.org,2002:merge' is not allowed",
        "f.yaml:4:4: YAML tag 'tag:yaml.org,2002:value' is not allowed",
    ]
