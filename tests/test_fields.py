"""fields: the rules for a value a person typed."""

from __future__ import annotations

import pytest

from advocate.fields import field_problem


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


# --------------------------------------------------------------------------- limits (issue 14, part 5)
