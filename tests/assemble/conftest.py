"""A small campaign of its own (not the bundled one) to test assembly on: river pollution."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from advocate.brief import Brief, Person
from advocate.library.check import load_checked_library
from advocate.library.models import Library

FILES = {
    "sources.yaml": """
references:
  - {id: agency-report, type: report, title: Storm overflows in 2023, author: [{literal: The Agency}],
     issued: 2024-03-01}
  - {id: act, type: legislation, title: Water Industry Act 1991, issued: 1991}
  - {id: ruling, type: legal_case, title: Example v Water plc, issued: 2022}
  - {id: news, type: article-newspaper, title: Fines fail to stop spills, container-title: The Paper,
     issued: 2024-04-02}
""",
    "topics.yaml": """
topics:
  - {id: spills, title: Spills}
  - {id: law, title: The law}
  - {id: fines, title: Fines}
  - {id: wildlife, title: Wildlife}
  - {id: abroad, title: Other countries}
""",
    "points.yaml": """
points:
  - id: p-spills
    claim: Sewage was discharged hundreds of times last year.
    text: >-
      The Agency recorded 300 discharges in 2023 [@agency-report, 12]. It called most of them avoidable
      [@agency-report, 14].
    topics: [spills]
    audiences: {mp: 1, minister: 1, constituent: 1}
    phrasings: [Hundreds of sewage discharges were recorded last year.]
  - id: p-fish
    claim: Fish died downstream of the outfalls.
    text: Witnesses reported dead fish below two outfalls [@news].
    topics: [wildlife]
    audiences: {mp: 2, minister: 2, constituent: 1}
  - id: p-fines
    claim: Fines have not stopped the spills.
    text: Fines totalled two million pounds without reducing discharges [@news].
    topics: [fines]
    audiences: {mp: 3, minister: 2, constituent: 2}
  - id: p-ruling
    claim: A court has held the duty to be strict.
    text: The court held that the duty admits no defence of cost [@ruling, para 40].
    topics: [law]
    audiences: {mp: 2}
""",
    "arguments.yaml": """
arguments:
  - id: a-duty
    title: "Section 3: the duty not to pollute"
    rule: {source: act, provision: s 3, text: The undertaker shall not pollute any river;}
    points: [p-spills, p-fish]
    conclusion: >-
      The duty is strict and admits no defence of cost [@act, s 3]. The discharges recorded breach it
      [@agency-report, 12].
    topics: [law]
    audiences: {mp: 1, minister: 1}
  - id: a-remedy
    title: "Why fines are not enough"
    rule: {source: act, provision: s 3, text: The undertaker shall not pollute any river;}
    points: [p-spills, p-fines]
    conclusion: >-
      The duty admits no defence of cost [@act, s 3]. Fines have not changed the undertakers' conduct
      [@news].
    topics: [law, fines]
    audiences: {mp: 1, minister: 1}
""",
    "responses.yaml": """
responses:
  - id: r-industry
    party: The water industry
    position: The industry says the spills were within its permits [@news].
    rebuttal: The Agency found most of them avoidable [@agency-report, 14].
    points: [p-spills]
    topics: [spills]
    audiences: {mp: 1}
""",
    "asks.yaml": """
asks:
  - id: ask-mp
    audiences: [mp]
    ask: Speak in the debate on river pollution.
    why: The debate is the first on the subject this session [@news].
    topics: [spills]
  - id: ask-minister-1
    audiences: [minister]
    ask: Enforce section 3 against every undertaker.
    why: The Agency recorded 300 discharges in 2023 [@agency-report, 12].
    question: Will the Minister enforce section 3?
    topics: [law]
  - id: ask-minister-2
    audiences: [minister]
    ask: Raise the cap on fines.
    question: Will the Minister raise the cap on fines?
    topics: [fines]
  - id: ask-constituent
    audiences: [constituent]
    ask: Write to the Minister asking for section 3 to be enforced.
    topics: [law]
""",
    "campaign.yaml": """
campaign:
  name: River pollution
  issue: the pollution of our rivers
  roles: {letters: constituent, questions: minister}
""",
    "audiences.yaml": """
audiences:
  - id: mp
    label: Member of Parliament
    register: formal
    default_asks: [ask-mp]
    documents:
      briefing:
        max_pages: 6
        max_points: 10
        sections:
          - {kind: summary, heading: Summary, limit: 1}
          - {kind: key-facts, heading: Key facts, topics: [spills, wildlife, fines]}
          - {kind: legal-case, heading: The law, topics: [law]}
          - {kind: international, heading: Elsewhere, topics: [abroad]}
          - {kind: responses, heading: What the industry says}
          - {kind: questions, heading: Questions}
          - {kind: asks, heading: What we ask}
          - {kind: further-reading, heading: Sources}
  - id: minister
    label: Minister
    register: formal
    salutation: "Dear {role},"
    default_asks: [ask-minister-1, ask-minister-2]
    documents:
      letter:
        max_pages: 2
        max_points: 3
        sections:
          - {kind: opening, text: I am writing about river pollution.}
          - {kind: legal-duty, topics: [law], limit: 2}
          - {kind: points, limit: 2, joins: ["In addition,", "Moreover,"]}
          - {kind: asks, text: "I would ask the Government to:"}
          - {kind: reply, text: I would be grateful for a reply.}
  - id: constituent
    label: Constituent
    register: personal
    default_asks: [ask-constituent]
    documents:
      letter:
        max_pages: 1
        max_points: 3
        sections:
          - {kind: personal, text: I am writing as your constituent.}
          - kind: points
            limit: 3
            joins: [I have also read that, "What is more,"]
          - {kind: asks, limit: 1, text: "I would ask you to:"}
          - {kind: reply, text: I look forward to your reply.}
""",
}


@pytest.fixture(scope="session")
def rivers(tmp_path_factory: pytest.TempPathFactory) -> Library:
    """The river-pollution library, checked."""
    folder = tmp_path_factory.mktemp("rivers")
    for name, text in FILES.items():
        (folder / name).write_text(text.lstrip(), encoding="utf-8")
    return load_checked_library(Path(folder))


def river_brief(kind: str, audience: str, **changes: object) -> Brief:
    """A brief on the river campaign, dated after every source."""
    fields: dict[str, object] = {
        "kind": kind,
        "audience": audience,
        "title": "River pollution",
        "date": dt.date(2024, 6, 1),
        "recipient": Person("The Rt Hon Jo Minister MP", role="Secretary of State"),
        "sender": Person("A Campaigner", address=("1 River Road",)),
        "name": f"{audience}-{kind}",
    }
    fields.update(changes)
    return Brief(**fields)  # type: ignore[arg-type]
