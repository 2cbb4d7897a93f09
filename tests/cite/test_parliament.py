"""UK parliamentary and legal material in the notes: OSCOLA's forms in the project's OSCOLA, and
something sensible (nothing invented) in every other notes style.

The sources are written as a library author writes them (``house``, ``column``, ``session``,
``neutral-citation``...) and reach the cite stage as ``Source.csl()`` makes them.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from collections.abc import Sequence
from pathlib import Path

import pytest

from advocate.cite import CitationStyle, cite, load_style
from advocate.document import Citation, Cite, Document, Paragraph, Party, Section, Text
from advocate.library.load import load_library
from advocate.markup.inline import citations
from advocate.render.templates import search_path

README = Path(__file__).resolve().parents[2] / "README.md"

Spec = Sequence[tuple[str, str | None]]
"""One note's cites as (source id, pinpoint)."""
Sources = dict[str, dict[str, object]]

LIBRARY = """
references:
  - id: hc-1977
    type: hearing
    title: Devolution
    house: Commons
    issued: 1977-02-03
    volume: "389"
    column: 973–76
  - id: hl-2009
    type: hearing
    title: Equality Bill
    house: Lords
    issued: 2009-11-12
    volume: "714"
    column: "893"
  - id: no-volume
    type: hearing
    title: "Human Rights: Xinjiang"
    house: Commons
    issued: 2021-04-22
  - id: no-column
    type: hearing
    title: Devolution
    house: Commons
    issued: 1977-02-03
    volume: "389"
  - id: written-1996
    type: hearing
    title: Legal Aid
    house: Commons
    issued: 1996-07-04
    volume: "280"
    column: 505W
  - id: written-lords
    type: hearing
    title: Prisons
    house: Lords
    issued: 2005-07-21
    volume: "673"
    column: WA261
  - id: written-uin
    type: hearing
    title: "China: Uighurs"
    house: Commons
    issued: 2021-12-16
    number: "91907"
  - id: beis
    type: report
    title: Uyghur forced labour in Xinjiang and UK value chains
    author: [{literal: "Business, Energy and Industrial Strategy Committee"}]
    collection-title: Fifth Report of Session 2019–21
    number: HC 1272
    session: 2019–21
    publisher: House of Commons
    issued: 2021-03-17
  - id: jchr
    type: report
    title: "Legislative Scrutiny: Equality Bill (second report); Digital Economy Bill"
    author: [{literal: Joint Committee on Human Rights}]
    number: HL Paper 44, HC 330
    session: 2009-10
  - id: bates
    type: legal_case
    title: Bates v Post Office Ltd (No 6)
    title-short: Bates
    neutral-citation: "[2019] EWHC 3408 (QB)"
  - id: msa
    type: legislation
    title: Modern Slavery Act 2015
    issued: 2015
  - id: filler
    type: book
    title: Filler
    author: [{family: Filler, given: F}]
    issued: 2020
"""

UK_SOURCES = [
    "hc-1977",
    "hl-2009",
    "no-volume",
    "no-column",
    "written-1996",
    "written-lords",
    "written-uin",
    "beis",
    "jchr",
    "bates",
    "msa",
]
KNOWN = {
    "hc-1977": ("1977",),
    "no-volume": ("2021",),
    "written-uin": ("91907",),
    "beis": ("Business, Energy and Industrial Strategy Committee", "1272"),
    "bates": ("Bates v Post Office Ltd (No 6)", "3408"),
    "msa": ("Modern Slavery Act", "2015"),
}
"""What every style prints of a source's first citation, at least."""
OTHER_STYLES = [
    "oscola",  # the bundled one, not the project's
    "chicago-notes-bibliography",
    "chicago-notes-bibliography-subsequent-ibid",
    "mhra-notes",
    "new-harts-rules-notes",
]


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> Sources:
    folder = tmp_path_factory.mktemp("library")
    (folder / "sources.yaml").write_text(textwrap.dedent(LIBRARY), encoding="utf-8")
    loaded = load_library(folder)
    assert loaded.problems == []
    return loaded.library.csl_sources


@pytest.fixture(scope="module")
def oscola() -> CitationStyle:
    """The project's OSCOLA (``templates/styles/oscola.csl``)."""
    return load_style("oscola", search_path(None))


def document(sources: Sources, *paragraphs: Paragraph, listed: bool = False) -> Document:
    sections = (Section("body", None, paragraphs),)
    if listed:
        sections += (Section("sources", "Sources", (), lists_sources=True),)
    return Document(
        kind="briefing",
        audience="mp",
        title="Parliament",
        date=dt.date(2026, 1, 1),
        lang="en-GB",
        sender=Party("Alex"),
        recipient=Party("Jane Doe MP"),
        sections=sections,
        sources=sources,
    )


def cited(*cites: tuple[str, str | None]) -> Paragraph:
    return Paragraph((Text("Point."), Citation(tuple(Cite(s, p) for s, p in cites))))


def notes(style: CitationStyle, sources: Sources, *spec: Spec) -> list[str]:
    """The text of each note of a document with one note per ``spec``."""
    doc = cite(document(sources, *(cited(*cites) for cites in spec)), style)
    return ["".join(run.text for run in note.runs) for note in doc.notes]


def forms(style: CitationStyle, sources: Sources, source: str, pins: Spec) -> list[str]:
    """First, ibid, later; later with a pinpoint, ibid with another, later with a third."""
    filler: Spec = [("filler", None)]
    spec: list[Spec] = [[(source, None)], [(source, None)], filler, [(source, None)], filler]
    spec += [[pins[0]], [pins[1]], filler, [pins[2]]]
    texts = notes(style, sources, *spec)
    return [texts[0], texts[1], texts[3], texts[5], texts[6], texts[8]]


def pinned(source: str, *pinpoints: str) -> Spec:
    return [(source, pinpoint) for pinpoint in pinpoints]


# --------------------------------------------------------------------------- Hansard


def test_hansard_debate_in_oscola(oscola: CitationStyle, sources: Sources) -> None:
    assert forms(oscola, sources, "hc-1977", pinned("hc-1977", "col 975", "col 976", "col 975")) == [
        "HC Deb 3 February 1977, vol 389, cols 973–76.",
        "ibid.",
        "HC Deb 3 February 1977, vol 389, cols 973–76.",
        "HC Deb 3 February 1977, vol 389, col 975.",
        "ibid col 976.",
        "HC Deb 3 February 1977, vol 389, col 975.",
    ]


def test_hansard_first_citation_with_a_pinpoint_prints_the_pinpointed_column(
    oscola: CitationStyle, sources: Sources
) -> None:
    assert notes(oscola, sources, [("hl-2009", None)], [("hc-1977", "cols 974–75")]) == [
        "HL Deb 12 November 2009, vol 714, col 893.",
        "HC Deb 3 February 1977, vol 389, cols 974–75.",
    ]


def test_hansard_prints_what_is_known_and_nothing_else(oscola: CitationStyle, sources: Sources) -> None:
    assert notes(oscola, sources, [("no-volume", None)], [("no-column", None)]) == [
        "HC Deb 22 April 2021.",
        "HC Deb 3 February 1977, vol 389.",
    ]
    assert forms(oscola, sources, "no-volume", pinned("no-volume", "col 1130", "col 1131", "col 1132")) == [
        "HC Deb 22 April 2021.",
        "ibid.",
        "HC Deb 22 April 2021.",
        "HC Deb 22 April 2021, col 1130.",
        "ibid col 1131.",
        "HC Deb 22 April 2021, col 1132.",
    ]


def test_written_answers_in_oscola(oscola: CitationStyle, sources: Sources) -> None:
    written = [[("written-1996", None)], [("written-lords", None)], [("written-uin", None)]]
    assert notes(oscola, sources, *written) == [
        "HC Deb 4 July 1996, vol 280, col 505W.",
        "HL Deb 21 July 2005, vol 673, col WA261.",
        "HC Written Answer 16 December 2021, UIN 91907.",
    ]
    assert forms(oscola, sources, "written-uin", [("written-uin", None)] * 3) == [
        "HC Written Answer 16 December 2021, UIN 91907.",
        "ibid.",
        "HC Written Answer 16 December 2021, UIN 91907.",
        "HC Written Answer 16 December 2021, UIN 91907.",
        "ibid.",
        "HC Written Answer 16 December 2021, UIN 91907.",
    ]


# --------------------------------------------------------------------------- House papers


def test_committee_report_in_oscola(oscola: CitationStyle, sources: Sources) -> None:
    committee = "Business, Energy and Industrial Strategy Committee"
    assert forms(oscola, sources, "beis", pinned("beis", "para 12", "paras 13–15", "para 12")) == [
        f"{committee}, Uyghur forced labour in Xinjiang and UK value chains (HC 2019–21, 1272).",
        "ibid.",
        f"{committee} (n 1).",
        f"{committee} (n 1) para 12.",
        "ibid paras 13–15.",
        f"{committee} (n 1) para 12.",
    ]
    assert notes(oscola, sources, [("beis", "para 12")]) == [
        f"{committee}, Uyghur forced labour in Xinjiang and UK value chains (HC 2019–21, 1272) para 12."
    ]


def test_committee_report_title_is_in_italics(oscola: CitationStyle, sources: Sources) -> None:
    (note,) = cite(document(sources, cited(("beis", None))), oscola).notes
    assert [(run.text, run.italic) for run in note.runs] == [
        ("Business, Energy and Industrial Strategy Committee, ", False),
        ("Uyghur forced labour in Xinjiang and UK value chains", True),
        (" (HC 2019–21, 1272).", False),
    ]


def test_joint_committee_report_in_oscola(oscola: CitationStyle, sources: Sources) -> None:
    assert notes(oscola, sources, [("jchr", None)]) == [
        "Joint Committee on Human Rights, Legislative Scrutiny: Equality Bill (second report); "
        "Digital Economy Bill (2009–10, HL 44, HC 330)."
    ]


# --------------------------------------------------------------------------- cases and statutes


def test_case_by_neutral_citation_in_oscola(oscola: CitationStyle, sources: Sources) -> None:
    # The pinpoint is printed as written ("para 32"); OSCOLA's "[32]" needs the cite stage to pass
    # paragraph pinpoints to pandoc as such.
    assert forms(oscola, sources, "bates", pinned("bates", "para 32", "para 33", "para 32")) == [
        "Bates v Post Office Ltd (No 6) [2019] EWHC 3408 (QB).",
        "ibid.",
        "Bates (n 1).",
        "Bates (n 1) para 32.",
        "ibid para 33.",
        "Bates (n 1) para 32.",
    ]


def test_statute_by_short_title_and_year_in_oscola(oscola: CitationStyle, sources: Sources) -> None:
    assert forms(oscola, sources, "msa", pinned("msa", "s 54", "s 55", "s 54")) == [
        "Modern Slavery Act 2015.",
        "ibid.",
        "Modern Slavery Act 2015.",
        "Modern Slavery Act 2015, s 54.",
        "ibid s 55.",
        "Modern Slavery Act 2015, s 54.",
    ]
    assert notes(oscola, sources, [("msa", "s 54")]) == ["Modern Slavery Act 2015, s 54."]


def test_the_bibliography_lists_them_in_the_same_forms(oscola: CitationStyle, sources: Sources) -> None:
    paragraphs = [cited((source, None)) for source in ("hc-1977", "beis", "msa")]
    (listed,) = cite(document(sources, *paragraphs, listed=True), oscola).sections[-1].blocks
    assert ["".join(run.text for run in item.runs) for item in listed.items] == [  # type: ignore[union-attr]
        "Business, Energy and Industrial Strategy Committee, Uyghur forced labour in Xinjiang and UK value "
        "chains (HC 2019–21, 1272)",
        "Modern Slavery Act 2015",
        "HC Deb 3 February 1977, vol 389, cols 973–76",
    ]


# --------------------------------------------------------------------------- other styles


@pytest.mark.parametrize("name", OTHER_STYLES)
def test_other_styles_print_the_known_facts_and_invent_nothing(name: str, sources: Sources) -> None:
    style = load_style(name)
    for source in UK_SOURCES:
        texts = forms(style, sources, source, pinned(source, "col 5", "col 6", "col 7"))
        assert all(text.strip(" .") for text in texts), (name, source, texts)
        allowed = _numbers(repr(sources[source])) | {"1", "5", "6", "7"}  # note 1, the pinpoints
        invented = {n for text in texts for n in _numbers(text)} - allowed
        assert not invented, (name, source, texts)
    for source, facts in KNOWN.items():
        (first,) = notes(style, sources, [(source, None)])
        # The bundled OSCOLA prints a hearing by its title (and first page) only.
        if name == "oscola" and sources[source]["type"] == "hearing":
            facts = (str(sources[source]["title"]),)
        assert all(fact in first for fact in facts), (name, source, first)


def _numbers(text: str) -> set[str]:
    return set(re.findall(r"\d+", text))


# --------------------------------------------------------------------------- the README


def test_the_readme_examples_print_what_the_readme_says(oscola: CitationStyle, tmp_path: Path) -> None:
    part = README.read_text(encoding="utf-8").split("#### UK parliamentary and legal material", 1)[1]
    (tmp_path / "sources.yaml").write_text(part.split("```yaml\n", 1)[1].split("```", 1)[0], encoding="utf-8")
    loaded = load_library(tmp_path)
    assert loaded.problems == []
    sources: Sources = {**loaded.library.csl_sources, "filler": {"type": "book", "title": "Filler"}}
    rows = re.findall(r"^\| `(\[@[^`]+\])` \| (.+?) \| (.+?) \|$", part.split("\n### ", 1)[0], re.MULTILINE)
    assert len(rows) == 5
    for written, first, later in rows:
        (citation,) = citations(written)
        doc = document(
            sources, Paragraph((Text("P."), citation)), cited(("filler", None)), Paragraph((citation,))
        )
        notes = [_markdown(note.runs) for note in cite(doc, oscola).notes]
        assert notes[0] == f"{first}.", written
        assert notes[2] == (notes[0] if later.startswith("the same in full") else f"{later}."), written


def _markdown(runs: Sequence[Text]) -> str:
    return "".join(f"*{run.text}*" if run.italic else run.text for run in runs)
