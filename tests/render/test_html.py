"""render_html: escaping, notes at their calls, the sandbox for user templates, filters."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

import jinja2.sandbox
import pytest

from advocate.document import Citation, Cite, Document, Note, NoteRef, Paragraph, Section, Text
from advocate.errors import AdvocateError
from advocate.render.html import render_html
from advocate.render.templates import html_environment, longdate, project_templates_dir, search_path
from sample_documents import sample_briefing, sample_letter

HOSTILE = '<img src="file:///etc/passwd">'


class Footnotes(HTMLParser):
    """Collects each ``span.footnote``: its id, data-n, the text of its body and the text before it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[dict[str, str]] = []
        self.depth = 0  # nesting depth inside the current footnote span
        self.text = ""  # all text outside footnotes so far
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        attributes = dict(attrs)
        if self.depth:
            self.depth += tag == "span"
        elif tag == "span" and attributes.get("class") == "footnote":
            self.depth = 1
            self.found.append(
                {
                    "id": attributes["id"] or "",
                    "n": attributes["data-n"] or "",
                    "body": "",
                    "before": self.text,
                }
            )

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag == "span":
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.found[-1]["body"] += data
        else:
            self.text += data


def parse(html: str) -> Footnotes:
    parser = Footnotes()
    parser.feed(html)
    parser.close()
    return parser


def note_text(note: Note) -> str:
    return "".join(run.text for run in note.runs)


def hostile_briefing() -> Document:
    doc = sample_briefing()
    extra = Section("extra", f"Heading {HOSTILE}", (Paragraph((Text(f"Body {HOSTILE}"), NoteRef(6))),))
    note = Note(6, (Text(f"Note {HOSTILE}"), Text("link", url="javascript:alert(1)")), ("x",))
    return dataclasses.replace(doc, sections=(*doc.sections, extra), notes=(*doc.notes, note))


@pytest.fixture(scope="module")
def folders() -> tuple[Path, ...]:
    return search_path()


@pytest.mark.parametrize("make", [hostile_briefing, sample_letter])
def test_everything_is_escaped(make: object, folders: tuple[Path, ...]) -> None:
    html = render_html(make(), folders)  # type: ignore[operator]
    raw = ["Smith & Sons <Ltd>", 'O\'Brien "Jr"', "</w:t></w:r><w:r><w:t>X", HOSTILE]
    for text in raw:
        assert text not in html
    assert "Smith &amp; Sons &lt;Ltd&gt;" in html
    assert "O&#39;Brien &#34;Jr&#34;" in html
    parsed = parse(html)
    assert "img" not in parsed.tags and "script" not in parsed.tags
    assert "javascript:" not in html


def test_hostile_text_survives_as_text(folders: tuple[Path, ...]) -> None:
    parsed = parse(render_html(hostile_briefing(), folders))
    assert "Text </w:t></w:r><w:r><w:t>X stays literal & <b>escaped</b>." in parsed.text
    assert f"Body {HOSTILE}" in parsed.text
    assert f"Heading {HOSTILE}" in parsed.text
    assert parsed.found[-1]["body"] == f"Note {HOSTILE}link"


@pytest.mark.parametrize("make", [sample_briefing, sample_letter])
def test_each_note_sits_at_its_call_with_its_number(make: object, folders: tuple[Path, ...]) -> None:
    doc: Document = make()  # type: ignore[operator]
    parsed = parse(render_html(doc, folders))
    by_number = {note.number: note for note in doc.notes}
    assert [f["n"] for f in parsed.found] == [str(n.number) for n in doc.notes]
    for found in parsed.found:
        note = by_number[int(found["n"])]
        assert found["id"] == f"fn-{note.number}"
        assert found["body"] == note_text(note)
    first = parsed.found[0]["before"]
    assert first.rstrip().endswith(("ill-treatment.", "I write about Xinjiang."))


def test_printed_numbers_are_the_note_numbers_not_a_count(folders: tuple[Path, ...]) -> None:
    doc = dataclasses.replace(
        sample_letter(),
        sections=(
            Section("s", None, (Paragraph((Text("Alpha."), NoteRef(4), Text(" Beta."), NoteRef(9))),)),
        ),
        notes=(Note(4, (Text("Four."),), ("a",)), Note(9, (Text("Nine."),), ("b",))),
    )
    html = render_html(doc, folders)
    assert (
        'Alpha.<span class="footnote" id="fn-4" data-n="4"><span class="fn-body">Four.</span></span>' in html
    )
    assert 'id="fn-9" data-n="9"><span class="fn-body">Nine.' in html
    # the print stylesheet shows data-n, never the footnote counter
    assert "content: attr(data-n)" in html and "counter(footnote)" not in html


def test_consecutive_calls_are_separated(folders: tuple[Path, ...]) -> None:
    html = render_html(sample_letter(), folders)
    assert '</span></span><span class="fn-sep">,</span><span class="footnote" id="fn-4"' in html


def test_page_metadata(folders: tuple[Path, ...]) -> None:
    html = render_html(sample_briefing(), folders)
    assert '<html lang="en-GB">' in html
    assert "<title>Uyghur genocide: briefing &amp; notes &lt;draft&gt;</title>" in html
    assert '<meta name="keywords" content="Detention, Torture">' in html
    assert "20 April 2021" in html


def test_letter_parts_in_order(folders: tuple[Path, ...]) -> None:
    text = parse(render_html(sample_letter(), folders, embed_css=False)).text
    text = text[text.index("Smith & Sons <Ltd>") :]  # after the <title>
    parts = [
        "Smith & Sons <Ltd>",
        "10 December 2021",
        "The Rt Hon Jane Doe MP",
        "SW1A 2AH",
        "Xinjiang: the UK's duty to prevent genocide",
        "Dear Foreign Secretary,",
        "I write about Xinjiang.",
        "Sanction the officials.",
        "Yours sincerely,",
        'Alex O\'Brien "Jr"',
    ]
    position = 0
    for part in parts:  # each after the one before (ValueError if out of order)
        position = text.index(part, position) + len(part)


def test_stylesheet_is_embedded_and_cannot_close_style(tmp_path: Path) -> None:
    (tmp_path / "print.css").write_text(
        "p { color: red } </style><script>alert(1)</script>", encoding="utf-8"
    )
    html = render_html(sample_letter(), search_path(tmp_path))
    assert "p { color: red }" in html
    assert "</style><script>" not in html
    assert "script" not in parse(html).tags
    assert "<style>" not in render_html(sample_letter(), search_path(tmp_path), embed_css=False)


def test_user_folder_overrides_and_falls_back(tmp_path: Path) -> None:
    (tmp_path / "letter.html").write_text(
        '{% extends "base.html" %}{% block front %}<p class="mine">{{ doc.date|longdate }}</p>{% endblock %}',
        encoding="utf-8",
    )
    html = render_html(sample_letter(), search_path(tmp_path))
    assert '<p class="mine">10 December 2021</p>' in html
    assert '<p class="p-body">I write about <span class="nowrap">Xinjiang.<span class="footnote"' in html
    briefing = render_html(sample_briefing(), search_path(tmp_path))  # not overridden
    assert "Key facts" in briefing


def test_user_templates_are_sandboxed(tmp_path: Path) -> None:
    assert not isinstance(html_environment(search_path()), jinja2.sandbox.SandboxedEnvironment)
    env = html_environment(search_path(tmp_path))
    assert isinstance(env, jinja2.sandbox.SandboxedEnvironment)
    assert env is html_environment(search_path(tmp_path))  # cached per folders


@pytest.mark.parametrize(
    "source",
    [
        "{{ ''.__class__ }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ x|attr('format') }}",
        "{% set x = 'a' %}{{ x|attr('format') }}",
        "{{ '{0.__class__}'.format(doc) }}",
        "{{ doc.sender.__class__ }}",
        "{{ doc.title['format'] }}",
    ],
)
def test_sandbox_violations_are_advocate_errors(tmp_path: Path, source: str) -> None:
    template = tmp_path / "letter.html"
    template.write_text(f"<p>\n{source}\n</p>", encoding="utf-8")
    with pytest.raises(AdvocateError) as caught:
        render_html(sample_letter(), search_path(tmp_path))
    message = str(caught.value)
    assert f"{template}:2" in message


def test_template_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    template = tmp_path / "briefing.html"
    template.write_text('{% extends "base.html" %}\n{% block front %}\n{% if %}\n{% endblock %}\n')
    with pytest.raises(AdvocateError, match="syntax error") as caught:
        render_html(sample_briefing(), search_path(tmp_path))
    assert f"{template}:3" in str(caught.value)


def test_missing_template_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "letter.html").write_text('{% include "nope.html" %}', encoding="utf-8")
    with pytest.raises(AdvocateError, match=re.escape("'nope.html' not found")):
        render_html(sample_letter(), search_path(tmp_path))
    with pytest.raises(AdvocateError, match="not found"):
        render_html(sample_letter(), [tmp_path / "missing"])


def test_uncited_document_is_refused(folders: tuple[Path, ...]) -> None:
    doc = dataclasses.replace(
        sample_letter(), sections=(Section("s", None, (Paragraph((Citation((Cite("x"),)),)),)),)
    )
    with pytest.raises(AdvocateError, match="cite stage"):
        render_html(doc, folders)


def letter_with(paragraphs: tuple[Paragraph, ...], notes: tuple[Note, ...] = ()) -> Document:
    """The sample letter with only these paragraphs and notes."""
    return dataclasses.replace(sample_letter(), sections=(Section("s", None, paragraphs),), notes=notes)


def test_links_only_for_web_addresses(folders: tuple[Path, ...]) -> None:
    link = Paragraph(
        (Text("web", url="https://example.org/?a=1&b=2"), Text("local", url="file:///etc/passwd"))
    )
    doc = letter_with((link,))
    html = render_html(doc, folders)
    assert '<a href="https://example.org/?a=1&amp;b=2">web</a>' in html
    assert "file:///etc/passwd" not in html


def test_longdate() -> None:
    assert longdate(dt.date(2021, 4, 20)) == "20 April 2021"
    assert longdate(dt.date(2021, 12, 1)) == "1 December 2021"


def test_project_templates_exist() -> None:
    for name in ("base.html", "letter.html", "briefing.html", "print.css"):
        assert (project_templates_dir() / name).is_file()


def test_a_note_call_is_bound_to_the_word_before_it(folders: tuple[Path, ...]) -> None:
    """No line can start with a call: the last word and the calls after it are one no-wrap span."""
    doc = letter_with(
        (
            Paragraph((Text("The duty to "), Text("prevent", italic=True), NoteRef(1), Text(" applies."))),
            Paragraph((Text("Reported twice."), NoteRef(2), NoteRef(3))),
        ),
        tuple(Note(n, (Text(f"Note {n}."),), ("a",)) for n in (1, 2, 3)),
    )
    html = render_html(doc, folders)
    call = '<span class="footnote" id="fn-{0}" data-n="{0}"><span class="fn-body">Note {0}.</span></span>'
    assert f'duty to <span class="nowrap"><em>prevent</em>{call.format(1)}</span> applies.' in html
    assert (
        f'Reported <span class="nowrap">twice.{call.format(2)}'
        f'<span class="fn-sep">,</span>{call.format(3)}</span>' in html
    )
    assert ".nowrap { white-space: nowrap; }" in html
    assert "white-space: normal;" in html  # the note itself, floated to the foot, still wraps
