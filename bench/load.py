"""Load test: the web app stays fair under a burst of PDF requests (issue 14, point 1).

Run: ``.venv/bin/python bench/load.py [SECONDS]`` (25 seconds of load by default; the whole run,
start and stop included, stays under two minutes). Exits 1 when a target fails.

The app runs in this process on a free loopback port (``advocate.web.running``, the repository's
library and briefs, a temporary data folder, the default workers and queue) with its rate limit
raised out of the way: what is measured is the render pool, not the limit. Each client connects from
its own loopback address (127.0.0.2 to 127.0.0.11), so the app sees eleven clients:

- 8 heavy clients, each keeping 8 requests in flight (64 at once): PDF briefings for the ``mp``
  audience with as many points as its plan allows, the costliest document the app makes. A refused
  request (429 or 503) is sent again after its ``Retry-After``, at most one second later.
- a visitor loading ``GET /`` every 20 ms (also for a few seconds before the load, to show what the
  machine itself adds);
- a ninth client downloading a one-page letter as PDF, one after another, a second apart, once the
  load is under way.

Targets: ``GET /`` at the 99th percentile under 100 ms; each of the ninth client's letters under 3 s
(a 503 or 429 fails it). Every request is bounded by a 60 s timeout and the number of requests by the
time: a heavy thread sends at most one request a second while refused.
"""

from __future__ import annotations

import collections
import http.client
import re
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from advocate.web import Settings, running

ROOT = Path(__file__).resolve().parent.parent
SECONDS = 25.0
"""How long the heavy clients keep their requests in flight."""
HEAVY_CLIENTS = 8
IN_FLIGHT = 8
"""Requests each heavy client keeps open."""
LETTER_DELAY = 5.0
"""Seconds into the load before the ninth client starts."""
GET_P99_TARGET = 0.100
LETTER_TARGET = 3.0
TIMEOUT = 60.0
IDLE_GETS = 100
"""``GET /`` requests timed before the load starts (the machine's own noise)."""
CAMPAIGN = "/letters/constituent-letter"


@dataclass
class Client:
    """One visitor: its own loopback address and form cookie."""

    address: str
    port: int
    cookie: str = ""
    token: str = ""
    points: list[str] = field(default_factory=list)

    def request(
        self, method: str, path: str, form: Mapping[str, str | Sequence[str]] | None = None
    ) -> tuple[int, dict[str, str], bytes, float]:
        """Status, headers, body and seconds taken (connection included)."""
        started = time.monotonic()
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=TIMEOUT, source_address=(self.address, 0)
        )
        headers = {"Cookie": self.cookie} if self.cookie else {}
        body = None
        if form is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            body = urllib.parse.urlencode(form, doseq=True)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
        finally:
            connection.close()
        return (
            response.status,
            {k.lower(): v for k, v in response.getheaders()},
            data,
            time.monotonic() - started,
        )

    def open(self, path: str) -> None:
        """Load a form page: keep its cookie, token and the points it offers."""
        status, headers, data, _ = self.request("GET", path)
        assert status == 200, f"GET {path}: {status}"
        self.cookie = headers["set-cookie"].split(";")[0]
        page = data.decode()
        found = re.search(r'name="csrf" value="([^"]+)"', page)
        assert found, f"no form token in {path}"
        self.token = found.group(1)
        self.points = re.findall(r'name="points" value="([^"]+)"', page)


def briefing(client: Client) -> dict[str, str | Sequence[str]]:
    return {
        "csrf": client.token,
        "audience": "mp",
        "title": "Load test",
        "prepared_by": "bench/load.py",
        "points": client.points[:24],
        "action": "pdf",
    }


def letter(client: Client) -> dict[str, str | Sequence[str]]:
    return {
        "csrf": client.token,
        "rep": "r3",
        "name": "Sam Sample",
        "address1": "14 Sample Lane",
        "town": "Exampleton",
        "postcode": "EX1 2AB",
        "email": "sam@example.org",
        "points": client.points[:2],
        "personal": "I ask you to act.",
        "action": "pdf",
    }


def heavy(client: Client, until: float, statuses: collections.Counter[int], renders: list[float]) -> None:
    while time.monotonic() < until:
        try:
            status, headers, _, seconds = client.request("POST", "/library", briefing(client))
        except OSError:
            statuses[0] += 1
            continue
        statuses[status] += 1
        if status == 200:
            renders.append(seconds)
        elif status in (429, 503):
            time.sleep(min(1.0, float(headers.get("retry-after", "1"))))


def visitor(client: Client, until: float, latencies: list[float], statuses: collections.Counter[int]) -> None:
    while time.monotonic() < until:
        status, _, _, seconds = client.request("GET", "/")
        statuses[status] += 1
        latencies.append(seconds)
        time.sleep(0.02)


def ninth(client: Client, until: float, results: list[tuple[int, float]]) -> None:
    while time.monotonic() < until:
        status, _, _, seconds = client.request("POST", CAMPAIGN, letter(client))
        results.append((status, seconds))
        time.sleep(1.0)


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main(argv: Sequence[str]) -> int:
    seconds = float(argv[0]) if argv else SECONDS
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as data:
        settings = Settings(
            library_dir=ROOT / "library", briefs_dir=ROOT / "briefs", data_dir=Path(data), rate_limit=10**9
        )
        began = time.monotonic()
        with running(settings) as url:
            port = int(url.rsplit(":", 1)[1])
            started = time.monotonic()
            Client("127.0.0.10", port).request("GET", "/")  # the page's templates compiled, untimed
            idle: list[float] = []
            visitor(
                Client("127.0.0.10", port), time.monotonic() + IDLE_GETS * 0.025, idle, collections.Counter()
            )
            heavies = [Client(f"127.0.0.{2 + i}", port) for i in range(HEAVY_CLIENTS)]
            for client in heavies:
                client.open("/library")
            until = time.monotonic() + seconds
            statuses: collections.Counter[int] = collections.Counter()
            renders: list[float] = []
            threads = [
                threading.Thread(target=heavy, args=(c, until, statuses, renders), daemon=True)
                for c in heavies
                for _ in range(IN_FLIGHT)
            ]
            for thread in threads:
                thread.start()
            latencies: list[float] = []
            get_statuses: collections.Counter[int] = collections.Counter()
            visit = threading.Thread(
                target=visitor, args=(Client("127.0.0.10", port), until, latencies, get_statuses)
            )
            visit.start()
            time.sleep(LETTER_DELAY)
            writer = Client("127.0.0.11", port)
            writer.open(CAMPAIGN)
            letters: list[tuple[int, float]] = []
            ninth(writer, until, letters)
            visit.join()
            load_seconds = time.monotonic() - started
            workers = settings.workers or "one per core"
            print(
                f"load: {HEAVY_CLIENTS} clients x {IN_FLIGHT} PDF briefings in flight "
                f"for {load_seconds:.0f} s; "
                f"workers: {workers}, queue: {settings.queue}"
            )
        print(f"whole run (start, load, stop): {time.monotonic() - began:.0f} s")
    sent = ", ".join(f"{status or 'error'} x{n}" for status, n in sorted(statuses.items()))
    made = f"; a briefing took {statistics.median(renders):.1f} s (median)" if renders else ""
    print(f"heavy requests: {sum(statuses.values())} ({sent}){made}")
    print(
        f"GET / before the load: {len(idle)} requests, p50 {percentile(idle, 0.5) * 1000:.0f} ms, "
        f"p99 {percentile(idle, 0.99) * 1000:.0f} ms"
    )
    p50, p99, worst = (percentile(latencies, q) for q in (0.5, 0.99, 1.0))
    get_ok = p99 < GET_P99_TARGET and set(get_statuses) == {200}
    print(
        f"GET /: {len(latencies)} requests, p50 {p50 * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms, "
        f"max {worst * 1000:.0f} ms: target p99 < {GET_P99_TARGET * 1000:.0f} ms "
        f"{'PASS' if get_ok else 'FAIL'}"
    )
    times = [s for _, s in letters]
    letters_ok = bool(letters) and all(status == 200 and s < LETTER_TARGET for status, s in letters)
    codes = collections.Counter(status for status, _ in letters)
    print(
        f"ninth client's one-page letter (PDF): {len(letters)} requests "
        f"({', '.join(f'{k} x{n}' for k, n in sorted(codes.items()))}), "
        f"median {statistics.median(times) if times else 0:.2f} s, max {max(times, default=0):.2f} s: "
        f"target < {LETTER_TARGET:.0f} s {'PASS' if letters_ok else 'FAIL'}"
    )
    return 0 if get_ok and letters_ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
