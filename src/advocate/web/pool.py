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
  most one document running or waiting. With two slots or more, one is kept for short documents
  (letters): a briefing can take many seconds to lay out, and a letter must not wait for one. When a
  slot frees, the waiting document that may use it whose client has the most rate limit left (the
  client that has asked for least lately) goes next, the earliest first among equals: a client that
  sends many costly documents cannot make another's letter wait behind them. The scheduler lives on
  the server's event loop: call it from there only.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import math
import multiprocessing
import os
import select
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field

from advocate.brief import Brief
from advocate.errors import AdvocateError
from advocate.web.content import Content, Output, generate


class Stopping(AdvocateError):
    """A document asked for while the server stops (answered as 503: ask again in a moment)."""


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
    short: bool = field(compare=False)


class Scheduler:
    """Admits, orders and releases renders (see the module's docstring)."""

    def __init__(self, slots: int, queue: int) -> None:
        self.slots = max(1, slots)
        self.queue = max(0, queue)
        self.long_slots = self.slots - 1 if self.slots > 1 else 1
        """Slots long documents may use: all but one, kept for short ones (with two or more)."""
        self.running = 0
        self.running_long = 0
        self.mean_seconds = 1.0
        """A moving average of how long a render takes (for ``Retry-After``)."""
        self._waiting: list[_Waiting] = []
        self._clients: dict[str, bool] = {}
        """Each client with a document in hand, and whether that document is short."""
        self._granted: set[str] = set()
        self._turns: dict[str, asyncio.Future[None]] = {}
        self._arrivals = itertools.count()

    def enter(self, client: str, left: float = 0.0, short: bool = True) -> Refusal | None:
        """Take a slot or a place in the queue for ``client``'s document (``short``: a letter, which
        may use the slot kept for short documents; ``left``: the client's rate limit left), or say why
        not. After None, the caller must ``await turn(client)`` and then ``leave(client)``."""
        if client in self._clients:
            return self.yours()
        if not self._fits(short) and len(self._waiting) >= self.queue:
            return Refusal(503, self.retry_after())
        self._clients[client] = short
        if self._fits(short):
            self._grant(client, short)
        else:
            self._waiting.append(_Waiting((-left, next(self._arrivals)), client, short))
        return None

    def holds(self, client: str) -> bool:
        """Whether ``client`` has a document running or waiting."""
        return client in self._clients

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
                del self._clients[client]
            raise

    def leave(self, client: str, seconds: float | None = None) -> None:
        """``client``'s render is over (it took ``seconds``): its slot goes to the best waiting
        document that may use it."""
        if seconds is not None:
            self.mean_seconds = 0.8 * self.mean_seconds + 0.2 * seconds
        short = self._clients.pop(client)
        self._granted.discard(client)
        self.running -= 1
        self.running_long -= not short
        for waiting in sorted(self._waiting):
            if self._fits(waiting.short):
                self._waiting.remove(waiting)
                self._grant(waiting.client, waiting.short)
                turn = self._turns.pop(waiting.client, None)
                if turn is not None and not turn.done():
                    turn.set_result(None)
                return

    def yours(self) -> Refusal:
        """The refusal of a second document while a client's first is in hand."""
        return Refusal(429, max(1, math.ceil(self.mean_seconds)))

    def retry_after(self) -> int:
        """Seconds until the documents in hand are likely done (at least 1)."""
        return max(1, math.ceil(self.mean_seconds * (self.running + len(self._waiting)) / self.slots))

    def _fits(self, short: bool) -> bool:
        return self.running < self.slots and (short or self.running_long < self.long_slots)

    def _grant(self, client: str, short: bool) -> None:
        self.running += 1
        self.running_long += not short
        self._granted.add(client)


class Renderer:
    """Renders documents in up to ``workers`` processes, each holding ``content``."""

    def __init__(self, content: Content, workers: int) -> None:
        self.content = content
        self.workers = max(1, workers)
        self._executor: ProcessPoolExecutor | None = None
        self._closed = False

    def start(self) -> None:
        """Start (and warm) every worker now rather than at the first document: a server does, so
        that no visitor waits for it; tests need not."""
        pool = self._pool()
        try:
            for future in [pool.submit(_ready) for _ in range(self.workers)]:
                future.result()
        except BrokenProcessPool as exc:
            self.close(wait=False)
            raise AdvocateError(f"the render workers did not start ({exc})") from exc

    async def render(self, brief: Brief, output: Output) -> bytes:
        """The document's bytes, made in a worker; an ``AdvocateError`` when it cannot be made."""
        if self._closed:
            raise Stopping("the server is stopping")
        try:
            data, problem = await asyncio.wrap_future(self._pool().submit(_render, brief, output))
        except BrokenProcessPool as exc:
            # A worker died (killed, or out of memory): start a fresh pool for the next document.
            self._drop(wait=False)
            raise AdvocateError("the document could not be made this time; please try again") from exc
        except RuntimeError as exc:  # the pool was shut down while this was being sent to it
            raise Stopping("the server is stopping") from exc
        if problem is not None:
            raise AdvocateError(problem)
        return data

    def close(self, wait: bool = True) -> None:
        """Refuse later documents and stop the workers once the documents they hold are made
        (waiting for that when ``wait``)."""
        self._closed = True
        self._drop(wait)

    def _drop(self, wait: bool) -> None:
        executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=wait)

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload([__name__])
            self._executor = ProcessPoolExecutor(
                self.workers, mp_context=context, initializer=_start, initargs=(self.content, os.getpid())
            )
        return self._executor


def default_workers() -> int:
    """One worker per core this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _start(content: Content, server: int) -> None:
    """In a new worker: exit when the ``server`` process does, keep the content, yield the CPU to the
    server, and make one campaign letter as PDF and throw it away, so that what a first render builds
    (fonts, the parsed stylesheet, the compiled templates, the citation style: seconds of work) is not
    built while a visitor waits."""
    global _content
    threading.Thread(target=_exit_with, args=(server,), daemon=True, name="exit-with-server").start()
    _content = content
    with contextlib.suppress(OSError):
        os.nice(WORKER_NICENESS)
    for campaign in list(content.campaigns.values())[:1]:
        with contextlib.suppress(AdvocateError):
            generate(content, campaign.brief, "pdf")


def _exit_with(server: int) -> None:
    """Wait for the ``server`` process to end, then end this worker at once, even mid-render.

    A pool's workers do not notice on their own: each holds both ends of the pipes it reads its jobs
    from, so a server killed with SIGKILL would leave them (and the forkserver) running for ever.
    Linux only (``pidfd_open``, 5.3 and later); elsewhere a worker is left to the pool's shutdown."""
    try:
        watched = os.pidfd_open(server)
    except ProcessLookupError:
        os._exit(0)
    except (AttributeError, OSError):
        return
    select.select([watched], [], [])  # readable once the process has ended
    os._exit(0)


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
