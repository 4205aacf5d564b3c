"""DangerClassifier: the learned danger signal (bot/safety/danger_model.py) as a pipeline
component. It only scores; EmergencyDetector, after it, decides with the patterns."""

from typing import Any, Dict, List, Optional, Text

import joblib
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.safety import danger_model

DANGER_PROBABILITY = "danger_probability"
MODEL_FILE = "danger_model.joblib"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class DangerClassifier(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            # the NLU intent whose examples count as danger besides the staged training files
            "emergency_intent": "emergency",
            # Rasa reuses a trained component while its config and NLU data are unchanged: the
            # training files and the model's code are outside both, so their hash is in here
            "training_inputs": danger_model.inputs_fingerprint(),
        }

    def __init__(
        self,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        model: Optional[Any] = None,
    ) -> None:
        self._config = config
        self._storage = model_storage
        self._resource = resource
        self._model = model

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "DangerClassifier":
        return cls(config, model_storage, resource)

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "DangerClassifier":
        with model_storage.read_from(resource) as folder:
            model = joblib.load(folder / MODEL_FILE)  # written by train() below, never fetched
        return cls(config, model_storage, resource, model)

    def train(self, training_data: TrainingData) -> Resource:
        danger, calm = danger_model.staged_examples()
        for example in training_data.intent_examples:
            text = example.get(TEXT) or ""
            if example.get(INTENT) == self._config["emergency_intent"]:
                danger.append(text)
            else:
                calm.append(text)
        self._model = danger_model.fit(danger, calm)
        with self._storage.write_to(self._resource) as folder:
            joblib.dump(self._model, folder / MODEL_FILE)
        return self._resource

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if text and self._model is not None:
                score = danger_model.probability(self._model, text)
                message.set(DANGER_PROBABILITY, round(score, 4), add_to_output=True)
        return messages
