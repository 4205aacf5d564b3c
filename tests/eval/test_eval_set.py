"""The referral evaluation set (tests/eval/conversations.yml) is well-formed and held out.

Held out: no evaluation message may appear verbatim (lower-cased, punctuation stripped) among the
training examples in data/nlu, or the evaluation would measure memory, not understanding.
"""

import re
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Dict, List, Set

import pytest
import yaml

from bot.language.detect import all_languages
from harness.nlu_files import examples

ROOT = Path(__file__).resolve().parents[2]
CASES_FILES = sorted((ROOT / "tests" / "eval").glob("conversations*.yml"))
FIELDS = {"id", "role", "topic", "language", "turns", "expect_any", "expect_all", "emergency"}
EXTRA_TOPICS = {"emergency", "unclear", "smalltalk", "unsupported_language"}
# sv and en cover every need; every other language at least the core journeys
CORE_TOPICS = {"victim_violence", "child_victim", "perpetrator", "relative", "emergency"}
MIN_CASES, MIN_EMERGENCY, MIN_UNCLEAR = 200, 25, 10
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}([_-][a-z0-9]+)?$|^lattlast$")
# Entity annotations in Rasa examples: [text](entity) or [text]{"entity": ...}
ANNOTATION = re.compile(r"\[([^\]]*)\](\([^)]*\)|\{[^}]*\})")


def normalise(text: str) -> str:
    """Lower-case, punctuation and symbols removed, whitespace collapsed."""
    text = unicodedata.normalize("NFC", text.lower())
    kept = "".join(c if unicodedata.category(c)[0] not in "PS" else " " for c in text)
    return " ".join(kept.split())


def load_cases() -> List[dict]:
    return [c for p in CASES_FILES for c in yaml.safe_load(p.read_text(encoding="utf-8"))["cases"]]


def directory_ids() -> Set[str]:
    ids = set()
    for path in (ROOT / "directory" / "entries").rglob("*.yml"):
        entry = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        ids.add(str(entry.get("id", path.stem)))
    return ids


def training_examples() -> Set[str]:
    """Every intent example in data/nlu/**, normalised."""
    return {
        normalise(ANNOTATION.sub(r"\1", text))
        for path in (ROOT / "data" / "nlu").rglob("*.yml")
        for text, _intent in examples(path)
    }


def needs() -> Set[str]:
    return set(yaml.safe_load((ROOT / "actions" / "needs.yml").read_text(encoding="utf-8")))


def asked_needs() -> Set[str]:
    """Needs a person asks for (an intent of the same name), and the ones the routes of those
    lead to when the person says who they are ("man", "under 18"); the finer variants for the
    man/woman/trans split are covered by the blind referral set and tests/actions."""
    table = yaml.safe_load((ROOT / "actions" / "needs.yml").read_text(encoding="utf-8"))
    variants = {"ask_open_now_not_woman", "child_sexual_abuse_child", "elder_abuse_man",
                "elder_abuse_woman", "stalking_not_woman"}  # fmt: skip
    return set(table) - variants


def roles() -> Set[str]:
    taxonomy = yaml.safe_load((ROOT / "directory" / "taxonomy.yml").read_text(encoding="utf-8"))
    return set(taxonomy["audiences"]) | {"unknown"}


@pytest.fixture(scope="module")
def cases() -> List[dict]:
    return load_cases()


def test_enough_cases(cases):
    assert len(cases) >= MIN_CASES
    assert sum(c["topic"] == "emergency" for c in cases) >= MIN_EMERGENCY
    assert sum(c["topic"] == "unclear" for c in cases) >= MIN_UNCLEAR


def test_every_case_is_well_formed(cases):
    known_ids, topics, known_roles = directory_ids(), needs() | EXTRA_TOPICS, roles()
    problems: List[str] = []
    for case in cases:
        cid = case.get("id", "?")
        if set(case) != FIELDS:
            problems.append(f"{cid}: fields {sorted(set(case) ^ FIELDS)} missing or unknown")
            continue
        if case["role"] not in known_roles:
            problems.append(f"{cid}: unknown role {case['role']!r}")
        if case["topic"] not in topics:
            problems.append(f"{cid}: unknown topic {case['topic']!r}")
        if not LANGUAGE_CODE.match(str(case["language"])):
            problems.append(f"{cid}: language {case['language']!r} is not a language code")
        turns = case["turns"]
        if not turns or not all(isinstance(t, str) and t.strip() for t in turns):
            problems.append(f"{cid}: turns must be non-empty strings")
        for key in ("expect_any", "expect_all"):
            unknown = set(case[key]) - known_ids
            if unknown:
                problems.append(f"{cid}: {key} has ids not in the directory: {sorted(unknown)}")
        if not isinstance(case["emergency"], bool):
            problems.append(f"{cid}: emergency must be true or false")
        elif case["emergency"] != (case["topic"] == "emergency"):
            problems.append(f"{cid}: emergency must be true exactly for the emergency topic")
        if case["emergency"] and "sos-112" not in case["expect_all"]:
            problems.append(f"{cid}: an emergency case must expect sos-112")
    duplicates = [i for i, n in Counter(c.get("id") for c in cases).items() if n > 1]
    if duplicates:
        problems.append(f"duplicate ids: {duplicates}")
    assert not problems, "\n".join(problems)


def test_every_need_and_language_is_covered(cases):
    by_language: Dict[str, Set[str]] = {}
    for case in cases:
        by_language.setdefault(case["language"], set()).add(case["topic"])
    for language in ("sv", "en"):
        missing = (asked_needs() | {"emergency", "unclear"}) - by_language[language]
        assert not missing, f"{language}: no cases for {sorted(missing)}"
    for language in set(all_languages()) - {"sv", "en"}:
        missing = CORE_TOPICS - by_language.get(language, set())
        assert not missing, f"{language}: no cases for {sorted(missing)}"


def _formula(case: dict, index: int, text: str) -> bool:
    """A greeting, thanks, "ok" or language choice of at most three words that only sets the scene
    (or is the whole point of a small-talk case): such formulas have a handful of spellings and
    every language's training data has them. The messages a referral is judged on are checked."""
    judged = index == len(case["turns"]) - 1 and case["topic"] != "smalltalk"
    return len(normalise(text).split()) <= 3 and not judged


def test_no_message_is_copied_from_the_training_data(cases):
    training = training_examples()
    assert training, "no training examples found in data/nlu"
    copied = sorted(
        {
            f"{c['id']}: {t}"
            for c in cases
            for i, t in enumerate(c["turns"])
            if normalise(t) in training and not _formula(c, i, t)
        }
    )
    assert not copied, "evaluation messages found verbatim in data/nlu:\n" + "\n".join(copied)


def test_no_message_is_repeated_within_the_set(cases):
    seen = Counter(normalise(t) for c in cases for t in c["turns"])
    assert not [t for t, n in seen.items() if n > 1 and t]
