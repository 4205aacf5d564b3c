"""StaffQuestionRouter: an unclear message most like a staff question goes to the guidance; a
clear citizen need, or an unclear message most like one, is left alone."""

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.components.staff_question import StaffQuestionRouter

ROUTER = StaffQuestionRouter({**StaffQuestionRouter.get_default_config()})


def routed(intent, ranking):
    message = Message(data={"text": "vad gör länsstyrelsen för oss"})
    message.set("intent", {"name": intent, "confidence": ranking[0][1]})
    message.set("intent_ranking", [{"name": n, "confidence": c} for n, c in ranking])
    ROUTER.annotate(message)
    return message.get("intent")["name"]


@pytest.mark.parametrize(
    ("intent", "ranking", "expected"),
    [
        # unclear, the best real guess a staff question: the guidance answers
        (
            "nlu_fallback",
            [("nlu_fallback", 0.3), ("ask_guidance", 0.4), ("pro_trafficking", 0.35)],
            "ask_guidance",
        ),
        # out of scope with a clear lead: "I can only help with violence..." stands
        ("out_of_scope", [("out_of_scope", 0.5), ("ask_guidance", 0.3)], "out_of_scope"),
        # a weak guess ("?? ??", a citizen unsure what to write): the unclear answer stands
        (
            "nlu_fallback",
            [("nlu_fallback", 0.3), ("ask_guidance", 0.2), ("greet", 0.1)],
            "nlu_fallback",
        ),
        # unclear, but most like a citizen's need: "I did not understand" with the 24/7 lines
        (
            "nlu_fallback",
            [("nlu_fallback", 0.3), ("victim_violence", 0.28), ("ask_guidance", 0.2)],
            "nlu_fallback",
        ),
        # a professional's training question close to the guidance: both are staff questions,
        # the better one answers ("is there any training on domestic violence for staff?")
        (
            "nlu_fallback",
            [("nlu_fallback", 0.3), ("pro_training", 0.52), ("ask_guidance", 0.48)],
            "pro_training",
        ),
        # two professional referral questions close together (a victim? the one who hits?):
        # not this router's to settle
        (
            "nlu_fallback",
            [("nlu_fallback", 0.3), ("pro_honour", 0.51), ("pro_perpetrator", 0.47)],
            "nlu_fallback",
        ),
        # a professional's question close to a citizen's need: left alone too
        (
            "nlu_fallback",
            [("nlu_fallback", 0.3), ("pro_victim", 0.45), ("elder_abuse", 0.43)],
            "nlu_fallback",
        ),
        # a clear need is never taken away, even with the guidance close behind
        ("victim_violence", [("victim_violence", 0.5), ("ask_guidance", 0.45)], "victim_violence"),
        ("emergency", [("emergency", 0.9), ("ask_guidance", 0.1)], "emergency"),
    ],
)
def test_only_unclear_messages_most_like_a_staff_question_are_routed(intent, ranking, expected):
    assert routed(intent, ranking) == expected
