"""people: reading a people CSV (header, mapping, records, limits), then each row checked."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from advocate import people
from advocate.constituents import check_row
from advocate.errors import AdvocateError
from advocate.library.check import load_checked_library
from advocate.people import COLUMNS, ColumnMap, parse_columns, read_people
from people_files import HEADER, TOPICS, row, rows_of, write

REPO = Path(__file__).resolve().parents[1]


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


def test_the_bundled_people_file_is_valid() -> None:
    library = load_checked_library(REPO / "library")
    rows = rows_of(REPO / "briefs" / "people.csv", "people.csv")
    assert len(rows) == 12
    for r in rows:
        _, problems = check_row(r, "people.csv", library.topics)
        assert problems == []


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


def test_an_oversized_record_fails_alone_with_its_record_number_and_the_rest_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(people, "MAX_RECORD_CHARS", 300)
    long = row(personal='A quote " and a comma, then lines\n' * 10)
    text = "\n".join([HEADER, row(name="Jo"), long, row(name="Al"), 'a,"b""c",d' + "x" * 400, row(name="Cy")])
    rows = rows_of(write(tmp_path, text + "\n"), "p.csv")
    assert [(r.line, r.number, r.values["name"]) for r in rows] == [
        (2, 2, "Jo"),
        (3, 3, ""),
        (14, 4, "Al"),
        (15, 5, ""),
        (16, 6, "Cy"),
    ]
    assert [str(p) for r in rows for p in check_row(r, "p.csv", TOPICS)[1]] == [
        f"p.csv:3: expected a record of at most 300 characters, got {len(long) + 1} (record 3): it was not "
        "read; shorten its values",
        "p.csv:15: expected a record of at most 300 characters, got 411 (record 5): it was not read; shorten "
        "its values",
    ]


def test_a_record_of_the_real_limit_is_read_and_one_over_is_not(tmp_path: Path) -> None:
    header = HEADER + "," + ",".join(f"extra{i}" for i in range(11))  # columns the tool ignores
    base = row(name="Jo") + "," + ",".join(["x" * 9_000] * 10) + ","
    exact = base + "x" * (people.MAX_RECORD_CHARS - len(base) - 1)  # and its line break: 100,000
    rows, _ = read_people(write(tmp_path, "\n".join([header, exact, exact + "y"]) + "\n"), "p.csv")
    assert [(r.values["name"], r.oversize) for r in rows] == [("Jo", 0), ("", 100_001)]


def test_a_header_over_the_record_limit_stops_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(people, "MAX_RECORD_CHARS", 20)
    with pytest.raises(AdvocateError) as error:
        read_people(write(tmp_path, HEADER + "\n"), "p.csv")
    assert (
        str(error.value) == f"p.csv:1: expected a header line of at most 20 characters, got {len(HEADER) + 1}"
    )


def test_a_people_file_over_its_size_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "\n")
    with path.open("r+b") as handle:
        handle.truncate(people.MAX_FILE_BYTES + 1)  # sparse: nothing to read
    with pytest.raises(AdvocateError) as error:
        read_people(path, "p.csv")
    assert str(error.value) == "p.csv: file too large: expected at most 67,108,864 bytes, got 67,108,865"


def test_a_people_file_that_is_a_fifo_or_dev_zero_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "people.csv"
    os.mkfifo(fifo)
    with pytest.raises(AdvocateError, match=r"^p\.csv: expected a regular file, got a FIFO \(named pipe\)$"):
        read_people(fifo, "p.csv")
    with pytest.raises(AdvocateError, match=r"^/dev/zero: expected a regular file, got a device$"):
        read_people(Path("/dev/zero"))


def test_malformed_csv_still_names_its_line(tmp_path: Path) -> None:
    text = "\n".join([HEADER, row(name="Jo"), 'Al,"1 Lane"x,EX1'])
    with pytest.raises(AdvocateError) as error:
        read_people(write(tmp_path, text + "\n"), "p.csv")
    assert str(error.value) == "p.csv:3: malformed CSV: ',' expected after '\"'"
