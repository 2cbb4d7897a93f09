"""Plainly fictional people files, for tests, the bench and examples.

In: how many rows, a seed and a library's topic ids. Out: rows of every column of ``people.COLUMNS``
(the same for the same seed), and a people file written from such rows.
"""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Sequence
from pathlib import Path

from advocate.people import COLUMNS

_GIVEN = (
    "Amira", "Ben", "Chloe", "Dev", "Eilidh", "Femi", "Grace", "Hamza", "Isla", "Jonah", "Kiran", "Leah",
    "Marek", "Nadia", "Owen", "Priya", "Quinn", "Rosa", "Sami", "Tamsin", "Umar", "Vera", "Wyn", "Yusuf",
)  # fmt: skip
_FAMILY = (
    "Abbott", "Byrne", "Chowdhury", "Dlamini", "Evans", "Fraser", "Gallagher", "Hughes", "Iqbal",
    "Jenkins", "Kowalski", "Lindqvist", "Mensah", "Nowak", "O'Neill", "Patel", "Reid", "Santos",
    "Thompson", "Usman", "Vaughan", "Whitfield",
)  # fmt: skip
_STREETS = ("Sample Lane", "Example Road", "Placeholder Street", "Fictional Close", "Test Avenue", "Mock Row")
_PLACES = (
    ("Exampleton", "EX"), ("Sampleford", "SF"), ("Fictionbury", "FB"), ("Placeholder Vale", "PV"),
    ("Testmouth", "TM"), ("Mockington", "MK"),
)  # fmt: skip
_MEMBERS = (
    "Alex Placeholder",
    "Jordan Example",
    "Robin Sample",
    "Casey Fictional",
    "Morgan Testworth",
    "Sky Mockley",
)
_OPENERS = (
    "I have lived in {town} for {years} years and I have never written to an MP before.",
    "My {relative} first told me about this, and I have read a great deal since.",
    "I teach at a school in {town}, and my pupils asked me questions about it I could not answer.",
    "Last month I went to a talk in {town} given by a woman whose family has lived through it.",
    "I run a small business near {town} and I worry about what is in the goods we buy.",
    "As a {faith} I believe we cannot look away from what is happening.",
    "I am a nurse, and what I have read about this has stayed with me for weeks.",
)
_MIDDLES = (
    "I do not think I could face my {relative} if I said nothing.",
    "The accounts of families torn apart are what troubles me most.",
    "I was shocked to learn how little the UK has done so far.",
    "It seems to me that this is exactly the kind of issue on which Parliament should lead.",
    "Friends in {town} feel the same way, and several of us have decided to write.",
    "I find it hard to understand why this gets so little attention.",
)
_CLOSERS = (
    "I would like to know where you stand.",
    "Please do not let this be forgotten.",
    "I hope you will take this seriously.",
    "I am grateful for anything you can do.",
    "I will be following what you say on this closely.",
)
_RELATIVES = ("daughter", "son", "grandmother", "neighbour", "sister", "colleague")
_FAITHS = ("Christian", "Muslim", "Jew", "humanist", "Quaker")


def example_people(n: int, seed: int, topics: Sequence[str] = ()) -> list[dict[str, str]]:
    """``n`` plainly fictional rows (every column of ``COLUMNS``), the same for the same ``seed``.

    About a third carry a personal paragraph built from a few sentence templates, worded for any
    campaign; most choose one to four of ``topics`` (a library's topic ids; none when empty).
    """
    rng = random.Random(seed)
    rows: list[dict[str, str]] = []
    for i in range(n):
        town, area = rng.choice(_PLACES)
        given, family = rng.choice(_GIVEN), rng.choice(_FAMILY)
        chosen = rng.sample(topics, min(len(topics), rng.randint(1, 4))) if rng.random() < 0.85 else []
        personal = ""
        if rng.random() < 1 / 3:
            slots = {"town": town, "years": rng.randint(2, 40), "relative": rng.choice(_RELATIVES)}
            slots["faith"] = rng.choice(_FAITHS)
            personal = " ".join([rng.choice(_OPENERS), rng.choice(_MIDDLES), rng.choice(_CLOSERS)]).format(
                **slots
            )
        rows.append(
            {
                "name": f"{given} {family}",
                "address1": f"{rng.randint(1, 240)} {rng.choice(_STREETS)}",
                "address2": f"Flat {rng.randint(1, 12)}" if rng.random() < 0.2 else "",
                "address3": "",
                "town": town,
                "postcode": _postcode(rng, area),
                "email": f"{given.lower()}.{family.lower().replace(chr(39), '')}{i}@example.org"
                if rng.random() < 0.7
                else "",
                "representative": _MEMBERS[_PLACES.index((town, area))],
                "representative_title": "MP",
                "constituency": town,
                "topics": ";".join(chosen),
                "personal": personal,
            }
        )
    return rows


def _postcode(rng: random.Random, area: str) -> str:
    return f"{area}{rng.randint(1, 9)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJ')}{rng.choice('LNPQRSTU')}"


def write_people(path: Path, rows: list[dict[str, str]]) -> Path:
    """Write ``rows`` as a people file with every column (for tests, the bench and examples)."""
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")
    return path
