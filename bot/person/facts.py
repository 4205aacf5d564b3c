"""What a message says about the person writing: gender, age, who harms them, ways they cannot
use, and who does violence to whom. Patterns per language in bot/person/patterns/ (README.md)."""

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, FrozenSet, List, Optional, Pattern, Tuple

import yaml

from bot.safety.text import fold

PATTERNS_DIR = Path(__file__).with_name("patterns")
# Keys whose values are chosen in file order; `age` and `role` are read differently.
VALUE_KEYS = ("gender", "age_group", "abuser", "contact", "wants")
GENDERS = ("woman", "man", "trans_nonbinary")
AGE_GROUPS = ("child", "young_adult", "adult", "older")
ABUSERS = (
    "partner", "ex_partner", "parent", "step_parent", "child", "grandchild", "sibling",
    "relative", "carer", "family",
)  # fmt: skip
CONTACT_LIMITS = ("deaf", "cannot_speak")
WISHES = ("anonymous",)  # what the person asks for about the help itself
ROLES = ("exposed", "uses_violence")
ALLOWED = {
    "gender": GENDERS,
    "age_group": AGE_GROUPS,
    "abuser": ABUSERS,
    "contact": CONTACT_LIMITS,
    "wants": WISHES,
    "role": ROLES,
}
# Ages people might state; anything else is a misreading ("jag är 1000 år gammal").
OLDEST_AGE = 120

Rules = Dict[str, List[Tuple[str, Pattern[str]]]]
# The scripts a language's patterns are written in: a message with no letter of them cannot
# match, so its patterns are skipped (most messages need one script's patterns only).
SCRIPTS = {
    "latin": re.compile("[a-z]"),
    "arabic": re.compile("[\u0600-\u06ff]"),
    "cyrillic": re.compile("[\u0400-\u04ff]"),
    "ethiopic": re.compile("[\u1200-\u139f]"),
}


def scripts_of(text: str) -> FrozenSet[str]:
    return frozenset(name for name, letters in SCRIPTS.items() if letters.search(text))


def main_script(text: str) -> List[str]:
    """The script most of the letters are in (a Swedish word in a Tigrinya example is not
    a reason to run Tigrinya patterns on Swedish text)."""
    counts = {name: len(letters.findall(text)) for name, letters in SCRIPTS.items()}
    best = max(counts, key=lambda name: counts[name])
    return [best] if counts[best] else []


@dataclass(frozen=True)
class Facts:
    """What one message says; None where it says nothing."""

    gender: Optional[str] = None
    age: Optional[int] = None
    age_group: Optional[str] = None
    abuser: Optional[str] = None
    contact: Optional[str] = None
    wants: Optional[str] = None
    role: Optional[str] = None  # exposed, uses_violence, or "both" (ask the person)

    def as_dict(self) -> Dict[str, object]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


def age_group_of(age: int) -> str:
    """The groups the directory's age limits and the needs speak of."""
    if age < 18:
        return "child"
    if age <= 25:
        return "young_adult"
    return "older" if age >= 65 else "adult"


class PatternFileError(ValueError):
    pass


def _compile(path: Path, key: str, value: str, pattern: str) -> Pattern[str]:
    try:
        compiled = re.compile(pattern)
    except re.error as error:
        raise PatternFileError(f"{path}: {key}.{value}: {error}: {pattern!r}") from None
    if key == "age" and compiled.groups != 1:
        raise PatternFileError(f"{path}: an age pattern needs exactly one group: {pattern!r}")
    return compiled


def read_rules(path: Path) -> Rules:
    """One language file as {key: [(value, pattern), ...]} in file order; unknown keys or values
    are errors, so a typo cannot silently match nothing."""
    spec = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    rules: Rules = {key: [] for key in (*VALUE_KEYS, "role", "age")}
    # the scripts its examples are written in (see SCRIPTS), as a pseudo-key
    examples = " ".join(fold(str(e.get("text", ""))) for e in spec.get("examples") or [])
    rules["scripts"] = [(name, SCRIPTS[name]) for name in main_script(examples)]
    for key, block in spec.items():
        if key in ("language", "written_by", "review", "examples"):
            continue
        if key == "age":
            rules["age"] = [("age", _compile(path, key, "age", p)) for p in block or []]
            continue
        if key not in ALLOWED:
            raise PatternFileError(f"{path}: unknown key {key!r}; use {', '.join(ALLOWED)}, age")
        for value, patterns in (block or {}).items():
            if value not in ALLOWED[key]:
                known = ", ".join(ALLOWED[key])
                raise PatternFileError(f"{path}: {key}: unknown value {value!r}; use {known}")
            rules[key] += [(value, _compile(path, key, value, p)) for p in patterns or []]
    return rules


def load_rules(directory: Path = PATTERNS_DIR) -> Dict[str, Rules]:
    """Every language's rules, compiled once per folder (a few seconds: the files are large)."""
    return _compiled(Path(directory))


@lru_cache(maxsize=4)
def _compiled(directory: Path) -> Dict[str, Rules]:
    return {path.stem: read_rules(path) for path in sorted(directory.glob("*.yml"))}


def _first_value(folded: str, rules: Rules, key: str) -> Optional[str]:
    for value, pattern in rules[key]:
        if pattern.search(folded):
            return value
    return None


def _age(folded: str, rules: Rules) -> Optional[int]:
    for _, pattern in rules["age"]:
        for found in pattern.finditer(folded):
            if (
                found.group(1)
                and found.group(1).isdigit()
                and 0 < int(found.group(1)) <= OLDEST_AGE
            ):
                return int(found.group(1))
    return None


def facts_in(text: str, languages: Dict[str, Rules]) -> Facts:
    """The facts of one message; a key found in several languages takes the first language's."""
    folded = fold(text)
    present = scripts_of(folded)
    found: Dict[str, object] = {}
    roles = set()
    for rules in languages.values():
        if rules["scripts"] and not any(name in present for name, _ in rules["scripts"]):
            continue
        for key in VALUE_KEYS:
            if key not in found:
                value = _first_value(folded, rules, key)
                if value:
                    found[key] = value
        if "age" not in found:
            age = _age(folded, rules)
            if age is not None:
                found["age"] = age
        roles |= {value for value, pattern in rules["role"] if pattern.search(folded)}
    if "age" in found:
        found["age_group"] = age_group_of(int(found["age"]))  # type: ignore[call-overload]
    if roles:
        found["role"] = "both" if len(roles) > 1 else roles.pop()
    return Facts(**found)  # type: ignore[arg-type]


# Easy Swedish is Swedish: a message in one is read with both files.
SIBLINGS = {"sv": ("lattlast",), "lattlast": ("sv",)}


def find_facts(
    text: str, languages: Optional[List[str]] = None, directory: Path = PATTERNS_DIR
) -> Facts:
    """The facts of one message, with the patterns of the given languages (the message's and
    the conversation's; easy Swedish and Swedish together), or every language's when none is
    known. Reading only the likely languages keeps a message to a few milliseconds."""
    every = load_rules(directory)
    if not languages:
        return facts_in(text, every)
    wanted = [lang for name in languages for lang in (name, *SIBLINGS.get(name, ()))]
    chosen = {lang: every[lang] for lang in dict.fromkeys(wanted) if lang in every}
    return facts_in(text, chosen or every)
