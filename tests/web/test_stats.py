"""The anonymous counts file."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import pytest

from advocate.errors import AdvocateError
from advocate.web.stats import Count, Stats
from disks import read_only_disk


def test_counts_add_up_per_day_document_and_format(tmp_path: Path) -> None:
    stats = Stats(tmp_path)
    day, next_day = dt.date(2026, 1, 1), dt.date(2026, 1, 2)
    for _ in range(3):
        stats.count("constituent-letter", "pdf", day)
    stats.count("constituent-letter", "docx", day)
    stats.count("briefing:mp", "pdf", next_day)
    assert Stats(tmp_path).rows() == [
        Count(next_day, "briefing:mp", "pdf", 1),
        Count(day, "constituent-letter", "docx", 1),
        Count(day, "constituent-letter", "pdf", 3),
    ]


def test_a_counts_file_that_cannot_be_made_is_a_message(tmp_path: Path) -> None:
    with read_only_disk(tmp_path / "disk") as disk, pytest.raises(AdvocateError) as raised:
        Stats(disk)
    assert str(raised.value) == (
        f"{disk / 'stats.sqlite3'}: could not open the counts file: unable to open database file "
        "(check the data folder's permissions and free space)"
    )


def test_a_count_that_cannot_be_written_is_one_logged_line_and_the_request_goes_on(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    stats = Stats(tmp_path)
    (tmp_path / "stats.sqlite3").unlink()
    (tmp_path / "stats.sqlite3").mkdir()  # the file replaced by a folder: SQLite cannot open it
    with caplog.at_level(logging.WARNING, logger="advocate.web"):
        stats.count("constituent-letter", "pdf", dt.date(2026, 1, 1))
    assert [(r.levelname, r.getMessage()) for r in caplog.records] == [
        (
            "WARNING",
            f"{tmp_path / 'stats.sqlite3'}: could not add to the counts: unable to open database file "
            "(check the data folder's permissions and free space)",
        )
    ]
