"""Read YAML safely into located nodes (the first half of the load stage).

In: a file path. Out: the root ``yaml.Node`` of the file, every node carrying its line and column,
or the problems that stop the file from being read.

Only nodes are composed, never values, and only YAML's core tags are accepted, with no aliases
(``read`` says why); ``advocate.schema`` then reads the nodes as typed values.

The modules, in the order the data flows:

* ``read``: ``read_yaml``: the file read within its size, decoded, composed, its tags and aliases
  checked;
* ``bounded``: ``compose``, PyYAML's composer counting as it goes, and the limits it stops at;
* ``syntax``: a parser's complaint in plain words, with what to do about it;
* ``marks``: where things are in the text: a node's line and column, the key path at an offset;
* ``locate``: ``ValueLocator``, which finds, for a problem inside a text value (a malformed
  citation), the line and column of the very character in the file.

The package hands on the names its callers use, so they import from ``advocate.yamlfile``. A limit
is read where it is defined, in ``bounded``: a test that lowers one patches it there.
"""

from advocate.yamlfile.bounded import MAX_DEPTH, MAX_FILE_BYTES, MAX_ITEMS, MAX_NODES, TooBig, compose
from advocate.yamlfile.locate import ValueLocator, scalar_index
from advocate.yamlfile.marks import node_location, path_at
from advocate.yamlfile.read import CORE_TAGS, read_yaml

__all__ = [
    "CORE_TAGS",
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "MAX_ITEMS",
    "MAX_NODES",
    "TooBig",
    "ValueLocator",
    "compose",
    "node_location",
    "path_at",
    "read_yaml",
    "scalar_index",
]
