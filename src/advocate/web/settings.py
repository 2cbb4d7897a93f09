"""What one web app instance serves and how it is limited.

In: nothing (plain data, filled by ``advocate serve`` or a test). Out: the ``Settings`` that
``advocate.web.app.create_app`` reads; nothing here touches the disk.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

DATA_ROLE = "the web app's data (--data)"
"""What the data folder is for, as a message about it names it."""


@dataclass(frozen=True)
class Settings:
    """Folders, limits and the date letters carry."""

    library_dir: Path = Path("library")
    """The library of points, sources and audiences (as for every other command)."""
    briefs_dir: Path = Path("briefs")
    """Campaign letters (briefs with ``kind: letter`` for the audience the campaign file declares in
    ``roles: letters:``) and, optionally, ``representatives.csv`` offered to constituents."""
    data_dir: Path = Path("data")
    """Where the app keeps its only files: the anonymous counts (``stats.sqlite3``) and the secret
    that signs form tokens (``secret.key``). Created when missing."""
    templates_dir: Path | None = None
    """A templates folder searched before the project's (as ``--templates`` elsewhere)."""
    max_body: int = 64 * 1024
    """The largest request body accepted, in bytes; a bigger one gets 413."""
    rate_limit: int = 30
    """How many units one client may spend per ``rate_window``: a document (preview or download)
    costs one unit per point it states; a form post that makes nothing (refused, or with problems)
    costs one."""
    rate_window: float = 60.0
    """Seconds over which ``rate_limit`` units are allowed (a token bucket refilling evenly)."""
    workers: int | None = None
    """How many documents render at once, each in its own worker process; None: one per core."""
    queue: int = 8
    """How many more documents may wait for a worker; past that, 503 with ``Retry-After``."""
    today: dt.date | None = None
    """The date letters and briefings carry; None: the day of each request (set in tests)."""

    def date(self) -> dt.date:
        """The date a document generated now carries."""
        return self.today or dt.date.today()
