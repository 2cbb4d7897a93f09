"""lookup: finding points, counting citations, and what withdrawing a source would change."""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from advocate.brief import Brief, load_brief
from advocate.errors import AdvocateError
from advocate.library.load import load_library
from advocate.library.models import Library
from advocate.lookup import (
    brief_files,
    citation_counts,
    cited_sources,
    find_points,
    impact_report,
    points_table,
    printable,
    sources_table,
    withdrawal_impact,
)
from advocate.web.content import point_view
from office_samples import OFFICES_YAML


@pytest.fixture
def lib(library: Path) -> Library:
    loaded = load_library(library)
    assert loaded.problems == []
    return loaded.library


def make_brief(lib: Library, folder: Path, name: str, audience: str, topics: str, extra: str = "") -> Brief:
    folder.mkdir(exist_ok=True)
    path = folder / f"{name}.yaml"
    path.write_text(
        textwrap.dedent(
            f"""\
            kind: letter
            audience: {audience}
            title: A letter
            date: 2024-06-01
            recipient: {{name: A Recipient}}
            sender: {{name: A Sender}}
            topics: {topics}
            """
        )
        + extra,
        encoding="utf-8",
    )
    brief, problems = load_brief(path, lib)
    assert problems == []
    assert brief is not None
    return brief


def ids(points: list) -> list[str]:
    return [p.id for p in points]


def test_cited_sources_in_order_once_each() -> None:
    assert cited_sources("a [@x, 1]. b [@y; @x]. c [@z].") == ["x", "y", "z"]
    assert cited_sources("nothing cited") == []


def test_find_points_without_filters_returns_all_in_library_order(lib: Library) -> None:
    assert ids(find_points(lib)) == ["detention-scale", "coalition", "cotton"]


def test_find_points_by_topic_audience_and_search(lib: Library) -> None:
    assert ids(find_points(lib, topic="forced-labour")) == ["cotton"]
    assert ids(find_points(lib, audience="company")) == ["coalition", "cotton"]
    assert ids(find_points(lib, search="CANADA")) == ["coalition"]  # in the text, any case
    assert ids(find_points(lib, search="uk shops")) == ["cotton"]  # in the claim
    assert ids(find_points(lib, topic="recognition", audience="company", search="forty")) == ["coalition"]
    assert ids(find_points(lib, topic="recognition", audience="company", search="cotton")) == []
    with pytest.raises(AdvocateError, match="unknown topic 'no-such-topic'"):
        find_points(lib, topic="no-such-topic")


def test_points_table_shows_claim_sources_and_reviewed(lib: Library) -> None:
    table = points_table(find_points(lib), width=100)
    lines = table.splitlines()
    assert lines[0].split() == ["CLAIM", "SOURCES", "REVIEWED"]
    assert lines[1].split("  ")[0] == "Up to a million people have been held in camps."
    assert lines[1].endswith("amnesty-2021                        2024-01-10")
    # A claim longer than its column wraps; the date is on the first line only.
    assert lines[3].startswith("More than forty states called for access to ")
    assert lines[4] == "Xinjiang."
    assert "amnesty-2021, cbc-2021" in lines[6]
    assert lines[-1] == "3 point(s)"
    assert max(len(line) for line in lines) <= 100


def test_points_table_marks_points_never_reviewed(library: Path) -> None:
    content = library / "content.yaml"
    content.write_text(content.read_text().replace("    reviewed: 2024-01-10\n", "", 1), encoding="utf-8")
    table = points_table(find_points(load_library(library).library, topic="detention"), width=100)
    assert table.splitlines()[1].endswith("never")
    assert table.splitlines()[-1] == "1 point(s)"


def test_citation_counts_count_points(lib: Library) -> None:
    assert citation_counts(lib) == {"amnesty-2021": 2, "cbc-2021": 2, "genocide-convention": 0}


def test_sources_table(lib: Library) -> None:
    lines = sources_table(lib).splitlines()
    assert lines[0].split() == ["ID", "TYPE", "POINTS", "STATUS", "CHECKED", "URL"]
    assert lines[1] == (
        "amnesty-2021         report                  2  verified    2024-01-10  https://example.org/amnesty"
    )
    assert [line.split() for line in lines[2:4]] == [
        ["cbc-2021", "article-newspaper", "2", "verified", "2024-01-10", "https://example.org/cbc"],
        ["genocide-convention", "treaty", "0", "verified", "2024-01-10", "https://example.org/convention"],
    ]
    assert lines[4:] == ["", "3 of 3 source(s) verified (a URL and the date it was checked)"]


def test_points_table_with_the_library_says_whether_sources_are_verified(lib: Library) -> None:
    table = points_table(find_points(lib), width=100, library=lib)
    lines = table.splitlines()
    assert lines[0].split() == ["CLAIM", "SOURCES", "REVIEWED", "STATUS"]
    assert lines[1].endswith("amnesty-2021                        2024-01-10  verified")
    assert lines[-1] == "3 point(s), 0 resting only on unverified sources"
    assert max(len(line) for line in lines) <= 100


def test_printable_keeps_text_and_escapes_what_a_terminal_would_obey() -> None:
    assert printable("Uyghur ئۇيغۇر 维吾尔 — “quoted”") == "Uyghur ئۇيغۇر 维吾尔 — “quoted”"
    assert printable("a\tb\nc") == "a b c"
    assert printable("x\x1b[31my\u202ez\x00") == "x\\x1b[31my\\u202ez\\x00"


def test_withdrawal_impact_lists_every_item_citing_the_source(lib: Library) -> None:
    assert withdrawal_impact(lib, "amnesty-2021", []).items == [
        "arguments article-2-a",
        "points cotton",
        "points detention-scale",
    ]
    assert withdrawal_impact(lib, "genocide-convention", []).items == ["arguments article-2-a"]


def test_withdrawal_impact_names_the_briefs_that_would_change(lib: Library, tmp_path: Path) -> None:
    folder = tmp_path / "briefs"
    briefs = [
        make_brief(lib, folder, "mp-recognition", "mp", "[recognition]"),
        make_brief(lib, folder, "company-labour", "company", "[forced-labour]"),
        make_brief(lib, folder, "mp-detention", "mp", "[detention]"),
        make_brief(lib, folder, "mp-detention-plus-coalition", "mp", "[detention]", "include: [coalition]\n"),
        make_brief(lib, folder, "mp-recognition-without", "mp", "[recognition]", "exclude: [coalition]\n"),
    ]
    impact = withdrawal_impact(lib, "cbc-2021", briefs)
    assert impact.items == ["points coalition", "points cotton"]
    assert impact.briefs == ["mp-recognition", "company-labour", "mp-detention-plus-coalition"]
    assert impact_report(impact).splitlines() == [
        "cbc-2021: cited by 2 item(s)",
        "  points coalition",
        "  points cotton",
        "briefs that would change if it were withdrawn: 3",
        "  mp-recognition",
        "  company-labour",
        "  mp-detention-plus-coalition",
    ]


def test_withdrawal_impact_ignores_briefs_whose_audience_never_gets_the_items(
    lib: Library, tmp_path: Path
) -> None:
    # amnesty-2021 is cited on the detention topic only by items for MPs (detention-scale, article-2-a);
    # a company letter on detention can never contain them, so withdrawing the source changes nothing there.
    brief = make_brief(lib, tmp_path / "briefs", "company-detention", "company", "[detention]")
    assert withdrawal_impact(lib, "amnesty-2021", [brief]).briefs == []


def test_withdrawal_impact_of_unknown_source(lib: Library) -> None:
    with pytest.raises(AdvocateError) as raised:
        withdrawal_impact(lib, "cbc-2012", [])
    assert str(raised.value) == "advocate: unknown source 'cbc-2012'"


def test_brief_files(tmp_path: Path) -> None:
    assert brief_files(tmp_path / "absent") == []
    (tmp_path / "b.yaml").write_text("x: 1\n")
    (tmp_path / "a.yaml").write_text("x: 1\n")
    (tmp_path / "notes.md").write_text("x")
    assert [p.name for p in brief_files(tmp_path)] == ["a.yaml", "b.yaml"]


def test_listings_print_office_markup_as_of_today(library: Path, add_file: Callable[[str, str], str]) -> None:
    add_file("offices.yaml", OFFICES_YAML)
    add_file(
        "points/office.yaml",
        """
        points:
          - id: minister-refused
            claim: "{office:river-minister@2021-01-12} refused an inquiry."
            text: In 2021 {office:river-minister@2021-01-12} refused an inquiry [@cbc-2021].
            topics: [detention]
            audiences: {mp: 2}
        """,
    )
    loaded = load_library(library).library
    found = find_points(loaded, search="then Rivers Minister, Ben Baker")
    assert [p.id for p in found] == ["minister-refused"]
    table = points_table(found, width=160, library=loaded)
    assert "The then Rivers Minister, Ben Baker, refused an inquiry." in table
    view = point_view(loaded, found[0])
    assert view.claim == "The then Rivers Minister, Ben Baker, refused an inquiry."
    assert "".join(run.text for run in view.text).startswith("In 2021 the then Rivers Minister, Ben Baker,")
    letter_day = point_view(loaded, found[0], dt.date(2021, 6, 1))
    assert letter_day.claim == "The Rivers Minister, Ben Baker, refused an inquiry."


def test_points_table_says_until_when_a_fact_expires(library: Path) -> None:
    content = library / "content.yaml"
    text = content.read_text(encoding="utf-8")
    content.write_text(
        text.replace("    reviewed: 2024-01-10\n", "    reviewed: 2024-01-10\n    until: 2024-06-30\n", 1)
    )
    lines = points_table(
        find_points(load_library(library).library, topic="detention"), width=100
    ).splitlines()
    assert lines[1].endswith("2024-01-10") and lines[2].endswith("until 2024-06-30")
