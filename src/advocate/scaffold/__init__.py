"""``advocate init``: a new campaign folder, small and complete, every value a placeholder.

In: a folder that does not exist or is empty, and the day (the briefs' date). Out: the files of
``campaign/`` (this package's data: the library, one brief per document kind and audience, a
people file, a README) copied into it, ``@today@`` in the briefs replaced by the day; the paths
written, in order. A folder that holds anything is refused whole: nothing is overwritten.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from advocate.errors import AdvocateError, Location, Problem

SCAFFOLD = Path(__file__).resolve().parent / "campaign"
"""The campaign copied into a new folder (package data: the wheel carries it with the package)."""

TODAY = "@today@"
"""Stands for the day ``init`` runs in the briefs' ``date:``, so the first documents carry it."""

NEXT_COMMANDS: tuple[str, ...] = (
    "advocate check",
    "advocate build",
    "advocate letters briefs/constituent-letter.yaml --people briefs/people.csv",
)
"""The next three commands, run inside the new folder (the defaults find library/ and briefs/)."""


def scaffold_files() -> list[Path]:
    """The scaffold's files, relative to its root, in a stable order."""
    return sorted(
        path.relative_to(SCAFFOLD)
        for path in SCAFFOLD.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    )


def init_campaign(target: Path, today: dt.date | None = None) -> list[Path]:
    """Write the scaffold into ``target`` (created with its parents) and return the paths written;
    an ``AdvocateError`` when ``target`` is a file or a folder that holds anything."""
    _refuse_unless_empty(target)
    day = (today or dt.date.today()).isoformat()
    written = []
    for relative in scaffold_files():
        text = (SCAFFOLD / relative).read_text(encoding="utf-8")
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_text(text.replace(TODAY, day), encoding="utf-8")
        written.append(destination)
    return written


def _refuse_unless_empty(target: Path) -> None:
    if target.is_dir():
        held = sorted(path.name for path in target.iterdir())
        if held:
            shown = ", ".join(held[:3]) + (", ..." if len(held) > 3 else "")
            raise AdvocateError(
                [
                    Problem(
                        Location(str(target)),
                        f"expected a new or empty folder, got one holding {len(held)} item(s) ({shown}): "
                        "choose a new folder name, so that nothing of yours is overwritten",
                    )
                ]
            )
    elif target.exists():
        message = "expected a new or empty folder, got a file: choose a folder name"
        raise AdvocateError([Problem(Location(str(target)), message)])
