"""assemble.sections: what each section kind prints, in briefings and in letters, each fact once."""

from __future__ import annotations

import dataclasses

from advocate.assemble import assemble
from advocate.document import BulletList, Citation, Document, Paragraph, Text, paragraphs
from advocate.library.models import Library

from .conftest import river_brief


def text(paragraph: Paragraph) -> str:
    return "".join(run.text for run in paragraph.runs if isinstance(run, Text))


def body(document: Document) -> str:
    return "\n".join(text(p) for p in paragraphs(document))


def section(document: Document, key: str) -> list[Paragraph]:
    (found,) = [s for s in document.sections if s.key == key]
    return [p for b in found.blocks for p in (b.items if isinstance(b, BulletList) else (b,))]


def test_a_briefing_states_each_point_once_and_refers_back_to_it(rivers: Library) -> None:
    document = assemble(rivers, river_brief("briefing", "mp"))
    for point in rivers.points.values():
        assert point.claim not in body(document)  # claims are for letters in a writer's voice
    stated = "The Agency recorded 300 discharges in 2023."
    assert body(document).count(stated) == 1
    (summary,) = section(document, "summary")
    assert text(summary).startswith(stated) and summary.number == 1
    law = section(document, "legal-case")
    assert [p.style for p in law[:2]] == ["subheading", "quote"]
    assert text(law[1]) == "“The undertaker shall not pollute any river”"  # no ";." after the words
    assert any(isinstance(run, Citation) for run in law[1].runs)
    conclusion = next(p for p in law if "strict" in text(p))
    assert text(conclusion).startswith("The evidence at paragraphs 1 and 2 bears on this.")
    assert "The discharges recorded breach it." in text(conclusion)  # a page cited again is no rule


def test_a_rule_or_holding_already_stated_is_referred_to_not_restated(rivers: Library) -> None:
    law = section(assemble(rivers, river_brief("briefing", "mp")), "legal-case")
    duty = next(p for p in law if "strict" in text(p))
    remedy = [p for p in law if "Fines have not changed" in text(p)]
    assert len(remedy) == 1 and duty.number is not None
    assert text(remedy[0]).startswith(f"The rule is set out at paragraph {duty.number}.")
    assert "admits no defence of cost" not in text(remedy[0])  # the duty's sentence, said already
    assert sum(p.style == "quote" for p in law) == 1


def test_numbered_paragraphs_run_on_and_lists_do_not_take_numbers(rivers: Library) -> None:
    document = assemble(rivers, river_brief("briefing", "mp"))
    numbers = [p.number for s in document.sections for p in s.blocks if isinstance(p, Paragraph) and p.number]
    assert numbers == list(range(1, len(numbers) + 1))
    for block in (b for s in document.sections for b in s.blocks if isinstance(b, BulletList)):
        assert all(item.number is None for item in block.items)


def test_a_section_with_nothing_on_its_topics_is_left_out(rivers: Library) -> None:
    keys = [s.key for s in assemble(rivers, river_brief("briefing", "mp")).sections]
    assert "international" not in keys  # its topic has no points: never filled with others
    assert keys[-1] == "further-reading"
    letter = assemble(rivers, river_brief("letter", "minister", topics=("wildlife",)))
    assert [s.key for s in letter.sections] == ["opening", "points", "asks", "reply"]


def test_responses_refer_to_the_points_they_rely_on(rivers: Library) -> None:
    position, rebuttal = section(assemble(rivers, river_brief("briefing", "mp")), "responses")
    assert position.runs[0] == Text("The water industry: ", bold=True)
    assert rebuttal.runs[0] == Text("Response: ", bold=True)
    assert text(rebuttal).endswith("(See paragraph 1.)")


def test_a_briefings_single_ask_is_one_bold_request_then_its_reason(rivers: Library) -> None:
    (ask,) = section(assemble(rivers, river_brief("briefing", "mp")), "asks")
    assert ask.style == "ask"
    assert ask.runs[0] == Text("Speak in the debate on river pollution.", bold=True)
    assert not any(isinstance(r, Text) and r.bold for r in ask.runs[1:])  # the reason is not bold
    questions = section(assemble(rivers, river_brief("briefing", "mp")), "questions")
    assert [p.style for p in questions] == ["question", "question"]


def test_questions_come_from_the_declared_role_and_without_one_are_left_out(rivers: Library) -> None:
    assert rivers.campaign is not None
    roles = dataclasses.replace(rivers.campaign.roles, questions="constituent")
    asked = dataclasses.replace(rivers, campaign=dataclasses.replace(rivers.campaign, roles=roles))
    keys = [s.key for s in assemble(asked, river_brief("briefing", "mp")).sections]
    assert "questions" not in keys  # the constituent's ask carries no question
    roles = dataclasses.replace(rivers.campaign.roles, questions=None)
    unasked = dataclasses.replace(rivers, campaign=dataclasses.replace(rivers.campaign, roles=roles))
    keys = [s.key for s in assemble(unasked, river_brief("briefing", "mp")).sections]
    assert "questions" not in keys and "asks" in keys


def test_a_letter_argues_in_prose_each_fact_once(rivers: Library) -> None:
    document = assemble(rivers, river_brief("letter", "minister"))
    (duty,) = section(document, "legal-duty")
    words = text(duty)
    assert "Section 3:" not in words and "“" not in words  # no heading-like fragment, no quoted rule
    assert words.count("admits no defence of cost") == 1
    assert "Fines have not changed the undertakers' conduct." in words
    assert duty.number is None


def test_a_letters_points_are_joined_by_the_audiences_wording(rivers: Library) -> None:
    points = section(assemble(rivers, river_brief("letter", "minister")), "points")
    assert len(points) == 2
    assert text(points[1]).startswith("In addition, ")


def test_a_letter_with_several_asks_numbers_them_after_its_lead_in(rivers: Library) -> None:
    document = assemble(rivers, river_brief("letter", "minister"))
    (found,) = [s for s in document.sections if s.key == "asks"]
    lead, asks = found.blocks
    assert isinstance(lead, Paragraph) and text(lead) == "I would ask the Government to:"
    assert isinstance(asks, BulletList) and asks.numbered and len(asks.items) == 2


def test_a_personal_letter_is_one_voice_and_one_request(rivers: Library) -> None:
    document = assemble(rivers, river_brief("letter", "constituent", personal="I swim in the river."))
    assert text(section(document, "personal")[0]) == "I swim in the river."
    (points,) = section(document, "points")
    words = text(points)
    assert "I have also read that " in words and "What is more, " in words
    assert sum(isinstance(run, Citation) for run in points.runs) == 3
    (ask,) = section(document, "asks")
    assert text(ask) == "I would ask you to write to the Minister asking for section 3 to be enforced."
