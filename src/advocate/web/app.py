"""The web app: a constituent's letter and a staff briefing, chosen, previewed and downloaded.

In: ``Settings``. Out: an ASGI application (FastAPI) that ``advocate serve`` runs under uvicorn and
tests drive with the framework's test client.

Pages are rendered on the server from Jinja templates (``advocate/web/templates``) and work with
JavaScript switched off: every choice is a plain form, a search is a GET form, and the preview is the
same HTML page the PDF is made from, shown in a sandboxed frame. Documents are generated on request by
the same pipeline as ``advocate build`` (assemble, cite, render) and never stored; the only thing
written down is a count per campaign, format and day (``advocate.web.stats``).
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.responses import Response

from advocate import __version__
from advocate.brief import Brief
from advocate.errors import AdvocateError
from advocate.library.brand import Brand
from advocate.library.trust import checked_on, web_link
from advocate.lookup import find_points
from advocate.render.brand import logo_of
from advocate.render.templates import jinja_environment
from advocate.web.content import (
    Campaign,
    Content,
    Output,
    PointView,
    briefing_audiences,
    campaign_points,
    find_representatives,
    generate,
    load_content,
    point_view,
)
from advocate.web.forms import (
    BRIEFING_FIELDS,
    FILTER_FIELDS,
    LETTER_FIELDS,
    SOMEONE_ELSE,
    FormValues,
    Submitted,
    check_briefing,
    check_letter,
    read_form,
)
from advocate.web.security import CSRF_COOKIE, CSRF_FIELD, Csrf, ErrorPage, Guard, RateLimiter, load_secret
from advocate.web.settings import Settings
from advocate.web.stats import Stats

WEB_DIR = Path(__file__).resolve().parent
"""The package folder holding ``templates/`` and ``static/``."""
MEDIA_TYPES: Mapping[str, str] = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
MAX_FIELDS = 300
"""The most form fields a POST may carry (a briefing may tick many points)."""

log = logging.getLogger("advocate.web")


@dataclass(frozen=True)
class Site:
    """What every request handler shares: read-only content and the app's guards and counters."""

    settings: Settings
    """The folders and limits."""
    content: Content
    """The library, campaigns and representatives, loaded once."""
    csrf: Csrf
    """Issues and checks form tokens."""
    limiter: RateLimiter
    """Limits generation per client."""
    stats: Stats
    """The anonymous counts."""
    templates: Jinja2Templates
    """The pages' templates."""

    def page(self, request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
        """A page, with a form token in ``context`` and its cookie set (reusing the client's own)."""
        cookie = request.cookies.get(CSRF_COOKIE)
        token = cookie if cookie and self.csrf.genuine(cookie) else self.csrf.issue()
        context = {
            **context,
            **brand_context(self.content.library.brand),
            "csrf_token": token,
            "csrf_field": CSRF_FIELD,
            "version": __version__,
        }
        response = self.templates.TemplateResponse(request, name, context, status_code=status)
        response.set_cookie(
            CSRF_COOKIE,
            token,
            httponly=True,
            samesite="strict",
            secure=request.url.scheme == "https",
            path="/",
        )
        return response

    def campaign(self, name: str) -> Campaign:
        """The campaign at this address, or 404."""
        campaign = self.content.campaigns.get(name)
        if campaign is None:
            raise HTTPException(404, f"There is no campaign letter called {name!r}.")
        return campaign


def brand_context(brand: Brand | None) -> dict[str, Any]:
    """What the page header shows of the library's brand: its organisation's name (``site_name``,
    "advocate" without a brand), its logo as a ``data:`` URL (no file is served) and its accent."""
    logo = logo_of(brand) if brand is not None else None
    return {
        "site_name": brand.organisation if brand is not None else "advocate",
        "site_logo": logo.data_url if logo is not None else None,
        "site_accent": brand.colours.accent if brand is not None else None,
    }


def create_app(settings: Settings) -> FastAPI:
    """The app for ``settings``: loads the library, campaigns and representatives (an
    ``AdvocateError`` if they have problems), the signing secret and the counts file."""
    site = Site(
        settings=settings,
        content=load_content(settings),
        csrf=Csrf(load_secret(settings.data_dir)),
        limiter=RateLimiter(settings.rate_limit, settings.rate_window),
        stats=Stats(settings.data_dir),
        templates=Jinja2Templates(env=_environment()),
    )
    app = FastAPI(title="advocate", docs_url=None, redoc_url=None, openapi_url=None)
    app.add_middleware(Guard, limit=settings.max_body, error_page=_internal_error(site))
    app.mount("/static", StaticFiles(directory=WEB_DIR / "static"), name="static")
    _routes(app, site)
    _error_pages(app, site)
    return app


def _environment() -> jinja2.Environment:
    loader = jinja2.FileSystemLoader(str(WEB_DIR / "templates"))
    env = jinja_environment(
        True,
        loader=loader,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["checked_on"] = checked_on
    env.filters["web_link"] = web_link
    return env


def _routes(app: FastAPI, site: Site) -> None:
    @app.get("/")
    def home(request: Request) -> Response:
        campaigns = list(site.content.campaigns.values())
        return site.page(
            request, "home.html", {"campaigns": campaigns, "no_letters": site.content.no_letters}
        )

    @app.get("/letters/{name}")
    def letter_form(request: Request, name: str, find: str = "") -> Response:
        campaign = site.campaign(name)
        points = campaign_points(site.content, campaign, site.settings.date())
        return site.page(request, "letter.html", _letter_context(site, campaign, points, find=find))

    @app.post("/letters/{name}")
    async def letter_post(request: Request, name: str) -> Response:
        campaign = site.campaign(name)
        form = await _form(request)
        refused = _refusal(site, request, form)
        if refused is not None:
            return refused
        submitted = read_form(form, (*LETTER_FIELDS, "rep", "find"))
        day = site.settings.date()
        points = campaign_points(site.content, campaign, day)
        offered = [view.point.id for view in points]
        brief, errors = check_letter(submitted, site.content, campaign, offered, day)
        context = _letter_context(site, campaign, points, submitted, errors, find=submitted.values["find"])
        return await _respond(site, request, "letter.html", context, brief, submitted.output, campaign.name)

    @app.get("/library")
    def library_page(request: Request, topic: str = "", q: str = "") -> Response:
        audience = request.query_params.get("for", "")
        filters = {"topic": topic, "for": audience, "q": q}
        context = _library_context(site, filters)
        return site.page(request, "library.html", context, 422 if context["filter_errors"] else 200)

    @app.post("/library")
    async def briefing_post(request: Request) -> Response:
        form = await _form(request)
        refused = _refusal(site, request, form)
        if refused is not None:
            return refused
        submitted = read_form(form, (*BRIEFING_FIELDS, *FILTER_FIELDS))
        brief, errors = check_briefing(submitted, site.content, site.settings.date())
        filters = {name: submitted.values[name] for name in FILTER_FIELDS}
        context = _library_context(site, filters, submitted, errors)
        document = f"briefing:{brief.audience}" if brief else "briefing"
        return await _respond(site, request, "library.html", context, brief, submitted.output, document)

    @app.get("/stats")
    def stats_page(request: Request) -> Response:
        rows = site.stats.rows()
        total = sum(row.count for row in rows if row.format != "preview")
        return site.page(request, "stats.html", {"rows": rows, "total": total})


async def _form(request: Request) -> dict[str, list[str]]:
    """The posted fields as text (a file sent in a form is refused by the form parser: 400)."""
    data = await request.form(max_files=0, max_fields=MAX_FIELDS)
    return {key: [v for v in data.getlist(key) if isinstance(v, str)] for key in data}


def _refusal(site: Site, request: Request, form: FormValues) -> Response | None:
    """403 when the form token is missing or not this app's; None when the post may go on."""
    sent = list(form.get(CSRF_FIELD, ()))
    if len(sent) == 1 and site.csrf.passes(request.cookies.get(CSRF_COOKIE), sent[0]):
        return None
    message = (
        "This form could not be accepted because it did not come from this site's own page, or the page "
        "was too old. Please go back, reload the page and try again. (The site needs a cookie for this; "
        "it holds a random token only.)"
    )
    return site.page(request, "error.html", {"title": "Form not accepted", "message": message}, 403)


async def _respond(
    site: Site,
    request: Request,
    template: str,
    context: dict[str, Any],
    brief: Brief | None,
    output: Output,
    document: str,
) -> Response:
    """The form again with its problems (422), the rate limit's refusal (429), the form with the
    document's preview, or the document as a download; each document generated is counted."""
    if brief is None:
        return site.page(request, template, context, 422)
    wait = site.limiter.take(request.client.host if request.client else "unknown")
    if wait:
        message = (
            f"You have made several documents in a short time. Please wait {int(wait) + 1} seconds, "
            "then try again."
        )
        response = site.page(
            request, "error.html", {"title": "Please wait a moment", "message": message}, 429
        )
        response.headers["retry-after"] = str(int(wait) + 1)
        return response
    try:
        data = await run_in_threadpool(generate, site.content, brief, output)
    except AdvocateError as exc:
        return site.page(request, template, {**context, "errors": {"form": str(exc)}}, 422)
    site.stats.count(document, output, site.settings.date())
    if output == "preview":
        return site.page(request, template, {**context, "preview": data.decode("utf-8")})
    filename = f"{brief.name}.{output}"
    return Response(
        data,
        media_type=MEDIA_TYPES[output],
        headers={"content-disposition": f'attachment; filename="{filename}"'},
    )


def _letter_context(
    site: Site,
    campaign: Campaign,
    points: list[PointView],
    submitted: Submitted | None = None,
    errors: Mapping[str, str] | None = None,
    find: str = "",
) -> dict[str, Any]:
    content = site.content
    plan = content.library.audiences[campaign.brief.audience].documents[campaign.brief.kind]
    shown = find_representatives(content, find) if find.strip() or len(content.representatives) <= 12 else []
    return {
        "campaign": campaign,
        "points": points,
        "room": plan.max_points,
        "find": find,
        "representatives": shown,
        "has_representatives": bool(content.representatives),
        "someone_else": SOMEONE_ELSE,
        "values": submitted.values if submitted else {},
        "ticked": set(submitted.points) if submitted else set(),
        "errors": dict(errors or {}),
        "preview": None,
    }


def _library_context(
    site: Site,
    filters: Mapping[str, str],
    submitted: Submitted | None = None,
    errors: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    library = site.content.library
    filter_errors: dict[str, str] = {}
    topic, audience = filters.get("topic", ""), filters.get("for", "")
    if topic and topic not in library.topics:
        filter_errors["topic"] = f"expected one of the topics listed, got {topic!r}"
    if audience and audience not in library.audiences:
        filter_errors["for"] = f"expected one of the audiences listed, got {audience!r}"
    points: list[PointView] = []
    if not filter_errors:
        found = find_points(library, topic or None, audience or None, filters.get("q") or None)
        if audience:
            found.sort(key=lambda p: p.audiences.get(audience, 9))
        points = [point_view(library, p) for p in found]
    audiences = briefing_audiences(library)
    sources = list(library.sources.values())
    return {
        "library": library,
        "sources": sources,
        "verified_sources": sum(1 for source in sources if not source.unverified),
        "filters": dict(filters),
        "filter_errors": filter_errors,
        "points": points,
        "briefing_audiences": [library.audiences[a] for a in audiences],
        "values": submitted.values if submitted else {"audience": audience if audience in audiences else ""},
        "ticked": set(submitted.points) if submitted else set(),
        "errors": dict(errors or {}),
        "preview": None,
    }


def _error_pages(app: FastAPI, site: Site) -> None:
    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        titles = {404: "Not found", 405: "Not allowed", 400: "Bad request"}
        title = titles.get(exc.status_code, "Something went wrong")
        message = (
            exc.detail if exc.status_code != 404 or exc.detail != "Not Found" else "There is no such page."
        )
        return site.page(request, "error.html", {"title": title, "message": message}, exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        message = "The address or form was not understood; please go back and try again."
        return site.page(request, "error.html", {"title": "Bad request", "message": message}, 400)


def _internal_error(site: Site) -> ErrorPage:
    def page(request: Request, exc: Exception) -> Response:
        # Only where it failed, never the message: it may hold what someone typed.
        frames = "".join(traceback.format_tb(exc.__traceback__))
        log.error("internal error %s at %s\n%s", type(exc).__name__, request.url.path, frames)
        message = "Something went wrong on our side. Nothing you typed was kept. Please try again later."
        return site.page(request, "error.html", {"title": "Something went wrong", "message": message}, 500)

    return page
