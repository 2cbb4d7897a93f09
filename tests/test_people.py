"""people: reading a people CSV, checking each row, the example generator."""

from __future__ import annotations

from pathlib import Path

import pytest

from advocate.errors import AdvocateError
from advocate.library.check import load_checked_library
from advocate.people import (
    COLUMNS,
    ColumnMap,
    Row,
    check_row,
    example_people,
    field_problem,
    parse_columns,
    read_people,
    write_people,
)

REPO = Path(__file__).resolve().parents[1]
HEADER = ",".join(COLUMNS)
TOPICS = ("detention", "torture")


def write(tmp_path: Path, text: str, name: str = "people.csv", bom: bool = False) -> Path:
    path = tmp_path / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def rows_of(path: Path, label: str) -> list[Row]:
    """The rows of a people file that has no warnings."""
    rows, warnings = read_people(path, label)
    assert warnings == []
    return rows


def row(**values: str) -> str:
    base = {
        "name": "Sam Sample",
        "address1": "1 Sample Lane",
        "postcode": "EX1 2AB",
        "representative": "Alex Placeholder",
        "representative_title": "MP",
        "constituency": "Exampleton",
    }
    base.update(values)
    return ",".join(_quote(base.get(column, "")) for column in COLUMNS)


def _quote(value: str) -> str:
    return '"' + value.replace('"', '""') + '"' if any(c in value for c in ',"\n') else value


def test_values_are_kept_exactly_as_written_and_rows_know_their_line(tmp_path: Path) -> None:
    text = "\n".join([HEADER, row(postcode="01234", personal="One.\n\nTwo, with a comma."), row(name="Jo")])
    rows = rows_of(write(tmp_path, text + "\n", bom=True), "people.csv")
    assert [r.line for r in rows] == [2, 5]
    assert rows[0].values["postcode"] == "01234"
    assert rows[0].values["personal"] == "One.\n\nTwo, with a comma."
    constituent, problems = check_row(rows[0], "people.csv", TOPICS)
    assert problems == []
    assert constituent is not None
    assert constituent.sender.address == ("1 Sample Lane", "01234")
    assert constituent.recipient.name == "Alex Placeholder MP"
    assert constituent.recipient.address == ("House of Commons", "London", "SW1A 0AA")
    assert constituent.personal == "One.\n\nTwo, with a comma."


def test_header_may_hold_some_columns_in_any_order_and_blank_records_are_skipped(tmp_path: Path) -> None:
    text = "Constituency,name,address1,postcode,representative\nExampleton,Sam,1 Lane,EX1,Alex\n,,,,\n\n"
    rows = rows_of(write(tmp_path, text), "p.csv")
    assert len(rows) == 1
    assert rows[0].values["constituency"] == "Exampleton"
    assert rows[0].values["topics"] == ""


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (
            "name,address1,postcode,representative",
            "p.csv:1: missing required column 'constituency': add it, or name the file's column that "
            'holds the constituency with --columns constituency="Header" (or columns: in the brief)',
        ),
        (HEADER + ",name", "p.csv:1: column 'name' appears twice"),
    ],
)
def test_a_bad_header_stops_everything(tmp_path: Path, header: str, message: str) -> None:
    with pytest.raises(AdvocateError) as caught:
        read_people(write(tmp_path, header + "\n" + row() + "\n"), "p.csv")
    assert message in str(caught.value).splitlines()


def test_an_empty_file_or_not_utf8_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(AdvocateError, match="expected a header line"):
        read_people(write(tmp_path, ""), "p.csv")
    path = tmp_path / "latin.csv"
    path.write_bytes((HEADER + "\nJos\xe9").encode("latin-1"))
    with pytest.raises(AdvocateError, match=r"latin\.csv:2: expected UTF-8 text, got byte 0xE9"):
        read_people(path, "latin.csv")


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


def test_example_people_are_deterministic_valid_and_varied(tmp_path: Path) -> None:
    assert example_people(30, 7) == example_people(30, 7)
    assert example_people(30, 7) != example_people(30, 8)
    people = example_people(200, 1)
    library = load_checked_library(REPO / "library")
    rows = rows_of(write_people(tmp_path / "p.csv", people), "p.csv")
    assert len(rows) == 200
    for r in rows:
        _, problems = check_row(r, "p.csv", library.topics)
        assert problems == [], problems
    with_personal = sum(1 for p in people if p["personal"])
    assert 40 <= with_personal <= 100
    assert sum(1 for p in people if p["topics"]) > 120


def test_the_bundled_people_file_is_valid() -> None:
    library = load_checked_library(REPO / "library")
    rows = rows_of(REPO / "briefs" / "people.csv", "people.csv")
    assert len(rows) == 12
    for r in rows:
        _, problems = check_row(r, "people.csv", library.topics)
        assert problems == []


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


# --------------------------------------------------------------------------- real exports (#12, part 6)

EXPORT = (
    "Full name,Address line 1,Post code,MP email,Representative,Constituency,Notes\n"
    "Sam Sample,1 Sample Lane,EX1 2AB,alex@example.org,Alex Placeholder,Exampleton,called twice\n"
)
MAPPING = (
    ColumnMap("name", "Full name"),
    ColumnMap("address1", "Address line 1"),
    ColumnMap("postcode", "Post code"),
)


def test_unknown_columns_are_ignored_with_one_warning_naming_them_all(tmp_path: Path) -> None:
    rows, warnings = read_people(
        write(tmp_path, HEADER + ",MP email,,Notes\n" + row() + ",a@b.org,x,y\n"), "p.csv"
    )
    assert [str(w) for w in warnings] == [
        "p.csv:1: warning: ignoring 3 columns the tool does not use: 'MP email', column 14 (no name), "
        "'Notes'; to use one, map it onto one of the tool's columns (" + ", ".join(COLUMNS) + ") with "
        '--columns COLUMN="Header"'
    ]
    assert rows[0].values["name"] == "Sam Sample"
    assert "MP email" not in rows[0].values
    assert rows[0].extra == 0


def test_columns_map_the_files_headers_onto_the_tools(tmp_path: Path) -> None:
    rows, warnings = read_people(write(tmp_path, EXPORT), "p.csv", MAPPING)
    assert [str(w) for w in warnings] == [
        "p.csv:1: warning: ignoring 2 columns the tool does not use: 'MP email', 'Notes'; to use one, map "
        "it onto one of the tool's columns (" + ", ".join(COLUMNS) + ') with --columns COLUMN="Header"'
    ]
    values = rows[0].values
    assert (values["name"], values["address1"], values["postcode"]) == (
        "Sam Sample",
        "1 Sample Lane",
        "EX1 2AB",
    )
    assert (values["representative"], values["constituency"]) == ("Alex Placeholder", "Exampleton")
    _, problems = check_row(rows[0], "p.csv", TOPICS)
    assert problems == []


def test_a_mapped_column_wins_over_one_with_the_tools_name(tmp_path: Path) -> None:
    text = "name,Full name,address1,postcode,representative,constituency\nSam,Sam Sample,1 Lane,EX1,Alex,Ex\n"
    rows, warnings = read_people(write(tmp_path, text), "p.csv", (ColumnMap("name", "full NAME "),))
    assert rows[0].values["name"] == "Sam Sample"
    assert [str(w).split(";")[0] for w in warnings] == [
        "p.csv:1: warning: ignoring 1 column the tool does not use: 'name'"
    ]


def test_a_missing_required_column_says_what_to_do_naming_the_closest_header(tmp_path: Path) -> None:
    with pytest.raises(AdvocateError) as caught:
        read_people(write(tmp_path, EXPORT), "p.csv", MAPPING[:2])
    assert str(caught.value).splitlines()[0] == (
        "p.csv:1: missing required column 'postcode': add it, or name the file's column that holds the "
        'constituent\'s postcode with --columns postcode="Post code" (or columns: in the brief)'
    )


def test_a_header_not_in_the_file_is_an_error_naming_the_files_headers(tmp_path: Path) -> None:
    mapping = (*MAPPING[:2], ColumnMap("postcode", "Postcode", "--columns"))
    with pytest.raises(AdvocateError) as caught:
        read_people(write(tmp_path, EXPORT), "p.csv", mapping)
    assert str(caught.value).splitlines()[0] == (
        "p.csv:1: --columns: postcode='Postcode': the file has no column 'Postcode' (did you mean "
        "'Post code'?); its columns are: 'Full name', 'Address line 1', 'Post code', 'MP email', "
        "'Representative', 'Constituency', 'Notes'"
    )


def test_parse_columns_reads_names_and_headers_quoted_or_not() -> None:
    assert parse_columns("name=\"Full name\", postcode=Post code,town='City, county'") == (
        ColumnMap("name", "Full name"),
        ColumnMap("postcode", "Post code"),
        ColumnMap("town", "City, county"),
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "nmae=Full name",
            "--columns: unknown column 'nmae' (did you mean 'name'?); expected one of: " + ", ".join(COLUMNS),
        ),
        ("name", '--columns: expected COLUMN="Header" (e.g. name="Full name"), got \'name\''),
        ("name=A,name=B", "--columns: column 'name' is mapped twice"),
        ("name=", "--columns: expected a header name after name="),
    ],
)
def test_a_bad_columns_option_is_an_error(text: str, message: str) -> None:
    with pytest.raises(AdvocateError) as caught:
        parse_columns(text)
    assert str(caught.value) == message


def test_record_numbers_do_not_count_quoted_line_breaks_or_blank_lines(tmp_path: Path) -> None:
    text = "\n".join(
        [HEADER, row(personal="One.\n\nTwo."), "", ",,,,,,,,,,,", row(name="Jo"), row(name="Al")]
    )
    rows = rows_of(write(tmp_path, text + "\n"), "p.csv")
    assert [(r.line, r.number) for r in rows] == [(2, 2), (7, 3), (8, 4)]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Sam\x85Sample", "expected one line, got a line break or tab at offset 3"),
        ("Sam\u2028Sample", "expected one line, got a line break or tab at offset 3"),
        ("Sam\u2029Sample", "expected one line, got a line break or tab at offset 3"),
        ("Sam\x9fSample", "expected text without control characters, got U+009F at offset 3"),
        ("Søren Ünal", None),
    ],
)
def test_one_line_values_refuse_unicode_line_breaks_and_c1_controls(value: str, expected: str | None) -> None:
    assert field_problem(value, "a name") == expected
    assert field_problem(value, "a paragraph", one_line=False) is None  # allowed where lines may break
