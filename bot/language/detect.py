"""Decide a chat message's language: explicit choice, script, lexicon, then langdetect.

Short messages fool statistical detectors ("hej" comes out Albanian), so the statistics only
speak when the message is long enough and the answer is confident; otherwise the decision is
None and the conversation keeps its language.

The order:
1. an explicit request ("på svenska", "in English", "po polsku", "بالعربي") always wins;
2. a script that settles it: Ethiopic is Tigrinya, Arabic script is Persian or Arabic (Persian
   letters and words), Cyrillic is Ukrainian unless it is clearly Russian;
3. the lexicon of common chat words (Latin script: sv, en, pl, so): at least half the words in
   one language's list, helped by spellings only one configured language uses (ą ł ż, cz, rz:
   Polish; å ä ö: Swedish; aa, uu, dh: Somali; th: English);
4. seeded langdetect restricted to the configured languages, on longer messages only, and never
   against the lexicon (nor Somali without any Somali word or spelling);
5. a short message the lexicon leans towards: lexicon and restricted langdetect must agree.

A script-settled language the configuration does not speak (a planned one, or Russian) gives
`Decision(None, ..., unsupported=code)`, as langdetect does for `recognised_unsupported`: the
conversation never switches to it.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, FrozenSet, Iterable, List, Optional, Pattern, Set, Tuple

import yaml
from langdetect import DetectorFactory
from langdetect.detector_factory import init_factory
from langdetect.lang_detect_exception import LangDetectException

from bot.safety.text import fold

HERE = Path(__file__).parent
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?", re.UNICODE)
MAX_LEXICON_WORDS = 12
MAX_PHRASE_WORDS = 5

# Scripts (code point ranges) that settle the language on their own or nearly so.
ETHIOPIC = ((0x1200, 0x139F), (0x2D80, 0x2DDF), (0xAB00, 0xAB2F))
ARABIC = ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))
CYRILLIC = ((0x0400, 0x052F), (0x1C80, 0x1C8F), (0x2DE0, 0x2DFF), (0xA640, 0xA69F))
# Letters of the Persian alphabet that Arabic does not use: پ چ ژ گ and the Persian kaf and ye.
PERSIAN_LETTERS = frozenset("\u067e\u0686\u0698\u06af\u06a9\u06cc")
# Arabic-keyboard letters a Persian keyboard does not type: ة ى ي ك أ إ.
ARABIC_LETTERS = frozenset("\u0629\u0649\u064a\u0643\u0623\u0625")
UKRAINIAN_LETTERS = frozenset("іїєґ")
RUSSIAN_LETTERS = frozenset("ыэъё")
NOT_SWEDISH_LETTERS = frozenset("üßñçõãø")
_REPEATS = re.compile(r"(.)\1+")
_VOWEL_REPEATS = re.compile(r"([aeiouy])\1+")
# langdetect's Somali profile claims many short English and Swedish messages: it may only name
# Somali when the lexicon or the spelling shows some Somali.
NEEDS_EVIDENCE = frozenset({"so"})


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
    """The data for one set of configured languages (`supported`)."""

    supported: Tuple[str, ...]
    langdetect_codes: Dict[str, str]
    rtl: FrozenSet[str]
    # langdetect codes recognised but not spoken (recognised_unsupported minus configured ones)
    unsupported: Tuple[str, ...]
    # the configured languages' common words (Latin ones without diacritics, see _key)
    lexicon: Dict[str, FrozenSet[str]]
    # the configured languages' explicit-request patterns, in file order
    choices: Dict[str, List[Pattern[str]]]
    # every language's words (configured, planned, recognised-unsupported): the script rules
    # use them whatever is configured
    known_lexicon: Dict[str, FrozenSet[str]]
    # Swedish names of services and places that people write in every language: no evidence
    shared_terms: FrozenSet[str] = frozenset()


def _read(name: str) -> dict:
    return yaml.safe_load((HERE / name).read_text(encoding="utf-8")) or {}


def _key(text: str) -> str:
    """The form words are compared in: folded, Latin diacritics dropped, Arabic normalised."""
    return " ".join(_WORD.findall(fold(text)))


def _words_of(spec) -> List[str]:
    """A lexicon block is `{review: ..., words: [...]}` (a bare list is read as the words)."""
    words = spec.get("words", []) if isinstance(spec, dict) else spec or []
    return [str(w) for w in words]


def language_specs() -> Dict[str, dict]:
    """Every language's block in languages.yml (name, rtl, langdetect): live, then planned."""
    langs = _read("languages.yml")
    return {**langs["languages"], **(langs.get("planned") or {})}


def all_languages() -> Tuple[str, ...]:
    """Every language of the product: the live ones, then the planned ones."""
    return tuple(language_specs())


@lru_cache(maxsize=1)
def _right_to_left() -> FrozenSet[str]:
    return frozenset(code for code, spec in language_specs().items() if spec.get("rtl"))


def text_direction(language: str) -> str:
    """ "rtl" for Arabic and Persian, so a website can lay the answer out right to left."""
    return "rtl" if language in _right_to_left() else "ltr"


def load_config(languages: Optional[Iterable[str]] = None) -> LanguageConfig:
    """The detector's data for `languages` (default: the live bot's `languages:` block).

    Any subset of the live and planned languages may be asked for, e.g.
    `load_config(all_languages())` for the evaluation with every language of the product.
    """
    return _load_config(tuple(languages) if languages is not None else None)


@lru_cache(maxsize=8)
def _load_config(languages: Optional[Tuple[str, ...]]) -> LanguageConfig:
    langs = _read("languages.yml")
    specs = {**(langs.get("planned") or {}), **langs["languages"]}
    supported = tuple(langs["languages"]) if languages is None else languages
    unknown = [code for code in supported if code not in specs]
    if unknown:
        raise ValueError(f"languages.yml knows no language {unknown}")
    raw_lexicon = _read("lexicon.yml")
    unsupported_words = raw_lexicon.pop("recognised_unsupported", None) or {}
    shared = frozenset(_key(w) for w in _words_of(raw_lexicon.pop("shared_terms", None)))
    known_lexicon = {
        lang: frozenset(_key(w) for w in _words_of(spec))
        for lang, spec in {**raw_lexicon, **unsupported_words}.items()
    }
    choices = {
        lang: [re.compile(p) for p in patterns]
        for lang, patterns in _read("choices.yml").items()
        if lang in supported
    }
    codes = {
        code: spec["langdetect"]
        for code, spec in specs.items()
        if code in supported and spec.get("langdetect")
    }
    recognised = [c for c in langs.get("recognised_unsupported", []) if c not in codes.values()]
    return LanguageConfig(
        supported=supported,
        langdetect_codes=codes,
        rtl=frozenset(code for code in supported if specs[code].get("rtl")),
        unsupported=tuple(recognised),
        lexicon={lang: known_lexicon.get(lang, frozenset()) for lang in supported},
        shared_terms=shared,
        choices=choices,
        known_lexicon=known_lexicon,
    )


def _factory():
    """langdetect's profiles, loaded once, seeded so that the same text gives the same answer."""
    init_factory()
    from langdetect import detector_factory

    DetectorFactory.seed = 0
    return detector_factory._factory


def _settle(lang: str, confidence: float, method: str, config: LanguageConfig) -> Decision:
    """A configured language is the answer; a known but unspoken one is reported as such."""
    if lang in config.supported:
        return Decision(lang, confidence, method)
    return Decision(None, confidence, method, unsupported=lang)


def explicit_choice(folded: str, config: LanguageConfig) -> Optional[str]:
    for lang, patterns in config.choices.items():
        if any(p.search(folded) for p in patterns):
            return lang
    return None


def _in_ranges(ch: str, ranges: Tuple[Tuple[int, int], ...]) -> bool:
    return any(lo <= ord(ch) <= hi for lo, hi in ranges)


def _script_share(text: str) -> Tuple[Optional[str], float]:
    """The non-Latin script most of the letters are in (if any), and its share of the letters."""
    counts = {"ethiopic": 0, "arabic": 0, "cyrillic": 0}
    letters = 0
    for ch in text:
        if not ch.isalpha():
            continue
        letters += 1
        for name, ranges in (("ethiopic", ETHIOPIC), ("arabic", ARABIC), ("cyrillic", CYRILLIC)):
            if _in_ranges(ch, ranges):
                counts[name] += 1
                break
    if not letters:
        return None, 0.0
    name, n = max(counts.items(), key=lambda kv: kv[1])
    return (name, n / letters) if n else (None, 0.0)


def _words_in_script(text: str, script: str) -> int:
    """How many words are written wholly in the given non-Latin script."""
    ranges = {"ethiopic": ETHIOPIC, "arabic": ARABIC, "cyrillic": CYRILLIC}[script]
    words = ("".join(ch for ch in word if ch.isalpha()) for word in text.split())
    return sum(1 for w in words if w and all(_in_ranges(ch, ranges) for ch in w))


def _coverage(words: List[str], lexicon: FrozenSet[str]) -> int:
    """How many of the words a lexicon covers, as single words or as phrases."""
    return len(_covered(words, lexicon))


# Persian verb forms typed without Persian letters still show: the present prefix mi-/nemi-
# ("ميزنه", "نميتونم") and the past/perfect endings of common verbs ("زده", "کرده", "شدم").
_PERSIAN_VERB = re.compile(r"^(?:ن?مي)\S{2,}$|^\S{2,}(?:ده|دم|دن|ديم|دند|ده‌ام)$")


def _persian_forms(words: List[str]) -> int:
    """Words whose shape is Persian grammar; Arabic words rarely start with mi- or end so."""
    return sum(1 for w in words if _PERSIAN_VERB.match(w) and not w.startswith("ال"))


def _arabic_or_persian(text: str, config: LanguageConfig) -> Tuple[str, float]:
    """Persian letters, words and verb forms against Arabic letters and words; nothing either
    way is Arabic."""
    words = _key(text).split()
    persian = 2 * _coverage(words, config.known_lexicon.get("fa", frozenset()))
    arabic = 2 * _coverage(words, config.known_lexicon.get("ar", frozenset()))
    persian += min(2, _persian_forms(words))
    persian += 2 * min(2, sum(ch in PERSIAN_LETTERS for ch in text))
    arabic += min(2, sum(ch in ARABIC_LETTERS for ch in text))
    arabic += sum(w.startswith("ال") and len(w) > 3 for w in words)
    if persian > arabic:
        return "fa", 0.99 if not arabic else 0.9
    return "ar", 0.99 if arabic and not persian else (0.9 if arabic else 0.8)


def _ukrainian_or_russian(text: str, config: LanguageConfig) -> Tuple[str, float]:
    """Cyrillic is Ukrainian unless Russian letters or Russian-only words say otherwise."""
    lower = text.lower()
    if any(ch in UKRAINIAN_LETTERS for ch in lower):
        return "uk", 0.99
    words = _key(text).split()
    uk_words = config.known_lexicon.get("uk", frozenset())
    ru_words = config.known_lexicon.get("ru", frozenset())
    russian_only = _coverage(words, ru_words - uk_words)
    ukrainian_only = _coverage(words, uk_words - ru_words)
    if any(ch in RUSSIAN_LETTERS for ch in lower) or russian_only > ukrainian_only:
        return "ru", 0.95
    return "uk", 0.95 if ukrainian_only else 0.8


def by_script(text: str, config: LanguageConfig) -> Optional[Decision]:
    """Ethiopic, Arabic and Cyrillic scripts settle the question when most letters are in one."""
    script, share = _script_share(text)
    # Swedish names of services inside a sentence ("як отримати kontaktförbud") do not make it
    # Swedish: two words in another script settle it too (a Swede rarely writes such words)
    if script is None or (share < 0.5 and _words_in_script(text, script) < 2):
        return None
    if script == "ethiopic":
        return _settle("ti", 0.99, "script", config)
    if script == "arabic":
        return _settle(*_arabic_or_persian(text, config), "script", config)
    return _settle(*_ukrainian_or_russian(text, config), "script", config)


# Spellings only one of the configured Latin-script languages uses: a word no lexicon knows
# still counts for the language its spelling shows (raw lower-case word, and without diacritics).
ORTHOGRAPHY = {
    "pl": (re.compile("[ąćęłńśźż]"), re.compile("cz|rz|sz|dz")),
    "sv": (re.compile("[åäö]"), None),
    "so": (None, re.compile(r"aa|uu|(^|[aeiou])q[aeio]|^(dh|kh)|^x[aeiou]")),
    "en": (None, re.compile(r"th|^wh|ght$")),
}


def _spelling_languages(raw: str, plain: str, config: LanguageConfig) -> List[str]:
    if len(plain) < 3:
        return []
    found = []
    for lang, (letters, pattern) in ORTHOGRAPHY.items():
        if lang not in config.supported:
            continue
        if (letters and letters.search(raw)) or (pattern and pattern.search(plain)):
            found.append(lang)
    return found


def _covered(words: List[str], lexicon: FrozenSet[str]) -> Set[int]:
    covered: Set[int] = set()
    for size in range(1, min(MAX_PHRASE_WORDS, len(words)) + 1):
        for start in range(len(words) - size + 1):
            if " ".join(words[start : start + size]) in lexicon:
                covered.update(range(start, start + size))
    return covered


def _lexicon_scores(text: str, config: LanguageConfig) -> Tuple[List[str], Dict[str, int]]:
    """Per configured language: how many words its lexicon covers. A word no lexicon knows is
    tried with repeated letters collapsed ("taack", "tjenaa"), then counts for the one
    language whose spelling it shows, if only one does."""
    raw_words = _WORD.findall(unicodedata.normalize("NFC", text).lower().replace("’", "'"))
    words = [_key(w) for w in raw_words]
    if any(not w or " " in w for w in words):  # tokenisation differs: words only
        words = _key(text).split()
        raw_words = words
    if config.shared_terms:
        kept = [
            (r, w) for r, w in zip(raw_words, words, strict=True) if w not in config.shared_terms
        ]
        raw_words, words = [r for r, _ in kept], [w for _, w in kept]
    lexicons = {lang: lex for lang, lex in config.lexicon.items() if lex}
    covered = {lang: _covered(words, lex) for lang, lex in lexicons.items()}
    scores = {lang: len(positions) for lang, positions in covered.items()}
    known = set().union(*covered.values()) if covered else set()
    blocked = any(ch in NOT_SWEDISH_LETTERS for ch in text.lower())
    for i, (raw, plain) in enumerate(zip(raw_words, words, strict=True)):
        if i in known:
            continue
        variants = {_REPEATS.sub(r"\1", plain), _VOWEL_REPEATS.sub(r"\1", plain)} - {plain}
        variants = {v for v in variants if len(v) > 1}
        hits = [lang for lang, lex in lexicons.items() if variants & lex]
        if hits:
            for lang in hits:
                scores[lang] += 1
            continue
        spelled = _spelling_languages(raw, plain, config)
        if blocked and "sv" in spelled:
            spelled.remove("sv")
        if len(spelled) == 1:
            scores[spelled[0]] = scores.get(spelled[0], 0) + 1
    return words, scores


def _leader(scores: Dict[str, int]) -> Tuple[Optional[str], int]:
    best = max(scores.values(), default=0)
    leaders = [lang for lang, score in scores.items() if score == best]
    return (leaders[0] if best and len(leaders) == 1 else None), best


def by_lexicon(
    words: List[str], scores: Dict[str, int], config: LanguageConfig
) -> Optional[Decision]:
    """At least half the words of a message in one language's list of common chat words (or
    spelled as only it spells), and no other language knowing as many."""
    if not words or len(words) > MAX_LEXICON_WORDS:
        return None
    whole = " ".join(words)
    phrase_hits = [lang for lang, lex in config.lexicon.items() if whole in lex]
    if len(phrase_hits) == 1 and len(words) > 1:
        return Decision(phrase_hits[0], 0.95, "lexicon")
    leader, best = _leader(scores)
    if leader and best >= (len(words) + 1) // 2:
        return Decision(leader, 0.9, "lexicon")
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


def _candidates(scores: Dict[str, int], config: LanguageConfig) -> Dict[str, str]:
    """Configured languages langdetect may name (langdetect code -> ours): not one another
    language's lexicon clearly beats, nor one that needs evidence and has none."""
    return {
        code: lang
        for lang, code in config.langdetect_codes.items()
        if not (lang in NEEDS_EVIDENCE and not scores.get(lang))
    }


def short_message(
    words: List[str],
    scores: Dict[str, int],
    text: str,
    config: LanguageConfig,
    min_confidence: float,
) -> Optional[Decision]:
    """A short message the lexicon half-knows: its leader must also be langdetect's clear
    choice among the configured languages."""
    leader, _ = _leader(scores)
    if not words or len(words) > MAX_LEXICON_WORDS or leader not in config.langdetect_codes:
        return None
    candidates = _candidates(scores, config)
    narrow = langdetect_probabilities(text, tuple(candidates))
    if not narrow:
        return None
    top, p = max(narrow.items(), key=lambda kv: kv[1])
    if candidates[top] == leader and p >= min_confidence:
        return Decision(leader, round(p * 0.9, 3), "lexicon+langdetect")
    return None


def statistical(
    text: str,
    config: LanguageConfig,
    min_chars: int,
    min_confidence: float,
    scores: Optional[Dict[str, int]] = None,
) -> Optional[Decision]:
    """langdetect, trusted only on longer messages, only when clearly ahead and only when the
    lexicon does not know more words of another language."""
    letters = sum(ch.isalpha() for ch in text)
    scores = scores or {}
    candidates = _candidates(scores, config)
    if letters < min_chars or not candidates:
        return None
    leader, best = _leader(scores)
    words = len(_WORD.findall(text))
    # several of one language's common words: langdetect's agreement is enough, and an
    # unsupported-language guess ("bf gets violent when hes drunk" -> Dutch) is wrong
    known = leader is not None and best >= max(2, words // 3)
    wide = langdetect_probabilities(text, tuple(candidates) + config.unsupported)
    if wide and not known:
        top, p = max(wide.items(), key=lambda kv: kv[1])
        # Spanish or Portuguese, it is not one of ours: the unsupported languages' total counts
        foreign = sum(q for code, q in wide.items() if code in config.unsupported)
        if top in config.unsupported and foreign >= min_confidence and letters >= 2 * min_chars:
            return Decision(None, foreign, "langdetect", unsupported=top)
    narrow = langdetect_probabilities(text, tuple(candidates))
    if not narrow:
        return None
    top, p = max(narrow.items(), key=lambda kv: kv[1])
    lang = candidates[top]
    if known and lang == leader and best >= 3 and p >= 0.5:
        return Decision(lang, round(p, 3), "lexicon+langdetect")
    # Restricted to a few languages anything looks confident; gibberish must also win unrestricted.
    if p < min_confidence or wide.get(top, 0.0) < 0.5:
        return None
    if any(score > scores.get(lang, 0) for score in scores.values()):
        return None
    return Decision(lang, p, "langdetect")


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
    script = by_script(text, config)
    if script:
        return script
    words, scores = _lexicon_scores(text, config)
    return (
        by_lexicon(words, scores, config)
        or statistical(text, config, min_chars, min_confidence, scores)
        or short_message(words, scores, text, config, min_confidence)
        or Decision(None, 0.0, "unsure")
    )
