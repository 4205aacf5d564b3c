"""EmergencyDetector: the danger decision (patterns, DangerClassifier's learned signal and the
intent classifier's `emergency` guess) that overrides the classifier's intent."""

from typing import Any, Dict, List, Optional, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.components.annotator import MessageAnnotator
from bot.components.danger_classifier import DANGER_PROBABILITY
from bot.components.intents import fallback_threshold, override_intent
from bot.safety import danger_model
from bot.safety.danger import find_danger

DANGER_LANGUAGE = "danger_language"
DANGER = "danger"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class EmergencyDetector(MessageAnnotator):
    """Sets the intent to the emergency intent when the danger decision says so, whatever the
    intent classifier said, and takes its `emergency` guess back when the decision says no.

    Place it after the classifiers (and after FallbackClassifier) so that its word is final.
    """

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            # the intent whose rule answers with the static emergency response
            "intent": "emergency",
            # whether DangerClassifier's probability takes part in the decision; off (or no
            # model): it is only reported, and the patterns and the intent classifier decide.
            # On, it replaces the intent classifier's `emergency` guess: on the development
            # sets that guess added no danger caught and 0.4 points of false alarms.
            "learned_signal": False,
            # the learned probability from which the signal alone raises the emergency answer
            "threshold": danger_model.THRESHOLD,
            # ... and in a message under `veto_min_words` words: a few words give the model
            # little to go on ("there is a small child at home"), and the patterns carry the
            # short cries for help
            "short_threshold": danger_model.THRESHOLD,
            # below this probability the learned signal overrules a pattern (0: never)
            "pattern_veto_below": 0.0,
            # a shorter message's pattern is never overruled: a cry for help ("jag blir strypt")
            # has no room for the "last year" or "what if" that makes a longer message calm
            "veto_min_words": 7,
        }

    def __init__(self, config: Dict[Text, Any]) -> None:
        if not isinstance(config.get("intent"), str) or not config["intent"]:
            raise ValueError("EmergencyDetector needs a non-empty 'intent' name.")
        for key in ("threshold", "short_threshold", "pattern_veto_below"):
            if not 0.0 <= float(config[key]) <= 1.0:
                raise ValueError(f"EmergencyDetector '{key}' must be between 0 and 1.")
        super().__init__(config)
        self._intent = config["intent"]

    def annotate(self, message: Message) -> None:
        text: Optional[str] = message.get(TEXT)
        match = find_danger(text) if text else None
        guessed = (message.get(INTENT) or {}).get("name") == self._intent
        short = len((text or "").split()) < int(self._config["veto_min_words"])
        decision = danger_decision(
            match is not None,
            guessed,
            message.get(DANGER_PROBABILITY),
            decides=bool(self._config["learned_signal"]),
            threshold=float(self._config["short_threshold" if short else "threshold"]),
            veto_below=0.0 if short else float(self._config["pattern_veto_below"]),
        )
        # the decision and its reason, for tests and the evaluation (never logged with the text)
        message.set(DANGER, decision, add_to_output=True)
        if match is not None:
            # which language's pattern fired: a hint for LanguageDetector on unclear text
            message.set(DANGER_LANGUAGE, match.language)
        if decision["emergency"]:
            override_intent(message, self._intent)
        elif guessed:
            _take_back(message, self._intent)


def danger_decision(
    pattern: bool,
    intent: bool,
    score: Optional[float],
    decides: bool,
    threshold: float,
    veto_below: float,
) -> Dict[str, Any]:
    """Patterns are the floor; the learned signal, when it `decides` and has a score, raises
    the emergency answer from `threshold` and overrules a pattern below `veto_below`. Without
    it the intent classifier's `emergency` guess counts. The reason says what fired
    ("pattern", "classifier", "both", "intent" or None) even when the signal does not decide,
    so the evaluation can compare."""
    learned = score is not None and score >= threshold
    if not decides or score is None:
        emergency = pattern or intent
    else:
        emergency = (pattern and score >= veto_below) or learned
    reason = {(True, True): "both", (True, False): "pattern", (False, True): "classifier"}.get(
        (pattern, learned)
    )
    if reason is None and intent:
        reason = "intent"
    return {
        "emergency": emergency,
        "reason": reason,
        "probability": score,
        "pattern": pattern,
        "intent": intent,
    }


def _take_back(message: Message, emergency: str) -> None:
    """The intent classifier guessed danger and the decision says no: its next guess, or
    "unclear" when that is too weak (unclear still gives the 24/7 lines)."""
    ranking: List[Dict[str, Any]] = [
        r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != emergency
    ]
    if ranking and float(ranking[0].get("confidence") or 0.0) >= fallback_threshold():
        override_intent(message, ranking[0]["name"], ranking[0]["confidence"], ranking[1:])
    else:
        override_intent(message, DEFAULT_NLU_FALLBACK_INTENT_NAME, fallback_threshold(), ranking)
