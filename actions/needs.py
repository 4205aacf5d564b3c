"""The table of needs (actions/needs.yml): which directory query answers which intent."""

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, Tuple

import yaml

NEEDS_FILE = Path(__file__).with_name("needs.yml")


@dataclass(frozen=True)
class Need:
    name: str
    response: str
    audiences: Tuple[str, ...]
    topics: Tuple[str, ...]
    lead: Tuple[str, ...]


@lru_cache(maxsize=1)
def load_needs(path: Path = NEEDS_FILE) -> Dict[str, Need]:
    """Read the needs table once per process."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {
        name: Need(
            name=name,
            response=spec["response"],
            audiences=tuple(spec["audiences"]),
            topics=tuple(spec.get("topics", ())),
            lead=tuple(str(i) for i in spec.get("lead", ())),
        )
        for name, spec in raw.items()
    }
