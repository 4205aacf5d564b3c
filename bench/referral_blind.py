"""Referrals that fit the person, on the blind set (tests/blind/referrals/<lang>.yml).

The cases were written by helpers who saw neither the training data nor the other evaluation
sets. Each is played over REST against the real servers (bench/eval_referrals.py does the
playing and judging); a case passes when the last answer shows every `expect` service, none of
the `expect_none` services (a service that turns this person away), the right emergency flag and
language. The role (exposed or uses violence) is judged on its own: right, wrong, or asked (the
assistant asked which it is). The first run is kept in bench/referral_blind_first_run.json and
reported beside every later run, so tuning on this set shows.

    python -m bench.referral_blind [--write-docs] [--only TEXT]
"""

import argparse
import json
import sys
import tempfile
from collections import defaultdict
from datetime import datetime
from pathlib import Path
from typing import Dict, List, Optional

import yaml

from bench.docs_section import write_section
from bench.eval_referrals import STOCKHOLM, Result, rate, run
from bench.machine import machine, revision

ROOT = Path(__file__).resolve().parent.parent
SETS = ROOT / "tests" / "blind" / "referrals"
FIRST_RUN = Path(__file__).resolve().parent / "referral_blind_first_run.json"
DOCS = ROOT / "docs" / "evaluation.md"
SECTION = "referral-blind"
TARGET_PASS, TARGET_NONE, TARGET_ROLE, TARGET_DANGER = 0.95, 1.0, 0.98, 1.0
# The blind set's roles as the reply contract names whom an answer is for.
ROLE_OF = {"exposed": "exposed", "child": "exposed", "uses_violence": "uses_violence"}


def load_cases(only: Optional[str] = None) -> List[dict]:
    """Every blind case in the form bench/eval_referrals.py judges."""
    cases = []
    for path in sorted(SETS.glob("*.yml")):
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in spec["cases"]:
            cases.append(
                {
                    **case,
                    "language": spec["language"],
                    "topic": case["group"],
                    "expect_all": list(case.get("expect") or []),
                    "expect_any": [],
                    "expect_none": list(case.get("expect_none") or []),
                    "emergency": bool(case.get("emergency")),
                }
            )
    return [c for c in cases if not only or only in c["id"]]


def accept_swedish_for_easy_swedish(result: Result) -> Result:
    """Easy Swedish is a choice the person makes (a button, "lättläst"), not something text
    shows: a case written in easy Swedish that got plain Swedish is not a language miss."""
    if result.case["language"] != "lattlast":
        return result
    kept = [
        r for r in result.reasons if not r.startswith(("payload language sv", "text language sv"))
    ]
    result.reasons, result.passed = kept, not kept
    return result


def role_verdict(result: Result) -> Optional[str]:
    """right, wrong or asked, for cases about someone exposed or using violence; else None."""
    want = ROLE_OF.get(result.case.get("role"))
    if want is None or result.case["emergency"]:
        return None
    if result.role == "asked":
        return "asked"
    return "right" if result.role == want else "wrong"


def none_held(result: Result) -> bool:
    return not any("turns this person away" in reason for reason in result.reasons)


def figures(results: List[Result]) -> Dict[str, object]:
    """The headline numbers, also what the first run keeps."""
    roles = [v for v in map(role_verdict, results) if v]
    with_none = [r for r in results if r.case["expect_none"]]
    danger = [r for r in results if r.case["emergency"]]
    by_group = defaultdict(list)
    for r in results:
        by_group[r.case["group"]].append(r)
    by_language = defaultdict(list)
    for r in results:
        by_language[r.case["language"]].append(r)
    return {
        "cases": len(results),
        "passed": rate(results)[0],
        "expect_none_cases": len(with_none),
        "expect_none_held": sum(none_held(r) for r in with_none),
        "role_cases": len(roles),
        "role_right": roles.count("right"),
        "role_asked": roles.count("asked"),
        "danger_cases": len(danger),
        "danger_passed": rate(danger)[0],
        "groups": {g: [rate(rs)[0], len(rs)] for g, rs in sorted(by_group.items())},
        "languages": {k: [rate(rs)[0], len(rs)] for k, rs in sorted(by_language.items())},
    }


def _pct(part: int, whole: int) -> str:
    return f"{part / whole:.1%}" if whole else "–"


def report(
    results: List[Result], now: Dict[str, object], first: Dict[str, object], meta: dict
) -> str:
    def row(label: str, key_part: str, key_whole: str, target: float) -> str:
        part, whole = int(now[key_part]), int(now[key_whole])  # type: ignore[call-overload]
        was = _pct(int(first[key_part]), int(first[key_whole]))  # type: ignore[call-overload]
        ok = "ok" if whole and part / whole >= target else "**below**"
        return f"| {label} | {whole} | {part} | {_pct(part, whole)} | {was} | ≥ {target:.0%} {ok} |"

    lines = [
        "## Referrals that fit the person (blind set)",
        "",
        f"Generated by `make eval` (`bench/referral_blind.py`) on {meta['when']}, commit "
        f"{meta['revision']}, on {meta['machine']}. {now['cases']} conversations in "
        "`tests/blind/referrals/` (nine languages), written by helpers who saw neither the "
        "training data nor the other evaluation sets; each played over REST in a fresh "
        "conversation against the real servers. The first run (" + str(first["date"]) + ") is "
        "kept in `bench/referral_blind_first_run.json`; nothing was tuned on this set before it. "
        "Since then the misses were read and general fixes made (needs' leads and routes, the "
        "person patterns, the role decision; no case was special-cased), so later figures are "
        "tuned on this set. One judging change after the first run: a case written in easy "
        "Swedish that got plain Swedish is not a language miss (easy Swedish is chosen with a "
        "button or by asking for it; no text shows it); the first run counted 18 such misses.",
        "",
        "| measure | cases | held | now | first run | target |",
        "|---|---:|---:|---:|---:|---|",
        row("case passes (all checks)", "passed", "cases", TARGET_PASS),
        row(
            "`expect_none` holds (nobody shown a service that turns them away)",
            "expect_none_held",
            "expect_none_cases",
            TARGET_NONE,
        ),
        row(
            "role right (exposed / uses violence; asking counts as not right)",
            "role_right",
            "role_cases",
            TARGET_ROLE,
        ),
        row("immediate danger", "danger_passed", "danger_cases", TARGET_DANGER),
        "",
        f"The assistant asked who is hurt in {now['role_asked']} of {now['role_cases']} role "
        "cases (first run: " + str(first["role_asked"]) + ").",
        "",
        "Per person group and per language (passed/cases, first run in brackets):",
        "",
        "| group | now | first run |",
        "|---|---:|---:|",
    ]
    for group, (p, n) in now["groups"].items():  # type: ignore[attr-defined]
        f = first["groups"].get(group, ["–", "–"])  # type: ignore[attr-defined]
        lines.append(f"| {group} | {p}/{n} | ({f[0]}/{f[1]}) |")
    lines += ["", "| language | now | first run |", "|---|---:|---:|"]
    for language, (p, n) in now["languages"].items():  # type: ignore[attr-defined]
        f = first["languages"].get(language, ["–", "–"])  # type: ignore[attr-defined]
        lines.append(f"| {language} | {p}/{n} | ({f[0]}/{f[1]}) |")
    failures = [r for r in results if not r.passed]
    lines += ["", f"### Misses ({len(failures)})", ""]
    if failures:
        lines += ["| case | messages | why | shown (answer) |", "|---|---|---|---|"]
        for r in failures:
            turns = " → ".join(f"“{t}”" for t in r.case["turns"]).replace("|", "\\|")
            answer = ", ".join(r.responses) or r.need or "?"
            lines.append(
                f"| {r.case['id']} | {turns} | {'; '.join(r.reasons)} | "
                f"{', '.join(r.shown) or 'none'} ({answer}) |"
            )
    else:
        lines.append("None.")
    return "\n".join(lines)


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--only", help="play only the cases whose id contains this text")
    parser.add_argument("--write-docs", action="store_true", help="write the report into docs/")
    args = parser.parse_args(argv)
    cases = load_cases(args.only)
    with tempfile.TemporaryDirectory(prefix="referral-blind-") as tmp:
        results = [accept_swedish_for_easy_swedish(r) for r in run(cases, Path(tmp))]
    now = figures(results)
    for r in results:
        if not r.passed:
            print(f"MISS {r.case['id']}: {' | '.join(r.case['turns'])}\n     {'; '.join(r.reasons)}"
                  f"; shown {r.shown} answer={r.responses} role={r.role}")  # fmt: skip
    print(json.dumps({k: v for k, v in now.items() if k not in ("groups",)}, ensure_ascii=False))
    if not args.only and not FIRST_RUN.exists():
        FIRST_RUN.write_text(
            json.dumps({**now, "date": datetime.now(STOCKHOLM).date().isoformat()}, indent=1)
            + "\n",
            encoding="utf-8",
        )
        print(f"first run kept in {FIRST_RUN.relative_to(ROOT)}")
    if args.write_docs and not args.only:
        first = json.loads(FIRST_RUN.read_text(encoding="utf-8"))
        meta = {
            "when": datetime.now(STOCKHOLM).strftime("%A %Y-%m-%d %H:%M"),
            "revision": revision(),
            "machine": machine(),
        }
        write_section(DOCS, SECTION, report(results, now, first, meta), title="Evaluation")
        print(f"wrote {DOCS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
