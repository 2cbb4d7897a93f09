"""The scalar readers: whole numbers, text, dates; and ``INVALID``."""

from __future__ import annotations

import datetime as dt

import pytest

from advocate.schema import DATES, INVALID, is_invalid

from .helpers import read


def test_whole_numbers_keep_their_value_and_refuse_decimals() -> None:
    assert read("01234", int) == (1234, [])
    assert read("-3", int) == (-3, [])
    assert read("1.5", int)[1] == ["f.yaml:1:1: x: expected a whole number, got '1.5'"]


def test_text_keeps_what_yaml_would_otherwise_reinterpret() -> None:
    for written in ("NO", "yes", "01234", "1.10", "2021-06-18", "0x1F", "1e3", ".inf"):
        assert read(written, str) == (written, [])


def test_text_refuses_control_characters_naming_the_field() -> None:
    value, problems = read('"bad\\x0bchar"', str, "points[0].claim")
    assert value is INVALID
    assert problems == [
        "f.yaml:1:1: points[0].claim: expected text without control characters, got U+000B at offset 3"
    ]


def test_text_accepts_tabs_and_newlines() -> None:
    assert read('"a\\tb\\nc"', str) == ("a\tb\nc", [])


def test_is_invalid() -> None:
    assert is_invalid(INVALID)
    assert not is_invalid(None)
    assert not is_invalid(())


@pytest.mark.parametrize("written", ["1000-01-01", "2021-06-18", "2999-12-31"])
def test_dates_inside_the_supported_range_are_read(written: str) -> None:
    assert read(written, dt.date) == (dt.date.fromisoformat(written), [])


@pytest.mark.parametrize("written", ["9999-12-31", "3000-01-01", "0999-12-31", "0001-01-01"])
def test_dates_at_the_calendars_edges_are_refused_where_they_are_written(written: str) -> None:
    value, problems = read(f"\n  {written}", dt.date, "date")
    assert is_invalid(value)
    assert problems == [f"f.yaml:2:3: date: expected a date from 1000-01-01 to 2999-12-31, got {written}"]


def test_the_supported_range_leaves_a_year_of_room_before_the_calendar_ends() -> None:
    first, last = DATES
    assert last + dt.timedelta(days=366) <= dt.date.max and first - dt.timedelta(days=366) >= dt.date.min
