"""Debian's Chromium driven by Playwright (no browser is downloaded): shared by the end-to-end test and
the README screenshot (``make screenshot``)."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, Playwright

CHROMIUM = Path("/usr/bin/chromium")
"""Debian's ``chromium`` package (installed by ``make setup``)."""
ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
"""Headless, and no background connections (the machine's network is closed)."""


def launch(playwright: Playwright) -> Browser:
    """Debian's Chromium, headless."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=list(ARGS))
