"""How far the library's items can be trusted: which sources were checked, and when, and which items
rest only on sources nobody has checked.

In: a ``Library`` (and the ids of items a document draws on). Out: a source's checked date and link,
and the items whose every cited source is unverified, for the tables, the library page and the notes
``advocate build`` and ``advocate letters`` print.

An item that cites nothing is never "unverified": there is nothing to check (the other checks say
whether it should cite something).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from urllib.parse import urlsplit

from advocate.document import Citation
from advocate.library.items import Argument, Ask, Point, Response
from advocate.library.models import Library
from advocate.library.sources import Source
from advocate.markup.inline import scan

Item = Point | Argument | Response | Ask


def checked_on(source: Source) -> str | None:
    """The date a person last checked ``source`` (``accessed``, else ``verified``), as written."""
    if source.accessed:
        return str(source.accessed)
    return source.verified.isoformat() if source.verified else None


def web_link(url: str | None) -> str | None:
    """``url`` when it may be a link in a page: an ``http`` or ``https`` address with a host (never
    ``javascript:``, ``data:`` or a relative path); None otherwise, and the page prints it as text."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url.strip()


def item_sources(item: Item) -> list[str]:
    """The ids of the sources ``item`` cites, in order, once each: a point's text, an argument's
    conclusion and rule, a response's position and rebuttal, an ask's why."""
    if isinstance(item, Point):
        texts = [item.text]
    elif isinstance(item, Argument):
        texts = [item.conclusion]
    elif isinstance(item, Response):
        texts = [item.position, item.rebuttal]
    else:
        texts = [item.why or ""]
    seen: dict[str, None] = {}
    if isinstance(item, Argument):
        seen.setdefault(item.rule.source)
    for text in texts:
        # A malformed citation is the check's to report; here it cites nothing.
        for found in scan(text).citations:
            for cite in found.citation.cites:
                seen.setdefault(cite.source)
    return list(seen)


def rests_on_unverified(library: Library, item: Item) -> bool:
    """Whether ``item`` cites at least one source and every source it cites is unverified."""
    sources = [library.sources.get(s) for s in item_sources(item)]
    return bool(sources) and all(s is None or s.unverified for s in sources)


def verified_count(library: Library, item: Item) -> tuple[int, int]:
    """How many of the sources ``item`` cites are verified, and how many it cites."""
    sources = [library.sources.get(s) for s in item_sources(item)]
    return sum(1 for s in sources if s is not None and not s.unverified), len(sources)


KINDS = (("point", "points"), ("argument", "arguments"), ("response", "responses"), ("ask", "asks"))
"""Each kind of item, as a note names it and as the library holds it."""


def items_by_id(library: Library, ids: Iterable[str]) -> Iterator[tuple[str, Item]]:
    """``(kind, item)`` for each id among the library's points, arguments, responses and asks (an id
    used by two kinds yields both)."""
    for item_id in ids:
        for kind, attribute in KINDS:
            item = getattr(library, attribute).get(item_id)
            if item is not None:
                yield kind, item


def unverified_items(library: Library, ids: Iterable[str]) -> list[str]:
    """``kind id`` of each of ``ids`` that rests only on unverified sources, in the order given."""
    found = (
        f"{kind} {item.id}" for kind, item in items_by_id(library, ids) if rests_on_unverified(library, item)
    )
    return list(dict.fromkeys(found))


def unverified_note(name: str, items: Iterable[str]) -> str | None:
    """The line ``build`` and ``letters`` print for a document drawing on ``items`` that rest only on
    unverified sources (None when there are none)."""
    listed = list(items)
    if not listed:
        return None
    return (
        f"{name}: {len(listed)} item(s) rest only on unverified sources (no URL and date checked): "
        f"{', '.join(listed)}; check them against their sources before sending"
    )


_RECORD = frozenset({"legal_case", "legislation", "treaty", "bill", "regulation", "hearing", "standard"})
_REPORTING = frozenset({"article-newspaper", "article-magazine", "broadcast", "post", "post-weblog"})
_KIND = {0: "record", 1: "publication", 2: "web page", 3: "news report"}


def primacy(source: Source) -> int:
    """How directly a source establishes what it is cited for, by its type: 0 for the record itself
    (a judgment, an instrument, Hansard), 1 for a body's own publication (a report, a journal article,
    a statement), 2 for a web page, 3 for a news report, which usually reports one of the others."""
    if source.type in _RECORD:
        return 0
    if source.type in _REPORTING:
        return 3
    return 2 if source.type == "webpage" else 1


def secondary_first(library: Library, citation: Citation) -> str | None:
    """What is wrong when ``citation`` lists a less direct source before a more direct one (a news
    report before the report it describes), or None. Unknown sources are another check's."""
    known = [library.sources[c.source] for c in citation.cites if c.source in library.sources]
    for i, earlier in enumerate(known):
        for later in known[i + 1 :]:
            if primacy(later) < primacy(earlier):
                return (
                    f"expected the primary source first, got {_KIND[primacy(earlier)]} {earlier.id!r} "
                    f"before {_KIND[primacy(later)]} {later.id!r}: list the record or the body's own "
                    "publication before pages and news reports about it"
                )
    return None
