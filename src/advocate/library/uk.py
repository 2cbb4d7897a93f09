"""UK parliamentary and legal material: the fields a library author fills, as CSL and as rules.

In: a ``Source`` that uses any of the fields ``house`` and ``column`` (Hansard), ``session``
(committee reports and other House papers) or ``neutral-citation`` (UK cases), or that is a statute
whose short title ends with its year. Out: ``csl_fields``, the CSL variables those fields become,
and ``problems``, what is wrong with them (``file:line``, key path, "expected X, got Y").

CSL has no Hansard type, no parliamentary session and no neutral citation, so each is carried in
CSL variables that every notes style prints sensibly and that the project's OSCOLA
(``templates/styles/oscola.csl``, made by ``tools/make_styles.py``) reads back into OSCOLA's forms:

* Hansard, ``type: hearing`` with ``house``: ``genre`` becomes ``HC Deb`` or ``HL Deb`` (``HC Written
  Answer`` when ``number`` holds a written question's UIN, printed ``UIN 12345``), ``authority`` the
  House's name and ``page`` the column(s). OSCOLA: ``HC Deb 3 February 1977, vol 389, cols 973–76``;
  what is not known (volume, column) is left out, never filled in.
* Committee reports, ``type: report`` with ``session``: ``number`` (as the cover prints it, ``HC 1272``)
  becomes OSCOLA's ``HC 2019–21, 1272`` and ``authority`` the House, which marks the report as a
  House paper. OSCOLA: ``Committee, *Title* (HC 2019–21, 1272)``.
* Cases with a ``neutral-citation`` ``[2019] EWHC 3408 (QB)``: the court (``EWHC``) becomes
  ``authority``, the rest (``3408 (QB)``) ``number`` and the year ``issued``, as CSL styles (OSCOLA's
  included) expect a neutral citation.
* Statutes, ``type: legislation``, whose short title ends with their year (``Modern Slavery Act
  2015``): the CSL ``title`` is the title without the year, which styles print from ``issued``
  (OSCOLA: ``Modern Slavery Act 2015``; Chicago: ``Modern Slavery Act (2015)``), and the whole short
  title is the ``title-short`` of later notes (unless the source gives its own).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import yaml

from advocate.errors import Problem
from advocate.schema import INVALID, Reader, register_scalar

if TYPE_CHECKING:
    from advocate.library.sources import Source

HOUSES = {"Commons": "HC", "Lords": "HL"}
"""The Houses of Parliament and the abbreviation OSCOLA prints for each."""
_HOUSE_NAMES = {"HC": "House of Commons", "HL": "House of Lords"}

_SESSION = re.compile(r"^(\d{4})(?:[–-](\d{2}))?$")
_NEUTRAL = re.compile(
    r"^\[(?P<year>\d{4})\] (?P<court>[A-Z][A-Za-z]*(?: [A-Z][a-z]+)?) "
    r"(?P<number>\d+(?: \([A-Za-z&]+(?: [A-Za-z&]+)*\))?)$"
)
_PAPER = re.compile(r"^(HC|HL)(?: Paper)? (\d+(?:[–-][IVXLC]+)?)$")
_YEAR_AT_END = re.compile(r" (\d{4})$")


class Session(str):
    """A parliamentary session as House papers print it: ``2019–21`` (or one year, ``2019``)."""


class NeutralCitation(str):
    """A UK neutral citation as the judgment prints it, e.g. ``[2019] EWHC 3408 (QB)``."""

    def parts(self) -> tuple[str, str, str]:
        """The year, the court (``EWHC``, ``EWCA Civ``) and the rest (``3408 (QB)``)."""
        match = _NEUTRAL.match(self)
        assert match
        return match["year"], match["court"], match["number"]


def _read_session(reader: Reader, node: yaml.Node, path: str) -> Any:
    if isinstance(node, yaml.ScalarNode):
        match = _SESSION.match(node.value)
        if match and (match[2] is None or 1 <= (int(match[2]) - int(match[1])) % 100 <= 3):
            return Session(node.value.replace("-", "–"))
    shown = repr(node.value) if isinstance(node, yaml.ScalarNode) else "a list or mapping"
    reader.error(node, path, f"expected a session as YYYY–YY, e.g. 2019–21, got {shown}")
    return INVALID


def _read_neutral_citation(reader: Reader, node: yaml.Node, path: str) -> Any:
    if isinstance(node, yaml.ScalarNode) and _NEUTRAL.match(node.value):
        return NeutralCitation(node.value)
    shown = repr(node.value) if isinstance(node, yaml.ScalarNode) else "a list or mapping"
    message = f"expected a neutral citation as [year] court number, e.g. [2019] EWHC 3408 (QB), got {shown}"
    reader.error(node, path, message)
    return INVALID


register_scalar(Session, _read_session)
register_scalar(NeutralCitation, _read_neutral_citation)


# --------------------------------------------------------------------------- CSL


def csl_fields(source: Source) -> dict[str, Any]:
    """The CSL variables the UK fields of ``source`` set, over those its CSL fields give."""
    if source.type == "hearing":
        return _hansard(source)
    if source.type == "report" and source.session and source.number:
        return _house_paper(source.session, source.number, source.authority)
    if source.type == "legal_case" and source.neutral_citation:
        year, court, number = source.neutral_citation.parts()
        return {"authority": court, "number": number, **({} if source.issued else {"issued": year})}
    if source.type == "legislation" and source.issued and _title_year(source.title) == source.issued[:4]:
        short_title = source.title_short or source.title
        return {"title": _YEAR_AT_END.sub("", source.title), "title-short": short_title}
    return {}


def _hansard(source: Source) -> dict[str, Any]:
    data: dict[str, Any] = {}
    if source.column:
        data["page"] = source.column
    if source.house:
        house = HOUSES[source.house]
        written = source.number is not None
        data["genre"] = f"{house} Written Answer" if written else f"{house} Deb"
        data["authority"] = source.authority or f"House of {source.house}"
        if written:
            data["number"] = f"UIN {source.number}"
    return data


def _house_paper(session: str, number: str, authority: str | None) -> dict[str, Any]:
    papers = _papers(number)
    if not papers:
        return {}
    if len(papers) == 1:
        ((house, paper),) = papers
        printed = f"{house} {session}, {paper}"
    else:
        printed = ", ".join([session, *(f"{house} {paper}" for house, paper in papers)])
    names = " and ".join(_HOUSE_NAMES[house] for house, _ in papers)
    return {"number": printed, "authority": authority or names}


def _papers(number: str) -> list[tuple[str, str]]:
    """``HC 1272`` -> ``[("HC", "1272")]``; ``HL Paper 44, HC 330`` (a joint committee) -> both."""
    matches = [_PAPER.match(part.strip()) for part in number.split(",")]
    return [(m[1], m[2]) for m in matches if m] if all(matches) and len(matches) <= 2 else []


def _title_year(title: str) -> str | None:
    match = _YEAR_AT_END.search(title)
    return match[1] if match else None


# --------------------------------------------------------------------------- rules


def problems(source: Source) -> Iterator[Problem]:
    """What is wrong with the UK fields of ``source``, each at the key it is about."""
    for key, value, kind in (
        ("house", source.house, "hearing"),
        ("column", source.column, "hearing"),
        ("session", source.session, "report"),
        ("neutral-citation", source.neutral_citation, "legal_case"),
    ):
        if value is not None and source.type != kind:
            yield _problem(source, key, f"expected only with type {kind}, got type {source.type}")
    if source.type == "hearing":
        yield from _hansard_problems(source)
    elif source.type == "report" and source.session is not None:
        yield from _house_paper_problems(source)
    elif source.type == "legal_case" and source.neutral_citation is not None:
        yield from _case_problems(source, source.neutral_citation)
    elif source.type == "legislation" and source.issued is not None:
        year = _title_year(source.title)
        if year is not None and year != source.issued[:4]:
            message = f"expected a date in {year}, the year in the short title, got {source.issued}"
            yield _problem(source, "issued", message)


def _hansard_problems(source: Source) -> Iterator[Problem]:
    if source.column is not None and source.page is not None:
        yield _problem(source, "page", "expected column only (Hansard is numbered by column), got page too")
    if source.house is None:
        return
    if source.genre is not None:
        expected = f"no genre with house (advocate prints {HOUSES[source.house]} Deb)"
        yield _problem(source, "genre", f"expected {expected}, got {source.genre!r}")
    if source.issued is None:
        message = "expected an issued date with it (Hansard is cited by its date), got none"
        yield _problem(source, "house", message)
    if source.number is not None:
        if source.volume is not None or source.column is not None:
            message = (
                "expected a written question's UIN or a volume and column, got both "
                "(an answer printed in Hansard is cited by column, e.g. 505W)"
            )
            yield _problem(source, "number", message)
        if source.number.upper().startswith("UIN"):
            message = f"expected the UIN alone, e.g. 12345 (advocate prints 'UIN'), got {source.number!r}"
            yield _problem(source, "number", message)


def _house_paper_problems(source: Source) -> Iterator[Problem]:
    if source.number is None:
        yield _problem(source, "session", "expected a number with it (the paper, e.g. HC 1272), got none")
    elif not _papers(source.number):
        expected = "a House paper as printed, e.g. HC 1272 or HL Paper 107"
        yield _problem(source, "number", f"expected {expected}, got {source.number!r}")


def _case_problems(source: Source, neutral_citation: NeutralCitation) -> Iterator[Problem]:
    year, court, _ = neutral_citation.parts()
    if source.authority is not None:
        message = f"expected no court: the neutral citation names it ({court}), got {source.authority!r}"
        yield _problem(source, "authority", message)
    if source.issued is not None and source.issued[:4] != year:
        message = f"expected a date in {year}, the neutral citation's year, got {source.issued}"
        yield _problem(source, "issued", message)


def _problem(source: Source, key: str, message: str) -> Problem:
    return Problem(source.where.get(key, source.at), message, f"references.{source.id}.{key}")
