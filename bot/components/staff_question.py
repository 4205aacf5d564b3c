"""StaffQuestionRouter: an unclear message most like a staff question goes to the guidance.

Staff ask about things no citizen intent covers ("what does the County Administrative Board do
for us?", "what is the plan's budget?"), and the classifier is then often unsure: the answer
would be the citizen's "I did not understand". When the message fell back only because two
guesses were close, and the best is `ask_guidance`, this makes it `ask_guidance`: the guidance
action then answers from the plan, or says plainly that the plan does not say.
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
            # the decision that means "no intent clear enough" (FallbackClassifier's)
            "unclear": [DEFAULT_NLU_FALLBACK_INTENT_NAME],
        }

    def annotate(self, message: Message) -> None:
        decided = (message.get(INTENT) or {}).get("name")
        if decided not in self._config["unclear"]:
            return
        ranking = message.get(INTENT_RANKING_KEY) or []
        guesses = [r for r in ranking if r.get("name") != DEFAULT_NLU_FALLBACK_INTENT_NAME]
        if not guesses or guesses[0].get("name") != self._config["intent"]:
            return
        # only a guess that fell back for being close to another: a weak guess (nonsense, "??",
        # a citizen unsure what to write) keeps the unclear answer with its 24/7 lines
        if float(guesses[0]["confidence"]) >= fallback_threshold():
            override_intent(message, self._config["intent"], float(guesses[0]["confidence"]))
