"""A quick check of one language's NLU data, in seconds and without Rasa: for data writers.

    python -m bench.quick_nlu ar

Fits the same kind of model as config.yml (word 1-2-grams and char 2-5-grams, logistic
regression) on data/nlu/<lang>/ and scores tests/nlu/<lang>.yml. The real number comes from
`make eval-nlu` (the whole pipeline, every language in one model); this one is a close proxy.
"""

import sys
from pathlib import Path

from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import classification_report, f1_score
from sklearn.pipeline import make_pipeline, make_union

from harness.nlu_files import examples

ROOT = Path(__file__).resolve().parent.parent


def main(lang: str) -> None:
    train = [p for f in sorted((ROOT / "data" / "nlu" / lang).glob("*.yml")) for p in examples(f)]
    test = examples(ROOT / "tests" / "nlu" / f"{lang}.yml")
    seen = {t.lower() for t, _ in train}
    overlap = [t for t, _ in test if t.lower() in seen]
    model = make_pipeline(
        make_union(
            CountVectorizer(ngram_range=(1, 2)),
            CountVectorizer(analyzer="char_wb", ngram_range=(2, 5)),
        ),
        LogisticRegression(max_iter=2000),
    )
    model.fit([t for t, _ in train], [i for _, i in train])
    predicted = model.predict([t for t, _ in test])
    truth = [i for _, i in test]
    print(classification_report(truth, predicted, zero_division=0))
    for (text, want), got in zip(test, predicted, strict=True):
        if want != got:
            print(f"  {want:>24} -> {got:<24} {text}")
    print(f"{lang}: {len(train)} training, {len(test)} held out, ", end="")
    print(f"{len(overlap)} held-out verbatim in training")
    print(f"{lang}: macro-F1 {f1_score(truth, predicted, average='macro'):.3f}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "sv")
