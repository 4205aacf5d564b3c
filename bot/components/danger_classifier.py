"""DangerClassifier: the learned danger signal (bot/safety/danger_model.py) as a pipeline
component. It only scores; EmergencyDetector, after it, decides with the patterns."""

from pathlib import Path
from typing import Any, Dict, List, Text

import joblib
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.components.stored import StoredComponent
from bot.safety import danger_model

DANGER_PROBABILITY = "danger_probability"
MODEL_FILE = "danger_model.joblib"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class DangerClassifier(StoredComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            # the NLU intent whose examples count as danger besides the staged training files
            "emergency_intent": "emergency",
            # Rasa reuses a trained component while its config and NLU data are unchanged: the
            # training files and the model's code are outside both, so their hash is in here
            "training_inputs": danger_model.inputs_fingerprint(),
        }

    @classmethod
    def read(cls, folder: Path) -> Any:
        return joblib.load(folder / MODEL_FILE)

    def write(self, folder: Path) -> None:
        joblib.dump(self._learned, folder / MODEL_FILE)

    def train(self, training_data: TrainingData) -> Resource:
        nlu_danger: List[str] = []
        nlu_calm: List[str] = []
        for example in training_data.intent_examples:
            text = example.get(TEXT) or ""
            if example.get(INTENT) == self._config["emergency_intent"]:
                nlu_danger.append(text)
            else:
                nlu_calm.append(text)
        return self.save(danger_model.fit_with_staged(nlu_danger, nlu_calm))

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if text and self._learned is not None:
                score = danger_model.probability(self._learned, text)
                message.set(DANGER_PROBABILITY, round(score, 4), add_to_output=True)
        return messages
