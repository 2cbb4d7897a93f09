"""The render scheduler: slots, a short queue, one document per client, the least-spent client first."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from advocate.web.pool import Refusal, Scheduler

MINILIB = Path(__file__).resolve().parents[1] / "fixtures" / "minilib"


def test_a_client_has_one_document_in_hand_and_the_queue_is_short() -> None:
    scheduler = Scheduler(slots=1, queue=1)
    assert scheduler.enter("a") is None  # runs
    assert scheduler.enter("a") == Refusal(429, 1)  # its own document is in hand
    assert scheduler.enter("b") is None  # waits
    assert scheduler.enter("c") == Refusal(503, 2)  # two in hand, one slot, about a second each
    scheduler.leave("a")  # b runs; the queue has room for one again
    assert scheduler.enter("a") is None
    assert scheduler.enter("c") == Refusal(503, 2)
    scheduler.leave("b")  # a runs
    scheduler.leave("a")
    assert scheduler.running == 0


def test_the_client_with_most_limit_left_goes_next() -> None:
    order: list[str] = []

    async def main() -> None:
        scheduler = Scheduler(slots=1, queue=3)
        assert scheduler.enter("heavy", left=1) is None

        async def job(client: str, left: float) -> None:
            assert scheduler.enter(client, left) is None
            await scheduler.turn(client)
            order.append(client)
            await asyncio.sleep(0)
            scheduler.leave(client)

        tasks = [asyncio.create_task(job(c, left)) for c, left in (("busy", 2), ("light", 30), ("new", 30))]
        await asyncio.sleep(0)
        scheduler.leave("heavy")
        await asyncio.gather(*tasks)
        assert scheduler.running == 0

    asyncio.run(main())
    assert order == ["light", "new", "busy"]  # equals go in order of arrival


def test_a_waiting_client_that_goes_away_gives_up_its_place() -> None:
    async def main() -> None:
        scheduler = Scheduler(slots=1, queue=1)
        assert scheduler.enter("a") is None
        assert scheduler.enter("b") is None
        waiting = asyncio.create_task(scheduler.turn("b"))
        await asyncio.sleep(0)
        waiting.cancel()
        with pytest.raises(asyncio.CancelledError):
            await waiting
        assert scheduler.enter("c") is None  # b's place is free again
        scheduler.leave("a")
        await scheduler.turn("c")
        scheduler.leave("c")
        assert scheduler.running == 0

    asyncio.run(main())


def test_with_two_slots_or_more_one_is_kept_for_short_documents() -> None:
    scheduler = Scheduler(slots=2, queue=1)
    assert scheduler.enter("briefing 1", short=False) is None  # runs
    assert scheduler.enter("briefing 2", short=False) is None  # waits: the other slot is kept
    assert scheduler.running == 1
    assert scheduler.enter("letter", short=True) is None  # runs at once
    assert scheduler.running == 2
    scheduler.leave("letter")
    assert scheduler.running == 1  # the kept slot is not given to the waiting briefing
    scheduler.leave("briefing 1")
    assert (scheduler.running, scheduler.running_long) == (1, 1)  # briefing 2 runs


def test_with_one_slot_every_document_shares_it() -> None:
    scheduler = Scheduler(slots=1, queue=0)
    assert scheduler.enter("briefing", short=False) is None
    assert scheduler.enter("letter", short=True) == Refusal(503, 1)


SERVER = """
import os, sys, time
from pathlib import Path
from advocate.web.content import load_content
from advocate.web.pool import Renderer
from advocate.web.settings import Settings

if __name__ == "__main__":
    content = load_content(Settings(library_dir=Path(sys.argv[1]), briefs_dir=Path(sys.argv[2])))
    renderer = Renderer(content, 2)
    renderer.start()
    print(" ".join(str(pid) for pid in renderer._pool()._processes), flush=True)
    time.sleep(600)
"""


def _gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return True
    return state in ("Z", "X")  # ended; only its parent's reaping is left


@pytest.mark.skipif(not hasattr(os, "pidfd_open"), reason="workers watch the server with pidfd_open (Linux)")
def test_workers_end_when_the_server_is_killed(tmp_path: Path) -> None:
    script = tmp_path / "server.py"
    script.write_text(SERVER, encoding="utf-8")
    (tmp_path / "briefs").mkdir()
    with subprocess.Popen(
        [sys.executable, str(script), str(MINILIB), str(tmp_path / "briefs")],
        stdout=subprocess.PIPE,
        text=True,
    ) as server:
        assert server.stdout is not None
        workers = [int(pid) for pid in server.stdout.readline().split()]
        assert len(workers) == 2 and not any(_gone(pid) for pid in workers)
        server.kill()  # SIGKILL: nothing runs in the server to stop them
    deadline = time.monotonic() + 60  # a bound for a busy machine, not a timing asserted
    while not all(_gone(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert all(_gone(pid) for pid in workers)
