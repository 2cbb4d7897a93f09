"""What the schema tests share: a node composed from text, a value read with its problems."""

from __future__ import annotations

from typing import Any

import yaml

from advocate.schema import Reader


def node(text: str) -> yaml.Node:
    composed = yaml.compose(text, Loader=yaml.SafeLoader)
    assert composed is not None
    return composed


def read(text: str, hint: Any, path: str = "x") -> tuple[Any, list[str]]:
    reader = Reader("f.yaml")
    value = reader.read(node(text), hint, path)
    return value, [str(p) for p in reader.problems]
