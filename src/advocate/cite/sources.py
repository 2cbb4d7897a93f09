"""Sources as CSL JSON: the library's sources in the form pandoc's citeproc reads.

In: sources by id (CSL fields; ISO date strings, ``datetime.date`` values, years and date-part lists
are accepted). Out: a list of CSL JSON items, ``id`` set from the key and every date as CSL
``date-parts`` (or ``literal`` when it is not a date).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

DATE_VARIABLES = frozenset(
    {"accessed", "available-date", "container", "event-date", "issued", "original-date", "submitted"}
)
_ISO_DATE = re.compile(r"^(-?\d{1,4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:T.*)?$")


def csl_items(sources: Mapping[str, Mapping[str, object]]) -> list[dict[str, object]]:
    """The sources as CSL JSON items pandoc accepts: ``id`` set from the key, dates as date-parts."""
    items = []
    for source_id, source in sources.items():
        item = {key: _csl_value(key, value) for key, value in source.items()}
        item["id"] = source_id
        items.append(item)
    return items


def _csl_value(key: str, value: object) -> object:
    if key not in DATE_VARIABLES:
        return value
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return {"date-parts": [[value.year, value.month, value.day]]}
    if isinstance(value, int):
        return {"date-parts": [[value]]}
    if isinstance(value, list | tuple) and value and all(isinstance(part, int) for part in value):
        return {"date-parts": [list(value)]}
    if isinstance(value, str):
        return _csl_date(value)
    return value


def _csl_date(text: str) -> dict[str, object]:
    parts = []
    for piece in text.strip().split("/"):
        match = _ISO_DATE.match(piece.strip())
        if match is None:
            return {"literal": text}
        parts.append([int(group) for group in match.groups() if group is not None])
    return {"date-parts": parts}
