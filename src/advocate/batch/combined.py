"""The combined PDF: every letter of a batch in one print-ready file (``--combined``).

In: the output folder and the manifest records of the letters, in row order. Out: ``<out>/combined.pdf``
(rebuilt only when the letters in it changed) and its manifest entry.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from advocate.batch.manifest import manifest_header
from advocate.errors import AdvocateError, os_problem
from advocate.write import write_atomic

COMBINED = "combined.pdf"
"""The print-ready PDF of every letter (``--combined``)."""


def combined_entry(records: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The manifest's entry for the combined PDF of ``records`` (its hash says which letters it holds)."""
    digest = hashlib.sha256("\n".join(f"{r['name']} {r['hash']}" for r in records).encode()).hexdigest()
    return {"file": COMBINED, "letters": len(records), "hash": digest}


def write_combined(out: Path, records: Sequence[Mapping[str, Any]]) -> Path:
    """One PDF of every letter in row order (each keeps its own "Page X of Y"); rebuilt only when
    the letters in it changed."""
    target = out / COMBINED
    entry = combined_entry(records)
    if target.is_file() and manifest_header(out).get("combined") == entry:
        return target
    from pypdf import PdfWriter

    writer = PdfWriter()
    for record in records:
        pdf = out / next(name for name in record["files"] if name.endswith(".pdf"))
        try:
            writer.append(str(pdf))
        except OSError as exc:
            raise AdvocateError([os_problem(pdf, "read the letter for the combined PDF", exc)]) from exc
    buffer = io.BytesIO()
    writer.write(buffer)
    return write_atomic(out, COMBINED, buffer.getvalue())
