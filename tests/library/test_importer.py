"""Tests for ``library.importer`` (and ``import_formats``, through it): CSL JSON, CSL YAML, BibTeX and
RIS into the library's sources."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from advocate.cli import main
from advocate.errors import AdvocateError
from advocate.library import import_formats
from advocate.library.import_formats import read_entries
from advocate.library.importer import import_files
from advocate.library.load import load_library

needs_pandoc = pytest.mark.skipif(import_formats.pandoc_path() is None, reason="pandoc is not installed")

ZOTERO = [
    {
        "id": "http://zotero.org/users/local/x/items/ABC",
        "type": "article-journal",
        "title": "Forced Labour in the XUAR: Evidence from UK Supply Chains",
        "container-title": "Journal of Human Rights",
        "container-title-short": "J Hum Rights",
        "source": "Taylor and Francis+NEJM",
        "ISSN": "1475-4835",
        "event-place": "London",
        "DOI": "10.1080/14754835.2021.1",
        "author": [{"family": "Smith", "given": "Jane"}],
        "issued": {"date-parts": [[2021, 6, 18]]},
        "volume": 20,
    },
    {
        "id": "12",
        "type": "report",
        "title": "Another Report",
        "author": [{"family": "Smith"}],
        "issued": {"date-parts": [["2021"]]},
    },
]

PANDOC_YAML = """\
---
nocite: '[@*]'
references:
- author:
  - family: Zenz
    given: Adrian
  id: zenz2019
  issued: 2019
  title: "Thoroughly Reforming Them: China's Re-Education Campaign"
  url: https://doi.org/10.1080/02634937.2018.1507997
---
"""

BIBTEX = """\
@article{byler2022,
  author = {Byler, Darren},
  title = {In the Camps: {China}'s High-Tech Penal Colony},
  journal = {Columbia Global Reports},
  year = {2022},
  issn = {1234-5678},
}
"""

RIS = """\
TY  - JOUR
AU  - Smith, Jane
TI  - Another Article About Cotton
JO  - Journal of Things
PY  - 2021
DO  - 10.1000/xyz
ER  -
"""

EXISTING = """\
references:
  - id: amnesty-2021
    type: report
    title: Like We Were Enemies in a War
    issued: 2021-06-10
    URL: https://www.amnesty.org/en/documents/asa17/4137/2021/en/
"""


@pytest.fixture
def library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "library").mkdir()
    (tmp_path / "library" / "sources.yaml").write_text(EXISTING, encoding="utf-8")
    return Path("library")


def write(name: str, text: str) -> Path:
    Path(name).write_text(text, encoding="utf-8")
    return Path(name)


def imported(library: Path) -> dict[str, dict[str, object]]:
    loaded = load_library(library)
    assert [p for p in loaded.problems if p.severity == "error"] == []
    return {i: s.csl() for i, s in loaded.library.sources.items() if i != "amnesty-2021"}


def test_zotero_csl_json_keeps_every_csl_field(library: Path) -> None:
    report = import_files([write("zotero.json", json.dumps(ZOTERO))], library)
    assert report.added == [
        "added smith-2021: Forced Labour in the XUAR: Evidence from UK Supply Chains "
        "(id 'http://zotero.org/users/local/x/items/ABC' replaced)",
        "added smith-2021b: Another Report (id '12' replaced)",
    ]
    assert report.skipped == []
    assert report.into == library / "sources" / "imported.yaml"
    csl = imported(library)["smith-2021"]
    assert csl["title"] == "Forced Labour in the XUAR: Evidence from UK Supply Chains"
    for key in ("source", "ISSN", "container-title-short", "event-place"):
        assert csl[key] == ZOTERO[0][key]
    assert csl["issued"] == {"date-parts": [[2021, 6, 18]]}
    assert csl["volume"] == "20"


def test_one_csl_json_object(library: Path) -> None:
    report = import_files([write("one.json", json.dumps(ZOTERO[1]))], library)
    assert report.added == ["added smith-2021: Another Report (id '12' replaced)"]


def test_pandoc_csl_yaml(library: Path) -> None:
    report = import_files([write("refs.yaml", PANDOC_YAML)], library)
    assert report.added == [
        "added zenz2019: Thoroughly Reforming Them: China's Re-Education Campaign (no type: set to document)"
    ]
    csl = imported(library)["zenz2019"]
    assert csl["URL"] == "https://doi.org/10.1080/02634937.2018.1507997"
    assert csl["type"] == "document"


@needs_pandoc
def test_bibtex_keeps_the_title_capitals(library: Path) -> None:
    report = import_files([write("refs.bib", BIBTEX)], library)
    assert report.added == ["added byler2022: In the Camps: China\u2019s High-Tech Penal Colony"]
    csl = imported(library)["byler2022"]
    assert csl["ISSN"] == "1234-5678"
    assert csl["container-title"] == "Columbia Global Reports"


@needs_pandoc
def test_ris_gets_an_author_year_id(library: Path) -> None:
    report = import_files([write("refs.ris", RIS)], library)
    assert report.added == ["added smith-2021: Another Article About Cotton"]
    assert imported(library)["smith-2021"]["DOI"] == "10.1000/xyz"


def test_without_pandoc_a_clear_message(library: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(import_formats, "pandoc_path", lambda: None)
    with pytest.raises(AdvocateError) as caught:
        read_entries(write("refs.bib", BIBTEX))
    assert str(caught.value) == (
        "refs.bib: cannot read BibTeX without pandoc: export the references as CSL JSON instead "
        "(in Zotero: Export Library, format CSL JSON), or install pandoc"
    )


def test_duplicates_are_reported_not_added(library: Path) -> None:
    entries = [
        {"id": "amnesty-2021", "type": "report", "title": "Other"},
        {"type": "report", "title": "x", "URL": "http://amnesty.org/en/documents/asa17/4137/2021/en"},
        {"type": "report", "title": "Like we were enemies in a war!", "issued": "2021"},
        {"type": "report", "title": "New", "DOI": "10.1/A"},
        {"type": "report", "title": "Newer", "DOI": "https://doi.org/10.1/a"},
        {"type": "report"},
    ]
    report = import_files([write("d.json", json.dumps(entries))], library)
    assert report.added == ["added new-nd: New"]
    assert report.skipped == [
        "skipped d.json, entry 1 ('Other'): the id 'amnesty-2021' is already used by amnesty-2021 "
        "(library/sources.yaml:2:5)",
        "skipped d.json, entry 2 ('x'): same URL as amnesty-2021 (library/sources.yaml:2:5)",
        "skipped d.json, entry 3 ('Like we were enemies in a war!'): same title and year as amnesty-2021 "
        "(library/sources.yaml:2:5)",
        "skipped d.json, entry 5 ('Newer'): same DOI as new-nd (d.json, entry 4)",
        "skipped d.json, entry 6: it has no title",
    ]


def test_appends_to_the_file_and_a_second_import_finds_the_first(library: Path) -> None:
    import_files([write("a.json", json.dumps(ZOTERO[:1]))], library)
    report = import_files([write("b.json", json.dumps(ZOTERO))], library)
    assert report.added == ["added smith-2021b: Another Report (id '12' replaced)"]
    assert [line.split(":")[0] for line in report.skipped] == [
        "skipped b.json, entry 1 ('Forced Labour in the XUAR"
    ]
    import_files([write("c.json", json.dumps([{"id": "c", "type": "book", "title": "C"}]))], library)
    assert set(imported(library)) == {"smith-2021", "smith-2021b", "c"}


def test_an_unreadable_file_writes_nothing(library: Path) -> None:
    with pytest.raises(AdvocateError) as caught:
        import_files([write("good.json", json.dumps(ZOTERO)), write("bad.json", "[{")], library)
    assert str(caught.value).startswith("bad.json:1:3: expected CSL JSON, got invalid JSON: ")
    assert not (library / "sources").exists()
    with pytest.raises(AdvocateError, match=r"^refs\.txt: cannot tell the format from the name"):
        import_files([write("refs.txt", "")], library)
    with pytest.raises(AdvocateError, match=r"^gone\.json: cannot read file: no such file$"):
        import_files([Path("gone.json")], library)


def test_a_fifo_or_a_device_is_refused_at_once_never_read(library: Path, tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.json")
    with pytest.raises(AdvocateError) as caught:
        import_files([tmp_path / "pipe.json", Path("/dev/null")], library)
    assert str(caught.value).splitlines() == [
        "/dev/null: expected a regular file, got a device",
        f"{tmp_path / 'pipe.json'}: expected a regular file, got a FIFO (named pipe)",
    ]
    with pytest.raises(AdvocateError) as caught:
        read_entries(tmp_path / "pipe.json", "pipe.json")
    assert str(caught.value) == "pipe.json: expected a regular file, got a FIFO (named pipe)"


def test_into_a_file_that_cannot_take_more(library: Path) -> None:
    write("library/topics.yaml", "references: []\ntopics: []\n")
    with pytest.raises(AdvocateError, match="expected a mapping whose last key is references:"):
        import_files([write("a.json", json.dumps(ZOTERO))], library, Path("library/topics.yaml"))
    assert Path("library/topics.yaml").read_text() == "references: []\ntopics: []\n"


def test_cli_import(library: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["import", str(write("z.json", json.dumps(ZOTERO))), "--into", "library/mine.yaml"])
    out = capsys.readouterr().out.splitlines()
    assert status == 0
    assert out[-1] == "2 added to library/mine.yaml, 0 skipped"
    status = main(["import", "z.json", "--into", "library/mine.yaml"])
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "0 added, 2 skipped"
    assert main(["import", "nothing.json"]) == 1
    assert capsys.readouterr().err == "nothing.json: cannot read file: no such file\n"


def test_check_names_files_it_does_not_read(library: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write("library/zotero.json", "[]")
    write("library/notes.txt", "")
    main(["check", "--briefs", "none"])
    err = capsys.readouterr().err.splitlines()
    assert (
        "library/notes.txt: warning: not read: only .yaml files are read here; move it out of the library "
        "folder, or make it a .yaml library file" in err
    )
    assert (
        "library/zotero.json: warning: not read: only .yaml files are read here; to add its references to "
        "the library, run: advocate import library/zotero.json; then remove it" in err
    )
