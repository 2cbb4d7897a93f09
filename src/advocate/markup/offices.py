"""Office markup in library text: ``{office:ID}``, ``{office:ID@YYYY-MM-DD}`` and ``{title:ID}``.

In: a text field of the library. Out: each well-formed office markup with where it is written and the
day it names (``scan_offices``), and each malformed one at its offending character, with what to write.
Printing depends on the document's date, so it is left to assembly (``library.offices.resolve``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from advocate.markup.inline import Malformed, show
from advocate.schema import date_range_problem

_OFFICE_START = re.compile(r"\{\s*(?:office|title)\b", re.IGNORECASE)
_OFFICE = re.compile(r"\{(office|title):([a-z0-9](?:[a-z0-9-]*[a-z0-9])?)(?:@([^{}\s]*))?\}")
_OFFICE_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
OFFICE_FORMS = "{office:ID}, {office:ID@YYYY-MM-DD} or {title:ID}"
"""How a message names the right forms."""


@dataclass(frozen=True)
class OfficeMark:
    """A well-formed office markup and where it is written."""

    start: int
    """The index of its ``{``."""
    end: int
    """Just after its ``}``."""
    office: str
    """The office id."""
    day: dt.date | None
    """The day whose holder it names; None for the holder on the document's date."""
    title_only: bool = False
    """``{title:ID}``: the office itself ("the Foreign Secretary"), whoever holds it: for what is
    asked of or sent to the office, which no change of holder makes wrong."""

    @property
    def id_at(self) -> int:
        """The index of the office id."""
        return self.start + len("{title:" if self.title_only else "{office:")

    @property
    def written(self) -> str:
        """The markup as written."""
        if self.title_only:
            return "{title:" + self.office + "}"
        return "{office:" + self.office + (f"@{self.day.isoformat()}" if self.day else "") + "}"


@dataclass(frozen=True)
class OfficeScan:
    """Every office markup of a text, well-formed or not, in order."""

    marks: tuple[OfficeMark, ...]
    malformed: tuple[Malformed, ...]


@lru_cache(maxsize=65536)
def scan_offices(text: str) -> OfficeScan:
    """Every office markup in ``text``: the well-formed ones, and each malformed one with the
    offending character and what to write."""
    marks: list[OfficeMark] = []
    malformed: list[Malformed] = []
    for found in _OFFICE_START.finditer(text):
        start = found.start()
        close = text.find("}", start)
        reopen = text.find("{", start + 1)
        if close == -1 or (reopen != -1 and reopen < close):
            stop = reopen if reopen != -1 and (close == -1 or reopen < close) else len(text)
            message = (
                f"expected an office markup closed with '}}', {OFFICE_FORMS}; got {show(text[start:stop])}"
            )
            malformed.append(Malformed(start, stop, start, message))
            continue
        written = text[start : close + 1]
        match = _OFFICE.fullmatch(text, start, close + 1)
        if match is None:
            message = (
                f"expected {OFFICE_FORMS} (a lower-case id of letters, digits and '-'), got {show(written)}"
            )
            malformed.append(Malformed(start, close + 1, start, message))
            continue
        title_only = match.group(1) == "title"
        day = None
        if match.group(3) is not None and title_only:
            message = (
                f"expected {{title:ID}} with no date (it names the office, not a holder), got {show(written)}"
            )
            malformed.append(Malformed(start, close + 1, match.start(3) - 1, message))
            continue
        if match.group(3) is not None:
            day = _office_day(match.group(3))
            if day is None:
                message = (
                    f"expected a date as YYYY-MM-DD after '@', got {show(match.group(3))} in {show(written)}"
                )
                malformed.append(Malformed(start, close + 1, match.start(3), message))
                continue
            out_of_range = date_range_problem(day)
            if out_of_range is not None:
                malformed.append(
                    Malformed(start, close + 1, match.start(3), f"{out_of_range} in {show(written)}")
                )
                continue
        marks.append(OfficeMark(start, close + 1, match.group(2), day, title_only))
    return OfficeScan(tuple(marks), tuple(malformed))


def _office_day(written: str) -> dt.date | None:
    if not _OFFICE_DATE.fullmatch(written):
        return None
    try:
        return dt.date.fromisoformat(written)
    except ValueError:
        return None
