"""The web app over HTTP (the framework's test client): both paths, every refusal, escaping, privacy."""

from __future__ import annotations

import html
import io
import re
import shutil
import sqlite3
import zipfile
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader

from advocate.brief import Brief
from advocate.web.security import CSRF_COOKIE, Csrf

from .conftest import CAMPAIGN, DAY, REPO, csrf_token, offered_points

NASTY = "Sam <script>alert(1)</script> & Co"
"""A name that must come out as text everywhere."""
PERSONAL = "I have read the reports & I want <b>answers</b>.\r\n\r\nA second paragraph."


def letter(client: TestClient, **fields: Any) -> dict[str, Any]:
    """A complete, valid constituent form (a fresh token, two points ticked), with ``fields`` over it."""
    data: dict[str, Any] = {
        "csrf": csrf_token(client, CAMPAIGN),
        "rep": "r3",  # Jordan Example MP, Sampleford
        "name": "Sam Sample",
        "address1": "14 Sample Lane",
        "town": "Exampleton",
        "postcode": "EX1 2AB",
        "email": "sam@example.org",
        "points": offered_points(client)[:2],
        "personal": PERSONAL,
        "action": "preview",
    }
    data.update(fields)
    return data


def srcdoc(page: str) -> str:
    """The preview frame's document, unescaped once (as the browser reads the attribute)."""
    found = re.search(r'srcdoc="([^"]*)"', page)
    assert found, "no preview in the page"
    return html.unescape(found.group(1))


def field_error(page: str, name: str) -> str:
    """The problem shown next to field ``name``."""
    found = re.search(rf'<p class="field-error" id="error-{name}">(.*?)</p>', page, re.S)
    assert found, f"no problem shown next to {name}"
    return html.unescape(re.sub(r"<[^>]+>", "", found.group(1))).removeprefix("Problem: ")


class _Labels(HTMLParser):
    """Collects the ids of visible form controls and the ``for`` of every label."""

    def __init__(self) -> None:
        super().__init__()
        self.controls: list[str] = []
        self.labelled: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "label" and attributes.get("for"):
            self.labelled.add(str(attributes["for"]))
        if tag in ("input", "select", "textarea") and attributes.get("type") not in ("hidden", "submit"):
            self.controls.append(str(attributes.get("id")))


# ----------------------------------------------------------------------------------------- pages


@pytest.mark.parametrize("path", ["/", CAMPAIGN, "/library", "/stats", f"{CAMPAIGN}?find=Testmouth"])
def test_every_page_labels_every_field_and_has_no_script(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert "<script" not in response.text.lower()
    parser = _Labels()
    parser.feed(response.text)
    unlabelled = [c for c in parser.controls if c not in parser.labelled]
    assert not unlabelled
    assert "Nothing you type is stored" in response.text
    assert response.headers["content-security-policy"].startswith("default-src 'self'; script-src 'none'")
    assert response.headers["x-frame-options"] == "DENY"


def test_home_lists_the_campaign_letters_only(client: TestClient) -> None:
    page = client.get("/").text
    assert f'href="{CAMPAIGN}"' in page
    assert "letter-to-foreign-secretary" not in page  # a minister's letter is not a campaign


def test_the_letter_form_offers_points_as_claims_with_their_sources(client: TestClient) -> None:
    page = client.get(CAMPAIGN).text
    assert "Every former detainee Amnesty International interviewed described torture" in page
    assert "Source: " in page
    assert "Tick up to 3" in page
    assert "What makes a letter count" in page


def test_representatives_are_filtered_by_what_the_constituent_types(client: TestClient) -> None:
    everyone = client.get(CAMPAIGN).text
    assert "Alex Placeholder MP, Exampleton" in everyone
    found = client.get(CAMPAIGN, params={"find": "testm"}).text
    assert "Morgan Testworth MP, Testmouth" in found
    assert "Alex Placeholder" not in found
    nobody = client.get(CAMPAIGN, params={"find": "<nobody>"}).text
    assert "matches “&lt;nobody&gt;”" in nobody


def test_an_unknown_campaign_is_a_404_page(client: TestClient) -> None:
    response = client.get("/letters/no-such-letter")
    assert response.status_code == 404
    assert "There is no campaign letter called" in response.text


# ----------------------------------------------------------------------------- the letter's path


def test_preview_shows_the_letter_with_footnotes_and_escapes_user_text(client: TestClient) -> None:
    response = client.post(CAMPAIGN, data=letter(client, name=NASTY))
    assert response.status_code == 200, field_errors(response.text)
    page = response.text
    assert "<script" not in page.lower()
    preview = srcdoc(page)
    assert "<script" not in preview.lower()
    assert "Sam &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in preview
    assert "I have read the reports &amp; I want &lt;b&gt;answers&lt;/b&gt;." in preview
    assert "Dear Jordan Example," in preview
    assert 'class="notes-list"' in preview
    assert len(re.findall(r'<li value="\d+" id="note-\d+">', preview)) >= 2
    assert "2 March 2026" in preview
    assert 'name="name" value="Sam &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co"' in page


def field_errors(page: str) -> list[str]:
    return re.findall(r'<p class="field-error" id="error-([\w-]+)">', page)


def test_the_docx_has_the_letter_and_real_footnotes_and_escapes_user_text(client: TestClient) -> None:
    response = client.post(CAMPAIGN, data=letter(client, name=NASTY, action="docx"))
    assert response.status_code == 200, field_errors(response.text)
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert response.headers["content-disposition"] == 'attachment; filename="constituent-letter.docx"'
    with zipfile.ZipFile(io.BytesIO(response.content)) as package:
        document = package.read("word/document.xml").decode()
        footnotes = package.read("word/footnotes.xml").decode()
    assert "Sam &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in document
    assert "<script" not in document
    assert "I have read the reports &amp; I want &lt;b&gt;answers&lt;/b&gt;." in document
    assert document.count("<w:footnoteReference") >= 2
    assert len(re.findall(r'<w:footnote w:id="[1-9]', footnotes)) == document.count("<w:footnoteReference")


def test_the_pdf_has_the_letter_and_its_notes(client: TestClient) -> None:
    response = client.post(CAMPAIGN, data=letter(client, name=NASTY, action="pdf"))
    assert response.status_code == 200, field_errors(response.text)
    assert response.headers["content-type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    flat = " ".join(text.split())
    assert "Sam <script>alert(1)</script> & Co" in flat
    assert "I want <b>answers</b>." in flat
    assert "Dear Jordan Example," in flat
    assert "Amnesty" in flat


def test_the_ticked_points_are_the_letters_points(client: TestClient) -> None:
    points = offered_points(client)
    chosen = [points[0], points[-1]]
    response = client.post(CAMPAIGN, data=letter(client, points=chosen, action="docx"))
    assert response.status_code == 200
    first = client.post(CAMPAIGN, data=letter(client, points=[points[0]], action="docx"))
    with zipfile.ZipFile(io.BytesIO(first.content)) as package:
        one = package.read("word/footnotes.xml").decode()
    with zipfile.ZipFile(io.BytesIO(response.content)) as package:
        two = package.read("word/footnotes.xml").decode()
    assert one.count("<w:footnote ") < two.count("<w:footnote ")


def test_someone_else_can_be_typed(client: TestClient) -> None:
    data = letter(client, rep="other", representative="Pat Elsewhere MP", constituency="Elsewhere")
    response = client.post(CAMPAIGN, data=data)
    assert response.status_code == 200, field_errors(response.text)
    assert "Dear Pat Elsewhere," in srcdoc(response.text)


def test_someone_else_needs_a_name(client: TestClient) -> None:
    response = client.post(CAMPAIGN, data=letter(client, rep="other", representative="", constituency=""))
    assert response.status_code == 422
    assert field_error(response.text, "representative") == "expected the representative's name, got nothing"
    assert field_error(response.text, "constituency") == "expected the constituency, got nothing"


# ---------------------------------------------------------------------------- bad fields: 422


@pytest.mark.parametrize(
    ("fields", "name", "message"),
    [
        (
            {"name": "Sam\r\nBcc: x@example.org"},
            "name",
            "expected one line, got a line break or tab at offset 3",
        ),
        ({"postcode": "EX1\n2AB"}, "postcode", "expected one line, got a line break or tab at offset 3"),
        (
            {"address1": "1 Lane\u0007"},
            "address1",
            "expected text without control characters, got U+0007 at offset 6",
        ),
        (
            {"personal": "Hello\u0000there"},
            "personal",
            "expected text without control characters, got U+0000",
        ),
        ({"name": "  "}, "name", "expected the constituent's name, got nothing"),
        ({"email": "not an address"}, "email", "expected an email address such as name@example.org"),
        ({"town": "x" * 201}, "town", "expected at most 200 characters, got 201"),
        ({"personal": "x" * 5001}, "personal", "expected at most 5000 characters, got 5001"),
        ({"points": []}, "points", "expected at least one point ticked (at most 3), got none"),
        ({"points": ["made-up-point"]}, "points", "expected points from the list shown, got 'made-up-point'"),
        ({"rep": "r999"}, "rep", "expected a choice: one from the list, or “Someone else”"),
        ({"action": "exe"}, "action", "expected one of the buttons preview, docx, pdf, got 'exe'"),
    ],
)
def test_a_bad_field_is_shown_next_to_it(
    client: TestClient, fields: dict[str, Any], name: str, message: str
) -> None:
    response = client.post(CAMPAIGN, data=letter(client, **fields))
    assert response.status_code == 422
    assert field_error(response.text, name).startswith(message)
    assert 'class="error-summary"' in response.text


def test_too_many_points_are_refused(client: TestClient) -> None:
    response = client.post(CAMPAIGN, data=letter(client, points=offered_points(client)[:4]))
    assert response.status_code == 422
    assert field_error(response.text, "points") == "expected at most 3 points ticked, got 4"


def test_a_field_sent_twice_is_a_field_problem(client: TestClient) -> None:
    response = client.post(CAMPAIGN, data=letter(client, name=["A", "B"]))
    assert response.status_code == 422
    assert field_error(response.text, "name") == "expected one value, got 2"


def test_a_file_in_the_form_is_a_400_not_a_500(client: TestClient) -> None:
    token = csrf_token(client, CAMPAIGN)
    response = client.post(CAMPAIGN, data={"csrf": token}, files={"personal": ("x.txt", b"hello")})
    assert response.status_code == 400


# --------------------------------------------------------------------------------- refusals


def test_a_post_without_the_form_token_is_refused(client: TestClient) -> None:
    data = letter(client)
    del data["csrf"]
    response = client.post(CAMPAIGN, data=data)
    assert response.status_code == 403
    assert "Form not accepted" in response.text


def test_a_post_with_a_wrong_token_is_refused(client: TestClient) -> None:
    data = letter(client, csrf=Csrf(b"another app's secret, 32 bytes!!").issue())
    assert client.post(CAMPAIGN, data=data).status_code == 403


def test_a_post_whose_cookie_is_missing_or_forged_is_refused(client: TestClient) -> None:
    data = letter(client)
    client.cookies.delete(CSRF_COOKIE)
    assert client.post(CAMPAIGN, data=data).status_code == 403
    forged = Csrf(b"another app's secret, 32 bytes!!").issue()
    client.cookies.set(CSRF_COOKIE, forged)
    assert client.post(CAMPAIGN, data={**data, "csrf": forged}).status_code == 403


def test_the_briefing_post_needs_the_token_too(client: TestClient) -> None:
    assert client.post("/library", data={"audience": "mp", "action": "pdf"}).status_code == 403


def test_a_body_over_the_limit_is_413(make_client: Callable[..., TestClient]) -> None:
    client = make_client(max_body=4096)
    response = client.post(CAMPAIGN, data=letter(client, personal="x" * 5000))
    assert response.status_code == 413
    assert "at most 4,096 bytes" in response.text


def test_a_streamed_body_over_the_limit_is_413(make_client: Callable[..., TestClient]) -> None:
    client = make_client(max_body=4096)
    token = csrf_token(client, CAMPAIGN)
    chunks = iter([f"csrf={token}&personal=".encode(), *([b"x" * 1024] * 8)])
    headers = {"content-type": "application/x-www-form-urlencoded"}
    response = client.post(CAMPAIGN, content=chunks, headers=headers)
    assert response.status_code == 413


def test_generation_is_charged_by_points_per_client(make_client: Callable[..., TestClient]) -> None:
    client = make_client(rate_limit=5, rate_window=3600)
    two = offered_points(client)[:2]
    for _ in range(2):  # two points each: 4 of the 5 units
        assert client.post(CAMPAIGN, data=letter(client, points=two)).status_code == 200
    refused = client.post(CAMPAIGN, data=letter(client, points=two))
    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) > 0
    assert re.search(
        r"You have made several documents in a short time\. Please wait \d+ seconds, then try again\.",
        refused.text,
    )


def test_past_the_queue_a_document_gets_503_with_retry_after(make_client: Callable[..., TestClient]) -> None:
    client = make_client(workers=1, queue=0)
    assert client.app.state.scheduler.enter("someone else") is None  # type: ignore[attr-defined]
    response = client.post(CAMPAIGN, data=letter(client, action="pdf"))
    assert response.status_code == 503
    assert response.headers["retry-after"] == "1"
    assert "Many documents are being made right now. Please try again in 1 second." in response.text
    assert client.get("/").status_code == 200  # pages that make nothing are not held up


def test_a_client_has_one_document_in_flight(make_client: Callable[..., TestClient]) -> None:
    client = make_client()
    scheduler = client.app.state.scheduler  # type: ignore[attr-defined]
    assert scheduler.enter("testclient") is None  # this client's first document, still being made
    response = client.post(CAMPAIGN, data=letter(client))
    assert response.status_code == 429
    assert "Your other document is still being made. Please wait for it, then try again." in response.text
    scheduler.leave("testclient")
    assert client.post(CAMPAIGN, data=letter(client)).status_code == 200


def test_a_form_with_problems_costs_one_unit(make_client: Callable[..., TestClient]) -> None:
    client = make_client(rate_limit=2, rate_window=3600)
    for _ in range(2):
        assert client.post(CAMPAIGN, data=letter(client, name="")).status_code == 422
    assert client.post(CAMPAIGN, data=letter(client, name="")).status_code == 429


# ------------------------------------------------------------------------- privacy and stats


def test_counts_increment_and_nothing_personal_is_kept(
    make_client: Callable[..., TestClient], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    client = make_client()
    secret_words = ("Zebedee Uniquename", "QX9 9ZZ", "Unmistakable Street", "my very own paragraph")
    data = letter(
        client,
        name=secret_words[0],
        postcode=secret_words[1],
        address1=f"7 {secret_words[2]}",
        personal=f"This is {secret_words[3]}.",
    )
    for action in ("preview", "docx", "pdf", "docx"):
        assert client.post(CAMPAIGN, data={**data, "action": action}).status_code == 200
    stats = client.get("/stats").text
    assert "3 documents downloaded" in stats
    assert re.search(r"<td>constituent-letter</td><td>docx</td><td class=\"number\">2</td>", stats)
    data_dir = tmp_path / "data"
    assert sorted(p.name for p in data_dir.iterdir()) == ["secret.key", "stats.sqlite3"]
    with sqlite3.connect(data_dir / "stats.sqlite3") as connection:
        rows = connection.execute(
            "SELECT day, document, format, count FROM generated ORDER BY format"
        ).fetchall()
    connection.close()
    assert rows == [
        (DAY.isoformat(), "constituent-letter", "docx", 2),
        (DAY.isoformat(), "constituent-letter", "pdf", 1),
        (DAY.isoformat(), "constituent-letter", "preview", 1),
    ]
    stored = (data_dir / "stats.sqlite3").read_bytes()
    logged = caplog.text
    for word in secret_words:
        assert word.encode() not in stored
        assert word not in logged


# ------------------------------------------------------------------------------ the staff path


def test_the_library_filters_by_topic_audience_and_text(client: TestClient) -> None:
    everything = client.get("/library").text
    on_detention = client.get("/library", params={"topic": "detention"}).text
    searched = client.get("/library", params={"q": "tiger chair", "for": "constituent"}).text
    count = lambda page: len(re.findall(r'<article class="point"', page))  # noqa: E731
    assert count(everything) > count(on_detention) > 0
    assert 0 < count(searched) < count(on_detention) + count(everything)
    assert all("tiger chair" in block.lower() for block in searched.split('<article class="point"')[1:])
    assert "Reviewed" in on_detention and "Sources" in on_detention
    # Each source a point cites says whether it is verified.
    listed = re.findall(r"<li><cite>.*?</li>", on_detention)
    assert listed and all(
        'class="tag warning">unverified<' in li or 'class="tag verified">' in li for li in listed
    )


def test_an_unknown_filter_is_shown_next_to_it(client: TestClient) -> None:
    response = client.get("/library", params={"topic": "<nope>"})
    assert response.status_code == 422
    assert field_error(response.text, "topic") == "expected one of the topics listed, got '<nope>'"


def briefing(client: TestClient, **fields: Any) -> dict[str, Any]:
    points = re.findall(r'name="points" value="([^"]+)"', client.get("/library?topic=detention").text)
    data: dict[str, Any] = {
        "csrf": csrf_token(client, "/library"),
        "topic": "detention",
        "audience": "mp",
        "title": "Detention & <the camps>",
        "prepared_by": "Research Team",
        "organisation": "",
        "points": points[:3],
        "action": "preview",
    }
    data.update(fields)
    return data


def test_a_briefing_is_previewed_with_its_notes(client: TestClient) -> None:
    response = client.post("/library", data=briefing(client))
    assert response.status_code == 200, field_errors(response.text)
    preview = srcdoc(response.text)
    assert "Detention &amp; &lt;the camps&gt;" in preview
    assert 'class="notes-list"' in preview
    assert "checked" in response.text  # the ticks survive the preview


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_a_briefing_downloads(client: TestClient, fmt: str) -> None:
    response = client.post("/library", data=briefing(client, action=fmt))
    assert response.status_code == 200, field_errors(response.text)
    assert response.headers["content-disposition"] == f'attachment; filename="briefing-mp.{fmt}"'
    if fmt == "docx":
        with zipfile.ZipFile(io.BytesIO(response.content)) as package:
            assert package.read("word/document.xml").count(b"<w:footnoteReference") >= 3
    else:
        text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
        assert "Detention & <the camps>" in " ".join(text.split())
    assert "briefing:mp" in client.get("/stats").text


@pytest.mark.parametrize(
    ("fields", "name", "message"),
    [
        ({"title": ""}, "title", "expected a title, got nothing"),
        ({"prepared_by": "A\nB"}, "prepared_by", "expected one line"),
        (
            {"audience": "constituent"},
            "audience",
            "expected one of: mp, minister, company, got 'constituent'",
        ),
        ({"points": []}, "points", "expected at least one point ticked"),
    ],
)
def test_a_bad_briefing_field_is_shown_next_to_it(
    client: TestClient, fields: dict[str, Any], name: str, message: str
) -> None:
    response = client.post("/library", data=briefing(client, **fields))
    assert response.status_code == 422
    assert field_error(response.text, name).startswith(message)


def test_a_form_with_too_many_fields_is_a_400(client: TestClient) -> None:
    data = letter(client)
    data.update({f"x{i}": "1" for i in range(400)})
    assert client.post(CAMPAIGN, data=data).status_code == 400


def test_no_representative_chosen_is_one_problem_not_three(client: TestClient) -> None:
    response = client.post(CAMPAIGN, data=letter(client, rep=""))
    assert response.status_code == 422
    assert field_error(response.text, "rep").startswith("expected a choice")
    assert field_errors(response.text) == ["rep"]


def test_markup_in_the_paragraph_is_printed_not_fetched(client: TestClient) -> None:
    personal = '<img src="file:///etc/passwd"> <link rel="stylesheet" href="http://example.org/x.css">'
    response = client.post(CAMPAIGN, data=letter(client, personal=personal, action="pdf"))
    assert response.status_code == 200
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages).split())
    assert '<img src="file:///etc/passwd">' in text


def test_an_unexpected_error_is_a_500_page_that_logs_no_message(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken(renderer: object, brief: Brief, output: str) -> bytes:
        raise RuntimeError(brief.sender.address[0])  # what someone typed

    monkeypatch.setattr("advocate.web.pool.Renderer.render", broken)
    response = client.post(CAMPAIGN, data=letter(client))
    assert response.status_code == 500
    assert "Nothing you typed was kept" in response.text
    assert "RuntimeError" in caplog.text
    assert "Sample Lane" not in caplog.text


# ------------------------------------------------------------------ sources and their verification


@pytest.fixture
def checked_library(tmp_path: Path) -> Path:
    """The tests' mini library with one source unverified (the Amnesty report: no URL) and one whose
    address is not a web address (and would break out of an attribute if it were not escaped)."""
    folder = tmp_path / "minilib"
    shutil.copytree(REPO / "tests" / "fixtures" / "minilib", folder)
    sources = folder / "sources.yaml"
    text = sources.read_text(encoding="utf-8").replace("    URL: https://example.org/amnesty\n", "")
    text = text.replace(
        "URL: https://example.org/convention", """URL: 'javascript:alert(1)//"><script>x()</script>'"""
    )
    text = text.replace("URL: https://example.org/cbc", "URL: https://example.org/cbc?a=1&b=2")
    sources.write_text(text, encoding="utf-8")
    (tmp_path / "no-briefs").mkdir()
    return folder


def test_the_library_page_shows_each_source_verified_or_not_with_its_date_and_link(
    make_client: Callable[..., TestClient], checked_library: Path, tmp_path: Path
) -> None:
    client = make_client(library_dir=checked_library, briefs_dir=tmp_path / "no-briefs")
    page = client.get("/library").text
    sources = page[page.index('id="library-sources"') :]
    assert "2 of 3 sources verified." in " ".join(sources.split())
    cbc = re.search(r'<li id="source-cbc-2021">(.*?)</li>', sources, re.S)
    assert cbc and '<span class="tag verified">verified</span>' in cbc.group(1)
    assert ', checked <time datetime="2024-01-10">2024-01-10</time>' in cbc.group(1)
    link = '<a href="https://example.org/cbc?a=1&amp;b=2" rel="noreferrer noopener">'
    assert link + "https://example.org/cbc?a=1&amp;b=2</a>" in cbc.group(1)
    amnesty = re.search(r'<li id="source-amnesty-2021">(.*?)</li>', sources, re.S)
    assert amnesty and '<span class="tag warning">unverified</span>, checked' in amnesty.group(1)
    assert amnesty.group(1).endswith(", no URL")
    # Not a web address: printed as text, escaped, never a link.
    convention = re.search(r'<li id="source-genocide-convention">(.*?)</li>', sources, re.S)
    assert convention and "<a " not in convention.group(1) and "<script>" not in page
    assert "javascript:alert(1)//&#34;&gt;&lt;script&gt;x()&lt;/script&gt;" in convention.group(1)


def test_a_point_resting_only_on_unverified_sources_is_marked(
    make_client: Callable[..., TestClient], checked_library: Path, tmp_path: Path
) -> None:
    client = make_client(library_dir=checked_library, briefs_dir=tmp_path / "no-briefs")
    page = client.get("/library").text
    claims = {
        point: html.unescape(re.sub(r"<[^>]+>", "", label)).strip()
        for point, label in re.findall(
            r'<label for="point-[^"]+" id="claim-([^"]+)">(.*?)</label>', page, re.S
        )
    }
    assert claims == {
        "detention-scale": "Up to a million people have been held in camps. unverified sources",
        "coalition": "More than forty states called for access to Xinjiang.",
        "cotton": "Cotton picked under coercion can reach UK shops.",  # one of its two sources is verified
    }


def test_the_library_page_says_until_when_a_fact_holds_and_what_replaces_it(
    make_client: Callable[..., TestClient], checked_library: Path, tmp_path: Path
) -> None:
    content = checked_library / "content.yaml"
    text = content.read_text(encoding="utf-8")
    expiring = "    reviewed: 2024-01-10\n    until: 2024-06-30\n    superseded_by: coalition\n"
    content.write_text(text.replace("    reviewed: 2024-01-10\n", expiring, 1), encoding="utf-8")
    page = make_client(library_dir=checked_library, briefs_dir=tmp_path / "no-briefs").get("/library").text
    held = re.search(r"<dt>Holds until</dt>\s*<dd>(.*?)</dd>", page, re.S)
    assert held and held.group(1).startswith("30 June 2024; after that a document uses")
    assert '<a href="#claim-coalition">coalition</a>' in held.group(1)
    assert page.count("<dt>Holds until</dt>") == 1
