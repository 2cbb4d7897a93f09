"""Nothing campaign-specific in the package: no id or word of the bundled campaign under src/advocate/.

The words are the bundled library's topic and ask ids, the hyphenated ids of its points, sources,
arguments and responses, its campaign's name and issue, and a fixed list of the campaign's own names
(the Commons motion of 22 April 2021 named the Uyghurs, Xinjiang and genocide).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

from advocate.library.load import load_library

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "src" / "advocate"
TEXT_SUFFIXES = frozenset({".py", ".yaml", ".yml", ".html", ".css", ".xml", ".txt", ".json", ".j2", ".md"})
WORDS = (
    "Uyghur", "Uyghurs", "Uighur", "Uighurs", "Xinjiang", "Turkic", "Tribunal", "genocide",
    "crimes against humanity", "Autonomous Region", "re-education", "Chen Quanguo", "cotton", "China",
    "Chinese", "PRC", "Beijing",
)  # fmt: skip
"""The bundled campaign's own names and words."""


def campaign_words() -> list[str]:
    library = load_library(REPO / "library").library
    ids = {*library.topics, *library.asks}
    for table in (library.points, library.sources, library.arguments, library.responses):
        ids |= {name for name in table if "-" in name}  # a one-word id may be an ordinary word
    assert library.campaign is not None
    return sorted(ids | {library.campaign.name, library.campaign.issue, *WORDS})


def package_lines() -> Iterator[tuple[str, int, str]]:
    """Every line of every text file of the package, and of every XML part of a DOCX in it."""
    for path in sorted(PACKAGE.rglob("*")):
        name = str(path.relative_to(REPO))
        if path.suffix in TEXT_SUFFIXES:
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                yield name, number, line
        elif path.suffix == ".docx":
            with zipfile.ZipFile(path) as docx:
                for part in docx.namelist():
                    if part.endswith((".xml", ".rels")):
                        text = docx.read(part).decode("utf-8", "replace")
                        for number, line in enumerate(text.splitlines(), 1):
                            yield f"{name}/{part}", number, line


def test_the_package_names_nothing_of_the_bundled_campaign() -> None:
    words = campaign_words()
    pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(w) for w in words) + r")(?![\w-])", re.I)
    found = [
        f"{name}:{number}: {match.group(1)!r}"
        for name, number, line in package_lines()
        for match in pattern.finditer(line)
    ]
    assert found == []


def test_the_word_list_finds_what_it_looks_for() -> None:
    pattern = re.compile("|".join(re.escape(w) for w in campaign_words()), re.I)
    assert pattern.search("the forced-labour topic") and pattern.search("in Xinjiang")
