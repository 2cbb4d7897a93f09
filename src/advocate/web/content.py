"""What the web app offers, loaded once at start: the library, the campaign letters, the
representatives, and the documents it generates through the same pipeline as the CLI.

In: ``Settings`` (library, briefs and templates folders). Out: ``Content`` (read-only), point views
for the pages, and a document's preview (HTML) or file (DOCX or PDF) bytes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from advocate.brief import Brief, load_briefs
from advocate.build import RENDERERS, prepare
from advocate.document import Citation, Text
from advocate.errors import AdvocateError, Location, Problem
from advocate.library.campaign import letters_role
from advocate.library.check import load_checked_library
from advocate.library.items import Point
from advocate.library.models import Library
from advocate.library.offices import listed
from advocate.library.sources import Source
from advocate.library.trust import rests_on_unverified
from advocate.lookup import cited_sources
from advocate.markup.inline import parse_inline
from advocate.people import oversize_problem, read_table
from advocate.personalise import topic_points
from advocate.render.html import render_html
from advocate.render.templates import search_path
from advocate.schema import control_character_problem
from advocate.web.settings import Settings

REPRESENTATIVES_FILE = "representatives.csv"
"""The campaign's list of representatives, in the briefs folder (optional)."""
REPRESENTATIVE_COLUMNS: tuple[str, ...] = ("name", "title", "constituency")
"""The columns of ``representatives.csv``; ``title`` is optional."""

Output = Literal["preview", "docx", "pdf"]
"""What a form asks for: the letter shown in the page, or a file."""
OUTPUTS: tuple[Output, ...] = ("preview", "docx", "pdf")


@dataclass(frozen=True)
class Representative:
    """A representative a constituent may write to (a row of ``representatives.csv``)."""

    key: str
    """A stable id for the form (``r`` and the row's line number)."""
    name: str
    """The name as written on the envelope, without title, e.g. ``Alex Placeholder``."""
    title: str
    """Letters after the name, e.g. ``MP`` (may be empty)."""
    constituency: str
    """The constituency they represent."""

    @property
    def label(self) -> str:
        """``Alex Placeholder MP, Exampleton``."""
        return f"{' '.join(x for x in (self.name, self.title) if x)}, {self.constituency}"

    def matches(self, text: str) -> bool:
        """Whether ``text`` is part of the name or the constituency (case and accents as typed)."""
        needle = text.strip().casefold()
        return not needle or needle in self.label.casefold()


@dataclass(frozen=True)
class Campaign:
    """A campaign letter constituents can send: a constituent-letter brief from the briefs folder."""

    name: str
    """The brief's file name without ``.yaml``: the campaign's address in the app."""
    brief: Brief
    """The base brief (its title, topics, style, asks and the representative's postal address)."""

    @property
    def title(self) -> str:
        """The letter's subject line."""
        return self.brief.title


@dataclass(frozen=True)
class PointView:
    """A point as the pages show it: its claim, its sources, and when it was reviewed."""

    point: Point
    """The library's point."""
    sources: tuple[Source, ...]
    """The sources its text cites, in order."""
    text: tuple[Text, ...]
    """Its sourced paragraph, each citation shown as the short titles of its sources in brackets."""
    claim: str = ""
    """Its claim, offices named as of the page's date."""
    unverified: bool = False
    """Whether every source it cites is unverified (staff pages mark it so nobody sends it unknowingly)."""

    @property
    def short_sources(self) -> str:
        """``Like we were enemies in a war; Al Jazeera`` (each source's short title, else its title)."""
        return "; ".join(source.title_short or source.title for source in self.sources)


@dataclass(frozen=True)
class Content:
    """Everything the app serves, loaded once."""

    library: Library
    """The checked library."""
    folders: tuple[Path, ...]
    """The template folders, searched in order."""
    campaigns: dict[str, Campaign]
    """The campaign letters by name, in name order."""
    representatives: tuple[Representative, ...]
    """The representatives the campaign offers (empty: constituents type the name)."""
    no_letters: str | None = None
    """Why no campaign letter is offered when the campaign declares no letters role (the message
    names the campaign file and the key to add); None when it declares one."""


def load_content(settings: Settings) -> Content:
    """The library, campaigns and representatives; an ``AdvocateError`` naming every problem (a
    brief in the folder that does not load stops the app, as it stops ``advocate build``)."""
    library = load_checked_library(settings.library_dir)
    paths = sorted(settings.briefs_dir.glob("*.yaml"))
    briefs = load_briefs(paths, library) if paths else []
    try:
        audience, no_letters = letters_role(library), None
    except AdvocateError as error:  # the library page and briefings still work without letters
        audience, no_letters = None, str(error)
    campaigns = {
        brief.name: Campaign(brief.name, brief)
        for brief in briefs
        if brief.kind == "letter" and brief.audience == audience
    }
    representatives_csv = settings.briefs_dir / REPRESENTATIVES_FILE
    representatives = read_representatives(representatives_csv) if representatives_csv.is_file() else ()
    return Content(library, search_path(settings.templates_dir), campaigns, representatives, no_letters)


def read_representatives(path: Path) -> tuple[Representative, ...]:
    """The rows of a representatives file (UTF-8 CSV with columns ``name``, ``constituency`` and
    optionally ``title``), read as a people file is (``people.read_table``); an ``AdvocateError``
    with every problem, located ``file:line``."""
    rows, _ = read_table(path, REPRESENTATIVE_COLUMNS, ("name", "constituency"), kind="representatives file")
    found: list[Representative] = []
    problems: list[Problem] = []
    for row in rows:
        if row.oversize:
            problems.append(oversize_problem(row, str(path)))
            continue
        values = {k: v.strip() for k, v in row.values.items()}
        bad = [m for m in (control_character_problem(v) for v in values.values()) if m]
        if not values["name"] or not values["constituency"] or bad:
            expected = bad[0] if bad else "expected a name and a constituency"
            problems.append(Problem(Location(str(path), row.line), expected))
            continue
        found.append(Representative(f"r{row.line}", values["name"], values["title"], values["constituency"]))
    if problems:
        raise AdvocateError(problems)
    return tuple(found)


def campaign_points(content: Content, campaign: Campaign, day: dt.date) -> list[PointView]:
    """The points a constituent may tick for ``campaign``'s letter dated ``day``: those on its topics
    (every topic when it names none) for the constituent audience, best priority first."""
    library = content.library
    brief = dataclasses.replace(campaign.brief, date=day)
    topics = frozenset(brief.topics or library.topics)
    ids = topic_points(library, brief, topics)
    ordered = sorted(ids, key=lambda i: library.points[i].audiences.get(brief.audience, 9))
    return [point_view(library, library.points[i], day) for i in ordered]


def point_view(library: Library, point: Point, day: dt.date | None = None) -> PointView:
    """A point with its sources and a readable text (citations as bracketed short titles), offices
    named as of ``day`` (a letter's date; today for the library page)."""
    sources = tuple(library.sources[s] for s in cited_sources(point.text) if s in library.sources)
    text: list[Text] = []
    for run in parse_inline(listed(point.text, library.offices, day)):
        if isinstance(run, Citation):
            titles = [library.sources[c.source] for c in run.cites if c.source in library.sources]
            text.append(Text(" [" + "; ".join(s.title_short or s.title for s in titles) + "]"))
        elif isinstance(run, Text):
            text.append(run)
    return PointView(
        point,
        sources,
        tuple(text),
        listed(point.claim, library.offices, day),
        rests_on_unverified(library, point),
    )


def generate(content: Content, brief: Brief, output: Output) -> bytes:
    """The document ``brief`` describes, assembled, cited, fitted to its page budget and rendered
    exactly as ``advocate build`` does: the HTML page (``preview``, UTF-8) or the DOCX or PDF file."""
    prepared = prepare(content.library, brief, content.folders, pdf=output == "pdf")
    if output == "preview":
        return render_html(prepared.document, content.folders).encode("utf-8")
    if output == "pdf" and prepared.pdf is not None:
        return prepared.pdf  # the layout that fitted the budget, written once
    return RENDERERS[output](prepared.document, content.folders)


def briefing_audiences(library: Library) -> list[str]:
    """The audiences with a briefing plan, in library order."""
    return [a.id for a in library.audiences.values() if "briefing" in a.documents]


def find_representatives(content: Content, text: str) -> list[Representative]:
    """The representatives whose name or constituency contains ``text`` (all when it is empty)."""
    return [r for r in content.representatives if r.matches(text)]


def representative(content: Content, key: str) -> Representative | None:
    """The representative with this form key, if any."""
    return next((r for r in content.representatives if r.key == key), None)
