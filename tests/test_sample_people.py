"""sample_people: the example generator, deterministic, valid and varied."""

from __future__ import annotations

from pathlib import Path

from advocate.constituents import check_row
from advocate.library.check import load_checked_library
from advocate.sample_people import write_people
from bundled import bundled_people
from people_files import rows_of

REPO = Path(__file__).resolve().parents[1]


def test_example_people_are_deterministic_valid_and_varied(tmp_path: Path) -> None:
    assert bundled_people(30, 7) == bundled_people(30, 7)
    assert bundled_people(30, 7) != bundled_people(30, 8)
    people = bundled_people(200, 1)
    library = load_checked_library(REPO / "library")
    rows = rows_of(write_people(tmp_path / "p.csv", people), "p.csv")
    assert len(rows) == 200
    for r in rows:
        _, problems = check_row(r, "p.csv", library.topics)
        assert problems == [], problems
    with_personal = sum(1 for p in people if p["personal"])
    assert 40 <= with_personal <= 100
    assert sum(1 for p in people if p["topics"]) > 120
