"""How alike the letters of a batch are: Jaccard similarity of word 5-gram shingles of their bodies.

In: assembled documents by name (or a base brief and people file, planned and assembled here, not
rendered). Out: a ``Similarity`` (the highest pair, the median, how many letters were compared).
"""

from __future__ import annotations

import dataclasses
import random
import re
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from advocate.assemble import assemble
from advocate.batch.plan import plan_batch
from advocate.document import Document, Paragraph, Text, paragraphs
from advocate.people import ColumnMap


@dataclass(frozen=True)
class Similarity:
    """How alike the letters of a batch are: Jaccard similarity of word 5-gram shingles of the body."""

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

    def summary(self) -> str:
        """One line for the CLI."""
        if self.pair is None:
            return f"similarity: {self.letters} letter(s), nothing to compare"
        sample = f" (a sample of {self.letters} of {self.sampled_from})" if self.sampled_from else ""
        return (
            f"similarity of {self.letters} letters{sample}: highest {self.highest:.3f} "
            f"({self.pair[0]} and {self.pair[1]}), median {self.median:.3f}"
        )


def batch_similarity(
    brief_path: Path,
    people_csv: Path,
    library_dir: Path = Path("library"),
    templates_dir: Path | None = None,
    limit: int = 1000,
    columns: Sequence[ColumnMap] = (),
) -> Similarity:
    """How alike the batch's letters are, computed from their assembled documents (not from files);
    above ``limit`` letters, from a fixed sample of ``limit`` of them."""
    batch = plan_batch(brief_path, people_csv, library_dir, templates_dir, columns=columns)
    letters = list(batch.letters)
    sampled_from = None
    if len(letters) > limit:
        sampled_from = len(letters)
        letters = sorted(random.Random(0).sample(letters, limit), key=lambda letter: letter.row)
    documents = {letter.stem: assemble(batch.library, letter.brief) for letter in letters}
    return dataclasses.replace(similarity(documents), sampled_from=sampled_from)


def similarity(documents: Mapping[str, Document]) -> Similarity:
    """Pairwise Jaccard similarity over word 5-gram shingles of each document's body paragraphs
    (text runs only: no footnotes, addresses, salutation or closing)."""
    names = list(documents)
    shingles = [body_shingles(documents[name]) for name in names]
    best, pair, scores = 0.0, None, []
    for i in range(len(names)):
        for j in range(i + 1, len(names)):
            a, b = shingles[i], shingles[j]
            union = len(a | b)
            score = len(a & b) / union if union else 0.0
            scores.append(score)
            if pair is None or score > best:
                best, pair = score, (names[i], names[j])
    return Similarity(len(names), best, statistics.median(scores) if scores else 0.0, pair)


def body_shingles(document: Document, size: int = 5) -> frozenset[tuple[str, ...]]:
    """The word ``size``-grams of the body's text runs, lower-cased."""
    text = " ".join(_text(paragraph) for paragraph in paragraphs(document))
    words = re.findall(r"\w+", text.casefold())
    return frozenset(tuple(words[i : i + size]) for i in range(max(1, len(words) - size + 1)))


def _text(paragraph: Paragraph) -> str:
    """The paragraph's text runs (no note calls)."""
    return "".join(run.text for run in paragraph.runs if isinstance(run, Text))
