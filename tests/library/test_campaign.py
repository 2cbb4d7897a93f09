"""The campaign file: shipped profiles merged with the campaign's own part, overrides, roles."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from advocate.audiences import shipped_profiles
from advocate.build import build
from advocate.cli import main
from advocate.errors import AdvocateError
from advocate.library.campaign import letters_role, questions_role
from advocate.library.check import check
from advocate.library.load import load_library
from advocate.library.models import Library
from assemble.conftest import FILES as RIVER_FILES

REPO = Path(__file__).resolve().parents[2]
AddFile = Callable[[str, str], str]
TODAY = dt.date(2024, 6, 1)

CAMPAIGN = """
campaign:
  name: Test campaign
  issue: the state of the {rivers}
  roles: {letters: constituent, questions: mp}
"""


PRESS = """
  - id: press
    label: Journalist
    register: professional
    documents:
      letter:
        sections:
          - {kind: opening, text: "About {issue}."}
          - {kind: points, topics: [detention]}
          - kind: asks
          - {kind: points, topics: [recognition]}
"""
"""An audience of a library's own (an entry of ``audiences:``), whose wording names the issue and whose
letter has two sections of one kind."""


@pytest.fixture
def campaign_library(library: Path) -> Path:
    """The mini library with a campaign file instead of its own audiences."""
    (library / "audiences.yaml").unlink()
    (library / "campaign.yaml").write_text(CAMPAIGN.lstrip(), encoding="utf-8")
    return library


@pytest.fixture
def rivers_without_questions(tmp_path: Path) -> Path:
    """The river library (tests/assemble) with no questions role, and a briefing for Members."""
    (tmp_path / "library").mkdir()
    for name, text in RIVER_FILES.items():
        (tmp_path / "library" / name).write_text(text.lstrip(), encoding="utf-8")
    campaign = tmp_path / "library" / "campaign.yaml"
    campaign.write_text(campaign.read_text().replace(", questions: minister", ""), encoding="utf-8")
    brief = "kind: briefing\naudience: mp\ntitle: Rivers\ndate: 2024-06-01\nrecipient: {name: Members}\n"
    (tmp_path / "briefing.yaml").write_text(brief + "sender: {name: A Campaigner}\n", encoding="utf-8")
    return tmp_path


def problems_in(library: Path) -> list[str]:
    return [str(p) for p in check(library, today=TODAY).problems]


def write_campaign(library: Path, audiences: str) -> str:
    text = CAMPAIGN.lstrip() + "  audiences:\n" + textwrap.indent(textwrap.dedent(audiences).lstrip(), "    ")
    (library / "campaign.yaml").write_text(text, encoding="utf-8")
    return "library/campaign.yaml"


def loaded(library: Path) -> Library:
    result = load_library(library)
    assert [str(p) for p in result.problems] == []
    return result.library


def test_without_a_campaign_file_a_library_has_only_its_own_audiences(library: Path) -> None:
    assert list(loaded(library).audiences) == ["mp", "company"]
    assert loaded(library).campaign is None


def test_a_campaign_brings_the_shipped_profiles_with_its_issue(campaign_library: Path) -> None:
    library = loaded(campaign_library)
    assert list(library.audiences) == ["mp", "minister", "company", "constituent"]
    assert library.campaign is not None and library.campaign.name == "Test campaign"
    opening = library.audiences["mp"].documents["letter"].sections[0]
    # Braces in the issue stay braces: the wording is later filled with str.format.
    assert opening.text == (
        "I am writing to you about the state of the {{rivers}}, to set out the evidence and to ask for "
        "your support."
    )
    assert (
        library.audiences["company"].documents["briefing"].subtitle
        == "Board briefing on the state of the {{rivers}}"
    )


def test_the_campaign_part_replaces_each_key_it_writes(campaign_library: Path) -> None:
    write_campaign(
        campaign_library,
        """
        mp:
          default_asks: [mp-recognise]
          salutation: "Dear {role},"
          closing: With best wishes,
          response_days: 14
          briefing:
            subtitle: Ahead of the debate
            max_pages: 9
            max_points: 7
            sections:
              summary: {heading: In short, text: Our summary., limit: 2}
              key-facts: {topics: [detention, recognition]}
          letter:
            sections:
              opening: {text: Our opening., variants: [Another opening.]}
              points: {joins: [Also,]}
        """,
    )
    mp = loaded(campaign_library).audiences["mp"]
    profile = shipped_profiles()["mp"]
    assert (mp.default_asks, mp.salutation, mp.closing, mp.response_days) == (
        ("mp-recognise",),
        "Dear {role},",
        "With best wishes,",
        14,
    )
    briefing = mp.documents["briefing"]
    assert (briefing.subtitle, briefing.max_pages, briefing.max_points) == ("Ahead of the debate", 9, 7)
    summary, _, key_facts = briefing.sections[:3]
    assert (summary.heading, summary.text, summary.limit) == ("In short", "Our summary.", 2)
    assert key_facts.topics == ("detention", "recognition")
    assert key_facts.heading == profile.documents["briefing"].sections[2].heading == "Key facts"
    assert key_facts.limit == 10
    opening, points = mp.documents["letter"].sections[:2]
    assert (opening.text, opening.variants) == ("Our opening.", ("Another opening.",))
    assert points.joins == ("Also",)
    assert points.limit == profile.documents["letter"].sections[1].limit
    assert mp.label == profile.label and mp.description == profile.description


def test_an_audiences_file_replaces_a_profile_wholly_and_adds_new_ones(
    campaign_library: Path, add_file: AddFile
) -> None:
    add_file(
        "audiences.yaml",
        textwrap.dedent(
            """
            audiences:
              - id: mp
                label: Our own MP profile
                register: formal
                documents:
                  letter:
                    sections:
                      - {kind: points, limit: 1}
                      - kind: asks
            """
        )
        + PRESS,
    )
    write_campaign(campaign_library, "press:\n  letter:\n    sections:\n      points: {limit: 2}\n")
    audiences = loaded(campaign_library).audiences
    assert list(audiences) == ["mp", "minister", "company", "constituent", "press"]
    assert audiences["mp"].label == "Our own MP profile"
    assert list(audiences["mp"].documents) == ["letter"]
    # Two sections of one kind: the campaign's part applies to both, each keeping its own topics.
    sections = audiences["press"].documents["letter"].sections
    assert [(s.kind, s.limit, s.topics) for s in sections if s.kind == "points"] == [
        ("points", 2, ("detention",)),
        ("points", 2, ("recognition",)),
    ]
    assert sections[0].text == "About the state of the {{rivers}}."


@pytest.mark.parametrize(
    ("audiences", "expected"),
    [
        pytest.param(
            "minister:\n  letter:\n    sections:\n      openning: {text: Hello.}\n",
            "9:21: campaign.audiences.minister.letter.sections.openning: expected a section kind of this "
            "document (opening, legal-duty, points, asks, reply), got 'openning' (did you mean 'opening'?)",
            id="unknown section kind",
        ),
        pytest.param(
            "mp:\n  briefng: {subtitle: Hello}\n",
            "7:7: campaign.audiences.mp.briefng: unknown key 'briefng' (did you mean 'briefing'?); expected "
            "one of: default_asks, salutation, closing, response_days, briefing, letter",
            id="unknown key",
        ),
        pytest.param(
            "ministre:\n  default_asks: [mp-recognise]\n",
            "7:7: campaign.audiences.ministre: unknown audience profile 'ministre' (did you mean "
            "'minister'?); expected one of: mp, minister, company, constituent",
            id="unknown profile",
        ),
        pytest.param(
            "constituent:\n  briefing:\n    subtitle: For constituents\n",
            "7:7: campaign.audiences.constituent.briefing: audience 'constituent' has no briefing to add to; "
            "expected one of its documents: letter",
            id="document the profile lacks",
        ),
        pytest.param(
            "company:\n  letter:\n    sections:\n      supply-chain: {topics: [forced-labor]}\n",
            "9:26: campaign.audiences.company.letter.sections.supply-chain.topics: "
            "unknown topic 'forced-labor' (did you mean 'forced-labour'?)",
            id="unknown topic",
        ),
        pytest.param(
            "mp:\n  default_asks: [mp-recognize]\n",
            "7:7: campaign.audiences.mp.default_asks: unknown ask 'mp-recognize' "
            "(did you mean 'mp-recognise'?)",
            id="unknown default ask",
        ),
        pytest.param(
            'mp:\n  letter:\n    sections:\n      opening: {text: "I write to {office:x}."}\n',
            "9:21: audiences.mp: expected no office markup in an audience's wording (it addresses the "
            "letter's own recipient, given by the brief): write the words, or move the sentence to an ask "
            "or a point",
            id="office markup",
        ),
    ],
)
def test_a_mistake_in_the_campaign_is_one_error_at_its_line(
    campaign_library: Path, audiences: str, expected: str
) -> None:
    label = write_campaign(campaign_library, audiences)
    assert problems_in(campaign_library) == [f"{label}:{expected}"]


def test_roles_must_name_an_audience(campaign_library: Path) -> None:
    text = CAMPAIGN.replace("questions: mp", "questions: ministre").lstrip()
    (campaign_library / "campaign.yaml").write_text(text, encoding="utf-8")
    assert problems_in(campaign_library) == [
        "library/campaign.yaml:4:33: campaign.roles.questions: unknown audience 'ministre' (did you mean "
        "'minister'?)"
    ]


def test_the_roles_are_declared(campaign_library: Path) -> None:
    library = loaded(campaign_library)
    assert (letters_role(library), questions_role(library)) == ("constituent", "mp")


def test_without_a_letters_role_the_error_names_the_file_and_key(library: Path) -> None:
    with pytest.raises(AdvocateError) as caught:
        letters_role(loaded(library))
    assert str(caught.value) == (
        "library/campaign.yaml: campaign.roles.letters: no audience writes the campaign's letters: add "
        "`roles: letters: AUDIENCE` under `campaign:` (the audience whose letter the mail merge and the web "
        "page write, e.g. constituent)"
    )


def test_a_questions_section_without_a_questions_role_is_a_warning(campaign_library: Path) -> None:
    text = CAMPAIGN.replace(", questions: mp", "").lstrip()
    (campaign_library / "campaign.yaml").write_text(text, encoding="utf-8")
    assert problems_in(campaign_library) == [
        "advocate/audiences/profiles.yaml:40:13: audiences.mp.documents.briefing.sections[6]: warning: "
        "section 'questions' left out: no audience's asks are declared as debate questions; add "
        "`roles: questions: AUDIENCE` under `campaign:` in library/campaign.yaml"
    ]


def test_a_second_campaign_is_an_error(campaign_library: Path, add_file: AddFile) -> None:
    label = add_file("more.yaml", CAMPAIGN)
    assert problems_in(campaign_library) == [
        f"{label}:2:3: campaign: the campaign is defined twice (first at library/campaign.yaml:2:3)"
    ]


def test_a_campaign_that_cannot_be_read_still_brings_the_profiles(campaign_library: Path) -> None:
    (campaign_library / "campaign.yaml").write_text("campaign:\n  name: [unclosed\n", encoding="utf-8")
    result = load_library(campaign_library)
    assert list(result.library.audiences) == ["mp", "minister", "company", "constituent"]
    # One error, and nothing said of the roles or the issue it would have declared.
    assert [p.split(": ", 1)[0] for p in problems_in(campaign_library)] == ["library/campaign.yaml:2:9"]


def test_the_mail_merge_without_a_letters_role_says_what_to_add(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(REPO / "library", tmp_path / "library")
    campaign = tmp_path / "library" / "campaign.yaml"
    text = campaign.read_text(encoding="utf-8")
    campaign.write_text(re.sub(r"\n *letters: .*", "", text, count=1), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    brief, people = REPO / "briefs" / "constituent-letter.yaml", REPO / "briefs" / "people.csv"
    status = main(["letters", str(brief), "--people", str(people), "--out", "out"])
    assert status == 1
    assert capsys.readouterr().err == (
        "library/campaign.yaml: campaign.roles.letters: no audience writes the campaign's letters: add "
        "`roles: letters: AUDIENCE` under `campaign:` (the audience whose letter the mail merge and the web "
        "page write, e.g. constituent)\n"
    )
    assert not (tmp_path / "out").exists()


def test_issue_in_an_own_audience_without_a_campaign_is_an_error(library: Path, add_file: AddFile) -> None:
    label = add_file("press.yaml", "audiences:\n" + PRESS)
    assert problems_in(library) == [
        f"{label}:6:5: audiences.press: the wording says {{issue}}, but the library has no campaign to "
        "fill it: add `campaign:` with `name:` and `issue:` in library/campaign.yaml"
    ]


def test_a_build_says_when_it_leaves_the_questions_out(rivers_without_questions: Path) -> None:
    lines: list[str] = []
    brief = rivers_without_questions / "briefing.yaml"
    build(
        [brief],
        rivers_without_questions / "library",
        rivers_without_questions / "out",
        ["docx"],
        report=lines.append,
    )
    assert lines[-1:] == [
        "briefing: section 'questions' left out: no audience's asks are declared as debate questions (add "
        f"`roles: questions: AUDIENCE` under `campaign:` in {rivers_without_questions}/library/campaign.yaml)"
    ]
