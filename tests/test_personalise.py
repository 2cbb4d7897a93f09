"""personalise: letters to one office stay apart (at most one point in common, bodies at most 0.5
alike, median at most 0.15), a library too small for its rows is reported, appended rows leave earlier
letters as they were, and the web page's letter is chosen the same way."""

from __future__ import annotations

import dataclasses
import itertools
import statistics
from collections.abc import Sequence
from pathlib import Path

import pytest

from advocate.assemble import assemble
from advocate.batch import plan_batch, run_letters
from advocate.batch.plan import Batch, base_brief
from advocate.cli import main
from advocate.constituents import check_row
from advocate.library.check import load_checked_library
from advocate.people import COLUMNS, Row
from advocate.personalise import BOUND, Office, body_shingles, personal_brief, row_variant
from advocate.sample_people import example_people, write_people

REPO = Path(__file__).resolve().parents[1]
LIBRARY = REPO / "library"
BRIEF = REPO / "briefs" / "constituent-letter.yaml"


def rows_to(count: int, office: int = 0, seed: int = 1, own_words: bool = False) -> list[dict[str, str]]:
    """``count`` fictional rows to the office numbered ``office``, no topics, own words only if asked."""
    rows = example_people(count, seed)
    for row in rows:
        row.update(
            representative=f"Member {office}",
            representative_title="MP",
            constituency=f"Seat {office}",
            topics="",
        )
        if not own_words:
            row["personal"] = ""
    return rows


def bound_holds(batch: Batch) -> tuple[float, float]:
    """Check the bound for every office of ``batch``; its highest and largest median similarity."""
    library = batch.library
    offices: dict[str, list[tuple[set[str], frozenset[tuple[str, ...]]]]] = {}
    for letter in batch.letters:
        document = assemble(library, letter.brief)
        points = {item for item in document.items if item in library.points}
        assert points, letter.stem
        offices.setdefault(letter.office, []).append((points, body_shingles(document)))
    highest, medians = 0.0, [0.0]
    for letters in offices.values():
        scores = []
        for (points_a, a), (points_b, b) in itertools.combinations(letters, 2):
            assert len(points_a & points_b) <= 1
            scores.append(len(a & b) / len(a | b))
        if scores:
            highest = max(highest, *scores)
            medians.append(statistics.median(scores))
    assert highest <= BOUND and max(medians) <= 0.15, (highest, max(medians))
    return highest, max(medians)


def test_200_letters_to_one_office_with_no_words_of_their_own_stay_apart(tmp_path: Path) -> None:
    path = write_people(tmp_path / "people.csv", rows_to(200))
    batch = plan_batch(BRIEF, path, LIBRARY)
    assert len(batch.letters) == 200 and len({letter.office for letter in batch.letters}) == 1
    assert not batch.warnings
    bound_holds(batch)


def test_40_offices_of_5_letters_each_stay_apart(tmp_path: Path) -> None:
    rows = [row for office in range(40) for row in rows_to(5, office, seed=office, own_words=True)]
    path = write_people(tmp_path / "people.csv", rows)
    batch = plan_batch(BRIEF, path, LIBRARY)
    assert len({letter.office for letter in batch.letters}) == 40 and not batch.warnings
    bound_holds(batch)


def small_brief(tmp_path: Path, keep: Sequence[str]) -> Path:
    """The campaign's letter brief excluding every constituent point but ``keep``."""
    library = load_checked_library(LIBRARY)
    others = [p.id for p in library.points.values() if "constituent" in p.audiences and p.id not in keep]
    path = tmp_path / "small.yaml"
    path.write_text(BRIEF.read_text(encoding="utf-8") + f"exclude: [{', '.join(others)}]\n", encoding="utf-8")
    return path


def test_a_library_too_small_for_its_rows_is_reported_before_rendering(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    library = load_checked_library(LIBRARY)
    base = base_brief(BRIEF, library)
    keep = [
        p.id for p in library.points.values() if "constituent" in p.audiences and "detention" in p.topics
    ][:4]
    brief = small_brief(tmp_path, keep)
    people = write_people(tmp_path / "people.csv", rows_to(6))
    argv = [
        "letters",
        str(brief),
        "--people",
        str(people),
        "--out",
        str(tmp_path / "out"),
        "--format",
        "docx",
    ]
    assert main([*argv, "--workers", "1", "--library", str(LIBRARY)]) == 0
    err = capsys.readouterr().err
    # four points make one letter of three and three of two that share at most one: two more share two
    expected = (
        f"{people}: warning: 6 letters to Member 0 MP: 2 share more than 1 point with an earlier one, as "
        f"the library has 4 points on their topics ({', '.join(base.topics)}); add points, or phrasings "
        "of them, on these topics, or ask these supporters for a sentence of their own\n"
    )
    assert err.startswith(expected), err


def test_appended_rows_leave_earlier_letters_byte_identical(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    rows = rows_to(6, 0, seed=3) + rows_to(3, 1, seed=4)
    more = rows_to(4, 0, seed=5) + rows_to(2, 2, seed=6)
    first = write_people(tmp_path / "first.csv", rows)
    longer = write_people(tmp_path / "longer.csv", [*rows, *more])
    before = plan_batch(BRIEF, first, LIBRARY).letters
    after = plan_batch(BRIEF, longer, LIBRARY).letters
    assert after[: len(before)] == before  # the same briefs, points, variants and input hashes
    one, two = tmp_path / "one", tmp_path / "two"
    run_letters(BRIEF, first, one, formats=("docx",), workers=1, library_dir=LIBRARY)
    run_letters(BRIEF, longer, two, formats=("docx",), workers=1, library_dir=LIBRARY)
    made = sorted(p.name for p in one.glob("*.docx"))
    assert len(made) == 9
    assert all((one / name).read_bytes() == (two / name).read_bytes() for name in made)
    report = run_letters(BRIEF, longer, one, formats=("docx",), workers=1, library_dir=LIBRARY)
    assert report.summary() == "6 letters written, 9 skipped (unchanged), 0 rows failed"


def test_the_web_letter_is_chosen_as_the_mail_merge_chooses(tmp_path: Path) -> None:
    """The web page's letter is ``personal_brief`` of the constituent's details: its variant comes from
    them (the page knows no other letter to the office), and it states the ticked points."""
    from advocate.web.content import campaign_points, load_content
    from advocate.web.forms import LETTER_FIELDS, SOMEONE_ELSE, Submitted, check_letter
    from web.conftest import DAY, settings

    content = load_content(settings(tmp_path))
    campaign = content.campaigns["constituent-letter"]
    offered = [view.point.id for view in campaign_points(content, campaign, DAY)]
    typed = {name: rows_to(1, own_words=True)[0][name] for name in LETTER_FIELDS}
    submitted = Submitted({**typed, "rep": SOMEONE_ELSE}, tuple(offered[:2]), "preview")
    brief, errors = check_letter(submitted, content, campaign, offered, DAY)
    assert brief is not None, errors
    row = Row(line=1, values={**dict.fromkeys(COLUMNS, ""), **typed})
    constituent, _ = check_row(row, "form", content.library.topics, campaign.brief.recipient.address)
    assert constituent is not None
    base = dataclasses.replace(campaign.brief, date=DAY)
    same = personal_brief(content.library, base, constituent, row, campaign.name, Office(), offered[:2])
    assert brief == same and brief.variant == row_variant(row)
    assert set(brief.include) == set(offered[:2])


def test_the_web_page_invites_a_sentence_of_their_own(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from advocate.web import create_app
    from web.conftest import CAMPAIGN, settings

    with TestClient(create_app(settings(tmp_path))) as client:
        page = client.get(CAMPAIGN).text
    assert (
        '<label for="field-personal">A sentence of your own: why does this matter to you? '
        '<span class="optional">(optional,\n    but it is what makes your letter count: your representative '
        "reads it first)</span></label>"
    ) in page


def test_the_similarity_report_is_per_office_highest_first_with_pairs_over_the_bound() -> None:
    from advocate.batch.similarity import Similarity, compare

    copy = frozenset({("a", "b", "c", "d", "e"), ("b", "c", "d", "e", "f")})
    other = frozenset({("x", "b", "c", "d", "e"), ("b", "c", "d", "e", "f")})
    compared = compare({"0002-a": copy, "0003-b": copy, "0004-c": other})
    assert compared.pairs == (
        ("0002-a", "0003-b", 1.0),
        ("0002-a", "0004-c", 1 / 3),
        ("0003-b", "0004-c", 1 / 3),
    )
    office = Similarity(3, 1.0, 1 / 3, ("0002-a", "0003-b"), office="Member 0 MP", over=compared.pairs[:1])
    calm = Similarity(2, 0.1, 0.1, ("0005-d", "0006-e"), office="Member 1 MP")
    whole = Similarity(5, 1.0, 0.0, ("0002-a", "0003-b"), offices=(office, calm))
    assert whole.report() == [
        "to Member 0 MP: 3 letters, highest 1.000 (0002-a and 0003-b), median 0.333, 1 pair(s) over 0.5",
        "  over 0.5: 0002-a and 0003-b 1.000",
        "to Member 1 MP: 2 letters, highest 0.100 (0005-d and 0006-e), median 0.100",
        "similarity of 5 letters: highest 1.000 (0002-a and 0003-b), median 0.000",
    ]
