"""UnknownWordsFallback: a message with no word the assistant has ever seen counts as unclear.

Logistic regression always picks some intent, even for "asdfgh qwerty"; this component turns
messages made only of unseen words into `nlu_fallback`, so they get the unclear answer (24/7
lines and buttons) instead of a confident wrong one.
"""

import json
from pathlib import Path
from typing import Any, Dict, List, Optional, Set, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.components.intents import override_intent
from bot.components.stored import StoredComponent
from bot.safety.text import fold

VOCABULARY_FILE = "vocabulary.json"


def words(text: str) -> List[str]:
    return [
        w for w in "".join(c if c.isalnum() else " " for c in fold(text)).split() if not w.isdigit()
    ]


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class UnknownWordsFallback(StoredComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            # the intent unclear messages get (FallbackClassifier's, so the same rule answers)
            "fallback_intent": DEFAULT_NLU_FALLBACK_INTENT_NAME,
            # at least this share of a message's words must be known, or it is unclear
            "min_known_share": 0.01,
        }

    def __init__(
        self,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        learned: Optional[Set[str]] = None,
    ) -> None:
        if not 0.0 <= float(config["min_known_share"]) <= 1.0:
            raise ValueError("UnknownWordsFallback: 'min_known_share' must be between 0 and 1.")
        super().__init__(config, model_storage, resource, learned or set())

    @classmethod
    def read(cls, folder: Path) -> Set[str]:
        return set(json.loads((folder / VOCABULARY_FILE).read_text(encoding="utf-8")))

    def write(self, folder: Path) -> None:
        (folder / VOCABULARY_FILE).write_text(json.dumps(sorted(self._learned)), encoding="utf-8")

    def train(self, training_data: TrainingData) -> Resource:
        return self.save(
            {w for m in training_data.intent_examples for w in words(m.get(TEXT) or "")}
        )

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            tokens = words(message.get(TEXT) or "")
            if not tokens:
                continue
            known = sum(t in self._learned for t in tokens) / len(tokens)
            if known < float(self._config["min_known_share"]):
                override_intent(message, self._config["fallback_intent"])
        return messages
