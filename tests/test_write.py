"""write: safe names, atomic replacement, nothing left behind."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from advocate.write import safe_name, write_atomic


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("../../etc/x", "etc-x"),
        ("/absolute/path", "absolute-path"),
        ("Smith & Sons <Ltd>", "Smith-Sons-Ltd"),
        ("..", "document"),
        ("ئۇيغۇر 新疆", "ئۇيغۇر-新疆"),
    ],
)
def test_safe_name_never_leaves_the_folder(raw: str, expected: str) -> None:
    assert safe_name(raw) == expected


def test_write_atomic_stays_inside_the_output_folder(tmp_path: Path) -> None:
    written = write_atomic(tmp_path, "../../etc/x", b"data")
    assert written.parent == tmp_path
    assert written.read_bytes() == b"data"


def test_interrupted_write_keeps_previous_file_and_leaves_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_atomic(tmp_path, "letter.pdf", b"old")

    def crash(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(tmp_path, "letter.pdf", b"new")
    assert (tmp_path / "letter.pdf").read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["letter.pdf"]
