"""library.uk: the UK parliamentary and legal fields of a source, as CSL and as rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from advocate.library.check import check
from advocate.library.load import load_library

AddFile = Callable[[str, str], str]
TODAY = dt.date(2024, 6, 1)


def csl_of(library: Path, add_file: AddFile, yaml_text: str) -> dict[str, dict[str, object]]:
    add_file("uk.yaml", yaml_text)
    loaded = load_library(library)
    assert [str(p) for p in loaded.problems] == []
    return {k: v for k, v in loaded.library.csl_sources.items() if k.startswith("uk-")}


def errors_in(library: Path) -> list[str]:
    return [str(p) for p in check(library, today=TODAY).errors]


def test_hansard_becomes_csl_that_every_style_can_print(library: Path, add_file: AddFile) -> None:
    sources = csl_of(
        library,
        add_file,
        """
        references:
          - id: uk-debate
            type: hearing
            title: "[Lords debate]"
            house: Lords
            issued: 2009-11-12
            volume: "714"
            column: 893-95
          - id: uk-answer
            type: hearing
            title: "[Lords written question]"
            house: Lords
            issued: 2021-12-16
            number: HL1234
        """,
    )
    assert sources == {
        "uk-debate": {
            "id": "uk-debate",
            "type": "hearing",
            "title": "[Lords debate]",
            "issued": {"date-parts": [[2009, 11, 12]]},
            "volume": "714",
            "page": "893-95",
            "genre": "HL Deb",
            "authority": "House of Lords",
        },
        "uk-answer": {
            "id": "uk-answer",
            "type": "hearing",
            "title": "[Lords written question]",
            "issued": {"date-parts": [[2021, 12, 16]]},
            "number": "UIN HL1234",
            "genre": "HL Written Answer",
            "authority": "House of Lords",
        },
    }


def test_house_papers_cases_and_statutes_become_csl(library: Path, add_file: AddFile) -> None:
    sources = csl_of(
        library,
        add_file,
        """
        references:
          - id: uk-report
            type: report
            title: Patient Safety
            author: [{literal: Health Committee}]
            number: HC 151–I
            session: 2008-09
          - id: uk-joint
            type: report
            title: Legislative Scrutiny
            author: [{literal: Joint Committee on Human Rights}]
            number: HL Paper 44, HC 330
            session: 2009–10
          - id: uk-case
            type: legal_case
            title: Corr v IBC Vehicles Ltd
            neutral-citation: "[2008] UKHL 13"
          - id: uk-appeal
            type: legal_case
            title: Anderson v Turning Point Eespro
            neutral-citation: "[2019] EWCA Civ 815"
            issued: 2019-05-15
          - id: uk-act
            type: legislation
            title: Modern Slavery Act 2015
            issued: 2015
          - id: uk-act-short
            type: legislation
            title: Human Rights Act 1998
            title-short: HRA 1998
            issued: 1998-11-09
        """,
    )
    picked = {
        source: {
            k: v for k, v in csl.items() if k in ("title", "title-short", "number", "authority", "issued")
        }
        for source, csl in sources.items()
    }
    assert picked == {
        "uk-report": {
            "title": "Patient Safety",
            "number": "HC 2008–09, 151–I",
            "authority": "House of Commons",
        },
        "uk-joint": {
            "title": "Legislative Scrutiny",
            "number": "2009–10, HL 44, HC 330",
            "authority": "House of Lords and House of Commons",
        },
        "uk-case": {
            "title": "Corr v IBC Vehicles Ltd",
            "authority": "UKHL",
            "number": "13",
            "issued": {"date-parts": [[2008]]},
        },
        "uk-appeal": {
            "title": "Anderson v Turning Point Eespro",
            "authority": "EWCA Civ",
            "number": "815",
            "issued": {"date-parts": [[2019, 5, 15]]},
        },
        "uk-act": {
            "title": "Modern Slavery Act",
            "title-short": "Modern Slavery Act 2015",
            "issued": {"date-parts": [[2015]]},
        },
        "uk-act-short": {
            "title": "Human Rights Act",
            "title-short": "HRA 1998",
            "issued": {"date-parts": [[1998, 11, 9]]},
        },
    }


def test_the_advocate_keys_are_not_passed_as_csl(library: Path, add_file: AddFile) -> None:
    sources = csl_of(
        library,
        add_file,
        """
        references:
          - id: uk-x
            type: hearing
            title: T
            house: Commons
            issued: 2021
            column: "12"
        """,
    )
    assert not {"house", "column", "session", "neutral-citation"} & set(sources["uk-x"])


def test_the_shipped_parliamentary_sources(repo_root: Path) -> None:
    sources = load_library(Path("library")).library.csl_sources
    hansard = sources["hoc-2021-human-rights-xinjiang"]
    # The entry also carries where it was read (URL, accessed, note); the Hansard keys are what matter here.
    assert {k: v for k, v in hansard.items() if k not in ("URL", "accessed", "note")} == {
        "id": "hoc-2021-human-rights-xinjiang",
        "type": "hearing",
        "title": "Human Rights: Xinjiang",
        "issued": {"date-parts": [[2021, 4, 22]]},
        "genre": "HC Deb",
        "authority": "House of Commons",
    }
    assert "volume" not in hansard and "page" not in hansard  # never recorded unless seen in the copy
    beis = sources["beis-2021-uyghur-forced-labour"]
    assert beis["author"] == [{"literal": "Business, Energy and Industrial Strategy Committee"}]
    assert (beis["number"], beis["authority"]) == ("HC 2019–21, 1272", "House of Commons")


# --------------------------------------------------------------------------- reading


def test_badly_written_uk_fields_name_line_key_and_expectation(library: Path, add_file: AddFile) -> None:
    label = add_file(
        "uk.yaml",
        """
        references:
          - id: uk-bad
            type: hearing
            title: T
            house: HC
          - id: uk-report
            type: report
            title: T
            session: 2019/21
          - id: uk-case
            type: legal_case
            title: T
            neutral-citation: 2019 EWHC 3408
        """,
    )
    assert [str(p) for p in load_library(library).problems] == [
        f"{label}:5:12: references[0].house: expected one of: Commons, Lords; got 'HC'",
        f"{label}:9:14: references[1].session: expected a session as YYYY–YY, e.g. 2019–21, got '2019/21'",
        f"{label}:13:23: references[2].neutral-citation: expected a neutral citation as [year] court number, "
        "e.g. [2019] EWHC 3408 (QB), got '2019 EWHC 3408'",
    ]


def test_a_session_must_run_forward_by_a_year_or_three(library: Path, add_file: AddFile) -> None:
    label = add_file(
        "uk.yaml",
        """
        references:
          - {id: a, type: report, title: T, number: HC 1, session: 2019–18}
          - {id: b, type: report, title: T, number: HC 1, session: 1999–00}
          - {id: c, type: report, title: T, number: HC 1, session: "2019"}
        """,
    )
    assert [str(p) for p in load_library(library).problems] == [
        f"{label}:2:60: references[0].session: expected a session as YYYY–YY, e.g. 2019–21, got '2019–18'"
    ]


# --------------------------------------------------------------------------- rules


def test_uk_fields_that_do_not_fit_together_are_errors_at_their_key(library: Path, add_file: AddFile) -> None:
    label = add_file(
        "uk.yaml",
        """
        references:
          - id: report-with-house
            type: report
            title: T
            house: Commons
            column: "12"
          - id: debate-with-genre
            type: hearing
            title: T
            house: Lords
            genre: Debate
            issued: 2021-01-01
            column: "12"
            page: "12"
          - id: undated-debate
            type: hearing
            title: T
            house: Commons
          - id: answer-both-ways
            type: hearing
            title: T
            house: Commons
            issued: 2021-01-01
            number: UIN 12345
            column: 505W
          - id: session-without-paper
            type: report
            title: T
            session: 2019–21
          - id: session-with-bare-number
            type: report
            title: T
            session: 2019–21
            number: "1272"
          - id: case-with-court
            type: legal_case
            title: T
            neutral-citation: "[2019] EWHC 3408 (QB)"
            authority: High Court
            issued: 2020
          - id: act-of-another-year
            type: legislation
            title: Modern Slavery Act 2015
            issued: 2016
          - id: session-on-a-case
            type: legal_case
            title: T
            session: 2019–21
        """,
    )
    assert [e for e in errors_in(library) if "cited by nothing" not in e] == [
        f"{label}:5:5: references.report-with-house.house: expected only with type hearing, got type report",
        f"{label}:6:5: references.report-with-house.column: expected only with type hearing, got type report",
        f"{label}:11:5: references.debate-with-genre.genre: "
        "expected no genre with house (advocate prints HL Deb), got 'Debate'",
        f"{label}:14:5: references.debate-with-genre.page: "
        "expected column only (Hansard is numbered by column), got page too",
        f"{label}:18:5: references.undated-debate.house: "
        "expected an issued date with it (Hansard is cited by its date), got none",
        f"{label}:24:5: references.answer-both-ways.number: "
        "expected a written question's UIN or a volume and column, got both "
        "(an answer printed in Hansard is cited by column, e.g. 505W)",
        f"{label}:24:5: references.answer-both-ways.number: "
        "expected the UIN alone, e.g. 12345 (advocate prints 'UIN'), got 'UIN 12345'",
        f"{label}:29:5: references.session-without-paper.session: "
        "expected a number with it (the paper, e.g. HC 1272), got none",
        f"{label}:34:5: references.session-with-bare-number.number: "
        "expected a House paper as printed, e.g. HC 1272 or HL Paper 107, got '1272'",
        f"{label}:39:5: references.case-with-court.authority: "
        "expected no court: the neutral citation names it (EWHC), got 'High Court'",
        f"{label}:40:5: references.case-with-court.issued: "
        "expected a date in 2019, the neutral citation's year, got 2020",
        f"{label}:44:5: references.act-of-another-year.issued: "
        "expected a date in 2015, the year in the short title, got 2016",
        f"{label}:48:5: references.session-on-a-case.session: "
        "expected only with type report, got type legal_case",
    ]
