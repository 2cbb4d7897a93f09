"""bench/: the benchmarks still run against the code as it is (no test asserts a time)."""

from __future__ import annotations

import importlib.util
import io
import zipfile
from pathlib import Path
from types import ModuleType

import docx

from advocate.build import cited_document
from advocate.render.templates import find_template, search_path

REPO = Path(__file__).resolve().parents[1]


def _bench(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"bench_{name}", REPO / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_letters_benchs_naive_baseline_fills_the_shipped_letter_template() -> None:
    """The baseline's own context must give every variable the project's ``letter.docx`` asks for;
    a variable added to the template and not to the baseline made the bench fail only when run."""
    bench = _bench("letters")
    library = bench.bench_library()
    briefs, _ = bench.bench_briefs(library, 1)
    folders = search_path(None)
    document = cited_document(library, briefs[0], folders)
    data = bench.naive_docx(document, find_template("letter.docx", folders))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert b"{{" not in archive.read("word/document.xml")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    assert document.title in text
