"""The example briefs (``briefs/*.yaml``) as cited Documents, built once per test session.

Generic on purpose: the tests that use these read whatever the examples are (kind, page budget),
never their wording, so the examples can change without the tests changing.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path

from advocate.brief import load_briefs
from advocate.build import cited_document, default_briefs
from advocate.document import Document
from advocate.library.check import load_checked_library
from advocate.render.templates import search_path

REPO = Path(__file__).resolve().parents[1]
BRIEFS = REPO / "briefs"


@functools.cache
def example_documents() -> Mapping[str, Document]:
    """Every example brief, assembled and cited, by brief name."""
    library = load_checked_library(REPO / "library")
    briefs = load_briefs(default_briefs(BRIEFS), library)
    return {brief.name: cited_document(library, brief, search_path()) for brief in briefs}


def libreoffice_pdfs(docx_files: list[Path], out_dir: Path, profile: Path) -> dict[str, Path]:
    """Every DOCX converted to PDF by LibreOffice in one ``soffice`` run (it starts once), by stem."""
    soffice = shutil.which("soffice")
    assert soffice is not None
    command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf"]
    subprocess.run(
        [*command, "--outdir", str(out_dir), *map(str, docx_files)],
        capture_output=True,
        check=True,
        timeout=600,
    )
    return {path.stem: out_dir / f"{path.stem}.pdf" for path in docx_files}
