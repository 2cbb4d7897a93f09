"""brief: the brief format is validated like the library, all problems at once, with locations."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from advocate.brief import Brief, check_project, load_brief, load_briefs
from advocate.cli import main
from advocate.errors import AdvocateError
from advocate.library.check import load_checked_library
from advocate.library.models import Library
from office_samples import OFFICES_YAML

REPO = Path(__file__).resolve().parents[1]
GOOD = (REPO / "briefs" / "letter-to-foreign-secretary.yaml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def library() -> Library:
    return load_checked_library(REPO / "library")


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_every_example_brief_is_valid(library: Library) -> None:
    briefs = load_briefs(sorted((REPO / "briefs").glob("*.yaml")), library)
    assert [b.name for b in briefs] == sorted(p.stem for p in (REPO / "briefs").glob("*.yaml"))
    assert all(b.citation_style == "oscola" for b in briefs)


def test_unknown_ids_are_each_reported(library: Library, tmp_path: Path) -> None:
    text = GOOD.replace("topics: [genocide-convention,", "topics: [no-such-topic, genocide-convention,")
    text += "include: [no-such-point]\nasks: [no-such-ask]\n"
    brief, problems = load_brief(write(tmp_path, "b.yaml", text), library, "b.yaml")
    assert brief is not None
    assert [str(p) for p in problems] == [
        "b.yaml:14:1: topics[0]: unknown topic 'no-such-topic'",
        "b.yaml:15:1: include[0]: unknown point, argument or response 'no-such-point'",
        "b.yaml:16:1: asks[0]: unknown ask 'no-such-ask'",
    ]


def test_unknown_ids_get_a_did_you_mean(library: Library, tmp_path: Path) -> None:
    text = GOOD.replace("audience: minister", "audience: ministers").replace("uk-policy,", "uk-polcy,")
    _, problems = load_brief(write(tmp_path, "b.yaml", text), library, "b.yaml")
    assert [str(p) for p in problems] == [
        "b.yaml:3:1: audience: unknown audience 'ministers' (did you mean 'minister'?); expected one of: "
        "mp, minister, company, constituent",
        "b.yaml:14:1: topics[1]: unknown topic 'uk-polcy' (did you mean 'uk-policy'?)",
    ]


def test_a_bad_date_does_not_hide_the_unknown_ids(library: Library, tmp_path: Path) -> None:
    text = GOOD.replace("date: 2021-12-10", "date: 2021-13-45").replace("forced-labour,", "forced-labor,")
    brief, problems = load_brief(write(tmp_path, "b.yaml", text), library, "b.yaml")
    assert brief is None
    assert [str(p) for p in problems] == [
        "b.yaml:5:7: date: expected a date (YYYY-MM-DD), got '2021-13-45'",
        "b.yaml:14:1: topics[4]: unknown topic 'forced-labor' (did you mean 'forced-labour'?)",
    ]


@pytest.mark.parametrize("date", ["9999-12-31", "0001-01-01"])
def test_a_date_at_the_calendars_edge_is_refused_at_load(library: Library, tmp_path: Path, date: str) -> None:
    text = GOOD.replace("date: 2021-12-10", f"date: {date}")
    brief, problems = load_brief(write(tmp_path, "b.yaml", text), library, "b.yaml")
    assert brief is None
    assert [str(p) for p in problems] == [
        f"b.yaml:5:7: date: expected a date from 1000-01-01 to 2999-12-31, got {date}"
    ]


@pytest.mark.parametrize("style", ["../../../etc/passwd", "/etc/passwd", "..", "styles/oscola"])
def test_a_citation_style_that_is_a_path_is_refused_at_load(
    library: Library, tmp_path: Path, style: str
) -> None:
    text = GOOD + f"citation_style: '{style}'\n"
    _, problems = load_brief(write(tmp_path, "b.yaml", text), library, "b.yaml")
    assert [str(p) for p in problems] == [
        f"b.yaml:15:1: citation_style: expected the name of a citation style, such as oscola, got {style!r}: "
        "a style is named, not given as a path; put your own .csl file in your templates folder's styles/ "
        "and give its name without .csl"
    ]


def test_a_missing_key_does_not_hide_an_unknown_audience_or_kind(library: Library, tmp_path: Path) -> None:
    text = "kind: briefing\naudience: constituent\ntopics: [nope]\n"
    _, problems = load_brief(write(tmp_path, "b.yaml", text), library, "b.yaml")
    messages = [str(p) for p in problems]
    assert (
        "b.yaml:1:1: kind: audience 'constituent' has no briefing plan; expected one of: letter" in messages
    )
    assert "b.yaml:3:1: topics[0]: unknown topic 'nope'" in messages
    assert any("missing required key 'title'" in m for m in messages)


def test_an_audience_with_errors_is_not_also_unknown_in_a_brief(tmp_path: Path) -> None:
    library = tmp_path / "library"
    shutil.copytree(REPO / "library", library)
    # The library's own mp profile, replacing the shipped one, with a mistake in a section kind.
    (library / "audiences.yaml").write_text(
        "audiences:\n  - id: mp\n    label: MP\n    register: formal\n"
        "    documents: {briefing: {sections: [{kind: key-fact}]}}\n"
    )
    brief = write(tmp_path, "b.yaml", GOOD.replace("audience: minister", "audience: mp"))
    report = check_project(library, [brief])
    assert len(report.errors) == 1
    assert "got 'key-fact' (did you mean 'key-facts'?)" in str(report.errors[0])
    line = report.errors[0].location
    assert f"{brief}:3:1: audience: warning: audience 'mp' not checked: it has errors at {line}" in [
        str(p) for p in report.problems
    ]


def test_shape_errors_are_located(library: Library, tmp_path: Path) -> None:
    text = GOOD.replace("kind: letter", "kind: memo").replace("date: 2021-12-10", "date: tomorrow")
    text += "colour: red\n"
    _, problems = load_brief(write(tmp_path, "b.yaml", text), library, "b.yaml")
    messages = [str(p) for p in problems]
    assert "b.yaml:2:7: kind: expected one of: briefing, letter; got 'memo'" in messages
    assert "b.yaml:5:7: date: expected a date (YYYY-MM-DD), got 'tomorrow'" in messages
    assert any(m.startswith("b.yaml:15:1: colour: unknown key 'colour'") for m in messages)


def test_audience_must_plan_the_kind(library: Library, tmp_path: Path) -> None:
    text = GOOD.replace("audience: minister", "audience: constituent").replace(
        "kind: letter", "kind: briefing"
    )
    _, problems = load_brief(write(tmp_path, "b.yaml", text), library, "b.yaml")
    assert [str(p) for p in problems] == [
        "b.yaml:2:1: kind: audience 'constituent' has no briefing plan; expected one of: letter"
    ]


def test_load_briefs_raises_with_all_problems(library: Library, tmp_path: Path) -> None:
    one = write(tmp_path, "one.yaml", GOOD.replace("audience: minister", "audience: mayor"))
    two = write(tmp_path, "two.yaml", "kind: letter\n")
    with pytest.raises(AdvocateError) as caught:
        load_briefs([one, two], library)
    text = str(caught.value)
    assert "unknown audience 'mayor'" in text and "missing required key 'title'" in text


def test_check_reports_library_and_brief_problems_together(tmp_path: Path) -> None:
    bad = write(tmp_path, "bad.yaml", GOOD.replace("audience: minister", "audience: mayor"))
    report = check_project(REPO / "library", [bad])
    assert [str(p) for p in report.errors] == [
        f"{bad}:3:1: audience: unknown audience 'mayor'; expected one of: mp, minister, company, constituent"
    ]


def test_cli_check_includes_the_briefs_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "briefs"
    folder.mkdir()
    write(folder, "bad.yaml", GOOD.replace("date: 2021-12-10", "date: 2021-13-45"))
    status = main(["check", "--library", str(REPO / "library"), "--briefs", str(folder)])
    err = capsys.readouterr().err
    assert status == 1
    assert "date: expected a date (YYYY-MM-DD), got '2021-13-45'" in err


OFFICE_BRIEF = """\
kind: letter
audience: mp
title: Spills
date: {date}
recipient: {recipient}
sender: {{name: A Campaigner}}
"""


@pytest.fixture
def office_library(library_dir: Path) -> Library:
    return load_checked_library(library_dir)


@pytest.fixture
def library_dir(tmp_path: Path) -> Path:
    """The mini library with the sample offices (no bundled content)."""
    folder = tmp_path / "lib"
    shutil.copytree(REPO / "tests" / "fixtures" / "minilib", folder)
    (folder / "offices.yaml").write_text(OFFICES_YAML, encoding="utf-8")
    return folder


def office_brief(tmp_path: Path, library: Library, recipient: str, date: str) -> tuple[object, list[str]]:
    text = OFFICE_BRIEF.format(date=date, recipient=recipient)
    brief, problems = load_brief(write(tmp_path, "o.yaml", text), library, "o.yaml")
    return brief, [str(p) for p in problems]


def test_a_recipient_by_office_is_its_holder_on_the_briefs_date(
    office_library: Library, tmp_path: Path
) -> None:
    brief, problems = office_brief(tmp_path, office_library, "{office: river-minister}", "2021-12-10")
    assert problems == []
    assert isinstance(brief, Brief)
    assert brief.recipient.name == "Ben Baker MP"
    assert brief.recipient.role == "Minister of State for Rivers"
    assert brief.recipient.organisation == "Department for Rivers"
    assert brief.recipient.address == ("1 Weir Street", "London", "SW1A 9ZZ")
    assert brief.recipient.salutation == "Dear Minister,"
    later, _ = office_brief(tmp_path, office_library, "{office: river-minister}", "2022-03-01")
    assert isinstance(later, Brief) and later.recipient.name == "The Rt Hon Cat Cole KC MP"


def test_a_recipient_by_office_keeps_what_the_brief_writes(office_library: Library, tmp_path: Path) -> None:
    recipient = "{office: river-minister, address: [House of Commons, London, SW1A 0AA]}"
    brief, problems = office_brief(tmp_path, office_library, recipient, "2021-12-10")
    assert problems == [] and isinstance(brief, Brief)
    assert brief.recipient.address == ("House of Commons", "London", "SW1A 0AA")
    assert brief.recipient.name == "Ben Baker MP"


def test_a_recipient_by_office_is_checked(office_library: Library, tmp_path: Path) -> None:
    _, problems = office_brief(tmp_path, office_library, "{office: river-ministr}", "2021-12-10")
    assert problems == [
        "o.yaml:5:13: recipient.office: unknown office 'river-ministr' (did you mean 'river-minister'?); "
        "expected one of: river-minister, agency-chair"
    ]
    _, problems = office_brief(tmp_path, office_library, "{office: river-minister}", "2020-07-15")
    assert problems == [
        "o.yaml:5:13: recipient.office: expected an office with a known holder on the brief's date, got "
        "nobody held it on 2020-07-15 by library/offices.yaml (a gap between holders)"
    ]
    _, problems = office_brief(tmp_path, office_library, "{office: river-minister}", "2024-01-02")
    assert problems[0].startswith(
        "o.yaml:5:13: recipient.office: expected an office with a known holder on the brief's date, got "
        "2024-01-02 is after 2023-12-31"
    )
    _, problems = office_brief(tmp_path, office_library, "{role: Minister}", "2021-12-10")
    assert problems == ["o.yaml:5:12: recipient.name: missing required key 'name'"]
