"""What the renderers take from the brand: the letterhead's lines, the logo and the CSS variables.

In: a cited ``Document`` (its ``brand``, ``letterhead`` and ``sender``). Out: the ``Heading`` both
renderers print at the top of a letter or briefing, the logo as bytes or a ``data:`` URL, and the
CSS custom properties (``--accent``, ``--text``, ``--body-font``, ``--heading-font``) that
``print.css`` reads, each with today's look as its fallback. The brand's values were checked when
it was loaded (a colour is ``#rrggbb``, a font name has no quote, bracket or semicolon), so they go
into CSS as they are; they are quoted all the same.
"""

from __future__ import annotations

import base64
import functools
import os
import re
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from advocate.document import Document
from advocate.errors import AdvocateError
from advocate.library.brand import Brand, image_size

_COLOUR = re.compile(r"#[0-9a-f]{6}")
_FONT = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ._-]*")


@dataclass(frozen=True)
class Logo:
    """A logo image, read once per file version."""

    data: bytes
    """The file's bytes."""
    format: str
    """``png`` or ``jpeg``."""
    width: int
    """Width in pixels."""
    height: int
    """Height in pixels."""

    @property
    def mime(self) -> str:
        """Its media type."""
        return f"image/{self.format}"

    @property
    def data_url(self) -> str:
        """The image as a ``data:`` URL (what the HTML embeds: no file is fetched)."""
        return f"data:{self.mime};base64,{base64.b64encode(self.data).decode('ascii')}"


@dataclass(frozen=True)
class Heading:
    """The head of a document: the brand's letterhead, or a letter's sender's own name and address."""

    organisation: str
    """The first, large line: the brand's organisation, or the sender's organisation or name."""
    lines: tuple[str, ...]
    """The lines beside it: postal address, then phone, email and website."""
    logo: Logo | None
    """The brand's logo, on documents that carry the letterhead."""
    branded: bool
    """Whether this is the brand's letterhead."""


def heading(doc: Document) -> Heading:
    """The brand's letterhead when the document carries it, else its sender's own heading (today's
    letters). The sender's email stands in for a brand without one."""
    sender = doc.sender
    if doc.letterhead and doc.brand is not None:
        brand = doc.brand
        email = brand.email or sender.email
        lines = (*brand.address, *(x for x in (brand.phone, email, brand.website) if x))
        return Heading(brand.organisation, lines, logo_of(brand), True)
    lines = (*sender.address, *((sender.email,) if sender.email else ()))
    return Heading(sender.organisation or sender.name, lines, None, False)


def logo_of(brand: Brand) -> Logo | None:
    """The brand's logo, read once per file version (None when the brand has none)."""
    if brand.logo is None:
        return None
    try:
        info = os.stat(brand.logo)
    except OSError as exc:
        raise AdvocateError(f"cannot read the brand's logo {brand.logo}: {exc.strerror}") from exc
    return _read_logo(brand.logo, info.st_mtime_ns, info.st_size)


@functools.lru_cache(maxsize=8)
def _read_logo(path: str, mtime_ns: int, size: int) -> Logo:
    data = Path(path).read_bytes()
    found = image_size(data)
    if found is None:
        raise AdvocateError(f"the brand's logo {path} is no longer a PNG or JPEG image")
    return Logo(data, *found)


def css_variables(brand: Brand | None) -> Markup:
    """``:root { --accent: ...; ... }`` for the brand (empty without one: ``print.css`` falls back
    to its own values)."""
    if brand is None:
        return Markup("")
    colours, fonts = (brand.colours.accent, brand.colours.text), (brand.fonts.body, brand.fonts.headings)
    if not all(_COLOUR.fullmatch(c) for c in colours) or not all(_FONT.fullmatch(f) for f in fonts):
        # A Brand made in code, not loaded: nothing unchecked goes into a style element.
        raise AdvocateError(f"the brand's colours {colours} or fonts {fonts} are not of the checked form")
    values = {
        "--accent": brand.colours.accent,
        "--text": brand.colours.text,
        "--body-font": f'"{brand.fonts.body}"',
        "--heading-font": f'"{brand.fonts.headings}"',
    }
    body = " ".join(f"{name}: {value};" for name, value in values.items())
    return Markup(f":root {{ {body} }}")
