"""load_library: every file read into one typed Library, every reading problem with its place."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from advocate.errors import Location
from advocate.library.load import library_files, load_library
from advocate.library.sources import CslDate
from advocate.yamlfile import MAX_FILE_BYTES

AddFile = Callable[[str, str], str]


def problems_in(library: Path) -> list[str]:
    return [str(p) for p in load_library(library).problems]


def test_the_mini_library_loads_without_problems(library: Path) -> None:
    loaded = load_library(library)
    assert loaded.problems == []
    assert list(loaded.library.points) == ["detention-scale", "coalition", "cotton"]
    assert list(loaded.library.sources) == ["amnesty-2021", "cbc-2021", "genocide-convention"]
    assert loaded.library.points["coalition"].audiences == {"mp": 2, "company": 3}
    assert loaded.library.points["coalition"].at == Location("library/content.yaml", 11, 5)
    assert loaded.library.audiences["mp"].documents["letter"].sections[0].limit == 3


def test_files_are_found_recursively_in_a_stable_order(library: Path, add_file: AddFile) -> None:
    add_file("points/b.yml", "points: []\n")
    add_file("points/a.yaml", "points: []\n")
    add_file("notes.txt", "not yaml")
    names = [p.relative_to(library).as_posix() for p in library_files(library)]
    assert names == [
        "audiences.yaml",
        "content.yaml",
        "points/a.yaml",
        "points/b.yml",
        "sources.yaml",
        "topics.yaml",
    ]


def test_wrong_types_name_file_line_column_path_and_expectation(library: Path, add_file: AddFile) -> None:
    label = add_file(
        "points/x.yaml",
        """
        points:
          - id: typed
            claim: A claim.
            text: Text [@cbc-2021].
            topics: detention
            audiences: {mp: abc}
            reviewed: last week
            phrasings: {a: b}
        """,
    )
    assert problems_in(library) == [
        f"{label}:5:13: points[0].topics: expected a list of text, got 'detention'",
        f"{label}:6:21: points[0].audiences.mp: expected a whole number, got 'abc'",
        f"{label}:7:15: points[0].reviewed: expected a date (YYYY-MM-DD), got 'last week'",
        f"{label}:8:16: points[0].phrasings: expected a list of text, got a mapping",
    ]


def test_register_must_be_one_of_the_three(library: Path, add_file: AddFile) -> None:
    label = add_file(
        "more-audiences.yaml",
        """
        audiences:
          - id: press
            label: Journalist
            register: casual
            documents: {}
        """,
    )
    assert problems_in(library) == [
        f"{label}:4:15: audiences[0].register: expected one of: formal, professional, personal; got 'casual'"
    ]


def test_unknown_key_is_located_and_lists_the_expected_keys(library: Path, add_file: AddFile) -> None:
    label = add_file(
        "points/x.yaml",
        """
        points:
          - id: p
            claim: c
            text: t [@cbc-2021]
            topics: [detention]
            sources: [cbc-2021]
        """,
    )
    assert problems_in(library) == [
        f"{label}:6:5: points[0].sources: unknown key 'sources'; "
        "expected one of: id, claim, text, topics, audiences, quote, reviewed, phrasings, until, "
        "superseded_by"
    ]


def test_unknown_top_level_key_lists_the_kinds(library: Path, add_file: AddFile) -> None:
    label = add_file("x.yaml", "topics: []\npoint:\n  - id: p\n")
    assert problems_in(library) == [
        f"{label}:2:1: point: unknown key 'point' (did you mean 'points'?); expected one of: "
        "references, topics, points, arguments, responses, asks, audiences, offices, campaign"
    ]


def test_root_must_be_a_mapping(library: Path, add_file: AddFile) -> None:
    label = add_file("x.yaml", "- id: p\n")
    assert problems_in(library) == [
        f"{label}:1:1: expected a mapping with any of the keys "
        "references, topics, points, arguments, responses, asks, audiences, offices, campaign, got a list"
    ]


def test_missing_required_fields_are_each_named(library: Path, add_file: AddFile) -> None:
    label = add_file(
        "points/x.yaml",
        """
        points:
          - id: p
            text: t [@cbc-2021]
        """,
    )
    assert problems_in(library) == [
        f"{label}:2:5: points[0].claim: missing required key 'claim'",
        f"{label}:2:5: points[0].topics: missing required key 'topics'",
    ]


def test_duplicate_key_cites_both_lines(library: Path, add_file: AddFile) -> None:
    label = add_file(
        "points/x.yaml",
        """
        points:
          - id: p
            claim: first
            text: t [@cbc-2021]
            topics: [detention]
            claim: second
        """,
    )
    assert problems_in(library) == [
        f"{label}:6:5: points[0].claim: duplicate key 'claim' (first defined at line 3)"
    ]


def test_duplicate_top_level_key_cites_both_lines(library: Path, add_file: AddFile) -> None:
    label = add_file("x.yaml", "points: []\ntopics: []\npoints: []\n")
    [problem] = problems_in(library)
    assert problem.startswith(f"{label}:3:1: points: duplicate key 'points'")
    assert "first defined at line 1" in problem


def test_non_text_top_level_key_is_named_plainly(library: Path, add_file: AddFile) -> None:
    label = add_file("x.yaml", "[points]: []\n")
    [problem] = problems_in(library)
    assert problem.startswith(f"{label}:1:1: ")
    assert "expected a text key, got a list" in problem
    assert "ScalarNode" not in problem


def test_id_defined_twice_across_files_names_the_first_place(library: Path, add_file: AddFile) -> None:
    label = add_file(
        "points/again.yaml",
        """
        # the same id as a point in content.yaml
        points:
          - id: coalition
            claim: Another claim.
            text: t [@cbc-2021]
            topics: [recognition]
        """,
    )
    assert problems_in(library) == [
        f"{label}:3:5: points.coalition: id 'coalition' is defined twice (first at library/content.yaml:11:5)"
    ]
    # The first definition is kept.
    assert load_library(library).library.points["coalition"].claim.startswith("More than forty")


def test_points_arguments_responses_and_asks_share_one_namespace(library: Path, add_file: AddFile) -> None:
    label = add_file(
        "z-asks.yaml",
        """
        asks:
          - id: cotton
            audiences: [company]
            ask: Trace your cotton.
            topics: [forced-labour]
        """,
    )
    assert problems_in(library) == [
        f"{label}:2:5: asks.cotton: id 'cotton' is defined twice (first at library/content.yaml:17:5)"
    ]


def test_topics_and_sources_have_their_own_namespaces(library: Path, add_file: AddFile) -> None:
    add_file("t.yaml", "topics:\n  - id: cotton\n    title: Cotton\n")
    assert problems_in(library) == []


def test_values_stay_as_written(library: Path, add_file: AddFile) -> None:
    add_file(
        "points/x.yaml",
        """
        references:
          - id: vote
            type: document
            title: 1.10
            number: 01234
            volume: NO
            issue: 0x1F
        points:
          - id: norway
            claim: NO
            text: 1.10 [@vote]
            topics: [recognition]
            phrasings: [yes, 01234, ~]
        """,
    )
    loaded = load_library(library)
    assert loaded.problems == []
    source = loaded.library.sources["vote"]
    assert (source.title, source.number, source.volume, source.issue) == ("1.10", "01234", "NO", "0x1F")
    point = loaded.library.points["norway"]
    assert (point.claim, point.text, point.phrasings) == ("NO", "1.10 [@vote]", ("yes", "01234", "~"))


def test_control_character_in_a_quoted_value_names_the_field(library: Path, add_file: AddFile) -> None:
    label = add_file(
        "points/x.yaml",
        """
        points:
          - id: p
            claim: "bad\\x0bclaim"
            text: t [@cbc-2021]
            topics: [detention]
        """,
    )
    assert problems_in(library) == [
        f"{label}:3:12: points[0].claim: expected text without control characters, got U+000B at offset 3"
    ]


def test_python_tag_in_a_library_file_is_refused_and_not_run(
    library: Path, add_file: AddFile, tmp_path: Path
) -> None:
    marker = tmp_path / "PWNED"
    label = add_file("points/x.yaml", f"points:\n  - !!python/object/apply:os.system ['touch {marker}']\n")
    assert problems_in(library) == [
        f"{label}:2:5: YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed"
    ]
    assert not marker.exists()


def test_alias_bomb_in_a_library_file_is_refused(library: Path, add_file: AddFile) -> None:
    levels = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    levels += [f"{chr(97 + i)}: &{chr(97 + i)} [{', '.join([f'*{chr(96 + i)}'] * 9)}]" for i in range(1, 12)]
    label = add_file("bomb.yaml", "\n".join(levels) + "\n")
    problems = load_library(library).problems
    assert problems
    anchors = [chr(97 + i) for i in range(11)]
    assert [p.message for p in problems] == [
        f"YAML alias *{a} is not allowed; write the value out" for a in anchors
    ]
    assert {p.location.file for p in problems} == {label}


def test_a_broken_file_does_not_hide_the_others(library: Path, add_file: AddFile) -> None:
    broken = add_file("a-broken.yaml", "points: [\n")
    typed = add_file("z-typed.yaml", "topics:\n  - id: t\n    title: [x]\n")
    problems = problems_in(library)
    assert len(problems) == 2
    assert problems[0].startswith(f"{broken}:1:9: YAML syntax error")
    assert problems[1] == f"{typed}:3:12: topics[0].title: expected text, got a list"
    assert len(load_library(library).library.points) == 3


def test_empty_file_is_fine(library: Path, add_file: AddFile) -> None:
    add_file("empty.yaml", "")
    assert problems_in(library) == []


def test_missing_library_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert problems_in(Path("nowhere")) == ["nowhere: expected a library folder, got nothing there"]


@pytest.mark.parametrize(
    ("written", "kept"),
    [
        ("2021", "2021"),
        ("2021-06", "2021-06"),
        ("2021-06-18", "2021-06-18"),
        ("{date-parts: [[2021, 6, 8]]}", "2021-06-08"),
    ],
)
def test_csl_dates(library: Path, add_file: AddFile, written: str, kept: str) -> None:
    add_file("s.yaml", f"references:\n  - id: s\n    type: report\n    title: T\n    issued: {written}\n")
    loaded = load_library(library)
    issued = loaded.library.sources["s"].issued
    assert isinstance(issued, CslDate)
    assert issued == kept
    assert loaded.library.sources["s"].csl()["issued"] == {"date-parts": [[int(n) for n in kept.split("-")]]}


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("2021-13", "expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got '2021-13'"),
        ("2021-02-30", "expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got '2021-02-30'"),
        ("[2021]", "expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got a list"),
        ("{date-parts: [[2021, 2, 30]]}", "expected {date-parts: [[YYYY, M, D]]} or a date as YYYY-MM-DD"),
        ("{date-parts: 2021}", "expected {date-parts: [[YYYY, M, D]]} or a date as YYYY-MM-DD"),
        ("{[a]: 1}", "expected {date-parts: [[YYYY, M, D]]} or a date as YYYY-MM-DD"),
    ],
)
def test_bad_csl_dates(library: Path, add_file: AddFile, written: str, message: str) -> None:
    label = add_file(
        "s.yaml", f"references:\n  - id: s\n    type: report\n    title: T\n    issued: {written}\n"
    )
    assert problems_in(library) == [f"{label}:5:13: references[0].issued: {message}"]


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("9999-12-31", "9999-12-31"),
        ("3000", "3000"),
        ("0999-12", "0999-12"),
        ("{date-parts: [[1, 1, 1]]}", "0001-01-01"),
    ],
)
def test_csl_dates_outside_the_supported_range_are_refused(
    library: Path, add_file: AddFile, written: str, shown: str
) -> None:
    label = add_file(
        "s.yaml", f"references:\n  - id: s\n    type: report\n    title: T\n    issued: {written}\n"
    )
    assert problems_in(library) == [
        f"{label}:5:13: references[0].issued: expected a date from 1000-01-01 to 2999-12-31, got {shown}"
    ]


def test_a_fifo_named_yaml_in_the_library_is_refused_not_passed_over(library: Path) -> None:
    os.mkfifo(library / "pipe.yaml")
    assert problems_in(library) == ["library/pipe.yaml: expected a regular file, got a FIFO (named pipe)"]


def test_a_library_file_over_the_size_limit_is_one_problem_and_is_not_read(library: Path) -> None:
    with (library / "huge.yaml").open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: reading it would take 20 MB of zeros
    assert problems_in(library) == [
        "library/huge.yaml: file too large: expected at most 20,971,520 bytes, got 20,971,521"
    ]
