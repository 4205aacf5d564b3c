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
    ("ask_shelter", "sv", {"askersund-socialtjanst", "kvinnohuset-orebro"}),
    ("child_victim", "sv", {"bris"}),
    ("ask_barnahus", "en", {"barnahus-orebro"}),
    ("perpetrator", "sv", {"valj-att-sluta", "askersund-socialtjanst", "mansmottagning-orebro"}),
    ("relative", "en", {"kvinnofridslinjen", "askersund-socialtjanst"}),
    ("men_victim", "sv", {"stodlinjen-for-man", "brottsofferjouren", "askersund-socialtjanst"}),
    ("lgbtq_victim", "en", {"stodlinjen-transpersoner", "brottsofferjouren"}),
    ("honour", "sv", {"ratt-att-valja", "askersund-socialtjanst"}),
    ("sexual_violence", "sv", {"uso-akutmottagning", "1177", "polisen"}),
    ("prostitution_trafficking", "en", {"askersund-socialtjanst", "polisen"}),
    ("pro_perpetrator", "sv", {"valj-att-sluta"}),
    ("pro_child_concern", "sv", {"askersund-socialtjanst"}),
    ("pro_training", "sv", {"nck-webbkurs"}),
    ("pro_honour", "sv", {"nch-heder"}),
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
    [message] = messages
    payload = message["custom"]
    shown = [s["id"] for s in payload["services"]]
    assert must_show <= set(shown), shown
    assert 2 <= len(shown) <= 4
    assert payload["language"] == language and payload["emergency"] is False
    assert message["response"] == load_needs()[intent].response
    assert message["services"].count("\n") == len(shown) - 1  # one text line per service
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
