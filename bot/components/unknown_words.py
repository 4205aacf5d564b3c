"""UnknownWordsFallback: a message with no word the assistant has ever seen counts as unclear.

Logistic regression always picks some intent, even for "asdfgh qwerty"; this component turns
messages made only of unseen words into `nlu_fallback`, so they get the unclear answer (24/7
lines and buttons) instead of a confident wrong one.
"""

import json
from typing import Any, Dict, List, Optional, Set, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.components.intents import override_intent
from bot.safety.text import fold

VOCABULARY_FILE = "vocabulary.json"


def words(text: str) -> List[str]:
    return [
        w for w in "".join(c if c.isalnum() else " " for c in fold(text)).split() if not w.isdigit()
    ]


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class UnknownWordsFallback(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            # the intent unclear messages get (FallbackClassifier's, so the same rule answers)
            "fallback_intent": "nlu_fallback",
            # at least this share of a message's words must be known, or it is unclear
            "min_known_share": 0.01,
        }

    def __init__(
        self,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        vocabulary: Optional[Set[str]] = None,
    ) -> None:
        if not 0.0 <= float(config["min_known_share"]) <= 1.0:
            raise ValueError("UnknownWordsFallback: 'min_known_share' must be between 0 and 1.")
        self._config = config
        self._storage = model_storage
        self._resource = resource
        self._vocabulary = vocabulary or set()

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "UnknownWordsFallback":
        return cls(config, model_storage, resource)

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "UnknownWordsFallback":
        with model_storage.read_from(resource) as folder:
            vocabulary = set(json.loads((folder / VOCABULARY_FILE).read_text(encoding="utf-8")))
        return cls(config, model_storage, resource, vocabulary)

    def train(self, training_data: TrainingData) -> Resource:
        self._vocabulary = {
            w for m in training_data.intent_examples for w in words(m.get(TEXT) or "")
        }
        with self._storage.write_to(self._resource) as folder:
            (folder / VOCABULARY_FILE).write_text(
                json.dumps(sorted(self._vocabulary)), encoding="utf-8"
            )
        return self._resource

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            tokens = words(message.get(TEXT) or "")
            if not tokens:
                continue
            known = sum(t in self._vocabulary for t in tokens) / len(tokens)
            if known < float(self._config["min_known_share"]):
                override_intent(message, self._config["fallback_intent"])
        return messages
