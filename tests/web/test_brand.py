"""The page header shows the served library's brand: its organisation, logo and accent."""

from __future__ import annotations

import base64
import shutil
from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient

from .conftest import REPO

LOGO = REPO / "tests" / "fixtures" / "brand" / "logo.png"


def test_the_header_shows_the_brand_organisation_logo_and_accent(
    tmp_path: Path, make_client: Callable[..., TestClient]
) -> None:
    library = tmp_path / "library"
    shutil.copytree(REPO / "library", library)
    shutil.copy(LOGO, library / "logo.png")
    (library / "brand.yaml").write_text(
        'organisation: Example Office <One>\nlogo: logo.png\ncolours: {accent: "#8b1e3f"}\n', encoding="utf-8"
    )
    page = make_client(library_dir=library).get("/").text
    logo = base64.b64encode(LOGO.read_bytes()).decode()
    assert (
        f'<p class="brand"><a href="/"><img class="logo" src="data:image/png;base64,{logo}" alt="">'
        "Example Office &lt;One&gt;</a></p>"
    ) in page
    assert "<style>:root { --accent: #8b1e3f; }</style>" in page
    assert "· Example Office &lt;One&gt;</title>" in page


def test_without_a_brand_the_header_says_advocate(
    tmp_path: Path, make_client: Callable[..., TestClient]
) -> None:
    library = tmp_path / "library"
    shutil.copytree(REPO / "library", library)
    (library / "brand.yaml").unlink()
    page = make_client(library_dir=library).get("/").text
    assert '<p class="brand"><a href="/">advocate</a></p>' in page
    assert "--accent" not in page
