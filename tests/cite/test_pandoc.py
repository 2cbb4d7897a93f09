"""Reading pandoc's AST: a note's cites, formatting, quotes, the bibliography, the probe."""

from __future__ import annotations

from typing import Any

from advocate.cite.derive import PROBE_SEPARATOR
from advocate.cite.pandoc import bibliography_entries, note_items, probe_locale, runs
from advocate.cite.pinpoints import PROBE_TERMS, Locale
from advocate.document import Text

BRITISH = Locale({}, False, ("‘", "’"))
AMERICAN = Locale({}, True, ("“", "”"))


def s(text: str) -> dict[str, Any]:
    return {"t": "Str", "c": text}


SPACE = {"t": "Space"}


def link(source: str, *inlines: dict[str, Any]) -> dict[str, Any]:
    return {"t": "Link", "c": [["", [], []], list(inlines), [f"#ref-{source}", ""]]}


def quoted(opening: str, text: str, closing: str) -> dict[str, Any]:
    return {"t": "Span", "c": [["", [], []], [s(opening), s(text), s(closing)]]}


def para(*inlines: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"t": "Para", "c": list(inlines)}]


def test_each_cite_gets_its_slice_of_the_note() -> None:
    note = para(link("a", s("Ibid")), s(";"), SPACE, link("b", s("Smith,"), SPACE, s("Title")), s("."))
    sources, forms = note_items(note, BRITISH)
    assert sources == ["a", "b"]
    assert forms == [(Text("Ibid; "),), (Text("Smith, Title."),)]


def test_formats_are_kept() -> None:
    inlines = [
        {"t": "Emph", "c": [s("Title")]},
        {"t": "SmallCaps", "c": [s("lxxviii")]},
        {"t": "Superscript", "c": [s("th")]},
        {"t": "Subscript", "c": [s("2")]},
        {"t": "Strong", "c": [s("b")]},
        {"t": "Link", "c": [["", [], []], [s("url")], ["https://x.org", ""]]},
        {"t": "Quoted", "c": [{"t": "SingleQuote"}, [s("q")]]},
    ]
    assert runs(inlines) == [
        Text("Title", italic=True),
        Text("lxxviii", small_caps=True),
        Text("th", vertical="super"),
        Text("2", vertical="sub"),
        Text("b", bold=True),
        Text("url", url="https://x.org"),
        Text("‘q’"),
    ]


def test_punctuation_moves_inside_a_cites_closing_quote_where_the_locale_says_so() -> None:
    def note() -> list[dict[str, Any]]:
        return para(link("a", s("Smith,"), SPACE, quoted("“", "Title", "”")), s("."))

    assert note_items(note(), AMERICAN)[1] == [(Text("Smith, “Title.”"),)]
    assert note_items(note(), BRITISH)[1] == [(Text("Smith, “Title”."),)]
    asked = para(link("a", quoted("“", "Why?", "”")), s("."))
    assert note_items(asked, AMERICAN)[1] == [(Text("“Why?”"),)]
    delimited = para(link("a", quoted("“", "T", "”")), s(";"), SPACE, link("b", s("B")), s("."))
    assert note_items(delimited, AMERICAN)[1] == [(Text("“T”; "),), (Text("B."),)]


def test_bibliography_entries_of_real_sources() -> None:
    ast = {
        "blocks": [
            {
                "t": "Div",
                "c": [
                    ["refs", [], []],
                    [
                        {"t": "Div", "c": [["ref-a", [], []], para(s("Entry"), SPACE, s("A"))]},
                        {"t": "Div", "c": [["ref-probe", [], []], para(s("P"))]},
                    ],
                ],
            }
        ]
    }
    assert bibliography_entries(ast, {"a"}) == {"a": (Text("Entry A"),)}


def test_the_probe_reports_the_locale() -> None:
    pieces = ["X", *(f"t{i}" for i in range(len(PROBE_TERMS))), "“x.”", "."]
    locale = probe_locale(para(s(PROBE_SEPARATOR.join(pieces))))
    assert locale.term(*PROBE_TERMS[0]) == "t0"
    assert (locale.quotes, locale.punctuation_in_quote) == (("“", "”"), True)
