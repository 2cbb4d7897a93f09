"""The library as a whole: the schema of one file under ``library/``, and everything loaded, by id.

In: nothing (definitions). Out: ``LibraryFile``, which ``library.load`` fills from each YAML file, and
``Library``, the merged tables every later stage reads. The entries are defined beside their kind:
sources in ``library.sources``, content in ``library.items``, audience profiles in ``library.plans``,
offices in ``library.offices``. Each field's docstring is its documentation; ``docs/schema.md`` is not
needed because ``advocate schema`` (and the README) print these.

A library file is a YAML mapping with any of the top-level keys of ``LibraryFile``: ``references``
(sources, in CSL YAML as pandoc and Zotero write it), ``topics``, ``points``, ``arguments``,
``responses``, ``asks``, ``audiences`` and ``offices`` (the office-holders text names with
``{office:ID@DATE}``).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from advocate.errors import Location
from advocate.library.brand import Brand
from advocate.library.items import Argument, Ask, Point, Response, Topic
from advocate.library.offices import Office, without_offices
from advocate.library.plans import Audience
from advocate.library.sources import Source
from advocate.markup.inline import without_citations

if TYPE_CHECKING:
    from advocate.library.campaign import Campaign

_WORDS = re.compile(r"[^\W\d_]+")


def key_location(item: Any, key: str) -> Location:
    """Where ``key`` of a loaded ``item`` is written; where the item starts if the key is absent."""
    where: dict[str, Location] = item.where
    at: Location = item.at
    return where.get(key, at)


@dataclass(frozen=True)
class LibraryFile:
    """One YAML file of the library; each key is optional."""

    references: tuple[Source, ...] = ()
    """Sources in CSL YAML (the format pandoc's ``--bibliography`` and Zotero use)."""
    topics: tuple[Topic, ...] = ()
    """Topics."""
    points: tuple[Point, ...] = ()
    """Talking points."""
    arguments: tuple[Argument, ...] = ()
    """Legal arguments."""
    responses: tuple[Response, ...] = ()
    """Responses to anticipate."""
    asks: tuple[Ask, ...] = ()
    """Asks."""
    audiences: tuple[Audience, ...] = ()
    """Audience profiles."""
    offices: tuple[Office, ...] = ()
    """Offices and their holders, for the ``{office:ID@YYYY-MM-DD}`` markup and briefs addressed
    by office."""


@dataclass(frozen=True)
class Library:
    """Everything loaded from a library folder, by id."""

    root: str
    """The folder it was loaded from."""
    sources: dict[str, Source]
    """Sources by id."""
    topics: dict[str, Topic]
    """Topics by id."""
    points: dict[str, Point]
    """Points by id, in file order."""
    arguments: dict[str, Argument]
    """Arguments by id."""
    responses: dict[str, Response]
    """Responses by id."""
    asks: dict[str, Ask]
    """Asks by id."""
    audiences: dict[str, Audience]
    """Audience profiles by id."""
    offices: dict[str, Office] = field(default_factory=dict)
    """Offices by id."""
    campaign: Campaign | None = None
    """The campaign file (``library/campaign.yaml``): its name, issue and declared roles; None when
    the library has none (then its audiences are only its own)."""
    brand: Brand | None = None
    """The brand (``brand.yaml``), when the library has one."""
    broken: dict[str, dict[str, Location]] = field(default_factory=dict)
    """Ids of entries that were written but could not be read (their own errors are reported), by
    the top-level key they are under (``audiences``, ``topics``...), each with where its first
    error is: a reference to one is not also reported as unknown."""

    @functools.cached_property
    def ordinary_words(self) -> frozenset[str]:
        """Words the library's wording writes in lower case somewhere: a sentence that starts with
        one of them may follow a joining phrase in lower case ("In addition, witnesses said"),
        while one that starts with a name keeps its capital. Made once per library."""
        texts = [
            *(t for p in self.points.values() for t in (p.claim, p.text, *p.phrasings)),
            *(t for a in self.arguments.values() for t in (a.title, a.conclusion, a.rule.text)),
            *(t for r in self.responses.values() for t in (r.position, r.rebuttal)),
            *(t for a in self.asks.values() for t in (a.ask, a.why or "", a.question or "", *a.phrasings)),
        ]
        # An office markup's id ("uk-foreign-secretary") is not wording, nor a citation's source id
        # ("bbc-2021-amnesty-report" would make "Amnesty" an ordinary word).
        wording = (without_citations(without_offices(text)) for text in texts)
        return frozenset(w for text in wording for w in _WORDS.findall(text) if w.islower())

    @functools.cached_property
    def csl_sources(self) -> dict[str, dict[str, Any]]:
        """Every source as CSL JSON by id (what the cite stage reads), made once per library."""
        return {source_id: source.csl() for source_id, source in self.sources.items()}

    @functools.cached_property
    def predecessors(self) -> dict[str, tuple[str, ...]]:
        """For each id that items name in ``superseded_by``, the ids of those items, in library order
        (points, arguments, responses and asks share one namespace); made once per library."""
        found: dict[str, list[str]] = {}
        for table in (self.points, self.arguments, self.responses, self.asks):
            for item in table.values():
                if item.superseded_by is not None:
                    found.setdefault(item.superseded_by, []).append(item.id)
        return {successor: tuple(ids) for successor, ids in found.items()}
