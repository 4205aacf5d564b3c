"""Anonymous statistics from real conversations (the session's servers count into SQLite)."""

import time
from collections import Counter
from typing import Dict, List, Tuple

import pytest

from bot.stats import store
from harness.servers import payloads, send

pytestmark = pytest.mark.servers
Key = Tuple[str, str, str]  # (language, measure, category)


def totals(servers) -> Counter:
    engine = store.engine_for(servers.env["STATS_DB_URL"])
    try:
        store.create_table(engine)  # before the first conversation there is no table yet
        rows = store.every_row(engine)
    finally:
        engine.dispose()
    return Counter({(r["language"], r["measure"], r["category"]): r["count"] for r in rows})


def settled(servers) -> Counter:
    """The counts once everything said so far is written (the servers write every second)."""
    time.sleep(2.5)
    return totals(servers)


def talk(servers, sender: str, messages: List[str]) -> List[List[dict]]:
    return [payloads(send(servers, sender, message)) for message in messages]


def test_scripted_conversations_are_counted_exactly(servers, sender):
    before = settled(servers)
    # Swedish: a referral, then danger now, then "forget" (which ends the conversation)
    sv = talk(
        servers, sender + "-sv", ["min man slår mig", "han har en kniv och är här nu", "glöm"]
    )
    assert sv[0][-1].get("need") == "victim_violence" and sv[1][0]["emergency"] is True
    # English: a referral, then words the assistant does not understand (it ends that way)
    en = talk(servers, sender + "-en", ["my husband hits me", "blorf zzk qqq"])
    assert en[0][-1].get("need") == "victim_violence"
    # Arabic: danger now, twice (one conversation, one emergency)
    ar = talk(servers, sender + "-ar", ["جوزي عم يخنقني ساعدوني", "عم يخنقني"])
    assert all(turn[0]["emergency"] is True and turn[0]["language"] == "ar" for turn in ar)
    # English again: not understood at first, then understood (it does not end unclear)
    en2 = talk(
        servers, sender + "-en2", ["hello", "blorf zzk qqq", "I want to stop hitting my partner"]
    )
    assert en2[2][-1].get("need") == "perpetrator"
    # Swedish, after "forget": the same sender starts a new conversation
    [last] = talk(servers, sender + "-sv", ["jag är orolig för min syster, hennes man slår henne"])
    assert last[-1].get("need") == "relative"
    after = settled(servers)
    delta: Dict[Key, int] = {k: after[k] - before[k] for k in after if after[k] != before[k]}
    expected = {
        ("sv", "conversations", "all"): 2,
        ("sv", "referred", "all"): 2,
        ("sv", "emergency", "all"): 1,
        ("sv", "forget", "all"): 1,
        ("sv", "role", "victim"): 1,
        ("sv", "role", "relative"): 1,
        ("sv", "topic", "partner_violence"): 2,
        ("en", "conversations", "all"): 2,
        ("en", "referred", "all"): 2,
        ("en", "role", "victim"): 1,
        ("en", "role", "uses_violence"): 1,
        ("en", "topic", "partner_violence"): 2,
        ("en", "ended_unclear", "all"): 1,
        ("ar", "conversations", "all"): 1,
        ("ar", "emergency", "all"): 1,
    }
    # each service once per conversation that was shown it (the first answer's language)
    conversations = {"sv": [sv[:3], [last]], "en": [en, en2], "ar": [ar]}
    for language, turns_of_each in conversations.items():
        for turns in turns_of_each:
            shown = {s["id"] for turn in turns for reply in turn for s in reply.get("services", [])}
            for service in shown:
                expected[(language, "service", service)] = (
                    expected.get((language, "service", service), 0) + 1
                )
    assert sorted(delta.items()) == sorted(expected.items())
