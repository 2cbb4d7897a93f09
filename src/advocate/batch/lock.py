"""One batch per output folder: a lock taken before a batch writes anything into its folder.

In: the output folder. Out: ``<out>/.advocate.lock`` locked (``fcntl.flock``) for as long as the
batch runs and holding its process id and host, or an ``AdvocateError`` naming the process that holds
it. The kernel releases a lock when the last process holding it ends, however it ends, so a lock
file left by a process that was killed is simply taken over. A batch that ends removes the file
while it still holds the lock; a run that locked the file just as it went checks that the file it
holds is still the one in the folder, and if not starts again on the new one, so two runs can never
hold two different files. Forked pool workers share the lock, so a folder stays locked until they
are gone too. ``flock`` binds processes on one host (and a network file system may not honour it):
batches on several machines need separate folders.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

from advocate.errors import AdvocateError, Location, Problem, os_problem
from advocate.write import host_tag

LOCK_FILE = ".advocate.lock"
"""The lock file in the output folder."""


@contextlib.contextmanager
def batch_lock(out: Path) -> Iterator[Path]:
    """Hold the lock of ``out`` (an existing folder) while the block runs; yields the lock file. A
    folder another running batch holds raises an ``AdvocateError`` at once, naming its process."""
    path = out / LOCK_FILE
    descriptor = _lock(out, path)
    try:
        _write_holder(descriptor, path)
        yield path
    finally:
        with contextlib.suppress(OSError):
            path.unlink()  # before unlocking: a run waiting on this file then sees it has gone
        fcntl.flock(descriptor, fcntl.LOCK_UN)
        os.close(descriptor)


def _lock(out: Path, path: Path) -> int:
    """An open descriptor of the lock file in the folder, locked by this process."""
    while True:
        try:
            descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise AdvocateError([os_problem(path, "take the batch's lock", exc)]) from exc
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            problem = _in_use(out, descriptor) if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN) else None
            os.close(descriptor)
            raise AdvocateError([problem or os_problem(path, "take the batch's lock", exc)]) from exc
        if _same_file(descriptor, path):
            return descriptor
        os.close(descriptor)  # locked a file just removed by the batch that ended: again


def _same_file(descriptor: int, path: Path) -> bool:
    """Whether ``descriptor`` is still the file at ``path``."""
    try:
        held, there = os.fstat(descriptor), os.stat(path)
    except OSError:
        return False
    return (held.st_dev, held.st_ino) == (there.st_dev, there.st_ino)


def _write_holder(descriptor: int, path: Path) -> None:
    """Put this process's id and host in the lock file, for the message another run gives."""
    try:
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, f"{os.getpid()} {host_tag()}\n".encode(), 0)
    except OSError as exc:  # a full disk: the lock holds all the same, but the batch could not write
        raise AdvocateError([os_problem(path, "take the batch's lock", exc)]) from exc


def _in_use(out: Path, descriptor: int) -> Problem:
    """The message for a folder another batch holds, naming its process when the file says."""
    try:
        holder = os.pread(descriptor, 200, 0).decode("utf-8", "replace").split()
    except OSError:
        holder = []
    process = f"process {holder[0]}" if holder and holder[0].isdigit() else "another process"
    if len(holder) > 1 and holder[1] != host_tag():
        process += f" on {holder[1]}"
    return Problem(
        Location(str(out)),
        f"another batch is writing into this folder ({process}): wait for it to finish, or choose "
        "another output folder",
    )
