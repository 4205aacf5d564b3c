"""Check a person-pattern file against its own examples: python -m bot.person.check FILE..."""

import sys
from pathlib import Path
from typing import List

import yaml

from bot.person.facts import PatternFileError, age_group_of, facts_in, read_rules


def problems(path: Path) -> List[str]:
    """Every example whose facts differ from what the file's patterns give."""
    try:
        rules = read_rules(path)
    except PatternFileError as error:
        return [str(error)]
    spec = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    found = []
    for example in spec.get("examples") or []:
        got = facts_in(example["text"], {path.stem: rules}).as_dict()
        want = dict(example.get("facts") or {})
        if "age" in want:  # the group follows from the age
            want.setdefault("age_group", age_group_of(int(want["age"])))
        if got != want:
            found.append(f"{path.name}: {example['text']!r}: expected {want}, got {got}")
    return found


def main(argv: List[str]) -> int:
    failures = [p for arg in argv for p in problems(Path(arg))]
    print(
        "\n".join(failures) if failures else f"{len(argv)} file(s): every example gives its facts"
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
