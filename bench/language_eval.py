"""Language detection on short chat messages: ours against plain langdetect and lingua.

Reads tests/language/short_messages.tsv (language<TAB>text), configures all the product's
languages (bot/language/languages.yml: live and planned) and prints overall and per-language
accuracy for three detectors:

- ours: `bot.language.detect.detect` with the component's defaults; a None (unsure) is wrong,
  because a first message has no conversation language to fall back on;
- langdetect: seeded, restricted to the same languages where it has a profile (none for
  Tigrinya: those messages count as wrong);
- lingua: lingua-language-detector restricted to the same languages where it has them (none for
  Tigrinya either: those count as wrong).

`--write-docs` puts the table into docs/evaluation.md between the `language` markers.
"""

import argparse
import sys
import time
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Callable, Dict, List, Optional, Tuple

from bench.docs_section import write_section

ROOT = Path(__file__).resolve().parent.parent
MESSAGES = ROOT / "tests" / "language" / "short_messages.tsv"
DOCS = ROOT / "docs" / "evaluation.md"
# lingua's names for our codes (lingua has no Tigrinya and no easy Swedish)
LINGUA_NAMES = {
    "sv": "SWEDISH",
    "en": "ENGLISH",
    "ar": "ARABIC",
    "fa": "PERSIAN",
    "so": "SOMALI",
    "uk": "UKRAINIAN",
    "pl": "POLISH",
}


def read_messages(path: Path = MESSAGES) -> List[Tuple[str, str]]:
    """(language, text) pairs; lines starting with # are comments."""
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            lang, text = line.split("\t", 1)
            pairs.append((lang.strip(), text.strip()))
    return pairs


def ours(languages: Tuple[str, ...]) -> Callable[[str], Optional[str]]:
    from bot.language.detect import detect, load_config

    config = load_config(languages)
    return lambda text: detect(text, config=config).language


def plain_langdetect(languages: Tuple[str, ...]) -> Callable[[str], Optional[str]]:
    from bot.language.detect import langdetect_probabilities, load_config

    codes = load_config(languages).langdetect_codes
    to_code = {v: k for k, v in codes.items()}

    def predict(text: str) -> Optional[str]:
        probs = langdetect_probabilities(text, tuple(codes.values()))
        return to_code[max(probs, key=probs.get)] if probs else None

    return predict


def lingua(languages: Tuple[str, ...]) -> Callable[[str], Optional[str]]:
    from lingua import Language, LanguageDetectorBuilder

    known = {getattr(Language, LINGUA_NAMES[c]): c for c in languages if c in LINGUA_NAMES}
    detector = LanguageDetectorBuilder.from_languages(*known).build()

    def predict(text: str) -> Optional[str]:
        found = detector.detect_language_of(text)
        return known.get(found) if found is not None else None

    return predict


def evaluate(
    pairs: List[Tuple[str, str]], predict: Callable[[str], Optional[str]]
) -> Dict[str, object]:
    right: Dict[str, int] = defaultdict(int)
    total: Dict[str, int] = defaultdict(int)
    errors = []
    started = time.perf_counter()
    for lang, text in pairs:
        got = predict(text)
        total[lang] += 1
        if got == lang:
            right[lang] += 1
        else:
            errors.append((lang, got, text))
    elapsed = time.perf_counter() - started
    return {
        "overall": sum(right.values()) / len(pairs),
        "per_language": {lang: right[lang] / total[lang] for lang in total},
        "counts": dict(total),
        "errors": errors,
        "ms_per_message": 1000 * elapsed / len(pairs),
    }


def table(results: Dict[str, Dict[str, object]], languages: Tuple[str, ...]) -> str:
    names = list(results)
    counts = next(iter(results.values()))["counts"]
    rows = [
        "| language | messages | " + " | ".join(names) + " |",
        "|---|---:|" + "---:|" * len(names),
        "| **overall** | "
        + str(sum(counts.values()))
        + " | "
        + " | ".join(f"**{results[n]['overall']:.1%}**" for n in names)
        + " |",
    ]
    for lang in languages:
        if lang not in counts:
            continue
        cells = " | ".join(f"{results[n]['per_language'][lang]:.1%}" for n in names)
        rows.append(f"| {lang} | {counts[lang]} | {cells} |")
    rows.append(
        "| ms per message | | "
        + " | ".join(f"{results[n]['ms_per_message']:.2f}" for n in names)
        + " |"
    )
    return "\n".join(rows)


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write-docs", action="store_true", help="update docs/evaluation.md")
    parser.add_argument("--errors", action="store_true", help="list our wrong answers")
    args = parser.parse_args(argv)

    from bot.language.detect import all_languages

    languages = tuple(c for c in all_languages() if c != "lattlast")
    pairs = read_messages()
    results = {
        "ours": evaluate(pairs, ours(languages)),
        "langdetect": evaluate(pairs, plain_langdetect(languages)),
        "lingua": evaluate(pairs, lingua(languages)),
    }
    body = table(results, languages)
    print(body)
    if args.errors:
        for lang, got, text in results["ours"]["errors"]:
            print(f"  {lang} -> {got}: {text}")
    if args.write_docs:
        intro = (
            f"Language detection on short chat messages ({date.today().isoformat()}): "
            f"{len(pairs)} labelled messages of 1-6 words (`tests/language/short_messages.tsv`), "
            f"all {len(languages)} languages configured ({', '.join(languages)}). A message counts "
            'as right only if the detector names its language; ours answering "unsure" counts '
            "as wrong. langdetect (seeded) and lingua-language-detector are restricted to the "
            "same languages; neither has Tigrinya, so their Tigrinya rows are 0. "
            "Generated by `python -m bench.language_eval --write-docs`."
        )
        write_section(DOCS, "language", f"{intro}\n\n{body}", title="Evaluation")
    return 0


if __name__ == "__main__":
    sys.exit(main())
