"""read_yaml: safe loading, and every way a file can fail to be read."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from advocate.yamlfile import MAX_FILE_BYTES, read_yaml

from .helpers import messages, write


def test_empty_and_comment_only_files_give_no_node_and_no_problem(tmp_path: Path) -> None:
    assert read_yaml(write(tmp_path, "", "empty.yaml")) == (None, [])
    assert read_yaml(write(tmp_path, "# nothing yet\n\n", "comment.yaml")) == (None, [])


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


def test_raw_control_character_is_a_one_line_error_with_its_line(tmp_path: Path) -> None:
    # A form feed pasted from a PDF: yaml raises a ReaderError (no mark), which must still be located.
    _, problems = read_yaml(write(tmp_path, "points:\n  - id: p\n    claim: a\x0cb\n"), "f.yaml")
    assert len(problems) == 1
    text = str(problems[0])
    assert "\n" not in text
    assert "<unicode string>" not in text
    assert problems[0].location.line == 3
    assert "control character U+000C" in text


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


def test_a_file_over_max_file_bytes_is_refused_by_its_size_without_reading_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, "a: b\n")
    with path.open("r+b") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: nothing written, nothing to read
    _, problems = read_yaml(path, "f.yaml")
    assert messages(problems) == ["f.yaml: file too large: expected at most 20,971,520 bytes, got 20,971,521"]


def test_a_fifo_or_dev_zero_is_one_problem_not_a_hang_or_memory_error(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    assert messages(read_yaml(fifo, "fifo.yaml")[1]) == [
        "fifo.yaml: expected a regular file, got a FIFO (named pipe)"
    ]
    assert messages(read_yaml(Path("/dev/zero"))[1]) == ["/dev/zero: expected a regular file, got a device"]
