"""EmergencyDetector: the danger decision (patterns, and the learned signal of DangerClassifier)
that overrides the classifier's intent."""

from typing import Any, Dict, Optional, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.components.annotator import MessageAnnotator
from bot.components.danger_classifier import DANGER_PROBABILITY
from bot.components.intents import override_intent
from bot.safety import danger_model
from bot.safety.danger import find_danger

DANGER_LANGUAGE = "danger_language"
DANGER = "danger"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class EmergencyDetector(MessageAnnotator):
    """Sets the intent to the emergency intent when a danger pattern matches or the learned
    signal is sure, whatever the intent classifier said.

    Place it after the classifiers (and after FallbackClassifier) so that its word is final.
    """

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            # the intent whose rule answers with the static emergency response
            "intent": "emergency",
            # whether DangerClassifier's probability may raise the emergency answer on its own;
            # off: it is scored and reported in the parse data, the patterns decide
            "learned_signal": False,
        }

    def __init__(self, config: Dict[Text, Any]) -> None:
        if not isinstance(config.get("intent"), str) or not config["intent"]:
            raise ValueError("EmergencyDetector needs a non-empty 'intent' name.")
        super().__init__(config)
        self._intent = config["intent"]

    def annotate(self, message: Message) -> None:
        text: Optional[str] = message.get(TEXT)
        match = find_danger(text) if text else None
        score = message.get(DANGER_PROBABILITY)
        decision = danger_decision(match is not None, score, bool(self._config["learned_signal"]))
        # the decision and its reason, for tests and the evaluation (never logged with the text)
        message.set(DANGER, decision, add_to_output=True)
        if match is not None:
            # which language's pattern fired: a hint for LanguageDetector on unclear text
            message.set(DANGER_LANGUAGE, match.language)
        if decision["emergency"]:
            override_intent(message, self._intent)


def danger_decision(pattern: bool, score: Optional[float], use_learned: bool) -> Dict[str, Any]:
    """Patterns are the floor; the learned signal, when it may decide, raises the emergency
    answer when it is sure. The reason says what fired ("pattern", "classifier", "both" or
    None) even when the learned signal may not decide, so the evaluation can compare."""
    learned = score is not None and score >= danger_model.THRESHOLD
    reason = {(True, True): "both", (True, False): "pattern", (False, True): "classifier"}
    return {
        "emergency": pattern or (learned and use_learned),
        "reason": reason.get((pattern, learned)),
        "probability": score,
    }
