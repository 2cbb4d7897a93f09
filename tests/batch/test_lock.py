"""batch.lock: one batch per output folder (issue 14, part 3). The two concurrent runs through the
CLI are in ``tests/batch/test_faults.py``."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from advocate.batch.lock import LOCK_FILE, batch_lock
from advocate.errors import AdvocateError
from advocate.write import host_tag
from disks import read_only_disk


def test_a_folder_in_use_is_refused_naming_the_process(tmp_path: Path) -> None:
    with batch_lock(tmp_path) as lock:
        assert lock.read_text() == f"{os.getpid()} {host_tag()}\n"
        with pytest.raises(AdvocateError) as raised, batch_lock(tmp_path):
            pass
        assert str(raised.value) == (
            f"{tmp_path}: another batch is writing into this folder (process {os.getpid()}): wait for it "
            "to finish, or choose another output folder"
        )
        assert lock.read_text() == f"{os.getpid()} {host_tag()}\n"  # the refused run changed nothing
    assert not lock.exists()
    with batch_lock(tmp_path):  # released
        pass


def test_a_lock_left_by_a_dead_process_is_taken_over(tmp_path: Path) -> None:
    (tmp_path / LOCK_FILE).write_text(f"{2**22 + 1} {host_tag()}\n")  # above Linux's pid_max default
    with batch_lock(tmp_path) as lock:
        assert lock.read_text() == f"{os.getpid()} {host_tag()}\n"


def test_a_lock_that_cannot_be_made_is_a_message(tmp_path: Path) -> None:
    with read_only_disk(tmp_path / "disk") as disk:
        with pytest.raises(AdvocateError) as raised, batch_lock(disk):
            pass
        assert str(raised.value) == (
            f"{disk / LOCK_FILE}: could not take the batch's lock: read-only file system (the disk is "
            "read-only: choose a folder on a writable disk)"
        )
