"""The danger check: 100% recall on danger phrases, few false alarms, overrides the classifier."""

from pathlib import Path

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.components.emergency import EmergencyDetector
from bot.safety.danger import find_danger

DANGER = Path(__file__).resolve().parent.parent / "danger"
LANGUAGES = sorted(p.stem for p in DANGER.glob("*.txt") if not p.stem.startswith("not_danger_"))


def phrases(name: str):
    path = DANGER / name
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_danger_phrase_is_caught(language):
    missed = [p for p in phrases(f"{language}.txt") if not find_danger(p)]
    assert missed == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_few_false_alarms_on_non_urgent_messages(language):
    calm = phrases(f"not_danger_{language}.txt")
    alarms = [p for p in calm if find_danger(p)]
    # A false alarm costs a sentence about 112; still, most calm messages must get a referral.
    assert len(alarms) <= len(calm) * 0.1, alarms


def test_overrides_classifier_and_fallback():
    detector = EmergencyDetector(EmergencyDetector.get_default_config())
    message = Message(data={"text": "han står utanför dörren med en kniv"})
    message.set("intent", {"name": "nlu_fallback", "confidence": 0.3})
    message.set("intent_ranking", [{"name": "nlu_fallback", "confidence": 0.3}])
    detector.process([message])
    assert message.get("intent") == {"name": "emergency", "confidence": 1.0}
    assert message.get("intent_ranking")[0]["name"] == "emergency"


def test_leaves_calm_message_alone():
    detector = EmergencyDetector(EmergencyDetector.get_default_config())
    message = Message(data={"text": "min sambo slår mig ibland"})
    message.set("intent", {"name": "victim_violence", "confidence": 0.9})
    detector.process([message])
    assert message.get("intent")["name"] == "victim_violence"


def test_rejects_empty_intent_name():
    with pytest.raises(ValueError):
        EmergencyDetector({"intent": ""})


def test_every_language_of_the_product_has_patterns_and_test_phrases():
    from bot.language.detect import all_languages
    from bot.safety.danger import load_patterns

    # easy Swedish is Swedish: its speakers are covered by the Swedish patterns
    spoken = set(all_languages()) - {"lattlast"}
    assert spoken <= set(load_patterns()), spoken - set(load_patterns())
    assert spoken <= set(LANGUAGES), spoken - set(LANGUAGES)
