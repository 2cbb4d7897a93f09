"""Benchmark: a library of 5,000 talking points and a briefing of 200 of them.

Run: ``.venv/bin/python bench/scale.py [POINTS] [BRIEF_POINTS]`` (5,000 and 200 by default). It
writes a generated library (``make_library``: 500 sources, 20 topics, the points in ten files,
each citing one or two sources with a pinpoint) and a briefing that includes the first
``BRIEF_POINTS`` points into a temporary folder, then times, in one process:

1. ``advocate check`` (``main(["check", ...])``: load, validate and cross-check everything);
2. building the briefing to DOCX, then to PDF (``build``).

Wall-clock times, so other work on the machine shows in them; nothing is asserted (the test
``tests/test_hardening.py`` builds a smaller one to show that it builds).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import io
import sys
import tempfile
import time
from pathlib import Path

import pypdf

from advocate.brief import FORMATS
from advocate.build import build
from advocate.cli import main

SOURCES = 500
TOPICS = 20
FILES = 10


def make_library(folder: Path, points: int = 5000, max_points: int = 200) -> Path:
    """A valid library of ``points`` talking points under ``folder`` (created), whose ``mp``
    briefing holds up to ``max_points`` of them; returns the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "points").mkdir(exist_ok=True)
    (folder / "sources.yaml").write_text(_sources(), encoding="utf-8")
    (folder / "topics.yaml").write_text(_topics(), encoding="utf-8")
    (folder / "audiences.yaml").write_text(_audiences(max_points), encoding="utf-8")
    per_file = -(-points // FILES)
    for part in range(FILES):
        numbers = range(part * per_file, min(points, (part + 1) * per_file))
        text = "points:\n" + "".join(_point(n) for n in numbers)
        (folder / "points" / f"part-{part:02d}.yaml").write_text(text, encoding="utf-8")
    return folder


def make_brief(path: Path, points: int = 200) -> Path:
    """A briefing for the ``mp`` audience that includes the first ``points`` points."""
    ids = ", ".join(f"point-{n:05d}" for n in range(points))
    path.write_text(
        "kind: briefing\naudience: mp\ntitle: A briefing at scale\ndate: 2024-06-01\n"
        "recipient: {name: Members of Parliament}\nsender: {name: The Campaign}\n"
        f"include: [{ids}]\n",
        encoding="utf-8",
    )
    return path


def _sources() -> str:
    entries = [
        f"  - id: source-{n:04d}\n    type: report\n    title: Report number {n} on the situation\n"
        f"    author: [{{literal: Research Group {n % 37}}}]\n"
        f"    issued: {2010 + n % 12}-0{1 + n % 9}-1{n % 10}\n"
        f"    URL: https://example.org/reports/{n}\n    accessed: 2024-01-10\n"
        for n in range(SOURCES)
    ]
    return "references:\n" + "".join(entries)


def _topics() -> str:
    return "topics:\n" + "".join(f"  - {{id: topic-{n:02d}, title: Topic {n}}}\n" for n in range(TOPICS))


def _audiences(points: int) -> str:
    return (
        "audiences:\n  - id: mp\n    label: Member of Parliament\n    register: formal\n"
        "    documents:\n      briefing:\n"
        f"        max_pages: 200\n        max_points: {points}\n"
        "        sections:\n          - {kind: points, heading: The evidence}\n"
    )


def _point(n: int) -> str:
    first, second = n % SOURCES, (n * 7 + 3) % SOURCES
    cites = (
        f"[@source-{first:04d}, {1 + n % 90}]" if n % 3 else f"[@source-{first:04d}; @source-{second:04d}]"
    )
    return (
        f"  - id: point-{n:05d}\n"
        f"    claim: Claim number {n} about what the reports found.\n"
        f"    text: Report {first} found that fact number {n} holds for the region {cites}.\n"
        f"    topics: [topic-{n % TOPICS:02d}]\n"
        f"    audiences: {{mp: {1 + n % 3}}}\n"
        f"    reviewed: {dt.date.today().isoformat()}\n"
    )


def _timed(label: str, action: object) -> float:
    start = time.perf_counter()
    assert callable(action)
    action()
    seconds = time.perf_counter() - start
    print(f"{label:<44} {seconds:7.2f} s", flush=True)
    return seconds


def _check(library: Path, briefs: Path) -> None:
    with contextlib.redirect_stderr(io.StringIO()) as errors:
        status = main(["check", "--library", str(library), "--briefs", str(briefs)])
    if status:
        raise SystemExit(f"the generated library has errors:\n{errors.getvalue()}")


def run(points: int, brief_points: int) -> None:
    """Generate the library and the brief, then time checking and building them."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        library = make_library(root / "library", points, brief_points)
        (root / "briefs").mkdir()
        brief = make_brief(root / "briefs" / "scale.yaml", brief_points)
        print(f"library: {points} points, {SOURCES} sources; brief: {brief_points} points")
        _timed("advocate check (library and brief)", lambda: _check(library, root / "briefs"))
        out = root / "out"
        for fmt in FORMATS:
            _timed(
                f"build the brief to {fmt.upper()}", functools.partial(build, [brief], library, out, [fmt])
            )
            written = out / f"scale.{fmt}"
            pages = f", {len(pypdf.PdfReader(written).pages)} pages" if fmt == "pdf" else ""
            print(f"{'':<44} ({written.stat().st_size / 1024:,.0f} KB{pages})")


if __name__ == "__main__":
    arguments = [int(a) for a in sys.argv[1:3]]
    run(*(arguments + [5000, 200][len(arguments) :]))
