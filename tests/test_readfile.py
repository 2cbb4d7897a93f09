"""readfile: only regular files are read, and never more than the limit."""

from __future__ import annotations

import os
import socket
import time
from pathlib import Path

import pytest

from advocate.errors import AdvocateError
from advocate.readfile import read_limited


def message(path: Path, limit: int = 100, name: str = "in.yaml") -> str:
    with pytest.raises(AdvocateError) as error:
        read_limited(path, limit, name)
    return str(error.value)


def test_a_regular_file_within_the_limit_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "in.yaml"
    path.write_bytes(b"x" * 100)
    assert read_limited(path, 100, "in.yaml") == b"x" * 100


def test_a_fifo_is_refused_at_once_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "brief.yaml"
    os.mkfifo(fifo)
    started = time.monotonic()
    assert message(fifo) == "in.yaml: expected a regular file, got a FIFO (named pipe)"
    assert time.monotonic() - started < 1


def test_dev_zero_is_refused_before_anything_is_read() -> None:
    assert message(Path("/dev/zero")) == "in.yaml: expected a regular file, got a device"


def test_a_folder_is_refused(tmp_path: Path) -> None:
    assert message(tmp_path) == "in.yaml: expected a regular file, got a folder"


def test_a_socket_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        assert message(path) == "in.yaml: expected a regular file, got a socket"


def test_a_file_over_the_limit_is_refused_by_its_size(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"x" * 101)
    assert message(path) == "in.yaml: file too large: expected at most 100 bytes, got 101"


def test_no_more_than_the_limit_and_one_byte_is_read_when_the_file_grows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "growing.yaml"
    path.write_bytes(b"x" * 10_000)
    real_fstat, real_read = os.fstat, os.read
    taken: list[int] = []

    def small_fstat(descriptor: int) -> os.stat_result:
        found = real_fstat(descriptor)  # as it was when opened, before it grew
        return os.stat_result((found.st_mode, 0, 0, 1, 0, 0, 10, 0, 0, 0))

    def counted_read(descriptor: int, size: int) -> bytes:
        data = real_read(descriptor, size)
        taken.append(len(data))
        return data

    monkeypatch.setattr(os, "fstat", small_fstat)
    monkeypatch.setattr(os, "read", counted_read)
    assert message(path) == "in.yaml: file too large: expected at most 100 bytes, got more"
    assert sum(taken) == 101


def test_a_missing_file_names_the_reason_and_what_it_was(tmp_path: Path) -> None:
    with pytest.raises(AdvocateError) as error:
        read_limited(tmp_path / "gone.csv", 100, "gone.csv", "the people file")
    assert str(error.value) == "gone.csv: cannot read the people file: No such file or directory"
