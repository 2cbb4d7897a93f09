"""Fixtures for the web app: an app on the repository's library and briefs, its data in tmp_path."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from advocate.web import Settings, create_app

REPO = Path(__file__).resolve().parents[2]
DAY = dt.date(2026, 3, 2)
"""The date the test apps' documents carry."""
CAMPAIGN = "/letters/constituent-letter"


def settings(data_dir: Path, **overrides: Any) -> Settings:
    """Settings for the repository's library and briefs, with the data in ``data_dir``."""
    base = Settings(
        library_dir=REPO / "library",
        briefs_dir=REPO / "briefs",
        data_dir=data_dir,
        today=DAY,
        rate_limit=1000,
    )
    return dataclasses.replace(base, **overrides)


@pytest.fixture
def make_client(tmp_path: Path) -> Iterator[Callable[..., TestClient]]:
    """Builds a test client for an app with the given settings overrides (data in tmp_path/data)."""
    clients: list[TestClient] = []

    def make(**overrides: Any) -> TestClient:
        client = TestClient(create_app(settings(tmp_path / "data", **overrides)))
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()
        client.app.state.renderer.close()  # type: ignore[attr-defined]


@pytest.fixture
def client(make_client: Callable[..., TestClient]) -> TestClient:
    """A client of an app with a generous rate limit."""
    return make_client()


def csrf_token(client: TestClient, path: str) -> str:
    """GET ``path`` (setting the form cookie) and return the form token the page carries."""
    response = client.get(path)
    assert response.status_code == 200, response.text
    found = re.search(r'name="csrf" value="([^"]+)"', response.text)
    assert found, "the page has no form token"
    return found.group(1)


def offered_points(client: TestClient, path: str = CAMPAIGN) -> list[str]:
    """The point ids a page offers as checkboxes, in page order."""
    return re.findall(r'name="points" value="([^"]+)"', client.get(path).text)
