"""``advocate init``: a new campaign that checks clean, imports references, builds every document kind,
merges letters and is served by the web app, as a new user would run it (issue 12's proof)."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from advocate.brief import check_project
from advocate.cli import main
from advocate.scaffold import scaffold_files
from advocate.web import Settings, create_app
from web.conftest import csrf_token, offered_points

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"
DAY = dt.date(2026, 3, 2)
"""The date the web app's letters carry."""
KINDS = {
    "mp-briefing",
    "mp-letter",
    "minister-letter",
    "minister-briefing",
    "company-letter",
    "company-briefing",
    "constituent-letter",
}
"""One brief per document kind and audience the tool supports."""


def run(folder: Path, *argv: str) -> int:
    """``advocate ARGV`` run inside ``folder``, as a user types it there (the default folders)."""
    here = Path.cwd()
    os.chdir(folder)
    try:
        return main(list(argv))
    finally:
        os.chdir(here)


@pytest.fixture(scope="module")
def campaign(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A campaign made by ``advocate init``, with a CSL JSON, a BibTeX and a RIS file imported."""
    root = tmp_path_factory.mktemp("init") / "my-campaign"
    assert main(["init", str(root)]) == 0
    for name in ("zotero.json", "refs.bib", "refs.ris"):
        shutil.copy(FIXTURES / name, root / name)
    assert run(root, "import", "zotero.json", "refs.bib", "refs.ris") == 0
    yield root


def test_init_writes_the_campaign_and_the_next_commands(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "new"
    assert main(["init", str(target)]) == 0
    out = capsys.readouterr().out
    written = sorted(p.relative_to(target) for p in target.rglob("*") if p.is_file())
    assert written == scaffold_files()
    assert {p.stem for p in written if p.parent == Path("briefs") and p.suffix == ".yaml"} == KINDS
    for name in ("campaign", "brand", "sources", "topics", "points", "asks"):
        assert f"wrote {target / 'library' / name}.yaml\n" in out
    assert out.endswith(
        f"\nNext, in {target}: replace each placeholder (start with its README.md), then run:\n"
        f"  cd {target}\n"
        "  advocate check\n"
        "  advocate build\n"
        "  advocate letters briefs/constituent-letter.yaml --people briefs/people.csv\n"
    )
    for path in written:
        if path.suffix == ".yaml":  # every file says what its keys mean
            assert (target / path).read_text(encoding="utf-8").startswith("# "), path
    brief = (target / "briefs" / "mp-briefing.yaml").read_text(encoding="utf-8")
    assert f"\ndate: {dt.date.today().isoformat()}\n" in brief


def test_init_refuses_a_folder_that_holds_anything(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    assert main(["init", str(tmp_path)]) == 1
    assert capsys.readouterr().err == (
        f"{tmp_path}: expected a new or empty folder, got one holding 1 item(s) (notes.txt): "
        "choose a new folder name, so that nothing of yours is overwritten\n"
    )
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_init_refuses_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "campaign").write_text("mine", encoding="utf-8")
    assert main(["init", str(tmp_path / "campaign")]) == 1
    assert capsys.readouterr().err == (
        f"{tmp_path / 'campaign'}: expected a new or empty folder, got a file: choose a folder name\n"
    )


def test_init_into_an_empty_folder(tmp_path: Path) -> None:
    assert main(["init", str(tmp_path)]) == 0
    assert (tmp_path / "library" / "campaign.yaml").is_file()


def test_the_campaign_checks_clean_with_its_placeholders_reported(campaign: Path) -> None:
    briefs = sorted((campaign / "briefs").glob("*.yaml"))
    report = check_project(campaign / "library", briefs)
    assert report.errors == []
    sources = report.library.sources
    assert {"source-one", "source-two", "example-2020", "sample2019", "placeholder-2018"} <= set(sources)
    assert sources["source-one"].unverified
    # The warnings are the placeholders' own: nothing reviewed, nothing verified, nothing cited yet.
    messages = {re.sub(r"'[^']*'", "'X'", p.message) for p in report.problems}
    assert messages == {
        "never reviewed: add the date a person checked it against its sources",
        "unverified source: no URL and accessed date",
        "source cited by nothing",  # the imported ones, until a point cites them
    }


def test_every_document_kind_builds_and_the_letters_merge(campaign: Path, tmp_path: Path) -> None:
    assert run(campaign, "build", "--out", str(tmp_path / "out")) == 0
    built = {p.name for p in (tmp_path / "out").iterdir()}
    assert built == {f"{kind}.{ext}" for kind in KINDS for ext in ("docx", "pdf")}
    people = tmp_path / "people"
    argv = ["letters", "briefs/constituent-letter.yaml", "--people", "briefs/people.csv"]
    assert run(campaign, *argv, "--out", str(people), "--workers", "1") == 0
    assert sorted(p.name for p in people.glob("*.pdf")) == ["0002-sam-sample.pdf", "0003-jo-example.pdf"]


def test_the_web_app_serves_the_campaign_letter(campaign: Path, tmp_path: Path) -> None:
    settings = Settings(
        library_dir=campaign / "library",
        briefs_dir=campaign / "briefs",
        data_dir=tmp_path / "data",
        today=DAY,
        rate_limit=1000,
    )
    page = "/letters/constituent-letter"
    with TestClient(create_app(settings)) as client:
        home = client.get("/").text
        assert f'href="{page}"' in home
        assert "<title>Write to your representative · Replace with your organisation&#39;s name<" in home
        points = offered_points(client, page)
        assert points == ["first-point", "second-point", "third-point"]
        form = {
            "csrf": csrf_token(client, page),
            "rep": "r2",  # the first row of representatives.csv: Alex Placeholder MP
            "name": "Sam Sample",
            "address1": "1 Example Street",
            "town": "Exampleton",
            "postcode": "EX1 1AA",
            "points": points[:2],
            "action": "preview",
        }
        response = client.post(page, data=form)
        assert response.status_code == 200, re.findall(r'id="error-([\w-]+)"', response.text)
        assert "Dear Alex Placeholder," in response.text
        assert "Replace this with the fact in one sentence" in response.text
