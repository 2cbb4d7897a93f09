"""What every request handler of the web app shares, and how a page is made.

In: ``Settings`` and what ``create_app`` built from them. Out: ``Site``, whose ``page`` renders a
page with its form token and cookie.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException
from starlette.responses import Response

from advocate import __version__
from advocate.library.models import Library
from advocate.render.brand import logo_of
from advocate.web.content import Campaign, Content
from advocate.web.pool import Renderer, Scheduler
from advocate.web.security import CSRF_COOKIE, CSRF_FIELD, Csrf, RateLimiter
from advocate.web.settings import Settings
from advocate.web.stats import Stats


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
        """A page, with a form token in ``context`` and its cookie set (reusing the client's own
        while it has at least half its life left, so that a form shown has time to be filled)."""
        cookie = request.cookies.get(CSRF_COOKIE)
        token = cookie if cookie and self.csrf.young(cookie) else self.csrf.issue()
        context = {
            **context,
            **brand_context(self.content.library),
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


def brand_context(library: Library) -> dict[str, Any]:
    """What the page header shows: the brand's organisation (``site_name``; without a brand, the
    campaign's name, else "advocate"), its logo as a ``data:`` URL (no file is served) and its
    accent; and the campaign's name (``campaign_name``, None without a campaign file)."""
    brand, campaign = library.brand, library.campaign
    logo = logo_of(brand) if brand is not None else None
    campaign_name = campaign.name if campaign is not None else None
    return {
        "site_name": brand.organisation if brand is not None else campaign_name or "advocate",
        "site_logo": logo.data_url if logo is not None else None,
        "site_accent": brand.colours.accent if brand is not None else None,
        "campaign_name": campaign_name,
    }
