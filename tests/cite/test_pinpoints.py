"""Reading a pinpoint's label and value, and printing both as citeproc does."""

from __future__ import annotations

from pathlib import Path

import pytest

from advocate.cite import BUNDLED_STYLES, form_book, load_style
from advocate.cite.pinpoints import (
    Locale,
    Locator,
    format_range,
    format_value,
    is_numeric,
    is_plural,
    keep_teens,
    label_marker,
    label_text,
    read_pinpoint,
)
from advocate.cite.styles import ARTICLE

from .helpers import SOURCES


@pytest.fixture(scope="module")
def en_gb() -> Locale:
    """OSCOLA's locale in British English, as pandoc reports it."""
    return form_book(load_style("oscola"), SOURCES, "en-GB").locale


@pytest.fixture(scope="module")
def en_us() -> Locale:
    return form_book(load_style("mhra-notes"), SOURCES, "en-US").locale


@pytest.mark.parametrize(
    ("written", "label", "value"),
    [
        ("para 431", "paragraph", "431"),
        ("para. 431", "paragraph", "431"),
        ("paras 12-14", "paragraph", "12-14"),
        ("paragraph 3", "paragraph", "3"),
        ("Para 3", "paragraph", "3"),
        ("s 3(1)(a)", "section", "3(1)(a)"),
        ("ss 3-5", "section", "3-5"),
        ("art II(e)", ARTICLE, "II(e)"),
        ("arts 6-8", ARTICLE, "6-8"),
        ("ch 2", "chapter", "2"),
        ("pt 4", "part", "4"),
        ("n 12", "note", "12"),
        ("nn 3-4", "note", "3-4"),
        ("col 7", "column", "7"),
        ("vol 2", "volume", "2"),
        ("l 5", "line", "5"),
        ("ll 5-9", "line", "5-9"),
        ("p 7", "page", "7"),
        ("pp. 12-14", "page", "12-14"),
        ("p.8", "page", "8"),
        ("p xiv", "page", "xiv"),
        ("12", "page", "12"),
        ("12-14, 16", "page", "12-14, 16"),
        ("27(3)", "page", "27(3)"),
        ("sub verbo 3", "sub-verbo", "3"),
        ("s.v. 3", "sub-verbo", "3"),
    ],
)
def test_labels_are_read_as_pandoc_reads_them_and_as_oscola_writes_them(
    en_gb: Locale, en_us: Locale, written: str, label: str, value: str
) -> None:
    for locale in (en_gb, en_us):
        assert read_pinpoint(written, locale.readings) == Locator(label, value), locale


def test_what_is_not_a_pinpoint_is_kept_as_written(en_gb: Locale) -> None:
    assert read_pinpoint("xiv", en_gb.readings) == Locator("page", "xiv", read=False)
    assert read_pinpoint("Annex A", en_gb.readings) == Locator("page", "Annex A", read=False)
    assert read_pinpoint("para Annex", en_gb.readings) == Locator("page", "para Annex", read=False)
    assert read_pinpoint("s.v. genocide", en_gb.readings) == Locator("page", "s.v. genocide", read=False)


def test_the_locale_reports_terms_quotes_and_punctuation(en_gb: Locale, en_us: Locale) -> None:
    assert en_gb.term("paragraph", "short") == "para."
    assert en_gb.term("paragraph", "short", plural=True) == "paras"
    assert en_gb.term("section", "short") == "s"  # OSCOLA's own term
    assert en_us.term("paragraph", "short", plural=True) == "paras."
    assert en_gb.term(ARTICLE, "short") == "art."
    assert (en_gb.quotes, en_gb.punctuation_in_quote) == (("‘", "’"), False)
    assert (en_us.quotes, en_us.punctuation_in_quote) == (("“", "”"), True)


def test_a_label_is_printed_in_the_form_the_style_asked_for(en_gb: Locale) -> None:
    short_stripped = label_marker("short", "contextual", True, "")
    assert label_text(short_stripped, Locator("paragraph", "431"), en_gb) == "para"
    assert label_text(short_stripped, Locator("paragraph", "431-433"), en_gb) == "paras"
    assert label_text(short_stripped, Locator(ARTICLE, "6"), en_gb) == "art"
    assert (
        label_text(label_marker("symbol", "contextual", False, ""), Locator("section", "3, 4"), en_gb) == "§§"
    )
    assert label_text(
        label_marker("long", "never", False, "capitalize-first"), Locator("page", "3-4"), en_gb
    ) == ("Page")
    assert (
        label_text(label_marker("short", "always", False, "uppercase"), Locator("page", "3"), en_gb) == "PP."
    )


def test_plural_and_numeric_as_citeproc_tests_them() -> None:
    assert [is_plural(v) for v in ("12", "12-14", "12, 14", "12 & 14", "II(e)", "12\\-14")] == [
        False,
        True,
        True,
        True,
        False,
        False,
    ]
    assert [is_numeric(v) for v in ("12", "12a", "12-14", "xiv", "II(e)", "27(3)", "٣")] == [
        True,
        True,
        True,
        False,
        False,
        False,
        False,
    ]


RANGES = ["71-72", "100-104", "101-108", "321-328", "498-532", "1087-1089", "1496-1504", "11564-11568"]
RANGES += ["12991-13001", "12-14", "110-118", "A12-A14", "12-14, 16"]


@pytest.mark.parametrize(
    ("style_format", "expected"),
    [
        (
            "chicago-16",
            "71–72 100–104 101–8 321–28 498–532 1087–89 1496–504 11564–68 12991–3001 12–14 110–18 A12–14 "
            "12–14, 16",
        ),
        (
            "minimal-two",
            "71–72 100–04 101–08 321–28 498–532 1087–89 1496–504 11564–68 12991–3001 12–14 110–18 A12–14 "
            "12–14, 16",
        ),
        (
            "minimal",
            "71–2 100–4 101–8 321–8 498–532 1087–9 1496–504 11564–8 12991–3001 12–4 110–8 A12–4 12–4, 16",
        ),
        (
            "expanded",
            "71–72 100–104 101–108 321–328 498–532 1087–1089 1496–1504 11564–11568 12991–13001 12–14 110–118 "
            "A12–A14 12–14, 16",
        ),
        (
            None,
            "71–72 100–104 101–108 321–328 498–532 1087–1089 1496–1504 11564–11568 12991–13001 12–14 110–118 "
            "A12–A14 12–14, 16",
        ),
    ],
)
def test_page_ranges_are_shortened_as_citeproc_does(
    en_gb: Locale, style_format: str | None, expected: str
) -> None:
    """The figures pandoc 3.9 prints for these ranges (checked by running it)."""
    assert " ".join(format_value(Locator("page", r), style_format, en_gb) for r in RANGES) == expected


def test_other_ranges_keep_every_figure(en_gb: Locale) -> None:
    assert format_value(Locator("paragraph", "432-434"), "minimal", en_gb) == "432–434"
    assert format_value(Locator("section", "3-5, 7-9"), "minimal", en_gb) == "3-5, 7-9"  # as citeproc
    assert format_range("minimal", "–", "12\\-14") == "12-14"


def test_teens_keep_two_figures() -> None:
    assert [keep_teens(r) for r in ("12–4", "110–8", "1001–9", "321–8", "12–14", "1214–5")] == [
        "12–14",
        "110–18",
        "1001–9",
        "321–8",
        "12–14",
        "1214–15",
    ]
    assert format_value(Locator("page", "12-14"), "minimal", Locale({}), teens=True) == "12–14"


def test_oscolas_abbreviations_keep_their_meaning_in_a_style_that_spells_another_label_so(
    tmp_path: Path,
) -> None:
    """A style may print a page's label as "col" (the project's OSCOLA does, for Hansard's
    columns); "col 975" in the library is still a column."""
    text = (BUNDLED_STYLES / "oscola.csl").read_text(encoding="utf-8")
    page_as_col = '<term form="short" name="page"><single>col</single><multiple>cols</multiple></term>'
    (tmp_path / "styles").mkdir()
    (tmp_path / "styles" / "cols.csl").write_text(
        text.replace("<terms>", "<terms>" + page_as_col, 1), "utf-8"
    )
    locale = form_book(load_style("cols", [tmp_path]), SOURCES).locale
    assert locale.term("page", "short") == "col"
    assert read_pinpoint("col 975", locale.readings) == Locator("column", "975")
    assert read_pinpoint("cols 973-76", locale.readings) == Locator("column", "973-76")
