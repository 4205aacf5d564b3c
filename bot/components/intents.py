"""The one way a component overrides the classifier's top intent, and the pipeline's fallback
threshold read once from config.yml (FallbackClassifier's), not copied into other components."""

from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Optional

import yaml
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY
from rasa.shared.nlu.training_data.message import Message

CONFIG = Path(__file__).resolve().parent.parent.parent / "config.yml"


def override_intent(
    message: Message,
    name: str,
    confidence: float = 1.0,
    ranking: Optional[List[Dict[str, Any]]] = None,
) -> None:
    """Make `name` the top intent; the other guesses stay below it, once each."""
    top = {"name": name, "confidence": confidence}
    rest = (message.get(INTENT_RANKING_KEY) or []) if ranking is None else ranking
    message.set(INTENT, top, add_to_output=True)
    message.set(
        INTENT_RANKING_KEY, [top, *(r for r in rest if r.get("name") != name)], add_to_output=True
    )


@lru_cache(maxsize=1)
def fallback_threshold(config: Path = CONFIG) -> float:
    """FallbackClassifier's threshold: below it a guess is no better than "unclear"."""
    pipeline = yaml.safe_load(config.read_text(encoding="utf-8"))["pipeline"]
    return float(next(c for c in pipeline if c["name"] == "FallbackClassifier")["threshold"])
