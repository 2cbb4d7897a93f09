"""The bounded composer: lists, mappings, values and nesting counted while composing (issue 14, part 5)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from advocate.yamlfile import bounded, read_yaml

from .helpers import messages, write


def test_deep_nesting_is_a_syntax_error_not_a_crash(tmp_path: Path) -> None:
    _, problems = read_yaml(write(tmp_path, "points: " + "[" * 5000 + "]" * 5000 + "\n"), "f.yaml")
    assert len(problems) == 1
    assert problems[0].location.line == 1
    assert "nesting depth" in problems[0].message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "title: t\ntopics:\n  - a\n  - b\n  - c\n  - d\n",
            "3:3: topics: expected a list of at most 3 items",
        ),
        ("columns: {a: 1, b: 2, c: 3, d: 4}\n", "1:10: columns: expected a mapping of at most 3 keys"),
    ],
)
def test_a_list_or_mapping_past_max_items_is_refused_where_it_starts_before_the_rest_is_composed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, expected: str
) -> None:
    monkeypatch.setattr(bounded, "MAX_ITEMS", 3)
    assert messages(read_yaml(write(tmp_path, "topics: [a, b, c]\nc: {a: 1, b: 2, c: 3}\n"))[1]) == []
    _, problems = read_yaml(write(tmp_path, text), "f.yaml")
    assert messages(problems) == [f"f.yaml:{expected}, got more"]


def test_a_file_past_max_nodes_is_refused_where_it_goes_past(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bounded, "MAX_NODES", 6)
    text = "a: [1, 2]\nb: [3, 4]\n"  # the root, a, its list and items, b: 6; b's list is the 7th
    _, problems = read_yaml(write(tmp_path, text), "f.yaml")
    assert messages(problems) == [
        "f.yaml:2:4: b: expected a file of at most 6 values (keys, texts, lists and mappings), got "
        "more: split it into smaller files"
    ]


def test_nesting_past_max_depth_is_refused_without_recursing_further(tmp_path: Path) -> None:
    text = "a: " + "[" * 70 + "]" * 70 + "\n"
    _, problems = read_yaml(write(tmp_path, text), "f.yaml")
    assert len(problems) == 1
    assert str(problems[0]).startswith("f.yaml:1:67: a")
    assert problems[0].message == "expected lists and mappings nested at most 64 deep, got deeper"


def test_a_brief_of_18_mb_with_a_9_million_item_list_fails_fast_with_one_problem(tmp_path: Path) -> None:
    path = write(tmp_path, "kind: letter\ntopics: [" + "a," * 9_000_000 + "a]\n")
    assert path.stat().st_size > 18_000_000
    started = time.monotonic()
    _, problems = read_yaml(path, "big.yaml")
    assert messages(problems) == ["big.yaml:2:9: topics: expected a list of at most 100,000 items, got more"]
    assert time.monotonic() - started < 15  # it took 180 s (and 5.2 GB) when the list was composed whole


def test_merge_and_value_keys_are_still_refused_as_tags(tmp_path: Path) -> None:
    _, problems = read_yaml(write(tmp_path, "a: {x: 1}\nb:\n  <<: {x: 1}\nc: =\n"), "f.yaml")
    assert sorted(messages(problems)) == [
        "f.yaml:3:3: YAML tag 'tag:yaml.org,2002:merge' is not allowed",
        "f.yaml:4:4: YAML tag 'tag:yaml.org,2002:value' is not allowed",
    ]
