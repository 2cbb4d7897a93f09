"""schema.Reader: typed dataclasses from located nodes, every problem with its place and path."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

import pytest

from advocate.errors import Location
from advocate.schema import INVALID, Reader, hyphenated_keys

from .helpers import node, read


@dataclass(frozen=True)
class Inner:
    name: str
    count: int = 0


@dataclass(frozen=True)
class Thing:
    id: str
    tone: Literal["formal", "professional", "personal"]
    at: Location = field(default=Location(""), compare=False)
    note: str | None = None
    tags: tuple[str, ...] = ()
    scores: dict[str, int] = field(default_factory=dict)
    inner: Inner | None = None
    when: dt.date | None = None
    flag: bool = False
    url: str | None = field(default=None, metadata={"key": "URL"})


@hyphenated_keys
@dataclass(frozen=True)
class Hyphenated:
    container_title: str
    title_short: str | None = None


def test_literal_accepts_a_choice() -> None:
    assert read("formal", Literal["formal", "professional", "personal"]) == ("formal", [])


def test_literal_refuses_anything_else_listing_the_choices() -> None:
    value, problems = read("\n  casual", Literal["formal", "professional", "personal"], "register")
    assert value is INVALID
    assert problems == ["f.yaml:2:3: register: expected one of: formal, professional, personal; got 'casual'"]


def test_optional_reads_null_as_none_and_other_values_as_the_type() -> None:
    assert read("~", str | None) == (None, [])
    assert read("null", int | None) == (None, [])
    assert read("7", int | None) == (7, [])


def test_optional_text_keeps_a_quoted_null_as_text() -> None:
    assert read('"null"', str | None) == ("null", [])
    assert read('""', str | None) == ("", [])


def test_union_tries_each_option_and_reports_once() -> None:
    assert read("abc", int | str) == ("abc", [])
    value, problems = read("abc", int | bool)
    assert value is INVALID
    assert problems == ["f.yaml:1:1: x: expected a whole number or true or false, got 'abc'"]


def test_tuple_reads_a_list_and_paths_name_the_index() -> None:
    assert read("[a, b]", tuple[str, ...]) == (("a", "b"), [])
    value, problems = read("[1, x, 3]", tuple[int, ...], "counts")
    assert value is INVALID
    assert problems == ["f.yaml:1:5: counts[1]: expected a whole number, got 'x'"]


def test_tuple_refuses_a_single_value() -> None:
    value, problems = read("t1", tuple[str, ...], "topics")
    assert value is INVALID
    assert problems == ["f.yaml:1:1: topics: expected a list of text, got 't1'"]


def test_dict_reads_names_to_values() -> None:
    assert read("{mp: 1, company: 3}", dict[str, int]) == ({"mp": 1, "company": 3}, [])


def test_dict_refuses_a_list_and_reports_bad_values_by_key() -> None:
    value, problems = read("[mp]", dict[str, int], "audiences")
    assert value is INVALID
    assert problems == ["f.yaml:1:1: audiences: expected a mapping of names to a whole number, got a list"]
    value, problems = read("{mp: abc, company: 2}", dict[str, int], "audiences")
    assert value is INVALID
    assert problems == ["f.yaml:1:6: audiences.mp: expected a whole number, got 'abc'"]


def test_dict_duplicate_key_cites_the_first_line() -> None:
    value, problems = read("mp: 1\ncompany: 2\nmp: 3\n", dict[str, int], "audiences")
    assert value is INVALID
    assert problems == ["f.yaml:3:1: audiences.mp: duplicate key 'mp' (first defined at line 1)"]


def test_dict_refuses_a_key_that_is_not_text() -> None:
    value, problems = read("{[mp]: 1}", dict[str, int], "audiences")
    assert value is INVALID
    assert len(problems) == 1
    assert problems[0].startswith("f.yaml:1:2: audiences")
    assert "expected a text key, got a list" in problems[0]
    assert "ScalarNode" not in problems[0]


def test_dataclass_with_at_gets_the_mapping_location() -> None:
    text = "\n".join(
        [
            "# a comment",
            "thing:",
            "  id: t",
            "  tone: personal",
            "  note: NO",
            "  tags: [a, '01234']",
            "  scores: {mp: 2}",
            "  inner: {name: n, count: 4}",
            "  when: 2024-02-29",
            "  flag: true",
            "  URL: https://example.org",
        ]
    )
    reader = Reader("f.yaml")
    value = reader.read(node(text).value[0][1], Thing, "thing")
    assert reader.problems == []
    assert value == Thing(
        id="t",
        tone="personal",
        note="NO",
        tags=("a", "01234"),
        scores={"mp": 2},
        inner=Inner("n", 4),
        when=dt.date(2024, 2, 29),
        flag=True,
        url="https://example.org",
    )
    assert value.at == Location("f.yaml", 3, 3)


def test_dataclass_collects_every_problem_at_once() -> None:
    text = "\n".join(
        [
            "tone: casual",  # 1: bad literal
            "colour: red",  # 2: unknown key
            "tone: formal",  # 3: duplicate key
            "inner: {count: x}",  # 4: inner missing name, bad count
            "when: 2023-02-29",  # 5: not a date
            "flag: yes",  # 6: not true/false
            "id: [a]",  # 7: not text
        ]
    )
    value, problems = read(text, Thing, "things[2]")
    assert value is INVALID
    assert problems == [
        "f.yaml:1:7: things[2].tone: expected one of: formal, professional, personal; got 'casual'",
        "f.yaml:2:1: things[2].colour: unknown key 'colour'; expected one of: "
        "id, tone, note, tags, scores, inner, when, flag, URL",
        "f.yaml:3:1: things[2].tone: duplicate key 'tone' (first defined at line 1)",
        "f.yaml:4:16: things[2].inner.count: expected a whole number, got 'x'",
        "f.yaml:4:8: things[2].inner.name: missing required key 'name'",
        "f.yaml:5:7: things[2].when: expected a date (YYYY-MM-DD), got '2023-02-29'",
        "f.yaml:6:7: things[2].flag: expected true or false, got 'yes'",
        "f.yaml:7:5: things[2].id: expected text, got a list",
    ]


def test_missing_required_keys_are_reported_at_the_mapping() -> None:
    value, problems = read("\n  note: x\n", Thing, "things[0]")
    assert value is INVALID
    assert problems == [
        "f.yaml:2:3: things[0].id: missing required key 'id'",
        "f.yaml:2:3: things[0].tone: missing required key 'tone'",
    ]


def test_dataclass_refuses_a_scalar_naming_its_keys() -> None:
    value, problems = read("just text", Inner, "inner")
    assert value is INVALID
    assert problems == ["f.yaml:1:1: inner: expected a mapping of keys name, count, got 'just text'"]


def test_hyphenated_and_metadata_keys() -> None:
    assert read("{container-title: CBC News, title-short: CBC}", Hyphenated) == (
        Hyphenated("CBC News", "CBC"),
        [],
    )
    value, problems = read("{container_title: CBC News}", Hyphenated)
    assert value is INVALID
    assert problems[0] == (
        "f.yaml:1:2: x.container_title: unknown key 'container_title' (did you mean 'container-title'?); "
        "expected one of: container-title, title-short"
    )
    assert read("{id: t, tone: formal, URL: u}", Thing)[0].url == "u"


def test_a_type_without_reader_is_a_programming_error() -> None:
    with pytest.raises(TypeError, match="has no reader"):
        Reader("f.yaml").read(node("1"), float, "x")
