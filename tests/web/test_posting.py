"""A form post read strictly: bytes that are not UTF-8, old form tokens, a client that goes away."""

from __future__ import annotations

import asyncio
import logging
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from advocate.web import create_app
from advocate.web.posting import parse_form
from advocate.web.security import CSRF_COOKIE, Csrf, load_secret

from .conftest import CAMPAIGN, settings
from .test_app import field_error, letter

FORM = {"content-type": "application/x-www-form-urlencoded"}


def test_bytes_that_are_not_utf8_are_a_field_problem_not_replaced(client: TestClient) -> None:
    fields = {k: v for k, v in letter(client).items() if k != "name"}
    body = urllib.parse.urlencode(fields, doseq=True) + "&name=Sam%FF+Sample"
    response = client.post(CAMPAIGN, content=body, headers=FORM)
    assert response.status_code == 422
    assert (
        field_error(response.text, "name") == "expected UTF-8 text, got a byte that is not UTF-8 at offset 3"
    )
    assert 'value="Sam\ufffd Sample"' in response.text  # shown again as typed, the byte marked


def test_the_form_parser_keeps_bad_bytes_and_counts_fields() -> None:
    assert parse_form(b"a=1&a=%C3%A9&b=x+y&c&=z&d=%ED%A0%80", 10) == {
        "a": ["1", "é"],
        "b": ["x y"],
        "c": [""],
        "": ["z"],
        "d": ["\udced\udca0\udc80"],  # an encoded surrogate is not UTF-8 either
    }
    with pytest.raises(Exception, match="expected at most 2 fields"):
        parse_form(b"a=1&b=2&c=3", 2)


def test_a_body_that_is_not_a_plain_form_is_400(client: TestClient) -> None:
    response = client.post(CAMPAIGN, content=b"{}", headers={"content-type": "application/json"})
    assert response.status_code == 400
    assert "expected application/x-www-form-urlencoded, got application/json." in response.text


def test_one_line_fields_refuse_unicode_line_breaks_and_c1_controls(client: TestClient) -> None:
    data = letter(client, name="Sam\u2028Sample", town="Example\x85ton", address1="14\x80 Sample Lane")
    response = client.post(CAMPAIGN, data=data)
    assert response.status_code == 422
    assert field_error(response.text, "name") == "expected one line, got a line break or tab at offset 3"
    assert field_error(response.text, "town") == "expected one line, got a line break or tab at offset 7"
    assert field_error(response.text, "address1") == (
        "expected text without control characters, got U+0080 at offset 2"
    )


def test_a_form_open_over_two_hours_is_refused_with_a_page_that_says_so(
    make_client: Callable[..., TestClient], tmp_path: Path
) -> None:
    client = make_client()
    data = letter(client)
    old = Csrf(load_secret(tmp_path / "data"), clock=lambda: time.time() - 2 * 3600 - 60).issue()
    client.cookies.delete(CSRF_COOKIE)
    client.cookies.set(CSRF_COOKIE, old)
    response = client.post(CAMPAIGN, data={**data, "csrf": old})
    assert response.status_code == 403
    assert "Form too old" in response.text
    assert (
        "This form was open for more than 2 hours, so it can no longer be sent. Please go back, reload "
        "the page (what you typed may need typing again) and send it again."
    ) in response.text
    fresh = response.cookies.get(CSRF_COOKIE)
    assert fresh and fresh != old  # reloading the form gives a token that passes
    assert client.post(CAMPAIGN, data=letter(client)).status_code == 200


def test_a_client_that_goes_away_mid_upload_is_one_debug_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    app = create_app(settings(tmp_path / "data"))
    messages = [
        {"type": "http.request", "body": b"csrf=x&name=Sam", "more_body": True},
        {"type": "http.disconnect"},
    ]
    sent: list[object] = []

    async def receive() -> dict[str, object]:
        return messages.pop(0)

    async def send(message: object) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": CAMPAIGN,
        "raw_path": CAMPAIGN.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [(b"content-type", FORM["content-type"].encode()), (b"host", b"testserver")],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }
    with caplog.at_level(logging.DEBUG, logger="advocate"):
        asyncio.run(app(scope, receive, send))
    app.state.renderer.close()
    assert [
        (r.name, r.levelname, r.getMessage(), r.exc_info)
        for r in caplog.records
        if r.name.startswith("advocate")
    ] == [("advocate.web", "DEBUG", f"client went away during POST {CAMPAIGN}", None)]
    assert sent == []  # nobody to answer
