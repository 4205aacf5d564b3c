"""The blind danger sets stay blind: no message of theirs is in any danger training data."""

from pathlib import Path

import yaml

from bot.safety.text import fold

ROOT = Path(__file__).resolve().parent.parent
BLIND = ROOT / "tests" / "blind" / "danger"
TRAINING = ROOT / "bot" / "safety" / "danger_training"


def texts(folder: Path, key=lambda item: item):
    found = {}
    for path in sorted(folder.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for item in data["danger"] + data["calm"]:
            found[fold(key(item))] = path.name
    return found


def test_every_language_has_a_blind_set_with_enough_of_each_kind():
    from bot.language.detect import load_config

    for code in load_config().supported:
        data = yaml.safe_load((BLIND / f"{code}.yml").read_text(encoding="utf-8"))
        assert len(data["danger"]) >= 40 and len(data["calm"]) >= 40, code
        assert "without seeing" in data["written_by"], code


def test_no_blind_message_is_in_the_training_data():
    blind = texts(BLIND, key=lambda item: item["text"])
    training = texts(TRAINING)
    nlu = {
        fold(line.strip()[2:])
        for path in (ROOT / "data" / "nlu").rglob("*.yml")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip().startswith("- ")
    }
    assert sorted(set(blind) & (set(training) | nlu)) == []
