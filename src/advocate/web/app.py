"""The web app: a constituent's letter and a staff briefing, chosen, previewed and downloaded.

In: ``Settings``. Out: an ASGI application (FastAPI) that ``advocate serve`` runs under uvicorn and
tests drive with the framework's test client.

Pages are rendered on the server from Jinja templates (``advocate/web/templates``) and work with
JavaScript switched off: every choice is a plain form, a search is a GET form, and the preview is the
same HTML page the PDF is made from, shown in a sandboxed frame. Documents are generated on request by
the same pipeline as ``advocate build`` (assemble, cite, render), in worker processes
(``advocate.web.pool``), and never stored; the only thing written down is a count per campaign, format
and day (``advocate.web.stats``).
"""

from __future__ import annotations

import contextlib
import logging
import traceback
from collections.abc import AsyncIterator, Mapping
from pathlib import Path
from typing import Any

import jinja2
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException
from starlette.responses import Response

from advocate.library.trust import checked_on, web_link
from advocate.lookup import find_points
from advocate.render.templates import jinja_environment
from advocate.web.content import (
    Campaign,
    PointView,
    briefing_audiences,
    campaign_points,
    find_representatives,
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
from advocate.web.head import HeadAsGet
from advocate.web.pool import Renderer, Scheduler, default_workers
from advocate.web.posting import Job, job, post
from advocate.web.security import Csrf, ErrorPage, Guard, RateLimiter, load_secret
from advocate.web.settings import Settings
from advocate.web.site import Site
from advocate.web.stats import Stats

WEB_DIR = Path(__file__).resolve().parent
"""The package folder holding ``templates/`` and ``static/``."""
log = logging.getLogger("advocate.web")


def create_app(settings: Settings) -> FastAPI:
    """The app for ``settings``: loads the library, campaigns and representatives (an
    ``AdvocateError`` if they have problems), the signing secret and the counts file."""
    content = load_content(settings)
    workers = settings.workers or default_workers()
    site = Site(
        settings=settings,
        content=content,
        csrf=Csrf(load_secret(settings.data_dir)),
        limiter=RateLimiter(settings.rate_limit, settings.rate_window),
        stats=Stats(settings.data_dir),
        templates=Jinja2Templates(env=_environment()),
        renderer=Renderer(content, workers),
        scheduler=Scheduler(workers, settings.queue),
    )

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        site.renderer.close()

    app = FastAPI(title="advocate", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)
    app.state.renderer = site.renderer
    app.state.scheduler = site.scheduler
    app.add_middleware(Guard, limit=settings.max_body, error_page=_internal_error(site))
    app.add_middleware(HeadAsGet)
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

        def check(form: FormValues) -> Response | Job:
            submitted = read_form(form, (*LETTER_FIELDS, "rep", "find"))
            day = site.settings.date()
            points = campaign_points(site.content, campaign, day)
            offered = [view.point.id for view in points]
            brief, errors = check_letter(submitted, site.content, campaign, offered, day)
            find = submitted.values["find"]
            context = _letter_context(site, campaign, points, submitted, errors, find=find)
            return job(site, request, "letter.html", context, brief, submitted.output, campaign.name)

        return await post(site, request, check)

    @app.get("/library")
    def library_page(request: Request, topic: str = "", q: str = "") -> Response:
        audience = request.query_params.get("for", "")
        filters = {"topic": topic, "for": audience, "q": q}
        context = _library_context(site, filters)
        return site.page(request, "library.html", context, 422 if context["filter_errors"] else 200)

    @app.post("/library")
    async def briefing_post(request: Request) -> Response:
        def check(form: FormValues) -> Response | Job:
            submitted = read_form(form, (*BRIEFING_FIELDS, *FILTER_FIELDS))
            brief, errors = check_briefing(submitted, site.content, site.settings.date())
            filters = {name: submitted.values[name] for name in FILTER_FIELDS}
            context = _library_context(site, filters, submitted, errors)
            document = f"briefing:{brief.audience}" if brief else "briefing"
            return job(site, request, "library.html", context, brief, submitted.output, document)

        return await post(site, request, check)

    @app.get("/stats")
    def stats_page(request: Request) -> Response:
        rows = site.stats.rows()
        total = sum(row.count for row in rows if row.format != "preview")
        return site.page(request, "stats.html", {"rows": rows, "total": total})


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
