"""errors: problems as the user reads them, and how many are listed at once."""

from __future__ import annotations

import pytest

from advocate import errors
from advocate.errors import Location, Problem, listed, sort_problems


def test_problems_past_max_listed_are_counted_not_listed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(errors, "MAX_LISTED", 2)
    problems = sort_problems(
        [Problem(Location("a.yaml", n), f"wrong {n}") for n in (1, 2, 3)]
        + [Problem(Location("a.yaml", 4), "odd", severity="warning")]
    )
    assert listed(problems) == [
        "a.yaml:1: wrong 1",
        "a.yaml:2: wrong 2",
        "and 2 more not listed (1 error(s), 1 warning(s)): fix those above and run again",
    ]


def test_up_to_max_listed_problems_are_all_listed() -> None:
    problems = [Problem(Location("a.yaml", n), "wrong") for n in range(1, errors.MAX_LISTED + 1)]
    assert listed(problems) == [str(p) for p in problems]
    assert errors.MAX_LISTED == 200
