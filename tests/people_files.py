"""People files for tests: a header, a row of valid values, written to a file and read back."""

from __future__ import annotations

from pathlib import Path

from advocate.people import COLUMNS, Row, read_people

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
