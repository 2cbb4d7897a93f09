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


def test_a_form_token_expires_after_two_hours_and_is_reused_for_one() -> None:
    now = [1_000_000.0]
    csrf = Csrf(b"k" * 32, clock=lambda: now[0])
    token = csrf.issue()
    now[0] += 3600
    assert csrf.young(token)
    now[0] += 1
    assert not csrf.young(token)  # a page shown now gets a new token
    now[0] += 3599
    assert csrf.passes(token, token)
    now[0] += 1
    assert not csrf.passes(token, token)
    assert csrf.genuine(token)  # still this app's: the 403 page can say it is too old
    nonce, issued, signature = token.split(".")
    assert not csrf.genuine(f"{nonce}.{int(issued) + 3600}.{signature}")  # the time is signed
    assert not csrf.passes("é.1.x", "é.1.x")


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
