"""brief: the brief format is validated like the library, all problems at once, with locations."""

from __future__ import annotations

from pathlib import Path

import pytest

from advocate.brief import check_project, load_brief, load_briefs
from advocate.cli import main
from advocate.errors import AdvocateError
from advocate.library.check import load_checked_library
from advocate.library.models import Library

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
        "b.yaml:17:1: topics[0]: unknown topic 'no-such-topic'",
        "b.yaml:18:1: include[0]: unknown point, argument or response 'no-such-point'",
        "b.yaml:19:1: asks[0]: unknown ask 'no-such-ask'",
    ]


def test_shape_errors_are_located(library: Library, tmp_path: Path) -> None:
    text = GOOD.replace("kind: letter", "kind: memo").replace("date: 2021-12-10", "date: tomorrow")
    text += "colour: red\n"
    _, problems = load_brief(write(tmp_path, "b.yaml", text), library, "b.yaml")
    messages = [str(p) for p in problems]
    assert "b.yaml:2:7: kind: expected one of: briefing, letter; got 'memo'" in messages
    assert "b.yaml:5:7: date: expected a date (YYYY-MM-DD), got 'tomorrow'" in messages
    assert any(m.startswith("b.yaml:18:1: colour: unknown key 'colour'") for m in messages)


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
