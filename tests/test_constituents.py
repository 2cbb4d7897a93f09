"""constituents: each row of a people file checked, every problem located by row and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from advocate.constituents import check_row
from people_files import HEADER, TOPICS, row, rows_of, write


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"name": ""}, "p.csv:2: name: expected the constituent's name, got nothing"),
        ({"name": "   "}, "p.csv:2: name: expected the constituent's name, got nothing"),
        ({"representative": ""}, "p.csv:2: representative: expected the representative's name, got nothing"),
        ({"constituency": ""}, "p.csv:2: constituency: expected the constituency, got nothing"),
        (
            {"name": "Sam\x07"},
            "p.csv:2: name: expected text without control characters, got U+0007 at offset 3",
        ),
        ({"town": "Example\tton"}, "p.csv:2: town: expected one line, got a line break or tab at offset 7"),
        ({"name": "x" * 201}, "p.csv:2: name: expected at most 200 characters, got 201"),
        ({"personal": "y" * 5001}, "p.csv:2: personal: expected at most 5000 characters, got 5001"),
        (
            {"topics": "torture;tortur"},
            "p.csv:2: topics: unknown topic 'tortur'; expected one of: detention, torture",
        ),
        (
            {"email": "not an address"},
            "p.csv:2: email: expected an email address such as name@example.org, got 'not an address'",
        ),
    ],
)
def test_each_bad_value_is_reported_with_row_and_column(
    tmp_path: Path, values: dict[str, str], expected: str
) -> None:
    rows = rows_of(write(tmp_path, HEADER + "\n" + row(**values) + "\n"), "p.csv")
    constituent, problems = check_row(rows[0], "p.csv", TOPICS)
    assert constituent is None
    assert [str(p) for p in problems] == [expected]


def test_a_personal_paragraph_may_have_line_breaks_but_not_other_controls(tmp_path: Path) -> None:
    rows = rows_of(write(tmp_path, HEADER + "\n" + row(personal="a\r\nb\x1b") + "\n"), "p.csv")
    _, problems = check_row(rows[0], "p.csv", TOPICS)
    assert [str(p) for p in problems] == [
        "p.csv:2: personal: expected text without control characters, got U+001B at offset 4"
    ]


def test_too_many_values_is_a_row_error(tmp_path: Path) -> None:
    rows = rows_of(write(tmp_path, HEADER + "\n" + row() + ",extra\n"), "p.csv")
    _, problems = check_row(rows[0], "p.csv", TOPICS)
    assert [str(p) for p in problems] == ["p.csv:2: expected one value per column of the header, got 1 more"]


def test_a_lone_surrogate_is_reported_with_its_row_and_column(tmp_path: Path) -> None:
    """#3: a lone surrogate (CESU-8 bytes from a broken export) names its column, like a control
    character, instead of rejecting the whole file as undecodable."""
    path = tmp_path / "p.csv"
    path.write_bytes(HEADER.encode() + b"\n" + row(town="Exampl@ton").encode().replace(b"@", b"\xed\xb0\x80"))
    _, problems = check_row(rows_of(path, "p.csv")[0], "p.csv", TOPICS)
    assert [str(p) for p in problems] == [
        "p.csv:2: town: expected text without control characters, got U+DC00 at offset 6"
    ]


@pytest.mark.parametrize("char", ["\x00", "\x0b", "\ufffe", "\uffff"])
def test_nul_vertical_tab_and_non_characters_name_their_column(tmp_path: Path, char: str) -> None:
    """#3: never silently dropped by a renderer later: refused here, naming the column."""
    rows = rows_of(write(tmp_path, HEADER + "\n" + row(personal=f"ab{char}") + "\n"), "p.csv")
    _, problems = check_row(rows[0], "p.csv", TOPICS)
    assert [str(p) for p in problems] == [
        f"p.csv:2: personal: expected text without control characters, got U+{ord(char):04X} at offset 2"
    ]
