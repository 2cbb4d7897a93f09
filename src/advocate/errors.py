"""User-facing errors: what went wrong, where, and what was expected.

In: problems found by any stage, and the ``OSError`` of a file the tool could not write. Out:
``Problem`` records and the ``AdvocateError`` that carries them to the CLI, which prints them
without a traceback and exits non-zero.
"""

from __future__ import annotations

import difflib
import errno
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]

MAX_LISTED = 200
"""The most problems printed at once (errors first); the rest are counted, so one broken file with
thousands of mistakes cannot flood a terminal or a log."""


@dataclass(frozen=True, order=True)
class Location:
    """A place in a user's file."""

    file: str
    """The path as the user gave it (or relative to the library)."""
    line: int = 0
    """1-based line; 0 when unknown."""
    column: int = 0
    """1-based column; 0 when unknown."""

    def __str__(self) -> str:
        if not self.line:
            return self.file
        if not self.column:
            return f"{self.file}:{self.line}"
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Problem:
    """One thing wrong (error) or worth a look (warning) in the user's input."""

    location: Location
    """Where it is."""
    message: str
    """What is wrong, ideally ``expected X, got Y``."""
    path: str = ""
    """The key path inside the file, e.g. ``points[3].audiences.mp``."""
    severity: Severity = "error"
    """``error`` stops the run; ``warning`` is reported and the run goes on."""

    def __str__(self) -> str:
        where = f"{self.location}: {self.path}: " if self.path else f"{self.location}: "
        tag = "" if self.severity == "error" else "warning: "
        return f"{where}{tag}{self.message}"


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Errors first, then warnings; each group by file and line."""
    return sorted(problems, key=lambda p: (p.severity != "error", p.location))


def listed(problems: Sequence[Problem]) -> list[str]:
    """The problems as lines to print: the first ``MAX_LISTED``, then how many more there are."""
    lines = [str(p) for p in problems[:MAX_LISTED]]
    rest = problems[MAX_LISTED:]
    if rest:
        errors = sum(p.severity == "error" for p in rest)
        counts = f"{errors:,} error(s), {len(rest) - errors:,} warning(s)"
        lines.append(f"and {len(rest):,} more not listed ({counts}): fix those above and run again")
    return lines


class AdvocateError(Exception):
    """An error the user can fix; the CLI prints it and exits with status 1."""

    def __init__(self, problems: Iterable[Problem] | str) -> None:
        if isinstance(problems, str):
            problems = [Problem(Location("advocate"), problems)]
        self.problems = sort_problems(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self) -> tuple[type[AdvocateError], tuple[list[Problem]]]:
        # Pickled with its problems (not its text), so that one raised in a pool worker reaches
        # the user located as it was.
        return (type(self), (self.problems,))


def did_you_mean(name: str, known: Iterable[str], cutoff: float = 0.6) -> str:
    """`` (did you mean 'x'?)`` for the known name closest to ``name``; empty when none is close."""
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=cutoff)
    return f" (did you mean {close[0]!r}?)" if close else ""


_ADVICE = {
    errno.ENOSPC: "free some space on that disk, or choose a folder on another disk",
    errno.EDQUOT: "free some space within your disk quota, or choose a folder on another disk",
    errno.EACCES: "check the folder's permissions, or choose another folder",
    errno.EPERM: "check the folder's permissions, or choose another folder",
    errno.EROFS: "the disk is read-only: choose a folder on a writable disk",
    errno.ENOTDIR: "part of the path is a file, not a folder: choose another folder",
    errno.EISDIR: "a folder has that name: move it away, or choose another folder",
    errno.ENAMETOOLONG: "choose a folder with a shorter path",
}
"""What to do about the failures a disk gives, by ``errno``; any other gets its reason only."""


def os_reason(exc: OSError) -> str:
    """The system's reason for ``exc`` as it reads inside a sentence: ``no space left on device``."""
    reason = exc.strerror or str(exc) or type(exc).__name__
    return reason[:1].lower() + reason[1:]


def os_problem(path: str | os.PathLike[str], doing: str, exc: OSError, also: str = "") -> Problem:
    """``PATH: could not DOING: REASON (what to do)``, then ``also``: a failed clean-up after it,
    e.g. ``; also could not remove the partial file X: ...``, so that the first cause is kept."""
    advice = _ADVICE.get(exc.errno or 0)
    hint = f" ({advice})" if advice else ""
    return Problem(Location(os.fspath(path)), f"could not {doing}: {os_reason(exc)}{hint}{also}")
