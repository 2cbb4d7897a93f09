"""The commands that read the library: check, points and sources (in-process, and once as a process)."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from advocate.cli import main

AddFile = Callable[[str, str], str]
LINE = re.compile(r"^[^:\s]+:\d+(:\d+)?: (\S+: )?(warning: )?\S")
"""file:line[:col]: [key.path: ][warning: ]message"""


@pytest.fixture
def fresh(library: Path) -> Path:
    """The mini library with every point reviewed today, so it has no problem at all."""
    content = library / "content.yaml"
    content.write_text(
        content.read_text().replace("2024-01-10", dt.date.today().isoformat()), encoding="utf-8"
    )
    return library


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return status, out, err


BROKEN_POINTS = """\
points:
  - id: one
    claim: ""
    text: Cites [@amnesty-2020, 4].
    topics: [detention, camps]
    audiences: {mp: 7}
    reviewed: TODAY
  - id: two
    claim: Two.
    text: T [@cbc-2021].
    topics: [detention]
    audiences: {mp: abc}
"""
BROKEN_SOURCES = """\
references:
  - id: lonely
    type: report
    title: Nobody cites this
    colour: blue
  - id: unverified
    type: report
    title: Nobody can check this
points:
  - id: coalition
    claim: Defined twice.
    text: T [@unverified].
    topics: [recognition]
    audiences: {mp: 1}
    reviewed: 2024-01-10
"""


def write_broken(library: Path) -> None:
    (library / "points").mkdir()
    points = BROKEN_POINTS.replace("TODAY", dt.date.today().isoformat())
    (library / "points" / "broken.yaml").write_text(points, encoding="utf-8")
    (library / "z-sources.yaml").write_text(BROKEN_SOURCES, encoding="utf-8")


EXPECTED_ERRORS = [
    "library/points/broken.yaml:3:5: points.one.claim: expected a claim (one sentence), got an empty one",
    "library/points/broken.yaml:4:5: points.one.text: citation of unknown source 'amnesty-2020' "
    "(did you mean 'amnesty-2021'?)",
    "library/points/broken.yaml:5:5: points.one.topics: unknown topic 'camps'",
    "library/points/broken.yaml:6:5: points.one.audiences.mp: expected a priority 1, 2 or 3, got 7",
    "library/points/broken.yaml:12:21: points[1].audiences.mp: expected a whole number, got 'abc'",
    "library/z-sources.yaml:10:5: points.coalition: id 'coalition' is defined twice "
    "(first at library/content.yaml:11:5)",
]


# --- advocate check -----------------------------------------------------------------------------


def test_check_clean_library(capsys: pytest.CaptureFixture[str], fresh: Path) -> None:
    status, out, err = run(capsys, "check")
    assert status == 0
    assert out == ""
    assert (
        err
        == "3 sources, 3 points, 1 arguments, 0 responses, 1 asks, 2 audiences: 0 error(s), 0 warning(s)\n"
    )


def test_check_library_option(capsys: pytest.CaptureFixture[str], fresh: Path, tmp_path: Path) -> None:
    fresh.rename(tmp_path / "elsewhere")
    status, _, err = run(capsys, "check", "--library", "elsewhere")
    assert status == 0
    assert err.endswith(": 0 error(s), 0 warning(s)\n")


def test_check_warnings_only_exits_zero(capsys: pytest.CaptureFixture[str], fresh: Path) -> None:
    (fresh / "extra.yaml").write_text("references:\n  - id: lonely\n    type: report\n    title: T\n")
    status, _, err = run(capsys, "check")
    assert status == 0
    assert err.splitlines() == [
        "library/extra.yaml:2:5: references.lonely: warning: unverified source: no URL and accessed date",
        "library/extra.yaml:2:5: references.lonely: warning: source cited by nothing",
        "4 sources, 3 points, 1 arguments, 0 responses, 1 asks, 2 audiences: 0 error(s), 2 warning(s)",
    ]


def test_check_reports_every_problem_at_once_errors_first(
    capsys: pytest.CaptureFixture[str], fresh: Path
) -> None:
    write_broken(fresh)
    status, out, err = run(capsys, "check")
    assert status == 1
    assert out == ""
    lines = err.splitlines()
    assert (
        lines[-1]
        == "5 sources, 4 points, 1 arguments, 0 responses, 1 asks, 2 audiences: 6 error(s), 5 warning(s)"
    )
    errors, warnings = lines[:6], lines[6:-1]
    assert sorted(errors) == sorted(EXPECTED_ERRORS)
    assert warnings == [
        "library/z-sources.yaml:2:5: references.lonely: warning: unverified source: no URL and accessed date",
        "library/z-sources.yaml:2:5: references.lonely: warning: source cited by nothing",
        "library/z-sources.yaml:5:5: references[0].colour: warning: unknown key 'colour' is not a CSL "
        "variable: ignored (did you mean 'column'?)",
        "library/z-sources.yaml:6:5: references.unverified: warning: unverified source: no URL and "
        "accessed date",
        "library/z-sources.yaml:6:5: references.unverified: warning: source cited by nothing",
    ]
    assert all(LINE.match(line) for line in lines[:-1]), lines
    assert len({line.split(":")[0] for line in errors}) == 2


def test_check_as_a_process_prints_no_traceback(fresh: Path, tmp_path: Path) -> None:
    write_broken(fresh)
    (fresh / "tagged.yaml").write_text("points:\n  - !!python/object/apply:os.system ['touch PWNED']\n")
    result = subprocess.run(
        [sys.executable, "-m", "advocate.cli", "check"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    for expected in EXPECTED_ERRORS:
        assert expected in lines
    assert (
        "library/tagged.yaml:2:5: YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed"
        in lines
    )
    assert not (tmp_path / "PWNED").exists()


MISTAKES = {
    "syntax": ("points:\n  - id: [\n", "library/x.yaml:2:9: YAML syntax error: the '[' opened at line 2 "),
    "not utf-8": (b"topics: []\npoints: caf\xe9\n", "library/x.yaml:2:"),
    "list at the root": ("- id: p\n", "library/x.yaml:1:1: expected a mapping with any of the keys "),
    "wrong kind of list": (
        "points: {id: p}\n",
        "library/x.yaml:1:9: points: expected a list of points, got a mapping",
    ),
    "scalar at the root": ("just words\n", "library/x.yaml:1:1: expected a mapping with any of the keys "),
    "python tag": ("points: !!python/name:os.system\n", "library/x.yaml:1:9: YAML tag "),
    "alias": (
        "topics:\n  - &t {id: t, title: T}\n  - *t\n",
        "library/x.yaml:3:5: YAML alias *t is not allowed",
    ),
    "control character": (
        'topics:\n  - {id: t, title: "a\\x07b"}\n',
        "library/x.yaml:2:20: topics[0].title: ",
    ),
    "raw control character": ("topics:\n  - {id: t, title: a\x07b}\n", "library/x.yaml:2:"),
    "date-parts key": (
        "references:\n  - {id: s, type: report, title: T, issued: {[a]: 1}}\n",
        "library/x.yaml:2:45: references[0].issued: expected {date-parts: [[YYYY, M, D]]}",
    ),
    "non-text key": ("topics:\n  - {id: t, title: T}\n[a]: 1\n", "library/x.yaml:3:1: "),
    "malformed citation": (
        "points:\n  - {id: p, claim: C, text: 'T [@p.', topics: [detention]}\n",
        "library/x.yaml:2:32: points.p.text: expected a citation closed with ']'",
    ),
    "deep nesting": ("points: " + "[" * 3000 + "]" * 3000 + "\n", "library/x.yaml:1:"),
}


@pytest.mark.parametrize("mistake", list(MISTAKES))
def test_no_user_mistake_gives_a_traceback(
    capsys: pytest.CaptureFixture[str], fresh: Path, mistake: str
) -> None:
    content, first_line = MISTAKES[mistake]
    target = fresh / "x.yaml"
    if isinstance(content, bytes):
        target.write_bytes(content)
    else:
        target.write_text(content, encoding="utf-8")
    status, _, err = run(capsys, "check")
    assert status == 1
    lines = err.splitlines()
    assert lines[0].startswith(first_line)
    assert "Node(" not in err
    assert all(LINE.match(line) for line in lines[:-1]), lines
    assert lines[-1].endswith("warning(s)")


MALFORMED_CITATIONS = """\
points:
  - id: unclosed
    claim: Held.
    text: Held in camps [@amnesty-2021. More were held [@cbc-2021].
    topics: [detention]
    audiences: {mp: 1}
    reviewed: TODAY
  - id: narrative
    claim: Held.
    text: >-
      As @amnesty-2021 reports, people were held (@cbc-2021);
      write to press@example.org or "@UyghurCampaign".
    topics: [detention]
    audiences: {mp: 1}
    reviewed: TODAY
  - id: stray
    claim: Held [@cbc-2021].
    text: "Held in camps [@amnesty-2021]]. More [@amnesty-2021, @cbc-2021]."
    topics: [detention]
    audiences: {mp: 1}
    reviewed: TODAY
"""


def test_check_reports_each_malformed_citation_at_its_character(
    capsys: pytest.CaptureFixture[str], fresh: Path
) -> None:
    content = MALFORMED_CITATIONS.replace("TODAY", dt.date.today().isoformat())
    (fresh / "cites.yaml").write_text(content, encoding="utf-8")
    status, out, err = run(capsys, "check")
    assert status == 1
    assert out == ""
    lines = err.splitlines()
    assert lines == [
        "library/cites.yaml:4:25: points.unclosed.text: expected a citation closed with ']', e.g. [@id] or "
        "[@id, 12]; got '[@amnesty-2021. More were held': add the ']'",
        "library/cites.yaml:11:10: points.narrative.text: expected a citation in square brackets, got "
        "'@amnesty-2021': write [@amnesty-2021] (advocate prints every citation as a footnote and has no "
        'narrative form), or put a name that is not a citation in quotes ("@amnesty-2021")',
        "library/cites.yaml:11:50: points.narrative.text: expected a citation in square brackets, got "
        "'(@cbc-2021)': write [@cbc-2021]",
        "library/cites.yaml:17:17: points.stray.claim: expected a claim without citations (it is said "
        "aloud and printed as written), got '[@cbc-2021]': cite the source in the point's text",
        "library/cites.yaml:18:41: points.stray.text: expected one ']' closing the citation, got "
        "'[@amnesty-2021]]': delete the extra ']'",
        "library/cites.yaml:18:63: points.stray.text: expected sources separated by ';', got "
        "'[@amnesty-2021, @cbc-2021]': write [@amnesty-2021; @cbc-2021]",
        "3 sources, 6 points, 1 arguments, 0 responses, 1 asks, 2 audiences: 6 error(s), 0 warning(s)",
    ]
    assert all(LINE.match(line) for line in lines[:-1]), lines


def test_an_at_sign_in_a_brief_is_the_sender_s_own_words(
    capsys: pytest.CaptureFixture[str], fresh: Path, tmp_path: Path
) -> None:
    # ``personal`` is printed exactly as written, never parsed for citations
    write_brief(tmp_path / "briefs", "letter", "mp", "[recognition]")
    with (tmp_path / "briefs" / "letter.yaml").open("a", encoding="utf-8") as brief:
        brief.write("personal: Reach me at jane@example.org or @janedoe [@not-a-citation.\n")
    status, _, err = run(capsys, "check")
    assert status == 0
    assert err.endswith(": 0 error(s), 0 warning(s)\n")


def test_check_missing_library(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    status, _, err = run(capsys, "check")
    assert status == 1
    assert err.splitlines()[0] == "library: expected a library folder, got nothing there"


def test_usage_error_exits_two(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["chekc"])
    assert raised.value.code == 2
    assert "invalid choice: 'chekc'" in capsys.readouterr().err


# --- advocate check --date ------------------------------------------------------------------------


def test_check_date_warns_of_an_item_past_its_until(capsys: pytest.CaptureFixture[str], fresh: Path) -> None:
    content = fresh / "content.yaml"
    written = content.read_text()
    content.write_text(
        written.replace(
            "    topics: [recognition]\n", "    topics: [recognition]\n    until: 2021-06-22\n", 1
        )
    )
    status, _, err = run(capsys, "check")
    assert status == 0 and err.endswith(": 0 error(s), 0 warning(s)\n")  # no date, no date check
    status, _, err = run(capsys, "check", "--date", "2021-06-23")
    assert status == 0
    assert err.splitlines() == [
        "library/content.yaml:15:5: points.coalition.until: warning: used past its until (2021-06-22) on "
        "2021-06-23 with no successor: a document dated 2021-06-23 leaves it out; add superseded_by: naming "
        "an item that says what happened after 2021-06-22",
        "3 sources, 3 points, 1 arguments, 0 responses, 1 asks, 2 audiences: 0 error(s), 1 warning(s)",
    ]


def test_check_date_must_be_a_date(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["check", "--date", "22/06/2021"])
    assert raised.value.code == 2
    assert "expected a date as YYYY-MM-DD, got '22/06/2021'" in capsys.readouterr().err


# --- advocate check --archive ---------------------------------------------------------------------


def test_check_archive_quote_found(capsys: pytest.CaptureFixture[str], fresh: Path, tmp_path: Path) -> None:
    archive = tmp_path / "snapshots"
    archive.mkdir()
    (archive / "amnesty-2021.txt").write_text(
        "Many were\n held in \u201cre-education\u201d  camps.\n", encoding="utf-8"
    )
    status, _, err = run(capsys, "check", "--archive", str(archive))
    assert status == 0
    assert err.endswith(": 0 error(s), 0 warning(s)\n")


def test_check_archive_quote_not_found(
    capsys: pytest.CaptureFixture[str], fresh: Path, tmp_path: Path
) -> None:
    archive = tmp_path / "snapshots"
    archive.mkdir()
    (archive / "amnesty-2021.txt").write_text("Something else entirely.\n", encoding="utf-8")
    status, _, err = run(capsys, "check", "--archive", "snapshots")
    assert status == 1
    assert err.splitlines()[0] == (
        "library/content.yaml:8:5: points.detention-scale.quote: quote not found in the snapshot of "
        "'amnesty-2021'"
    )


def test_check_archive_missing_snapshot_is_a_warning(
    capsys: pytest.CaptureFixture[str], fresh: Path, tmp_path: Path
) -> None:
    (tmp_path / "snapshots").mkdir()
    status, _, err = run(capsys, "check", "--archive", "snapshots")
    assert status == 0
    assert err.splitlines()[0] == (
        "library/content.yaml:8:5: points.detention-scale.quote: warning: no snapshot "
        "amnesty-2021.txt in snapshots "
        "to check the quote against"
    )


# --- advocate points ------------------------------------------------------------------------------


COALITION = "More than forty states called for access to Xinjiang."


@pytest.fixture
def wide(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "140")


def claims(out: str) -> list[str]:
    return [line.split("  ")[0] for line in out.splitlines()[1:-1] if line and not line.startswith(" ")]


def test_points_table(capsys: pytest.CaptureFixture[str], library: Path, wide: None) -> None:
    status, out, err = run(capsys, "points")
    assert status == 0
    assert err == ""
    lines = out.splitlines()
    assert lines[0].split() == ["CLAIM", "SOURCES", "REVIEWED", "STATUS"]
    assert re.match(
        r"^Up to a million people have been held in camps\. +amnesty-2021 +2024-01-10  verified$", lines[1]
    )
    assert lines[-1] == "3 point(s), 0 resting only on unverified sources"


def test_points_table_marks_points_whose_sources_are_all_unverified(
    capsys: pytest.CaptureFixture[str], library: Path, wide: None
) -> None:
    sources = library / "sources.yaml"
    sources.write_text(
        sources.read_text(encoding="utf-8").replace("    URL: https://example.org/amnesty\n", ""),
        encoding="utf-8",
    )
    status, out, _ = run(capsys, "points")
    assert status == 0
    status_of = {line.split("  ")[0]: line.rsplit("  ", 1)[-1] for line in out.splitlines()[1:-1] if line}
    assert status_of["Up to a million people have been held in camps."] == "unverified sources"
    assert status_of["More than forty states called for access to Xinjiang."] == "verified"
    assert status_of["Cotton picked under coercion can reach UK shops."] == "1 of 2 verified"
    assert out.splitlines()[-1] == "3 point(s), 1 resting only on unverified sources"


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (["--topic", "forced-labour"], ["Cotton picked under coercion can reach UK shops."]),
        (["--audience", "company"], [COALITION, "Cotton picked under coercion can reach UK shops."]),
        (["--search", "joint statement"], [COALITION]),
        (["--topic", "recognition", "--audience", "mp", "--search", "canada"], [COALITION]),
        (["--topic", "detention", "--audience", "company"], []),
    ],
)
def test_points_filters(
    capsys: pytest.CaptureFixture[str], library: Path, wide: None, options: list[str], expected: list[str]
) -> None:
    status, out, _ = run(capsys, "points", *options)
    assert status == 0
    assert claims(out) == expected
    assert out.splitlines()[-1] == f"{len(expected)} point(s), 0 resting only on unverified sources"


def test_points_refuses_a_library_with_errors(
    capsys: pytest.CaptureFixture[str], library: Path, add_file: AddFile
) -> None:
    label = add_file("x.yaml", "topics:\n  - id: t\n")
    status, out, err = run(capsys, "points")
    assert status == 1
    assert out == ""
    assert err.splitlines() == [f"{label}:2:5: topics[0].title: missing required key 'title'"]


# --- advocate sources -----------------------------------------------------------------------------


def test_sources_lists_counts(capsys: pytest.CaptureFixture[str], library: Path) -> None:
    status, out, _ = run(capsys, "sources")
    assert status == 0
    assert [line.split() for line in out.splitlines()] == [
        ["ID", "TYPE", "POINTS", "STATUS", "CHECKED", "URL"],
        ["amnesty-2021", "report", "2", "verified", "2024-01-10", "https://example.org/amnesty"],
        ["cbc-2021", "article-newspaper", "2", "verified", "2024-01-10", "https://example.org/cbc"],
        ["genocide-convention", "treaty", "0", "verified", "2024-01-10", "https://example.org/convention"],
        [],
        ["3", "of", "3", "source(s)", "verified", "(a", "URL", "and", "the", "date", "it", "was", "checked)"],
    ]


def test_sources_show_what_is_unverified_and_why(capsys: pytest.CaptureFixture[str], library: Path) -> None:
    sources = library / "sources.yaml"
    text = sources.read_text(encoding="utf-8")
    text = text.replace("    URL: https://example.org/amnesty\n", "")  # a date but no URL
    text = text.replace("    accessed: 2024-01-10\n", "", 3)  # no accessed date at all...
    text = text.replace(
        "    URL: https://example.org/convention\n",
        "    URL: https://example.org/convention\n    verified: 2024-02-01\n",
    )
    sources.write_text(text, encoding="utf-8")
    status, out, _ = run(capsys, "sources")
    assert status == 0
    assert [line.split() for line in out.splitlines()[1:4]] == [
        ["amnesty-2021", "report", "2", "unverified", "never", "-"],
        ["cbc-2021", "article-newspaper", "2", "unverified", "never", "https://example.org/cbc"],
        # ...but a verified date: checked, and so verified.
        ["genocide-convention", "treaty", "0", "verified", "2024-02-01", "https://example.org/convention"],
    ]
    assert out.splitlines()[-1] == "1 of 3 source(s) verified (a URL and the date it was checked)"


def test_sources_never_send_format_characters_to_the_terminal(
    capsys: pytest.CaptureFixture[str], library: Path
) -> None:
    # A right-to-left override would print the rest of the line backwards (the loader already refuses
    # control characters such as an escape sequence's ESC).
    sources = library / "sources.yaml"
    text = sources.read_text(encoding="utf-8")
    sources.write_text(
        text.replace("URL: https://example.org/cbc", 'URL: "https://example.org/\\u202ecbc"'),
        encoding="utf-8",
    )
    status, out, _ = run(capsys, "sources")
    assert status == 0
    assert "\u202e" not in out
    assert "https://example.org/\\u202ecbc" in out


def test_a_closed_pipe_ends_the_command_quietly(library: Path) -> None:
    # `advocate sources | head -1`: the reader is gone before the table is written.
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "advocate.cli", "sources", "--library", str(library)],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            check=False,
        )
    finally:
        os.close(write_end)
    assert done.stderr == ""
    assert done.returncode == 141


def write_brief(folder: Path, name: str, audience: str, topics: str) -> None:
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.yaml").write_text(
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
        ),
        encoding="utf-8",
    )


def test_sources_id_lists_items_and_briefs(
    capsys: pytest.CaptureFixture[str], library: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "my-briefs"
    write_brief(folder, "mp-recognition", "mp", "[recognition]")
    write_brief(folder, "mp-detention", "mp", "[detention]")
    status, out, _ = run(capsys, "sources", "cbc-2021", "--briefs", "my-briefs")
    assert status == 0
    assert out.splitlines() == [
        "cbc-2021: cited by 2 item(s)",
        "  points coalition",
        "  points cotton",
        "briefs that would change if it were withdrawn: 1",
        "  mp-recognition",
    ]


def test_sources_id_without_briefs(capsys: pytest.CaptureFixture[str], library: Path) -> None:
    status, out, _ = run(capsys, "sources", "genocide-convention", "--briefs", "none-here")
    assert status == 0
    assert out.splitlines() == [
        "genocide-convention: cited by 1 item(s)",
        "  arguments article-2-a",
        "briefs that would change if it were withdrawn: 0",
    ]


def test_sources_unknown_id(capsys: pytest.CaptureFixture[str], library: Path) -> None:
    status, out, err = run(capsys, "sources", "cbc-2012", "--briefs", "none-here")
    assert status == 1
    assert out == ""
    assert err == "advocate: unknown source 'cbc-2012'\n"


def test_sources_reports_a_broken_brief(
    capsys: pytest.CaptureFixture[str], library: Path, tmp_path: Path
) -> None:
    write_brief(tmp_path / "briefs", "bad", "press", "[recognition]")
    status, out, err = run(capsys, "sources", "cbc-2021")
    assert status == 1
    assert out == ""
    assert err == "briefs/bad.yaml:2:1: audience: unknown audience 'press'; expected one of: mp, company\n"
