"""``HEAD`` answered like ``GET`` on every page: the same status and headers, no body.

In: ASGI requests. Out: for ``HEAD``, the app's ``GET`` response without its body (``Content-Length``
stays that of the ``GET``); every other request is passed on as it came. FastAPI's routes answer only
the methods they name, so without this a ``HEAD`` of a page was a 405.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class HeadAsGet:
    """ASGI middleware: runs a ``HEAD`` request as ``GET`` and drops the body it sends."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)
