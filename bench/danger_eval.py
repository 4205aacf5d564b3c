"""Immediate danger on the blind sets (tests/blind/danger/<lang>.yml): recall and false alarms
per language, for the danger patterns alone, the learned signal alone, and the whole pipeline
(the decision of EmergencyDetector as config.yml sets it up, as the live assistant decides).

The blind sets were written by helpers who saw neither the patterns nor the training data. The
first run's figures are kept in bench/danger_first_run.json (written once, never overwritten)
and reported beside every later run, so tuning on these sets shows. The development sets
(tests/dev/danger/<lang>.yml, by other helpers) are where the decision's thresholds are chosen;
their figures are reported apart.

    python -m bench.danger_eval [--write-docs]
"""

import argparse
import asyncio
import json
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Dict, List

import yaml

from bench.docs_section import write_section

ROOT = Path(__file__).resolve().parent.parent
SETS = ROOT / "tests" / "blind" / "danger"
DEV_SETS = ROOT / "tests" / "dev" / "danger"
FIRST_RUN = Path(__file__).resolve().parent / "danger_first_run.json"
# the first run of the decision with the learned signal (issue 17), kept as it was
DECISION_FIRST_RUN = Path(__file__).resolve().parent / "danger_decision_first_run.json"
MODEL = ROOT / "models" / "assistant.tar.gz"
SECTION = "danger-blind"
SIGNALS = ("patterns", "learned", "pipeline")


def load_sets(folder: Path = SETS) -> Dict[str, dict]:
    return {
        path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in sorted(folder.glob("*.yml"))
    }


def decision_config() -> Dict[str, object]:
    """EmergencyDetector's settings as config.yml gives them (defaults filled in)."""
    from bot.components.emergency import EmergencyDetector

    pipeline = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))["pipeline"]
    entry = next(c for c in pipeline if c["name"].endswith("EmergencyDetector"))
    return {**EmergencyDetector.get_default_config(), **entry}


def learned_threshold() -> float:
    return float(decision_config()["threshold"])  # type: ignore[arg-type]


async def parse_all(agent, texts: List[str]) -> List[Dict[str, bool]]:
    """Per text: whether a pattern fired, whether the learned signal alone would fire, and the
    pipeline's answer (the `emergency` intent)."""
    from bot.text import normalise

    threshold = learned_threshold()
    found = []
    for text in texts:
        parsed = await agent.parse_message(normalise(text))
        decision = parsed.get("danger") or {}
        found.append(
            {
                "patterns": bool(decision.get("pattern")),
                "learned": float(decision.get("probability") or 0.0) >= threshold,
                "pipeline": parsed["intent"]["name"] == "emergency",
            }
        )
    return found


async def measure(agent, sets: Dict[str, dict]) -> Dict[str, Dict[str, object]]:
    texts = [item["text"] for data in sets.values() for item in data["danger"] + data["calm"]]
    parsed = iter(await parse_all(agent, texts))
    results: Dict[str, Dict[str, object]] = {}
    for lang, data in sets.items():
        flags = [next(parsed) for _ in data["danger"] + data["calm"]]
        danger, calm = flags[: len(data["danger"])], flags[len(data["danger"]) :]
        row: Dict[str, object] = {"danger": len(danger), "calm": len(calm)}
        for name in SIGNALS:
            row[f"{name}_recall"] = sum(f[name] for f in danger) / len(danger)
            row[f"{name}_false_alarms"] = sum(f[name] for f in calm) / len(calm)
            row[f"{name}_missed_kinds"] = dict(
                Counter(
                    i["kind"] for i, f in zip(data["danger"], danger, strict=True) if not f[name]
                )
            )
            row[f"{name}_alarm_kinds"] = dict(
                Counter(i["kind"] for i, f in zip(data["calm"], calm, strict=True) if f[name])
            )
        results[lang] = row
        print(
            f"{lang}: "
            + "; ".join(
                f"{n} recall {row[f'{n}_recall']:.1%}, false alarms {row[f'{n}_false_alarms']:.1%}"
                for n in SIGNALS
            ),
            flush=True,
        )
    return results


def _kinds(counts: Dict[str, int]) -> str:
    return ", ".join(f"{k} {n}" for k, n in sorted(counts.items(), key=lambda x: -x[1])) or "–"


KEYS = tuple(f"{n}_{m}" for n in SIGNALS for m in ("recall", "false_alarms"))
HEADER = (
    "| language | danger | calm | patterns: recall | patterns: false alarms | "
    "learned signal: recall | learned signal: false alarms | "
    "pipeline: recall | pipeline: false alarms |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|"
)


def _rows(results: Dict[str, Dict[str, object]], first: Dict[str, Dict[str, float]]) -> List[str]:
    lines = []
    for lang, r in results.items():
        f = first.get(lang, {})
        cells = [f"{r[k]:.1%} ({f[k]:.1%})" if k in f else f"{r[k]:.1%}" for k in KEYS]
        lines.append(f"| {lang} | {r['danger']} | {r['calm']} | " + " | ".join(cells) + " |")
    return lines


def keep_first(path: Path, results: Dict[str, Dict[str, object]]) -> Dict[str, object]:
    """The figures of the first run that wrote `path`; later runs never overwrite them."""
    from bench.machine import revision

    if not path.exists():
        first = {"date": str(date.today()), "commit": revision(), "results": results}
        path.write_text(json.dumps(first, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return json.loads(path.read_text(encoding="utf-8"))


def report(
    results: Dict[str, Dict[str, object]],
    first: Dict[str, object],
    dev: Dict[str, Dict[str, object]],
    decision_first: Dict[str, object],
) -> str:
    lines = [
        "## Immediate danger on the blind sets",
        "",
        f"Generated by `python -m bench.danger_eval` (part of `make eval`) on {date.today()}. "
        "`tests/blind/danger/<lang>.yml`: immediate-danger messages and calm near-misses (past, "
        "habitual, someone else's past, questions about procedures, professionals, people who "
        "use violence), written by four helpers (Swedish, easy Swedish and English; Arabic and "
        "Tigrinya; Persian/Dari and Somali; Ukrainian and Polish) who saw neither the danger "
        "patterns nor the training data; each file says who wrote it. *Patterns*: the "
        "rule-based check alone. *Learned signal*: DangerClassifier's probability from "
        f"{learned_threshold()} alone (`bot/safety/danger_model.py`; trained on "
        "`bot/safety/danger_training/` and the NLU data, never on these sets; it did not exist "
        "at the first run). *Pipeline*: what the assistant decides (EmergencyDetector's "
        "decision as set in config.yml: patterns, the learned signal and the intent "
        "classifier's `emergency` guess together, see *How the decision is made* below). "
        "Targets (issue 17): recall ≥ 98% in every language (100% in Swedish and English), "
        "false alarms ≤ 5%.",
        "",
        f"First run: {first['date']} at commit {first['commit']}, before anything was changed "
        "for these sets; its figures are in brackets (its pipeline was the patterns and the "
        "intent classifier, without the learned signal). After it, 7 short messages that were "
        "also NLU training examples were taken out of the sets "
        "(`tests/test_danger_sets_apart.py` keeps them apart); the first run counted them.",
        "",
        HEADER,
        *_rows(results, first["results"]),  # type: ignore[arg-type]
        "",
        f"The decision with the learned signal first ran on the blind sets on "
        f"{decision_first['date']} at commit {decision_first['commit']} (thresholds chosen on "
        "the development sets before; the blind figures had been printed beside them during "
        "that work; one run just before it, in which the intent classifier's guess still "
        "counted in messages under 7 words, differed in three cells: fa recall 91.3%, uk "
        "false alarms 9.8%, lattlast the same). Its pipeline figures, recall / false alarms: "
        + ", ".join(
            f"{lang} {r['pipeline_recall']:.1%} / {r['pipeline_false_alarms']:.1%}"
            for lang, r in decision_first["results"].items()  # type: ignore[union-attr]
        )
        + ".",
        "",
        "What the pipeline misses and where it cries wolf on the blind sets, by kind:",
        "",
        "| language | missed (danger kinds) | false alarms (calm kinds) |",
        "|---|---|---|",
    ]
    for lang, r in results.items():
        lines.append(
            f"| {lang} | {_kinds(r['pipeline_missed_kinds'])} | "  # type: ignore[arg-type]
            f"{_kinds(r['pipeline_alarm_kinds'])} |"  # type: ignore[arg-type]
        )
    c = decision_config()
    lines += [
        "",
        "### How the decision is made",
        "",
        f"EmergencyDetector (config.yml) gives the emergency answer when the learned signal is "
        f"at least {c['threshold']} (in a message under {c['veto_min_words']} words: "
        f"{c['short_threshold']}, as a few words give it little to go on and the patterns carry "
        "the short cries for help), or when a danger pattern matches. The patterns are the "
        f"floor with one exception: in a message of {c['veto_min_words']} words or more, a "
        f"pattern gives way when the learned signal is below {c['pattern_veto_below']} (it is "
        "sure the message is calm: past, habitual, someone else's, a question about what to "
        'do). A short cry for help ("jag blir strypt") has no room for "last year", so a '
        "pattern always holds there. The intent classifier's own `emergency` guess no longer "
        "decides (on the development sets it added no danger caught, only false alarms); it "
        "decides only when the learned signal is switched off or missing. "
        "The decision and what fired (`pattern`, `classifier`, `both`, `intent`) are in the "
        "parse data under `danger`, never in the logs.",
    ]
    lines += [
        "",
        "### Development sets",
        "",
        "`tests/dev/danger/<lang>.yml`, written by four other helpers who saw neither the "
        "assistant's code, its training data nor the blind sets. The decision's thresholds are "
        "chosen on these, never on the blind sets. The third round of training data was aimed "
        "at what these sets missed (its briefs paraphrased some of their messages), so from "
        "then on these figures flatter the model; the blind sets above are the measure.",
        "",
        HEADER,
        *_rows(dev, {}),
    ]
    return "\n".join(lines)


async def measure_both():
    """The blind and the development sets, with the assistant loaded once."""
    from rasa.core.agent import load_agent

    agent = await load_agent(str(MODEL))
    return await measure(agent, load_sets()), await measure(agent, load_sets(DEV_SETS))


def main() -> None:
    import logging

    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)  # as `rasa run`: no debug events with message text
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()
    results, dev = asyncio.run(measure_both())
    first = keep_first(FIRST_RUN, results)  # the blind sets' first run, before any change
    text = report(results, first, dev, keep_first(DECISION_FIRST_RUN, results))
    print(text)
    if args.write_docs:
        write_section(ROOT / "docs" / "evaluation.md", SECTION, text, title="Evaluation")


if __name__ == "__main__":
    main()
