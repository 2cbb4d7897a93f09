"""library.check: the cross-reference rules, the warnings, and the quote check against an archive."""

from __future__ import annotations

import datetime as dt
import json
import typing
from collections.abc import Callable
from pathlib import Path

import pytest

from advocate.errors import AdvocateError
from advocate.library.check import check, check_library, load_checked_library, normalise
from advocate.library.load import load_library
from advocate.library.plans import SectionKind

AddFile = Callable[[str, str], str]
TODAY = dt.date(2024, 6, 1)
NEVER = "warning: never reviewed: add the date a person checked it against its sources"


def problems_in(library: Path, archive: Path | None = None, today: dt.date = TODAY) -> list[str]:
    return [str(p) for p in check(library, archive=archive, today=today).problems]


def point(
    text: str = "Text [@cbc-2021].",
    claim: str = "A claim.",
    extra: str = "",
    audiences: str = "{mp: 2}",
    topics: str = "[detention]",
) -> str:
    """A file holding one point at line 2, column 5 (plus ``extra`` lines inside it)."""
    return (
        "points:\n"
        "  - id: p\n"
        f"    claim: {claim}\n"
        f"    text: {text}\n"
        f"    topics: {topics}\n"
        f"    audiences: {audiences}\n"
        "    reviewed: 2024-01-10\n" + extra
    )


def test_the_mini_library_has_no_problem(library: Path) -> None:
    report = check(library, today=TODAY)
    assert report.problems == []
    assert report.errors == []
    assert len(report.library.points) == 3


def test_citation_of_unknown_source_suggests_the_close_one(library: Path, add_file: AddFile) -> None:
    label = add_file("points/x.yaml", point(text="Held [@amnesty-2012, 4]."))
    assert problems_in(library) == [
        f"{label}:4:5: points.p.text: citation of unknown source 'amnesty-2012' (did you mean "
        "'amnesty-2021'?)"
    ]


def test_citation_of_unknown_source_without_a_close_one(library: Path, add_file: AddFile) -> None:
    label = add_file("points/x.yaml", point(text="Held [@cbc-2021; @zzz]."))
    assert problems_in(library) == [f"{label}:4:5: points.p.text: citation of unknown source 'zzz'"]


def test_malformed_citation(library: Path, add_file: AddFile) -> None:
    label = add_file("points/x.yaml", point(text='"Held [@]."'))
    assert problems_in(library) == [
        f"{label}:4:18: points.p.text: expected a source id after '@', got '[@]': write [@id] with a "
        "source's id"
    ]


UNCLOSED = "expected a citation closed with ']', e.g. [@id] or [@id, 12]; got '[@cbc-2021.': add the ']'"
NARRATIVE = (
    "expected a citation in square brackets, got '@cbc-2021': write [@cbc-2021] (advocate prints every "
    "citation as a footnote and has no narrative form), or put a name that is not a citation in quotes "
    '("@cbc-2021")'
)
SCALARS = {
    # how the text is written (after "    text: " on line 4): (line:column of the fault, message)
    "plain": ("Held [@cbc-2021.", "4:16", UNCLOSED),
    "plain over lines": ("Held in camps\n      and prisons [@cbc-2021.", "5:19", UNCLOSED),
    "plain with a tab": ("Held\tin [@cbc-2021.", "4:19", UNCLOSED),
    "single-quoted with ''": (
        "'It''s held (@cbc-2021).'",
        "4:23",
        "expected a citation in square brackets, got '(@cbc-2021)': write [@cbc-2021]",
    ),
    "double-quoted with escapes": ('"Caf\\u00e9 \\"held\\" @cbc-2021 says."', "4:31", NARRATIVE),
    "double-quoted, escaped line break": (
        '"Held in \\\n      camps [@cbc-2021]]."',
        "5:24",
        "expected one ']' closing the citation, got '[@cbc-2021]]': delete the extra ']'",
    ),
    "double-quoted over lines": ('"Held in\n      camps\n      [@cbc-2021."', "6:7", UNCLOSED),
    "folded": (
        ">-\n      Held in camps\n\n      and prisons [@cbc-2021, @cbc-2021].",
        "7:29",
        "expected sources separated by ';', got '[@cbc-2021, @cbc-2021]': write [@cbc-2021; @cbc-2021]",
    ),
    "folded, header with a comment": (">- # a note: [@x\n      Held in [@cbc-2021.", "5:15", UNCLOSED),
    "folded, more indented line": (
        ">\n      Held:\n        - in camps\n      and @cbc-2021.",
        "7:11",
        NARRATIVE,
    ),
    "literal": (
        "|\n      Held in camps\n      and prisons [@].",
        "6:20",
        "expected a source id after '@', got '[@]': write [@id] with a source's id",
    ),
    "literal, kept and indented": ("|+2\n        Held in\n          camps [@cbc-2021.\n", "6:17", UNCLOSED),
}


@pytest.mark.parametrize("style", list(SCALARS))
def test_malformed_citation_is_located_at_its_character(library: Path, add_file: AddFile, style: str) -> None:
    text, place, message = SCALARS[style]
    label = add_file("points/x.yaml", point(text=text))
    assert problems_in(library) == [f"{label}:{place}: points.p.text: {message}"]


def test_column_counts_characters_in_a_file_with_crlf_and_a_bom(library: Path, add_file: AddFile) -> None:
    text = point(text="“Held” in camps\n      and “prisons” [@cbc-2021.").replace("\n", "\r\n")
    label = add_file("points/x.yaml", "\ufeff" + text)
    assert problems_in(library) == [f"{label}:5:21: points.p.text: {UNCLOSED}"]


def test_a_value_the_file_no_longer_holds_is_located_at_its_key(library: Path, add_file: AddFile) -> None:
    label = add_file("points/x.yaml", point(text="Held [@cbc-2021."))
    loaded = load_library(library).library
    (library / "points" / "x.yaml").write_text("points: []\n", encoding="utf-8")
    errors = [str(p) for p in check_library(loaded, today=TODAY) if p.severity == "error"]
    assert errors == [f"{label}:4:5: points.p.text: {UNCLOSED}"]


# Each malformed form (see tests/markup/test_inline.py for every message) is one error, never also an unknown
# source; the text names a source that does not exist, which must not be reported as well.
FORMS = {
    "[@nope.": ("4:16", "expected a citation closed with ']', e.g. [@id] or [@id, 12]; got '[@nope.'"),
    "[@nope, 4": ("4:16", "expected a citation closed with ']', e.g. [@id] or [@id, 12]; got '[@nope, 4'"),
    "@nope": ("4:16", "expected a citation in square brackets, got '@nope'"),
    "(@nope)": ("4:16", "expected a citation in square brackets, got '(@nope)'"),
    "(@nope, 4; @zzz)": ("4:16", "expected a citation in square brackets, got '(@nope, 4; @zzz)'"),
    "[@]": ("4:17", "expected a source id after '@', got '[@]'"),
    "[@nope, @zzz]": ("4:22", "expected sources separated by ';', got '[@nope, @zzz]'"),
    "[@nope @zzz]": ("4:23", "expected sources separated by ';', got '[@nope @zzz]'"),
    "[see @nope]": ("4:17", "expected [@id] or [@id, pinpoint], got '[see @nope]'"),
    "[@nope; ]": ("4:22", "expected a source on each side of ';', got '[@nope; ]'"),
}


@pytest.mark.parametrize("form", list(FORMS))
def test_one_malformed_citation_is_one_error(library: Path, add_file: AddFile, form: str) -> None:
    place, message = FORMS[form]
    label = add_file("points/x.yaml", point(text=f"Held {form}"))
    errors = [str(p) for p in check(library, today=TODAY).errors]
    assert len(errors) == 1
    assert errors[0].startswith(f"{label}:{place}: points.p.text: {message}")


def test_stray_bracket_after_an_unknown_source_is_two_mistakes(library: Path, add_file: AddFile) -> None:
    label = add_file("points/x.yaml", point(text="Held [@nope]]."))
    assert problems_in(library) == [
        f"{label}:4:5: points.p.text: citation of unknown source 'nope'",
        f"{label}:4:23: points.p.text: expected one ']' closing the citation, got '[@nope]]': delete the "
        "extra ']'",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Write to press@example.org or first.last+uk@example.co.uk [@cbc-2021].",
        "Its account 'example.com/@campaign' [@cbc-2021].",
        'The account "@UyghurCampaign" and “@uyghur.campaign” posted it [@cbc-2021].',
        "Two for £5 @ the stall; a rate [5 @ 3] [@cbc-2021].",
        "A quote [sic] and an elision [...] [@cbc-2021].",
    ],
)
def test_an_at_sign_that_is_not_a_citation_passes(library: Path, add_file: AddFile, text: str) -> None:
    add_file("points/x.yaml", point(text=json.dumps(text, ensure_ascii=False)))
    assert check(library, today=TODAY).errors == []


def test_malformed_citations_in_every_cited_field(library: Path, add_file: AddFile) -> None:
    label = add_file(
        "more.yaml",
        """
        arguments:
          - id: arg
            title: A title
            rule: {source: cbc-2021, provision: art 1, text: The rule.}
            conclusion: It follows [@cbc-2021.
            topics: [detention]
        responses:
          - id: resp
            party: Government of China
            position: It denies it (@cbc-2021).
            rebuttal: >-
              The evidence says otherwise
              [@cbc-2021, @amnesty-2021].
            topics: [detention]
        asks:
          - id: ask
            audiences: [mp]
            ask: Act.
            why: |
              As @cbc-2021 shows.
            topics: [detention]
        """,
    )
    errors = [str(p) for p in check(library, today=TODAY).errors]
    assert errors == [
        f"{label}:5:28: arguments.arg.conclusion: {UNCLOSED}",
        f"{label}:10:28: responses.resp.position: expected a citation in square brackets, got '(@cbc-2021)': "
        "write [@cbc-2021]",
        f"{label}:13:17: responses.resp.rebuttal: expected sources separated by ';', got "
        "'[@cbc-2021, @amnesty-2021]': write [@cbc-2021; @amnesty-2021]",
        f"{label}:20:10: asks.ask.why: {NARRATIVE}",
    ]


SAID_ALOUD = "(it is said aloud and printed as written), got"


def test_claims_phrasings_and_asks_carry_no_citations(library: Path, add_file: AddFile) -> None:
    label = add_file(
        "more.yaml",
        """
        points:
          - id: p
            claim: Up to a million were held [@cbc-2021].
            text: Held [@cbc-2021].
            topics: [detention]
            audiences: {mp: 2}
            reviewed: 2024-01-10
            phrasings:
              - As many as a million were held.
              - >-
                A million, says
                @cbc-2021, were held [@cbc-2021.
        asks:
          - id: ask
            audiences: [mp]
            ask: Act [[@cbc-2021]].
            question: "Will the Minister act (@cbc-2021)?"
            why: Because [@cbc-2021].
            topics: [detention]
            phrasings: [Please act., "Act now [@cbc-2021, 4]."]
        """,
    )
    errors = [str(p) for p in check(library, today=TODAY).errors]
    assert errors == [
        f"{label}:3:38: points.p.claim: expected a claim without citations {SAID_ALOUD} '[@cbc-2021]': "
        "cite the source in the point's text",
        f"{label}:12:9: points.p.phrasings[1]: expected a phrasing of a claim without citations {SAID_ALOUD} "
        "'@cbc-2021': cite the source in the point's text",
        f"{label}:12:30: points.p.phrasings[1]: expected a phrasing of a claim without citations "
        f"{SAID_ALOUD} '[@cbc-2021.': cite the source in the point's text",
        f"{label}:16:14: asks.ask.ask: expected an ask without citations {SAID_ALOUD} '[[@cbc-2021]]': "
        "cite the source in the ask's why",
        f"{label}:17:38: asks.ask.question: expected a question without citations {SAID_ALOUD} "
        "'(@cbc-2021)': cite the source in the ask's why",
        f"{label}:20:39: asks.ask.phrasings[1]: expected a phrasing of an ask without citations "
        f"{SAID_ALOUD} '[@cbc-2021, 4]': cite the source in the ask's why",
    ]


def test_a_claim_may_name_an_email_address_or_a_quoted_handle(library: Path, add_file: AddFile) -> None:
    add_file("points/x.yaml", point(claim="\"Write to press@example.org or '@UyghurCampaign' today.\""))
    assert check(library, today=TODAY).errors == []


def test_citations_in_responses_and_asks_are_checked(library: Path, add_file: AddFile) -> None:
    label = add_file(
        "responses.yaml",
        """
        responses:
          - id: prc-denial
            party: Government of China
            position: It denies everything [@cbc-2021].
            rebuttal: The evidence says otherwise [@amnesty-2O21].
            topics: [detention]
            points: [detention-scale, detention-scael]
            audiences: {mp: 1}
        asks:
          - id: company-trace
            audiences: [company]
            ask: Trace your supply chain.
            topics: [forced-labour]
            why: Because [@cbc2021].
        """,
    )
    assert problems_in(library) == [
        f"{label}:5:5: responses.prc-denial.rebuttal: citation of unknown source 'amnesty-2O21' "
        "(did you mean 'amnesty-2021'?)",
        f"{label}:7:5: responses.prc-denial.points: unknown point 'detention-scael' "
        "(did you mean 'detention-scale'?)",
        f"{label}:14:5: asks.company-trace.why: citation of unknown source 'cbc2021' (did you mean "
        "'cbc-2021'?)",
    ]


def test_argument_naming_an_unknown_point(library: Path, add_file: AddFile) -> None:
    label = add_file(
        "arguments.yaml",
        """
        arguments:
          - id: article-2-b
            title: "Article II(b): causing serious harm"
            rule: {source: genocide-convention, provision: art II(b), text: Causing serious harm.}
            conclusion: Torture is reported [@amnesty-2021].
            topics: [detention]
            points: [cotton, torture-accounts]
            audiences: {mp: 1}
        """,
    )
    assert problems_in(library) == [
        f"{label}:7:5: arguments.article-2-b.points: unknown point 'torture-accounts'"
    ]


def test_argument_rule_citing_an_unknown_source(library: Path, add_file: AddFile) -> None:
    label = add_file(
        "arguments.yaml",
        """
        arguments:
          - id: article-2-b
            title: "Article II(b)"
            rule: {source: genocide-conventoin, provision: art II(b), text: Harm.}
            conclusion: Reported [@amnesty-2021].
            topics: [detention]
            audiences: {mp: 1}
        """,
    )
    assert problems_in(library) == [
        f"{label}:4:5: arguments.article-2-b.rule.source: rule cites unknown source 'genocide-conventoin'"
    ]


def test_audience_default_asks_must_exist(library: Path, add_file: AddFile) -> None:
    label = add_file(
        "press.yaml",
        """
        audiences:
          - id: press
            label: Journalist
            register: professional
            default_asks: [mp-recognise, mp-recognize, write-a-story]
            documents:
              letter:
                sections:
                  - kind: points
                    topics: [detention, olympics]
              leaflet:
                sections:
                  - kind: points
        """,
    )
    assert sorted(problems_in(library)) == sorted(
        [
            f"{label}:5:5: audiences.press.default_asks: unknown ask 'mp-recognize' (did you mean "
            "'mp-recognise'?)",
            f"{label}:5:5: audiences.press.default_asks: unknown ask 'write-a-story'",
            f"{label}:6:5: audiences.press.documents: expected a document kind briefing or letter, "
            "got 'leaflet'",
            f"{label}:10:13: audiences.press.documents.letter.sections[0].topics: unknown topic 'olympics'",
        ]
    )


@pytest.mark.parametrize(("days", "ok"), [(1, True), (366, True), (0, False), (367, False), (-5, False)])
def test_an_audiences_response_days_stay_within_a_year(
    library: Path, add_file: AddFile, days: int, ok: bool
) -> None:
    label = add_file(
        "press.yaml",
        f"""
        audiences:
          - id: press
            label: Journalist
            register: professional
            response_days: {days}
            documents:
              letter:
                sections:
                  - kind: points
        """,
    )
    expected = (
        f"{label}:5:5: audiences.press.response_days: expected a number of days from 1 to 366, got {days}"
    )
    assert [p for p in problems_in(library) if "press" in p and "no audience" not in p] == (
        [] if ok else [expected]
    )


def test_unknown_topic(library: Path, add_file: AddFile) -> None:
    label = add_file("points/x.yaml", point(topics="[detention, detentoin]"))
    assert problems_in(library) == [
        f"{label}:5:5: points.p.topics: unknown topic 'detentoin' (did you mean 'detention'?)"
    ]


def test_unknown_audience_in_a_point_and_an_ask(library: Path, add_file: AddFile) -> None:
    label = add_file(
        "points/x.yaml",
        point(audiences="{mp: 1, minister: 2}")
        + "asks:\n  - id: a\n    audiences: [compnay]\n    ask: Act.\n    topics: [forced-labour]\n",
    )
    assert problems_in(library) == [
        f"{label}:6:5: points.p.audiences: unknown audience 'minister'",
        f"{label}:10:5: asks.a.audiences: unknown audience 'compnay' (did you mean 'company'?)",
    ]


@pytest.mark.parametrize("priority", [0, 4, -1])
def test_priority_out_of_range(library: Path, add_file: AddFile, priority: int) -> None:
    label = add_file("points/x.yaml", point(audiences=f"{{mp: 1, company: {priority}}}"))
    assert problems_in(library) == [
        f"{label}:6:5: points.p.audiences.company: expected a priority 1, 2 or 3, got {priority}"
    ]


def test_empty_claim_and_text(library: Path, add_file: AddFile) -> None:
    label = add_file("points/x.yaml", point(claim='"  "', text='""'))
    assert problems_in(library) == [
        f"{label}:3:5: points.p.claim: expected a claim (one sentence), got an empty one",
        f"{label}:4:5: points.p.text: expected a sourced paragraph, got an empty text",
    ]


def test_quote_naming_an_unknown_source(library: Path, add_file: AddFile) -> None:
    label = add_file("points/x.yaml", point(extra="    quote: {source: cbc-2012, text: Canada led}\n"))
    assert problems_in(library) == [
        f"{label}:8:5: points.p.quote.source: quote names unknown source 'cbc-2012'"
    ]


def test_source_warnings(library: Path, add_file: AddFile) -> None:
    label = add_file(
        "x.yaml",
        """
        references:
          - id: no-url
            type: report
            title: T
            accessed: 2024-01-10
          - id: no-date
            type: report
            title: T
            URL: https://example.org/no-date
          - id: nothing
            type: report
            title: T
          - id: checked-by-hand
            type: report
            title: T
            URL: https://example.org/checked
            verified: 2024-02-01
        points:
          - id: cites-them
            claim: C.
            text: "[@no-url; @no-date; @nothing]"
            topics: [detention]
            audiences: {mp: 3}
            reviewed: 2024-01-10
        """,
    )
    assert problems_in(library) == [
        f"{label}:2:5: references.no-url: warning: unverified source: no URL",
        f"{label}:6:5: references.no-date: warning: unverified source: no accessed date",
        f"{label}:10:5: references.nothing: warning: unverified source: no URL and accessed date",
        f"{label}:13:5: references.checked-by-hand: warning: source cited by nothing",
    ]


def test_review_warnings_depend_on_today(library: Path, add_file: AddFile) -> None:
    label = add_file(
        "points/x.yaml",
        """
        points:
          - id: stale
            claim: C.
            text: T [@cbc-2021].
            topics: [detention]
            audiences: {mp: 3}
            reviewed: 2023-05-31
          - id: never
            claim: C.
            text: T [@cbc-2021].
            topics: [detention]
            audiences: {mp: 3}
        """,
    )
    assert problems_in(library, today=dt.date(2024, 5, 30)) == [
        f"{label}:8:5: points.never.reviewed: {NEVER}"
    ]
    assert problems_in(library, today=dt.date(2024, 6, 1)) == [
        f"{label}:7:5: points.stale.reviewed: warning: not reviewed for over a year (last 2023-05-31)",
        f"{label}:8:5: points.never.reviewed: {NEVER}",
    ]


def test_a_year_to_the_day_is_not_yet_stale(library: Path, add_file: AddFile) -> None:
    add_file("points/x.yaml", point().replace("2024-01-10", "2023-06-02"))
    assert problems_in(library, today=dt.date(2024, 6, 1)) == []
    assert len(problems_in(library, today=dt.date(2024, 6, 2))) == 1


def test_point_no_audience_uses(library: Path, add_file: AddFile) -> None:
    label = add_file("points/x.yaml", point(audiences="{}"))
    assert problems_in(library) == [f"{label}:6:5: points.p.audiences: warning: no audience uses this point"]


def test_errors_come_first_then_warnings(library: Path, add_file: AddFile) -> None:
    add_file("a.yaml", "references:\n  - id: lonely\n    type: report\n    title: T\n")
    add_file("z.yaml", point(text="T [@nope]."))
    report = check(library, today=TODAY)
    severities = [p.severity for p in report.problems]
    assert severities == ["error", "warning", "warning"]
    assert [str(p) for p in report.errors] == [
        "library/z.yaml:4:5: points.p.text: citation of unknown source 'nope'"
    ]
    assert str(report.problems[1]).startswith(
        "library/a.yaml:2:5: references.lonely: warning: unverified source"
    )


def test_load_checked_library_raises_only_on_errors(library: Path, add_file: AddFile) -> None:
    add_file("a.yaml", "references:\n  - id: lonely\n    type: report\n    title: T\n")
    assert "lonely" in load_checked_library(library).sources
    add_file("z.yaml", point(text="T [@nope]."))
    with pytest.raises(AdvocateError) as raised:
        load_checked_library(library)
    assert [str(p) for p in raised.value.problems] == [
        "library/z.yaml:4:5: points.p.text: citation of unknown source 'nope'"
    ]


def test_a_broken_library_reports_every_fault_at_once(library: Path, add_file: AddFile) -> None:
    sources = add_file(
        "sources-extra.yaml",
        """
        references:
          - id: report-2022
            type: reprot
            title: A report
          - id: article-2022
            type: article-newspaper
            title: An article
            issued: 2022-02-30
          - id: lonely
            type: report
            title: Nobody cites this
        """,
    )
    points = add_file(
        "points/broken.yaml",
        """
        points:
          - id: one
            claim: ""
            text: Cites [@amnesty-2020] and [@].
            topics: [detention, camps]
            audiences: {mp: 7, press: 1}
            reviewed: 2024-01-10
          - id: two
            claim: Two.
            text: T [@cbc-2021].
            topics: [detention]
            audiences: {mp: abc}
          - id: three
            claim: Three.
            text: T [@cbc-2021].
            topics: [detention]
            colour: red
        """,
    )
    syntax = add_file("points/syntax.yaml", "points:\n  - id: four\n    claim: [unclosed\n")
    problems = check(library, today=TODAY).problems
    errors = [str(p) for p in problems if p.severity == "error"]
    type_error = f"{sources}:3:11: references[0].type: expected one of: article, article-journal, "
    reprot = "; got 'reprot' (did you mean 'report'?)"
    assert [e for e in errors if e.startswith(type_error) and e.endswith(reprot)] == errors[-2:-1]
    assert sorted(errors[:-2] + errors[-1:]) == sorted(
        [
            f"{points}:3:5: points.one.claim: expected a claim (one sentence), got an empty one",
            f"{points}:4:38: points.one.text: expected a source id after '@', got '[@]': write [@id] with "
            "a source's id",
            f"{points}:4:5: points.one.text: citation of unknown source 'amnesty-2020'"
            " (did you mean 'amnesty-2021'?)",
            f"{points}:5:5: points.one.topics: unknown topic 'camps'",
            f"{points}:6:5: points.one.audiences: unknown audience 'press'",
            f"{points}:6:5: points.one.audiences.mp: expected a priority 1, 2 or 3, got 7",
            f"{points}:12:21: points[1].audiences.mp: expected a whole number, got 'abc'",
            f"{points}:17:5: points[2].colour: unknown key 'colour'; "
            "expected one of: id, claim, text, topics, audiences, quote, reviewed, phrasings, until, "
            "superseded_by",
            f"{syntax}:3:12: YAML syntax error: the '[' opened at line 3 is never closed: add ']' after "
            "its last item",
            f"{sources}:8:13: references[1].issued: expected a date as YYYY, YYYY-MM or YYYY-MM-DD, "
            "got '2022-02-30'",
        ]
    )
    # Sorted by file, then line and column; warnings (here: never reviewed, uncited) after every error.
    error_places = [p.location for p in problems if p.severity == "error"]
    assert error_places == sorted(error_places)
    first_warning = next(i for i, p in enumerate(problems) if p.severity == "warning")
    assert all(p.severity == "warning" for p in problems[first_warning:])
    assert first_warning == len(errors) == 11
    assert [str(p) for p in problems[first_warning:]] == [
        f"{sources}:9:5: references.lonely: warning: unverified source: no URL and accessed date",
        f"{sources}:9:5: references.lonely: warning: source cited by nothing",
    ]
    assert len({p.location.file for p in problems if p.severity == "error"}) == 3


def test_malformed_citation_hides_no_other_citation_error(library: Path, add_file: AddFile) -> None:
    # One bad bracket must not stop the unknown source elsewhere in the same text from being reported.
    label = add_file("points/x.yaml", point(text="Cites [@amnesty-2020] and [@]."))
    assert problems_in(library) == [
        f"{label}:4:5: points.p.text: citation of unknown source 'amnesty-2020' (did you mean "
        "'amnesty-2021'?)",
        f"{label}:4:38: points.p.text: expected a source id after '@', got '[@]': write [@id] with a "
        "source's id",
    ]


# --- check --archive ----------------------------------------------------------------------------


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    folder = tmp_path / "archive"
    folder.mkdir()
    return folder


def test_quote_found_in_snapshot_with_whitespace_and_quotes_normalised(library: Path, archive: Path) -> None:
    # The library's quote is: held in “re-education” camps (typographic quotes, single spaces).
    (archive / "amnesty-2021.txt").write_text(
        'Hundreds of thousands were\n   held in "re-education"\tcamps across the region.', encoding="utf-8"
    )
    assert problems_in(library, archive=archive) == []


def test_quote_not_found_is_an_error_naming_the_point(library: Path, archive: Path) -> None:
    (archive / "amnesty-2021.txt").write_text("Hundreds of thousands were held in prisons.", encoding="utf-8")
    assert problems_in(library, archive=archive) == [
        "library/content.yaml:8:5: points.detention-scale.quote: quote not found in the snapshot of "
        "'amnesty-2021'"
    ]


def test_missing_snapshot_is_a_warning(library: Path, archive: Path) -> None:
    assert problems_in(library, archive=archive) == [
        f"library/content.yaml:8:5: points.detention-scale.quote: warning: no snapshot amnesty-2021.txt in "
        f"{archive} to check the quote against"
    ]


def test_quotes_are_not_checked_without_an_archive(library: Path) -> None:
    assert problems_in(library, archive=None) == []


def test_a_quote_with_an_ellipsis_is_found_part_by_part(
    library: Path, archive: Path, add_file: AddFile
) -> None:
    (archive / "amnesty-2021.txt").write_text('held in "re-education" camps', encoding="utf-8")
    (archive / "cbc-2021.txt").write_text("Canada led a joint statement of 44 states.", encoding="utf-8")
    add_file("points/x.yaml", point(extra="    quote: {source: cbc-2021, text: Canada led … 44 states}\n"))
    assert problems_in(library, archive=archive) == []


QUOTING = 'Canada said the camps were "a serious concern" and called for “unfettered access” [@cbc-2021].'


def test_quotations_in_a_text_are_found_in_the_cited_sources_snapshot(
    library: Path, archive: Path, add_file: AddFile
) -> None:
    (archive / "amnesty-2021.txt").write_text('held in "re-education" camps', encoding="utf-8")
    (archive / "cbc-2021.txt").write_text(
        "Canada called the camps A serious concern, and called for ‘meaningful and unfettered access’.",
        encoding="utf-8",
    )
    add_file("points/x.yaml", point(text=QUOTING))
    assert problems_in(library, archive=archive) == []


def test_a_quotation_not_in_the_snapshot_is_an_error_at_its_opening_mark(
    library: Path, archive: Path, add_file: AddFile
) -> None:
    (archive / "amnesty-2021.txt").write_text('held in "re-education" camps', encoding="utf-8")
    (archive / "cbc-2021.txt").write_text("Canada called for unfettered access.", encoding="utf-8")
    label = add_file("points/x.yaml", point(text=QUOTING))
    assert problems_in(library, archive=archive) == [
        f"{label}:4:38: points.p.text: quotation 'a serious concern' not found in the snapshot of 'cbc-2021'"
    ]
    assert (archive.parent / label).read_text(encoding="utf-8").splitlines()[3][37] == '"'


def test_a_quotation_over_lines_of_a_folded_text_is_located_at_its_mark(
    library: Path, archive: Path, add_file: AddFile
) -> None:
    (archive / "amnesty-2021.txt").write_text('held in "re-education" camps', encoding="utf-8")
    (archive / "cbc-2021.txt").write_text("Canada led the statement.", encoding="utf-8")
    text = (
        ">-\n      Canada led the statement. It spoke of\n      “grave concerns … in Xinjiang” [@cbc-2021]."
    )
    label = add_file("points/x.yaml", point(text=text))
    assert problems_in(library, archive=archive) == [
        f"{label}:6:7: points.p.text: quotation 'grave concerns … in Xinjiang' not found in the snapshot of "
        "'cbc-2021' (it has no 'grave concerns')"
    ]


def test_a_quotation_citing_several_sources_needs_to_be_in_one_of_them(
    library: Path, archive: Path, add_file: AddFile
) -> None:
    (archive / "amnesty-2021.txt").write_text('held in "re-education" camps', encoding="utf-8")
    text = 'Detainees were "held in camps" [@amnesty-2021; @cbc-2021].'
    label = add_file("points/x.yaml", point(text=text))
    # Not in the one snapshot there is, and the other source has none: worth a look, not an error.
    assert problems_in(library, archive=archive) == [
        f"{label}:4:26: points.p.text: warning: quotation 'held in camps' not found in the snapshot of "
        "'amnesty-2021'; no snapshot of 'cbc-2021' to check it against"
    ]
    (archive / "cbc-2021.txt").write_text("Canada led.", encoding="utf-8")
    assert problems_in(library, archive=archive) == [
        f"{label}:4:26: points.p.text: quotation 'held in camps' not found in the snapshot of "
        "'amnesty-2021' or 'cbc-2021'"
    ]
    (archive / "cbc-2021.txt").write_text("They were held in camps.", encoding="utf-8")
    assert problems_in(library, archive=archive) == []


def test_quotations_are_checked_in_every_text_that_cites(
    library: Path, archive: Path, add_file: AddFile
) -> None:
    (archive / "amnesty-2021.txt").write_text('held in "re-education" camps', encoding="utf-8")
    label = add_file(
        "responses.yaml",
        """\
        responses:
          - id: r
            party: A government
            position: It calls the reports "lies" [@amnesty-2021].
            rebuttal: They are not [@cbc-2021].
            topics: [detention]
            audiences: {mp: 1}
        """,
    )
    assert problems_in(library, archive=archive) == [
        f"{label}:4:36: responses.r.position: quotation 'lies' not found in the snapshot of 'amnesty-2021'"
    ]


def test_a_quotation_whose_source_has_no_snapshot_is_not_checked(
    library: Path, archive: Path, add_file: AddFile
) -> None:
    (archive / "amnesty-2021.txt").write_text('held in "re-education" camps', encoding="utf-8")
    add_file("points/x.yaml", point(text=QUOTING))
    assert problems_in(library, archive=archive) == []


def test_normalise() -> None:
    assert normalise("  ‘single’ and “double”\n\t quotes  ") == "'single' and \"double\" quotes"
    assert normalise("non\u00a0breaking") == "non breaking"


def test_a_phrasing_that_adds_a_figure_is_a_warning(library: Path, add_file: AddFile) -> None:
    extra = "    phrasings:\n      - A faithful claim.\n      - A claim about 60 people.\n"
    label = add_file("points/x.yaml", point(claim="A claim about people.", extra=extra))
    assert problems_in(library) == [
        f"{label}:8:5: points.p.phrasings[1]: warning: phrasing 2 says '60', which its sourced wording "
        "does not: a phrasing may reword the claim but not add to it"
    ]


def test_an_audience_with_an_error_is_one_error_not_one_per_reference(library: Path) -> None:
    audiences = library / "audiences.yaml"
    audiences.write_text(audiences.read_text().replace("- kind: points\n", "- kind: point\n", 1))
    problems = problems_in(library)
    assert [p for p in problems if "warning" not in p] == [
        "library/audiences.yaml:9:19: audiences[0].documents.letter.sections[0].kind: expected one of: "
        + ", ".join(typing.get_args(SectionKind))
        + "; got 'point' (did you mean 'points'?)"
    ]
    assert (
        "library/audiences.yaml:9:19: audiences.mp: warning: 4 references to audience 'mp' not checked "
        "until this error is fixed"
    ) in problems
    assert not [p for p in problems if "unknown audience" in p]


def test_references_to_a_broken_source_or_topic_are_counted_once(library: Path) -> None:
    sources = library / "sources.yaml"
    sources.write_text(sources.read_text().replace("type: article-newspaper", "type: newspaper"))
    topics = library / "topics.yaml"
    topics.write_text(topics.read_text().replace("- id: detention\n", "- id: detention\n    colour: red\n"))
    problems = problems_in(library)
    errors = [p for p in problems if "warning" not in p]
    assert len(errors) == 2
    assert not [p for p in problems if "unknown" in p and "unknown key" not in p]
    unchecked = sorted(p.split("warning: ")[1] for p in problems if "not checked" in p)
    assert unchecked == [
        "2 references to source 'cbc-2021' not checked until this error is fixed",
        "2 references to topic 'detention' not checked until this error is fixed",
    ]


def test_unknown_ids_in_the_library_get_a_did_you_mean(library: Path, add_file: AddFile) -> None:
    label = add_file("points/x.yaml", point(topics="[detension]", audiences="{mpp: 2}"))
    assert problems_in(library) == [
        f"{label}:5:5: points.p.topics: unknown topic 'detension' (did you mean 'detention'?)",
        f"{label}:6:5: points.p.audiences: unknown audience 'mpp' (did you mean 'mp'?)",
    ]


def test_a_file_yaml_cannot_read_is_one_error_and_what_cites_it_one_warning(library: Path) -> None:
    sources = library / "sources.yaml"
    sources.write_text(sources.read_text(encoding="utf-8") + "\tbroken: [\n", encoding="utf-8")
    report = check(library)
    errors = [str(p) for p in report.problems if p.severity == "error"]
    assert len(errors) == 1 and "YAML syntax error" in errors[0]
    warnings = [str(p) for p in report.problems if p.severity == "warning"]
    assert [w for w in warnings if "not checked until this error is fixed" in w] == [
        errors[0].split(": YAML")[0] + ": warning: 7 references to 3 entries of this file not checked until "
        "this error is fixed"
    ]
