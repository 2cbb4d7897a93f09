"""Shared fixtures: a small valid library copied into tmp_path, and the repository's root."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
"""The repository (the folder holding pyproject.toml, library/ and tests/)."""
MINILIB = REPO / "tests" / "fixtures" / "minilib"
"""A small library on which every rule passes (as of 2024-06-01)."""


@pytest.fixture
def library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the mini library at tmp_path/library; the working folder is tmp_path, so messages
    name files ``library/...`` and locations are deterministic."""
    shutil.copytree(MINILIB, tmp_path / "library")
    monkeypatch.chdir(tmp_path)
    return Path("library")


@pytest.fixture
def add_file(library: Path) -> Callable[[str, str], str]:
    """Write dedented ``text`` to ``library/<name>``; returns the label messages use for it."""

    def add(name: str, text: str) -> str:
        path = library / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return f"library/{name}"

    return add


@pytest.fixture
def repo_root(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run the test from the repository's root, as a user running ``advocate`` there would."""
    monkeypatch.chdir(REPO)
    return REPO
