"""The audience and topic vocabulary from taxonomy.yml."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, FrozenSet, Mapping

from ruamel.yaml import YAML

from .settings import TAXONOMY_PATH


@dataclass(frozen=True)
class Taxonomy:
    """Allowed audience and topic keys, with their labels per language."""

    audiences: Mapping[str, Mapping[str, str]]
    topics: Mapping[str, Mapping[str, str]]

    @property
    def audience_keys(self) -> FrozenSet[str]:
        return frozenset(self.audiences)

    @property
    def topic_keys(self) -> FrozenSet[str]:
        return frozenset(self.topics)


@lru_cache(maxsize=8)
def _load(path: Path, _mtime_ns: int) -> Taxonomy:
    with open(path, encoding="utf-8") as handle:
        data = YAML(typ="safe").load(handle) or {}

    def labels(section: str) -> Dict[str, Mapping[str, str]]:
        return {
            key: (value or {}).get("labels", {}) for key, value in (data.get(section) or {}).items()
        }

    return Taxonomy(audiences=labels("audiences"), topics=labels("topics"))


def load_taxonomy(path: Path | None = None) -> Taxonomy:
    """Read taxonomy.yml, re-reading it only when the file changes."""
    path = Path(path or TAXONOMY_PATH)
    return _load(path, path.stat().st_mtime_ns)
