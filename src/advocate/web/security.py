"""The web app's guards: form tokens (CSRF), a request size limit, a rate limit, response headers.

In: requests (ASGI scopes, cookies and form fields) and the data folder (for the signing secret).
Out: decisions (allowed or not) and, for the size limit, the 413 response itself.

- CSRF: signed double submit. Every page with a form sets a cookie holding a random token, the time
  it was issued and their HMAC under the app's secret, and puts the same value in a hidden field; a
  POST passes only when the field equals the cookie, the signature is the app's and the token is at
  most ``MAX_TOKEN_AGE`` old. The secret lives in ``<data>/secret.key``.
- Size: a body over the limit (by ``Content-Length``, or counted as it streams) gets 413 before any
  form is parsed.
- Rate: an in-memory token bucket per client address limits generation; nothing is written down.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
import threading
import time
from collections.abc import Callable
from pathlib import Path

from starlette.requests import ClientDisconnect, Request
from starlette.responses import PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from advocate.errors import AdvocateError, os_problem
from advocate.web.settings import DATA_ROLE
from advocate.write import ensure_folder

CSRF_COOKIE = "advocate_csrf"
"""The cookie holding the form token."""
CSRF_FIELD = "csrf"
"""The hidden form field that must repeat the cookie."""
MAX_TOKEN_AGE = 2 * 3600
"""Seconds a form token is accepted for after it was issued."""
SECRET_FILE = "secret.key"
"""The file in the data folder holding the key that signs form tokens."""

log = logging.getLogger("advocate.web")

SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (
        b"content-security-policy",
        b"default-src 'self'; script-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        b"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cache-control", b"no-store"),
)
"""Sent with every response: no scripts at all, nothing embedded elsewhere, nothing cached (a letter
holds a person's address)."""


def load_secret(data_dir: Path) -> bytes:
    """The app's signing key from ``<data_dir>/secret.key``, made (readable by the owner only) when
    missing, so that tokens stay valid across restarts."""
    ensure_folder(data_dir, DATA_ROLE)
    path = data_dir / SECRET_FILE
    try:
        secret = path.read_bytes()
    except FileNotFoundError:
        secret = b""
    except OSError as exc:
        raise AdvocateError([os_problem(path, "read the signing key", exc)]) from exc
    if len(secret) >= 32:
        return secret
    secret = secrets.token_bytes(32)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(secret)
    except OSError as exc:
        raise AdvocateError([os_problem(path, "write the signing key", exc)]) from exc
    return secret


class Csrf:
    """Issues and checks signed double-submit form tokens (``nonce.issued.signature``)."""

    def __init__(self, secret: bytes, clock: Callable[[], float] = time.time) -> None:
        self._secret = secret
        self._clock = clock

    def issue(self) -> str:
        """A new token: random bytes, the time (whole seconds) and their signature."""
        signed = f"{secrets.token_urlsafe(24)}.{int(self._clock())}"
        return f"{signed}.{self._sign(signed)}"

    def genuine(self, token: str | None) -> bool:
        """Whether ``token`` was issued by this app (under its secret), however long ago."""
        return self._age(token) is not None

    def young(self, token: str | None) -> bool:
        """Whether ``token`` is genuine with at least half its life left (worth reusing on a page)."""
        age = self._age(token)
        return age is not None and age <= MAX_TOKEN_AGE / 2

    def passes(self, cookie: str | None, field: str | None) -> bool:
        """Whether a POST carries the same genuine, unexpired token in its cookie and its form field."""
        if not cookie or not field or not field.isascii() or not cookie.isascii():
            return False
        if not hmac.compare_digest(cookie.encode(), field.encode()):
            return False
        age = self._age(cookie)
        return age is not None and age <= MAX_TOKEN_AGE

    def _age(self, token: str | None) -> float | None:
        """Seconds since a genuine ``token`` was issued; None when it is not genuine."""
        if not token or not token.isascii() or token.count(".") != 2:
            return None
        signed, _, signature = token.rpartition(".")
        issued = signed.rpartition(".")[2]
        if not issued.isdigit() or not hmac.compare_digest(signature, self._sign(signed)):
            return None
        return self._clock() - int(issued)

    def _sign(self, nonce: str) -> str:
        return hmac.new(self._secret, nonce.encode(), hashlib.sha256).hexdigest()


class RateLimiter:
    """A token bucket per client: ``capacity`` units, refilled evenly over ``window`` seconds.

    Held in memory only; a client whose bucket is full again is forgotten."""

    def __init__(self, capacity: int, window: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.capacity = max(1, capacity)
        self.rate = self.capacity / window if window > 0 else float("inf")
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, client: str, cost: float = 1) -> float:
        """Spend ``cost`` units of ``client``'s bucket (at most its capacity, so that any one document
        can be made): 0 when allowed, else the seconds until they are there (nothing is spent)."""
        cost = min(float(self.capacity), cost)
        now = self._clock()
        with self._lock:
            self._forget_full(now)
            tokens = self._level(client, now)
            if tokens < cost:
                self._buckets[client] = (tokens, now)
                return (cost - tokens) / self.rate
            self._buckets[client] = (tokens - cost, now)
            return 0.0

    def left(self, client: str) -> float:
        """How many units ``client`` has left now."""
        with self._lock:
            return self._level(client, self._clock())

    def _level(self, client: str, now: float) -> float:
        tokens, then = self._buckets.get(client, (float(self.capacity), now))
        return min(float(self.capacity), tokens + (now - then) * self.rate)

    def _forget_full(self, now: float) -> None:
        full = [
            client
            for client, (tokens, then) in self._buckets.items()
            if tokens + (now - then) * self.rate >= self.capacity
        ]
        for client in full:
            del self._buckets[client]


class _TooLarge(Exception):
    """The request body passed the limit while it was being read."""


ErrorPage = Callable[[Request, Exception], Response]
"""Makes the page shown for an unexpected error (after logging what it may)."""


class Guard:
    """ASGI middleware: refuses bodies over ``limit`` bytes with 413, adds ``SECURITY_HEADERS``, and
    turns an unexpected exception into ``error_page`` (500) without passing it on to the server,
    whose log would print the exception's message (which may quote what someone typed)."""

    def __init__(self, app: ASGIApp, limit: int, error_page: ErrorPage) -> None:
        self.app = app
        self.limit = limit
        self.error_page = error_page

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        if self._declared_length(scope) > self.limit:
            await self._refuse(scope, receive, send_with_headers)
            return
        seen = 0

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise _TooLarge
            return message

        try:
            await self.app(scope, counting_receive, send_with_headers)
        except _TooLarge:
            if not started:
                await self._refuse(scope, receive, send_with_headers)
        except ClientDisconnect:
            # Nobody is left to answer, and nothing went wrong here: one line, no stack.
            log.debug("client went away during %s %s", scope["method"], scope["path"])
        except Exception as exc:
            response = self.error_page(Request(scope), exc)
            if not started:
                await response(scope, receive, send_with_headers)

    def _declared_length(self, scope: Scope) -> int:
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    return int(value)
                except ValueError:
                    return self.limit + 1
        return 0

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = PlainTextResponse(
            f"413 Request too large: a form may send at most {self.limit:,} bytes. "
            "Please shorten what you wrote and try again.",
            status_code=413,
            headers={"connection": "close"},
        )
        await response(scope, receive, send)
