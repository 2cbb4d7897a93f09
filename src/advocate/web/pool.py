"""Fair, bounded rendering for the web app: worker processes, a short queue, one document per client.

In: the ``Content`` the app loaded at start, and jobs (a brief and what it is made into), each for one
client. Out: the document's bytes, or a ``Refusal`` saying why it was not taken and when to try again.

- ``Renderer``: a pool of worker processes (``forkserver``: each worker is forked from a clean
  process that has already imported the renderers). A worker receives the app's ``Content`` once,
  when it starts, and keeps it: the same rule as the app's own pages, which read the library and
  briefs once at start (restart the server after editing them). Compiled templates and the parsed
  print stylesheet are cached in each worker by the renderers' own rules (a template or stylesheet
  whose file changed is read again). Workers run at a lower CPU priority than the server, so that
  pages which generate nothing are answered first.
- ``Scheduler``: at most ``slots`` documents render at once and ``queue`` more wait; a client has at
  most one document running or waiting. When a slot frees, the waiting client with the most rate
  limit left (the one that has asked for least lately) goes next, the earliest first among equals:
  a client that sends many costly documents cannot make another's one-page letter wait behind them.
  The scheduler lives on the server's event loop: call it from there only.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import math
import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field

from advocate.brief import Brief
from advocate.errors import AdvocateError
from advocate.web.content import Content, Output, generate

WORKER_NICENESS = 5
"""How much lower a worker's CPU priority is than the server's (``os.nice``)."""

_content: Content | None = None
"""In a worker process: the content it renders from (set once when it starts)."""


@dataclass(frozen=True)
class Refusal:
    """Why a document was not taken, and when to ask again."""

    status: int
    """429: this client already has a document being made; 503: the queue is full."""
    retry_after: int
    """Whole seconds to wait before trying again (at least 1)."""


@dataclass(order=True)
class _Waiting:
    rank: tuple[float, int]
    """Most rate limit left first (negated), then the order of arrival."""
    client: str = field(compare=False)


class Scheduler:
    """Admits, orders and releases renders (see the module's docstring)."""

    def __init__(self, slots: int, queue: int) -> None:
        self.slots = max(1, slots)
        self.queue = max(0, queue)
        self.running = 0
        self.mean_seconds = 1.0
        """A moving average of how long a render takes (for ``Retry-After``)."""
        self._waiting: list[_Waiting] = []
        self._clients: set[str] = set()
        self._granted: set[str] = set()
        self._turns: dict[str, asyncio.Future[None]] = {}
        self._arrivals = itertools.count()

    def enter(self, client: str, left: float = 0.0) -> Refusal | None:
        """Take a slot or a place in the queue for ``client`` (``left``: its rate limit left), or say
        why not. After None, the caller must ``await turn(client)`` and then ``leave(client)``."""
        if client in self._clients:
            return Refusal(429, math.ceil(self.mean_seconds))
        if self.running >= self.slots and len(self._waiting) >= self.queue:
            return Refusal(503, self.retry_after())
        self._clients.add(client)
        if self.running < self.slots:
            self.running += 1
            self._granted.add(client)
        else:
            self._waiting.append(_Waiting((-left, next(self._arrivals)), client))
        return None

    async def turn(self, client: str) -> None:
        """Return when ``client``'s render may start; if cancelled while waiting, give up its place."""
        if client in self._granted:
            return
        turn = asyncio.get_running_loop().create_future()
        self._turns[client] = turn
        try:
            await turn
        except asyncio.CancelledError:
            self._turns.pop(client, None)
            if client in self._granted:
                self.leave(client)
            else:
                self._waiting = [w for w in self._waiting if w.client != client]
                self._clients.discard(client)
            raise

    def leave(self, client: str, seconds: float | None = None) -> None:
        """``client``'s render is over (it took ``seconds``): its slot goes to the next in line."""
        if seconds is not None:
            self.mean_seconds = 0.8 * self.mean_seconds + 0.2 * seconds
        self._clients.discard(client)
        self._granted.discard(client)
        if not self._waiting:
            self.running -= 1
            return
        best = min(self._waiting)
        self._waiting.remove(best)
        self._granted.add(best.client)
        turn = self._turns.pop(best.client, None)
        if turn is not None and not turn.done():
            turn.set_result(None)

    def retry_after(self) -> int:
        """Seconds until the documents in hand are likely done (at least 1)."""
        return max(1, math.ceil(self.mean_seconds * (self.running + len(self._waiting)) / self.slots))


class Renderer:
    """Renders documents in up to ``workers`` processes, each holding ``content``."""

    def __init__(self, content: Content, workers: int) -> None:
        self.content = content
        self.workers = max(1, workers)
        self._executor: ProcessPoolExecutor | None = None

    def start(self) -> None:
        """Start every worker now rather than at the first document (a server does; tests need not)."""
        pool = self._pool()
        for future in [pool.submit(_ready) for _ in range(self.workers)]:
            future.result()

    async def render(self, brief: Brief, output: Output) -> bytes:
        """The document's bytes, made in a worker; an ``AdvocateError`` when it cannot be made."""
        try:
            data, problem = await asyncio.wrap_future(self._pool().submit(_render, brief, output))
        except BrokenProcessPool as exc:
            # A worker died (killed, or out of memory): start a fresh pool for the next document.
            self.close(wait=False)
            raise AdvocateError("the document could not be made this time; please try again") from exc
        if problem is not None:
            raise AdvocateError(problem)
        return data

    def close(self, wait: bool = True) -> None:
        """Stop the workers (waiting for them when ``wait``)."""
        executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=wait, cancel_futures=True)

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload([__name__])
            self._executor = ProcessPoolExecutor(
                self.workers, mp_context=context, initializer=_start, initargs=(self.content,)
            )
        return self._executor


def default_workers() -> int:
    """One worker per core this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _start(content: Content) -> None:
    """In a new worker: keep the content, and yield the CPU to the server."""
    global _content
    _content = content
    with contextlib.suppress(OSError):
        os.nice(WORKER_NICENESS)


def _ready() -> None:
    """A job that only proves the worker is up; it lasts a moment so that each goes to a new worker."""
    time.sleep(0.1)


def _render(brief: Brief, output: Output) -> tuple[bytes, str | None]:
    """In a worker: the document's bytes, or the message of the ``AdvocateError`` it raised."""
    assert _content is not None, "the worker was not started with its content"
    try:
        return generate(_content, brief, output), None
    except AdvocateError as exc:
        return b"", str(exc)
