"""The website widget in a real browser against the real assistant: what a visitor sees and does."""

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import expect

from harness.servers import send
from tests.browser.conftest import EXIT_PATH, TIMEOUT_MS, WIDGET_PATH, host_html

pytestmark = pytest.mark.servers

TEL = re.compile(r"^tel:\+?[0-9]+$")


@pytest.fixture(autouse=True)
def _expect_timeout():
    expect.set_options(timeout=TIMEOUT_MS)


def chat_with_a_server_that_answers(tab, reply) -> None:
    """Open the chat on the host page and say "hej" to a stand-in server answering `reply`."""
    tab.open_host()
    tab.page.route(
        "**/webhooks/rest/webhook",
        lambda route: route.fulfill(
            status=200, content_type="application/json", body=json.dumps(reply)
        ),
    )
    tab.open_chat()
    tab.say("hej")


def clear_conversation(tab) -> None:
    """ "New conversation" asks first: press it, then press it again."""
    tab.page.get_by_role("button", name="Ny konversation").click()
    tab.page.get_by_role("button", name="Radera allt? Tryck igen").click()


def card(tab, name: str):
    return tab.page.locator(".card").filter(has_text=name).last


def test_swedish_message_shows_service_cards_with_working_tel_links(tab):
    tab.open_host()
    tab.open_chat()
    tab.say("min sambo slår mig")
    assert tab.page.locator(".cards .card").count() >= 2
    call = card(tab, "Kvinnofridslinjen").locator("a.call")
    expect(call).to_have_attribute("href", "tel:+4620505050")
    expect(call).to_have_text("020-50 50 50")
    for href in tab.page.locator(".card a.call").evaluate_all("els => els.map(e => e.href)"):
        assert TEL.match(href), href
    web = card(tab, "Kvinnofridslinjen").locator("a.web")
    expect(web).to_have_attribute("target", "_blank")
    assert set(web.get_attribute("rel").split()) >= {"noopener", "noreferrer"}
    expect(card(tab, "Kvinnofridslinjen").locator(".badge.open")).to_have_text("Öppet nu")
    expect(
        card(tab, "Kvinnofridslinjen").locator(".badge").filter(has_text="Anonymt")
    ).to_be_visible()
    # the service lines of the text are shown as cards, not twice
    assert "•" not in tab.page.locator(".msg.bot").last.inner_text()
    # a quick reply sends its payload and shows its title
    tab.page.get_by_role("button", name="Jag har barn").click()
    tab.wait_for_answer()
    assert tab.sent_messages()[-1] == "/has_children"
    expect(tab.page.locator(".msg.user").last).to_contain_text("Jag har barn")
    # a parent is told that the children can call Bris; the cards are the ones for the parent
    expect(tab.page.locator(".msg.bot", has_text="Bris").last).to_be_visible()
    expect(card(tab, "Kvinnofridslinjen").last.locator("a.call")).to_have_attribute(
        "href", "tel:+4620505050"
    )
    assert not tab.errors and not tab.dialogs


def test_english_message_switches_the_ui_to_english(tab):
    tab.open_host()
    tab.open_chat()
    tab.say("my husband controls all my money")
    expect(tab.page.locator(".vinr.chat")).to_have_attribute("lang", "en")
    expect(tab.page.locator("button.send")).to_have_text("Send")
    expect(tab.page.locator(".exit-label")).to_have_text("Leave quickly")
    call = card(tab, "Kvinnofridslinjen").locator("a.call")
    expect(call).to_have_attribute("href", "tel:+4620505050")
    expect(card(tab, "Kvinnofridslinjen").locator(".badge.open")).to_have_text("Open now")


def test_emergency_shows_the_112_banner(tab):
    tab.open_host()
    tab.open_chat()
    tab.say("han står utanför med en kniv")
    banner = tab.page.locator(".banner")
    expect(banner).to_be_visible()
    expect(banner).to_have_attribute("role", "alert")
    expect(banner.locator("a")).to_have_attribute("href", "tel:112")
    expect(banner.locator("a")).to_have_text("Ring 112")
    # the banner is at the top of the panel, above the conversation
    assert banner.bounding_box()["y"] < tab.page.locator(".log").bounding_box()["y"]
    # a new conversation removes it
    clear_conversation(tab)
    expect(banner).to_be_hidden()


def assert_left_for_good(tab):
    tab.page.wait_for_url(re.compile(re.escape(EXIT_PATH) + "$"))
    tab.page.go_back()
    assert tab.page.url.endswith("/test-before"), tab.page.url  # Back skips the chat page


def forget_requests(tab):
    return [r for r in tab.requests if r["url"].endswith("/webhooks/rest/forget")]


def test_quick_exit_button_replaces_the_page_and_forgets(tab):
    tab.open_host()
    tab.open_chat()
    tab.say("hej")
    [sender] = tab.senders()
    exit_button = tab.page.get_by_role("button", name=re.compile("Lämna sidan snabbt"))
    expect(exit_button).to_be_visible()
    exit_button.click()
    assert_left_for_good(tab)
    assert [json.loads(r["body"]) for r in forget_requests(tab)] == [{"sender": sender}]


def test_escape_closes_menus_and_the_panel_but_never_leaves_the_page(tab):
    """GOV.UK's exit pattern rejected Esc: closing a menu with Esc and pressing it again would
    throw the person off the page. Esc closes the language menu, then the chat."""
    tab.open_host()
    tab.open_chat()
    tab.page.locator(".lang-toggle").click()
    expect(tab.page.locator(".languages")).to_be_visible()
    tab.page.keyboard.press("Escape")
    expect(tab.page.locator(".languages")).to_be_hidden()
    tab.page.keyboard.press("Escape")
    expect(tab.page.locator(".panel")).to_be_hidden()
    expect(tab.page.locator(".launcher")).to_be_focused()
    tab.page.keyboard.press("Escape")
    tab.page.keyboard.press("Escape")
    tab.page.wait_for_timeout(500)
    assert tab.page.url.endswith("/test-host")


def test_quick_exit_with_shift_three_times(tab):
    tab.open_host()
    tab.open_chat()
    # typing capitals presses Shift too, but with a letter in between: no exit
    for letter in "ABC":
        tab.page.keyboard.press(f"Shift+{letter}")
    tab.page.wait_for_timeout(300)
    assert tab.page.url.endswith("/test-host")
    expect(tab.page.locator("textarea")).to_have_value("ABC")
    tab.page.wait_for_timeout(1600)
    for _ in range(3):
        tab.page.keyboard.press("Shift")
    assert_left_for_good(tab)


def test_quick_exit_works_with_the_chat_closed_and_uses_the_configured_exit_url(tab):
    """The demo page has no data-exit-url: the channel's exit_url (credentials.yml) is used."""
    tab.page.route(
        "https://www.google.com/**",
        lambda route: route.fulfill(
            status=200, content_type="text/html", body="<title>Väder</title>"
        ),
    )
    tab.page.goto(tab.base + "/webhooks/webchat/demo")
    tab.page.locator(".launcher").wait_for()
    for _ in range(3):
        tab.page.keyboard.press("Shift")
    tab.page.wait_for_url("https://www.google.com/search?q=v%C3%A4der")


def test_nothing_is_stored_in_the_browser(tab):
    tab.open_host()
    tab.open_chat()
    tab.say("min sambo slår mig")
    tab.page.get_by_role("button", name="Jag har barn").click()
    tab.wait_for_answer()
    assert tab.page.context.cookies() == []
    stored = tab.page.evaluate("""async () => ({
        local: localStorage.length, session: sessionStorage.length,
        idb: (await indexedDB.databases()).length,
        caches: (await caches.keys()).length, cookie: document.cookie})""")
    assert stored == {"local": 0, "session": 0, "idb": 0, "caches": 0, "cookie": ""}


def test_arabic_ui_is_right_to_left(tab):
    tab.open_host()
    tab.open_chat()
    toggle = tab.page.locator(".lang-toggle")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    tab.page.get_by_role("button", name="العربية").click()
    tab.wait_for_answer()
    root = tab.page.locator(".vinr.chat")
    expect(root).to_have_attribute("dir", "rtl")
    expect(root).to_have_attribute("lang", "ar")
    assert root.evaluate("el => getComputedStyle(el.querySelector('.log')).direction") == "rtl"
    expect(tab.page.locator("button.send")).to_have_text("إرسال")
    assert tab.sent_messages()[-1] == '/choose_language{"language":"ar","language_choice":"ar"}'
    # the assistant answers in Arabic; phone numbers stay whole, left to right, in its sentences
    expect(tab.page.locator(".msg.bot").last).not_to_be_empty()
    expect(root).to_have_attribute("dir", "rtl")
    tab.say("زوجي يضربني كل يوم وأنا خائفة منه")
    message = tab.page.locator(".msg.bot").last
    expect(message).to_contain_text("112")
    numbers = tab.page.locator(".msg.bot [dir=ltr]")  # kept whole; 112 is a link to call
    assert "112" in numbers.all_inner_texts()
    # right to left: the assistant's messages start at the right edge, the user's at the left
    tab.say("مرحبا")
    log = tab.page.locator(".log").bounding_box()
    bot = tab.page.locator(".msg.bot").last.bounding_box()
    user = tab.page.locator(".msg.user").last.bounding_box()
    assert bot["x"] + bot["width"] > log["x"] + log["width"] - 30
    assert user["x"] < log["x"] + 30


def test_html_from_the_user_is_text_and_never_runs(tab):
    tab.open_host()
    tab.open_chat()
    attack = "<img src=x onerror=alert(1)>"
    tab.say(attack)
    expect(tab.page.locator(".msg.user").last).to_have_text("Du: " + attack)
    assert tab.page.locator(".vinr img").count() == 0
    tab.page.wait_for_timeout(500)
    assert tab.dialogs == [] and tab.errors == []


def test_hostile_replies_are_rendered_as_text_with_safe_links_only(tab):
    """Even a broken or tampered directory entry cannot inject HTML or a javascript: link."""
    hostile = "<img src=x onerror=alert(2)>"
    reply = [
        {
            "recipient_id": "x",
            "text": f"Hej {hostile}\n• dold rad",
            "buttons": [{"title": hostile, "payload": "/greet"}],
        },
        {
            "recipient_id": "x",
            "custom": {
                "language": "sv",
                "emergency": False,
                "services": [
                    {
                        "id": "x",
                        "name": hostile,
                        "description": hostile,
                        "phone": hostile,
                        "phone_uri": "javascript:alert(3)",
                        "url": "javascript:alert(4)",
                        "hours": hostile,
                        "open_now": True,
                    },
                    {
                        "id": "y",
                        "name": "Ok",
                        "phone": "1",
                        "phone_uri": "tel:1;alert(5)",
                        "url": "data:text/html,<script>alert(6)</script>",
                    },
                ],
            },
        },
    ]
    chat_with_a_server_that_answers(tab, reply)
    expect(tab.page.locator(".card-name").first).to_have_text(hostile)
    expect(tab.page.locator(".choices button")).to_have_text(hostile)
    assert tab.page.locator(".vinr img, .vinr script").count() == 0
    assert tab.page.locator(".card a").count() == 0  # no link from a bad phone_uri or url
    tab.page.locator(".card-name").first.click()
    tab.page.wait_for_timeout(500)
    assert tab.dialogs == [] and tab.errors == []


def test_unreachable_server_shows_the_crisis_numbers(tab):
    tab.open_host()
    tab.open_chat()
    tab.say("hej")
    tab.page.route("**/webhooks/rest/webhook", lambda route: route.abort())
    tab.say("min sambo slår mig")
    offline = tab.page.locator(".msg.offline").last
    expect(offline).to_be_visible()
    expect(offline).to_have_attribute("role", "alert")
    expect(offline.locator('a[href="tel:112"]')).to_be_visible()
    expect(offline.locator('a[href="tel:+4620505050"]')).to_have_text("020-50 50 50")
    expect(offline).to_contain_text("Kvinnofridslinjen")


def test_server_error_shows_the_crisis_numbers(tab):
    tab.open_host()
    tab.page.route("**/webhooks/rest/webhook", lambda route: route.fulfill(status=503, body=""))
    tab.open_chat()
    tab.say("hej")
    expect(tab.page.locator(".msg.offline").last.locator('a[href="tel:112"]')).to_be_visible()


@pytest.fixture
def other_website(servers):
    """A real website on another origin (another loopback port) that embeds the widget; routed
    pages would not do: Chrome keeps pages of unknown address from calling loopback at all."""
    html = host_html(servers.url + WIDGET_PATH).encode()

    class Page(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(html)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_other_websites_cannot_call_the_assistant_by_default(tab, other_website):
    """allowed_origins is empty in credentials.yml: a page on another origin gets no answer,
    and the widget shows the crisis numbers instead of hanging."""
    tab.page.goto(other_website + "/page")
    tab.open_chat()
    tab.say("hej")
    expect(tab.page.locator(".msg.offline").last.locator('a[href="tel:112"]')).to_be_visible()


def test_message_limit_and_counter(tab):
    tab.open_host()
    tab.open_chat()
    box = tab.page.locator("textarea")
    expect(box).to_have_attribute("maxlength", "2000")
    counter = tab.page.locator(".counter")
    expect(counter).to_have_text("0 av 2000 tecken")
    box.press_sequentially("hej")
    expect(counter).to_have_text("3 av 2000 tecken")
    box.fill("a" * 1990)
    expect(counter).to_have_class(re.compile("near-limit"))


def test_new_conversation_forgets_and_starts_a_new_sender(tab):
    tab.open_host()
    tab.open_chat()
    tab.say("hej")
    [first] = tab.senders()
    clear_conversation(tab)
    expect(tab.page.locator(".msg.user")).to_have_count(0)
    tab.page.wait_for_timeout(300)
    assert [json.loads(r["body"])["sender"] for r in forget_requests(tab)] == [first]
    tab.say("hej igen")
    assert len(tab.senders() - {first}) == 1


def test_keyboard_only(tab):
    tab.open_host()
    page = tab.page
    for _ in range(10):  # Tab through the page to the launcher
        page.keyboard.press("Tab")
        if (
            page.evaluate("() => document.activeElement.shadowRoot?.activeElement?.className")
            == "launcher"
        ):
            break
    outline = page.evaluate(
        "() => getComputedStyle(document.activeElement.shadowRoot.activeElement).outlineStyle"
    )
    assert outline != "none"  # focus is visible
    page.keyboard.press("Enter")
    expect(page.locator("textarea")).to_be_focused()
    page.keyboard.type("min sambo slår mig")
    page.keyboard.press("Enter")
    tab.wait_for_answer()
    expect(page.locator(".cards")).to_be_visible()
    # Shift+Tab from the text box reaches the quick replies, Enter sends one
    for _ in range(15):
        page.keyboard.press("Shift+Tab")
        if page.evaluate(
            "() => !!document.activeElement.shadowRoot?.activeElement?.closest('.choices')"
        ):
            break
    page.keyboard.press("Enter")
    tab.wait_for_answer()
    assert tab.sent_messages()[-1].startswith("/")
    expect(page.locator("textarea")).to_be_focused()  # focus did not vanish with the buttons
    # the language menu: open, move, Escape closes and focus returns to its button
    page.locator(".lang-toggle").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".languages")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator(".languages")).to_be_hidden()
    expect(page.locator(".lang-toggle")).to_be_focused()


def test_live_region_announces_the_answer(tab):
    tab.open_host()
    tab.open_chat()
    tab.say("min sambo slår mig")
    live = tab.page.locator('[aria-live="polite"]')
    expect(live).to_contain_text("inte ditt fel")


@pytest.mark.parametrize(("width", "height"), [(360, 740), (640, 360)])
def test_small_screens_and_200_percent_zoom(new_tab, width, height):
    """360 px phones, and 1280x720 at 200 % zoom (= 640x360 CSS pixels)."""
    tab = new_tab(viewport={"width": width, "height": height}, device_scale_factor=2)
    tab.open_host()
    tab.open_chat()
    tab.say("min sambo slår mig")
    page = tab.page
    panel = page.locator(".panel").bounding_box()
    exit_box = page.locator(".exit").bounding_box()
    assert panel["x"] >= 0 and panel["x"] + panel["width"] <= width + 0.5
    assert panel["y"] + panel["height"] <= height + 0.5
    assert exit_box["y"] + exit_box["height"] <= panel["y"]  # quick exit is never covered
    for selector in (".exit", "textarea", "button.send", ".tools .close"):
        expect(page.locator(selector)).to_be_in_viewport()
    overflow = page.locator(".log").evaluate("el => el.scrollWidth - el.clientWidth")
    assert overflow <= 0


def test_no_third_party_requests(tab):
    origin = tab.base
    tab.page.goto(origin + "/webhooks/webchat/demo")
    tab.open_chat()
    tab.say("min sambo slår mig")
    assert tab.requests and all(r["url"].startswith(origin + "/") for r in tab.requests), [
        r["url"] for r in tab.requests if not r["url"].startswith(origin + "/")
    ]
    assert tab.errors == []


def test_demo_page_looks_like_a_municipal_page(tab):
    tab.page.goto(tab.base + "/webhooks/webchat/demo")
    expect(tab.page.locator(".site-header")).to_contain_text("Askersunds kommun")
    expect(tab.page.locator("h1")).to_have_text("Våld i nära relationer")
    expect(tab.page.locator(".launcher")).to_be_visible()
    expect(tab.page.locator(".exit")).to_be_visible()
    # the alias mount serves the same page
    tab.page.goto(tab.base + "/webchat/demo")
    expect(tab.page.locator(".launcher")).to_be_visible()
    assert tab.errors == []


def test_leaving_the_page_another_way_leaves_no_conversation_behind(tab, servers):
    """Back after a normal link must not show the chat again (back-forward cache), and the
    assistant forgets the conversation (its keepalive request is sent while the page unloads)."""
    tab.open_host()
    tab.open_chat()
    tab.say("my husband hits me")
    [sender] = tab.senders()
    tab.page.goto(tab.base + "/test-before")
    tab.page.go_back()
    tab.page.locator(".launcher").wait_for()
    expect(tab.page.locator(".msg.user")).to_have_count(0)
    expect(tab.page.locator(".card")).to_have_count(0)
    # A conversation in English answers "ok" in English; a forgotten one starts in Swedish.
    # (Playwright does not report requests of an unloading page, so ask the assistant; the
    # request may still be on its way, hence the few tries.)
    deadline = time.monotonic() + 15
    reply = send(servers, sender, "ok")[0]["text"]
    while not reply.startswith("Okej") and time.monotonic() < deadline:
        time.sleep(1)
        reply = send(servers, sender, "ok")[0]["text"]
    assert reply.startswith("Okej"), reply


@pytest.mark.parametrize("language", ["__proto__", "constructor", "toString", "<b>x</b>", 5])
def test_a_language_value_from_the_server_cannot_break_the_widget(tab, language):
    """The widget looks up only its own languages: after an odd value it still answers,
    keeps its UI language, and still shows the crisis lines when the server is gone."""
    reply = [{"recipient_id": "x", "text": "Hej", "custom": {"language": language, "services": []}}]
    chat_with_a_server_that_answers(tab, reply)
    expect(tab.page.locator(".vinr.chat")).to_have_attribute("lang", "sv")
    tab.page.unroute("**/webhooks/rest/webhook")
    tab.page.route("**/webhooks/rest/webhook", lambda route: route.abort())
    tab.say("min sambo slår mig")
    offline = tab.page.locator(".msg.offline").last
    expect(offline.locator('a[href="tel:112"]')).to_be_visible()
    assert tab.errors == []
