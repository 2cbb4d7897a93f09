"""Read a user's input file (a brief, a library file, a people file): a regular file, and never more
than a limit.

In: a path, a limit in bytes, the name to show in messages. Out: the file's bytes, or an
``AdvocateError`` with one ``Problem`` at the file: not a regular file (a folder, a FIFO, a device
such as ``/dev/zero``, a socket), larger than the limit, or unreadable.

Opening a FIFO for reading waits for a writer and ``/dev/zero`` never ends, so the file is opened
without waiting (``O_NONBLOCK``, which a regular file ignores), its kind is checked on the open
descriptor (no race with a rename between a check and the open), and at most ``limit + 1`` bytes
are read, so a file that grows while it is read is still cut off at the limit.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from advocate.errors import AdvocateError, Location, Problem

_CHUNK = 1 << 20


def read_limited(path: Path, limit: int, name: str, what: str = "file") -> bytes:
    """The bytes of ``path``, a regular file of at most ``limit`` bytes; otherwise an
    ``AdvocateError`` naming ``name`` (``what``: the file as an unreadable one is named, e.g.
    ``the people file``)."""
    at = Location(name)
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        raise AdvocateError([Problem(at, _not_opened(path, what, exc))]) from exc
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise AdvocateError([Problem(at, f"expected a regular file, got {kind_of(status.st_mode)}")])
        if status.st_size > limit:
            raise AdvocateError([Problem(at, too_large(limit, status.st_size))])
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(descriptor, min(_CHUNK, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise AdvocateError([Problem(at, f"cannot read {what}: {exc.strerror or exc}")]) from exc
    finally:
        os.close(descriptor)
    if size > limit:
        raise AdvocateError([Problem(at, too_large(limit))])
    return b"".join(chunks)


def _not_opened(path: Path, what: str, exc: OSError) -> str:
    """Why ``path`` could not be opened: what it is when that is the reason (a socket cannot be
    opened at all), else the system's words."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        mode = stat.S_IFREG
    if not stat.S_ISREG(mode):
        return f"expected a regular file, got {kind_of(mode)}"
    return f"cannot read {what}: {exc.strerror or exc}"


def too_large(limit: int, size: int | None = None) -> str:
    """The message for a file over its limit (``size`` None: it grew while read, so its size is not
    known)."""
    got = f"{size:,}" if size is not None else "more"
    return f"file too large: expected at most {limit:,} bytes, got {got}"


def kind_of(mode: int) -> str:
    """What a file that is not a regular one is, in words."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "something else"  # pragma: no cover - Linux has no other kind of file
