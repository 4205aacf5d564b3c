"""The person-fact patterns: one file per language, every example gives exactly its facts, also
when every language's patterns run together as they do in the assistant."""

from pathlib import Path

import pytest
import yaml

from bot.language.detect import load_config
from bot.person.check import problems
from bot.person.facts import PATTERNS_DIR, age_group_of, find_facts

FILES = sorted(PATTERNS_DIR.glob("*.yml"))


def test_every_language_has_a_pattern_file():
    assert {p.stem for p in FILES} == set(load_config().supported)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_each_example_gives_its_facts_with_its_own_patterns(path):
    assert problems(path) == []


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_no_other_language_adds_a_fact(path: Path):
    wrong = []
    for example in yaml.safe_load(path.read_text(encoding="utf-8")).get("examples") or []:
        want = dict(example.get("facts") or {})
        if "age" in want:
            want.setdefault("age_group", age_group_of(int(want["age"])))
        got = find_facts(example["text"]).as_dict()
        if got != want:
            wrong.append((example["text"], want, got))
    assert wrong == []


def test_enough_examples_per_language():
    for path in FILES:
        examples = yaml.safe_load(path.read_text(encoding="utf-8")).get("examples") or []
        assert len(examples) >= 20, path.stem
