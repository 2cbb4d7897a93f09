"""What the app loads: campaigns, representatives and the points offered."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import markupsafe
import pytest
from fastapi.testclient import TestClient

from advocate import people
from advocate.errors import AdvocateError
from advocate.web.content import campaign_points, load_content, read_representatives

from .conftest import DAY, REPO, settings


def test_the_bundled_representatives_are_read(tmp_path: Path) -> None:
    content = load_content(settings(tmp_path))
    assert [r.label for r in content.representatives][:2] == [
        "Alex Placeholder MP, Exampleton",
        "Jordan Example MP, Sampleford",
    ]
    assert list(content.campaigns) == ["constituent-letter"]


def test_a_bad_representatives_file_is_reported_with_its_lines(tmp_path: Path) -> None:
    path = tmp_path / "representatives.csv"
    path.write_text("name,constituency\nA Person,Somewhere\n,Nowhere\nB\u0007,X\n", encoding="utf-8")
    with pytest.raises(AdvocateError) as caught:
        read_representatives(path)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:3: expected a name and a constituency",
        f"{path}:4: expected text without control characters, got U+0007 at offset 1",
    ]
    path.write_text("name,party\nA,B\n", encoding="utf-8")
    with pytest.raises(AdvocateError) as caught:
        read_representatives(path)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:1: unknown column 'party'; expected one of: name, title, constituency",
        f"{path}:1: missing required column 'constituency'",
    ]


def test_an_oversized_representatives_row_is_reported_as_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(people, "MAX_RECORD_CHARS", 50)
    path = tmp_path / "representatives.csv"
    path.write_text(f"name,constituency\nA Person,Somewhere\n{'x' * 60},Y\n", encoding="utf-8")
    with pytest.raises(AdvocateError) as caught:
        read_representatives(path)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:3: expected a record of at most 50 characters, got 63 (record 3): it was not read; shorten "
        "its values"
    ]


def test_without_a_representatives_file_constituents_type_the_name(tmp_path: Path) -> None:
    briefs = tmp_path / "briefs"
    briefs.mkdir()
    (briefs / "letter.yaml").write_bytes((REPO / "briefs" / "constituent-letter.yaml").read_bytes())
    content = load_content(settings(tmp_path / "data", briefs_dir=briefs))
    assert content.representatives == ()
    assert list(content.campaigns) == ["letter"]


def test_the_points_offered_are_on_the_campaigns_topics_best_first(tmp_path: Path) -> None:
    content = load_content(settings(tmp_path))
    campaign = content.campaigns["constituent-letter"]
    views = campaign_points(content, campaign, DAY)
    topics = set(campaign.brief.topics)
    assert views and all(topics & set(v.point.topics) for v in views)
    priorities = [v.point.audiences["constituent"] for v in views]
    assert priorities == sorted(priorities)
    assert all(v.sources and v.short_sources for v in views)


def test_without_a_letters_role_the_app_says_what_to_add(
    tmp_path: Path, make_client: Callable[..., TestClient]
) -> None:
    library = tmp_path / "library"
    shutil.copytree(REPO / "library", library)
    campaign = library / "campaign.yaml"
    text = campaign.read_text(encoding="utf-8")
    campaign.write_text(re.sub(r"\n *letters: .*", "", text, count=1), encoding="utf-8")
    content = load_content(settings(tmp_path / "data", library_dir=library))
    message = (
        f"{library}/campaign.yaml: campaign.roles.letters: no audience writes the campaign's letters: add "
        "`roles: letters: AUDIENCE` under `campaign:` (the audience whose letter the mail merge and the web "
        "page write, e.g. constituent)"
    )
    assert (content.campaigns, content.no_letters) == ({}, message)
    client = make_client(library_dir=library)
    assert str(markupsafe.escape(message)) in client.get("/").text
    assert client.get("/library").status_code == 200
