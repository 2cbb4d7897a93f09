"""Where things are in the text: a node's line and column, the key path at an offset."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from advocate.yamlfile import node_location, path_at, read_yaml

from .helpers import write


def test_nodes_carry_one_based_line_and_column(tmp_path: Path) -> None:
    node, problems = read_yaml(write(tmp_path, "points:\n  - id: a\n    claim: b\n"), "lib/f.yaml")
    assert problems == []
    assert isinstance(node, yaml.MappingNode)
    item = node.value[0][1].value[0]
    claim_key, claim_value = item.value[1]
    assert str(node_location("lib/f.yaml", item)) == "lib/f.yaml:2:5"
    assert str(node_location("lib/f.yaml", claim_key)) == "lib/f.yaml:3:5"
    assert str(node_location("lib/f.yaml", claim_value)) == "lib/f.yaml:3:12"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: 1\nb:\n  - c: x", "b[0].c"),
        ("- [1, {k: [2, x]}]", "[0][1].k[1]"),
        ("top: {a: {b: x}}", "top.a.b"),
        ("x", ""),
    ],
)
def test_path_at_names_the_node_at_an_offset(text: str, expected: str) -> None:
    assert path_at(text, text.rindex("x")) == expected
