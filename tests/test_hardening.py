"""Issue #6, hardening: each numbered behaviour through the CLI and library paths (``build`` of a
brief and the ``letters`` mail merge). Tests that belong to one module live with it and are named
here: #3 ``yamlfile/test_read.test_unreadable_characters_name_the_field_they_are_in``,
``test_people.test_a_lone_surrogate_is_reported_with_its_row_and_column``; #5
``render/test_pdf.test_fetcher_refuses_urls_outside_the_template_folders``; #6
``render/test_html.test_sandbox_violations_are_advocate_errors``; #9
``yamlfile/test_read.test_alias_bomb_is_refused_without_expanding``; #12
``test_write.test_safe_name_never_leaves_the_folder``,
``test_letters.test_file_names_stay_inside_the_output_folder``; #13
``test_write.test_13_process_killed_mid_write_keeps_previous_file_and_next_write_clears_its_temporary``;
#14 ``render/test_docx.test_source_date_epoch_gives_identical_bytes``,
``render/test_pdf.test_reproducible_with_source_date_epoch``.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import docx
import pytest
from lxml import etree
from pypdf import PdfReader

from advocate.batch import run_letters
from advocate.build import build
from advocate.cli import main
from advocate.people import COLUMNS
from advocate.render import limits
from advocate.render.pdf import FolderFetcher
from advocate.render.templates import project_templates_dir
from advocate.sample_people import write_people
from docx_parts import paragraph_texts

REPO = Path(__file__).resolve().parents[1]
LIBRARY = REPO / "library"
BASE_BRIEF = REPO / "briefs" / "constituent-letter.yaml"

COMPANY = "Smith & Sons <Ltd>"
IRISH = 'O\'Brien "Jr"'
INJECTION = "</w:t></w:r><w:r><w:t>X"
IMAGE = '<img src="file:///etc/passwd">'
LINK = '<link rel=attachment href="file:///etc/passwd">'
PERSONAL = f"{INJECTION} then {IMAGE} and {LINK}."


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is YAML's)."""
    return json.dumps(text, ensure_ascii=False)


def brief_text(
    sender: str = q(COMPANY),
    recipient: str = q(IRISH),
    personal: str = q(PERSONAL),
    address: str = "[14 Sample Lane, Exampleton, EX1 2AB]",
    extra: str = "",
) -> str:
    return (
        f"kind: letter\naudience: constituent\ntitle: A letter\ndate: 2021-12-15\n"
        f"recipient:\n  name: {recipient}\n  constituency: Exampleton\n  address: [House of Commons]\n"
        f"sender:\n  name: {sender}\n  constituency: Exampleton\n  address: {address}\n"
        f"personal: {personal}\ntopics: [detention, torture]\n{extra}"
    )


def write_brief(folder: Path, text: str, name: str = "hostile.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def cli(*args: str | Path) -> list[str]:
    return [str(a) for a in args]


def docx_paragraphs(path: Path) -> list[str]:
    return paragraph_texts(path)


def docx_runs(path: Path) -> list[str]:
    return [r.text for p in docx.Document(str(path)).paragraphs for r in p.runs]


def pdf_text(path: Path) -> str:
    return "".join(page.extract_text() for page in PdfReader(path).pages)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def assert_valid_xml_parts(path: Path) -> None:
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.endswith((".xml", ".rels")):
                etree.fromstring(archive.read(name))


@pytest.fixture(scope="module")
def fetched() -> Iterator[list[str]]:
    """Every URL WeasyPrint asks the fetcher for while this module's fixtures build."""
    asked: list[str] = []
    original = FolderFetcher.fetch

    def spy(self: FolderFetcher, url: str, headers: Any = None) -> Any:
        asked.append(url)
        return original(self, url, headers)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(FolderFetcher, "fetch", spy)
        yield asked


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, fetched: list[str]) -> Path:
    """The hostile brief built through the CLI (``advocate build``) in both formats."""
    root = tmp_path_factory.mktemp("built")
    brief = write_brief(root, brief_text())
    assert main(cli("build", brief, "--out", root / "out", "--library", LIBRARY)) == 0
    return root / "out"


@pytest.fixture(scope="module")
def merged(tmp_path_factory: pytest.TempPathFactory, fetched: list[str]) -> Path:
    """The same text through the mail merge (``run_letters``), with YAML 1.1's pitfalls in the row."""
    root = tmp_path_factory.mktemp("merged")
    row = dict.fromkeys(COLUMNS, "")
    row.update(
        name=COMPANY,
        address1=IRISH,
        town="NO",
        postcode="01234",
        representative="Alex Placeholder",
        representative_title="MP",
        constituency="Exampleton",
        personal=PERSONAL,
    )
    people = write_people(root / "people.csv", [row])
    report = run_letters(
        BASE_BRIEF, people, root / "out", formats=("docx", "pdf"), workers=1, library_dir=LIBRARY
    )
    assert not report.failed
    return root / "out"


def merged_file(out: Path, suffix: str) -> Path:
    (path,) = out.glob(f"*{suffix}")
    return path


# --- 1, 2, 4: text is text ----------------------------------------------------------------------


def test_01_names_with_markup_characters_appear_literally_in_docx_and_pdf(built: Path, merged: Path) -> None:
    for docx_file, pdf_file in (
        (built / "hostile.docx", built / "hostile.pdf"),
        (merged_file(merged, ".docx"), merged_file(merged, ".pdf")),
    ):
        assert_valid_xml_parts(docx_file)
        paragraphs = "\n".join(docx_paragraphs(docx_file))
        pdf = squash(pdf_text(pdf_file))
        for name in (COMPANY, IRISH):
            assert name in paragraphs
            assert squash(name) in pdf


def test_02_markup_in_text_stays_text_and_makes_no_new_word_run(built: Path, merged: Path) -> None:
    for docx_file in (built / "hostile.docx", merged_file(merged, ".docx")):
        assert any(PERSONAL in p for p in docx_paragraphs(docx_file))
        assert not any(run.startswith("X") for run in docx_runs(docx_file))
        with zipfile.ZipFile(docx_file) as archive:
            assert "&lt;/w:t&gt;&lt;/w:r&gt;" in archive.read("word/document.xml").decode()


def test_04_html_in_text_is_escaped_and_never_fetched(built: Path, merged: Path, fetched: list[str]) -> None:
    for pdf_file in (built / "hostile.pdf", merged_file(merged, ".pdf")):
        text = squash(pdf_text(pdf_file))
        assert squash(IMAGE) in text and squash(LINK) in text
    assert not [url for url in fetched if "passwd" in url]


# --- 3: characters no document can carry ---------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "raw", "expected"),
    [
        ("sender", b'"Sam\\x00"', "sender.name: expected text without control characters, got U+0000"),
        ("sender", b"Sam\x0b", "sender.name: expected printable text, got the control character U+000B"),
        ("recipient", b"Alex\xed\xa0\x80", "recipient.name: expected printable text, got a lone surrogate"),
        ("recipient", b'"Alex\\ud800"', "recipient.name: expected text without lone surrogates"),
        ("personal", b'"a\\x0bb"', "personal: expected text without control characters, got U+000B"),
        ("address", b'[1 Road, "EX1\\x00"]', "sender.address[1]: expected text without control characters"),
    ],
)
def test_03_control_character_or_lone_surrogate_is_an_error_naming_the_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], field: str, raw: bytes, expected: str
) -> None:
    marker = "@@FIELD@@"
    text = brief_text(**{field: marker}).encode("utf-8").replace(marker.encode(), raw)
    brief = tmp_path / "bad.yaml"
    brief.write_bytes(text)
    assert main(cli("build", brief, "--out", tmp_path / "out", "--library", LIBRARY)) == 1
    err = capsys.readouterr().err
    assert f"{brief}:" in err and expected in err
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_03_control_character_in_a_people_row_names_row_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    row = dict.fromkeys(COLUMNS, "")
    row.update(name="Sam\x0b", address1="1 Lane", postcode="EX1 2AB", representative="A", constituency="C")
    people = write_people(tmp_path / "people.csv", [row])
    out = tmp_path / "out"
    status = main(cli("letters", BASE_BRIEF, "--people", people, "--out", out, "--library", LIBRARY))
    assert status == 1
    err = capsys.readouterr().err
    assert f"{people}:2: name: expected text without control characters, got U+000B at offset 3" in err


# --- 5, 6, 7, 8: templates and stylesheets --------------------------------------------------------


def user_templates(tmp_path: Path, **files: str) -> Path:
    folder = tmp_path / "templates"
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name.replace("_", ".")).write_text(text, encoding="utf-8")
    return folder


def build_with(tmp_path: Path, folder: Path, fmt: str = "pdf") -> tuple[int, Path]:
    brief = write_brief(tmp_path, brief_text())
    out = tmp_path / "out"
    status = main(
        cli("build", brief, "--out", out, "--format", fmt, "--library", LIBRARY, "--templates", folder)
    )
    return status, out


@pytest.mark.parametrize("url", ["file:///etc/hostname", "http://169.254.169.254/", "file:///dev/urandom"])
def test_05_stylesheet_naming_an_outside_url_is_refused_without_hanging(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], url: str
) -> None:
    css = (project_templates_dir() / "print.css").read_text(encoding="utf-8")
    folder = user_templates(tmp_path, print_css=f'@import url("{url}");\n{css}')
    start = time.monotonic()
    status, out = build_with(tmp_path, folder)
    assert time.monotonic() - start < 60
    assert status == 1
    err = capsys.readouterr().err
    assert f"refused to fetch '{url}'" in err and "Traceback" not in err
    assert not out.exists()


@pytest.mark.parametrize(
    "source", ["{{ ''.__class__ }}", "{{ doc|attr('format') }}", "{{ '{0}'.format(1) }}"]
)
def test_06_template_reaching_for_class_or_format_is_a_clean_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], source: str
) -> None:
    folder = user_templates(tmp_path, letter_html=f"<p>\n{source}\n</p>")
    status, out = build_with(tmp_path, folder)
    assert status == 1
    err = capsys.readouterr().err
    assert f"{folder / 'letter.html'}:2:" in err and "Traceback" not in err
    assert not out.exists()


def test_06_the_mail_merge_renders_user_templates_in_the_sandbox_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = user_templates(tmp_path, letter_html="<p>{{ ''.__class__.__mro__ }}</p>")
    people = write_people(tmp_path / "people.csv", [dict(dict.fromkeys(COLUMNS, ""), **_ROW)])
    argv = cli("letters", BASE_BRIEF, "--people", people, "--out", tmp_path / "out", "--format", "pdf")
    assert main([*argv, "--library", str(LIBRARY), "--templates", str(folder), "--workers", "1"]) == 1
    err = capsys.readouterr().err
    assert "letter.html:1" in err and "Traceback" not in err


_ROW = {"name": "Sam", "address1": "1 Lane", "postcode": "EX1", "representative": "A", "constituency": "C"}


def loop(body: str, start: str = "namespace(v='ab')") -> str:
    """A loop of 99 rounds applying ``body`` to ``ns.v``."""
    return f"{{% set ns = {start} %}}{{% for i in range(99) %}}{{% set ns.v = {body} %}}{{% endfor %}}"


RUNAWAY = {
    "nested-loops": "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}",
    "recursion": "{% macro f(n) %}{% if n %}{{ f(n-1) }}{{ f(n-1) }}{% endif %}{% endmacro %}{{ f(60) }}",
    "endless-recursion": "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}",
    "repeat": "{{ 'x' * 10**10 }}",
    "doubling": loop("ns.v ~ ns.v"),
    "doubling-plus": loop("ns.v + ns.v", "namespace(v=[1])"),
    "squaring": loop("ns.v * ns.v", "namespace(v=3)"),
    "power": "{{ 7 ** 999999 }}",
    "center": "{{ 'x'|center(10**9) }}",
    "ljust": "{{ 'x'.ljust(10**9) }}",
    "replace": "{% set a = 'a' * 3000 %}{{ a|replace('a', a) }}",
    "str-replace": "{% set a = 'a' * 3000 %}{{ a.replace('a', a) }}",
    "indent": "{{ ('\n' * 999999)|indent(1000) }}",
    "format": "{{ '%999999999s'|format('x') }}",
    "modulo": "{{ '%*s' % (999999999, 'x') }}",
    "join": "{{ (['x' * 3000000] * 1000)|join }}",
    "map-join": "{{ range(99999)|map('center', 3999999)|join }}",
    "output": "{% for i in range(99999) %}{% for j in range(999) %}" + "x" * 200 + "{% endfor %}{% endfor %}",
    "division": "{{ 1 / 0 }}",
}


@pytest.fixture
def short_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_SECONDS", 1.0)


@pytest.mark.parametrize("case", RUNAWAY)
def test_07_template_that_loops_or_grows_without_bound_is_stopped_with_a_clean_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], short_limits: None, case: str
) -> None:
    folder = user_templates(tmp_path, letter_html=RUNAWAY[case])
    start = time.monotonic()
    status, out = build_with(tmp_path, folder)
    assert time.monotonic() - start < 20
    assert status == 1
    err = capsys.readouterr().err
    assert "letter.html" in err and "Traceback" not in err
    assert re.search(r"template (ran for more than|used more than|would make|wrote more than|failed)", err), (
        err
    )
    assert not out.exists()


@pytest.mark.parametrize("case", ["nested-loops", "repeat", "doubling"])
def test_07_docx_template_from_a_user_folder_has_the_same_limits(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], short_limits: None, case: str
) -> None:
    folder = user_templates(tmp_path)
    shutil.copy(project_templates_dir() / "letter.docx", folder / "letter.docx")
    _prepend_text(folder / "letter.docx", RUNAWAY[case])
    status, out = build_with(tmp_path, folder, fmt="docx")
    assert status == 1
    err = capsys.readouterr().err
    assert f"{folder / 'letter.docx'}: template error" in err and "Traceback" not in err
    assert not out.exists()


def test_07_limits_leave_ordinary_user_templates_alone(tmp_path: Path) -> None:
    folder = user_templates(tmp_path)
    for name in ("letter.html", "base.html", "print.css", "letter.docx"):
        shutil.copy(project_templates_dir() / name, folder / name)
    status, out = build_with(tmp_path, folder, fmt="docx")
    assert status == 0
    assert build([write_brief(tmp_path, brief_text())], LIBRARY, out, ["pdf"], folder)


def _prepend_text(path: Path, text: str) -> None:
    """Put ``text`` in a paragraph at the start of a Word file's body."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    xml = parts["word/document.xml"].decode("utf-8")
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    xml = re.sub(r"(<w:body[^>]*>)", rf"\1<w:p><w:r><w:t>{escaped}</w:t></w:r></w:p>", xml, count=1)
    parts["word/document.xml"] = xml.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_08_template_syntax_error_names_the_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = user_templates(tmp_path, letter_html='{% extends "base.html" %}\n{% block front %}\n{% if %}\n')
    status, _ = build_with(tmp_path, folder)
    assert status == 1
    err = capsys.readouterr().err
    assert f"{folder / 'letter.html'}:3: template syntax error" in err


def test_08_docx_template_syntax_error_names_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = user_templates(tmp_path)
    shutil.copy(project_templates_dir() / "letter.docx", folder / "letter.docx")
    _prepend_text(folder / "letter.docx", "{% if %}")
    status, _ = build_with(tmp_path, folder, fmt="docx")
    assert status == 1
    assert f"{folder / 'letter.docx'}: template error" in capsys.readouterr().err


# --- 9, 10, 11, 12: what YAML and the output names can do ------------------------------------------


def test_09_python_tag_in_a_brief_is_refused_and_never_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    marker = tmp_path / "PWNED"
    brief = write_brief(tmp_path, brief_text(sender=f"!!python/object/apply:os.system ['touch {marker}']"))
    assert main(cli("build", brief, "--out", tmp_path / "out", "--library", LIBRARY)) == 1
    assert "is not allowed" in capsys.readouterr().err
    assert not marker.exists()


def test_09_alias_bomb_in_a_brief_is_refused_before_it_expands(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bomb = "".join(f"x{i}: &x{i} [" + ", ".join([f"*x{i - 1}"] * 9) + "]\n" for i in range(1, 12))
    brief = write_brief(tmp_path, "x0: &x0 [lol]\n" + bomb + brief_text())
    start = time.monotonic()
    assert main(cli("build", brief, "--out", tmp_path / "out", "--library", LIBRARY)) == 1
    assert time.monotonic() - start < 10
    assert "YAML alias *x0 is not allowed" in capsys.readouterr().err


def test_10_duplicate_key_cites_both_lines_and_unknown_key_its_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    brief = write_brief(tmp_path, brief_text(extra="title: Again\nsalutation: Hi\n"))
    assert main(cli("build", brief, "--out", tmp_path / "out", "--library", LIBRARY)) == 1
    err = capsys.readouterr().err.splitlines()
    assert f"{brief}:15:1: title: duplicate key 'title' (first defined at line 3)" in err
    assert any(
        line.startswith(f"{brief}:16:1: salutation: unknown key 'salutation'; expected one of:")
        for line in err
    )


def test_11_values_yaml_1_1_would_reinterpret_are_kept_as_written(tmp_path: Path, merged: Path) -> None:
    brief = write_brief(tmp_path, brief_text(sender="NO", address="[01234, NO, 1.10, yes, 0x1F, 1e3]"))
    (written,) = build([brief], LIBRARY, tmp_path / "out", ["docx"])
    paragraphs = docx_paragraphs(written)
    for value in ("NO", "01234", "1.10", "yes", "0x1F", "1e3"):
        assert value in paragraphs
    letter = docx_paragraphs(merged_file(merged, ".docx"))
    assert "01234" in letter and "NO" in letter  # postcode and town from the people file


def test_12_output_name_from_user_data_stays_inside_the_output_folder(tmp_path: Path) -> None:
    brief = write_brief(tmp_path / "briefs", brief_text(extra="name: ../../etc/x\n"))
    out = tmp_path / "deep" / "out"
    written = build([brief], LIBRARY, out, ["docx"])
    assert [p.relative_to(out).as_posix() for p in written] == ["etc-x.docx"]
    assert not (tmp_path / "etc").exists()


# --- 14, 15: reproducible, and at scale -----------------------------------------------------------


def test_14_source_date_epoch_gives_byte_identical_docx_and_pdf_builds_and_letters(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    brief = write_brief(tmp_path, brief_text())
    people = write_people(tmp_path / "people.csv", [dict(dict.fromkeys(COLUMNS, ""), **_ROW)])
    outputs = []
    for run in ("a", "b"):
        assert main(cli("build", brief, "--out", tmp_path / run, "--library", LIBRARY)) == 0
        run_letters(
            BASE_BRIEF,
            people,
            tmp_path / run / "letters",
            formats=("docx", "pdf"),
            workers=1,
            library_dir=LIBRARY,
        )
        outputs.append(
            {p.relative_to(tmp_path / run): p.read_bytes() for p in sorted((tmp_path / run).rglob("*.*"))}
        )
    first, second = outputs
    assert {p.suffix for p in first} >= {".docx", ".pdf"}
    for path, data in first.items():
        if path.suffix in (".docx", ".pdf"):
            assert second[path] == data, path


def _bench_scale() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_scale", REPO / "bench" / "scale.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_15_a_library_of_5000_points_checks_and_a_brief_of_200_builds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Builds only: the times are measured by ``bench/scale.py`` (no test asserts a time)."""
    scale = _bench_scale()
    library = scale.make_library(tmp_path / "library", 5000)
    (tmp_path / "briefs").mkdir()
    brief = scale.make_brief(tmp_path / "briefs" / "scale.yaml", 200)
    assert main(cli("check", "--library", library, "--briefs", tmp_path / "briefs")) == 0
    assert "5000 points" in capsys.readouterr().err
    (written,) = build([brief], library, tmp_path / "out", ["docx"])
    document = docx.Document(str(written))
    assert sum(p.text.split("\t")[-1].startswith("Report ") for p in document.paragraphs) == 200
    with zipfile.ZipFile(written) as archive:
        assert archive.read("word/footnotes.xml").count(b"<w:footnote ") == 200 + 2
