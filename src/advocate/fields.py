"""The rules for a value a person typed: shared by the people file and the web app's forms.

In: one value (a column of a people file's row, a field of a web form), what is expected of it and
its limit. Out: what is wrong with it, as a message, or None.
"""

from __future__ import annotations

import re

from advocate.schema import control_character_problem

MAX_FIELD = 200
"""The longest value accepted by default (in a people file: every column but ``personal``), in characters."""


def field_problem(value: str, what: str | None, limit: int = MAX_FIELD, one_line: bool = True) -> str | None:
    """What is wrong with a value a person typed, or None: nothing given when ``what`` (what is
    expected) is set, more than ``limit`` characters, a control character, or, when ``one_line``, a
    line break (including U+0085, U+2028 and U+2029), a tab or a C1 control character (U+0080 to
    U+009F). Shared by the people file and the web app's forms."""
    if what and not value.strip():
        return f"expected {what}, got nothing"
    if len(value) > limit:
        return f"expected at most {limit} characters, got {len(value)}"
    problem = control_character_problem(value)
    if problem:
        return problem
    if one_line:
        # U+0085, U+2028 and U+2029 break lines too (in Word, browsers and Python's splitlines).
        brk = re.search("[\r\n\t\x85\u2028\u2029]", value)
        if brk:
            return f"expected one line, got a line break or tab at offset {brk.start()}"
        c1 = re.search("[\x80-\x9f]", value)
        if c1:
            code = f"U+{ord(c1.group()):04X}"
            return f"expected text without control characters, got {code} at offset {c1.start()}"
    return None
