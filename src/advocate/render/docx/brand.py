"""The brand in a Word file: fonts and colours in the styles and theme, the logo as an inline image.

In: a template's styles, theme and main-document parts, the Document's ``Brand`` and its
letterhead's ``Logo``. Out: the same parts restyled, the logo's run (``{{r letterhead.logo }}``)
and the parts and relationship that make it a real image.

The template's own faces and colours are found in its styles: the body face is the default run
font (or Normal's), the heading face Heading 1's (or Title's), the accent the colour of Heading 1,
Title or Letterhead Org, the text colour Normal's. Every style, border and run of the template that
uses one of those then uses the brand's instead, and the theme's major and minor Latin fonts become
the heading and body faces; other colours (greys) and the fallback faces of other scripts are kept,
as in ``print.css``. A template whose faces and colours are already the brand's is left as it is.
"""

from __future__ import annotations

import functools
from xml.sax.saxutils import quoteattr

from lxml import etree  # type: ignore[import-untyped]

from advocate.library.brand import Brand
from advocate.render.brand import Logo
from advocate.render.docx.ooxml import PKG_RELS, TYPES, W_VAL, R, W, parse_xml, serialize, w

LOGO_REL_ID = "rIdAdvocateLogo"
"""The logo's relationship id in the main document's relationships."""
LOGO_BOX_MM = (60.0, 18.0)
"""The largest the logo is drawn, width and height: ``.letterhead .logo`` in ``print.css``."""
_EMU_PER_MM = 36000
_DRAWING = "http://schemas.openxmlformats.org/drawingml/2006"
_A = f"{_DRAWING}/main"
_THEME_FONTS = ("majorFont", "minorFont")


def logo_part(logo: Logo) -> str:
    """The logo's part name in the package."""
    return f"word/media/advocate-logo.{logo.format}"


def logo_run(logo: Logo, name: str) -> str:
    """A run holding the logo as an inline picture, at its size at 96 dpi, shrunk to fit
    ``LOGO_BOX_MM`` (as the PDF draws it); ``name`` is its description (alternative text)."""
    natural = (logo.width * 25.4 / 96, logo.height * 25.4 / 96)
    scale = min(1.0, LOGO_BOX_MM[0] / natural[0], LOGO_BOX_MM[1] / natural[1])
    cx, cy = (round(size * scale * _EMU_PER_MM) for size in natural)
    return (
        f'<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0" xmlns:wp="{_DRAWING}/'
        f'wordprocessingDrawing"><wp:extent cx="{cx}" cy="{cy}"/><wp:docPr id="9001" name="Logo" '
        f"descr={quoteattr(name)}/><wp:cNvGraphicFramePr>"
        f'<a:graphicFrameLocks xmlns:a="{_A}" noChangeAspect="1"/></wp:cNvGraphicFramePr>'
        f'<a:graphic xmlns:a="{_A}"><a:graphicData uri="{_DRAWING}/picture">'
        f'<pic:pic xmlns:pic="{_DRAWING}/picture"><pic:nvPicPr><pic:cNvPr id="0" name="Logo"/>'
        f'<pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="{LOGO_REL_ID}" xmlns:r="{R}"/>'
        "<a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr>"
        f'<a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData>'
        "</a:graphic></wp:inline></w:drawing></w:r>"
    )


def with_logo(parts: dict[str, bytes], main_rels: str, logo: Logo) -> None:
    """Add the logo's part, its content type and the main document's relationship to it."""
    name = logo_part(logo)
    parts[name] = logo.data
    rels = parse_xml(parts[main_rels])
    etree.SubElement(
        rels,
        f"{{{PKG_RELS}}}Relationship",
        Id=LOGO_REL_ID,
        Type=f"{R}/image",
        Target=name.removeprefix("word/"),
    )
    parts[main_rels] = serialize(rels)
    types = parse_xml(parts["[Content_Types].xml"])
    etree.SubElement(types, f"{{{TYPES}}}Override", PartName=f"/{name}", ContentType=logo.mime)
    parts["[Content_Types].xml"] = serialize(types)


Swaps = tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]
"""What to replace: (template face, brand face) pairs and (template colour, brand colour) pairs,
colours as Word writes them (six hex digits, upper case)."""


@functools.lru_cache(maxsize=32)
def swaps(styles_xml: bytes, brand: Brand) -> Swaps:
    """The template's faces and colours that the brand replaces (only those that differ)."""
    root = parse_xml(styles_xml)

    def first(xpaths: tuple[str, ...]) -> str | None:
        for xpath in xpaths:
            found = root.xpath(xpath, namespaces={"w": W})
            if found:
                return str(found[0]).upper() if "color" in xpath else str(found[0])
        return None

    style = "w:style[@w:styleId='{}']/w:rPr/{}"
    default = "w:docDefaults/w:rPrDefault/w:rPr/{}"
    body = first((default.format("w:rFonts/@w:ascii"), style.format("Normal", "w:rFonts/@w:ascii")))
    heading = first(tuple(style.format(s, "w:rFonts/@w:ascii") for s in ("Heading1", "Title")))
    accent = first(tuple(style.format(s, "w:color/@w:val") for s in ("Heading1", "Title", "LetterheadOrg")))
    text = first((style.format("Normal", "w:color/@w:val"), default.format("w:color/@w:val")))
    faces = ((body, brand.fonts.body), (heading, brand.fonts.headings))
    colours = ((accent, brand.colours.accent.hex), (text, brand.colours.text.hex))
    return (
        tuple((old, str(new)) for old, new in faces if old is not None and old != new),
        tuple((old, new) for old, new in colours if old is not None and old != new),
    )


def restyled(xml: bytes, change: Swaps) -> bytes:
    """A styles or document part with the template's faces and colours swapped for the brand's."""
    faces, colours = dict(change[0]), dict(change[1])
    if not faces and not colours:
        return xml
    root = parse_xml(xml)
    for fonts in root.iter(w("rFonts")):
        for attribute in (w("ascii"), w("hAnsi")):
            if fonts.get(attribute) in faces:
                fonts.set(attribute, faces[fonts.get(attribute)])
    colour = w("color")
    for element in root.iter():
        if element.tag == colour and str(element.get(W_VAL, "")).upper() in colours:
            element.set(W_VAL, colours[str(element.get(W_VAL)).upper()])
        elif str(element.get(colour, "")).upper() in colours:  # borders and shading
            element.set(colour, colours[str(element.get(colour)).upper()])
    return serialize(root)


@functools.lru_cache(maxsize=32)
def restyled_styles(styles_xml: bytes, brand: Brand) -> bytes:
    """The styles part in the brand's faces and colours (cached: one version per template and brand)."""
    return restyled(styles_xml, swaps(styles_xml, brand))


@functools.lru_cache(maxsize=32)
def themed(theme_xml: bytes, brand: Brand) -> bytes:
    """The theme with the brand's heading face as its major Latin font and body face as its minor."""
    root = parse_xml(theme_xml)
    for kind, face in zip(_THEME_FONTS, (brand.fonts.headings, brand.fonts.body), strict=True):
        for latin in root.iter(f"{{{_A}}}{kind}"):
            element = latin.find(f"{{{_A}}}latin")
            if element is not None:
                element.set("typeface", str(face))
    return serialize(root)
