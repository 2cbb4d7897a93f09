"""The guards on their own: form tokens, the rate limiter's bucket, the secret file."""

from __future__ import annotations

import stat
from pathlib import Path

from advocate.web.security import SECRET_FILE, Csrf, RateLimiter, load_secret


def test_a_token_passes_only_when_cookie_and_field_agree_and_it_is_ours() -> None:
    csrf = Csrf(b"k" * 32)
    token = csrf.issue()
    assert csrf.passes(token, token)
    assert not csrf.passes(token, csrf.issue())
    assert not csrf.passes(None, token)
    assert not csrf.passes(token, None)
    theirs = Csrf(b"x" * 32).issue()
    assert not csrf.passes(theirs, theirs)
    assert not csrf.passes("no-dot", "no-dot")
    assert not csrf.genuine("a.b.c")


def test_the_secret_is_made_once_and_kept_private(tmp_path: Path) -> None:
    first = load_secret(tmp_path / "data")
    assert load_secret(tmp_path / "data") == first
    assert len(first) == 32
    mode = (tmp_path / "data" / SECRET_FILE).stat().st_mode
    assert stat.S_IMODE(mode) == 0o600


def test_the_bucket_allows_its_capacity_then_refills_evenly() -> None:
    now = [0.0]
    limiter = RateLimiter(3, 30.0, clock=lambda: now[0])
    assert [limiter.take("a") for _ in range(3)] == [0.0, 0.0, 0.0]
    wait = limiter.take("a")
    assert 9.9 < wait <= 10.0
    assert limiter.take("b") == 0.0  # per client
    now[0] = 10.0
    assert limiter.take("a") == 0.0
    assert limiter.take("a") > 0
    now[0] = 1000.0
    limiter.take("c")
    assert set(limiter._buckets) == {"c"}  # full buckets are forgotten
