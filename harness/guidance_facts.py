"""Facts in a staff answer that its sources do not hold: numbers, dates and owners.

A staff answer may only state what the action plan (../shared/handlingsplan-vinr-2026-2028.txt)
or the facts file (../shared/directory-facts.yml) says. This reads the claims a reader would act
on out of an answer's text: every number (phone numbers, years, hours, "three hours"), every month
with its year, and for an item about one of the plan's measures, that measure's date and owner,
and reports those not found. Used by the tests (every answer of the shipped guidance) and by the
staff evaluation (every answer the chat gave).
"""

import re
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Set

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
PLAN_TEXT = SHARED / "handlingsplan-vinr-2026-2028.txt"
FACTS_FILE = SHARED / "directory-facts.yml"

NUMBER_WORDS = {
    **dict.fromkeys(["två", "two", "twice"], 2),
    **dict.fromkeys(["tre", "three"], 3),
    **dict.fromkeys(["fyra", "four"], 4),
    **dict.fromkeys(["fem", "five"], 5),
    **dict.fromkeys(["sju", "seven"], 7),
    **dict.fromkeys(["åtta", "eight"], 8),
    **dict.fromkeys(["nio", "nine"], 9),
    **dict.fromkeys(["tio", "ten"], 10),
}
# Swedish first: the plan is in Swedish, so a date is looked up by its Swedish month.
MONTH_NAMES = [
    ("januari", "january"),
    ("februari", "february"),
    ("mars", "march"),
    ("april",),
    ("maj", "may"),
    ("juni", "june"),
    ("juli", "july"),
    ("augusti", "august"),
    ("september",),
    ("oktober", "october"),
    ("november",),
    ("december",),
]
MONTHS = {name: number for number, names in enumerate(MONTH_NAMES, 1) for name in names}
# Who the plan makes responsible, as the answers name them ("IFO", "staben", "the staff office").
OWNERS = {"ifo": re.compile(r"\bifo\b"), "stab": re.compile(r"\bstab(en)?\b|\bstaff office\b")}
_DIGITS = re.compile(r"\d+(?:[ \-–/]\d+)*")
_MONTH_YEAR = re.compile(r"\b(" + "|".join(MONTHS) + r")\s+(\d{4})\b", re.IGNORECASE)
_WORD = re.compile(r"\w+", re.UNICODE)


def _flat(text: str) -> str:
    return " ".join(text.casefold().split())


class Sources:
    """The plan's and the facts file's text, ready for lookups."""

    def __init__(self, texts: Iterable[str]) -> None:
        self.text = _flat(" ".join(texts))
        runs = _DIGITS.findall(self.text)
        self.numbers: Set[str] = {re.sub(r"\D", "", run) for run in runs}
        self.numbers |= {part for run in runs for part in re.split(r"\D+", run) if part}
        self.words: Set[str] = set(_WORD.findall(self.text))

    @classmethod
    def shared(cls) -> Optional["Sources"]:
        """The plan and the facts file beside the project, or None where they are not."""
        if not (PLAN_TEXT.exists() and FACTS_FILE.exists()):
            return None
        return cls(p.read_text(encoding="utf-8") for p in (PLAN_TEXT, FACTS_FILE))

    def has_month(self, month: int, year: str) -> bool:
        return f"{MONTH_NAMES[month - 1][0]} {year}" in self.text


def unsupported(text: str, sources: Sources) -> List[str]:
    """Numbers and dates in the text that the sources do not hold."""
    found = []
    for run in _DIGITS.findall(text):
        digits = re.sub(r"\D", "", run)
        parts = [p for p in re.split(r"\D+", run) if p]
        if digits not in sources.numbers and not all(p in sources.numbers for p in parts):
            found.append(run)
    for word in _WORD.findall(text.casefold()):
        number = NUMBER_WORDS.get(word)
        if number is not None and str(number) not in sources.numbers and word not in sources.words:
            found.append(word)
    for month, year in _MONTH_YEAR.findall(text):
        if not sources.has_month(MONTHS[month.casefold()], year):
            found.append(f"{month} {year}")
    return found


def measure_mismatches(text: str, measure: Dict[str, Any]) -> List[str]:
    """The answer about a measure names its due date and no owner the plan does not give it.
    Service lines ("• Socialtjänsten (IFO) ...") are cards, not owners: they are left out."""
    text = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("•"))
    problems = []
    due = str(measure.get("due") or "")
    named = {(MONTHS[m.casefold()], y) for m, y in _MONTH_YEAR.findall(text)}
    if "-" in due:
        year, month = due.split("-")
        if named and (int(month), year) not in named:
            problems.append(f"names {sorted(named)}, the plan says {due}")
    elif due and named and all(y != due for _, y in named):
        problems.append(f"names {sorted(named)}, the plan says {due}")
    responsible = _flat(str(measure.get("responsible") or ""))
    for owner, pattern in OWNERS.items():
        if pattern.search(_flat(text)) and owner not in responsible:
            problems.append(f"names {owner} as responsible, the plan says {measure['responsible']}")
    return problems
