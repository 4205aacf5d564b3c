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
def load_patterns(directory: Path = PATTERNS_DIR) -> Dict[str, List[Pattern[str]]]:
    """Compile every language's patterns once (one file per language, written for folded text)."""
    compiled = {}
    for path in sorted(directory.glob("*.yml")):
        spec = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        compiled[path.stem] = [re.compile(p) for p in spec.get("patterns") or []]
    return compiled


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
