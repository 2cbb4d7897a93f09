"""The cite stage: note numbering, CSL positions, and agreement with pandoc run on whole documents."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import random
import shutil
import subprocess
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pypandoc
import pytest

from advocate.cite import BUNDLED_STYLES, CitationStyle, cite, csl_items, form_book, load_style
from advocate.document import (
    BulletList,
    Citation,
    Cite,
    Document,
    Note,
    NoteRef,
    Paragraph,
    Party,
    Section,
    Text,
)
from advocate.errors import AdvocateError
from advocate.render.templates import search_path

Spec = Sequence[tuple[str, str | None]]
"""One note's cites as (source id, pinpoint)."""

CHICAGO = "chicago-notes-bibliography-subsequent-ibid"

SOURCES: dict[str, dict[str, object]] = {
    "amnesty": {
        "type": "report",
        "title": "Like We Were Enemies in a War",
        "author": [{"literal": "Amnesty International"}],
        "issued": "2021-06-10",
    },
    "cbc": {
        "type": "article-newspaper",
        "title": "Canada leads joint statement on Xinjiang at UN",
        "author": [{"family": "Zimonjic", "given": "Peter"}, {"family": "Ling", "given": "Philip"}],
        "container-title": "CBC News",
        "issued": {"date-parts": [[2021, 6, 22]]},
    },
    "genocide": {
        "type": "treaty",
        "title": "Convention on the Prevention and Punishment of the Crime of Genocide",
        "container-title": "United Nations Treaty Series",
        "volume": "78",
        "page": "277",
        "issued": "1948-12-09",
    },
    "bosnia": {
        "type": "legal_case",
        "title": "Application of the Convention on the Prevention and Punishment of the Crime of Genocide "
        "(Bosnia and Herzegovina v Serbia and Montenegro)",
        "title-short": "Bosnia v Serbia",
        "authority": "ICJ",
        "container-title": "ICJ Reports",
        "page": "43",
        "issued": "2007",
    },
    "bbc": {
        "type": "webpage",
        "title": "Who are the Uyghurs and why is China being accused of genocide?",
        "container-title": "BBC News",
        "URL": "https://www.bbc.co.uk/news/world-asia-china-22278037",
        "issued": "2022-05-24",
        "accessed": dt.date(2023, 1, 5),
    },
}

CBC_FULL = (
    "Peter Zimonjic and Philip Ling, ‘Canada Leads Joint Statement on Xinjiang at UN’ CBC News "
    "(22 June 2021)."
)
A_4, B = ("amnesty", "4"), ("cbc", None)
ISSUE: list[Spec] = [[A_4], [A_4], [B], [("amnesty", "7")], [("amnesty", "9")]]
"""A p4, A p4, B, A p7, A p9."""


@pytest.fixture(scope="module")
def oscola() -> CitationStyle:
    return load_style("oscola")


@pytest.fixture(scope="module")
def chicago() -> CitationStyle:
    return load_style(CHICAGO)


def citation(*cites: tuple[str, str | None]) -> Citation:
    return Citation(tuple(Cite(source, pinpoint) for source, pinpoint in cites))


def document(*sections: Section) -> Document:
    return Document(
        kind="letter",
        audience="mp",
        title="Uyghur genocide",
        date=dt.date(2021, 6, 30),
        lang="en-GB",
        sender=Party("Alex"),
        recipient=Party("Jane Doe MP"),
        sections=sections,
    )


def notes_document(notes: Sequence[Spec]) -> Document:
    """One paragraph per note."""
    paragraphs = tuple(Paragraph((Text(f"Point {i}."), citation(*spec))) for i, spec in enumerate(notes))
    return document(Section("body", None, paragraphs))


def sourced(doc: Document, sources: dict[str, dict[str, object]], listed: bool = False) -> Document:
    """``doc`` with the sources its citations name (and, when ``listed``, a section listing them)."""
    extra = (Section("sources", "Sources", (), lists_sources=True),) if listed else ()
    return dataclasses.replace(doc, sources=sources, sections=(*doc.sections, *extra))


def sources_listed(doc: Document) -> list[tuple[Text, ...]]:
    """The entries of the cited document's list of sources."""
    (section,) = [s for s in doc.sections if s.lists_sources]
    (block,) = section.blocks
    assert isinstance(block, BulletList)
    return [item.runs for item in block.items]  # type: ignore[misc]


def plain(runs: Sequence[Text]) -> str:
    return "".join(run.text for run in runs)


def texts(doc: Document) -> list[str]:
    return [plain(note.runs) for note in doc.notes]


# --------------------------------------------------------------------------- the issue's rule


def test_ibid_and_subsequent_in_oscola(oscola: CitationStyle) -> None:
    doc = notes_document(ISSUE)
    assert texts(cite(sourced(doc, SOURCES), oscola)) == [
        "Amnesty International, ‘Like We Were Enemies in a War’ (2021) 4.",
        "ibid.",
        CBC_FULL,
        "Amnesty International (n 1) 7.",
        "ibid 9.",
    ]


def test_ibid_and_subsequent_in_chicago(chicago: CitationStyle) -> None:
    doc = notes_document(ISSUE)
    assert texts(cite(sourced(doc, SOURCES), chicago)) == [
        "Amnesty International, Like We Were Enemies in a War (2021), 4.",
        "Ibid.",
        "Peter Zimonjic and Philip Ling, ‘Canada Leads Joint Statement on Xinjiang at UN’, CBC News, "
        "22 June 2021.",
        "Amnesty International, Like We Were Enemies in a War, 7.",
        "Ibid., 9.",
    ]


def test_no_pinpoint_after_a_pinpoint_is_not_ibid(oscola: CitationStyle) -> None:
    doc = notes_document([[("amnesty", "4")], [("amnesty", None)], [("amnesty", None)], [("amnesty", "5")]])
    assert texts(cite(sourced(doc, SOURCES), oscola))[1:] == [
        "Amnesty International (n 1).",
        "ibid.",
        "ibid 5.",
    ]


def test_several_citations_at_one_place_make_one_note(oscola: CitationStyle) -> None:
    doc = notes_document(
        [[("cbc", None), ("amnesty", "12"), ("amnesty", "13")], [("cbc", "2"), ("bosnia", None)]]
    )
    cited = cite(sourced(doc, SOURCES), oscola)
    assert texts(cited) == [
        CBC_FULL[:-1] + "; Amnesty International, ‘Like We Were Enemies in a War’ (2021) 12; ibid 13.",
        "Zimonjic and Ling (n 1) 2; Application of the Convention on the Prevention and Punishment of the "
        "Crime of Genocide (Bosnia and Herzegovina v Serbia and Montenegro) [2007] ICJ Reports 43 (ICJ).",
    ]
    assert [note.sources for note in cited.notes] == [("cbc", "amnesty", "amnesty"), ("cbc", "bosnia")]


# --------------------------------------------------------------------------- numbering


def test_notes_are_numbered_in_reading_order(oscola: CitationStyle) -> None:
    summary = Section(
        "summary",
        "Summary",
        (Paragraph((Text("Lead"), citation(("amnesty", None)), Text(" and more"), citation(("cbc", None)))),),
    )
    facts = Section(
        "key-facts",
        "Key facts",
        (
            BulletList(
                (
                    Paragraph((Text("One"), citation(("bosnia", "para 431")))),
                    Paragraph((Text("No note here."),)),
                    Paragraph((Text("Two"), citation(("genocide", "art II(a)"), ("bbc", None)))),
                )
            ),
            Paragraph((Text("After the list"), citation(("amnesty", "3")))),
        ),
    )
    empty = Section("asks", "Asks", (Paragraph((Text("Act now."),), "ask"),))
    doc = document(summary, facts, empty)
    cited = cite(sourced(doc, SOURCES), oscola)

    refs = [
        run.number
        for section in cited.sections
        for block in section.blocks
        for paragraph in (block.items if isinstance(block, BulletList) else (block,))
        for run in paragraph.runs
        if isinstance(run, NoteRef)
    ]
    assert refs == [1, 2, 3, 4, 5]
    assert [note.number for note in cited.notes] == [1, 2, 3, 4, 5]
    assert [note.sources for note in cited.notes] == [
        ("amnesty",),
        ("cbc",),
        ("bosnia",),
        ("genocide", "bbc"),
        ("amnesty",),
    ]
    assert texts(cited)[4] == "Amnesty International (n 1) 3."
    assert not any(isinstance(run, Citation) for run in _all_runs(cited))
    assert cited.sections[2] is doc.sections[2]  # untouched blocks are shared, not copied
    assert any(isinstance(run, Citation) for run in _all_runs(doc))  # the input is not changed


def _all_runs(doc: Document) -> list[object]:
    return [
        run
        for section in doc.sections
        for block in section.blocks
        for paragraph in (block.items if isinstance(block, BulletList) else (block,))
        for run in paragraph.runs
    ]


def test_a_document_without_citations_gets_no_notes(oscola: CitationStyle) -> None:
    doc = dataclasses.replace(
        document(Section("s", None, (Paragraph((Text("Hi"),)),))), notes=(Note(1, (), ()),)
    )
    assert cite(sourced(doc, {}), oscola).notes == ()


def test_unknown_source_is_an_error(oscola: CitationStyle) -> None:
    with pytest.raises(AdvocateError, match="nowhere"):
        cite(sourced(notes_document([[("nowhere", None)]]), SOURCES), oscola)


# --------------------------------------------------------------------------- formatting


def test_runs_carry_italics_and_links(oscola: CitationStyle, chicago: CitationStyle) -> None:
    doc = notes_document([[("bosnia", None)], [("amnesty", None)], [("bbc", None)], [("bosnia", "5")]])
    notes = cite(sourced(doc, SOURCES), oscola).notes
    assert (
        Text(
            "Application of the Convention on the Prevention and Punishment of the Crime of Genocide "
            "(Bosnia and Herzegovina v Serbia and Montenegro)",
            italic=True,
        )
        in notes[0].runs
    )
    assert notes[1].runs == (Text("Amnesty International, ‘Like We Were Enemies in a War’ (2021)."),)
    url = str(SOURCES["bbc"]["URL"])
    assert Text(url, url=url) in notes[2].runs
    assert notes[3].runs == (Text("Bosnia v Serbia", italic=True), Text(" (n 1) 5."))

    report = cite(sourced(doc, SOURCES), chicago).notes[1]
    assert report.runs == (
        Text("Amnesty International, "),
        Text("Like We Were Enemies in a War", italic=True),
        Text(" (2021)."),
    )


def test_pinpoints_are_inserted_as_written(oscola: CitationStyle) -> None:
    doc = notes_document([[("bosnia", "para 431")], [("bosnia", "para 432")], [("genocide", "art II(a)")]])
    assert [text.split(" [2007]")[-1] for text in texts(cite(sourced(doc, SOURCES), oscola))] == [
        " ICJ Reports 43 (ICJ) para 431.",
        "ibid para 432.",
        "Convention on the Prevention and Punishment of the Crime of Genocide (9 December 1948) 277, "
        "art II(a).",
    ]


def test_the_project_oscola_cites_treaties_by_series_and_short_title() -> None:
    style = load_style("oscola", search_path(None))
    assert style.path == search_path(None)[-1] / "styles" / "oscola.csl"
    sources = {**SOURCES, "genocide": {**SOURCES["genocide"], "title-short": "Genocide Convention"}}
    doc = notes_document([[("genocide", "art I")], [B], [("genocide", "art II")]])
    assert texts(cite(sourced(doc, sources), style))[0::2] == [
        "Convention on the Prevention and Punishment of the Crime of Genocide (9 December 1948), "
        "78 United Nations Treaty Series 277, art I.",
        "Genocide Convention (n 1) art II.",
    ]


def test_bibliography_lists_cited_sources_in_style_order(oscola: CitationStyle) -> None:
    doc = notes_document([[("genocide", None)], [("cbc", None), ("amnesty", None)]])
    entries = sources_listed(cite(sourced(doc, SOURCES, listed=True), oscola))
    assert [plain(entry) for entry in entries] == [
        "Amnesty International, ‘Like We Were Enemies in a War’ (2021)",
        "Zimonjic P and Ling P, ‘Canada Leads Joint Statement on Xinjiang at UN’ CBC News (22 June 2021)",
        "Convention on the Prevention and Punishment of the Crime of Genocide (9 December 1948) 277",
    ]


def test_bibliography_replaces_a_repeated_author_only_when_both_are_cited(oscola: CitationStyle) -> None:
    sources = {
        **SOURCES,
        "amnesty-2": {
            "type": "report",
            "title": "Nowhere feels safe",
            "author": [{"literal": "Amnesty International"}],
            "issued": "2022-03-01",
        },
    }
    both = sources_listed(
        cite(
            sourced(notes_document([[("amnesty", None), ("amnesty-2", None)]]), sources, listed=True), oscola
        )
    )
    assert [plain(entry) for entry in both] == [
        "Amnesty International, ‘Like We Were Enemies in a War’ (2021)",
        "——, ‘Nowhere Feels Safe’ (2022)",
    ]
    one = sources_listed(cite(sourced(notes_document([[("amnesty-2", None)]]), sources, listed=True), oscola))
    assert [plain(entry) for entry in one] == ["Amnesty International, ‘Nowhere Feels Safe’ (2022)"]


# --------------------------------------------------------------------------- the oracle: pandoc itself


def pandoc_notes(notes: Sequence[Spec], style: CitationStyle, folder: Path) -> list[str]:
    """The notes pandoc prints for the whole document in one run, as plain text."""
    refs = folder / "refs.json"
    if not refs.exists():
        refs.write_text(json.dumps(csl_items(SOURCES)), encoding="utf-8")
    markdown = "\n\n".join(
        "Text [" + "; ".join(f"@{s}" + (f", {p}" if p else "") for s, p in spec) + "]." for spec in notes
    )
    args = [
        pypandoc.get_pandoc_path(),
        "-f",
        "markdown",
        "-t",
        "json",
        "--citeproc",
        "--csl",
        str(style.path),
    ]
    args += ["--bibliography", str(refs), "-M", "lang=en-GB", "-M", "suppress-bibliography=true"]
    out = subprocess.run(args, input=markdown.encode(), capture_output=True, check=True).stdout
    return [_stringify(note) for note in _ast_notes(json.loads(out)["blocks"])]


def _ast_notes(node: Any) -> list[Any]:
    if isinstance(node, list):
        return [note for child in node for note in _ast_notes(child)]
    if isinstance(node, dict):
        if node.get("t") == "Note":
            return [node["c"]]
        return _ast_notes(node.get("c"))
    return []


def _stringify(node: Any) -> str:
    if isinstance(node, list):
        return "".join(_stringify(child) for child in node)
    kind, content = node["t"], node.get("c")
    if kind == "Str":
        return str(content)
    if kind in ("Space", "SoftBreak", "LineBreak"):
        return " "
    if kind == "Quoted":
        left, right = ("‘", "’") if content[0]["t"] == "SingleQuote" else ("“", "”")
        return left + _stringify(content[1]) + right
    if kind in ("Span", "Link"):
        return _stringify(content[1])
    if kind in ("Emph", "Strong", "SmallCaps", "Underline", "Para", "Plain", "Superscript", "Subscript"):
        return _stringify(content)
    return ""


def random_notes(rng: random.Random) -> list[Spec]:
    ids = list(SOURCES)
    favourites = ids[:2]  # repeats make ibid and subsequent cites likely
    notes: list[Spec] = []
    for _ in range(rng.randint(1, 14)):
        size = rng.choice([1, 1, 1, 1, 2, 3])
        notes.append(
            [
                (
                    rng.choice(favourites if rng.random() < 0.6 else ids),
                    rng.choice([None, None, str(rng.randint(1, 9)), str(rng.randint(10, 400))]),
                )
                for _ in range(size)
            ]
        )
    return notes


def lower_ibid(text: str) -> str:
    """The one documented difference for OSCOLA: "ibid" stays lower case at the start of a note."""
    return "i" + text[1:] if text.startswith("Ibid") else text


@pytest.mark.parametrize("name", ["oscola", CHICAGO])
def test_notes_equal_pandoc_on_whole_documents(name: str, tmp_path: Path) -> None:
    style = load_style(name)
    rng = random.Random(20240611)
    sequences = [random_notes(rng) for _ in range(30)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        expected = list(pool.map(lambda notes: pandoc_notes(notes, style, tmp_path), sequences))
    for notes, theirs in zip(sequences, expected, strict=True):
        ours = texts(cite(sourced(notes_document(notes), SOURCES), style))
        if style.options.lowercase_ibid:
            theirs = [lower_ibid(text) for text in theirs]
        assert ours == theirs, notes


# --------------------------------------------------------------------------- styles


def test_unknown_style_names_it_and_suggests_close_ones() -> None:
    with pytest.raises(AdvocateError, match="'oscolla' not found") as error:
        load_style("oscolla")
    assert "oscola" in str(error.value).split("did you mean", 1)[1]


def test_style_layout_is_read_from_the_csl() -> None:
    style = load_style()
    assert (style.name, style.prefix, style.suffix, style.delimiter) == ("oscola", "", ".", "; ")
    assert style.options.lowercase_ibid
    assert not load_style(CHICAGO).options.lowercase_ibid


def test_user_styles_come_first(tmp_path: Path) -> None:
    (tmp_path / "styles").mkdir()
    mine = tmp_path / "styles" / "oscola.csl"
    shutil.copy(BUNDLED_STYLES / "oscola.csl", mine)
    assert load_style("oscola", [tmp_path]).path == mine
    assert load_style("oscola.csl").path == BUNDLED_STYLES / "oscola.csl"


def test_in_text_styles_are_refused() -> None:
    with pytest.raises(AdvocateError, match="in-text style"):
        load_style("apa")


def test_dates_are_passed_as_date_parts() -> None:
    items = csl_items(
        {"a": {"issued": "2021-06-10", "accessed": dt.date(2023, 1, 5), "submitted": "2020/2021"}}
    )
    assert items == [
        {
            "id": "a",
            "issued": {"date-parts": [[2021, 6, 10]]},
            "accessed": {"date-parts": [[2023, 1, 5]]},
            "submitted": {"date-parts": [[2020], [2021]]},
        }
    ]
    assert csl_items({"b": {"issued": "spring 2020"}})[0]["issued"] == {"literal": "spring 2020"}


# --------------------------------------------------------------------------- speed


def test_many_documents_share_one_form_book(oscola: CitationStyle) -> None:
    """No timing assert: the timings go in the report (run with ``-s`` to see them)."""
    started = time.perf_counter()
    form_book(oscola, {**SOURCES, "fresh": {"type": "book", "title": "A fresh set of sources"}})
    built = time.perf_counter() - started

    rng = random.Random(7)
    doc = notes_document([[(rng.choice(list(SOURCES)), rng.choice([None, "3"]))] for _ in range(20)])
    first = cite(sourced(doc, SOURCES), oscola)
    started = time.perf_counter()
    for _ in range(1000):
        again = cite(sourced(doc, SOURCES), oscola)
    per_call = (time.perf_counter() - started) / 1000
    assert again == first
    print(f"\nform book built in {built:.2f} s; cite() of 20 notes: {per_call * 1000:.3f} ms per call")
