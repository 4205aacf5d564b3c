"""Rasa NLU files read without Rasa: (text, intent) pairs, for data checks and quick scores."""

from pathlib import Path
from typing import List, Tuple

import yaml


def examples(path: Path) -> List[Tuple[str, str]]:
    """(text, intent) pairs of one Rasa NLU file."""
    pairs = []
    for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu") or []:
        if "intent" not in block:
            continue
        for line in block["examples"].splitlines():
            line = line.strip()
            if line.startswith("- "):
                pairs.append((line[2:].strip(), block["intent"]))
    return pairs
