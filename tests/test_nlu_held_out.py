"""The held-out NLU test sets (tests/nlu/<lang>.yml) are really held out, and big enough."""

from collections import Counter
from pathlib import Path

import pytest

from harness.nlu_files import examples

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = sorted(p.stem for p in (ROOT / "tests" / "nlu").glob("*.yml"))
# easy Swedish is tested on Swedish-trained intents with a smaller set (simple Swedish messages)
MIN_PER_INTENT = {"lattlast": 8}


def training(lang):
    folder = ROOT / "data" / "nlu" / ("sv" if lang == "lattlast" else lang)
    return [pair for path in sorted(folder.glob("*.yml")) for pair in examples(path)]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_held_out_message_is_in_the_training_data(lang):
    seen = {text.lower() for text, _ in training(lang)}
    held_out = examples(ROOT / "tests" / "nlu" / f"{lang}.yml")
    assert [text for text, _ in held_out if text.lower() in seen] == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_tested_intent_has_enough_messages_and_is_trained(lang):
    held_out = Counter(intent for _, intent in examples(ROOT / "tests" / "nlu" / f"{lang}.yml"))
    trained = {intent for _, intent in training(lang)}
    assert set(held_out) <= trained
    small = {i: n for i, n in held_out.items() if n < MIN_PER_INTENT.get(lang, 15)}
    assert small == {}
    if lang != "lattlast":
        # every intent of the language's training data is tested
        assert trained - {"unsupported_language"} <= set(held_out)
