"""The page header shows the served library's brand: its organisation, logo and accent."""

from __future__ import annotations

import base64
import dataclasses
import shutil
from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient

from advocate.library.check import load_checked_library
from advocate.web.site import brand_context

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


def test_without_a_brand_the_header_names_the_campaign_else_says_advocate(
    tmp_path: Path, make_client: Callable[..., TestClient]
) -> None:
    library = tmp_path / "library"
    shutil.copytree(REPO / "library", library)
    (library / "brand.yaml").unlink()
    page = make_client(library_dir=library).get("/").text
    assert '<p class="brand"><a href="/">Uyghur rights</a></p>' in page
    assert "<title>Write to your representative · Uyghur rights</title>" in page
    assert "--accent" not in page


def test_with_neither_brand_nor_campaign_the_header_says_advocate() -> None:
    library = dataclasses.replace(load_checked_library(REPO / "library"), brand=None, campaign=None)
    context = brand_context(library)
    assert (context["site_name"], context["campaign_name"], context["site_logo"]) == ("advocate", None, None)
