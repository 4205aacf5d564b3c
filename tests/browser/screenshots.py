"""Screenshots of the widget for docs/widget.md: Swedish, Arabic, Tigrinya, emergency, 320 px phone.

    .venv/bin/python -m tests.browser.screenshots [OUT_DIR]    # default docs/screenshots

Starts its own servers (like the tests), so it needs nothing running. The browser tests call
`take()` too, into a temporary folder, so this script keeps working.
"""

import sys
from pathlib import Path
from typing import List

from harness.servers import ROOT, running_servers
from tests.browser.conftest import launch

DEMO = "/webhooks/webchat/demo"
SHOTS = [
    "widget-sv.png",
    "widget-ar.png",
    "widget-ti.png",
    "widget-emergency.png",
    "widget-mobile-320.png",
]


def _page(browser, width: int, height: int):
    context = browser.new_context(
        viewport={"width": width, "height": height}, locale="sv-SE", reduced_motion="reduce"
    )
    context.set_default_timeout(60_000)
    return context.new_page()


def _say(page, text: str) -> None:
    page.locator("textarea").fill(text)
    page.locator("textarea").press("Enter")
    _answered(page)


def _answered(page) -> None:
    page.locator('.log[aria-busy="false"]').wait_for(timeout=60_000)


def _open(browser, base: str, width: int = 1280, height: int = 800):
    page = _page(browser, width, height)
    page.goto(base + DEMO)
    page.locator(".launcher").click()
    return page


def take(browser, base: str, out: Path) -> List[Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / name for name in SHOTS]

    page = _open(browser, base)
    _say(page, "min sambo slår mig")
    page.screenshot(path=paths[0])
    page.context.close()

    page = _open(browser, base)
    page.locator(".lang-toggle").click()
    page.get_by_role("button", name="العربية").click()
    _answered(page)
    page.locator(".choices button").first.click()  # the assistant's "It is about me"
    _answered(page)
    page.screenshot(path=paths[1])
    page.context.close()

    page = _open(browser, base)
    page.locator(".lang-toggle").click()
    page.get_by_role("button", name="ትግርኛ").click()
    _answered(page)
    page.locator(".choices button").first.click()
    _answered(page)
    page.screenshot(path=paths[2])
    page.context.close()

    page = _open(browser, base)
    _say(page, "han står utanför med en kniv")
    page.screenshot(path=paths[3])
    page.context.close()

    page = _open(browser, base, 320, 640)
    _say(page, "min sambo slår mig")
    page.screenshot(path=paths[4])
    page.context.close()
    return paths


def main(argv: List[str]) -> int:
    from playwright.sync_api import sync_playwright

    out = Path(argv[0]) if argv else ROOT / "docs" / "screenshots"
    with running_servers() as servers, sync_playwright() as playwright:
        browser = launch(playwright)
        for path in take(browser, servers.url, out):
            print(path)
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
