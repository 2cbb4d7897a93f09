"""What a batch run did, for the user: letters written, skipped and failed, and what they left out.

In: the counts and problems of a run, its manifest records and the library. Out: a ``LettersReport``
with its summary lines, and the notes on items past their ``until`` that letters left out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from advocate.brief import Brief
from advocate.errors import Problem
from advocate.library.expiry import find
from advocate.library.models import Library


@dataclass(frozen=True)
class LettersReport:
    """What a run of ``run_letters`` did."""

    written: int
    """Letters produced in this run."""
    unchanged: int
    """Letters skipped because their inputs and files were already there."""
    failed: tuple[Problem, ...]
    """The problems of the rows that were not produced."""
    manifest: Path
    """The manifest file."""
    combined: Path | None = None
    """The combined PDF, when asked for."""
    failed_rows: int = 0
    """How many rows failed (a row may have several problems)."""
    notes: tuple[str, ...] = ()
    """What the letters written left out because it was past its ``until`` on the letters' date
    with no successor, one line per item with how many letters it concerns."""
    unverified: tuple[tuple[str, int], ...] = ()
    """Each item (``point id``, ``ask id``) the batch's letters draw on that rests only on unverified
    sources, with how many letters draw on it, most first."""
    warnings: tuple[Problem, ...] = ()
    """The people file's warnings (its columns the tool does not use)."""

    def unverified_note(self) -> str | None:
        """The line to show when letters draw on items resting only on unverified sources."""
        if not self.unverified:
            return None
        listed = ", ".join(f"{item} ({_count(n, 'letter')})" for item, n in self.unverified)
        return (
            f"letters draw on {len(self.unverified)} item(s) resting only on unverified sources (no URL "
            f"and date checked): {listed}; check them against their sources before sending"
        )

    def summary(self) -> str:
        """``N letters written, M skipped (unchanged), K rows failed``."""
        return (
            f"{_count(self.written, 'letter')} written, {self.unchanged} skipped (unchanged), "
            f"{_count(self.failed_rows, 'row')} failed"
        )


def expiry_notes(library: Library, base: Brief, records: Sequence[Mapping[str, Any]]) -> tuple[str, ...]:
    """One line per item that letters written in this run would have used but left out, past its
    ``until`` on their date with no successor (from the records' ``expired``)."""
    counts: dict[str, int] = {}
    for record in records:
        for item in record.get("expired", ()):
            counts[item] = counts.get(item, 0) + 1
    lines = []
    for item_id, count in counts.items():
        item = find(library, item_id)
        until = item.until if item is not None else None
        lines.append(
            f"{_count(count, 'letter')} left out {item_id}: used past its until ({until}) with no "
            f"successor on {base.date}"
        )
    return tuple(lines)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
