"""action_refer against the real directory: the right services, in the user's language, ranked."""

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import refer
from actions.needs import load_needs
from actions.refer import ActionRefer
from tests.actions.conftest import TUESDAY_MORNING, TUESDAY_NIGHT, tracker_for
from tests.run_async import run_async

# (intent, language) -> services of which all must be shown
EXPECTED = [
    ("victim_violence", "sv", {"kvinnofridslinjen", "askersund-socialtjanst"}),
    ("victim_violence", "en", {"kvinnofridslinjen", "askersund-socialtjanst"}),
    ("stalking", "sv", {"polisen", "kvinnofridslinjen"}),
    ("ask_shelter", "sv", {"askersund-socialtjanst", "unizon"}),
    ("child_victim", "sv", {"bris"}),
    ("ask_barnahus", "en", {"barnahus-orebro"}),
    ("perpetrator", "sv", {"valj-att-sluta", "askersund-socialtjanst"}),
    ("relative", "en", {"kvinnofridslinjen", "askersund-socialtjanst"}),
    ("men_victim", "sv", {"stodlinjen-for-man", "brottsofferjouren", "askersund-socialtjanst"}),
    ("lgbtq_victim", "en", {"stodlinjen-transpersoner", "brottsofferjouren"}),
    ("honour", "sv", {"ratt-att-valja", "askersund-socialtjanst"}),
    ("sexual_violence", "sv", {"uso-akutmottagning", "1177", "polisen"}),
    ("prostitution_trafficking", "en", {"askersund-socialtjanst", "polisen"}),
    # staff writing Swedish or English get the staff guidance (tests/actions/test_guidance.py)
    ("pro_perpetrator", "ar", {"valj-att-sluta"}),
    ("pro_child_concern", "pl", {"askersund-socialtjanst"}),
    ("pro_training", "uk", {"nck-webbkurs"}),
    ("pro_honour", "fa", {"nch-heder"}),
    ("pro_trafficking", "en", {"nspm-stodtelefon"}),
]


def run_action(tracker, now, monkeypatch):
    monkeypatch.setattr(refer, "current_time", lambda: now)
    dispatcher = CollectingDispatcher()
    events = run_async(ActionRefer().run(dispatcher, tracker, {}))
    return dispatcher.messages, events


@pytest.mark.parametrize(("intent", "language", "must_show"), EXPECTED)
def test_referral_shows_the_right_services(intent, language, must_show, monkeypatch):
    messages, events = run_action(
        tracker_for(intent, language=language), TUESDAY_MORNING, monkeypatch
    )
    message = messages[0]
    # a second message may offer the narrowing buttons, never another referral
    assert [m["response"] for m in messages[1:]] in ([], ["utter_narrow"])
    payload = message["custom"]
    shown = [s["id"] for s in payload["services"]]
    assert must_show <= set(shown), shown
    assert 2 <= len(shown) <= 4
    assert payload["language"] == language and payload["emergency"] is False
    assert message["response"] == load_needs()[intent].response
    # one text line per service, and one per service named only with the way to it
    assert message["services"].count("\n") >= len(shown) - 1
    assert SlotSet("need", intent) in events


def test_every_need_in_the_table_has_a_domain_response():
    from pathlib import Path

    import yaml

    responses = {}
    for path in Path("bot/domain").glob("*.yml"):
        responses.update(yaml.safe_load(path.read_text(encoding="utf-8")).get("responses") or {})
    missing = [n.response for n in load_needs().values() if n.response not in responses]
    assert missing == []


def test_services_carry_phone_uris_and_hours(monkeypatch):
    messages, _ = run_action(tracker_for("victim_violence"), TUESDAY_MORNING, monkeypatch)
    kvinnofrid = next(
        s for s in messages[0]["custom"]["services"] if s["id"] == "kvinnofridslinjen"
    )
    assert kvinnofrid["phone_uri"] == "tel:+4620505050"
    assert kvinnofrid["open_now"] is True and kvinnofrid["hours"]
    assert "020-50 50 50" in messages[0]["services"]


def test_at_night_lines_open_now_come_before_closed_offices(monkeypatch):
    messages, _ = run_action(tracker_for("victim_violence"), TUESDAY_NIGHT, monkeypatch)
    services = messages[0]["custom"]["services"]
    states = [s["open_now"] for s in services]
    assert services[0]["id"] == "kvinnofridslinjen" and services[0]["open_now"] is True
    # no closed service is ranked above an open one
    assert states == sorted(states, key=lambda state: state is False)


def test_children_get_bris_first_day_and_night(monkeypatch):
    for now in (TUESDAY_MORNING, TUESDAY_NIGHT):
        messages, _ = run_action(tracker_for("child_victim"), now, monkeypatch)
        assert messages[0]["custom"]["services"][0]["id"] == "bris"


def test_english_gets_english_descriptions(monkeypatch):
    messages, _ = run_action(
        tracker_for("victim_violence", language="en"), TUESDAY_MORNING, monkeypatch
    )
    service = messages[0]["custom"]["services"][0]
    assert service["description"] and "Dygnet runt" not in (service["hours"] or "")


def test_follow_up_without_a_need_reuses_the_last_need(monkeypatch):
    tracker = tracker_for("affirm", need="perpetrator")
    messages, _ = run_action(tracker, TUESDAY_MORNING, monkeypatch)
    assert messages[0]["response"] == "utter_refer_perpetrator"


def test_no_need_at_all_is_not_a_dead_end(monkeypatch):
    messages, events = run_action(tracker_for("greet"), TUESDAY_MORNING, monkeypatch)
    assert messages[0]["response"] == "utter_unclear" and events == []


# ---------------------------------------------------------------- who is writing (issue 12)

WOMEN_ONLY = {"kvinnofridslinjen", "roks", "terrafem", "unizon", "kvinnohuset-orebro"}


def shown_for(intent, monkeypatch, now=TUESDAY_MORNING, **facts):
    messages, events = run_action(tracker_for(intent, entities=facts), now, monkeypatch)
    return messages, [s["id"] for s in messages[0]["custom"]["services"]], events


def test_a_man_exposed_gets_the_line_for_men_and_no_womens_line(monkeypatch):
    messages, shown, events = shown_for("victim_violence", monkeypatch, gender="man")
    assert shown[0] == "stodlinjen-for-man" and not WOMEN_ONLY & set(shown)
    assert messages[0]["response"] == "utter_refer_men"
    assert SlotSet("need", "men_victim") in events


def test_a_woman_who_uses_violence_is_not_sent_to_the_mens_clinic(monkeypatch):
    messages, shown, _ = shown_for("perpetrator", monkeypatch, gender="woman")
    assert "valj-att-sluta" in shown and "mansmottagning-orebro" not in shown
    assert messages[0]["response"] == "utter_refer_perpetrator_woman"
    # and when nobody said who is writing, nobody is guessed to be a man either
    _, unknown, _ = shown_for("perpetrator", monkeypatch)
    assert "mansmottagning-orebro" not in unknown
    _, man, _ = shown_for("perpetrator", monkeypatch, gender="man")
    assert "mansmottagning-orebro" in man


def test_a_child_sexually_abused_gets_bris_and_no_adult_line(monkeypatch):
    messages, shown, _ = shown_for("sexual_violence", monkeypatch, age_group="child")
    assert shown[0] == "bris" and "askersund-socialtjanst" in shown
    assert not {"stodlinjen-for-man", "stodlinjen-transpersoner", "kvinnofridslinjen"} & set(shown)
    assert messages[0]["response"] == "utter_refer_child_sexual"


def test_an_older_person_harmed_by_a_grandchild_gets_the_answer_for_older_people(monkeypatch):
    messages, shown, _ = shown_for("victim_violence", monkeypatch, abuser="grandchild")
    assert messages[0]["response"] == "utter_refer_elder"
    assert shown[0] == "askersund-socialtjanst" and "polisen" in shown
    _, man, _ = shown_for("victim_violence", monkeypatch, abuser="child", gender="man")
    assert "kvinnofridslinjen" not in man and "bris" not in man


def test_an_adult_is_never_sent_to_bris(monkeypatch):
    for intent in ("cannot_phone", "ask_open_now", "ask_anonymous", "honour_pressured"):
        _, shown, _ = shown_for(intent, monkeypatch, age_group="adult")
        assert "bris" not in shown, intent


def test_a_person_who_cannot_phone_sees_ways_to_write_first(monkeypatch):
    messages, _, _ = shown_for("victim_violence", monkeypatch, contact="cannot_speak")
    services = messages[0]["custom"]["services"]
    writable = [bool(s["text_ways"]) for s in services]
    assert writable[0] and writable == sorted(writable, reverse=True)
    assert any(way in messages[0]["services"] for way in ("chatt", "sms", "texttelefon"))


def test_open_now_lists_only_open_lines_that_fit(monkeypatch):
    _, shown, _ = shown_for("ask_open_now", monkeypatch, TUESDAY_NIGHT, gender="man")
    messages, _ = run_action(
        tracker_for("ask_open_now", entities={"gender": "man"}), TUESDAY_NIGHT, monkeypatch
    )
    assert all(s["open_now"] for s in messages[0]["custom"]["services"])
    assert shown and not WOMEN_ONLY & set(shown) and "bris" not in shown
    _, child, _ = shown_for("ask_open_now", monkeypatch, TUESDAY_NIGHT, age_group="child")
    assert child[0] == "bris"


def test_anonymous_answer_lists_only_anonymous_lines(monkeypatch):
    messages, shown, _ = shown_for("ask_anonymous", monkeypatch)
    assert shown and all(s["anonymous"] for s in messages[0]["custom"]["services"])
    assert "polisen" not in shown and "askersund-socialtjanst" not in shown


def test_a_shelter_with_no_contact_is_named_with_the_way_to_it(monkeypatch):
    messages, shown, _ = shown_for("ask_shelter", monkeypatch)
    assert "kvinnohuset-orebro" not in shown
    assert "Kvinnohuset Örebro: via Unizon" in messages[0]["services"]


def test_closed_social_services_show_the_after_hours_route_and_when_they_open(monkeypatch):
    messages, _ = run_action(tracker_for("victim_violence"), TUESDAY_NIGHT, monkeypatch)
    social = next(
        s for s in messages[0]["custom"]["services"] if s["id"] == "askersund-socialtjanst"
    )
    assert social["open_now"] is False and social["phone"] == "112"
    assert "socialjouren" in social["phone_label"]
    line = next(x for x in messages[0]["services"].splitlines() if "Socialtjänsten" in x)
    assert "112" in line and "Öppnar i morgon 08:00" in line


def test_narrowing_buttons_only_while_nothing_is_known(monkeypatch):
    messages, _, _ = shown_for("victim_violence", monkeypatch)
    assert messages[-1]["response"] == "utter_narrow"
    messages, _, _ = shown_for("victim_violence", monkeypatch, gender="woman")
    assert [m["response"] for m in messages] == ["utter_refer_victim"]


def test_a_fact_said_earlier_still_counts(monkeypatch):
    tracker = tracker_for("inform_person", need="sexual_violence", slots={"gender": "man"})
    messages, _ = run_action(tracker, TUESDAY_MORNING, monkeypatch)
    assert messages[0]["response"] == "utter_refer_sexual_men"
    assert messages[0]["custom"]["services"][0]["id"] == "stodlinjen-for-man"


def test_payload_says_whom_the_answer_is_for(monkeypatch):
    victim, _, _ = shown_for("victim_violence", monkeypatch)
    user, _, _ = shown_for("perpetrator", monkeypatch)
    assert victim[0]["custom"]["role"] == "exposed" and user[0]["custom"]["role"] == "uses_violence"


def test_a_person_who_asks_to_stay_anonymous_sees_only_anonymous_lines(monkeypatch):
    for intent in ("men_victim", "perpetrator", "victim_violence"):
        messages, shown, _ = shown_for(intent, monkeypatch, TUESDAY_NIGHT, wants="anonymous")
        services = messages[0]["custom"]["services"]
        # 112 stays when nothing that fits is open: the emergency number is never left out
        assert shown and all(s["anonymous"] or s["emergency"] for s in services), intent
        assert "polisen" not in shown and "askersund-socialtjanst" not in shown


def test_a_fact_with_no_need_yet_uses_the_classifiers_best_need(monkeypatch):
    tracker = tracker_for("inform_person", entities={"gender": "man"})
    tracker.latest_message["intent_ranking"] = [
        {"name": "inform_person", "confidence": 1.0},
        {"name": "greet", "confidence": 0.3},
        {"name": "victim_violence", "confidence": 0.2},
    ]
    messages, _ = run_action(tracker, TUESDAY_MORNING, monkeypatch)
    assert messages[0]["response"] == "utter_refer_men"


def test_a_child_writing_about_themselves_gets_bris_an_adult_writing_does_not(monkeypatch):
    tracker = tracker_for("child_sexual_abuse")
    tracker.latest_message["person"] = {"role_decision": "exposed"}
    messages, _ = run_action(tracker, TUESDAY_MORNING, monkeypatch)
    assert messages[0]["custom"]["services"][0]["id"] == "bris"
    _, shown, _ = shown_for("child_sexual_abuse", monkeypatch)
    assert "bris" not in shown and shown[0] == "askersund-socialtjanst"
