"""PersonFactsDetector: facts become entities, and who does violence to whom decides the
victim / user-of-violence reading, or makes the assistant ask."""

from typing import List, Optional, Tuple

from rasa.shared.nlu.training_data.message import Message

from bot.components.person_facts import PersonFactsDetector


def parsed(text: str, ranking: List[Tuple[str, float]]) -> Message:
    detector = PersonFactsDetector(PersonFactsDetector.get_default_config())
    message = Message(data={"text": text})
    message.set("intent", {"name": ranking[0][0], "confidence": ranking[0][1]})
    message.set("intent_ranking", [{"name": n, "confidence": c} for n, c in ranking])
    detector.process([message])
    return message


def intent(message: Message) -> Optional[str]:
    return message.get("intent")["name"]


def entities(message: Message) -> dict:
    return {e["entity"]: e["value"] for e in message.get("entities") or []}


def test_a_man_hit_by_his_wife_is_exposed_and_says_he_is_a_man():
    message = parsed(
        "jag är en man och min fru slår mig", [("perpetrator", 0.6), ("men_victim", 0.3)]
    )
    assert intent(message) == "victim_violence"
    assert entities(message)["gender"] == "man" and entities(message)["abuser"] == "partner"
    assert message.get("person")["role_decision"] == "exposed"


def test_the_writer_who_hits_is_read_as_using_violence():
    message = parsed(
        "I hit my wife yesterday and I hate myself",
        [("victim_violence", 0.5), ("perpetrator", 0.4)],
    )
    assert intent(message) == "perpetrator"


def test_a_victim_asking_to_leave_is_not_read_as_using_violence():
    message = parsed(
        "help me leave my husband who hits me", [("perpetrator", 0.5), ("victim_violence", 0.4)]
    )
    assert intent(message) == "victim_violence"


def test_a_close_call_without_words_for_either_is_asked():
    message = parsed(
        "det har blivit bråk hemma igen", [("victim_violence", 0.41), ("perpetrator", 0.38)]
    )
    assert intent(message) == "clarify_role"
    assert message.get("person")["role_decision"] == "ask"


def test_an_unclear_message_with_clear_words_is_not_a_dead_end():
    message = parsed("he throws things at me", [("nlu_fallback", 0.3), ("perpetrator", 0.25)])
    assert intent(message) == "victim_violence"


def test_other_intents_are_left_alone_and_no_exact_age_is_kept():
    message = parsed("jag är 72 år och undrar vart jag kan ringa", [("ask_open_now", 0.8)])
    assert intent(message) == "ask_open_now"
    assert entities(message)["age_group"] == "older"
    assert "age" not in entities(message) and message.get("person")["age"] is None


def test_the_writers_own_violence_is_not_read_as_worry_for_someone_else():
    message = parsed(
        "I slapped my son twice and I hate myself", [("relative", 0.5), ("perpetrator", 0.3)]
    )
    assert intent(message) == "perpetrator"


def test_a_message_that_only_tells_who_the_person_is_builds_on_the_last_answer():
    message = parsed("jag är 84 år", [("greet", 0.35), ("elder_abuse", 0.2)])
    assert intent(message) == "inform_person"
    sure = parsed("jag är 84 år och min son tar mina pengar", [("elder_abuse", 0.8)])
    assert intent(sure) == "elder_abuse"
