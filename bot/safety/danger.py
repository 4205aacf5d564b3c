"""Detect immediate danger with per-language patterns (bot/safety/danger_patterns.yml)."""

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional, Pattern

import yaml

from bot.safety.text import fold

PATTERNS_FILE = Path(__file__).with_name("danger_patterns.yml")


@dataclass(frozen=True)
class DangerMatch:
    language: str
    pattern: str


@lru_cache(maxsize=4)
def load_patterns(path: Path = PATTERNS_FILE) -> Dict[str, List[Pattern[str]]]:
    """Compile every language's patterns once; they are written against folded text."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {
        lang: [re.compile(p) for p in spec["patterns"]] for lang, spec in raw["languages"].items()
    }


def find_danger(
    text: str, patterns: Optional[Dict[str, List[Pattern[str]]]] = None
) -> Optional[DangerMatch]:
    """Check every language's patterns: a scared person may mix languages."""
    folded = fold(text)
    for lang, compiled in (patterns or load_patterns()).items():
        for pattern in compiled:
            if pattern.search(folded):
                return DangerMatch(language=lang, pattern=pattern.pattern)
    return None
