"""axe-core (shipped in axe-playwright-python) on the widget in the states a visitor meets."""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.servers

BLOCKING = {"serious", "critical"}
# WCAG 2.0/2.1 A and AA, and axe's best practices.
OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
    }
}


def blocking_violations(page) -> str:
    results = Axe().run(page, options=OPTIONS)
    lines = [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + "; ".join(", ".join(n["target"][-1:]) for n in v["nodes"])
        for v in results.response["violations"]
        if v["impact"] in BLOCKING
    ]
    return "\n".join(lines)


def test_widget_closed_on_the_demo_page(tab):
    tab.page.goto(tab.base + "/webhooks/webchat/demo")
    tab.page.locator(".launcher").wait_for()
    assert blocking_violations(tab.page) == ""


def test_conversation_with_cards_buttons_and_emergency_banner(tab):
    tab.page.goto(tab.base + "/webhooks/webchat/demo")
    tab.open_chat()
    tab.say("min sambo slår mig")
    tab.say("han står utanför med en kniv")
    tab.page.locator(".banner").wait_for()
    assert blocking_violations(tab.page) == ""


def test_language_menu_open_and_arabic(tab):
    tab.page.goto(tab.base + "/webhooks/webchat/demo")
    tab.open_chat()
    tab.page.locator(".lang-toggle").click()
    assert blocking_violations(tab.page) == ""
    tab.page.get_by_role("button", name="العربية").click()
    tab.wait_for_answer()
    assert blocking_violations(tab.page) == ""


def test_server_unreachable_message(tab):
    tab.page.goto(tab.base + "/webhooks/webchat/demo")
    tab.page.route("**/webhooks/rest/webhook", lambda route: route.abort())
    tab.open_chat()
    tab.say("hej")
    tab.page.locator(".msg.offline").wait_for()
    assert blocking_violations(tab.page) == ""


def test_panel_open_before_any_message(tab):
    tab.page.goto(tab.base + "/webhooks/webchat/demo")
    tab.open_chat()
    assert blocking_violations(tab.page) == ""


def test_arabic_conversation_with_unfolded_description_and_the_clear_question(tab):
    tab.page.goto(tab.base + "/webhooks/webchat/demo")
    tab.open_chat()
    tab.say("زوجي يضربني كل يوم وأنا خائفة منه")
    tab.page.locator(".card button.more").first.click()
    tab.page.locator(".tool.clear").click()  # the "clear everything?" question is showing
    assert blocking_violations(tab.page) == ""
