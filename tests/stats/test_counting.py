"""Counting from Rasa's own events: each conversation once per fact, whatever the turns."""

from datetime import date, datetime
from typing import Dict, List, Optional
from zoneinfo import ZoneInfo

import pytest
from rasa.shared.core.events import BotUttered, Restarted, SessionStarted, SlotSet, UserUttered

from actions.needs import load_needs
from bot.language.detect import all_languages
from bot.stats.categories import load_schema, time_band
from bot.stats.counting import Counting, Row
from bot.stats.state import MemoryState

STOCKHOLM = ZoneInfo("Europe/Stockholm")
# Tuesday 3 March 2026, 10:15 Swedish time: a working day, daytime.
TUESDAY_MORNING = datetime(2026, 3, 3, 10, 15, tzinfo=STOCKHOLM).timestamp()


def published(sender: str, *events, at: float = TUESDAY_MORNING) -> List[dict]:
    """Events as Rasa's tracker store hands them to a broker."""
    out = []
    for event in events:
        event.timestamp = at
        out.append({"sender_id": sender, **event.as_dict()})
    return out


def user(text: str = "hej", channel: str = "rest") -> UserUttered:
    return UserUttered(text, {"name": "greet"}, input_channel=channel)


def bot(
    response: str = "utter_greet",
    language: str = "sv",
    need: Optional[str] = None,
    services=(),
    emergency: bool = False,
) -> BotUttered:
    custom = {
        "language": language,
        "emergency": emergency,
        "services": [{"id": s} for s in services],
    }
    if need:
        custom["need"] = need
    return BotUttered("…", {"custom": custom}, {"utter_action": response})


def counted(events: List[dict]) -> Dict[tuple, int]:
    counting = Counting(MemoryState(), all_languages())
    for event in events:
        counting.event(event)
    return {(r.language, r.measure, r.category): n for r, n in counting.take().items()}


def test_a_conversation_is_counted_once_per_fact_however_many_turns():
    events = published(
        "a",
        SessionStarted(),
        user(),
        bot("utter_refer_victim", need="victim_violence", services=["kvinnofridslinjen", "bris"]),
        user(),
        bot("utter_refer_victim", need="victim_violence", services=["kvinnofridslinjen"]),
        user(),
        bot("utter_refer_children", need="has_children", services=["bris"]),
    )
    assert counted(events) == {
        ("sv", "conversations", "all"): 1,
        ("sv", "referred", "all"): 1,
        ("sv", "role", "victim"): 1,
        ("sv", "topic", "partner_violence"): 1,
        ("sv", "topic", "children"): 1,
        ("sv", "service", "kvinnofridslinjen"): 1,
        ("sv", "service", "bris"): 1,
    }


def test_emergency_forget_and_a_new_conversation_after_forgetting():
    events = published(
        "b",
        SessionStarted(),
        user(),
        bot("utter_emergency", language="en", emergency=True, services=["sos-112"]),
        user(),
        bot("utter_emergency", language="en", emergency=True, services=["sos-112"]),
        user(),
        bot("utter_forgotten", language="en"),
        Restarted(),
        SessionStarted(),
        user(),
        bot("utter_greet", language="en"),
    )
    assert counted(events) == {
        ("en", "conversations", "all"): 2,
        ("en", "emergency", "all"): 1,
        ("en", "service", "sos-112"): 1,
        ("en", "forget", "all"): 1,
    }


def test_ended_unclear_follows_the_latest_answer_of_each_conversation():
    still_unclear = published("c", SessionStarted(), user(), bot("utter_unclear"))
    understood_later = published(
        "d", SessionStarted(), user(), bot("utter_unclear"), user(), bot("utter_help")
    )
    unclear_again = published(
        "e", SessionStarted(), user(), bot("utter_unclear"), user(), bot("utter_help"), user()
    ) + published("e", bot("utter_unclear"))
    result = counted(still_unclear + understood_later + unclear_again)
    assert result[("sv", "conversations", "all")] == 3
    assert result[("sv", "ended_unclear", "all")] == 2


def test_the_conversation_keeps_the_language_of_its_first_answer():
    events = published(
        "f", SessionStarted(), user(), bot(language="ar"), user(), bot(language="sv")
    )
    assert counted(events) == {("ar", "conversations", "all"): 1}


def test_unknown_or_odd_values_are_counted_as_other_never_stored_as_they_came():
    marker = "Anna Andersson 070-123 45 67 Storgatan 5"
    events = published(
        "g",
        SessionStarted(),
        user(channel=marker),
        bot(language=marker, need=marker, services=[marker, "ok-id"]),
    )
    result = counted(events)
    assert result == {
        ("other", "conversations", "all"): 1,
        ("other", "service", "other"): 1,
        ("other", "service", "ok-id"): 1,
    }
    rows = Counting(MemoryState(), all_languages())
    for event in events:
        rows.event(event)
    assert all(marker not in repr(row) for row in rows.take())


def test_junk_events_are_ignored():
    counting = Counting(MemoryState(), all_languages())
    for event in [{}, {"event": "bot"}, {"sender_id": 5, "event": "bot"}, {"sender_id": "x"}]:
        counting.event(event)
    counting.event({"sender_id": "x", "event": "bot", "data": {"custom": "text"}, "timestamp": 1})
    assert [r.measure for r in counting.take()] == ["conversations"]


def test_the_day_and_time_band_are_swedish_time():
    [row] = [
        r
        for r in _rows(published("h", SessionStarted(), user(), bot(), at=TUESDAY_MORNING))
        if r.measure == "conversations"
    ]
    assert (row.day, row.band, row.channel) == (date(2026, 3, 3), "day", "rest")


@pytest.mark.parametrize(
    "moment, band",
    [
        (datetime(2026, 3, 3, 7, 59), "night"),
        (datetime(2026, 3, 3, 8, 0), "day"),
        (datetime(2026, 3, 3, 17, 0), "evening"),
        (datetime(2026, 3, 3, 22, 0), "night"),
        (datetime(2026, 3, 7, 12, 0), "weekend"),  # Saturday
        (datetime(2026, 12, 24, 12, 0), "weekend"),  # Christmas Eve, offices closed
        (datetime(2026, 6, 19, 10, 0), "weekend"),  # Midsummer Eve
    ],
)
def test_time_bands(moment, band):
    assert time_band(moment.replace(tzinfo=STOCKHOLM).timestamp()) == band


def test_every_need_the_assistant_answers_has_a_role_and_a_topic():
    schema = load_schema()
    assert sorted(set(load_needs()) - set(schema.needs)) == []
    assert sorted(set(schema.needs) - set(load_needs())) == []


def _rows(events: List[dict]) -> List[Row]:
    counting = Counting(MemoryState(), all_languages())
    for event in events:
        counting.event(event)
    return list(counting.take())


def test_an_answer_without_a_language_takes_the_language_slot():
    answer = BotUttered("…", {}, {"utter_action": "utter_greet"})
    events = published("i", SessionStarted(), user(), SlotSet("language", "uk"), answer)
    assert counted(events) == {("uk", "conversations", "all"): 1}
