"""The dataclass walker: a located YAML node read into a typed dataclass, every problem collected.

In: a node from ``yamlfile.read_yaml`` and a dataclass type (or any schema type: unions, literals,
tuples, dicts, registered scalars). Out: an instance of that type, or ``INVALID``, and on the
``Reader`` the list of every problem met on the way (unknown keys with a did-you-mean, missing
fields, wrong types, duplicate keys), each with ``file:line:col``, the key path and "expected X, got
Y".
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Literal, TypeVar, Union, get_args, get_origin

import yaml

from advocate.errors import Location, Problem, did_you_mean
from advocate.schema.naming import describe, is_null, kind_of, yaml_key
from advocate.schema.scalars import INVALID, READERS, Invalid, control_character_problem
from advocate.yamlfile import node_location

T = TypeVar("T")


class Reader:
    """Converts nodes of one file, collecting problems instead of stopping at the first."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.failed = False
        """Set when an entry of the mapping being read was refused."""

    def error(self, node: yaml.Node, path: str, message: str) -> None:
        self.problems.append(Problem(node_location(self.file, node), message, path))

    def warn(self, node: yaml.Node, path: str, message: str) -> None:
        self.problems.append(Problem(node_location(self.file, node), message, path, "warning"))

    def read(self, node: yaml.Node, hint: Any, path: str) -> Any:
        """The value of ``node`` as type ``hint``; ``INVALID`` (and a problem) when it is not one."""
        origin = get_origin(hint)
        if origin in (Union, types.UnionType):
            return self._read_union(node, hint, path)
        if origin is Literal:
            return self._read_literal(node, get_args(hint), path)
        if origin in (list, tuple):
            return self._read_list(node, get_args(hint)[0], path)
        if origin is dict:
            return self._read_dict(node, get_args(hint)[1], path)
        if dataclasses.is_dataclass(hint):
            return self.read_dataclass(node, typing.cast(type[Any], hint), path)
        reader = _SCALAR_READERS.get(hint)
        if reader is None:
            raise TypeError(f"schema type {hint!r} has no reader")
        return reader(self, node, path)

    def entries(self, node: yaml.MappingNode, path: str) -> Iterator[tuple[str, yaml.Node, yaml.Node]]:
        """The mapping's (key, key node, value node) with text keys, each once; every other entry
        becomes a problem (a key that is not text, a key met twice) and sets ``self.failed``."""
        first_lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.error(key_node, path, f"expected a text key, got {kind_of(key_node)}")
                self.failed = True
                continue
            key = str(key_node.value)
            if key in first_lines:
                line = first_lines[key]
                self.error(
                    key_node, _join(path, key), f"duplicate key {key!r} (first defined at line {line})"
                )
                self.failed = True
                continue
            first_lines[key] = key_node.start_mark.line + 1
            yield key, key_node, value_node

    def read_dataclass(self, node: yaml.Node, cls: type[T], path: str) -> T | Invalid:
        """A ``cls`` read from a mapping node, checking keys, duplicates and required fields."""
        if not isinstance(node, yaml.MappingNode):
            self.error(node, path, f"expected a mapping of {describe_fields(cls)}, got {kind_of(node)}")
            return INVALID
        specs = dataclasses.fields(cls)  # type: ignore[arg-type]
        fields = {
            yaml_key(cls, f): f for f in specs if f.name not in _SET_BY_READER and _REST not in f.metadata
        }
        rest = next((f for f in specs if _REST in f.metadata), None)
        others: dict[str, Any] = {}
        hints = _type_hints(typing.cast(type, cls))
        values: dict[str, Any] = {}
        was_failed, self.failed = self.failed, False
        seen: dict[str, Location] = {}
        for key, key_node, value_node in self.entries(node, path):
            seen[key] = node_location(self.file, key_node)
            spec = fields.get(key)
            if spec is None and rest is not None:
                # CSL variables are case-insensitive, as pandoc reads them: ``url`` is ``URL``.
                key = _same_letters(key, [*fields, *rest.metadata[_REST]]) or key
                if key in seen and key != key_node.value:
                    self.error(
                        key_node, _join(path, key), f"duplicate key {key!r} (also written {key_node.value!r})"
                    )
                    self.failed = True
                    continue
                seen[key] = node_location(self.file, key_node)
                spec = fields.get(key)
            if spec is None and rest is not None:
                known = rest.metadata[_REST]
                if key not in known:
                    hint = did_you_mean(key, sorted({*fields, *known}))
                    self.warn(
                        key_node,
                        _join(path, key),
                        f"unknown key {key!r} is not a CSL variable: ignored{hint}",
                    )
                    continue
                self._read_other(key, value_node, others, _join(path, key))
                continue
            if spec is None:
                expected = ", ".join(fields)
                hint = did_you_mean(key, fields)
                self.error(
                    key_node, _join(path, key), f"unknown key {key!r}{hint}; expected one of: {expected}"
                )
                self.failed = True
                continue
            value = self.read(value_node, hints[spec.name], _join(path, key))
            if value is INVALID:
                self.failed = True
            else:
                values[spec.name] = value
        for key, spec in fields.items():
            if key not in seen and _required(spec):
                self.error(node, _join(path, key), f"missing required key {key!r}")
                self.failed = True
        failed, self.failed = self.failed, was_failed or self.failed
        if failed:
            return INVALID
        names = {f.name for f in specs}
        if "at" in names:
            values["at"] = node_location(self.file, node)
        if "where" in names:
            values["where"] = seen
        if rest is not None:
            values[rest.name] = others
        return cls(**values)

    def _read_other(self, key: str, node: yaml.Node, into: dict[str, Any], path: str) -> None:
        """The value of a key outside the class's fields that its ``rest`` field accepts, as plain
        data (a CSL variable the model does not name: ``ISSN``, ``source``...)."""
        value = plain(node)
        problem = next(
            (control_character_problem(t) for t in _texts(value) if control_character_problem(t)), None
        )
        if problem:
            self.error(node, path, problem)
            self.failed = True
        elif value not in (None, "", [], {}):
            into[key] = value

    def _read_union(self, node: yaml.Node, hint: Any, path: str) -> Any:
        options = [a for a in get_args(hint) if a is not type(None)]
        if len(options) < len(get_args(hint)) and is_null(node):
            return None
        if len(options) == 1:
            return self.read(node, options[0], path)
        for option in options:
            trial = Reader(self.file)
            value = trial.read(node, option, path)
            if value is not INVALID:
                return value
        self.error(node, path, f"expected {' or '.join(describe(o) for o in options)}, got {kind_of(node)}")
        return INVALID

    def _read_literal(self, node: yaml.Node, choices: tuple[Any, ...], path: str) -> Any:
        if isinstance(node, yaml.ScalarNode) and node.value in choices:
            return node.value
        expected = ", ".join(str(c) for c in choices)
        hint = ""
        if isinstance(node, yaml.ScalarNode):
            hint = did_you_mean(str(node.value), [str(c) for c in choices])
        self.error(node, path, f"expected one of: {expected}; got {kind_of(node)}{hint}")
        return INVALID

    def _read_list(self, node: yaml.Node, item: Any, path: str) -> Any:
        if not isinstance(node, yaml.SequenceNode):
            self.error(node, path, f"expected a list of {describe(item)}, got {kind_of(node)}")
            return INVALID
        values = [self.read(child, item, f"{path}[{i}]") for i, child in enumerate(node.value)]
        return INVALID if any(v is INVALID for v in values) else tuple(values)

    def _read_dict(self, node: yaml.Node, item: Any, path: str) -> Any:
        if not isinstance(node, yaml.MappingNode):
            self.error(node, path, f"expected a mapping of names to {describe(item)}, got {kind_of(node)}")
            return INVALID
        was_failed, self.failed = self.failed, False
        values = {key: self.read(value, item, _join(path, key)) for key, _, value in self.entries(node, path)}
        failed = self.failed or any(v is INVALID for v in values.values())
        self.failed = was_failed or failed
        return INVALID if failed else values


@functools.cache
def _type_hints(cls: type) -> dict[str, Any]:
    """A dataclass's resolved field types, once per class (resolving them was most of the time
    spent loading a library of thousands of points)."""
    return typing.get_type_hints(cls)


_SET_BY_READER = frozenset({"at", "where"})

_REST = "rest"
"""A field whose metadata has ``rest`` (a set of keys) receives, as plain data, the entries whose keys
are in that set but are not fields; other unknown keys are then warnings, not errors."""


def plain(node: yaml.Node) -> Any:
    """A node as plain data: text (nulls as None), lists and mappings with text keys."""
    if isinstance(node, yaml.MappingNode):
        return {str(k.value): plain(v) for k, v in node.value if isinstance(k, yaml.ScalarNode)}
    if isinstance(node, yaml.SequenceNode):
        return [plain(child) for child in node.value]
    return None if is_null(node) else str(node.value)


def _same_letters(key: str, known: Iterable[str]) -> str | None:
    """The one of ``known`` spelt as ``key`` but for case, if any."""
    return next((k for k in known if k.casefold() == key.casefold()), None)


def _texts(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts(item)


_SCALAR_READERS: dict[Any, Callable[[Reader, yaml.Node, str], Any]] = {**READERS}
"""The reader of each scalar type: the built-in ones (a copy, so ``register_scalar`` changes only
this one), then those registered."""


def register_scalar(hint: Any, reader: Callable[[Reader, yaml.Node, str], Any]) -> None:
    """Teach the schema a new scalar type (e.g. a CSL date)."""
    _SCALAR_READERS[hint] = reader


def describe_fields(cls: type) -> str:
    """The keys a dataclass accepts, for messages."""
    keys = [yaml_key(cls, f) for f in dataclasses.fields(cls) if f.name not in _SET_BY_READER]
    return "keys " + ", ".join(keys[:6]) + (", ..." if len(keys) > 6 else "")


def _required(field: dataclasses.Field[Any]) -> bool:
    return field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key
