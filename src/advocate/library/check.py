"""The rules over a loaded library: every cross-reference resolves, every fact can be traced.

In: a library folder, or a loaded ``Library`` (and optionally a folder of text snapshots of sources).
Out: a list of problems, errors and warnings together; the caller sorts and prints them.
``check_library`` runs every rule, each family in its own module: citations, sources and quotes
(``library.citations``), references between entries and audiences (``library.references``), the
wording said aloud or printed, the points' own fields and offices (``library.wording``), expiry
(``library.expiry``) and the campaign's roles and issue (``library.campaign``).

Expiry (``library.expiry``): a ``superseded_by`` that names no item of its own kind, stands without
an ``until`` or makes a cycle is an error; a tentative word ("draft", "plans to") in an item with no
``until`` is a warning, and so, with a date to check against, is an item past its ``until`` with no
successor.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from advocate.errors import AdvocateError, Problem, sort_problems
from advocate.library import expiry
from advocate.library.campaign import issue_problems, role_problems
from advocate.library.citations import check_citations, check_quotes, check_sources, text_fields
from advocate.library.load import load_library
from advocate.library.models import Library
from advocate.library.quotes import normalise as normalise
from advocate.library.references import Unchecked, check_references
from advocate.library.wording import check_offices, check_phrasings, check_points, check_said_aloud
from advocate.yamlfile import ValueLocator


@dataclass(frozen=True)
class CheckReport:
    """The outcome of checking a library."""

    library: Library
    """What was loaded."""
    problems: list[Problem]
    """Errors first, then warnings."""

    @property
    def errors(self) -> list[Problem]:
        """The problems that make the library unusable."""
        return [p for p in self.problems if p.severity == "error"]


def check(
    library_dir: Path,
    archive: Path | None = None,
    today: dt.date | None = None,
    date: dt.date | None = None,
) -> CheckReport:
    """Load and check the library in ``library_dir``; every problem at once (``date``: also warn of
    each item past its ``until`` on that date with no successor)."""
    loaded = load_library(library_dir)
    problems = loaded.problems + check_library(loaded.library, today=today, archive=archive, date=date)
    return CheckReport(loaded.library, sort_problems(problems))


def load_checked_library(library_dir: Path) -> Library:
    """The library, or an AdvocateError listing every error in it."""
    report = check(library_dir)
    if report.errors:
        raise AdvocateError(report.errors)
    return report.library


def check_library(
    library: Library,
    today: dt.date | None = None,
    archive: Path | None = None,
    date: dt.date | None = None,
) -> list[Problem]:
    """Every problem with ``library``'s content and references (``date``: also every item past its
    ``until`` on that date with no successor)."""
    today = today or dt.date.today()
    problems: list[Problem] = []
    cited: set[str] = set()
    locator = ValueLocator()
    unchecked = Unchecked(library)
    for location, path, text in text_fields(library):
        problems.extend(check_citations(library, location, path, text, cited, locator, unchecked))
    problems.extend(check_said_aloud(library, locator))
    problems.extend(expiry.succession_problems(library))
    problems.extend(expiry.tentative_words(library, locator))
    if date is not None:
        problems.extend(expiry.expired_by(library, date))
    problems.extend(check_references(library, cited, unchecked))
    problems.extend(role_problems(library))
    problems.extend(issue_problems(library))
    problems.extend(check_points(library, today, unchecked))
    problems.extend(unchecked.problems())
    problems.extend(check_sources(library, cited))
    problems.extend(check_phrasings(library))
    problems.extend(check_offices(library, locator, today))
    if archive is not None:
        problems.extend(check_quotes(library, archive))
    return problems
