"""Saying each thing once: sentences, what a document has already stated, references back, joins.

In: library text (inline runs with citations) and what the document has stated so far. Out: the
runs to print (sentences already stated left out), paragraph numbers, "paragraphs 5 and 8" references
and joined wording for letters.

The rules, so that a document states each fact once:

- a point is stated once; a later section that relies on it refers back to its paragraph;
- a sentence whose every citation is a pinpoint in a legal source (a treaty, statute, regulation or
  judgment, or any source an argument takes its rule from: ``[@convention, art II]``, ``[@case,
  para 431]``) that another item of the document has already cited states a rule or holding
  already stated: it is left out (an item's own earlier pinpoints do not count, so an argument may
  apply the rule it quotes; a page of a report cited again may support another fact, so it does not
  count either);
- a sentence of eight or more words that the document has printed already, or that restates one
  it has printed (most of its three-word runs are in that one: "The regulator fined the company
  in October 2020, citing ..." in an ask's reason after the point that says so), is left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from advocate.document import Citation, Cite, Paragraph, Text, plain_text
from advocate.markup.inline import Run

_SENTENCE_END = re.compile(r"[.!?][’”\"')\]]*\s*$")
SENTENCE_BREAK = re.compile(r"(?<=[.!?])([’”\"')\]]*)\s+(?=[A-Z“‘\"({])")
"""Where one sentence ends and the next begins: after its closing marks, before a capital, an
opening mark, or an office markup (library text before it is printed may start a sentence with
``{office:...}``)."""
_WORD = re.compile(r"\w+")
LONG_SENTENCE = 8
"""Sentences of at least this many words are never printed twice in one document."""
RESTATES = 0.6
"""A long sentence restates an earlier one when this share of its three-word runs is in it."""

Sentence = tuple[Run, ...]


def sentences(runs: Sequence[Run]) -> list[Sentence]:
    """``runs`` cut into sentences; each citation stays with the sentence it ends (its call follows
    the full stop) and a sentence's leading spaces are dropped."""
    out: list[Sentence] = []
    current: list[Run] = []

    def close() -> None:
        if any(not isinstance(r, Text) or r.text.strip() for r in current):
            out.append(_strip_start(current))
        current.clear()

    for run in runs:
        if isinstance(run, Citation):
            current.append(run)
            if _SENTENCE_END.search(plain_text(current)) or not plain_text(current).strip():
                close()
            continue
        pieces = SENTENCE_BREAK.split(run.text)
        # re.split with one group: text, closing marks, text, closing marks, ...
        text = pieces[0]
        for index in range(1, len(pieces), 2):
            current.append(_with_text(run, text + pieces[index]))
            close()
            text = pieces[index + 1]
        if text:
            current.append(_with_text(run, text))
    close()
    return out


def join(parts: Iterable[Sentence]) -> tuple[Run, ...]:
    """Sentences (or paragraphs' runs) end to end, one space between them."""
    runs: list[Run] = []
    for part in parts:
        if not part:
            continue
        if runs:
            runs.append(Text(" "))
        runs.extend(part)
    return tuple(runs)


def refer(numbers: Iterable[int]) -> str:
    """``paragraph 5``, ``paragraphs 5 and 8``, ``paragraphs 3–5, 8 and 12``."""
    ordered = sorted(set(numbers))
    groups: list[list[int]] = []
    for number in ordered:
        if groups and number == groups[-1][-1] + 1:
            groups[-1].append(number)
        else:
            groups.append([number])
    names = [f"{g[0]}–{g[-1]}" if len(g) > 2 else ", ".join(map(str, g)) for g in groups]
    names = [n for name in names for n in name.split(", ")]
    if len(ordered) == 1:
        return f"paragraph {ordered[0]}"
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    return f"paragraphs {listed}"


def lower_first(runs: Sequence[Run], ordinary: frozenset[str] | None) -> tuple[Run, ...]:
    """``runs`` with the first word in lower case when it is an ordinary word (one the library
    writes in lower case somewhere), so that it can follow a joining phrase; names keep their
    capital ("Amnesty International said" stays as it is). With ``ordinary`` None any capitalised
    word is lowered (an imperative request: "Write to ..." after "I would ask you to")."""
    if not runs or not isinstance(runs[0], Text):
        return tuple(runs)
    first = runs[0]
    match = _WORD.match(first.text)
    if match is None:
        return tuple(runs)
    word = match.group(0)
    capitalised = word[:1].isupper() and (word[1:].islower() or len(word) == 1)
    if not capitalised or word == "I" or (ordinary is not None and word.lower() not in ordinary):
        return tuple(runs)
    lowered = Text(first.text[:1].lower() + first.text[1:], first.italic, first.bold, first.url)
    return (lowered, *runs[1:])


def joined(phrase: str, runs: Sequence[Run], ordinary: frozenset[str] | None) -> tuple[Run, ...]:
    """``runs`` introduced by a joining ``phrase`` ("In addition," or "I have also read that")."""
    if not phrase:
        return tuple(runs)
    return (Text(phrase.rstrip() + " "), *lower_first(runs, ordinary))


@dataclass
class Ledger:
    """What one document has stated so far, and the numbers of its paragraphs."""

    numbered: bool
    """The document numbers its body paragraphs (briefings)."""
    legal: frozenset[str] = frozenset()
    """The ids of the sources whose pinpoints state rules (see the module docstring)."""
    last_number: int = 0
    """The number given to the last numbered paragraph."""
    points: dict[str, int | None] = field(default_factory=dict)
    """Point id -> the paragraph that states it (None in an unnumbered document)."""
    pinpoints: dict[tuple[str, str], tuple[str, int | None]] = field(default_factory=dict)
    """(source, pinpoint) -> the item that first cited it and its paragraph."""
    said: list[tuple[frozenset[tuple[str, ...]], int | None]] = field(default_factory=list)
    """The three-word runs of each long sentence printed so far, and its paragraph."""
    echoes: set[int] = field(default_factory=set)
    """The paragraphs that state what the last ``unsaid`` left out (to refer to them)."""

    def next_number(self) -> int | None:
        """A number for the next body paragraph (None when paragraphs are not numbered)."""
        if not self.numbered:
            return None
        self.last_number += 1
        return self.last_number

    def upcoming(self, ahead: int = 1) -> int | None:
        """The number the paragraph ``ahead`` places on will get (None when not numbered)."""
        return self.last_number + ahead if self.numbered else None

    def paragraph(self, runs: Sequence[Run], style: str = "body", *, numbered: bool = True) -> Paragraph:
        """A body paragraph, numbered when the document numbers them."""
        number = self.next_number() if numbered else None
        return Paragraph(tuple(runs), style, number)  # type: ignore[arg-type]

    def unsaid(self, item: str, runs: Sequence[Run], number: int | None = None) -> list[Sentence]:
        """The sentences of ``runs`` not yet stated, recorded as stated by ``item`` (in paragraph
        ``number``)."""
        kept: list[Sentence] = []
        self.echoes = set()
        for sentence in sentences(runs):
            if self._stated(item, sentence):
                continue
            kept.append(sentence)
            self._record(item, sentence, number)
        return kept

    def prose(self, item: str, runs: Sequence[Run], number: int | None = None) -> tuple[Run, ...]:
        """``runs`` without the sentences already stated (in an unnumbered paragraph, or ``number``)."""
        return join(self.unsaid(item, runs, number))

    def stated_paragraph(self, item: str, runs: Sequence[Run], style: str = "body") -> Paragraph | None:
        """A body paragraph of ``item``'s sentences not yet stated, or None when all were."""
        number = self.next_number()
        kept = self.unsaid(item, runs, number)
        if not kept:
            if number is not None:
                self.last_number -= 1
            return None
        return Paragraph(join(kept), style, number)  # type: ignore[arg-type]

    def state_point(self, point: str, paragraph: Paragraph) -> None:
        """Record that ``paragraph`` states ``point``."""
        self.points[point] = paragraph.number

    def rule(self, item: str, cite: Cite) -> tuple[str, int | None] | None:
        """Where another item already cited the rule at ``cite`` (its id and paragraph), or None if
        the rule is new here (then it is recorded as ``item``'s)."""
        if cite.pinpoint is None:
            return None
        key = (cite.source, cite.pinpoint)
        owner = self.pinpoints.get(key)
        if owner is not None and owner[0] != item:
            return owner
        self.pinpoints.setdefault(key, (item, None))
        return None

    def _stated(self, item: str, sentence: Sentence) -> bool:
        runs = _trigrams(plain_text(sentence))
        for earlier, number in self.said:
            if runs and len(runs & earlier) >= RESTATES * len(runs):
                self.echoes.update([number] if number is not None else [])
                return True
        cites = [c for run in sentence if isinstance(run, Citation) for c in run.cites]
        if not cites or any(c.pinpoint is None or c.source not in self.legal for c in cites):
            return False
        owners = [self.pinpoints.get((c.source, c.pinpoint or "")) for c in cites]
        if not all(owner is not None and owner[0] != item for owner in owners):
            return False
        self.echoes.update(owner[1] for owner in owners if owner is not None and owner[1] is not None)
        return True

    def _record(self, item: str, sentence: Sentence, number: int | None) -> None:
        runs = _trigrams(plain_text(sentence))
        if runs:
            self.said.append((runs, number))
        for key in _pinpointed(sentence):
            owner = self.pinpoints.get(key)
            if owner is None or (owner[0] == item and owner[1] is None):
                self.pinpoints[key] = (item, number)


def _pinpointed(runs: Iterable[Run]) -> list[tuple[str, str]]:
    return [
        (c.source, c.pinpoint)
        for run in runs
        if isinstance(run, Citation)
        for c in run.cites
        if c.pinpoint is not None
    ]


def _trigrams(text: str) -> frozenset[tuple[str, ...]]:
    """The three-word runs of a long sentence (none for a short one)."""
    words = _WORD.findall(text.lower())
    if len(words) < LONG_SENTENCE:
        return frozenset()
    return frozenset(zip(words, words[1:], words[2:], strict=False))


def _with_text(run: Text, text: str) -> Text:
    return Text(text, run.italic, run.bold, run.url, run.small_caps, run.vertical)


def _strip_start(runs: list[Run]) -> Sentence:
    out = list(runs)
    while out and isinstance(out[0], Text) and not out[0].text.strip():
        out.pop(0)
    if out and isinstance(out[0], Text):
        out[0] = _with_text(out[0], out[0].text.lstrip())
    while out and isinstance(out[-1], Text) and not out[-1].text.strip():
        out.pop()
    if out and isinstance(out[-1], Text):
        out[-1] = _with_text(out[-1], out[-1].text.rstrip())
    return tuple(out)
