"""The widget as a frightened person on a phone, a keyboard-only user and a screen-reader user
meet it: what they read, hear and tap (issue 19). Real browser; the real assistant where the
answer matters, a stand-in server where a precise reply is needed."""

import json
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import TIMEOUT_MS, WIDGET_PATH, host_html

pytestmark = pytest.mark.servers

LONG = (
    "Nationell stödtelefon, öppen dygnet runt, för kvinnor som utsatts för hot eller våld. "
    "Du kan vara anonym, samtalet är gratis och syns inte på telefonräkningen. Närstående och "
    "yrkesverksamma kan också ringa, tolk finns på de flesta språk och det finns texttelefon."
)
SERVICE = {
    "id": "kvinnofridslinjen",
    "name": "Kvinnofridslinjen",
    "description": LONG,
    "phone": "020-50 50 50",
    "phone_uri": "tel:+4620505050",
    "url": "https://kvinnofridslinjen.se",
    "hours": "Dygnet runt",
    "open_now": True,
    "anonymous": True,
    "free": True,
    "emergency": False,
}


@pytest.fixture(autouse=True)
def _expect_timeout():
    expect.set_options(timeout=TIMEOUT_MS)


def stand_in(tab, reply) -> None:
    tab.page.route(
        "**/webhooks/rest/webhook",
        lambda route: route.fulfill(
            status=200, content_type="application/json", body=json.dumps(reply)
        ),
    )


def referral(
    text="Här kan du få stöd:\n• Kvinnofridslinjen: 020-50 50 50\nRing 112 om du är i fara.",
    language="sv",
    direction="ltr",
    services=(SERVICE,),
):
    return [
        {"recipient_id": "x", "text": text, "language": language, "direction": direction},
        {
            "recipient_id": "x",
            "custom": {
                "language": language,
                "direction": direction,
                "emergency": False,
                "services": list(services),
            },
        },
    ]


def focused_class(page) -> str:
    return page.evaluate(
        "() => { let e = document.activeElement;"
        " while (e && e.shadowRoot && e.shadowRoot.activeElement) e = e.shadowRoot.activeElement;"
        " return e ? (e.className || e.tagName) : ''; }"
    )


# ---- serious --------------------------------------------------------------------------------


def test_each_message_keeps_its_own_language_after_a_switch_and_the_banner_follows(tab):
    tab.open_host()
    tab.open_chat()
    tab.say("han står utanför med en kniv")
    banner = tab.page.locator(".banner")
    expect(banner).to_contain_text("Ring 112")
    messages = tab.page.locator(".msg.bot")
    swedish = messages.nth(messages.count() - 1)  # this one, not whichever is last later
    expect(swedish).to_have_attribute("lang", "sv")
    tab.page.locator(".lang-toggle").click()
    tab.page.get_by_role("button", name="العربية").click()
    tab.wait_for_answer()
    expect(swedish).to_have_attribute("lang", "sv")  # the earlier message is still Swedish
    expect(swedish).to_have_attribute("dir", "ltr")
    arabic = tab.page.locator(".msg.bot").last
    expect(arabic).to_have_attribute("lang", "ar")
    expect(arabic).to_have_attribute("dir", "rtl")
    expect(banner.locator("a")).to_have_text(re.compile("112"))
    assert "Ring" not in banner.inner_text()  # the banner speaks Arabic now
    expect(tab.page.locator(".notice").first).not_to_contain_text("webbläsare")


def test_a_right_to_left_answer_that_starts_with_a_latin_name_is_laid_out_right_to_left(tab):
    tab.open_host()
    stand_in(
        tab,
        referral(
            text="Bris: يمكن للأطفال التحدث مع Bris في أي وقت.",
            language="ar",
            direction="rtl",
            services=(),
        ),
    )
    tab.open_chat()
    tab.say("hej")
    message = tab.page.locator(".msg.bot").last
    expect(message).to_have_attribute("dir", "rtl")
    assert message.evaluate("el => getComputedStyle(el.querySelector('p')).direction") == "rtl"


def test_the_whole_description_is_there_behind_a_real_more_button(tab):
    tab.open_host()
    stand_in(tab, referral())
    tab.open_chat()
    tab.say("hej")
    description = tab.page.locator(".card-desc").first
    assert description.text_content() == LONG  # never cut, not even for a screen reader
    more = tab.page.locator(".card button.more").first
    expect(more).to_have_attribute("aria-expanded", "false")
    expect(more).to_have_attribute("aria-controls", description.get_attribute("id"))
    folded = description.bounding_box()["height"]
    more.click()
    expect(more).to_have_attribute("aria-expanded", "true")
    assert description.bounding_box()["height"] > folded * 1.5
    expect(more).to_have_text("Visa mindre")


def test_a_screen_reader_hears_the_services_with_their_numbers_once(tab):
    tab.open_host()
    tab.open_chat()
    tab.say("min sambo slår mig")
    expect(tab.page.locator(".log")).to_have_attribute("role", "log")
    expect(tab.page.locator(".log")).to_have_attribute("aria-live", "off")  # not read twice
    live = tab.page.locator(".chat [aria-live=polite]")
    expect(live).to_contain_text("Kvinnofridslinjen, 020-50 50 50")
    heard = live.inner_text()
    assert heard.count("Kvinnofridslinjen, 020-50 50 50") == 1
    assert heard.index("inte ditt fel") < heard.index("Kvinnofridslinjen")  # reading order
    first = heard
    tab.say("tack")
    expect(live).not_to_have_text(first)
    assert "Kvinnofridslinjen, 020-50 50 50" not in live.inner_text()  # no history re-read


def test_quick_exit_is_the_first_stop_of_the_keyboard(tab):
    tab.open_host()
    tab.page.keyboard.press("Tab")
    assert "exit" in focused_class(tab.page)
    tab.page.goto(tab.base + "/webhooks/webchat/demo")
    tab.page.locator(".launcher").wait_for()
    tab.page.keyboard.press("Tab")
    assert "exit" in focused_class(tab.page)  # before the demo page's skip link


def test_a_page_can_place_the_exit_button_itself(tab):
    html = host_html(tab.base + WIDGET_PATH).replace(
        "<body>", '<body><nav><a href="/a">A</a><span data-vinr-exit></span></nav>'
    )
    tab.page.goto(tab.serve("/test-placed", html))
    tab.page.locator(".launcher").wait_for()
    placed = tab.page.evaluate(
        "() => document.querySelector('[data-vinr-exit] #vinr-chat-exit') !== null"
    )
    assert placed


# ---- polish ---------------------------------------------------------------------------------


def test_the_shift_hint_shows_only_where_there_is_a_keyboard(new_tab):
    desk = new_tab(viewport={"width": 1280, "height": 800})
    desk.open_host()
    expect(desk.page.locator(".exit-hint")).to_be_visible()
    phone = new_tab(viewport={"width": 390, "height": 800}, is_mobile=True, has_touch=True)
    phone.open_host()
    expect(phone.page.locator(".exit-label")).to_be_visible()
    expect(phone.page.locator(".exit-hint")).to_be_hidden()
    phone.open_chat()
    expect(phone.page.locator(".footnote")).to_contain_text("Inget sparas")
    expect(phone.page.locator(".keys-hint")).to_be_hidden()  # no Shift key to press on a phone


def test_112_comes_first_in_a_referral_and_numbers_in_text_are_links(tab):
    tab.open_host()
    tab.open_chat()
    tab.say("min sambo slår mig")
    answer_start = tab.page.locator(".danger-line").last
    expect(answer_start.locator("a")).to_have_attribute("href", "tel:112")
    line_y = answer_start.bounding_box()["y"]
    assert all(
        box["y"] > line_y for box in (c.bounding_box() for c in tab.page.locator(".card").all())
    )
    # "ring 112" in the text of the answer is a link too
    links = tab.page.locator(".msg.bot a.tel")
    assert "112" in links.all_inner_texts()
    expect(links.filter(has_text="112").first).to_have_attribute("href", "tel:112")


def test_numbers_in_a_right_to_left_description_keep_their_order(tab):
    arabic = dict(SERVICE, description="اتصل بالرقم 114 14 في أي وقت.")
    tab.open_host()
    stand_in(tab, referral(text="هنا:", language="ar", direction="rtl", services=(arabic,)))
    tab.open_chat()
    tab.say("hej")
    number = tab.page.locator(".card-desc bdi").filter(has_text="114 14")
    expect(number).to_have_attribute("dir", "ltr")
    box = tab.page.locator(".card-desc").first
    expect(box).to_contain_text("114 14")


def test_new_conversation_is_apart_from_close_and_asks_once(tab):
    tab.open_host()
    tab.open_chat()
    tab.say("min sambo slår mig")
    clear = tab.page.locator(".tool.clear")
    close = tab.page.locator(".tools .close")
    gap = close.bounding_box()["x"] - (clear.bounding_box()["x"] + clear.bounding_box()["width"])
    assert gap >= 16
    clear.click()
    expect(clear).to_have_text("Radera allt? Tryck igen")
    expect(tab.page.locator(".card").first).to_be_visible()  # nothing lost on one press
    tab.page.wait_for_timeout(5500)
    expect(clear).to_have_text("Ny konversation")  # the question goes away by itself
    clear.click()
    clear.click()
    expect(tab.page.locator(".card")).to_have_count(0)


def test_pasting_more_than_the_limit_says_so(tab):
    tab.open_host()
    tab.open_chat()
    box = tab.page.locator("textarea")
    box.focus()
    tab.page.evaluate(
        """() => {
          const widget = document.querySelector('#vinr-chat-widget').shadowRoot;
          const box = widget.querySelector('textarea');
          const data = new DataTransfer();
          data.setData('text/plain', 'x'.repeat(2500));
          box.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true}));
        }"""
    )
    expect(tab.page.locator(".counter")).to_have_text(re.compile("för lång.*2000"))


def test_the_call_link_names_the_number_once_and_its_focus_ring_is_not_clipped(tab):
    tab.open_host()
    tab.open_chat()
    tab.say("min sambo slår mig")
    call = tab.page.locator(".card a.call").first
    name = call.get_attribute("aria-label")
    number = call.inner_text().strip()
    assert name.count(number) == 1, name
    call.focus()
    ring = call.evaluate(
        "el => { const s = getComputedStyle(el); return parseFloat(s.outlineWidth) + "
        "parseFloat(s.outlineOffset); }"
    )
    box, log = call.bounding_box(), tab.page.locator(".log").bounding_box()
    assert box["x"] - ring >= log["x"] and box["x"] + box["width"] + ring <= log["x"] + log["width"]


def test_tigrinya_is_drawn_with_a_font_that_has_its_letters(tab):
    tab.open_host()
    tab.open_chat()
    tab.page.locator(".lang-toggle").click()
    tab.page.get_by_role("button", name="ትግርኛ").click()
    tab.wait_for_answer()
    session = tab.page.context.new_cdp_session(tab.page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    document = session.send("DOM.getDocument", {"depth": -1, "pierce": True})

    def messages(node):
        if "msg bot" in " ".join(node.get("attributes", [])) and node.get("nodeName") == "DIV":
            yield node
        for child in node.get("children", []) + node.get("shadowRoots", []):
            yield from messages(child)

    answers = list(messages(document["root"]))
    message = answers[-1]  # the assistant's answer in Tigrinya
    assert "lang" in message["attributes"] and "ti" in message["attributes"]
    paragraph = next(c for c in message["children"] if c["nodeName"] == "P")
    fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": paragraph["nodeId"]})["fonts"]
    names = {font["familyName"] for font in fonts}
    assert any("Ethiopic" in name for name in names), names


def test_the_demo_page_is_a_model_for_the_real_one(tab):
    tab.page.goto(tab.base + "/webhooks/webchat/demo")
    tab.page.locator(".launcher").wait_for()
    assert "våld" not in tab.page.title().lower()  # the tab and the history say nothing
    before = tab.page.evaluate("() => history.length")
    tab.page.keyboard.press("Tab")  # the exit button
    tab.page.keyboard.press("Tab")  # the skip link
    tab.page.keyboard.press("Enter")
    expect(tab.page.locator("main")).to_be_focused()
    assert tab.page.evaluate("() => history.length") == before  # no entry the exit cannot erase
