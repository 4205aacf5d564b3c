"""StaffQuestionRouter: an unclear message most like a staff question goes to the guidance.

Staff ask about things no citizen intent covers ("what does the County Administrative Board do
for us?", "what is the plan's budget?"), and the classifier is then often unsure: the answer
would be the citizen's "I did not understand". When the message fell back only because two
guesses were close, and the best is `ask_guidance`, this makes it `ask_guidance`: the guidance
action then answers from the plan, or says plainly that the plan does not say. When the two close
guesses are a professional's referral question (`pro_training`) and `ask_guidance`, the best one
is kept: both are staff questions, and both are answered from the guidance.
Before EmergencyDetector in the pipeline, so someone in danger still gets the emergency answer.
"""

from typing import Any, Dict, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY
from rasa.shared.nlu.training_data.message import Message

from bot.components.annotator import MessageAnnotator
from bot.components.intents import fallback_threshold, override_intent


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class StaffQuestionRouter(MessageAnnotator):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            "intent": "ask_guidance",
            # professionals' referral questions, answered from the guidance in sv and en too
            "professional": [
                "pro_victim",
                "pro_perpetrator",
                "pro_child_concern",
                "pro_honour",
                "pro_training",
            ],
            # the decision that means "no intent clear enough" (FallbackClassifier's)
            "unclear": [DEFAULT_NLU_FALLBACK_INTENT_NAME],
        }

    def annotate(self, message: Message) -> None:
        decided = (message.get(INTENT) or {}).get("name")
        if decided not in self._config["unclear"]:
            return
        ranking = message.get(INTENT_RANKING_KEY) or []
        guesses = [r for r in ranking if r.get("name") != DEFAULT_NLU_FALLBACK_INTENT_NAME]
        if not guesses:
            return
        best = guesses[0].get("name")
        second = guesses[1].get("name") if len(guesses) > 1 else None
        staff_pair = best in self._config["professional"] and second == self._config["intent"]
        if best != self._config["intent"] and not staff_pair:
            return
        # only a guess that fell back for being close to another: a weak guess (nonsense, "??",
        # a citizen unsure what to write) keeps the unclear answer with its 24/7 lines
        if float(guesses[0]["confidence"]) >= fallback_threshold():
            override_intent(message, best, float(guesses[0]["confidence"]))
