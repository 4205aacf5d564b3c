"""The learned danger signal: character and word n-grams of the folded text, logistic
regression, one model for every language (a scared person may mix languages).

It stands beside the patterns (danger.py): a message is immediate danger when a pattern matches
or when this model is sure enough. Trained at `rasa train` by the DangerClassifier component
on bot/safety/danger_training/ and the `emergency` intent of data/nlu (against every other
intent); never on tests/blind/danger/, which measures it (`python -m bench.danger_eval`).
"""

import hashlib
from pathlib import Path
from typing import Any, List, Sequence, Tuple

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
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        danger += [str(t) for t in data["danger"]]
        calm += [str(t) for t in data["calm"]]
    return danger, calm


def fit(danger: Sequence[str], calm: Sequence[str]) -> Any:
    """A fitted scikit-learn pipeline on folded text; `probability(model, text)` reads it."""
    model = make_pipeline(
        make_union(
            # character n-grams: typos, missing diacritics, every script
            TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2),
            # words and word pairs: "han kommer" is not "han kom"
            TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
        ),
        # balanced: danger messages are a few hundred against thousands of calm ones
        LogisticRegression(C=4, class_weight="balanced", max_iter=2000, solver="liblinear"),
    )
    texts = [fold(t) for t in [*danger, *calm]]
    model.fit(texts, [1] * len(danger) + [0] * len(calm))
    return model


def probability(model: Any, text: str) -> float:
    return float(model.predict_proba([fold(text)])[0][1])
