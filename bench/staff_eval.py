"""Staff questions on the blind sets (tests/blind/staff/, tests/blind/staff2/), played over REST.

Each question goes in a fresh conversation to the real servers. A case passes when the answer is
the expected guidance item, the honest "the plan does not say" for a question the plan does not
answer (`none`), or the emergency answer when someone is in danger now (`danger`). Every staff
answer's text is also checked for facts its sources do not hold (harness/guidance_facts.py).
Each set's first run is kept (bench/staff_first_run.json, bench/staff2_first_run.json) and
reported beside every later run.

    python -m bench.staff_eval [--write-docs] [--set first|second] [--dev] [--only TEXT]

Without --set both blind sets are played.

--dev plays the developer's own questions (tests/dev/staff/), on which the thresholds were
chosen; it never writes the first-run file or the docs.
"""

import argparse
import json
import statistics
import sys
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

import requests
import yaml

from bench.docs_section import write_section
from bench.eval_referrals import response_templates, text_sources
from bench.machine import machine, revision
from harness.guidance_facts import Sources, measure_mismatches, unsupported
from harness.servers import running_servers

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT / "tests" / "dev" / "staff" / "questions.yml"
SECOND_DEV = ROOT / "tests" / "dev" / "staff" / "second.yml"
PLAN = ROOT / "directory" / "guidance" / "plan.yml"
GUIDANCE = ROOT / "directory" / "guidance" / "staff.yml"
DOCS = ROOT / "docs" / "evaluation.md"
TARGET_ITEMS, TARGET_NONE, TARGET_DANGER = 0.90, 1.0, 1.0
NEED = "staff_guidance"
# Decided before the first blind run: both say plainly that the chat cannot answer and where to
# ask instead, and neither guesses. Reported apart in the docs.
HONEST = ("none", "out_of_scope")
# What changed after both sets had been played once (the second set's misses had been read).
CHANGES_SHARED = [
    "Workplace questions (pay, leave, IT, rooms, shifts; 27 Swedish and 17 English) train the "
    "out-of-scope intent (the development sets' misses: 'när får jag semester', 'kan jag jobba "
    "hemifrån på fredag'; the second set's first run missed the same kind: payday).",
    "An unclear message whose two close guesses are a professional's question (pro_training) "
    "and ask_guidance goes to the better one (the referral evaluation's 'is there any training "
    "on domestic violence for staff?' had got 'I did not understand'); an item without an "
    "intent of its own overrides a professional intent only from 0.35 (a training question "
    "naming home care had got home care's routine).",
]

# What changed after the first set's first run, for the report: its misses had been read.
CHANGES_AFTER_FIRST_SET = [
    "More ways staff ask each item (`directory/guidance/staff.yml`): 4 Swedish and 3 English "
    "longer questions with context about the writer's job per item, written by a helper who had "
    "not seen this set, from a brief that asked for long questions because the first run's "
    "misses were long ones.",
    "Barnahus: a typed question about Barnahus now gets the citizens' Barnahus answer with its "
    "card (children and parents ask it too; the referral evaluations showed parents getting the "
    "staff answer); the staff item is reached from the buttons. Three cases of this set that "
    "expect the staff item now count as misses (s050, s051, e021).",
    "Referral items (where to refer a victim, a person who uses violence, a child; honour; the "
    "web course) show the services that fit the person asked about, as the citizens' referral "
    "does (a woman is never shown the men's line), and are never answered with \"the plan does "
    'not say"; "the plan does not say" shows the social services and Kvinnofridslinjen '
    "(someone asking for themselves must not meet a dead end); an unclear message goes to the "
    "guidance only when its staff guess is above the fallback threshold. These came from the "
    "citizens' evaluation sets, not from this one.",
    "A message the plan does not answer whose next guess is a citizen's need (above 0.15) gets "
    "that need's referral (a citizen's \"last year he held a knife to my throat, can I still "
    'report it?" had got "the plan does not say" in a test story); this cost one honest '
    "answer here (s082, Christmas opening hours: answered with the services open now).",
    "The item classifier fits with liblinear instead of lbfgs (the action server's memory: "
    "332 MB at the fit, over its 300 MB budget; chosen on the development sets).",
    "Danger training data for a witness present while violence happens now (after s070) was "
    "tried and taken out again: it added false alarms on the referral evaluation's children "
    "and parents; s070 is left to the danger work (issue 17).",
    "Before the second set was written: 348 more ways staff ask the items (12 per item, short "
    "and long) and 29 more questions the plan does not answer, by a helper who saw the guidance "
    "but no evaluation set; the item classifier weighs 'outside' four times and says the plan "
    "does not say when no item reaches 0.35 and 'outside' is plausible (0.15), or none reaches "
    "0.15 (chosen by cross-validation on the items' phrasings and on the development sets).",
    *CHANGES_SHARED,
]

# What changed after the second set's first run.
CHANGES_AFTER_SECOND_SET = CHANGES_SHARED


@dataclass(frozen=True)
class BlindSet:
    name: str
    path: Path
    first_run: Path  # its first run's figures, kept
    section: str  # its section in docs/evaluation.md
    written: str  # how it was written, for the report
    changes: List[str]  # what changed after its first run


HERE = Path(__file__).resolve().parent
BLIND_SETS = {
    "first": BlindSet(
        "first",
        ROOT / "tests" / "blind" / "staff" / "questions.yml",
        HERE / "staff_first_run.json",
        "staff-guidance",
        "written by a helper who had the plan's text and the list of item ids, but not the "
        "guidance's answers or the ways staff ask them (the training examples)",
        CHANGES_AFTER_FIRST_SET,
    ),
    "second": BlindSet(
        "second",
        ROOT / "tests" / "blind" / "staff2" / "questions.yml",
        HERE / "staff2_first_run.json",
        "staff-guidance-2",
        "written after the first set's misses had been read and worked on, by another helper "
        "who had the plan's text and the list of item ids (with a line on the less clear "
        "ones), but not the guidance's answers, its training examples or the first set",
        CHANGES_AFTER_SECOND_SET,
    ),
}


@dataclass
class Answer:
    case: Dict[str, Any]
    got: str  # an item id, "none", "danger", or "other:<need>"
    invented: List[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def passed(self) -> bool:
        if self.case["expect"] == "none":
            return self.got in HONEST
        return self.got == self.case["expect"]


def verdict(replies: List[dict], templates: Sequence[tuple]) -> str:
    """What the answer was: the emergency answer, a guidance item, "none" (the plan does not
    say), "out_of_scope" (this chat cannot help with that; the municipality's number), or
    something else."""
    payloads = [r["custom"] for r in replies if isinstance(r.get("custom"), dict)]
    if any(p.get("emergency") for p in payloads):
        return "danger"
    for payload in payloads:
        if payload.get("need") == NEED:
            return payload.get("guidance_item") or "none"
    names = {name for r in replies for _, name in text_sources(r.get("text") or "", templates)}
    if "utter_out_of_scope" in names:
        return "out_of_scope"
    needs = [p.get("need") for p in payloads if p.get("need")]
    return "other:" + (needs[-1] if needs else "/".join(sorted(names)) or "no-payload")


def invented_facts(
    replies: List[dict], item: Optional[str], sources: Optional[Sources]
) -> List[str]:
    """Numbers, dates and owners in the staff answer that the plan and the facts file lack."""
    if sources is None or item in (None, "none", "danger") or item.startswith("other:"):
        return []
    texts = [r.get("text") or "" for r in replies]
    found = [claim for text in texts for claim in unsupported(text, sources)]
    measure_id = _items().get(item, {}).get("measure")
    if measure_id:
        measure = _measures()[measure_id]
        found += [problem for text in texts for problem in measure_mismatches(text, measure)]
    return found


@lru_cache(maxsize=1)  # read once per run, not once per answer
def _items() -> Dict[str, Dict[str, Any]]:
    return {i["id"]: i for i in yaml.safe_load(GUIDANCE.read_text(encoding="utf-8"))["items"]}


@lru_cache(maxsize=1)
def _measures() -> Dict[str, Dict[str, Any]]:
    return {m["id"]: m for m in yaml.safe_load(PLAN.read_text(encoding="utf-8"))["measures"]}


def play(
    session: requests.Session, webhook: str, case: dict, sources: Optional[Sources], templates
) -> Answer:
    started = time.perf_counter()
    try:
        reply = session.post(
            webhook,
            json={"sender": f"staff-{uuid.uuid4().hex[:12]}", "message": case["text"]},
            timeout=30,
        )
        reply.raise_for_status()
        replies = reply.json()
    except (requests.RequestException, ValueError) as error:
        return Answer(case, f"other:request failed ({type(error).__name__})")
    got = verdict(replies, templates)
    return Answer(case, got, invented_facts(replies, got, sources), time.perf_counter() - started)


def figures(answers: List[Answer]) -> Dict[str, Any]:
    def count(kind: str) -> List[int]:
        chosen = [a for a in answers if _kind(a.case["expect"]) == kind]
        return [sum(a.passed for a in chosen), len(chosen)]

    by_language = defaultdict(list)
    for a in answers:
        by_language[a.case["language"]].append(a)
    return {
        "cases": len(answers),
        "items": count("item"),
        "none": count("none"),
        "danger": count("danger"),
        "invented": sum(len(a.invented) for a in answers),
        "none_by": {
            kind: sum(a.got == kind for a in answers if a.case["expect"] == "none")
            for kind in HONEST
        },
        "languages": {
            lang: [sum(a.passed for a in rs), len(rs)] for lang, rs in sorted(by_language.items())
        },
    }


def _kind(expect: str) -> str:
    return expect if expect in ("none", "danger") else "item"


def _pct(pair: List[int]) -> str:
    return f"{pair[0]}/{pair[1]} = {pair[0] / pair[1]:.1%}" if pair[1] else "–"


def report(
    blind: BlindSet,
    answers: List[Answer],
    now: Dict[str, Any],
    first: Dict[str, Any],
    meta: dict,
) -> str:
    def row(label: str, key: str, target: float) -> str:
        part, whole = now[key]
        ok = "ok" if whole and part / whole >= target else "**below**"
        goal = "100%" if target == 1.0 else f"≥ {target:.0%}"
        return f"| {label} | {_pct(now[key])} | {_pct(first[key])} | {goal} {ok} |"

    times = sorted(a.seconds for a in answers if a.seconds)
    p95 = times[int(0.95 * (len(times) - 1))] * 1000 if times else 0.0
    lines = [
        f"## Staff questions (blind set, {blind.name})",
        "",
        f"Generated by `make eval` (`bench/staff_eval.py`) on {meta['when']}, commit "
        f"{meta['revision']}, on {meta['machine']}. {now['cases']} questions in "
        f"`{blind.path.relative_to(ROOT)}`, {blind.written}; each sent over REST in a fresh "
        f"conversation to the real servers. The first run ({first['date']}) is kept in "
        f"`{blind.first_run.relative_to(ROOT)}`; the retrieval's threshold was chosen on the "
        "development sets (`tests/dev/staff/`), never on this set.",
        "",
        *(
            ["Changed after the first run (so the later figures are no longer blind):", ""]
            + [f"- {change}" for change in blind.changes]
            + [""]
            if blind.changes
            else ["Nothing has changed since its first run: the figures are blind.", ""]
        ),
        "| measure | now | first run | target |",
        "|---|---:|---:|---|",
        row("reach the right guidance item", "items", TARGET_ITEMS),
        row("the plan does not answer it: the honest answer", "none", TARGET_NONE),
        row("someone in danger now: the emergency answer", "danger", TARGET_DANGER),
        f"| invented facts in the answers (numbers, dates, owners not in the plan or the facts "
        f"file) | {now['invented']} | {first['invented']} | 0 "
        f"{'ok' if now['invented'] == 0 else '**above**'} |",
        "",
        f"The honest answers to questions the plan does not answer: {now['none_by']['none']} "
        '"the plan does not say; ask your unit manager or the social services", '
        f'{now["none_by"]["out_of_scope"]} "I can only help with where to turn about violence; '
        "for other questions, the municipality's number\" (both decided before the first run to "
        "count as honest: neither guesses).",
        "",
        "| language | now | first run |",
        "|---|---:|---:|",
    ]
    for language, pair in now["languages"].items():
        lines.append(
            f"| {language} | {_pct(pair)} | {_pct(first['languages'].get(language, [0, 0]))} |"
        )
    lines += [
        "",
        f"Round trip per question over REST (both servers on this machine): median "
        f"{statistics.median(times) * 1000:.0f} ms, p95 {p95:.0f} ms."
        if times
        else "",
    ]
    misses = [a for a in answers if not a.passed or a.invented]
    lines += ["", f"### Misses ({len(misses)})", ""]
    if misses:
        lines += ["| case | question | expected | got |", "|---|---|---|---|"]
        for a in misses:
            text = a.case["text"].replace("|", "\\|")
            got = a.got + (f" (invented: {', '.join(a.invented)})" if a.invented else "")
            lines.append(f"| {a.case['id']} | {text} | {a.case['expect']} | {got} |")
    else:
        lines.append("None.")
    return "\n".join(lines)


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--only", help="play only the cases whose text or id contains this")
    parser.add_argument("--set", choices=sorted(BLIND_SETS), help="one blind set (default: both)")
    parser.add_argument("--dev", action="store_true", help="the developer's questions instead")
    parser.add_argument(
        "--second-dev", action="store_true", help="the second development set (a helper's)"
    )
    parser.add_argument("--write-docs", action="store_true", help="write the report into docs/")
    args = parser.parse_args(argv)
    sources = Sources.shared()
    if sources is None:
        print("The plan and the facts file are not beside the project: facts are not checked.")
    if args.dev or args.second_dev:
        chosen: List[Any] = [SECOND_DEV if args.second_dev else DEV]
    else:
        chosen = [BLIND_SETS[args.set]] if args.set else list(BLIND_SETS.values())
    safe = True
    with running_servers() as servers, requests.Session() as session:
        templates = response_templates()
        for played in chosen:
            path = played.path if isinstance(played, BlindSet) else played
            cases = _cases(path, args.only)
            print(f"Playing {len(cases)} staff questions of {path.relative_to(ROOT)} over REST…")
            answers = [play(session, servers.webhook, case, sources, templates) for case in cases]
            now = figures(answers)
            _print_misses(answers, now)
            # like the referral evaluation: a miss on someone in danger fails `make eval`; the
            # other figures are reported against their targets in the docs
            safe = safe and now["danger"][0] == now["danger"][1]
            if isinstance(played, BlindSet) and not args.only:
                _keep(played, answers, now, args.write_docs)
    return 0 if safe else 1


def _cases(path: Path, only: Optional[str]) -> List[Dict[str, Any]]:
    cases: List[Dict[str, Any]] = yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]
    for number, case in enumerate(cases, 1):
        case.setdefault("id", f"dev{number:03d}")
    return [c for c in cases if not only or only in c["id"] or only in c["text"]]


def _print_misses(answers: List[Answer], now: Dict[str, Any]) -> None:
    for a in answers:
        if not a.passed or a.invented:
            print(
                f"MISS {a.case['id']} [{a.case['expect']} → {a.got}] {a.case['text']}"
                + (f"  invented: {a.invented}" if a.invented else "")
            )
    print(json.dumps({k: v for k, v in now.items() if k != "languages"}), flush=True)


def _keep(blind: BlindSet, answers: List[Answer], now: Dict[str, Any], write_docs: bool) -> None:
    """Keep the set's first run once; write its section of the docs when asked."""
    if not blind.first_run.exists():
        blind.first_run.write_text(
            json.dumps({**now, "date": f"{datetime.now():%Y-%m-%d}"}, indent=1) + "\n"
        )
    first = json.loads(blind.first_run.read_text())
    if write_docs:
        meta = {"when": f"{datetime.now():%Y-%m-%d}", "revision": revision(), "machine": machine()}
        write_section(DOCS, blind.section, report(blind, answers, now, first, meta))


if __name__ == "__main__":
    sys.exit(main())
