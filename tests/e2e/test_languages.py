"""Whole conversations in every language over REST, and the language-switch cases.

The conversations are the test stories (tests/stories/<journey>_<lang>.yml): each user turn is
sent as text to the real servers, and the reply must be what the story's next action stands for,
in the story's language, with the right services.
"""

import json
import uuid
from pathlib import Path

import pytest
import yaml

from bot.language.detect import all_languages
from harness.servers import payloads, send

pytestmark = pytest.mark.servers

ROOT = Path(__file__).resolve().parents[2]
STORIES = ROOT / "tests" / "stories"
NEEDS = yaml.safe_load((ROOT / "actions" / "needs.yml").read_text(encoding="utf-8"))


def local_ids() -> dict:
    """`local:<role>` in the needs table -> the test municipality's (Askersund's) entry."""
    found = {}
    for path in (ROOT / "directory" / "entries").rglob("*.yml"):
        entry = yaml.safe_load(path.read_text(encoding="utf-8"))
        if entry.get("local_role") and entry["area"].get("municipality") == "Askersund":
            found[f"local:{entry['local_role']}"] = entry["id"]
    return found


def first_lead(intent: str) -> str:
    lead = NEEDS[intent]["lead"][0]
    return local_ids().get(lead, lead)


JOURNEYS = ("victim", "child", "perpetrator", "danger")


def story_turns():
    """(story name, language, [(text, intent, action)]) for every journey in every language."""
    for path in sorted(STORIES.glob("*_*.yml")):
        journey, language = path.stem.rsplit("_", 1)
        if journey not in JOURNEYS:
            continue
        for story in yaml.safe_load(path.read_text(encoding="utf-8"))["stories"]:
            steps, turns = story["steps"], []
            for i, step in enumerate(steps):
                if "user" in step:
                    action = next((s["action"] for s in steps[i + 1 :] if "action" in s), None)
                    turns.append((step["user"].strip(), step["intent"], action))
            yield pytest.param(language, turns, id=story["story"])


def test_every_language_has_every_journey():
    for language in all_languages():
        missing = [j for j in JOURNEYS if not (STORIES / f"{j}_{language}.yml").exists()]
        assert not missing, f"{language}: no test stories for {missing}"


@pytest.mark.parametrize(("language", "turns"), list(story_turns()))
def test_story_as_a_real_conversation(servers, language, turns):
    sender = f"story-{uuid.uuid4().hex[:12]}"
    for text, intent, action in turns:
        replies = send(servers, sender, text)
        assert replies, f"no reply to {text!r}"
        shown = payloads(replies)
        if action == "utter_emergency":
            assert shown and shown[-1]["emergency"] is True, (text, replies)
            assert shown[-1]["services"][0]["id"] == "sos-112"
            assert shown[-1]["language"] == language, (text, shown[-1]["language"])
        elif action == "action_refer":
            assert shown, (text, replies)
            ids = [s["id"] for s in shown[-1]["services"]]
            assert first_lead(intent) in ids, (text, intent, ids)
            assert shown[-1]["language"] == language, (text, shown[-1]["language"])


def _choose(language):
    return f'/choose_language{{"language":"{language}","language_choice":"{language}"}}'


def test_a_short_message_keeps_the_conversation_language(servers, sender):
    first = payloads(send(servers, sender, "زوجي يضربني كل يوم وأنا خائفة"))
    assert first[-1]["language"] == "ar"
    # "tack" is Swedish, but a thank-you in the middle of an Arabic conversation keeps Arabic
    thanks = send(servers, sender, "tack")
    assert (
        thanks and thanks[0]["text"] != "Varsågod. Är det något mer jag kan hjälpa dig att hitta?"
    )
    follow_up = payloads(send(servers, sender, "/has_children"))
    assert follow_up[-1]["language"] == "ar"


def test_a_confident_message_in_another_language_switches(servers, sender):
    assert payloads(send(servers, sender, "min sambo slår mig"))[-1]["language"] == "sv"
    switched = payloads(send(servers, sender, "mój mąż mnie bije i grozi mi"))
    assert switched[-1]["language"] == "pl"


@pytest.mark.parametrize(
    ("choice", "language"),
    [("English please", "en"), ("på svenska tack", "sv"), (_choose("so"), "so")],
)
def test_an_explicit_choice_sticks(servers, sender, choice, language):
    assert send(servers, sender, choice)
    # a clear message in another language does not switch a chosen language back
    replies = send(servers, sender, "my husband hits me and I am afraid of him")
    if language == "en":
        replies = send(servers, sender, "min man slår mig och jag är rädd för honom")
    assert payloads(replies)[-1]["language"] == language


def test_easy_swedish_is_chosen_and_kept(servers, sender):
    assert send(servers, sender, "lättläst")
    replies = send(servers, sender, "min man slår mig")
    assert payloads(replies)[-1]["language"] == "lattlast"


@pytest.mark.parametrize(
    "message",
    [
        "Mein Mann schlägt mich jeden Tag und ich weiß nicht, wohin ich gehen soll",
        "Kocam beni her gün dövüyor, nereye başvurabilirim bilmiyorum",
        "Мой муж бьёт меня каждый день, я не знаю, куда обратиться",
    ],
)
def test_an_unsupported_language_gets_the_bilingual_answer(servers, sender, message):
    replies = send(servers, sender, message)
    [payload] = payloads(replies)
    ids = [s["id"] for s in payload["services"]]
    assert {"kvinnofridslinjen", "terrafem", "sos-112"} <= set(ids)
    text = replies[0]["text"]
    assert "interpreter" in text and "tolk" in text
    prefix = "/choose_language"
    payloads_ = [b["payload"] for b in replies[0]["buttons"]]
    assert all(p.startswith(prefix) for p in payloads_)
    offered = {json.loads(p[len(prefix) :])["language"] for p in payloads_}
    assert offered == set(all_languages())


def test_danger_in_an_unsupported_language_mix_still_gets_112(servers, sender):
    replies = send(servers, sender, "Hilfe! he has a knife")
    assert payloads(replies)[-1]["emergency"] is True
