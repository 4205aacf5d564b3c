"""EmergencyDetector: the rule-based danger check that overrides the classifier's intent."""

from typing import Any, Dict, Optional, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.components.annotator import MessageAnnotator
from bot.components.intents import override_intent
from bot.safety.danger import find_danger

DANGER_LANGUAGE = "danger_language"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class EmergencyDetector(MessageAnnotator):
    """Sets the intent to the emergency intent when a danger pattern matches, whatever DIET said.

    Place it after the classifiers (and after FallbackClassifier) so that its word is final.
    """

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            # the intent whose rule answers with the static emergency response
            "intent": "emergency",
        }

    def __init__(self, config: Dict[Text, Any]) -> None:
        if not isinstance(config.get("intent"), str) or not config["intent"]:
            raise ValueError("EmergencyDetector needs a non-empty 'intent' name.")
        super().__init__(config)
        self._intent = config["intent"]

    def annotate(self, message: Message) -> None:
        text: Optional[str] = message.get(TEXT)
        match = find_danger(text) if text else None
        if match is None:
            return
        # which language's pattern fired: a hint for LanguageDetector when the text is unclear
        message.set(DANGER_LANGUAGE, match.language)
        override_intent(message, self._intent)
