"""How schema types are named in messages."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from advocate.schema import describe


def test_describe_names_types_for_messages() -> None:
    assert describe(tuple[str, ...]) == "a list of text"
    assert describe(int | None) == "a whole number"
    assert describe(Literal["a", "b"]) == "one of a, b"
    assert describe(dt.date) == "a date (YYYY-MM-DD)"
