"""``HEAD`` is answered like ``GET`` on every page, without the body."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from .conftest import CAMPAIGN


@pytest.mark.parametrize("path", ["/", CAMPAIGN, "/library", "/stats", "/static/site.css", "/nowhere"])
def test_head_is_get_without_the_body(client: TestClient, path: str) -> None:
    got = client.get(path)
    head = client.head(path)
    assert head.status_code == got.status_code
    assert head.content == b""
    assert head.headers["content-type"] == got.headers["content-type"]
    assert int(head.headers["content-length"]) > 0
    assert head.headers["content-security-policy"] == got.headers["content-security-policy"]
