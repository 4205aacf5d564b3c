"""Browser tests of the website widget: Debian's chromium, driven by Playwright, one browser per
session, against the real Rasa and action servers (the `servers` fixture of tests/conftest.py).

Never `playwright install`: the browser is the system's (`apt-get install -y chromium`).
"""

import json
import os
from pathlib import Path
from typing import Callable, Dict, List, Set

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Two shared cores and a model in the loop: generous, so that slowness is never a failure.
TIMEOUT_MS = 45_000
WIDGET_PATH = "/webhooks/webchat/widget.js"
EXIT_PATH = "/webhooks/webchat/demo?exited"


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


def host_html(src: str, exit_url: str | None = EXIT_PATH, lang: str = "sv") -> str:
    """A plain page that embeds the widget with the one-line snippet."""
    exit_attr = f' data-exit-url="{exit_url}"' if exit_url else ""
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<title>Testsida</title><link rel="icon" href="data:,"></head>'
        "<body><main><h1>Testsida</h1><p>Text på sidan.</p></main>"
        f'<script src="{src}"{exit_attr} defer></script></body></html>'
    )


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} is missing: apt-get install -y chromium (never playwright install)"
        )
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


class Tab:
    """One page with what a test needs to watch: dialogs, errors, requests."""

    def __init__(self, page, base: str) -> None:
        self.page = page
        self.base = base
        self.dialogs: List[str] = []
        self.errors: List[str] = []
        self.requests: List[Dict[str, str]] = []
        page.on("dialog", self._dialog)
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.context.on(  # the context sees beacons sent while a page unloads too
            "request",
            lambda r: self.requests.append(
                {"url": r.url, "method": r.method, "body": r.post_data or ""}
            ),
        )

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def serve(self, path: str, html: str) -> str:
        """Answer `path` on the assistant's origin with `html` from inside the browser."""
        url = self.base + path
        self.page.route(
            url,
            lambda route: route.fulfill(
                status=200, content_type="text/html; charset=utf-8", body=html
            ),
        )
        return url

    def open_host(self, exit_url: str | None = EXIT_PATH, lang: str = "sv") -> None:
        """A page before the chat page (so that Back has somewhere to go), then the chat page."""
        before = self.serve("/test-before", "<!doctype html><title>Före</title><p>Före</p>")
        host = self.serve("/test-host", host_html(self.base + WIDGET_PATH, exit_url, lang))
        self.page.goto(before)
        self.page.goto(host)
        self.page.locator(".launcher").wait_for()

    def open_chat(self) -> None:
        self.page.locator(".launcher").click()
        self.page.locator("textarea").wait_for()

    def say(self, text: str) -> None:
        """Type a message, send it with Enter, wait until the assistant has answered."""
        self.page.locator("textarea").fill(text)
        self.page.locator("textarea").press("Enter")
        self.wait_for_answer()

    def wait_for_answer(self) -> None:
        self.page.locator('.log[aria-busy="false"]').wait_for(timeout=TIMEOUT_MS)

    def _sent(self) -> List[dict]:
        return [
            json.loads(r["body"])
            for r in self.requests
            if r["url"].endswith("/webhooks/rest/webhook") and r["method"] == "POST"
        ]

    def sent_messages(self) -> List[str]:
        return [body["message"] for body in self._sent()]

    def senders(self) -> Set[str]:
        return {body["sender"] for body in self._sent()}


@pytest.fixture
def new_tab(browser, servers) -> Callable[..., Tab]:
    """A fresh browser context (no shared storage) per tab; closed after the test."""
    contexts = []

    def make(**options) -> Tab:
        context = browser.new_context(locale="sv-SE", **options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return Tab(context.new_page(), servers.url)

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def tab(new_tab) -> Tab:
    return new_tab(viewport={"width": 1280, "height": 800})
