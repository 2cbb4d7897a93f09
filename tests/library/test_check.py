"""library.check: the cross-reference rules, the warnings, and the quote check against an archive."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from advocate.errors import AdvocateError
from advocate.library.check import check, load_checked_library, normalise

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
    assert problems_in(library) == [f"{label}:4:5: points.p.text: expected [@id] or [@id, pinpoint], got [@]"]


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
            f"{label}:6:5: audiences.press.documents.letter.sections[0].topics: unknown topic 'olympics'",
        ]
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
    assert [e for e in errors if e.startswith(type_error) and e.endswith("; got 'reprot'")] == errors[-2:-1]
    assert sorted(errors[:-2] + errors[-1:]) == sorted(
        [
            f"{points}:3:5: points.one.claim: expected a claim (one sentence), got an empty one",
            f"{points}:4:5: points.one.text: expected [@id] or [@id, pinpoint], got [@]",
            f"{points}:4:5: points.one.text: citation of unknown source 'amnesty-2020'"
            " (did you mean 'amnesty-2021'?)",
            f"{points}:5:5: points.one.topics: unknown topic 'camps'",
            f"{points}:6:5: points.one.audiences: unknown audience 'press'",
            f"{points}:6:5: points.one.audiences.mp: expected a priority 1, 2 or 3, got 7",
            f"{points}:12:21: points[1].audiences.mp: expected a whole number, got 'abc'",
            f"{points}:17:5: points[2].colour: unknown key 'colour'; "
            "expected one of: id, claim, text, topics, audiences, quote, reviewed, phrasings",
            f"{syntax}:4:1: YAML syntax error: while parsing a flow sequence did not find expected "
            "',' or ']'",
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
    assert sorted(problems_in(library)) == [
        f"{label}:4:5: points.p.text: citation of unknown source 'amnesty-2020' (did you mean "
        "'amnesty-2021'?)",
        f"{label}:4:5: points.p.text: expected [@id] or [@id, pinpoint], got [@]",
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
