"""The shape every trained component of ours shares: what it learned is kept in Rasa's model
storage as one file, written after training and read back when the model loads."""

from pathlib import Path
from typing import Any, Dict, Optional, Text, TypeVar

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.training_data.training_data import TrainingData

Stored = TypeVar("Stored", bound="StoredComponent")


class StoredComponent(GraphComponent):
    """Subclasses implement `read(folder)` (the learned state, or raise) and `write(folder)`."""

    def __init__(
        self,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        learned: Optional[Any] = None,
    ) -> None:
        self._config = config
        self._storage = model_storage
        self._resource = resource
        self._learned: Any = learned

    @classmethod
    def create(
        cls: type[Stored],
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> Stored:
        return cls(config, model_storage, resource)

    @classmethod
    def load(
        cls: type[Stored],
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> Stored:
        with model_storage.read_from(resource) as folder:
            learned = cls.read(folder)  # written by save() after training, never fetched
        return cls(config, model_storage, resource, learned)

    def save(self, learned: Any) -> Resource:
        """Keep what training learned, in this process and in the model storage."""
        self._learned = learned
        with self._storage.write_to(self._resource) as folder:
            self.write(folder)
        return self._resource

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data  # learns from the data, adds nothing to it

    @classmethod
    def read(cls, folder: Path) -> Any:
        raise NotImplementedError

    def write(self, folder: Path) -> None:
        raise NotImplementedError
