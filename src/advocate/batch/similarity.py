"""How alike the letters of a batch are: Jaccard similarity of word 5-gram shingles of their bodies,
over the whole batch and per office (the letters one representative reads side by side).

In: assembled documents by name (or a base brief and people file, planned and assembled here, not
rendered). Out: a ``Similarity`` (the highest pair, the median, how many letters were compared; per
office the same, highest first, with the pairs over ``personalise.BOUND``).
"""

from __future__ import annotations

import dataclasses
import random
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from advocate.assemble import assemble
from advocate.batch.plan import plan_batch
from advocate.document import Document
from advocate.people import ColumnMap
from advocate.personalise import BOUND, Shingles, body_shingles

Pair = tuple[str, str, float]


@dataclass(frozen=True)
class Similarity:
    """How alike some letters are: Jaccard similarity of word 5-gram shingles of the body."""

    letters: int
    """How many letters were compared."""
    highest: float
    """The highest pairwise similarity (0 when fewer than two letters)."""
    median: float
    """The median pairwise similarity."""
    pair: tuple[str, str] | None
    """The two letters (file stems) that are most alike."""
    sampled_from: int | None = None
    """When the batch was larger than the comparison limit: how many letters it has."""
    office: str | None = None
    """For one office's letters: the representative they are addressed to."""
    over: tuple[Pair, ...] = ()
    """For one office's letters: the pairs more alike than ``BOUND``, highest first."""
    offices: tuple[Similarity, ...] = ()
    """For a batch: each office's letters compared among themselves, the highest first."""

    def summary(self) -> str:
        """One line for the CLI."""
        if self.pair is None:
            return f"similarity: {self.letters} letter(s), nothing to compare"
        sample = f" (a sample of {self.letters} of {self.sampled_from})" if self.sampled_from else ""
        return (
            f"similarity of {self.letters} letters{sample}: highest {self.highest:.3f} "
            f"({self.pair[0]} and {self.pair[1]}), median {self.median:.3f}"
        )

    def report(self) -> list[str]:
        """The lines for ``--similarity``: each office (highest first) with its pairs over the bound,
        then the whole batch."""
        lines = []
        for office in self.offices:
            if office.pair is None:
                lines.append(f"to {office.office}: {office.letters} letter(s), nothing to compare")
                continue
            flag = f", {len(office.over)} pair(s) over {BOUND}" if office.over else ""
            lines.append(
                f"to {office.office}: {office.letters} letters, highest {office.highest:.3f} "
                f"({office.pair[0]} and {office.pair[1]}), median {office.median:.3f}{flag}"
            )
            lines.extend(f"  over {BOUND}: {a} and {b} {score:.3f}" for a, b, score in office.over)
        return [*lines, self.summary()]


def batch_similarity(
    brief_path: Path,
    people_csv: Path,
    library_dir: Path = Path("library"),
    templates_dir: Path | None = None,
    limit: int = 1000,
    columns: Sequence[ColumnMap] = (),
) -> Similarity:
    """How alike the batch's letters are, computed from their assembled documents (not from files),
    over the batch and per office; above ``limit`` letters, from a fixed sample of ``limit`` of them."""
    batch = plan_batch(brief_path, people_csv, library_dir, templates_dir, columns=columns)
    letters = list(batch.letters)
    sampled_from = None
    if len(letters) > limit:
        sampled_from = len(letters)
        letters = sorted(random.Random(0).sample(letters, limit), key=lambda letter: letter.row)
    shingles = {letter.stem: body_shingles(assemble(batch.library, letter.brief)) for letter in letters}
    groups: dict[str, list[str]] = {}
    names: dict[str, str] = {}
    for letter in letters:
        groups.setdefault(letter.office, []).append(letter.stem)
        names.setdefault(letter.office, letter.brief.recipient.name)
    offices = []
    for office, stems in groups.items():
        result = compare({stem: shingles[stem] for stem in stems})
        over = tuple(pair for pair in result.pairs if pair[2] > BOUND)
        offices.append(dataclasses.replace(_similarity(result), office=names[office], over=over))
    offices.sort(key=lambda office: -office.highest)
    whole = _similarity(compare(shingles))
    return dataclasses.replace(whole, sampled_from=sampled_from, offices=tuple(offices))


def similarity(documents: Mapping[str, Document]) -> Similarity:
    """Pairwise Jaccard similarity over word 5-gram shingles of each document's body paragraphs
    (text runs only: no footnotes, addresses, salutation or closing)."""
    return _similarity(compare({name: body_shingles(document) for name, document in documents.items()}))


@dataclass(frozen=True)
class Compared:
    """Every pair of some letters compared."""

    names: tuple[str, ...]
    """The letters, in order."""
    pairs: tuple[Pair, ...]
    """The pairs that share a shingle, with their similarity, highest first (then in order)."""


def compare(shingles: Mapping[str, Shingles]) -> Compared:
    """Every pair of letters compared, through an index of which letters hold each shingle (so pairs
    with nothing in common cost nothing)."""
    names = tuple(shingles)
    postings: dict[tuple[str, ...], list[int]] = {}
    found: list[tuple[float, int, int]] = []
    for index, name in enumerate(names):
        own = shingles[name]
        shared: dict[int, int] = {}
        for shingle in own:
            for other in postings.get(shingle, ()):
                shared[other] = shared.get(other, 0) + 1
            postings.setdefault(shingle, []).append(index)
        for other, count in shared.items():
            found.append((-count / (len(own) + len(shingles[names[other]]) - count), other, index))
    found.sort()
    return Compared(names, tuple((names[i], names[j], -score) for score, i, j in found))


def _similarity(compared: Compared) -> Similarity:
    names, pairs = compared.names, compared.pairs
    if len(names) < 2:
        return Similarity(len(names), 0.0, 0.0, None)
    unshared = len(names) * (len(names) - 1) // 2 - len(pairs)
    scores = [0.0] * unshared + sorted(pair[2] for pair in pairs)
    # with nothing shared at all, the first two letters stand for the most alike (as 0)
    top = pairs[0] if pairs else (names[0], names[1], 0.0)
    return Similarity(len(names), top[2], statistics.median(scores), (top[0], top[1]))
