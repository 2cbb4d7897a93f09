"""The campaign's brand: who the documents come from and how they look, read from ``brand.yaml``.

In: a library folder (its optional ``brand.yaml``). Out: ``(Brand | None, problems)``: the
organisation, address and contact lines of the letterhead, the logo, the accent and text colours,
the body and heading font families, and which document kinds carry the letterhead; every problem
with ``file:line``, the key and "expected X, got Y". A colour is ``#rgb`` or ``#rrggbb``; a font
name is letters, digits, spaces, ``-``, ``.`` and ``_`` (it goes into CSS and Word styles as it
is); a logo is a PNG or JPEG file inside the library folder (SVG, GIF, WebP and anything else are
refused: Word and the PDF do not both show them). A font family that ``fc-list`` does not list is
a warning: the documents are still made, in a fallback face.
"""

from __future__ import annotations

import functools
import re
import shutil
import struct
import subprocess
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

import yaml

from advocate.errors import Location, Problem
from advocate.schema import INVALID, Reader, is_invalid, kind_of, register_scalar
from advocate.yamlfile import read_yaml

BRAND_FILE = "brand.yaml"
"""The brand's file name, in the library folder (the library loader does not read it as entries)."""

MAX_LOGO_BYTES = 2 * 1024 * 1024
"""The largest logo accepted: it is embedded in every document."""


class Colour(str):
    """A colour as ``#rrggbb`` in lower case (``#rgb`` is read as its six-digit form)."""

    @property
    def hex(self) -> str:
        """The six hex digits in upper case, without ``#`` (as Word writes colours)."""
        return self[1:].upper()


class FontName(str):
    """A font family name that is safe to write into CSS and Word styles as it is."""


_COLOUR = re.compile(r"#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})")
_FONT = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}")


def _read_colour(reader: Reader, node: yaml.Node, path: str) -> object:
    value = node.value if isinstance(node, yaml.ScalarNode) else None
    found = _COLOUR.fullmatch(value.strip()) if isinstance(value, str) else None
    if found is None:
        got = repr(value) if isinstance(value, str) else kind_of(node)
        reader.error(node, path, f"expected a colour like #1f4e79, got {got}")
        return INVALID
    digits = found.group(1).lower()
    return Colour("#" + (digits if len(digits) == 6 else "".join(d * 2 for d in digits)))


def _read_font(reader: Reader, node: yaml.Node, path: str) -> object:
    value = node.value if isinstance(node, yaml.ScalarNode) else None
    if not isinstance(value, str) or _FONT.fullmatch(value.strip()) is None:
        got = repr(value) if isinstance(value, str) else kind_of(node)
        reader.error(
            node,
            path,
            f"expected a font family name (letters, digits, spaces, '-', '.' and '_'), got {got}",
        )
        return INVALID
    return FontName(" ".join(value.split()))


register_scalar(Colour, _read_colour)
register_scalar(FontName, _read_font)

ACCENT, TEXT = Colour("#1f3a5f"), Colour("#1a1a1a")
"""The colours a brand without ``colours`` has (the project's own look)."""
BODY_FONT, HEADING_FONT = FontName("Noto Serif"), FontName("Noto Sans")
"""The font families a brand without ``fonts`` has."""


@dataclass(frozen=True)
class Colours:
    """The brand's colours."""

    accent: Colour = ACCENT
    """Headings, the title, the letterhead's organisation and its rule."""
    text: Colour = TEXT
    """Body text."""


@dataclass(frozen=True)
class Fonts:
    """The brand's font families (installed on the machine that renders)."""

    body: FontName = BODY_FONT
    """The body text's family."""
    headings: FontName = HEADING_FONT
    """Headings, letterhead, masthead and notes."""
    where: dict[str, Location] = field(default_factory=dict, compare=False, repr=False)
    """Where each key was written (for the "not installed" warning)."""


DocumentKind = Literal["briefing", "letter"]


@dataclass(frozen=True)
class Brand:
    """Who the documents come from and how they look: one brand for the PDF, the DOCX and the web app."""

    organisation: str
    """The organisation's name: the letterhead, the briefing's masthead and the web app's header."""
    address: tuple[str, ...] = ()
    """Postal address, one line per entry (postcode last), in the letterhead."""
    email: str | None = None
    """Email address in the letterhead (when none, the sender's own)."""
    phone: str | None = None
    """Telephone number in the letterhead."""
    website: str | None = None
    """Web address in the letterhead."""
    logo: str | None = None
    """The logo image, PNG or JPEG: written relative to ``brand.yaml``; once loaded, its absolute path."""
    colours: Colours = Colours()
    """Accent and text colours."""
    fonts: Fonts = Fonts()
    """Body and heading font families."""
    letterhead: tuple[DocumentKind, ...] = ("briefing", "letter")
    """The document kinds that carry the letterhead (a constituent's own letter never does)."""
    at: Location = field(default=Location(BRAND_FILE), compare=False)
    """Where the brand was written."""
    where: dict[str, Location] = field(default_factory=dict, compare=False, repr=False)
    """Where each key was written."""


def load_brand(root: Path, label: str | None = None) -> tuple[Brand | None, list[Problem]]:
    """The brand of the library folder ``root`` (None when it has no ``brand.yaml``) and the
    problems of reading it; ``label`` names the file in messages."""
    path = root / BRAND_FILE
    if not path.is_file():
        return None, []
    name = label or str(path)
    node, problems = read_yaml(path, name)
    if node is None or problems:
        return None, problems
    reader = Reader(name)
    brand = reader.read(node, Brand, "")
    problems = list(reader.problems)
    if is_invalid(brand):
        return None, problems
    assert isinstance(brand, Brand)
    logo, logo_problems = _logo(root, brand)
    problems += logo_problems + _font_warnings(brand)
    if any(p.severity == "error" for p in problems):
        return None, problems
    return replace(brand, logo=logo), problems


def _logo(root: Path, brand: Brand) -> tuple[str | None, list[Problem]]:
    """The logo's absolute path, or the problem with it."""
    if brand.logo is None:
        return None, []
    where = brand.where.get("logo", brand.at)
    path = (root / brand.logo).resolve()
    if not path.is_relative_to(root.resolve()):
        return None, [
            Problem(where, f"expected a logo file inside the library folder, got {brand.logo!r}", "logo")
        ]
    if not path.is_file():
        return None, [
            Problem(where, f"logo file not found: {brand.logo!r} (relative to {BRAND_FILE})", "logo")
        ]
    with path.open("rb") as handle:
        data = handle.read(MAX_LOGO_BYTES + 1)
    if len(data) > MAX_LOGO_BYTES:
        message = f"expected a logo of at most {MAX_LOGO_BYTES // (1024 * 1024)} MB, got a larger file"
        return None, [Problem(where, message, "logo")]
    if image_size(data) is None:
        message = f"expected a PNG or JPEG image, got {_what(data)} in {brand.logo!r}"
        return None, [Problem(where, message, "logo")]
    return str(path), []


def _what(data: bytes) -> str:
    """What a file that is not a PNG or JPEG seems to be, for the message."""
    head = data[:256].lstrip().lower()
    if head.startswith(b"<?xml") or b"<svg" in head:
        return "an SVG file (save it as PNG)"
    if head.startswith((b"gif87a", b"gif89a")):
        return "a GIF file (save it as PNG)"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "a WebP file (save it as PNG)"
    return "a file that is neither"


def image_size(data: bytes) -> tuple[str, int, int] | None:
    """``("png" or "jpeg", width, height)`` in pixels of a PNG or JPEG image; None for anything else."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR":
        width, height = struct.unpack(">II", data[16:24])
        return ("png", width, height) if width and height else None
    if not data.startswith(b"\xff\xd8"):
        return None
    at = 2
    while at + 9 < len(data):
        if data[at] != 0xFF:
            return None
        marker = data[at + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            at += 2
            continue
        (length,) = struct.unpack(">H", data[at + 2 : at + 4])
        # Start-of-frame markers (not DHT, JPG, DAC) carry the height and width.
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[at + 5 : at + 9])
            return ("jpeg", width, height) if width and height else None
        at += 2 + length
    return None


def _font_warnings(brand: Brand) -> list[Problem]:
    """A warning for each font family the machine does not have (when ``fc-list`` can tell)."""
    installed = installed_fonts()
    if installed is None:
        return []
    problems = []
    for key, family in (("body", brand.fonts.body), ("headings", brand.fonts.headings)):
        if family.casefold() not in installed:
            where = brand.fonts.where.get(key, brand.where.get("fonts", brand.at))
            message = (
                f"font family {family!r} is not installed here, so documents use a fallback face: "
                "install it, or name one that `fc-list : family` lists"
            )
            problems.append(Problem(where, message, f"fonts.{key}", "warning"))
    return problems


@functools.cache
def installed_fonts() -> frozenset[str] | None:
    """The installed font families in lower case, as ``fc-list`` lists them (None without it).
    Read once per process: fonts installed while it runs are not seen."""
    command = shutil.which("fc-list")
    if command is None:
        return None
    try:
        listed = subprocess.run(
            [command, ":", "family"], capture_output=True, text=True, timeout=20, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return frozenset(name.strip().casefold() for line in listed.splitlines() for name in line.split(","))
