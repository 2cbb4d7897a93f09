"""The library the project ships: it passes every rule, and its quotes occur in the seed documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from advocate.library.check import check, text_fields
from advocate.library.load import load_library
from advocate.library.models import Library
from advocate.lookup import cited_sources

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO.parent / "shared" / "seeds"
LIBRARY = Path("library")


@pytest.fixture
def shipped(repo_root: Path) -> Library:
    """What loads of the shipped library (its problems are the subject of the first test)."""
    return load_library(LIBRARY).library


def test_shipped_library_has_no_errors(repo_root: Path) -> None:
    report = check(LIBRARY)
    assert [str(p) for p in report.errors] == []


def test_shipped_library_has_at_least_forty_points(shipped: Library) -> None:
    assert len(shipped.points) >= 40


def test_every_citation_resolves(shipped: Library) -> None:
    unknown = [
        f"{path}: {source}"
        for _, path, text in text_fields(shipped)
        for source in cited_sources(text)
        if source not in shipped.sources
    ]
    assert unknown == []
    rules = [a.id for a in shipped.arguments.values() if a.rule.source not in shipped.sources]
    assert rules == []


def test_every_point_cites_a_source(shipped: Library) -> None:
    uncited = [point.id for point in shipped.points.values() if not cited_sources(point.text)]
    assert uncited == []


def test_every_source_is_cited(shipped: Library) -> None:
    cited = {source for _, _, text in text_fields(shipped) for source in cited_sources(text)}
    cited |= {argument.rule.source for argument in shipped.arguments.values()}
    assert sorted(set(shipped.sources) - cited) == []


def seed_archive(library: Library, archive: Path) -> set[str]:
    """Write the seed texts as snapshots of the sources they hold; the ids written."""
    campaign = (SEEDS / "000_21e4858736ddc6cf.txt").read_text(encoding="utf-8")
    news = (SEEDS / "004_7f2d64cf7a000776.txt").read_text(encoding="utf-8")
    campaign_title = campaign.strip().splitlines()[0].strip()
    written: dict[str, str] = {}
    for source in library.sources.values():
        if (
            source.container_title in ("CBC News", "Al Jazeera", "Sky News")
            and source.type == "article-newspaper"
        ):
            written[source.id] = news  # the seed holds all three articles; a quote only has to occur in it
        elif source.title.strip() == campaign_title:
            written[source.id] = campaign
    for source_id, text in written.items():
        (archive / f"{source_id}.txt").write_text(text, encoding="utf-8")
    return set(written)


def test_shipped_quotes_occur_in_the_seed_texts(shipped: Library, tmp_path: Path) -> None:
    if not SEEDS.is_dir():
        pytest.skip(f"seed texts not found at {SEEDS} (shared/ is expected beside the repository)")
    archive = tmp_path / "archive"
    archive.mkdir()
    seeded = seed_archive(shipped, archive)
    # The CBC, Al Jazeera and Sky News articles and the campaign page.
    assert len(seeded) == 4, sorted(seeded)
    checked = [p.id for p in shipped.points.values() if p.quote and p.quote.source in seeded]
    assert checked, "no point quotes a seed document, so nothing was checked"
    report = check(LIBRARY, archive=archive)
    quote_problems = [str(p) for p in report.problems if p.path.endswith(".quote") and p.severity == "error"]
    assert quote_problems == []
    # The same run with one snapshot emptied does catch every quote taken from it.
    emptied = shipped.points[checked[0]].quote.source  # type: ignore[union-attr]
    (archive / f"{emptied}.txt").write_text("", encoding="utf-8")
    missed = {p.path for p in check(LIBRARY, archive=archive).errors if p.path.endswith(".quote")}
    quoting = {
        f"points.{p.id}.quote" for p in shipped.points.values() if p.quote and p.quote.source == emptied
    }
    assert missed == quoting


def test_no_phrasing_adds_a_number_or_a_name(repo_root: Path) -> None:
    report = check(LIBRARY)
    # (a bare office title in a phrasing is another check's warning)
    assert [
        str(p) for p in report.problems if ".phrasings[" in p.path and "bare office title" not in p.message
    ] == []
