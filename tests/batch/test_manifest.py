"""batch.manifest: a journal that cannot be written is a message, and keeps no half line."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from advocate.batch import manifest
from advocate.batch.manifest import JOURNAL_DIR, journal
from advocate.errors import AdvocateError
from advocate.write import host_tag


def test_a_journal_line_that_cannot_be_written_is_cut_back_and_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal(tmp_path, {"name": "0002-ann"})
    path = tmp_path / JOURNAL_DIR / f"{host_tag()}-{os.getpid()}.jsonl"
    kept = path.read_bytes()

    def full(_: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(manifest.os, "fsync", full)
    with pytest.raises(AdvocateError) as raised:
        journal(tmp_path, {"name": "0003-ben"})
    assert str(raised.value) == (
        f"{path}: could not write the batch's journal: no space left on device (free some space on "
        "that disk, or choose a folder on another disk)"
    )
    assert path.read_bytes() == kept == b'{"name": "0002-ann"}\n'
