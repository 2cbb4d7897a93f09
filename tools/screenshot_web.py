"""Take the README's screenshot of the constituent form: ``docs/constituent-form.png``.

In: the project's library and briefs. Out: a PNG of the campaign letter's form, filled in with plainly
fictional details, from the top of the page to the first points, in Debian's Chromium (headless,
through Playwright, as the end-to-end test drives it). The app runs on a free localhost port with its
data in a temporary folder.

Usage: ``python tools/screenshot_web.py [OUTPUT.png]`` (or ``make screenshot``).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.web.browser import launch  # noqa: E402

from advocate.web import Settings, running  # noqa: E402

FIELDS = {
    "#field-name": "Sam Sample",
    "#field-address1": "14 Sample Lane",
    "#field-town": "Exampleton",
    "#field-postcode": "EX1 2AB",
    "#field-email": "sam.sample@example.org",
}


def main(out: Path) -> None:
    """Fill the form and write the screenshot to ``out``."""
    with tempfile.TemporaryDirectory() as data:
        settings = Settings(ROOT / "library", ROOT / "briefs", Path(data))
        with running(settings) as url, sync_playwright() as playwright:
            browser = launch(playwright)
            page = browser.new_page(viewport={"width": 900, "height": 900}, device_scale_factor=1)
            page.goto(f"{url}/letters/constituent-letter")
            page.get_by_label("Alex Placeholder MP, Exampleton").check()
            for selector, value in FIELDS.items():
                page.fill(selector, value)
            points = page.locator("#field-points input[type=checkbox]")
            points.nth(0).check()
            points.nth(2).check()
            page.evaluate("document.activeElement.blur(); window.scrollTo(0, 0)")
            box = page.locator("#field-points .choice").nth(3).bounding_box()
            assert box is not None
            clip = {"x": 0, "y": 0, "width": 900, "height": box["y"] - 8}
            page.screenshot(path=str(out), full_page=True, clip=clip)  # type: ignore[arg-type]
            browser.close()
    print(f"wrote {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "constituent-form.png")
