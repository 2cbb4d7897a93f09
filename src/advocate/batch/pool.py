"""The batch's local process pool, and how its processes stop: with Ctrl-C, SIGTERM or their parent.

In: a number of workers; the signals a batch receives. Out: a ``ProcessPoolExecutor`` whose workers
leave Ctrl-C to the parent and die with it, and ``terminate_as_interrupt`` for the parent.

- The parent treats SIGTERM (``kill PID``, a service manager stopping it) as Ctrl-C: it raises
  ``KeyboardInterrupt``, so the pool is shut down and the journals are folded into the manifest on
  the way out; a second SIGTERM ends it at once (the next run folds what it left). When a batch
  stops for any reason, ``stop_workers`` gives its workers SIGTERM.
- A worker whose parent has gone (killed outright, ``SIGKILL``) exits before its next letter: it
  compares ``os.getppid()`` with the parent it started under before each letter, and on Linux asks
  the kernel (``prctl(PR_SET_PDEATHSIG)``) for SIGTERM when the parent ends. A worker given SIGTERM
  exits at once when waiting for work, else as soon as the letter in hand is complete (its files
  and its journal line written), so nothing is half-made and nothing is made twice.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import ctypes
import ctypes.util
import os
import signal
import sys
import threading
from collections.abc import Iterator
from types import FrameType

_PR_SET_PDEATHSIG = 1
"""``prctl``'s option: the signal this process receives when its parent ends (Linux)."""

_parent: int | None = None
"""In a pool worker, the id of the process that started it; None elsewhere."""
_busy = False
"""Whether this worker is making a letter (then SIGTERM waits for the letter to be complete)."""
_stopping = False
"""Whether this worker was told to stop (SIGTERM) and should exit before its next letter."""


def process_pool(workers: int) -> cf.ProcessPoolExecutor:
    """A pool of ``workers`` processes that leave Ctrl-C to this one and die with it."""
    return cf.ProcessPoolExecutor(max_workers=workers, initializer=_start_worker, initargs=(os.getpid(),))


def stop_workers(pool: cf.ProcessPoolExecutor) -> None:
    """Tell each worker of ``pool`` to stop (SIGTERM): when the batch stops (Ctrl-C, SIGTERM, an
    error), a worker finishes the letter in hand and exits, rather than the chunks it holds."""
    processes = getattr(pool, "_processes", None) or {}  # the pool's own record of its workers
    for process in list(processes.values()):
        with contextlib.suppress(OSError, ValueError, AttributeError):
            process.terminate()


@contextlib.contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """While the block runs, SIGTERM raises ``KeyboardInterrupt`` as Ctrl-C does (once: a second
    SIGTERM gets the default action). Outside the main thread signals cannot be handled: nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: FrameType | None) -> None:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextlib.contextmanager
def one_letter() -> Iterator[None]:
    """Around each letter a worker makes (its files and its journal line): first exits the process
    if its parent has gone; while the letter is made, SIGTERM waits, then exits after it."""
    global _busy
    if _parent is not None and (_stopping or os.getppid() != _parent):
        os._exit(0)  # the letters written so far are whole and in the journal: nothing to tidy
    _busy = True
    try:
        yield
    finally:
        _busy = False
        if _stopping:
            os._exit(0)


def _start_worker(parent: int) -> None:
    """A pool worker's start: Ctrl-C is left to the parent (which lets the chunks in progress
    finish); SIGTERM, or the parent's end, stops it before its next letter."""
    global _parent
    _parent = parent
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop)
    _die_with_parent()
    if os.getppid() != parent:  # the parent ended before the kernel was asked
        os._exit(0)


def _stop(signum: int, frame: FrameType | None) -> None:
    """SIGTERM in a worker: exit now when waiting for work, else after the letter in hand."""
    global _stopping
    _stopping = True
    if not _busy:
        os._exit(0)


def _die_with_parent() -> None:
    """Ask Linux for SIGTERM when the parent ends (elsewhere the check before each letter does)."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
