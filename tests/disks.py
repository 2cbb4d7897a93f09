"""Disks that fail on purpose for the fault tests: a tiny tmpfs that fills up, a read-only mount.

Mounting needs root (and a system that allows it, as a container may not): otherwise the test is
skipped with the reason, which pytest prints in its summary (``-ra``). As root, ``chmod`` does not
stop a write, so an unwritable folder is a read-only mount here too.
"""

from __future__ import annotations

import contextlib
import errno
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest


@contextlib.contextmanager
def mounted(folder: Path, options: str) -> Iterator[Path]:
    """A tmpfs mounted on ``folder`` (made if missing) with ``options``; unmounted afterwards."""
    if os.geteuid() != 0:
        pytest.skip("needs root to mount a small tmpfs (run the tests as root to include this one)")
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True, text=True
    )
    if done.returncode != 0:
        pytest.skip(f"could not mount a tmpfs here: {done.stderr.strip() or done.returncode}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


@contextlib.contextmanager
def full_disk(folder: Path, keep: dict[str, bytes] | None = None, room: int = 0) -> Iterator[Path]:
    """A 200 kB tmpfs on ``folder`` holding the files of ``keep``, then filled to the last byte but
    ``room`` (tmpfs counts whole pages of 4 kB: ``room=8192`` leaves two files of a page each)."""
    with mounted(folder, "size=200k") as disk:
        for name, data in (keep or {}).items():
            (disk / name).write_bytes(data)
        filler = disk / ".filler"
        fill(filler)
        os.truncate(filler, max(0, filler.stat().st_size - room))
        yield disk


def fill(path: Path) -> None:
    """Write to ``path`` until the disk is full."""
    with path.open("wb", buffering=0) as handle:
        block = b"\0" * 4096
        try:
            while True:
                handle.write(block)
        except OSError as exc:
            if exc.errno != errno.ENOSPC:
                raise
    with contextlib.suppress(OSError), path.open("ab", buffering=0) as handle:
        while handle.write(b"\0"):
            pass


@contextlib.contextmanager
def read_only_disk(folder: Path) -> Iterator[Path]:
    """A read-only tmpfs on ``folder`` (empty)."""
    with mounted(folder, "size=64k,ro") as disk:
        yield disk
