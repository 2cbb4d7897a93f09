"""The audience profiles shipped with the tool: they load clean and name no campaign."""

from __future__ import annotations

from advocate.audiences import read_profiles, shipped_profiles


def test_the_shipped_profiles_load_clean() -> None:
    profiles, problems = read_profiles()
    assert [str(p) for p in problems] == []
    assert list(profiles) == ["mp", "minister", "company", "constituent"]


def test_the_shipped_profiles_carry_no_asks_and_no_topics() -> None:
    profiles = shipped_profiles()
    assert [a.id for a in profiles.values() if a.default_asks] == []
    topics = [
        f"{a.id}.{kind}.{s.kind}"
        for a in profiles.values()
        for kind, plan in a.documents.items()
        for s in plan.sections
        if s.topics
    ]
    assert topics == []


def test_the_constituent_letter_keeps_many_generic_wordings() -> None:
    sections = {s.kind: s for s in shipped_profiles()["constituent"].documents["letter"].sections}
    assert len(sections["personal"].variants) >= 6
    assert all(
        "{issue}" in text for text in (sections["personal"].text or "", *sections["personal"].variants)
    )
    assert len(sections["asks"].variants) >= 6
    assert len(sections["reply"].variants) >= 6
    assert len(sections["points"].joins) >= 5


def test_the_profiles_are_read_once_per_process() -> None:
    assert shipped_profiles() is shipped_profiles()
