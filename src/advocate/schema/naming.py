"""How schema types, dataclass fields and YAML nodes are named: in messages and as YAML keys.

In: a schema type, a dataclass field or a node. Out: its name in an "expected X, got Y" message
(``describe``, ``kind_of``), or the YAML key a field is read from (``yaml_key``, ``hyphenated_keys``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
from typing import Any, Literal, TypeVar, Union, get_args, get_origin

import yaml

T = TypeVar("T")

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})


def describe(hint: Any) -> str:
    """A short human name for a schema type, for "expected ..." messages."""
    origin = get_origin(hint)
    if origin in (list, tuple):
        return f"a list of {describe(get_args(hint)[0])}"
    if origin is dict:
        return "a mapping"
    if origin is Literal:
        return "one of " + ", ".join(str(c) for c in get_args(hint))
    if origin in (Union, types.UnionType):
        return " or ".join(describe(a) for a in get_args(hint) if a is not type(None))
    if dataclasses.is_dataclass(hint):
        return "a mapping"
    return {str: "text", int: "a whole number", bool: "true or false", dt.date: "a date (YYYY-MM-DD)"}.get(
        hint, getattr(hint, "__name__", str(hint))
    )


def yaml_key(cls: type, field: dataclasses.Field[Any]) -> str:
    """The YAML key of a dataclass field: ``metadata["key"]``, else the name, with hyphens for
    underscores in classes marked ``hyphenated_keys`` (CSL's own spelling)."""
    if "key" in field.metadata:
        return str(field.metadata["key"])
    return field.name.replace("_", "-") if getattr(cls, "__hyphenated_keys__", False) else field.name


def hyphenated_keys(cls: type[T]) -> type[T]:
    """Class decorator: YAML keys spell ``container_title`` as ``container-title`` (CSL style)."""
    cls.__hyphenated_keys__ = True  # type: ignore[attr-defined]
    return cls


def is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.value in _NULLS and node.style is None


def kind_of(node: yaml.Node) -> str:
    """How a node reads in a message: ``a mapping``, ``a list``, ``nothing (null)`` or its value."""
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if is_null(node):
        return "nothing (null)"
    return repr(node.value)
