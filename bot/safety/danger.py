"""Detect immediate danger with per-language patterns (bot/safety/danger_patterns/<lang>.yml)."""

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional, Pattern

import yaml

from bot.safety.text import fold

PATTERNS_DIR = Path(__file__).with_name("danger_patterns")


@dataclass(frozen=True)
class DangerMatch:
    language: str
    pattern: str


@lru_cache(maxsize=4)
def _load(directory: Path) -> Dict[str, Dict[str, List[Pattern[str]]]]:
    """Every language file's pattern lists, compiled once (written for folded text)."""
    rules = {}
    for path in sorted(directory.glob("*.yml")):
        spec = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        rules[path.stem] = {
            key: [re.compile(p) for p in spec.get(key) or []]
            for key in ("patterns", "habitual", "now")
        }
    return rules


def load_patterns(directory: Path = PATTERNS_DIR) -> Dict[str, List[Pattern[str]]]:
    """The danger patterns per language."""
    return {lang: rules["patterns"] for lang, rules in _load(directory).items()}


def _any(folded: str, key: str, directory: Path) -> bool:
    return any(p.search(folded) for rules in _load(directory).values() for p in rules[key])


def find_danger(text: str, directory: Path = PATTERNS_DIR) -> Optional[DangerMatch]:
    """Check every language's patterns: a scared person may mix languages.

    A message about what used to happen or happens every day ("last week", "varje dag") is not
    immediate danger, unless it also says now ("now", "ikväll"): it gets the referral, whose
    text still says to call 112 in danger.
    """
    folded = fold(text)
    for lang, rules in _load(directory).items():
        for pattern in rules["patterns"]:
            if pattern.search(folded):
                if _any(folded, "habitual", directory) and not _any(folded, "now", directory):
                    return None
                return DangerMatch(language=lang, pattern=pattern.pattern)
    return None
