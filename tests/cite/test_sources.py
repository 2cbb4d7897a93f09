"""Sources as the CSL JSON pandoc reads."""

from __future__ import annotations

import datetime as dt

from advocate.cite import csl_items


def test_dates_are_passed_as_date_parts() -> None:
    items = csl_items(
        {"a": {"issued": "2021-06-10", "accessed": dt.date(2023, 1, 5), "submitted": "2020/2021"}}
    )
    assert items == [
        {
            "id": "a",
            "issued": {"date-parts": [[2021, 6, 10]]},
            "accessed": {"date-parts": [[2023, 1, 5]]},
            "submitted": {"date-parts": [[2020], [2021]]},
        }
    ]
    assert csl_items({"b": {"issued": "spring 2020"}})[0]["issued"] == {"literal": "spring 2020"}


def test_other_date_forms_and_fields() -> None:
    (item,) = csl_items(
        {
            "c": {
                "issued": 2020,
                "accessed": dt.datetime(2023, 1, 5, 9, 30),
                "original-date": [1948, 12],
                "title": "T",
            }
        }
    )
    assert item["issued"] == {"date-parts": [[2020]]}
    assert item["accessed"] == {"date-parts": [[2023, 1, 5]]}
    assert item["original-date"] == {"date-parts": [[1948, 12]]}
    assert item["title"] == "T"
