"""A form post, from its bytes to its answer: read strictly, checked off the event loop, charged to
the client's rate limit, and made into a document in a worker when it is valid.

In: the request, the ``Site``, and a page's own check of its fields (``check``: the form to either a
page with problems or a ``Job``). Out: the response: a page (403, 422, 429, 503, or the form with the
preview) or the document as a download.
"""

from __future__ import annotations

import time
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.responses import Response

from advocate.brief import Brief
from advocate.errors import AdvocateError
from advocate.web.content import Output
from advocate.web.forms import FormValues
from advocate.web.pool import Refusal, Stopping
from advocate.web.security import CSRF_COOKIE, CSRF_FIELD, MAX_TOKEN_AGE
from advocate.web.site import Site

MEDIA_TYPES: Mapping[str, str] = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
MAX_FIELDS = 300
"""The most form fields a POST may carry (a briefing may tick many points)."""
FORM_TYPE = "application/x-www-form-urlencoded"
"""The only body a form post may have (the pages send nothing else; files are not taken)."""


async def read_body(request: Request) -> dict[str, list[str]]:
    """The posted fields (see ``parse_form``); a body that is not a plain form is refused (400)."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != FORM_TYPE:
        got = kind or "nothing"
        raise HTTPException(400, f"The form was not understood: expected {FORM_TYPE}, got {got}.")
    return parse_form(await request.body(), MAX_FIELDS)


def parse_form(body: bytes, max_fields: int) -> dict[str, list[str]]:
    """The fields of an ``application/x-www-form-urlencoded`` body, each name with its values in
    order. Bytes that are not UTF-8 are kept as lone surrogates (``surrogateescape``), never replaced,
    so that ``forms.read_form`` can refuse them by field; more than ``max_fields`` fields is a 400."""
    fields: dict[str, list[str]] = {}
    parts = [part for part in body.split(b"&") if part]
    if len(parts) > max_fields:
        raise HTTPException(400, f"The form was not understood: expected at most {max_fields} fields.")
    for part in parts:
        name, _, value = part.partition(b"=")
        fields.setdefault(_unquote(name), []).append(_unquote(value))
    return fields


def _unquote(raw: bytes) -> str:
    return urllib.parse.unquote_to_bytes(raw.replace(b"+", b" ")).decode("utf-8", "surrogateescape")


def refusal(site: Site, request: Request, form: FormValues) -> Response | None:
    """403 when the form token is missing, not this app's, or too old; None when the post may go on."""
    sent = list(form.get(CSRF_FIELD, ()))
    cookie = request.cookies.get(CSRF_COOKIE)
    if len(sent) == 1 and site.csrf.passes(cookie, sent[0]):
        return None
    if len(sent) == 1 and cookie == sent[0] and site.csrf.genuine(cookie):
        return site.page(request, "error.html", {"title": "Form too old", "message": _EXPIRED}, 403)
    return site.page(request, "error.html", {"title": "Form not accepted", "message": _FORGED}, 403)


_FORGED = (
    "This form could not be accepted because it did not come from this site's own page. Please go "
    "back, reload the page and try again. (The site needs a cookie for this; it holds a random token "
    "only.)"
)
_EXPIRED = (
    f"This form was open for more than {MAX_TOKEN_AGE // 3600} hours, so it can no longer be sent. "
    "Please go back, reload the page (what you typed may need typing again) and send it again."
)


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


def job(
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


async def post(site: Site, request: Request, check: Callable[[FormValues], Response | Job]) -> Response:
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
    form = await read_body(request)
    checked = await run_in_threadpool(_checked, site, request, form, check)
    if isinstance(checked, Response):
        return checked
    wait = site.limiter.take(client, max(0, len(checked.brief.include) - 1))
    if wait:
        return _refused(site, request, Refusal(429, int(wait) + 1), _TOO_MANY)
    short = checked.brief.kind == "letter"
    turned_away = site.scheduler.enter(client, site.limiter.left(client), short)
    if turned_away is not None:
        return _refused(site, request, turned_away, _YOURS if turned_away.status == 429 else _BUSY)
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
    return refusal(site, request, form) or check(form)


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
