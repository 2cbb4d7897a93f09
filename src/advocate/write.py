"""Write output files: safe names inside the output folder, atomic replacement.

In: an output folder, a name derived from user data, and bytes. Out: the file on disk, complete or
not at all: bytes go to a temporary file in the same folder, are flushed to disk, then renamed over
the target, so an interrupted build leaves the previous file intact and no temporary file behind.
"""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from pathlib import Path

_UNSAFE = re.compile(r"[^\w.-]+")


def safe_name(text: str, fallback: str = "document") -> str:
    """A file name from user data that cannot leave its folder: no separators, no dots in front."""
    name = unicodedata.normalize("NFKC", text)
    name = _UNSAFE.sub("-", name).strip("-.")
    return name[:120] or fallback


def write_atomic(folder: Path, name: str, data: bytes) -> Path:
    """Write ``data`` to ``folder/name`` atomically; ``name`` is made safe first."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / safe_name(name)
    descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".part")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target
