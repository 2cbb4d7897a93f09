"""Shared by the cite tests: sources, documents of notes, and reading notes back."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence

from advocate.document import BulletList, Citation, Cite, Document, Paragraph, Party, Section, Text

Spec = Sequence[tuple[str, str | None]]
"""One note's cites as (source id, pinpoint)."""

CHICAGO = "chicago-notes-bibliography-subsequent-ibid"

SOURCES: dict[str, dict[str, object]] = {
    "amnesty": {
        "type": "report",
        "title": "Like We Were Enemies in a War",
        "author": [{"literal": "Amnesty International"}],
        "issued": "2021-06-10",
    },
    "cbc": {
        "type": "article-newspaper",
        "title": "Canada leads joint statement on Xinjiang at UN",
        "author": [{"family": "Zimonjic", "given": "Peter"}, {"family": "Ling", "given": "Philip"}],
        "container-title": "CBC News",
        "issued": {"date-parts": [[2021, 6, 22]]},
    },
    "genocide": {
        "type": "treaty",
        "title": "Convention on the Prevention and Punishment of the Crime of Genocide",
        "container-title": "United Nations Treaty Series",
        "volume": "78",
        "page": "277",
        "issued": "1948-12-09",
    },
    "bosnia": {
        "type": "legal_case",
        "title": "Application of the Convention on the Prevention and Punishment of the Crime of Genocide "
        "(Bosnia and Herzegovina v Serbia and Montenegro)",
        "title-short": "Bosnia v Serbia",
        "authority": "ICJ",
        "container-title": "ICJ Reports",
        "page": "43",
        "issued": "2007",
    },
    "bbc": {
        "type": "webpage",
        "title": "Who are the Uyghurs and why is China being accused of genocide?",
        "container-title": "BBC News",
        "URL": "https://www.bbc.co.uk/news/world-asia-china-22278037",
        "issued": "2022-05-24",
        "accessed": dt.date(2023, 1, 5),
    },
}


ZENZ: dict[str, dict[str, object]] = {
    "zenz-sterilizations": {
        "type": "article-journal",
        "title": "Sterilizations, IUDs, and Mandatory Birth Control",
        "author": [{"family": "Zenz", "given": "Adrian"}],
        "container-title": "China Brief",
        "volume": "20",
        "issue": "12",
        "page": "12-24",
        "issued": "2020-06",
    },
    "zenz-labor": {
        "type": "report",
        "title": "Coercive Labor in Xinjiang",
        "author": [{"family": "Zenz", "given": "Adrian"}],
        "publisher": "Jamestown Foundation",
        "issued": "2019-12",
    },
}
"""Two works of one author."""


def citation(*cites: tuple[str, str | None]) -> Citation:
    return Citation(tuple(Cite(source, pinpoint) for source, pinpoint in cites))


def document(*sections: Section, lang: str = "en-GB") -> Document:
    return Document(
        kind="letter",
        audience="mp",
        title="Uyghur genocide",
        date=dt.date(2021, 6, 30),
        lang=lang,
        sender=Party("Alex"),
        recipient=Party("Jane Doe MP"),
        sections=sections,
    )


def notes_document(
    notes: Sequence[Spec], sources: Mapping[str, Mapping[str, object]] = SOURCES, lang: str = "en-GB"
) -> Document:
    """One paragraph per note, citing ``sources``."""
    paragraphs = tuple(Paragraph((Text(f"Point {i}."), citation(*spec))) for i, spec in enumerate(notes))
    return sourced(document(Section("body", None, paragraphs), lang=lang), sources)


def sourced(doc: Document, sources: Mapping[str, Mapping[str, object]], listed: bool = False) -> Document:
    """``doc`` with the sources its citations name (and, when ``listed``, a section listing them)."""
    extra = (Section("sources", "Sources", (), lists_sources=True),) if listed else ()
    return dataclasses.replace(doc, sources=sources, sections=(*doc.sections, *extra))


def sources_listed(doc: Document) -> list[tuple[Text, ...]]:
    """The entries of the cited document's list of sources."""
    (section,) = [s for s in doc.sections if s.lists_sources]
    (block,) = section.blocks
    assert isinstance(block, BulletList)
    return [item.runs for item in block.items]  # type: ignore[misc]


def plain(runs: Sequence[Text]) -> str:
    return "".join(run.text for run in runs)


def texts(doc: Document) -> list[str]:
    return [plain(note.runs) for note in doc.notes]


def marked(runs: Sequence[Text]) -> str:
    """Runs as text with their formatting marked: ``<i>``, ``<b>``, ``<sc>``, ``<sup>``, ``<sub>``,
    ``<a href>`` (neighbouring runs of one format are joined first)."""
    joined: list[Text] = []
    for run in runs:
        if joined and joined[-1].same_format(run):
            joined[-1] = dataclasses.replace(joined[-1], text=joined[-1].text + run.text)
        elif run.text:
            joined.append(run)
    out = []
    for run in joined:
        text = run.text
        for on, tag in (
            (run.italic, "i"),
            (run.bold, "b"),
            (run.small_caps, "sc"),
            (bool(run.vertical), run.vertical),
        ):
            if on:
                text = f"<{tag}>{text}</{tag}>"
        out.append(f"<a {run.url}>{text}</a>" if run.url else text)
    return "".join(out)
