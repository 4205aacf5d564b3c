"""EmergencyDetector: the rule-based danger check that overrides the classifier's intent."""

from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.safety.danger import find_danger

DANGER_LANGUAGE = "danger_language"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class EmergencyDetector(GraphComponent):
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
        self._intent = config["intent"]

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "EmergencyDetector":
        return cls(config)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            self._mark(message)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def _mark(self, message: Message) -> None:
        text: Optional[str] = message.get(TEXT)
        match = find_danger(text) if text else None
        if match is None:
            return
        # which language's pattern fired: a hint for LanguageDetector when the text is unclear
        message.set(DANGER_LANGUAGE, match.language)
        top = {"name": self._intent, "confidence": 1.0}
        ranking = [
            r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != self._intent
        ]
        message.set(INTENT, top, add_to_output=True)
        message.set(INTENT_RANKING_KEY, [top, *ranking], add_to_output=True)
