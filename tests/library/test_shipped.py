"""The library the project ships: it passes every rule, and its quotes occur in the seed documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from advocate.library.check import CheckReport, check
from advocate.library.citations import text_fields
from advocate.library.load import load_library
from advocate.library.models import Library
from advocate.library.quotes import quotations
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


CAMPAIGN_SEED = ("000_21e4858736ddc6cf.txt", "ghani-2021-campaign")
"""The campaign page, and the source it is the text of."""
NEWS_SEED = "004_7f2d64cf7a000776.txt"
NEWS_ARTICLES = (
    ("cbc-2021-canada-leads-coalition", "Canada leads international coalition calling on China"),
    ("aljazeera-2021-amnesty-hellscape", "Amnesty says China has created"),
    ("sky-2021-where-is-my-husband", "Uighur woman breaks silence as her fears grow"),
)
"""The three articles of the news seed, in order: the source each is, and how its headline starts."""
SEED_SOURCES = (CAMPAIGN_SEED[1], *(source for source, _ in NEWS_ARTICLES))


def seed_archive(archive: Path) -> dict[str, str]:
    """Write the seed texts as snapshots of the four sources they hold (the news seed split at each
    article's headline, so a quotation is looked for in its own article only); the texts by source."""
    texts = {CAMPAIGN_SEED[1]: (SEEDS / CAMPAIGN_SEED[0]).read_text(encoding="utf-8")}
    lines = (SEEDS / NEWS_SEED).read_text(encoding="utf-8").splitlines(keepends=True)
    starts = []
    for source, headline in NEWS_ARTICLES:
        found = [n for n, line in enumerate(lines) if line.startswith(headline)]
        assert len(found) == 1, f"expected the headline of {source} once in {NEWS_SEED}, found {len(found)}"
        starts.append(found[0])
    assert starts[0] <= 1 and starts == sorted(starts), f"the articles are not where expected: {starts}"
    for (source, _), start, end in zip(NEWS_ARTICLES, starts, [*starts[1:], len(lines)], strict=True):
        texts[source] = "".join(lines[start:end])
    for source, text in texts.items():
        (archive / f"{source}.txt").write_text(text, encoding="utf-8")
    return texts


def quotes_citing(library: Library, sources: set[str], only: bool = False) -> dict[str, list[str]]:
    """Every point's quote and every attributed quotation that names one of ``sources`` (``only``:
    and no other seed source, whose snapshot could hold it), by key path."""
    found: dict[str, list[str]] = {}
    for point in library.points.values():
        if point.quote and point.quote.source in sources:
            found.setdefault(f"points.{point.id}.quote", []).append(point.quote.text)
    for _, path, text in text_fields(library):
        for quotation in quotations(text):
            named = set(quotation.sources)
            if sources & named and not (only and named & set(SEED_SOURCES) - sources):
                found.setdefault(path, []).append(quotation.text)
    return found


def quote_problems(report: CheckReport) -> list[str]:
    return [
        str(p)
        for p in report.problems
        if p.message.startswith(("quote not found", "quotation ")) and p.severity == "error"
    ]


@pytest.fixture
def seeds() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"seed texts not found at {SEEDS} (shared/ is expected beside the repository)")
    return SEEDS


def test_shipped_quotes_occur_in_the_seed_texts(seeds: Path, shipped: Library, tmp_path: Path) -> None:
    """Every quote and attributed quotation citing the campaign page or one of the three articles is
    word for word in that text (``check --archive`` on snapshots made from the seeds)."""
    assert sorted(set(SEED_SOURCES) - set(shipped.sources)) == []
    archive = tmp_path / "archive"
    archive.mkdir()
    seed_archive(archive)
    checked = quotes_citing(shipped, set(SEED_SOURCES))
    assert checked, "nothing in the library quotes a seed document, so nothing was checked"
    assert quote_problems(check(LIBRARY, archive=archive)) == []


def test_an_emptied_seed_snapshot_catches_every_quote_taken_from_it(
    seeds: Path, shipped: Library, tmp_path: Path
) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    seed_archive(archive)

    def reported() -> set[str]:
        return {p.path for p in check(LIBRARY, archive=archive).problems if p.message.startswith("quot")}

    before = reported()
    (archive / f"{CAMPAIGN_SEED[1]}.txt").write_text("", encoding="utf-8")
    after = reported()
    only_campaign = quotes_citing(shipped, {CAMPAIGN_SEED[1]}, only=True)
    assert only_campaign, "nothing quotes the campaign page alone"
    # Every quote resting on the campaign page alone is now reported, and nothing that does not cite it.
    assert set(only_campaign) <= after
    assert after - before <= set(quotes_citing(shipped, {CAMPAIGN_SEED[1]}))


def test_no_phrasing_adds_a_number_or_a_name(repo_root: Path) -> None:
    report = check(LIBRARY)
    # the phrasing check's own warnings (a tentative word in a phrasing is another check's)
    assert [
        str(p) for p in report.problems if ".phrasings[" in p.path and p.message.startswith("phrasing ")
    ] == []
