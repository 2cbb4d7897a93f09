"""The cited Document as an HTML page, from Jinja templates (the PDF's source and the web preview).

In: a cited ``Document`` and the template folders (``templates.search_path``). Out: an HTML string.

The page comes from ``<kind>.html`` (``letter.html`` or ``briefing.html``, which extend
``base.html``), first match in the folders; ``print.css`` from the same folders is embedded in a
``<style>`` element unless the caller (the PDF renderer, which caches the parsed stylesheet) asks
otherwise. Each note is placed inline at its call, as WeasyPrint's ``float: footnote`` needs.
Errors in templates, including sandbox violations in a user's templates, become ``AdvocateError``
naming the template file and line.
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from advocate.document import Document
from advocate.errors import AdvocateError, Location, Problem
from advocate.render.brand import css_variables, heading
from advocate.render.limits import render_limited
from advocate.render.templates import find_template, html_environment

STYLESHEET = "print.css"
"""The stylesheet looked up in the template folders."""


def template_name(doc: Document) -> str:
    """The page template for a document: ``letter.html`` or ``briefing.html``."""
    return f"{doc.kind}.html"


def render_html(doc: Document, folders: Sequence[Path], *, embed_css: bool = True) -> str:
    """The document as a complete HTML page.

    ``embed_css`` puts ``print.css`` (first found in ``folders``) into the page; the PDF renderer
    turns it off and supplies its cached parsed copy instead.
    """
    stylesheet: Markup | None = None
    if embed_css:
        css_path = find_template(STYLESHEET, folders)
        # The stylesheet is the template author's; only keep it from closing the <style> element.
        css = re.sub(r"</(style)", r"<\\/\1", css_path.read_text(encoding="utf-8"), flags=re.IGNORECASE)
        stylesheet = Markup(css)
    name = template_name(doc)
    find_template(name, folders)  # a clear "not found (looked in ...)" error
    env = html_environment(folders)
    try:
        template = env.get_template(name)
        return render_limited(template, html_context(doc, stylesheet))
    except jinja2.TemplateSyntaxError as exc:
        where = Location(exc.filename or exc.name or name, exc.lineno or 0)
        raise AdvocateError([Problem(where, f"template syntax error: {exc.message}")]) from exc
    except jinja2.TemplateNotFound as exc:
        looked = ", ".join(str(f) for f in folders)
        where = _template_location(exc, name)
        raise AdvocateError(
            [Problem(where, f"template {exc.name!r} not found (looked in: {looked})")]
        ) from exc
    except jinja2.exceptions.SecurityError as exc:
        where = _template_location(exc, name)
        raise AdvocateError([Problem(where, f"template not allowed to do this (sandbox): {exc}")]) from exc
    except jinja2.TemplateError as exc:
        where = _template_location(exc, name)
        raise AdvocateError([Problem(where, f"template error: {exc}")]) from exc


def html_context(doc: Document, stylesheet: Markup | None = None) -> dict[str, Any]:
    """What the HTML templates receive (each name is listed in the README's "Brand and templates")."""
    return {
        "doc": doc,
        "heading": heading(doc),
        "brand": doc.brand,
        "brand_css": css_variables(doc.brand),
        "stylesheet": stylesheet,
    }


def _template_location(exc: BaseException, fallback: str) -> Location:
    """The innermost template file and line in the traceback (Jinja rewrites frames to templates)."""
    found = Location(fallback)
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        filename = frame.f_code.co_filename
        if frame.f_globals.get("__jinja_template__") is not None or filename.endswith(
            (".html", ".htm", ".j2", ".jinja")
        ):
            found = Location(filename, lineno)
    return found
