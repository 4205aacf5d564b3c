"""LanguageDetector: fills the `language` entity (so the slot) when a message says it clearly."""

from typing import Any, Dict, Optional, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.components.annotator import MessageAnnotator
from bot.components.emergency import DANGER_LANGUAGE
from bot.components.intents import fallback_threshold, override_intent
from bot.language.detect import detect, load_config


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class LanguageDetector(MessageAnnotator):
    """Explicit choice, script, lexicon, then seeded langdetect; unsure means keep the language.

    The processor passes the conversation's state as message metadata (bot/rasa_patches.py)
    (`language_locked`): after an explicit choice, only another explicit choice switches.
    """

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            # messages with fewer letters than this never go to langdetect
            "min_chars": 12,
            # langdetect's renormalised probability needed to switch language
            "min_confidence": 0.9,
            # the entity the slot mapping reads
            "entity": "language",
            # the entity that marks an explicit choice (fills the `language_locked` slot)
            "choice_entity": "language_choice",
            # the intent whose rule answers a language the assistant does not speak
            "unsupported_intent": "unsupported_language",
            # the danger check's intent: an unsupported language never overrides it
            "emergency_intent": "emergency",
        }

    def __init__(self, config: Dict[Text, Any]) -> None:
        if int(config["min_chars"]) < 1:
            raise ValueError("LanguageDetector: 'min_chars' must be at least 1.")
        if not 0.0 < float(config["min_confidence"]) <= 1.0:
            raise ValueError("LanguageDetector: 'min_confidence' must be in (0, 1].")
        super().__init__(config)

    def annotate(self, message: Message) -> None:
        text = message.get(TEXT)
        if not text:
            return
        decision = detect(
            text,
            min_chars=int(self._config["min_chars"]),
            min_confidence=float(self._config["min_confidence"]),
        )
        self._route_unsupported(message, decision.unsupported)
        metadata = message.get("metadata") or {}
        locked = bool(metadata.get("language_locked"))
        language = decision.language
        spoken = metadata.get("conversation_language")
        letters = sum(ch.isalpha() for ch in text)
        if spoken and not decision.explicit and letters < int(self._config["min_chars"]):
            # "tack" or "ok" in the middle of an Arabic conversation: still Arabic
            return
        if language is None and message.get(DANGER_LANGUAGE) in load_config().supported:
            # a scared, short message ("he's choking me"): the danger pattern's language will do
            language = message.get(DANGER_LANGUAGE)
        if language is None or (locked and not decision.explicit):
            return
        entity = {
            "entity": self._config["entity"],
            "value": language,
            "start": 0,
            "end": len(text),
            "confidence": decision.confidence,
            "extractor": self.__class__.__name__,
        }
        entities = [entity]
        if decision.explicit:
            entities.append({**entity, "entity": self._config["choice_entity"]})
        message.set(ENTITIES, [*(message.get(ENTITIES) or []), *entities], add_to_output=True)

    def _route_unsupported(self, message: Message, unsupported: Optional[str]) -> None:
        """A language we do not speak gets its own answer; a guess of it for ours is undone."""
        wanted = self._config["unsupported_intent"]
        intent = (message.get(INTENT) or {}).get("name")
        if intent == self._config["emergency_intent"]:
            return
        ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != wanted]
        if unsupported:
            override_intent(message, wanted, ranking=ranking)
        elif intent == wanted:
            # the classifier's next guess, or the unclear answer when it is a weak one
            if ranking and ranking[0].get("confidence", 0.0) >= fallback_threshold():
                override_intent(message, ranking[0]["name"], ranking[0]["confidence"], ranking)
            else:
                override_intent(message, DEFAULT_NLU_FALLBACK_INTENT_NAME, ranking=ranking)
