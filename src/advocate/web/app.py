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
import time
import traceback
from collections.abc import AsyncIterator, Callable, Mapping
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
from advocate.library.trust import checked_on, web_link
from advocate.lookup import find_points
from advocate.render.templates import jinja_environment
from advocate.web.content import (
    Campaign,
    Content,
    Output,
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
from advocate.web.pool import Refusal, Renderer, Scheduler, Stopping, default_workers
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
    renderer: Renderer
    """The worker processes documents are made in."""
    scheduler: Scheduler
    """Which document renders next, and which are refused."""

    def page(self, request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
        """A page, with a form token in ``context`` and its cookie set (reusing the client's own)."""
        cookie = request.cookies.get(CSRF_COOKIE)
        token = cookie if cookie and self.csrf.genuine(cookie) else self.csrf.issue()
        context = {**context, "csrf_token": token, "csrf_field": CSRF_FIELD, "version": __version__}
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
        return site.page(request, "home.html", {"campaigns": list(site.content.campaigns.values())})

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
            return _job(site, request, "letter.html", context, brief, submitted.output, campaign.name)

        return await _post(site, request, check)

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
            return _job(site, request, "library.html", context, brief, submitted.output, document)

        return await _post(site, request, check)

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


@dataclass(frozen=True)
class Job:
    """A valid form's document, to be made."""

    template: str
    """The form's page (shown again with the preview, or with a problem the render raised)."""
    context: dict[str, Any]
    """That page's context."""
    brief: Brief
    """What to make."""
    output: Output
    """Into what."""
    document: str
    """The name it is counted under (a campaign letter's name or ``briefing:<audience>``)."""


def _job(
    site: Site,
    request: Request,
    template: str,
    context: dict[str, Any],
    brief: Brief | None,
    output: Output,
    document: str,
) -> Response | Job:
    """The form again with its problems (422), or the document to make."""
    if brief is None:
        return site.page(request, template, context, 422)
    return Job(template, context, brief, output, document)


async def _post(site: Site, request: Request, check: Callable[[FormValues], Response | Job]) -> Response:
    """A form post: one unit of the client's rate limit spent first (so that a flood of invalid posts
    is limited too), refused while the client has a document in hand, the form token and fields
    checked off the event loop (a page with problems is rendered there as well), then the document
    made in a worker, charged one unit per point it states. The 429 and 503 pages are small and made
    at once."""
    client = request.client.host if request.client else "unknown"
    wait = site.limiter.take(client)
    if wait:
        return _refused(site, request, Refusal(429, int(wait) + 1), _TOO_MANY)
    if site.scheduler.holds(client):  # refused before the form is read: it costs the server nothing
        return _refused(site, request, site.scheduler.yours(), _YOURS)
    form = await _form(request)
    checked = await run_in_threadpool(_checked, site, request, form, check)
    if isinstance(checked, Response):
        return checked
    wait = site.limiter.take(client, len(checked.brief.include) - 1)
    if wait:
        return _refused(site, request, Refusal(429, int(wait) + 1), _TOO_MANY)
    short = checked.brief.kind == "letter"
    refusal = site.scheduler.enter(client, site.limiter.left(client), short)
    if refusal is not None:
        return _refused(site, request, refusal, _YOURS if refusal.status == 429 else _BUSY)
    await site.scheduler.turn(client)
    started = time.monotonic()
    try:
        data = await site.renderer.render(checked.brief, checked.output)
    except Stopping:
        return _refused(site, request, Refusal(503, 1), _BUSY)
    except AdvocateError as exc:
        context = {**checked.context, "errors": {"form": str(exc)}}
        return await run_in_threadpool(site.page, request, checked.template, context, 422)
    finally:
        site.scheduler.leave(client, time.monotonic() - started)
    return await run_in_threadpool(_deliver, site, request, checked, data)


def _checked(
    site: Site, request: Request, form: FormValues, check: Callable[[FormValues], Response | Job]
) -> Response | Job:
    return _refusal(site, request, form) or check(form)


def _deliver(site: Site, request: Request, job: Job, data: bytes) -> Response:
    """The form with the document's preview, or the document as a download; counted."""
    site.stats.count(job.document, job.output, site.settings.date())
    if job.output == "preview":
        return site.page(request, job.template, {**job.context, "preview": data.decode("utf-8")})
    return Response(
        data,
        media_type=MEDIA_TYPES[job.output],
        headers={"content-disposition": f'attachment; filename="{job.brief.name}.{job.output}"'},
    )


_TOO_MANY = (
    "Please wait a moment",
    "You have made several documents in a short time. Please wait {seconds}, then try again.",
)
_YOURS = (
    "Please wait a moment",
    "Your other document is still being made. Please wait for it, then try again.",
)
_BUSY = (
    "Busy right now",
    "Many documents are being made right now. Please try again in {seconds}.",
)


def _refused(site: Site, request: Request, refusal: Refusal, words: tuple[str, str]) -> Response:
    """The page for a refusal (429 or 503), with ``Retry-After``."""
    title, message = words
    seconds = f"{refusal.retry_after} second{'' if refusal.retry_after == 1 else 's'}"
    context = {"title": title, "message": message.format(seconds=seconds)}
    response = site.page(request, "error.html", context, refusal.status)
    response.headers["retry-after"] = str(refusal.retry_after)
    return response


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
