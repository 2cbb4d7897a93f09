"""Turn located YAML nodes into typed dataclasses (the second half of the load stage).

In: a node from ``yamlfile.read_yaml`` and a dataclass type. Out: an instance of that type, and the
list of every problem met on the way (unknown keys, missing fields, wrong types, duplicate keys),
each with ``file:line:col``, the key path and "expected X, got Y".

The dataclasses are the schema: field types say what is accepted, field docstrings say what it
means. A field whose YAML key differs from its Python name names the key in
``field(metadata={"key": ...})``; classes marked ``@hyphenated_keys`` (the CSL ones) spell
``container_title`` as ``container-title``; elsewhere the key is the field name.
A field called ``at`` receives the node's location and one called ``where`` the location of each key
read (so later checks can point at the very line); neither is read from YAML.

The modules, in the order the data flows:

* ``reader``: ``Reader``, the walker: dataclasses, unions, literals, lists and mappings, unknown keys
  with a did-you-mean, and the registry of scalar readers (``register_scalar``);
* ``scalars``: the readers of one value (text, whole numbers, true or false, dates), ``INVALID``,
  and the checks on text and dates that other inputs share;
* ``naming``: how types and nodes are named in messages, and which YAML key a field is read from.

The package hands on the names its callers use, so they import from ``advocate.schema``.
"""

from advocate.schema.naming import describe, hyphenated_keys, kind_of, yaml_key
from advocate.schema.reader import Reader, plain, register_scalar
from advocate.schema.scalars import DATES, INVALID, control_character_problem, date_range_problem, is_invalid

__all__ = [
    "DATES",
    "INVALID",
    "Reader",
    "control_character_problem",
    "date_range_problem",
    "describe",
    "hyphenated_keys",
    "is_invalid",
    "kind_of",
    "plain",
    "register_scalar",
    "yaml_key",
]
