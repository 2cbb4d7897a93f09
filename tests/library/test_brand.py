"""brand.yaml: read into a typed Brand, every mistake one message with file:line and what was expected."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from advocate.library.brand import Brand, Colours, Fonts, installed_fonts, load_brand
from advocate.library.load import load_library

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
LOGO = FIXTURES / "brand" / "logo.png"


def brand_in(folder: Path, text: str) -> tuple[Brand | None, list[str]]:
    (folder / "brand.yaml").write_text(text, encoding="utf-8")
    brand, problems = load_brand(folder, "brand.yaml")
    return brand, [str(p) for p in problems]


def test_a_complete_brand_is_read(tmp_path: Path) -> None:
    shutil.copy(LOGO, tmp_path / "logo.png")
    brand, problems = brand_in(
        tmp_path,
        "organisation: Example Office\n"
        "address: [1 Example Street, London, SW1A 0AA]\n"
        "email: office@example.org\n"
        "phone: 020 0000 0000\n"
        "website: https://example.org\n"
        "logo: logo.png\n"
        'colours: {accent: "#ABC", text: "#1A1A1A"}\n'
        "fonts: {body: DejaVu  Serif, headings: DejaVu Sans}\n"
        "letterhead: [letter]\n",
    )
    assert problems == []
    assert brand is not None
    assert brand.logo == str((tmp_path / "logo.png").resolve())
    assert brand.colours == Colours("#aabbcc", "#1a1a1a")  # type: ignore[arg-type]
    assert (brand.fonts.body, brand.fonts.headings) == ("DejaVu Serif", "DejaVu Sans")
    assert brand.letterhead == ("letter",)
    assert (brand.address, brand.email, brand.phone, brand.website) == (
        ("1 Example Street", "London", "SW1A 0AA"),
        "office@example.org",
        "020 0000 0000",
        "https://example.org",
    )


def test_only_the_organisation_is_needed(tmp_path: Path) -> None:
    brand, problems = brand_in(tmp_path, "organisation: Example Office\n")
    assert problems == []
    assert brand == Brand("Example Office")
    assert brand.colours == Colours() and brand.fonts == Fonts()
    assert brand.letterhead == ("briefing", "letter")


def test_no_brand_file_is_no_brand(tmp_path: Path) -> None:
    assert load_brand(tmp_path) == (None, [])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "organisation: X\ncolours: {accent: blue}\n",
            "brand.yaml:2:19: colours.accent: expected a colour like #1f4e79, got 'blue'",
        ),
        (
            "organisation: X\nfonts: {body: 'Evil\"; } body { x'}\n",
            "brand.yaml:2:15: fonts.body: expected a font family name (letters, digits, spaces, '-', '.' and "
            "'_'), got 'Evil\"; } body { x'",
        ),
        (
            "organisation: X\nlogo: missing.png\n",
            "brand.yaml:2:1: logo: logo file not found: 'missing.png' (relative to brand.yaml)",
        ),
        (
            "organisation: X\nlogo: logo.svg\n",
            "brand.yaml:2:1: logo: expected a PNG or JPEG image, got an SVG file (save it as PNG) in "
            "'logo.svg'",
        ),
        (
            "organisation: X\nlogo: ../outside.png\n",
            "brand.yaml:2:1: logo: expected a logo file inside the library folder, got '../outside.png'",
        ),
        (
            "organisation: X\nletterhead: [leter]\n",
            "brand.yaml:2:14: letterhead[0]: expected one of: briefing, letter; got 'leter' (did you mean "
            "'letter'?)",
        ),
        (
            "organisation: X\ncolour: {accent: '#123456'}\n",
            "brand.yaml:2:1: colour: unknown key 'colour' (did you mean 'colours'?); expected one of: "
            "organisation, address, email, phone, website, logo, colours, fonts, letterhead",
        ),
        (
            "address: [1 Example Street]\n",
            "brand.yaml:1:1: organisation: missing required key 'organisation'",
        ),
    ],
)
def test_each_mistake_is_one_error_saying_what_was_expected(tmp_path: Path, text: str, message: str) -> None:
    shutil.copy(FIXTURES / "brand" / "logo.svg", tmp_path / "logo.svg")
    (tmp_path.parent / "outside.png").write_bytes(LOGO.read_bytes())
    brand, problems = brand_in(tmp_path, text)
    assert brand is None
    assert problems == [message]


@pytest.mark.skipif(installed_fonts() is None, reason="fc-list is not installed")
def test_a_font_that_is_not_installed_is_a_warning_naming_fc_list(tmp_path: Path) -> None:
    brand, problems = brand_in(tmp_path, "organisation: X\nfonts: {body: No Such Face 42}\n")
    assert brand is not None
    assert problems == [
        "brand.yaml:2:9: fonts.body: warning: font family 'No Such Face 42' is not installed here, so "
        "documents use a fallback face: install it, or name one that `fc-list : family` lists"
    ]


def test_the_library_reads_its_brand_and_not_as_library_entries(tmp_path: Path) -> None:
    (tmp_path / "topics.yaml").write_text("topics: []\n", encoding="utf-8")
    (tmp_path / "brand.yaml").write_text("organisation: Example Office\n", encoding="utf-8")
    loaded = load_library(tmp_path)
    assert [str(p) for p in loaded.problems] == []
    assert loaded.library.brand == Brand("Example Office")


def test_the_bundled_brand_is_the_project_look() -> None:
    loaded = load_library(Path(__file__).resolve().parents[2] / "library")
    brand = loaded.library.brand
    assert brand is not None
    assert (brand.colours, brand.fonts) == (Colours(), Fonts())
    assert brand.letterhead == ("letter",)
