"""Anonymous counts: how many documents were generated, per campaign (or briefing), format and day.

In: one ``count`` per document generated. Out: the rows the statistics page shows. This is the only
thing the web app writes down: a SQLite file (``<data>/stats.sqlite3``) with one table of
(day, document, format, count). No name, address, text, address of a computer or time of day is kept.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from advocate.errors import AdvocateError, Location, Problem
from advocate.web.settings import DATA_ROLE
from advocate.write import ensure_folder

log = logging.getLogger("advocate.web")

STATS_FILE = "stats.sqlite3"
"""The counts' file in the data folder."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS generated (
  day TEXT NOT NULL,
  document TEXT NOT NULL,
  format TEXT NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (day, document, format)
)
"""


@dataclass(frozen=True)
class Count:
    """How many documents of one kind were generated on one day."""

    day: dt.date
    """The day (no time is kept)."""
    document: str
    """The campaign letter's name (e.g. ``constituent-letter``) or ``briefing:<audience>``."""
    format: str
    """``preview``, ``docx`` or ``pdf``."""
    count: int
    """How many."""


class Stats:
    """The counts file: created on first use, one short transaction per count."""

    def __init__(self, data_dir: Path) -> None:
        ensure_folder(data_dir, DATA_ROLE)
        self.path = data_dir / STATS_FILE
        self._lock = threading.Lock()
        try:
            with self._connect() as connection:
                connection.execute(_SCHEMA)
        except sqlite3.Error as exc:  # SQLite gives its own reason, not an errno
            advice = "check the data folder's permissions and free space"
            reason = f"could not open the counts file: {exc} ({advice})"
            raise AdvocateError([Problem(Location(str(self.path)), reason)]) from exc

    def count(self, document: str, fmt: str, day: dt.date) -> None:
        """Add one to the count of ``document`` in ``fmt`` on ``day``. A count that cannot be written
        (a full disk, the file gone or locked) is one logged line: the visitor still gets the
        document they asked for, and the counts are only the campaign's own statistics."""
        try:
            with self._lock, self._connect() as connection:
                connection.execute(
                    "INSERT INTO generated (day, document, format, count) VALUES (?, ?, ?, 1) "
                    "ON CONFLICT (day, document, format) DO UPDATE SET count = count + 1",
                    (day.isoformat(), document, fmt),
                )
        except (sqlite3.Error, OSError) as exc:
            advice = "check the data folder's permissions and free space"
            log.warning("%s: could not add to the counts: %s (%s)", self.path, exc, advice)

    def rows(self) -> list[Count]:
        """Every count, newest day first."""
        with self._connect() as connection:
            found = connection.execute(
                "SELECT day, document, format, count FROM generated ORDER BY day DESC, document, format"
            ).fetchall()
        return [Count(dt.date.fromisoformat(day), document, fmt, n) for day, document, fmt, n in found]

    @contextlib.contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        connection = sqlite3.connect(self.path, timeout=10)
        try:
            with connection:
                yield connection
        finally:
            connection.close()
