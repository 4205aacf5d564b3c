"""Decide a chat message's language: explicit choice, script, lexicon, then langdetect.

Short messages fool statistical detectors ("hej" comes out Albanian), so the statistics only
speak when the message is long enough and the answer is confident; otherwise the decision is
None and the conversation keeps its language.
"""

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, FrozenSet, List, Optional, Pattern, Tuple

import yaml
from langdetect import DetectorFactory
from langdetect.detector_factory import init_factory
from langdetect.lang_detect_exception import LangDetectException

from bot.safety.text import fold

HERE = Path(__file__).parent
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?", re.UNICODE)


@dataclass(frozen=True)
class Decision:
    """What the detector concluded; `language` None means: keep the conversation's language."""

    language: Optional[str]
    confidence: float
    method: str
    explicit: bool = False
    unsupported: Optional[str] = None


@dataclass(frozen=True)
class LanguageConfig:
    supported: Tuple[str, ...]
    langdetect_codes: Dict[str, str]
    rtl: FrozenSet[str]
    unsupported: Tuple[str, ...]
    lexicon: Dict[str, FrozenSet[str]]
    choices: Dict[str, List[Pattern[str]]]


def _read(name: str) -> dict:
    return yaml.safe_load((HERE / name).read_text(encoding="utf-8")) or {}


@lru_cache(maxsize=1)
def load_config() -> LanguageConfig:
    """Read the language data files once."""
    langs = _read("languages.yml")
    supported = tuple(langs["languages"])
    lexicon = {
        lang: frozenset(fold(w) for w in words)
        for lang, words in _read("lexicon.yml").items()
        if lang in supported
    }
    choices = {
        lang: [re.compile(p) for p in patterns]
        for lang, patterns in _read("choices.yml").items()
        if lang in supported
    }
    return LanguageConfig(
        supported=supported,
        langdetect_codes={
            code: spec["langdetect"]
            for code, spec in langs["languages"].items()
            if spec.get("langdetect")
        },
        rtl=frozenset(code for code, spec in langs["languages"].items() if spec.get("rtl")),
        unsupported=tuple(langs.get("recognised_unsupported", [])),
        lexicon=lexicon,
        choices=choices,
    )


def _factory():
    """langdetect's profiles, loaded once, seeded so that the same text gives the same answer."""
    init_factory()
    from langdetect import detector_factory

    DetectorFactory.seed = 0
    return detector_factory._factory


def explicit_choice(folded: str, config: LanguageConfig) -> Optional[str]:
    for lang, patterns in config.choices.items():
        if any(p.search(folded) for p in patterns):
            return lang
    return None


def by_script(text: str, config: LanguageConfig) -> Optional[Decision]:
    """Scripts that settle the question (extended per language in issue-level data)."""
    return None


def by_lexicon(folded: str, config: LanguageConfig) -> Optional[Decision]:
    """All words of a short message in exactly one language's list of common chat words."""
    words = _WORD.findall(folded)
    if not words or len(words) > 6:
        return None
    phrase_hits = [lang for lang, lex in config.lexicon.items() if folded.strip(" .!?") in lex]
    if len(phrase_hits) == 1:
        return Decision(phrase_hits[0], 0.95, "lexicon")
    scores = {lang: sum(w in lex for w in words) for lang, lex in config.lexicon.items()}
    best = max(scores.values(), default=0)
    leaders = [lang for lang, score in scores.items() if score == best]
    if best and len(leaders) == 1 and best >= max(1, (len(words) + 1) // 2):
        return Decision(leaders[0], 0.9, "lexicon")
    return None


def langdetect_probabilities(text: str, codes: Tuple[str, ...]) -> Dict[str, float]:
    """Seeded langdetect probabilities restricted to `codes` and renormalised."""
    factory = _factory()
    known = [c for c in codes if c in factory.langlist]
    if not known:
        return {}
    detector = factory.create()
    detector.set_prior_map({c: 1.0 for c in known})
    detector.append(text)
    try:
        detector._detect_block()
    except LangDetectException:
        return {}
    probs = {lang: detector.langprob[i] for i, lang in enumerate(factory.langlist) if lang in known}
    total = sum(probs.values())
    return {lang: p / total for lang, p in probs.items()} if total else {}


def statistical(
    text: str, config: LanguageConfig, min_chars: int, min_confidence: float
) -> Optional[Decision]:
    """langdetect, trusted only on longer messages and only when clearly ahead."""
    letters = sum(ch.isalpha() for ch in text)
    if letters < min_chars:
        return None
    to_code = {v: k for k, v in config.langdetect_codes.items()}
    everything = tuple(config.langdetect_codes.values()) + config.unsupported
    wide = langdetect_probabilities(text, everything)
    if wide:
        top, p = max(wide.items(), key=lambda kv: kv[1])
        if top in config.unsupported and p >= min_confidence and letters >= 2 * min_chars:
            return Decision(None, p, "langdetect", unsupported=top)
    narrow = langdetect_probabilities(text, tuple(config.langdetect_codes.values()))
    if not narrow:
        return None
    top, p = max(narrow.items(), key=lambda kv: kv[1])
    # Restricted to a few languages anything looks confident; gibberish must also win unrestricted.
    if p >= min_confidence and wide.get(top, 0.0) >= 0.5:
        return Decision(to_code[top], p, "langdetect")
    return None


def detect(
    text: str,
    *,
    min_chars: int = 12,
    min_confidence: float = 0.9,
    config: Optional[LanguageConfig] = None,
) -> Decision:
    """The language of one message, or None where the message does not say it clearly."""
    config = config or load_config()
    folded = fold(text)
    chosen = explicit_choice(folded, config)
    if chosen:
        return Decision(chosen, 1.0, "explicit", explicit=True)
    for step in (by_script(text, config), by_lexicon(folded, config)):
        if step:
            return step
    return statistical(text, config, min_chars, min_confidence) or Decision(None, 0.0, "unsure")
