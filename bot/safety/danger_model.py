"""The learned danger signal: character and word n-grams of the folded text, logistic
regression, one model for every language (a scared person may mix languages).

It stands beside the patterns (danger.py): a message is immediate danger when a pattern matches
or when this model is sure enough. Trained at `rasa train` by the DangerClassifier component
on bot/safety/danger_training/ and the `emergency` intent of data/nlu (against every other
intent); never on tests/blind/danger/, which measures it (`python -m bench.danger_eval`).
"""

import hashlib
from pathlib import Path
from typing import Any, List, Optional, Sequence, Tuple

import yaml
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline, make_union

from bot.safety.text import fold

TRAINING_DIR = Path(__file__).resolve().parent / "danger_training"
# Probability from which the model alone raises the emergency answer. Chosen on a held-out
# fifth of the training data (never on the blind sets): 0.5 kept false alarms at 4.9% there
# with 89.7% of danger messages caught; 0.4 caught 92.7% with 7.6% false alarms.
THRESHOLD = 0.5


def inputs_fingerprint(folder: Path = TRAINING_DIR) -> str:
    """A hash of the training files and of this module: changes when either changes."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    for path in sorted(folder.glob("*.yml")):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def staged_examples(folder: Path = TRAINING_DIR) -> Tuple[List[str], List[str]]:
    """(danger, calm) messages of every language's training file."""
    danger: List[str] = []
    calm: List[str] = []
    for path in sorted(folder.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if not isinstance(data.get("danger"), list) or not isinstance(data.get("calm"), list):
            raise ValueError(f"{path}: needs a `danger` list and a `calm` list of messages")
        danger += [str(t) for t in data["danger"]]
        calm += [str(t) for t in data["calm"]]
    return danger, calm


# How much more a staged example counts than an NLU example. The staged files are the near-misses
# that carry the difference (a knife now, a knife last year); the NLU examples are many and
# mostly far from danger. Chosen on the development sets (tests/dev/danger/): weight 1 caught
# 91.3% with 6.6% false alarms, 5 (with C=10) 93.3% with 4.4%.
STAGED_WEIGHT = 5.0


def fit(
    danger: Sequence[str], calm: Sequence[str], weights: Optional[Sequence[float]] = None
) -> Any:
    """A fitted scikit-learn pipeline on folded text; `probability(model, text)` reads it.
    `weights`, one per message (danger first, then calm), say how much each counts."""
    model = make_pipeline(
        make_union(
            # character n-grams: typos, missing diacritics, every script
            TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2),
            # words and word pairs: "han kommer" is not "han kom"
            TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
        ),
        # balanced: danger messages are a few hundred against thousands of calm ones
        LogisticRegression(C=10, class_weight="balanced", max_iter=2000, solver="liblinear"),
    )
    texts = [fold(t) for t in [*danger, *calm]]
    extra = {} if weights is None else {"logisticregression__sample_weight": list(weights)}
    model.fit(texts, [1] * len(danger) + [0] * len(calm), **extra)
    return model


def fit_with_staged(nlu_danger: Sequence[str], nlu_calm: Sequence[str]) -> Any:
    """The model as the assistant trains it: the staged files, each message counting
    STAGED_WEIGHT times, and the NLU examples."""
    danger, calm = staged_examples()
    weights = (
        [STAGED_WEIGHT] * len(danger)
        + [1.0] * len(nlu_danger)
        + [STAGED_WEIGHT] * len(calm)
        + [1.0] * len(nlu_calm)
    )
    return fit([*danger, *nlu_danger], [*calm, *nlu_calm], weights)


def probability(model: Any, text: str) -> float:
    return float(model.predict_proba([fold(text)])[0][1])
