"""Issue 14, parts 2 to 4 through the mail merge as a user runs it (a process of its own, with a pool of
two workers): SIGTERM and SIGKILL of the parent alone, a second batch into a folder in use, a full
disk. Letters are made slow on purpose, so that each fault lands in the middle of a batch; every
file a letter writes is logged, so a test can count how often each letter was made."""

from __future__ import annotations

import collections
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from advocate.batch import MANIFEST
from advocate.batch.lock import LOCK_FILE
from advocate.sample_people import example_people, write_people
from disks import full_disk

REPO = Path(__file__).resolve().parents[2]
BRIEF = REPO / "briefs" / "constituent-letter.yaml"
INTERRUPTED = "interrupted; nothing half-written was left behind"

_SLOW_LETTERS = """
import os, sys, time
from advocate.batch import worker
from advocate.cli import main

write = worker.write_atomic

def slow(folder, name, data):
    time.sleep(float(os.environ["SLOW"]))
    written = write(folder, name, data)
    with open(os.environ["MADE"], "a") as log:
        log.write(name + "\\n")
    return written

worker.write_atomic = slow
sys.exit(main(sys.argv[1:]))
"""


def start(tmp_path: Path, people: Path, out: Path, slow: float = 0.4) -> subprocess.Popen[bytes]:
    """``advocate letters`` (docx, two workers) of ``people`` into ``out``, each letter taking
    ``slow`` seconds longer; files made are logged in ``tmp_path/made.log``. Its output goes to
    files (``<pid>.out``, ``<pid>.err``): an orphaned worker would hold a pipe open for ever."""
    args = ["letters", BRIEF, "--people", people, "--out", out, "--format", "docx", "--workers", "2"]
    tmp_path.mkdir(exist_ok=True)
    with (tmp_path / "out.tmp").open("wb") as stdout, (tmp_path / "err.tmp").open("wb") as stderr:
        run = subprocess.Popen(
            [sys.executable, "-c", _SLOW_LETTERS, *map(str, args)],
            cwd=REPO,
            env={**os.environ, "SLOW": str(slow), "MADE": str(tmp_path / "made.log")},
            stdout=stdout,
            stderr=stderr,
        )
    (tmp_path / "out.tmp").rename(tmp_path / f"{run.pid}.out")
    (tmp_path / "err.tmp").rename(tmp_path / f"{run.pid}.err")
    return run


def finish(run: subprocess.Popen[bytes], tmp_path: Path) -> tuple[int, str, str]:
    """Wait for ``run``; its status, stdout and stderr (with no traceback in it)."""
    status = run.wait(timeout=300)
    out, err = (tmp_path / f"{run.pid}.{kind}" for kind in ("out", "err"))
    assert "Traceback" not in err.read_text(), err.read_text()
    return status, out.read_text(), err.read_text()


def made(tmp_path: Path) -> collections.Counter[str]:
    """How many times each file was written."""
    log = tmp_path / "made.log"
    return collections.Counter(log.read_text().split() if log.exists() else [])


def wait_for(condition: Callable[[], bool], seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid``."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie, waiting for a parent that does not reap it, has ended)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def batch_of(tmp_path: Path, n: int, seed: int, name: str = "people.csv") -> Path:
    """A people file of ``n`` fictional rows."""
    return write_people(tmp_path / name, example_people(n, seed))


def letters_in(out: Path) -> list[str]:
    """The letters the manifest lists (by file)."""
    manifest = json.loads((out / MANIFEST).read_text())
    return sorted(name for record in manifest["letters"] for name in record["files"])


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc to find the workers")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_the_parent_killed_alone_leaves_no_worker_and_a_rerun_makes_each_letter_once(
    tmp_path: Path, signum: signal.Signals
) -> None:
    """#14.2: ``kill PID`` is Ctrl-C (the pool shut down, the manifest folded, status 130); after
    ``kill -9 PID`` the workers exit before their next letter. Either way no worker is left, and
    the next run makes only the letters not yet made."""
    people = batch_of(tmp_path, 16, 7)
    out = tmp_path / "out"
    first = start(tmp_path, people, out)
    wait_for(lambda: sum(made(tmp_path).values()) >= 2)
    workers = children(first.pid)
    assert len(workers) == 2
    first.send_signal(signum)
    try:
        status, _, err = finish(first, tmp_path)
        if signum == signal.SIGTERM:
            assert (status, err.splitlines()[-1]) == (130, INTERRUPTED)
            assert not (out / ".journal").exists()  # folded into the manifest
        else:
            assert status == -signal.SIGKILL
        wait_for(lambda: not any(alive(pid) for pid in workers), seconds=30)
    finally:  # a failed test leaves no orphan behind either
        for pid in filter(alive, workers):
            os.kill(pid, signal.SIGKILL)
    assert 2 <= sum(made(tmp_path).values()) < 16
    rerun_makes_the_rest_once(tmp_path, people, out)


def test_a_worker_killed_alone_is_a_message_and_a_rerun_makes_the_rest_once(tmp_path: Path) -> None:
    """A worker killed on its own (the kernel's out-of-memory killer): the batch stops with a
    message, the other worker ends too, and the next run makes only what is missing."""
    people = batch_of(tmp_path, 12, 5)
    out = tmp_path / "out"
    first = start(tmp_path, people, out)
    wait_for(lambda: sum(made(tmp_path).values()) >= 1)
    workers = children(first.pid)
    os.kill(workers[0], signal.SIGKILL)
    try:
        status, _, err = finish(first, tmp_path)
        assert (status, err.splitlines()[-1]) == (
            1,
            "advocate: a worker process ended before its letters were made (killed, or out of "
            "memory?): the letters made so far are kept; run the same command again to make the rest",
        )
        wait_for(lambda: not any(alive(pid) for pid in workers), seconds=30)
    finally:
        for pid in filter(alive, workers):
            os.kill(pid, signal.SIGKILL)
    rerun_makes_the_rest_once(tmp_path, people, out)


def rerun_makes_the_rest_once(tmp_path: Path, people: Path, out: Path) -> None:
    """Run the batch again: it makes each letter not yet made, once, and skips the others."""
    before = sum(made(tmp_path).values())
    status, stdout, err = finish(start(tmp_path, people, out, slow=0), tmp_path)
    assert status == 0, err
    after = made(tmp_path)
    assert set(after.values()) == {1}  # each letter made once over both runs
    assert letters_in(out) == sorted(after)
    assert stdout.splitlines()[0] == (
        f"{len(after) - before} letters written, {before} skipped (unchanged), 0 rows failed; "
        f"manifest: {out / MANIFEST}"
    )


def test_a_second_batch_into_a_folder_in_use_stops_at_once_and_loses_nothing(tmp_path: Path) -> None:
    """#14.3: two batches of different people files into one folder: the second stops with the
    first's process id; the first completes, and its manifest lists every letter it made."""
    people = batch_of(tmp_path, 8, 1)
    others = batch_of(tmp_path, 8, 2, "others.csv")
    out = tmp_path / "out"
    first = start(tmp_path, people, out)
    wait_for(lambda: (out / LOCK_FILE).exists() and bool((out / LOCK_FILE).read_text()))
    second = start(tmp_path / "second", others, out, slow=0)  # its log apart: it must write nothing
    status, _, err = finish(second, tmp_path / "second")
    assert (status, err.splitlines()[-1]) == (
        1,
        f"{out}: another batch is writing into this folder (process {first.pid}): wait for it to "
        "finish, or choose another output folder",
    )
    status, stdout, err = finish(first, tmp_path)
    assert status == 0, err
    assert letters_in(out) == sorted(made(tmp_path)) and not (out / LOCK_FILE).exists()
    assert stdout.splitlines()[0].startswith(f"{len(letters_in(out))} letters written, 0 skipped")


NO_SPACE = "no space left on device (free some space on that disk, or choose a folder on another disk)"


def test_a_full_disk_stops_the_batch_with_its_cause_and_what_else_failed(tmp_path: Path) -> None:
    """#14.4: room for the lock and the manifest, not for a letter: the letter's file is named
    first, then the manifest that could not be brought up to date; status 1; no partial file."""
    people = batch_of(tmp_path, 4, 3)
    with full_disk(tmp_path / "disk", room=8192) as disk:
        out = disk / "out"
        status, _, err = finish(start(tmp_path, people, out, slow=0), tmp_path)
        assert status == 1
        letter, manifest = err.splitlines()[-2:]
        assert re.fullmatch(
            rf"{re.escape(str(out))}/\d{{4}}-[\w-]+\.docx: could not write the file: {re.escape(NO_SPACE)}",
            letter,
        )
        assert manifest == f"{out / MANIFEST}: could not write the file: {NO_SPACE}"
        assert sorted(p.name for p in out.iterdir()) == [MANIFEST]  # as the run found it
