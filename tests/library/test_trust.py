"""library.trust: when sources were checked, safe links, and the items resting only on unverified ones."""

from __future__ import annotations

import dataclasses
import datetime as dt
import textwrap
from pathlib import Path

import pytest

from advocate.assemble import assemble
from advocate.brief import load_brief
from advocate.build import Prepared, unverified_notes
from advocate.library.load import load_library
from advocate.library.models import Library
from advocate.library.sources import CslDate
from advocate.library.trust import (
    checked_on,
    item_sources,
    primacy,
    rests_on_unverified,
    secondary_first,
    unverified_items,
    unverified_note,
    verified_count,
    web_link,
)


@pytest.fixture
def lib(library: Path) -> Library:
    """The mini library with the Amnesty report unverified (no URL): the detention point cites only it."""
    sources = library / "sources.yaml"
    sources.write_text(
        sources.read_text(encoding="utf-8").replace("    URL: https://example.org/amnesty\n", ""),
        encoding="utf-8",
    )
    loaded = load_library(library)
    assert loaded.problems == []
    return loaded.library


def test_checked_on_is_the_accessed_date_else_the_verified_one(lib: Library) -> None:
    source = lib.sources["cbc-2021"]
    assert checked_on(source) == "2024-01-10"
    assert (
        checked_on(dataclasses.replace(source, accessed=None, verified=dt.date(2024, 2, 1))) == "2024-02-01"
    )
    assert checked_on(dataclasses.replace(source, accessed=CslDate("2024-03"))) == "2024-03"
    assert checked_on(dataclasses.replace(source, accessed=None)) is None


@pytest.mark.parametrize(
    ("url", "link"),
    [
        ("https://example.org/a?b=1&c=<2>", "https://example.org/a?b=1&c=<2>"),  # the page escapes it
        ("HTTP://EXAMPLE.ORG/", "HTTP://EXAMPLE.ORG/"),
        (" https://example.org/ ", "https://example.org/"),
        ("javascript:alert(1)", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ("//example.org/no-scheme", None),
        ("https:///no-host", None),
        ("http://[::1", None),  # not a URL at all
        ("", None),
        (None, None),
    ],
)
def test_only_http_and_https_addresses_become_links(url: str | None, link: str | None) -> None:
    assert web_link(url) == link


def test_what_each_kind_of_item_cites(lib: Library) -> None:
    assert item_sources(lib.points["cotton"]) == ["amnesty-2021", "cbc-2021"]
    # An argument rests on its rule's source too.
    assert item_sources(lib.arguments["article-2-a"]) == ["genocide-convention", "amnesty-2021"]
    assert item_sources(lib.asks["mp-recognise"]) == []  # no why: nothing cited


def test_an_item_rests_on_unverified_sources_only_when_every_source_is(lib: Library) -> None:
    assert rests_on_unverified(lib, lib.points["detention-scale"])
    assert not rests_on_unverified(lib, lib.points["cotton"])  # one of its two is verified
    assert verified_count(lib, lib.points["cotton"]) == (1, 2)
    assert not rests_on_unverified(lib, lib.arguments["article-2-a"])  # its rule's source is verified
    assert not rests_on_unverified(lib, lib.asks["mp-recognise"])  # it cites nothing to check


def test_unverified_items_and_the_note(lib: Library) -> None:
    ids = ["cotton", "detention-scale", "article-2-a", "mp-recognise", "detention-scale", "no-such-item"]
    assert unverified_items(lib, ids) == ["point detention-scale"]
    assert unverified_note("letter", []) is None
    assert unverified_note("letter", ["point detention-scale"]) == (
        "letter: 1 item(s) rest only on unverified sources (no URL and date checked): point detention-scale; "
        "check them against their sources before sending"
    )


def test_a_built_document_names_what_rests_only_on_unverified_sources(lib: Library, tmp_path: Path) -> None:
    path = tmp_path / "mp-letter.yaml"
    path.write_text(
        textwrap.dedent(
            """\
            kind: letter
            audience: mp
            title: A letter
            date: 2024-06-01
            recipient: {name: A Recipient}
            sender: {name: A Sender}
            topics: [detention, recognition]
            """
        ),
        encoding="utf-8",
    )
    brief, problems = load_brief(path, lib)
    assert problems == [] and brief is not None
    document = assemble(lib, brief)
    assert "detention-scale" in document.items and "coalition" in document.items
    assert unverified_notes(lib, brief, Prepared(document, None, None)) == [
        "mp-letter: 1 item(s) rest only on unverified sources (no URL and date checked): point "
        "detention-scale; check them against their sources before sending"
    ]


def test_primacy_puts_the_record_first_and_news_last(lib: Library) -> None:
    ranks = {id: primacy(lib.sources[id]) for id in ("genocide-convention", "amnesty-2021", "cbc-2021")}
    assert ranks == {"genocide-convention": 0, "amnesty-2021": 1, "cbc-2021": 3}


def test_a_news_report_cited_before_the_report_is_flagged(lib: Library) -> None:
    from advocate.document import Citation, Cite

    def cites(*ids: str) -> Citation:
        return Citation(tuple(Cite(id) for id in ids))

    assert secondary_first(lib, cites("amnesty-2021", "cbc-2021")) is None
    assert secondary_first(lib, cites("genocide-convention", "amnesty-2021", "no-such-source")) is None
    message = secondary_first(lib, cites("cbc-2021", "genocide-convention"))
    assert message == (
        "expected the primary source first, got news report 'cbc-2021' before record 'genocide-convention': "
        "list the record or the body's own publication before pages and news reports about it"
    )


def test_check_warns_of_a_news_report_first_at_its_bracket(library: Path) -> None:
    from advocate.library.check import check

    content = library / "content.yaml"
    text = content.read_text(encoding="utf-8")
    assert "[@amnesty-2021]" in text
    content.write_text(text.replace("[@amnesty-2021]", "[@cbc-2021; @amnesty-2021]", 1), encoding="utf-8")
    found = [str(p) for p in check(library).problems if "primary source first" in p.message]
    assert len(found) == 1 and ": warning: expected the primary source first, got news report" in found[0]
