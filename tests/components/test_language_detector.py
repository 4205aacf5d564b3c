"""LanguageDetector: clear messages set the language, short unclear ones keep it."""

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.components.language import LanguageDetector
from bot.language.detect import detect


def language_entities(text, metadata=None):
    component = LanguageDetector(LanguageDetector.get_default_config())
    message = Message(data={"text": text, "metadata": metadata or {}})
    component.process([message])
    return [e["value"] for e in message.get("entities") or [] if e["entity"] == "language"]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("hej", "sv"),
        ("hjälp", "sv"),
        ("tack", "sv"),
        ("I need help", "en"),
        ("min sambo slår mig", "sv"),
        ("my husband controls all my money", "en"),
        ("jag har slagit min fru och vill sluta", "sv"),
        ("I lose my temper and hurt my girlfriend", "en"),
    ],
)
def test_clear_messages_set_the_language(text, language):
    assert language_entities(text) == [language]


@pytest.mark.parametrize("text", ["ok", "mm", "?", "123", "👍"])
def test_short_unclear_messages_keep_the_conversation_language(text):
    assert language_entities(text) == []


@pytest.mark.parametrize(
    ("text", "language"),
    [("English please", "en"), ("på svenska tack", "sv"), ("kan du skriva på engelska", "en")],
)
def test_explicit_choice_wins(text, language):
    decision = detect(text)
    assert decision.explicit and decision.language == language


def test_locked_conversation_only_switches_on_explicit_choice():
    assert (
        language_entities("jag har slagit min fru och vill sluta", {"language_locked": True}) == []
    )
    assert language_entities("in English please", {"language_locked": True}) == ["en"]


def test_detection_is_deterministic():
    text = "my partner takes my phone and checks everything"
    assert len({detect(text) for _ in range(5)}) == 1


def test_unsupported_language_is_recognised_not_guessed():
    decision = detect("Ich brauche Hilfe, mein Mann schlägt mich jeden Tag")
    assert decision.language is None and decision.unsupported == "de"


@pytest.mark.parametrize("bad", [{"min_chars": 0}, {"min_confidence": 0}, {"min_confidence": 1.5}])
def test_config_is_validated(bad):
    with pytest.raises(ValueError):
        LanguageDetector({**LanguageDetector.get_default_config(), **bad})


def test_danger_pattern_language_is_used_when_the_text_is_unclear():
    from bot.components.emergency import DANGER_LANGUAGE

    component = LanguageDetector(LanguageDetector.get_default_config())
    message = Message(data={"text": "ex broke in", "metadata": {}})
    message.set(DANGER_LANGUAGE, "en")
    component.process([message])
    assert [e["value"] for e in message.get("entities") if e["entity"] == "language"] == ["en"]


def routed_intent(text, intent, ranking=None):
    component = LanguageDetector(LanguageDetector.get_default_config())
    message = Message(data={"text": text, "metadata": {}})
    message.set("intent", {"name": intent, "confidence": 0.8})
    message.set("intent_ranking", ranking or [{"name": intent, "confidence": 0.8}])
    component.process([message])
    return message.get("intent")["name"]


@pytest.mark.parametrize(
    "text",
    [
        "Mein Mann schlägt mich jeden Abend und ich habe große Angst vor ihm",
        "Kocam beni her gün dövüyor ve çocuklarımı da tehdit ediyor",
        "Мой муж меня бьёт, и я не знаю, что мне делать",
    ],
)
def test_a_language_we_do_not_speak_gets_the_bilingual_answer(text):
    assert routed_intent(text, "victim_violence") == "unsupported_language"


def test_danger_wins_over_an_unsupported_language():
    text = "Mein Mann schlägt mich jeden Abend und ich habe große Angst vor ihm"
    assert routed_intent(text, "emergency") == "emergency"


def test_a_guess_of_unsupported_language_for_our_language_is_undone():
    ranking = [
        {"name": "unsupported_language", "confidence": 0.5},
        {"name": "victim_violence", "confidence": 0.4},
    ]
    assert routed_intent("min sambo slår mig varje kväll", "unsupported_language", ranking) == (
        "victim_violence"
    )
    weak = [
        {"name": "unsupported_language", "confidence": 0.9},
        {"name": "greet", "confidence": 0.05},
    ]
    assert routed_intent("hmm", "unsupported_language", weak) == "nlu_fallback"


def test_a_short_message_keeps_the_language_of_a_conversation_under_way():
    # "tack" is Swedish, but in the middle of an Arabic conversation it is a thank-you in Arabic
    assert language_entities("tack", {"conversation_language": "ar"}) == []
    assert language_entities("ok thanks", {"conversation_language": "pl"}) == []
    # the first message of a conversation still sets it, and a longer one still switches
    assert language_entities("hi") == ["en"]
    assert language_entities("mój mąż mnie bije", {"conversation_language": "sv"}) == ["pl"]
