"""ValueLocator: the very character inside a value."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from advocate.errors import Location
from advocate.yamlfile import ValueLocator

from .helpers import write

SCALAR_STYLES = {
    "plain": "k: Held in “camps” [@a] and\n  more lines\n\n  after a blank one\n",
    "single-quoted": "k: 'It''s held\n  over ''lines'' [@a]\n\n  there'\n",
    "double-quoted": 'k: "Caf\\u00e9 \\"held\\" \\x40a \\\n  joined\\tand\n  folded \\\\ [@a]"\n',
    "folded": "k: >- # a comment: [@x]\n  Held in\n  camps\n\n    more indented\n  [@a] end\n",
    "literal": "k: |2+\n    Held in\n   camps [@a]\n\n",
    "flow": "k: [one, 'two [@a]', \"three\"]\n",
    "crlf and a bom": "\ufeffk: >-\r\n  Held “in”\r\n  camps [@a]\r\n",
}


@pytest.mark.parametrize("style", list(SCALAR_STYLES))
def test_every_character_of_a_value_is_located_where_it_is_written(tmp_path: Path, style: str) -> None:
    text = SCALAR_STYLES[style]
    path = write(tmp_path, text.encode("utf-8"))
    root = yaml.compose(text.removeprefix("\ufeff"), Loader=yaml.SafeLoader)
    ((_key, node),) = root.value
    item = 1 if isinstance(node, yaml.SequenceNode) else None
    value = node.value[1].value if item is not None else node.value
    lines = text.removeprefix("\ufeff").replace("\r\n", "\n").split("\n")
    locator = ValueLocator()
    key_at = Location(str(path), 1, 1)
    for offset, char in enumerate(value):
        if char.isspace():
            continue
        at = locator.locate(key_at, value, offset, item)
        assert at is not None
        written = lines[at.line - 1][at.column - 1 :]
        # the character itself, or the escape that stands for it
        assert written.startswith(char) or (style == "double-quoted" and written.startswith("\\")), (
            offset,
            char,
            at,
        )


def test_a_value_the_file_does_not_hold_is_not_located(tmp_path: Path) -> None:
    path = write(tmp_path, "k: Held [@a]\n")
    locator = ValueLocator()
    assert locator.locate(Location(str(path), 1, 1), "Held [@a]", 5) == Location(str(path), 1, 9)
    assert locator.locate(Location(str(path), 1, 1), "Changed [@a]", 5) is None
    assert locator.locate(Location(str(path), 2, 1), "Held [@a]", 5) is None
    assert locator.locate(Location(str(tmp_path / "gone.yaml"), 1, 1), "Held [@a]", 5) is None
    assert locator.locate(Location(""), "Held [@a]", 5) is None
