"""Write output files: safe names inside the output folder, atomic replacement.

In: an output folder, a name derived from user data, and bytes. Out: the file on disk, complete or
not at all: bytes go to a temporary file in the same folder, are flushed to disk, then renamed over
the target, so an interrupted build leaves the previous file intact. An exception removes the
temporary file at once; a process killed outright (``SIGKILL``, a power cut) cannot, so temporary
files are named ``.<name>.<host>-<pid>.<random>.part`` and the next write into the folder removes
those of processes on this host that are no longer running.

A folder that cannot be made or a file that cannot be written (a full disk, no permission, a file
where the folder should be, a read-only disk) raises an ``AdvocateError`` naming the path, the
system's reason and what to do; when the partial file cannot be removed either, the message says so
after the first cause.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import re
import socket
import tempfile
import unicodedata
from pathlib import Path

from advocate.errors import AdvocateError, Location, Problem, os_problem, os_reason

_UNSAFE = re.compile(r"[^\w.-]+")

MAX_NAME_BYTES = 200
"""The longest safe name, in UTF-8 bytes: file systems allow 255, and the temporary file's name adds
its prefix and suffix."""
MAX_NAME_CHARS = 120
"""The longest safe name, in characters."""
EXTENSION_ROOM = 10
"""What a name's extension may take (``.docx`` is 5): the rest of a name with one is cut to leave
this much room whatever the extension, so one document's files share a name but for it."""
_EXTENSION = re.compile(rf"\.[A-Za-z0-9]{{1,{EXTENSION_ROOM - 1}}}$")

TEMPORARY_SUFFIX = ".part"
_TEMPORARY = re.compile(r"^\..+\.(?P<host>[^.]+)-(?P<pid>\d+)\.[^.]+\.part$")
_swept: set[Path] = set()
"""Folders this process has already cleared of temporary files left by killed processes."""


def safe_name(text: str, fallback: str = "document") -> str:
    """A file name from user data that cannot leave its folder: no separators, no dots in front, at
    most ``MAX_NAME_CHARS`` characters and ``MAX_NAME_BYTES`` bytes. A final extension (``.docx``,
    ``.pdf``) is always kept, so the files of one name never collide: the rest is made safe alone
    (``..`` then becomes ``fallback``) and cut to leave ``EXTENSION_ROOM``."""
    found = _EXTENSION.search(text)
    stem, extension = (text[: found.start()], found.group()) if found else (text, "")
    room = EXTENSION_ROOM if extension else 0
    name = unicodedata.normalize("NFKC", stem)
    name = _UNSAFE.sub("-", name).strip("-.")[: MAX_NAME_CHARS - room]
    while len(name.encode("utf-8")) > MAX_NAME_BYTES - room:
        name = name[:-1]
    return (name.rstrip("-.") or fallback) + extension


def write_atomic(folder: Path, name: str, data: bytes) -> Path:
    """Write ``data`` to ``folder/name`` atomically; ``name`` is made safe first."""
    ensure_folder(folder)
    sweep_temporaries(folder)
    target = folder / safe_name(name)
    prefix = f".{target.name}.{host_tag()}-{os.getpid()}."
    try:
        descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=prefix, suffix=TEMPORARY_SUFFIX)
    except OSError as exc:
        raise AdvocateError([os_problem(target, "write the file", exc)]) from exc
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException as exc:
        left = remove_partial(Path(temporary))
        if isinstance(exc, OSError):
            raise AdvocateError([os_problem(target, "write the file", exc, left)]) from exc
        raise
    return target


def remove_partial(path: Path) -> str:
    """Remove a partial file after a failed write; empty, or ``; also could not remove ...`` for the
    message of the failure (which stays the first cause)."""
    try:
        path.unlink(missing_ok=True)
    except OSError as exc:
        return f"; also could not remove the partial file {path}: {os_reason(exc)}"
    return ""


def ensure_folder(folder: Path, role: str = "the output") -> Path:
    """Make ``folder`` and its parents when missing; an ``AdvocateError`` saying why it cannot be
    (``role`` names what the folder is for: ``the output``, ``the web app's data``)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError as exc:  # exist_ok forgives a folder only: this is a file
        raise AdvocateError([_not_a_folder(folder, role)]) from exc
    except OSError as exc:
        file = _file_on_the_way(folder) if exc.errno == errno.ENOTDIR else None
        problem = _not_a_folder(file, role) if file else os_problem(folder, "make the folder", exc)
        raise AdvocateError([problem]) from exc
    return folder


def check_folder(folder: Path, role: str = "the output") -> None:
    """Raise now, without making anything, when ``folder`` cannot be made because it or one of its
    parents is a file (so that a build says so before rendering, and leaves nothing behind when a
    brief then fails)."""
    file = _file_on_the_way(folder)
    if file is not None:
        raise AdvocateError([_not_a_folder(file, role)])


def _not_a_folder(path: Path, role: str) -> Problem:
    return Problem(
        Location(str(path)),
        f"expected a folder for {role}, got a file (choose another folder, or move the file away)",
    )


def _file_on_the_way(folder: Path) -> Path | None:
    """The nearest of ``folder``'s parents that exists and is not a folder."""
    for parent in [folder, *folder.parents]:
        with contextlib.suppress(OSError):
            if parent.exists():
                return None if parent.is_dir() else parent
    return None


def sweep_temporaries(folder: Path) -> list[Path]:
    """Remove the temporary files in ``folder`` left by killed processes of this host (once per
    folder and process); returns those removed. Other hosts' files (a shared folder) are left."""
    key = folder.resolve()
    if key in _swept:
        return []
    _swept.add(key)
    removed = []
    for path in folder.glob(f".*{TEMPORARY_SUFFIX}"):
        match = _TEMPORARY.match(path.name)
        if match and match["host"] == host_tag() and not _running(int(match["pid"])):
            with contextlib.suppress(OSError):  # tidying only: the write itself says what fails
                path.unlink(missing_ok=True)
                removed.append(path)
    return removed


@functools.cache
def host_tag() -> str:
    """This machine's name as it goes into file names (temporary files, batch journals): safe and
    without dots. Read once per process."""
    return safe_name(socket.gethostname(), "host").replace(".", "-")


def _running(pid: int) -> bool:
    """Whether a process with this id exists on this host."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
