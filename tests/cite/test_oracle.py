"""The cite stage against pandoc itself: random documents, each printed by pandoc run on the whole
document, must print the same notes, text and formatting, in every style and language tested.

Only the differences listed in ``advocate.cite``'s docstring (and the README) are allowed, each by a
named normalisation below that says which one it is. The sequences are random but seeded: every run
compares the same documents.
"""

from __future__ import annotations

import dataclasses
import json
import os
import random
import re
import subprocess
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pypandoc
import pytest

from advocate.cite import CitationStyle, cite, csl_items, form_book, load_style
from advocate.document import Text

from .helpers import SOURCES as BASE_SOURCES
from .helpers import ZENZ, Spec, marked, notes_document

STYLES = [
    "oscola",
    "chicago-notes-bibliography",
    "chicago-notes-bibliography-subsequent-ibid",
    "mhra-notes",
    "new-harts-rules-notes",
]
LANGS = ["en-GB", "en-US"]
DOCUMENTS = int(os.environ.get("ADVOCATE_ORACLE_DOCUMENTS", "16"))
"""Random documents per style and language (about 40 notes each; 16 make about 6,500 notes in all,
in 20 to 50 seconds on two cores). ``ADVOCATE_ORACLE_DOCUMENTS`` sets another number."""
SEED = 20240611

SOURCES: dict[str, dict[str, object]] = {
    **BASE_SOURCES,
    **ZENZ,
    "amnesty-2": {
        "type": "report",
        "title": "Nowhere feels safe",
        "author": [{"literal": "Amnesty International"}],
        "issued": "2022-03-01",
    },
    "papers": {
        "type": "book",
        "title": "The Collected Papers",
        "author": [{"family": "Smith", "given": "Jane"}],
        "volume": "LXXVIII",
        "publisher": "Oxford University Press",
        "publisher-place": "Oxford",
        "issued": "2019",
    },
    "chapter": {
        "type": "chapter",
        "title": "Forced labour in supply chains",
        "author": [{"family": "Brown", "given": "Ann"}],
        "editor": [{"family": "Green", "given": "Tom"}],
        "container-title": "Business and Human Rights",
        "publisher": "Hart",
        "publisher-place": "Oxford",
        "page": "101-125",
        "issued": "2022",
    },
    "modern-slavery": {"type": "legislation", "title": "Modern Slavery Act 2015", "issued": "2015"},
}
"""A report and a newspaper article, a treaty, a case, a web page with its address and the date it was
read (``helpers.SOURCES``), two works of one author, two of one organisation, a book with a roman
volume, a chapter in an edited book, an Act."""

PINPOINTS = [
    *("7", "12", "12-14", "321-328", "110-118", "1001-1009", "12, 14", "xiv", "27(3)"),
    *("para 431", "paras 12-14", "paragraph 3", "para xiv", "p 7", "pp 12-14", "p. 8"),
    *("s 3", "ss 3-5", "section 2(1)", "ch 2", "pt 4", "n 12", "col 7", "vol 2", "l 5", "ll 5-9"),
]
"""Pinpoints as the library writes them (OSCOLA's abbreviations, some spelled out)."""


# --------------------------------------------------------------------------- allowed differences


def labels_for_pandoc(pinpoint: str) -> str:
    """Difference 1 (labels pandoc cannot read, e.g. "para" without its full stop, OSCOLA's "s"):
    pandoc is given the locale's own long term, which it reads in every language. And difference
    3 (unlabelled pinpoints without a digit, "xiv"): pandoc is told it is a page."""
    words = {"para": "paragraph", "paras": "paragraphs", "s": "section", "ss": "sections"}
    words |= {"ch": "chapter", "pt": "part", "n": "note", "col": "column", "vol": "volume"}
    words |= {"l": "line", "ll": "lines", "p": "page", "p.": "page", "pp": "pages"}
    label, _, value = pinpoint.partition(" ")
    if value and label in words:
        return f"{words[label]} {value}"
    return f"page {pinpoint}" if not any(char.isdigit() for char in pinpoint) else pinpoint


OSCOLA_LABELS = "paras?|ss?|chs?|chaps?|pts?|nn?|cols?|vols?|ll?|pp?"


def oscola_lowercase_ibid(theirs: str, ours: str) -> tuple[str, str]:
    """Difference 4: OSCOLA's "ibid" stays lower case at the start of a note."""
    return re.sub(r"^Ibid\b", "ibid", theirs), ours


def oscola_ibid_keeps_label(theirs: str, ours: str) -> tuple[str, str]:
    """Difference 5: OSCOLA's ibid keeps a pinpoint's label ("ibid s 3"); pandoc prints "ibid 3"."""
    return theirs, re.sub(rf"\bibid (?:{OSCOLA_LABELS}) ", "ibid ", ours)


def oscola_comma_before_label(theirs: str, ours: str) -> tuple[str, str]:
    """Difference 6: in OSCOLA a labelled pinpoint after a number takes a comma ("2015, s 3")."""
    return re.sub(rf"(\d) ((?:{OSCOLA_LABELS}) [\dxiv])", r"\1, \2", theirs), ours


def new_harts_teens(theirs: str, ours: str) -> tuple[str, str]:
    """Difference 7: New Hart's Rules keeps two figures for 10 to 19 in a range ("12–14", "110–18")."""
    return re.sub(r"(?<!\d)(\d*)(1\d)–(\d)(?!\d)", lambda m: f"{m[1]}{m[2]}–{m[2][0]}{m[3]}", theirs), ours


Normalisation = Callable[[str, str], tuple[str, str]]
NORMALISATIONS: dict[str, list[Normalisation]] = {
    "oscola": [oscola_lowercase_ibid, oscola_ibid_keeps_label, oscola_comma_before_label],
    "new-harts-rules-notes": [new_harts_teens],
}


# --------------------------------------------------------------------------- the oracle


def pandoc_notes(notes: Sequence[Spec], style: CitationStyle, lang: str, refs: Path) -> list[str]:
    """The notes pandoc prints for the whole document in one run, marked as ``helpers.marked``."""
    markdown = "\n\n".join(
        "Text [" + "; ".join(f"@{s}" + (f", {labels_for_pandoc(p)}" if p else "") for s, p in spec) + "]."
        for spec in notes
    )
    args = [
        pypandoc.get_pandoc_path(),
        "-f",
        "markdown",
        "-t",
        "json",
        "--citeproc",
        "--csl",
        str(style.path),
    ]
    args += ["--bibliography", str(refs), "-M", f"lang={lang}", "-M", "suppress-bibliography=true"]
    out = subprocess.run(args, input=markdown.encode(), capture_output=True, check=True).stdout
    return [marked(_runs(note, Text(""))) for note in _ast_notes(json.loads(out)["blocks"])]


def _ast_notes(node: Any) -> list[Any]:
    if isinstance(node, list):
        return [note for child in node for note in _ast_notes(child)]
    if isinstance(node, dict):
        return [node["c"]] if node.get("t") == "Note" else _ast_notes(node.get("c"))
    return []


_FORMATS = {
    "Emph": {"italic": True},
    "Strong": {"bold": True},
    "SmallCaps": {"small_caps": True},
    "Superscript": {"vertical": "super"},
    "Subscript": {"vertical": "sub"},
}


def _runs(node: Any, style: Text) -> list[Text]:
    """Pandoc's inlines as runs (an independent reading, not advocate's)."""
    if isinstance(node, list):
        return [run for child in node for run in _runs(child, style)]
    kind, content = node["t"], node.get("c")
    if kind == "Str":
        return [dataclasses.replace(style, text=content)]
    if kind in ("Space", "SoftBreak"):
        return [dataclasses.replace(style, text=" ")]
    if kind in _FORMATS:
        return _runs(content, dataclasses.replace(style, **_FORMATS[kind]))  # type: ignore[arg-type]
    if kind == "Link":
        return _runs(content[1], dataclasses.replace(style, url=content[2][0]))
    if kind == "Span":
        return _runs(content[1], style)
    if kind in ("Para", "Plain", "Underline", "Strikeout"):  # the IR has no underline or strikeout
        return _runs(content, style)
    raise AssertionError(f"unexpected {kind} in a note")


def random_notes(rng: random.Random) -> list[Spec]:
    """A document: 1 to 80 notes of 1 to 3 cites, a few sources cited often (ibid, subsequent)."""
    ids = list(SOURCES)
    favourites = rng.sample(ids, 3)
    return [
        [
            (
                rng.choice(favourites if rng.random() < 0.6 else ids),
                rng.choice(PINPOINTS) if rng.random() < 0.55 else None,
            )
            for _ in range(rng.choice([1, 1, 1, 1, 2, 2, 3]))
        ]
        for _ in range(rng.randint(1, 80))
    ]


CASES = [(name, lang) for name in STYLES for lang in LANGS]
NEAR_NOTE = "guide-des-citations-references-et-abreviations-juridiques"
"""A style that tests ``position="near-note"`` (whose forms are read another way), a few documents."""
ALL_CASES = [*CASES, (NEAR_NOTE, "en-GB")]


@pytest.fixture(scope="module")
def oracle(
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[tuple[str, str], list[tuple[list[Spec], list[str]]]]:
    """Every case's documents and pandoc's notes for them, run on a thread pool (with the books)."""
    refs = tmp_path_factory.mktemp("oracle") / "refs.json"
    refs.write_text(json.dumps(csl_items(SOURCES)), encoding="utf-8")
    rng = random.Random(SEED)
    documents = {case: [random_notes(rng) for _ in range(DOCUMENTS)] for case in CASES}
    documents[(NEAR_NOTE, "en-GB")] = [random_notes(rng) for _ in range(4)]
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=4) as pool:
        books = [pool.submit(form_book, load_style(name), SOURCES, lang) for name, lang in ALL_CASES]
        runs = {
            case: [
                pool.submit(pandoc_notes, notes, load_style(case[0]), case[1], refs)
                for notes in documents[case]
            ]
            for case in ALL_CASES
        }
        for book in books:
            book.result()
        found = {
            case: list(zip(documents[case], [run.result() for run in runs[case]], strict=True))
            for case in ALL_CASES
        }
    count = sum(len(notes) for docs in documents.values() for notes in docs)
    print(f"\noracle: {count} notes in {len(ALL_CASES)} cases, {time.perf_counter() - started:.1f} s")
    return found


@pytest.mark.parametrize(("name", "lang"), ALL_CASES)
def test_notes_equal_pandoc_on_whole_documents(
    name: str, lang: str, oracle: dict[tuple[str, str], list[tuple[list[Spec], list[str]]]]
) -> None:
    style = load_style(name)
    normalisations = NORMALISATIONS.get(name, [])
    differences = []
    for notes, expected in oracle[(name, lang)]:
        cited = cite(notes_document(notes, SOURCES, lang), style)
        for number, (spec, theirs, note) in enumerate(
            zip(notes, expected, cited.notes, strict=True), start=1
        ):
            ours = marked(note.runs)
            for normalise in normalisations:
                theirs, ours = normalise(theirs, ours)
            if ours != theirs:
                differences.append(f"note {number} {spec}:\n  pandoc: {theirs}\n  ours:   {ours}")
    assert not differences, f"{len(differences)} differences:\n" + "\n".join(differences[:20])


def test_the_documents_cover_what_the_issue_names(
    oracle: dict[tuple[str, str], list[tuple[list[Spec], list[str]]]],
) -> None:
    """What pandoc printed for the random documents has every feature the comparison is about."""
    printed = {
        case: "\n".join(note for _, notes in found for note in notes) for case, found in oracle.items()
    }
    assert "<sc>lxxviii</sc>" in printed[("mhra-notes", "en-GB")]  # small capitals
    assert ".”" in printed[("chicago-notes-bibliography", "en-US")]  # a full stop inside the quote
    assert re.search(
        r"Zenz, ‘[^’]+’ \(n \d+\)", printed[("oscola", "en-GB")]
    )  # one author's works told apart
    assert (
        "para. 431" in printed[("mhra-notes", "en-GB")]
        and "¶ 431" in printed[("chicago-notes-bibliography", "en-US")]
    )
    assert (
        "321–28" in printed[("mhra-notes", "en-GB")]
        and "321–8" in printed[("new-harts-rules-notes", "en-GB")]
    )
    assert "June 22, 2021" in printed[("oscola", "en-US")] and "22 June 2021" in printed[("oscola", "en-GB")]
    assert re.search(r"<i>[Ii]bid", printed[(NEAR_NOTE, "en-GB")])  # its ibid: near-note and ibid
