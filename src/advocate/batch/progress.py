"""The progress of a batch on the terminal: a one-line bar with rate and ETA.

In: (letters produced so far, letters to produce) as a batch runs. Out: the bar, redrawn on a stream.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import IO

Progress = Callable[[int, int], None]
"""Called with (letters produced so far, letters to produce) as a batch runs."""


class ProgressBar:
    """A one-line progress bar with rate and ETA, redrawn with ``\\r`` (at most ten times a second)."""

    def __init__(self, stream: IO[str] | None = None, width: int = 28) -> None:
        self.stream = stream or sys.stderr
        self.width = width
        self.started: float | None = None
        self.drawn = 0.0
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if self.started is None:
            self.started = now
        if done < total and now - self.drawn < 0.1:
            return
        self.drawn = now
        elapsed = now - self.started
        share = done / total if total else 1.0
        filled = round(self.width * share)
        rate = done / elapsed if elapsed > 0 else 0.0
        eta = _clock((total - done) / rate) if rate else "--:--"
        bar = "#" * filled + "." * (self.width - filled)
        self.stream.write(f"\r[{bar}] {done}/{total} letters {share:4.0%}  {rate:5.1f}/s  ETA {eta} ")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        """End the bar's line (if it drew anything)."""
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()
            self.shown = False


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60:02d}:{rest % 60:02d}"
