"""The readers of one value: text, whole numbers, true or false, dates; and the checks on text and
dates that other inputs share.

In: a scalar node, its key path, and the ``Reader`` to record a problem with. Out: the value as its
type, or ``INVALID`` (the marker every reader returns for a value it could not read) after recording
the problem. ``control_character_problem`` and ``date_range_problem`` serve CSV fields, markup and
the models too.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any, Protocol

import yaml

from advocate.schema.naming import kind_of

_BAD_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

DATES = (dt.date(1000, 1, 1), dt.date(2999, 12, 31))
"""The earliest and latest date accepted anywhere in briefs and the library (a document's date, a
review, an office holder's, a source's ``issued``, a ``{office:ID@DATE}``): far enough from the ends
of Python's calendar (years 1 and 9999) that no date the tool works out from one (a reply's deadline
is the date plus at most a year) can fall off it, yet old enough for a historical source."""


def date_range_problem(day: dt.date, written: str | None = None) -> str | None:
    """The message for a date outside ``DATES``, or None when it is inside (``written``: the date as
    the file has it, when that is not ``day`` in full, e.g. a year alone)."""
    first, last = DATES
    if first <= day <= last:
        return None
    return f"expected a date from {first.isoformat()} to {last.isoformat()}, got {written or day.isoformat()}"


class Invalid:
    """Marks a value that could not be read (a problem has been recorded)."""


INVALID = Invalid()


def is_invalid(value: object) -> bool:
    """Whether ``Reader.read`` failed to produce a value."""
    return value is INVALID


class Reporter(Protocol):
    """What a scalar reader needs of the ``Reader``: somewhere to record a problem at a node."""

    def error(self, node: yaml.Node, path: str, message: str) -> None: ...


def _scalar(reader: Reporter, node: yaml.Node, path: str, expected: str) -> str | None:
    if isinstance(node, yaml.ScalarNode):
        return str(node.value)
    reader.error(node, path, f"expected {expected}, got {kind_of(node)}")
    return None


def _read_str(reader: Reporter, node: yaml.Node, path: str) -> Any:
    value = _scalar(reader, node, path, "text")
    if value is None:
        return INVALID
    problem = control_character_problem(value)
    if problem:
        reader.error(node, path, problem)
        return INVALID
    return value


def control_character_problem(value: str) -> str | None:
    """The message for the first control character (or lone surrogate, or the non-characters U+FFFE
    and U+FFFF, which no document can carry) in ``value``, or None when it has none; line breaks and
    tabs are allowed. Shared by YAML text and CSV fields."""
    bad = _BAD_CHARS.search(value)
    if bad is None:
        return None
    code = f"U+{ord(bad.group()):04X}"
    return f"expected text without control characters, got {code} at offset {bad.start()}"


def _read_int(reader: Reporter, node: yaml.Node, path: str) -> Any:
    value = _scalar(reader, node, path, "a whole number")
    if value is not None and re.fullmatch(r"[+-]?\d+", value):
        return int(value)
    if value is not None:
        reader.error(node, path, f"expected a whole number, got {value!r}")
    return INVALID


def _read_bool(reader: Reporter, node: yaml.Node, path: str) -> Any:
    value = _scalar(reader, node, path, "true or false")
    if value in ("true", "false"):
        return value == "true"
    if value is not None:
        reader.error(node, path, f"expected true or false, got {value!r}")
    return INVALID


def _read_date(reader: Reporter, node: yaml.Node, path: str) -> Any:
    value = _scalar(reader, node, path, "a date (YYYY-MM-DD)")
    if value is None:
        return INVALID
    if _ISO_DATE.match(value):
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            pass
        else:
            problem = date_range_problem(day)
            if problem is None:
                return day
            reader.error(node, path, problem)
            return INVALID
    reader.error(node, path, f"expected a date (YYYY-MM-DD), got {value!r}")
    return INVALID


READERS: dict[Any, Callable[[Reporter, yaml.Node, str], Any]] = {
    str: _read_str,
    int: _read_int,
    bool: _read_bool,
    dt.date: _read_date,
}
"""The reader of each built-in scalar type (``Reader`` starts from these; ``register_scalar`` adds)."""
