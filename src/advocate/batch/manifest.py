"""The batch's record of what it made: per-process journals while it runs, one manifest after.

In: the output folder and manifest records (one per letter written: its files, points, asks and the
hash of its inputs). Out: ``<out>/.journal/<host>-<pid>.jsonl`` (a line per finished letter, fsynced)
and ``<out>/manifest.json`` (the journals compacted, in row order), and which letters are current.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any, BinaryIO

from advocate.batch.plan import Letter
from advocate.errors import AdvocateError, os_problem, os_reason
from advocate.write import ensure_folder, host_tag, safe_name, write_atomic

MANIFEST = "manifest.json"
"""The compacted manifest, in the output folder."""
JOURNAL_DIR = ".journal"
"""Where workers append a line per finished letter while a batch runs."""

_journal_lock = threading.Lock()


def journal(out: Path, record: Mapping[str, Any]) -> None:
    """Append ``record`` to this process's journal, flushed to disk. A journal this process has not
    written to yet may end in half a line (a killed process with the same id): a line break first."""
    folder = ensure_folder(out / JOURNAL_DIR)
    path = folder / f"{host_tag()}-{os.getpid()}.jsonl"
    line = json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n"
    with _journal_lock:
        try:
            with path.open("a+b") as handle:
                if path not in _journals_opened:
                    _journals_opened.add(path)
                    if handle.tell() > 0:
                        handle.seek(-1, os.SEEK_END)
                        if handle.read(1) != b"\n":
                            line = "\n" + line
                _append(handle, path, line.encode("utf-8"))
        except OSError as exc:
            raise AdvocateError([os_problem(path, "write the batch's journal", exc)]) from exc


def _append(handle: BinaryIO, path: Path, data: bytes) -> None:
    """Append ``data`` and flush it to disk; on failure (a full disk) cut the file back to where it
    was, so that no half line is left (and say so when that fails too)."""
    end = handle.seek(0, os.SEEK_END)
    try:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    except OSError as exc:
        try:
            handle.truncate(end)
        except OSError as cut:
            also = f"; also could not remove the partial line: {os_reason(cut)}"
            raise AdvocateError([os_problem(path, "write the batch's journal", exc, also)]) from exc
        raise


_journals_opened: set[Path] = set()


def read_manifest(out: Path) -> dict[str, dict[str, Any]]:
    """Every letter record known: the compacted manifest, then the journals of earlier runs (a
    journal's incomplete last line, from a killed process, is ignored)."""
    records: dict[str, dict[str, Any]] = {}
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        for record in data.get("letters", []):
            records[record["name"]] = record
    except (OSError, ValueError, AttributeError, KeyError, TypeError):
        pass
    for path in journals(out):
        with contextlib.suppress(OSError):
            for line in path.read_text(encoding="utf-8").splitlines():
                with contextlib.suppress(ValueError, KeyError, TypeError):
                    record = json.loads(line)
                    records[record["name"]] = record
    return records


def journals(out: Path) -> list[Path]:
    """The journal files in the output folder."""
    folder = out / JOURNAL_DIR
    return sorted(folder.glob("*.jsonl")) if folder.is_dir() else []


def is_current(record: Mapping[str, Any] | None, letter: Letter, out: Path) -> bool:
    """Whether the letter was made from the same inputs and its files are still there."""
    if record is None or record.get("hash") != letter.digest:
        return False
    files = record.get("files") or []
    return bool(files) and all((out / safe_name(str(name))).is_file() for name in files)


def compact(out: Path, header: Mapping[str, Any], digests: Mapping[str, str]) -> dict[str, dict[str, Any]]:
    """Fold the journals into ``manifest.json``, then remove them; returns the records by name. The
    manifest keeps the letters of this batch made from their current inputs, in row order."""
    written = journals(out)
    records = {
        name: record for name, record in read_manifest(out).items() if digests.get(name) == record.get("hash")
    }
    ordered = sorted(records.values(), key=lambda r: (r.get("row", 0), r["name"]))
    previous = manifest_header(out)
    manifest = {**header, "letters": ordered}
    if "combined" not in manifest and "combined" in previous:
        manifest["combined"] = previous["combined"]
    data = json.dumps(manifest, ensure_ascii=False, indent=1) + "\n"
    write_atomic(out, MANIFEST, data.encode("utf-8"))
    with contextlib.suppress(OSError):  # a journal left is folded again next time: no harm
        for path in written:
            path.unlink(missing_ok=True)
        (out / JOURNAL_DIR).rmdir()
    return records


def digests(records: Mapping[str, Mapping[str, Any]]) -> dict[str, str]:
    """Each record's input hash by letter name."""
    return {name: str(record.get("hash")) for name, record in records.items()}


def manifest_header(out: Path) -> dict[str, Any]:
    """The manifest as written last (empty when there is none or it is unreadable)."""
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
