"""Inputs the commands refuse with one message and no traceback (issue 14, parts 4 and 5): a brief or
people file that is a FIFO, a device or a folder; a date at the calendar's edge; a row too long; too
many problems to list."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from advocate import errors, people
from advocate.cli import main
from advocate.people import COLUMNS
from advocate.sample_people import write_people

REPO = Path(__file__).resolve().parents[1]
LIBRARY = REPO / "library"
BRIEF = REPO / "briefs" / "constituent-letter.yaml"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    started = time.monotonic()
    status = main([*argv, "--library", str(LIBRARY)])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    assert time.monotonic() - started < 30  # no hang on a FIFO, no endless read of /dev/zero
    return status, out, err


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "brief.yaml"
    os.mkfifo(path)
    return path


def test_build_refuses_a_fifo_a_device_and_a_folder_as_briefs(
    tmp_path: Path, fifo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = str(tmp_path / "out")
    status, _, err = run(capsys, "build", str(fifo), "/dev/zero", str(tmp_path), "--out", out)
    assert status == 1
    assert err.splitlines() == [
        "/dev/zero: expected a regular file, got a device",
        f"{tmp_path}: expected a regular file, got a folder",
        f"{fifo}: expected a regular file, got a FIFO (named pipe)",
    ]
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("date", ["9999-12-31", "0001-01-01"])
def test_build_refuses_a_date_at_the_calendars_edge_at_load(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], date: str
) -> None:
    brief = tmp_path / "late.yaml"
    brief.write_text(BRIEF.read_text(encoding="utf-8").replace("date: 2021-12-15", f"date: {date}"), "utf-8")
    status, _, err = run(capsys, "build", str(brief), "--out", str(tmp_path / "out"), "--format", "docx")
    assert (status, err) == (
        1,
        f"{brief}:5:7: date: expected a date from 1000-01-01 to 2999-12-31, got {date}\n",
    )


@pytest.mark.parametrize("kind", ["fifo", "device", "folder"])
def test_letters_refuses_a_people_file_that_is_not_a_regular_file(
    tmp_path: Path, fifo: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    path = {"fifo": fifo, "device": Path("/dev/zero"), "folder": tmp_path}[kind]
    what = {"fifo": "a FIFO (named pipe)", "device": "a device", "folder": "a folder"}[kind]
    status, _, err = run(capsys, "letters", str(BRIEF), "--people", str(path), "--out", str(tmp_path / "o"))
    assert (status, err) == (1, f"{path}: expected a regular file, got {what}\n")


def test_letters_fails_an_oversized_row_alone_and_writes_the_others(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(people, "MAX_RECORD_CHARS", 1_000)
    base = dict.fromkeys(COLUMNS, "") | {
        "address1": "1 Sample Lane",
        "postcode": "EX1 2AB",
        "representative": "Alex Placeholder",
        "constituency": "Exampleton",
    }
    rows = [base | {"name": "Ann Good"}, base | {"name": "Val Long", "personal": "y" * 2_000}]
    path = write_people(tmp_path / "people.csv", [*rows, base | {"name": "Ben Good"}])
    out = tmp_path / "out"
    options = ["--out", str(out), "--format", "docx", "--workers", "1"]
    status, stdout, err = run(capsys, "letters", str(BRIEF), "--people", str(path), *options)
    assert status == 1
    assert [line for line in err.splitlines() if not line.startswith("note: ")] == [
        f"{path}:3: expected a record of at most 1,000 characters, got 2,066 (record 3): it was not read; "
        "shorten its values"
    ]
    assert stdout.startswith("2 letters written, 0 skipped (unchanged), 1 row failed;")
    assert sorted(p.name for p in out.glob("*.docx")) == ["0002-ann-good.docx", "0004-ben-good.docx"]


def test_at_most_max_listed_problems_are_printed_then_how_many_more(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(errors, "MAX_LISTED", 2)
    briefs = [tmp_path / f"b{i}.yaml" for i in range(5)]
    for brief in briefs:
        brief.write_text("kind: letter\n", encoding="utf-8")  # five keys missing: 25 problems
    status, _, err = run(capsys, "build", *map(str, briefs), "--out", str(tmp_path / "out"))
    lines = err.splitlines()
    assert status == 1 and len(lines) == 3
    assert lines[2] == "and 23 more not listed (23 error(s), 0 warning(s)): fix those above and run again"
