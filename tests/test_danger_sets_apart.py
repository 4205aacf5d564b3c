"""The blind and development danger sets stay apart: no message of theirs is in any danger
training data, and none is in both sets."""

from pathlib import Path

import pytest
import yaml

from bot.safety.text import fold

ROOT = Path(__file__).resolve().parent.parent
BLIND = ROOT / "tests" / "blind" / "danger"
DEV = ROOT / "tests" / "dev" / "danger"
TRAINING = ROOT / "bot" / "safety" / "danger_training"


def texts(folder: Path, key=lambda item: item):
    found = {}
    for path in sorted(folder.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for item in data["danger"] + data["calm"]:
            found[fold(key(item))] = path.name
    return found


@pytest.mark.parametrize("folder", [BLIND, DEV], ids=["blind", "dev"])
def test_every_language_has_a_set_with_enough_of_each_kind(folder):
    from bot.language.detect import load_config

    for code in load_config().supported:
        data = yaml.safe_load((folder / f"{code}.yml").read_text(encoding="utf-8"))
        assert len(data["danger"]) >= 40 and len(data["calm"]) >= 40, code
        assert "without seeing" in data["written_by"], code


@pytest.mark.parametrize("folder", [BLIND, DEV], ids=["blind", "dev"])
def test_no_measured_message_is_in_the_training_data(folder):
    measured = texts(folder, key=lambda item: item["text"])
    training = texts(TRAINING)
    nlu = {
        fold(line.strip()[2:])
        for path in (ROOT / "data" / "nlu").rglob("*.yml")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip().startswith("- ")
    }
    assert sorted(set(measured) & (set(training) | nlu)) == []


def test_no_message_is_in_both_the_blind_and_the_development_set():
    both = set(texts(BLIND, key=lambda item: item["text"])) & set(
        texts(DEV, key=lambda item: item["text"])
    )
    assert sorted(both) == []
