"""The cite stage: note numbering, CSL positions, pinpoints, formatting, the list of sources."""

from __future__ import annotations

import dataclasses

import pytest

from advocate.cite import CitationStyle, cite, load_style
from advocate.document import BulletList, Citation, Document, Note, NoteRef, Paragraph, Section, Text
from advocate.errors import AdvocateError
from advocate.render.templates import search_path

from .helpers import (
    CHICAGO,
    SOURCES,
    ZENZ,
    Spec,
    citation,
    document,
    marked,
    notes_document,
    plain,
    sourced,
    sources_listed,
    texts,
)

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


def notes_in(
    style: str, notes: list[Spec], lang: str = "en-GB", sources: dict[str, dict[str, object]] = SOURCES
) -> list[str]:
    return texts(cite(notes_document(notes, sources, lang), load_style(style)))


# --------------------------------------------------------------------------- the issue's rule


def test_ibid_and_subsequent_in_oscola(oscola: CitationStyle) -> None:
    assert texts(cite(notes_document(ISSUE), oscola)) == [
        "Amnesty International, ‘Like We Were Enemies in a War’ (2021) 4.",
        "ibid.",
        CBC_FULL,
        "Amnesty International (n 1) 7.",
        "ibid 9.",
    ]


def test_ibid_and_subsequent_in_chicago(chicago: CitationStyle) -> None:
    assert texts(cite(notes_document(ISSUE), chicago)) == [
        "Amnesty International, Like We Were Enemies in a War (2021), 4.",
        "Ibid.",
        "Peter Zimonjic and Philip Ling, ‘Canada Leads Joint Statement on Xinjiang at UN’, CBC News, "
        "22 June 2021.",
        "Amnesty International, Like We Were Enemies in a War, 7.",
        "Ibid., 9.",
    ]


def test_no_pinpoint_after_a_pinpoint_is_not_ibid(oscola: CitationStyle) -> None:
    doc = notes_document([[("amnesty", "4")], [("amnesty", None)], [("amnesty", None)], [("amnesty", "5")]])
    assert texts(cite(doc, oscola))[1:] == ["Amnesty International (n 1).", "ibid.", "ibid 5."]


def test_a_new_label_is_a_new_pinpoint(oscola: CitationStyle) -> None:
    doc = notes_document([[("genocide", "s 3")], [("genocide", "para 3")], [("genocide", "para 3")]])
    assert texts(cite(doc, oscola))[1:] == ["ibid para 3.", "ibid."]


def test_several_citations_at_one_place_make_one_note(oscola: CitationStyle) -> None:
    doc = notes_document(
        [[("cbc", None), ("amnesty", "12"), ("amnesty", "13")], [("cbc", "2"), ("bosnia", None)]]
    )
    cited = cite(doc, oscola)
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
    doc = sourced(document(summary, facts, empty), SOURCES)
    cited = cite(doc, oscola)

    refs = [run.number for run in _all_runs(cited) if isinstance(run, NoteRef)]
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
        cite(notes_document([[("nowhere", None)]]), oscola)


# --------------------------------------------------------------------------- formatting


def test_runs_carry_italics_and_links(oscola: CitationStyle, chicago: CitationStyle) -> None:
    doc = notes_document([[("bosnia", None)], [("amnesty", None)], [("bbc", None)], [("bosnia", "5")]])
    notes = cite(doc, oscola).notes
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

    report = cite(doc, chicago).notes[1]
    assert report.runs == (
        Text("Amnesty International, "),
        Text("Like We Were Enemies in a War", italic=True),
        Text(" (2021)."),
    )


def test_small_capitals_survive() -> None:
    """MHRA sets a series' roman volume in small capitals (pandoc's SmallCaps)."""
    (note,) = cite(notes_document([[("genocide", None)]]), load_style("mhra-notes")).notes
    assert marked(note.runs) == (
        "Convention on the Prevention and Punishment of the Crime of Genocide, in <i>United Nations Treaty "
        "Series</i>, 1948, <sc>lxxviii</sc>, p. 277."
    )


def test_punctuation_goes_inside_quotes_where_the_locale_says_so() -> None:
    assert notes_in(
        "chicago-notes-bibliography", [[("cbc", None)], [("cbc", None), ("amnesty", None)]], "en-US"
    ) == [
        "Peter Zimonjic and Philip Ling, “Canada Leads Joint Statement on Xinjiang at UN,” CBC News, "
        "June 22, 2021.",
        "Zimonjic and Ling, “Canada Leads Joint Statement on Xinjiang at UN”; Amnesty International, "
        "Like We Were Enemies in a War (2021).",
    ]
    assert notes_in("mhra-notes", [[("bosnia", None)], [("cbc", None)], [("bosnia", None)]], "en-US")[2] == (
        "“Bosnia v Serbia.”"
    )
    assert notes_in("mhra-notes", [[("bosnia", None)], [("cbc", None)], [("bosnia", None)]])[2] == (
        "‘Bosnia v Serbia’."
    )


def test_dates_follow_the_language() -> None:
    assert notes_in("oscola", [[B]], "en-US") == [
        "Peter Zimonjic and Philip Ling, “Canada Leads Joint Statement on Xinjiang at UN” CBC News "
        "(June 22, 2021)."
    ]


# --------------------------------------------------------------------------- pinpoints


def test_pinpoints_carry_their_label_as_the_style_prints_it() -> None:
    notes: list[Spec] = [[("bosnia", "para 431")], [("bosnia", "paras 432-434")], [("genocide", "s 3")]]
    assert notes_in("oscola", notes) == [
        "Application of the Convention on the Prevention and Punishment of the Crime of Genocide (Bosnia "
        "and Herzegovina v Serbia and Montenegro) [2007] ICJ Reports 43 (ICJ) [431].",
        "ibid paras 432–434.",
        "Convention on the Prevention and Punishment of the Crime of Genocide (9 December 1948) 277, s 3.",
    ]
    assert [text.rsplit(", ", 1)[-1] for text in notes_in("mhra-notes", notes)] == [
        "p. 43 (para. 431).",
        "paras 432–434.",
        "p. 277 (sect. 3).",
    ]
    assert [text.rsplit(", ", 1)[-1] for text in notes_in("chicago-notes-bibliography", notes, "en-US")] == [
        "¶ 431.",
        "¶¶ 432–434.",
        "§ 3.",
    ]


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        ("oscola", ["277, art 6.", "ibid arts 6–8.", "(n 1) art II(e)."]),
        ("mhra-notes", ["p. 277 (art. 6).", "arts 6–8.", "art. II(e)."]),
        ("chicago-notes-bibliography", ["277, art. 6.", "arts 6–8.", "art. II(e)."]),
        ("new-harts-rules-notes", ["1948, art. 6.", "arts 6–8.", "art. II(e)."]),
    ],
)
def test_articles_are_labelled_in_every_style(style: str, expected: list[str]) -> None:
    """pandoc has no article label ("art 6" would be a suffix after a comma): advocate prints it as
    the style prints a label it does not name, with the locale's term."""
    notes: list[Spec] = [
        [("genocide", "art 6")],
        [("genocide", "arts 6-8")],
        [B],
        [("genocide", "art II(e)")],
    ]
    printed = notes_in(style, notes)
    ends = [printed[0], printed[1], printed[3]]
    assert [text[-len(end) :] for text, end in zip(ends, expected, strict=True)] == expected


def test_page_ranges_take_an_en_dash_and_the_styles_shortening() -> None:
    """Page ranges as the style's ``page-range-format`` says (none in OSCOLA, minimal-two in MHRA,
    chicago-16, minimal in New Hart's, whose teens keep two figures); other ranges keep every
    figure ("paras 432–434")."""
    ranges: list[Spec] = [[("amnesty", "321-328")], [("amnesty", "12-14")], [("amnesty", "1001–1009")]]
    assert [t.rsplit(" ", 1)[-1] for t in notes_in("oscola", ranges)] == ["321–328.", "12–14.", "1001–1009."]
    assert [t.rsplit(" ", 1)[-1] for t in notes_in("mhra-notes", ranges)] == ["321–28.", "12–14.", "1001–09."]
    assert [t.rsplit(" ", 1)[-1] for t in notes_in(CHICAGO, ranges)] == ["321–28.", "12–14.", "1001–9."]
    assert [t.rsplit(" ", 1)[-1] for t in notes_in("new-harts-rules-notes", ranges)] == [
        "321–8.",
        "12–14.",
        "1001–9.",
    ]


def test_a_pinpoint_without_a_known_label_is_printed_as_written() -> None:
    assert notes_in("oscola", [[("amnesty", "Annex A")], [("amnesty", "xiv")]]) == [
        "Amnesty International, ‘Like We Were Enemies in a War’ (2021) Annex A.",
        "ibid xiv.",
    ]


def test_roman_pinpoints_drop_the_label_only_where_the_style_says(chicago: CitationStyle) -> None:
    assert notes_in("mhra-notes", [[("amnesty", "p xiv")]])[0].endswith("(2021), p. xiv.")
    assert notes_in(CHICAGO, [[("amnesty", "p xiv")]])[0].endswith("(2021), xiv.")


def test_the_project_oscola_cites_treaties_by_series_and_short_title() -> None:
    style = load_style("oscola", search_path(None))
    assert style.path == search_path(None)[-1] / "styles" / "oscola.csl"
    sources = {**SOURCES, "genocide": {**SOURCES["genocide"], "title-short": "Genocide Convention"}}
    doc = notes_document([[("genocide", "art I")], [B], [("genocide", "art II")]], sources)
    assert texts(cite(doc, style))[0::2] == [
        "Convention on the Prevention and Punishment of the Crime of Genocide (9 December 1948), "
        "78 United Nations Treaty Series 277, art I.",
        "Genocide Convention (n 1) art II.",
    ]


# --------------------------------------------------------------------------- telling works apart


def test_two_works_of_one_author_first_cited_together_are_told_apart(oscola: CitationStyle) -> None:
    sources = {**SOURCES, **ZENZ}
    together = notes_document(
        [[("zenz-sterilizations", None), ("zenz-labor", None)], [B], [("zenz-labor", "3")]], sources
    )
    assert texts(cite(together, oscola))[2] == "Zenz, ‘Coercive Labor in Xinjiang’ (n 1) 3."
    apart = notes_document(
        [[("zenz-sterilizations", None)], [("zenz-labor", None)], [B], [("zenz-labor", "3")]], sources
    )
    assert texts(cite(apart, oscola))[3] == "Zenz (n 2) 3."
    alone = notes_document([[("zenz-labor", None)], [B], [("zenz-labor", "3")]], sources)
    assert texts(cite(alone, oscola))[2] == "Zenz (n 1) 3."


# --------------------------------------------------------------------------- the list of sources


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
            sourced(
                notes_document([[("amnesty", None), ("amnesty-2", None)]], sources), sources, listed=True
            ),
            oscola,
        )
    )
    assert [plain(entry) for entry in both] == [
        "Amnesty International, ‘Like We Were Enemies in a War’ (2021)",
        "——, ‘Nowhere Feels Safe’ (2022)",
    ]
    one = sources_listed(
        cite(sourced(notes_document([[("amnesty-2", None)]], sources), sources, listed=True), oscola)
    )
    assert [plain(entry) for entry in one] == ["Amnesty International, ‘Nowhere Feels Safe’ (2022)"]
