"""End to end over REST against the real Rasa and action servers: what a user would see."""

import pytest

from harness.servers import payloads, send

pytestmark = pytest.mark.servers


def shown_ids(replies):
    return [s["id"] for p in payloads(replies) for s in p.get("services", [])]


def assert_not_empty(replies):
    assert replies, "the assistant said nothing"
    assert all(r.get("text") or r.get("custom") for r in replies)


CONVERSATIONS = [
    # (messages, services of which all must be shown in the last reply, language)
    (["min sambo slår mig"], {"kvinnofridslinjen", "askersund-socialtjanst"}, "sv"),
    (["my husband controls all my money"], {"kvinnofridslinjen"}, "en"),
    (["hej", "mitt ex förföljer mig"], {"polisen"}, "sv"),
    (["jag är 13 och min styvpappa slår mig"], {"bris"}, "sv"),
    (["I lose my temper and hurt my girlfriend"], {"valj-att-sluta"}, "en"),
    (["jag tror min syster blir misshandlad"], {"kvinnofridslinjen"}, "sv"),
    (["min familj vill gifta bort mig"], {"ratt-att-valja"}, "sv"),
    (["jag blev våldtagen i helgen"], {"uso-akutmottagning", "1177"}, "sv"),
    (["my employer took my passport"], {"polisen", "askersund-socialtjanst"}, "en"),
    (["vart hänvisar jag en våldsutövare?"], {"valj-att-sluta"}, "sv"),
    (["vilken webbkurs om våld ska jag gå?"], {"nck-webbkurs"}, "sv"),
]


@pytest.mark.parametrize(("messages", "must_show", "language"), CONVERSATIONS)
def test_conversation_reaches_the_right_services(servers, sender, messages, must_show, language):
    for message in messages:
        replies = send(servers, sender, message)
        assert_not_empty(replies)
    assert must_show <= set(shown_ids(replies)), shown_ids(replies)
    assert payloads(replies)[-1]["language"] == language
    assert payloads(replies)[-1]["emergency"] is False


@pytest.mark.parametrize(
    ("message", "language"),
    [
        ("han står utanför med en kniv", "sv"),
        ("he is strangling me", "en"),
        ("hotar att döda mig ikväll", "sv"),
        # no danger pattern matches these; the learned signal raises the alarm (issue 17)
        ("han har druckit hela dagen och nu satte han sig i bilen med barnen", "sv"),
        ("my husband is drunk and just drove off with our two kids in the car", "en"),
        ("mąż jest pijany i właśnie odjechał z dziećmi samochodem", "pl"),
    ],
)
def test_danger_gets_112_first_and_the_emergency_flag(servers, sender, message, language):
    replies = send(servers, sender, message)
    assert_not_empty(replies)
    [payload] = payloads(replies)
    assert payload["emergency"] is True
    assert payload["services"][0]["id"] == "sos-112"
    assert payload["language"] == language
    assert "112" in replies[0]["text"]


@pytest.mark.parametrize(
    ("message", "language"),
    [
        # danger words, but last year: the referral (with its 112 sentence), not the alarm
        ("last year he held a knife to my throat, can I still report it?", "en"),
        ("السنة الماضية هددني بسكين، هل أستطيع أن أبلغ الشرطة الآن؟", "ar"),
        ("han hotade mig med en kniv förra sommaren, kan jag få kontaktförbud?", "sv"),
    ],
)
def test_past_danger_gets_a_referral_that_still_names_112(servers, sender, message, language):
    replies = send(servers, sender, message)
    assert_not_empty(replies)
    assert all(p["emergency"] is False for p in payloads(replies))
    assert shown_ids(replies), "a referral shows services"
    assert any("112" in (r.get("text") or "") for r in replies)
    assert payloads(replies)[-1]["language"] == language


def test_follow_up_builds_on_the_conversation(servers, sender):
    send(servers, sender, "min sambo slår mig")
    replies = send(servers, sender, "/has_children")
    # the parent's cards; the text tells that children can call Bris themselves
    assert {"askersund-socialtjanst", "kvinnofridslinjen"} <= set(shown_ids(replies))
    assert "Bris" in replies[0]["text"]


def test_a_child_who_says_their_age_gets_bris(servers, sender):
    replies = send(servers, sender, "pappa slår mamma och jag är rädd, jag är 12 år")
    assert shown_ids(replies)[0] == "bris"


def test_a_man_gets_the_line_for_men_and_no_womens_line(servers, sender):
    replies = send(servers, sender, "jag är en man och min fru slår mig")
    ids = shown_ids(replies)
    assert "stodlinjen-for-man" in ids and "kvinnofridslinjen" not in ids


def test_unclear_input_is_never_a_dead_end(servers, sender):
    replies = send(servers, sender, "asdfgh qwerty zxcv")
    assert_not_empty(replies)
    assert "kvinnofridslinjen" in shown_ids(replies)
    assert len(replies[0].get("buttons", [])) >= 2


def test_short_message_keeps_the_conversation_language(servers, sender):
    send(servers, sender, "my boyfriend hits me")
    replies = send(servers, sender, "ok")
    assert replies and all("Jag" not in (r.get("text") or "") for r in replies)


def test_explicit_language_choice_switches(servers, sender):
    send(servers, sender, "hej")
    replies = send(servers, sender, "English please")
    assert "English" in replies[0]["text"]


def test_the_bot_never_asks_for_identity(servers, sender):
    for message in ["hej", "min sambo slår mig", "/has_children", "tack"]:
        for reply in send(servers, sender, message):
            text = (reply.get("text") or "").lower()
            assert "personnummer" not in text and "vad heter du" not in text
