"""The cited Document as a tagged PDF (PDF/UA-1), through the HTML renderer and WeasyPrint.

In: a cited ``Document`` (or several, ``render_pdf_batch``) and the template folders
(``templates.search_path``). Out: PDF bytes (one PDF per document).

The page is ``render_html`` without its embedded stylesheet; ``print.css`` is parsed once per
process (per file version) and reused, as is the font configuration. WeasyPrint may only read
files inside the template folders (after resolving symlinks) and ``data:`` URLs; any other URL a
template or stylesheet refers to (``http:``, ``file:`` elsewhere, devices) is refused and the
render fails with an ``AdvocateError`` naming it. With ``SOURCE_DATE_EPOCH`` set, the creation
date comes from it and two renders of the same document are byte-identical.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import mimetypes
import os
import stat
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from advocate.document import Document
from advocate.errors import AdvocateError
from advocate.render.html import STYLESHEET, render_html, template_name
from advocate.render.templates import find_template

PDF_VARIANT = "pdf/ua-1"
"""Tagged, accessible PDF; WeasyPrint adds the structure tree and the document language."""

MAX_RESOURCE_BYTES = 32 * 1024 * 1024
"""The largest file a template may pull in (images, fonts, stylesheets)."""

_lock = threading.Lock()
"""WeasyPrint's shared font configuration and stylesheet cache are used one render at a time."""
_font_config: FontConfiguration | None = None
_css_cache: dict[tuple[str, tuple[Path, ...]], tuple[str, CSS]] = {}
"""Parsed stylesheets by file and folder set, with the digest of the text they were parsed from."""


class RefusedURL(FatalURLFetchingError):  # type: ignore[misc]
    """A URL outside the template folders; stops WeasyPrint (a ``BaseException`` it does not catch)."""


class FolderFetcher(URLFetcher):  # type: ignore[misc]
    """Fetches ``file:`` URLs inside the given folders and ``data:`` URLs; refuses everything else."""

    def __init__(self, folders: Sequence[Path]) -> None:
        super().__init__(timeout=5, allow_redirects=False, fail_on_errors=True)
        self.roots = tuple(Path(f).resolve() for f in folders)
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            path = self._allowed_path(url)
            if path is not None:
                mime, _ = mimetypes.guess_type(path.name)
                with path.open("rb") as handle:
                    body = handle.read(MAX_RESOURCE_BYTES + 1)
                if len(body) <= MAX_RESOURCE_BYTES:
                    return URLFetcherResponse(
                        path.as_uri(), body, {"Content-Type": mime or "application/octet-stream"}
                    )
        self.refused.append(url)
        raise RefusedURL(f"refused to fetch {url!r}")

    def _allowed_path(self, url: str) -> Path | None:
        """The resolved regular file a ``file:`` URL names, if it lies inside a template folder."""
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            return None
        try:
            path = Path(unquote(parts.path)).resolve(strict=True)
            info = path.stat()
        except (OSError, RuntimeError, ValueError):
            return None
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_RESOURCE_BYTES:
            return None
        if not any(path.is_relative_to(root) for root in self.roots):
            return None
        return path

    def error(self) -> AdvocateError:
        """The error reporting the refused URLs."""
        roots = ", ".join(str(r) for r in self.roots)
        urls = ", ".join(repr(u) for u in dict.fromkeys(self.refused))
        return AdvocateError(
            f"refused to fetch {urls}: templates and stylesheets may only use files inside the "
            f"template folders ({roots}) and data: URLs"
        )


@dataclass(frozen=True)
class LaidOut:
    """A document laid out as pages, not yet written as PDF (counting pages costs the layout only)."""

    pages: int
    """The number of pages."""
    extent: float
    """How many pages the content fills: ``pages - 1`` plus the filled share of the last page
    (text and notes), e.g. ``11.4``; what the budget fitting estimates with."""
    _document: Any = field(repr=False, compare=False)
    _created: str = field(repr=False, compare=False)
    _identifier: bytes = field(repr=False, compare=False)
    _fetcher: FolderFetcher = field(repr=False, compare=False)

    def pdf(self) -> bytes:
        """The PDF of these pages (exactly what ``render_pdf`` gives for the document)."""
        with _lock:
            self._document.metadata.created = self._document.metadata.modified = self._created
            try:
                data: bytes = self._document.write_pdf(
                    pdf_variant=PDF_VARIANT, pdf_tags=True, pdf_identifier=self._identifier
                )
            except FatalURLFetchingError as exc:
                raise (
                    self._fetcher.error()
                    if self._fetcher.refused
                    else AdvocateError(f"could not render the PDF: {exc}")
                ) from exc
        if self._fetcher.refused:
            raise self._fetcher.error()
        return data


def lay_out(doc: Document, folders: Sequence[Path]) -> LaidOut:
    """The document laid out by ``print.css`` from the template folders (see ``render_pdf``)."""
    folders = tuple(Path(f) for f in folders)
    html = render_html(doc, folders, embed_css=False)
    base = find_template(template_name(doc), folders).parent.resolve()
    css_path = find_template(STYLESHEET, folders).resolve()
    created = _creation_date()
    fetcher = FolderFetcher(folders)
    with _lock:
        try:
            stylesheet = _stylesheet(css_path, folders)
            page = HTML(string=html, base_url=base.as_uri() + "/", url_fetcher=fetcher)
            rendered = page.render(
                font_config=_fonts(), stylesheets=[stylesheet], pdf_variant=PDF_VARIANT, pdf_tags=True
            )
        except FatalURLFetchingError as exc:
            if fetcher.refused:
                raise fetcher.error() from exc
            raise AdvocateError(f"could not render the PDF: {exc}") from exc
    if fetcher.refused:  # refused inside something WeasyPrint recovers from (an SVG image)
        raise fetcher.error()
    identifier = hashlib.md5(f"{created}\n{html}".encode(), usedforsecurity=False).hexdigest()
    count = len(rendered.pages)
    return LaidOut(
        count, count - 1 + _filled(rendered.pages[-1]), rendered, created, identifier.encode(), fetcher
    )


def render_pdf(doc: Document, folders: Sequence[Path]) -> bytes:
    """The document as PDF/UA-1 bytes, laid out by ``print.css`` from the template folders."""
    return lay_out(doc, folders).pdf()


def _filled(page: Any) -> float:
    """The share of a page's content area that its text and notes fill (1.0 when unknown)."""
    try:
        box = page._page_box
        root, notes = box.children[0], box.children[1]
        top, height = box.content_box_y(), box.height
        used = root.position_y + root.margin_height() - top
        if notes.children:
            used += notes.margin_height()
        return float(min(1.0, max(0.0, used / height)))
    except (AttributeError, IndexError, TypeError, ZeroDivisionError):
        return 1.0


def render_pdf_batch(documents: Sequence[Document], folders: Sequence[Path]) -> list[bytes]:
    """One PDF per document, in order, each exactly what ``render_pdf`` gives for that document (its
    own pages, "Page X of Y", notes on the page of their call, metadata, tags, reproducible bytes).

    The documents are rendered one after another, sharing the parsed stylesheet and the fonts.
    Laying many out as one WeasyPrint document and splitting the pages per document was built and
    measured (each document a page group restarting the page counter, its page count through
    ``target-counter``): the PDFs were the same, but it was about 5% slower, because what a separate
    render repeats (stylesheet, fonts) is already cached here and the time goes in laying out and
    drawing each page (about 100 ms for a one-page letter with five notes). To go faster, split a
    batch over processes, one call per chunk.
    """
    folders = tuple(Path(f) for f in folders)
    return [render_pdf(doc, folders) for doc in documents]


def _fonts() -> FontConfiguration:
    global _font_config
    if _font_config is None:
        _font_config = FontConfiguration()
    return _font_config


def _stylesheet(path: Path, folders: tuple[Path, ...]) -> CSS:
    """``print.css`` parsed once per process; parsed again only when its content changes."""
    text = path.read_text(encoding="utf-8")
    digest = hashlib.sha256(text.encode()).hexdigest()
    key = (str(path), folders)
    cached = _css_cache.get(key)
    if cached is not None and cached[0] == digest:
        return cached[1]
    fetcher = FolderFetcher(folders)
    try:
        css = CSS(
            string=text,
            base_url=path.parent.as_uri() + "/",
            url_fetcher=fetcher,
            font_config=_fonts(),
        )
    except FatalURLFetchingError as exc:
        raise fetcher.error() from exc
    if fetcher.refused:
        raise fetcher.error()
    _css_cache[key] = (digest, css)
    return css


def _creation_date() -> str:
    """W3C date for the PDF's creation date: ``SOURCE_DATE_EPOCH`` when set, otherwise now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            moment = dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
        except (ValueError, OverflowError) as exc:
            raise AdvocateError(f"SOURCE_DATE_EPOCH must be whole seconds since 1970, got {epoch!r}") from exc
    else:
        moment = dt.datetime.now(tz=dt.UTC).replace(microsecond=0)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
