"""Referral accuracy: play tests/eval/conversations*.yml over REST against the real servers.

Starts the action server and the Rasa server (harness/servers.py, with their own directory
database), plays every case in a fresh conversation and judges the last turn's replies: the
services shown (custom payload), the emergency flag, and the language of the payload and of the
reply text. Reports the pass rate overall, per language, per role and per topic, immediate-danger
cases separately, and every failure with what was shown. `--write-docs` writes the report and one
chart per language into docs/. Exits 1 if any immediate-danger case fails.

    python -m bench.eval_referrals [--write-docs] [--only TEXT]
"""

import argparse
import re
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence, Set, Tuple
from zoneinfo import ZoneInfo

import requests
import yaml

from bench.docs_section import write_section
from bench.machine import load_average, machine, revision
from bot.translations import domain_responses, variant_language, written_once
from harness.servers import Servers, load_directory, server_env

ROOT = Path(__file__).resolve().parent.parent
CASES_DIR = ROOT / "tests" / "eval"
# A reply written once for every language (the bilingual unsupported-language answer).
ANY_LANGUAGE = "*"
DOMAIN_DIR = ROOT / "bot" / "domain"
DOCS = ROOT / "docs" / "evaluation.md"
SECTION = "referral-eval"
TARGET_OVERALL, TARGET_LANGUAGE, TARGET_EMERGENCY = 0.95, 0.90, 1.0
STOCKHOLM = ZoneInfo("Europe/Stockholm")


@dataclass
class Result:
    case: dict
    passed: bool
    reasons: List[str]
    shown: List[str]
    payload_language: Optional[str]
    text_languages: Set[str]
    emergency: Optional[bool]
    need: Optional[str]
    role: Optional[str]  # whom the answer was for (payload `role`), or "asked" for the question
    text: str
    seconds: float = 0.0
    responses: List[str] = field(default_factory=list)  # domain responses the texts came from


# ---------------------------------------------------------------- language of a reply text


GUIDANCE_FILE = Path(__file__).resolve().parent.parent / "directory" / "guidance" / "staff.yml"


def response_templates(domain_dir: Path = DOMAIN_DIR) -> List[Tuple[re.Pattern, str, str]]:
    """Every response variant in the domain as (pattern, language, response name).

    `{slot}` placeholders match anything."""
    templates = []
    for _path, name, variants in domain_responses(domain_dir):
        for variant in variants:
            text = variant.get("text")
            if not text:
                continue
            language = ANY_LANGUAGE if written_once(variant) else variant_language(variant)
            pattern = re.escape(str(text).strip())
            pattern = re.sub(r"\\\{\w+\\\}", "(?s:.*)", pattern)
            templates.append((re.compile(pattern, re.DOTALL), language, name))
    return templates + guidance_templates()


def guidance_templates(path: Path = GUIDANCE_FILE) -> List[Tuple[re.Pattern, str, str]]:
    """The staff guidance's answers (Swedish, English) as they start a reply: the action adds the
    services' lines and the source after them."""
    guidance = yaml.safe_load(path.read_text(encoding="utf-8"))
    texts = [("guidance:not_in_plan", lang, t) for lang, t in guidance["not_in_plan"].items()]
    for item in guidance["items"]:
        if item.get("answer"):
            texts += [(f"guidance:{item['id']}", lang, t) for lang, t in item["answer"].items()]
        else:
            texts += [
                (
                    f"guidance:{item['id']}",
                    lang,
                    t.split("{unit}")[0] + item["routine"]["unit"][lang],
                )
                for kind in ("known", "unknown")
                for lang, t in guidance["routine_answer"][kind].items()
            ]
    return [
        (re.compile(re.escape(" ".join(t.split())) + r"(?s:.*)", re.DOTALL), lang, name)
        for name, lang, t in texts
    ]


def text_sources(text: str, templates: Sequence[tuple]) -> Set[Tuple[str, str]]:
    """(language, response name) of the domain variants this text was rendered from."""
    return {(lang, name) for pattern, lang, name in templates if pattern.fullmatch(text.strip())}


# ---------------------------------------------------------------- judging one case


def judge(case: dict, replies: List[dict], templates: Sequence[tuple]) -> Result:
    """Check the last turn's replies against the case's expectations."""
    payloads = [r["custom"] for r in replies if isinstance(r.get("custom"), dict)]
    shown = [s.get("id") for p in payloads for s in p.get("services") or []]
    texts = [r["text"] for r in replies if r.get("text")]
    languages: Set[str] = set()
    names: List[str] = []
    unknown_texts = 0
    for text in texts:
        found = text_sources(text, templates)
        languages |= {lang for lang, _ in found}
        names += sorted({name for _, name in found} - set(names))
        unknown_texts += not found
    last = payloads[-1] if payloads else None
    emergency = bool(last.get("emergency")) if last else False
    reasons = []
    if not replies:
        reasons.append("no reply at all")
    forbidden = [i for i in case.get("expect_none") or [] if i in shown]
    if forbidden:
        reasons.append(f"showed {', '.join(forbidden)} (turns this person away)")
    missing = [i for i in case["expect_all"] if i not in shown]
    if missing:
        reasons.append(f"missing {', '.join(missing)}")
    if case["expect_any"] and not set(case["expect_any"]) & set(shown):
        reasons.append("none of the expected services")
    if emergency != case["emergency"]:
        got, want_flag = str(emergency).lower(), str(case["emergency"]).lower()
        reasons.append(f"emergency {got}, expected {want_flag}")
    if case["emergency"] and last and (last.get("services") or [{}])[0].get("id") != "sos-112":
        reasons.append("112 not first")
    want = case["language"]
    if last and last.get("language") != want:
        reasons.append(f"payload language {last.get('language')}")
    fits = {want, ANY_LANGUAGE}
    if languages - fits or (not languages & fits and (unknown_texts or not last)):
        reasons.append(f"text language {'/'.join(sorted(languages)) or 'unknown'}")
    return Result(
        case=case,
        passed=not reasons,
        reasons=reasons,
        shown=shown,
        payload_language=last.get("language") if last else None,
        text_languages=languages,
        emergency=emergency,
        need=last.get("need") if last else None,
        role="asked" if "utter_ask_role" in names else (last.get("role") if last else None),
        text=" / ".join(t.splitlines()[0] for t in texts),
        responses=names,
    )


def play(session: requests.Session, webhook: str, case: dict, templates) -> Result:
    """One case in a fresh conversation; only the last turn's replies are judged."""
    sender = f"eval-{uuid.uuid4().hex[:12]}"
    replies: List[dict] = []
    started = time.perf_counter()
    try:
        for turn in case["turns"]:
            answer = session.post(webhook, json={"sender": sender, "message": turn}, timeout=30)
            answer.raise_for_status()
            replies = answer.json()
    except (requests.RequestException, ValueError) as error:
        result = judge(case, [], templates)
        result.reasons = [f"request failed: {type(error).__name__}"]
        result.passed = False
        return result
    result = judge(case, replies, templates)
    result.seconds = time.perf_counter() - started
    return result


# ---------------------------------------------------------------- report


def rate(results: Iterable[Result]) -> Tuple[int, int, float]:
    results = list(results)
    passed = sum(r.passed for r in results)
    return passed, len(results), passed / len(results) if results else 0.0


def grouped(results: List[Result], key: str) -> Dict[str, List[Result]]:
    groups: Dict[str, List[Result]] = defaultdict(list)
    for r in results:
        groups[str(r.case[key])].append(r)
    return dict(sorted(groups.items()))


def verdict(value: float, target: float) -> str:
    return "ok" if value >= target else "**below**"


def report(results: List[Result], meta: Dict[str, str], charts: Dict[str, str]) -> str:
    passed, n, overall = rate(results)
    danger = [r for r in results if r.case["emergency"]]
    d_passed, d_n, d_rate = rate(danger)
    by_language = grouped(results, "language")
    lines = [
        "## Referral accuracy",
        "",
        f"Generated by `make eval` (`bench/eval_referrals.py`) on {meta['when']}, Swedish time "
        f"(opening hours decide which services come first), commit "
        f"{meta['revision']}, on {meta['machine']}. Load average {meta['load_start']} at the start "
        f"and {meta['load_end']} at the end: the machine is shared with other work, which affects "
        "speed only, not these results.",
        "",
        f"{n} conversations from `tests/eval/conversations*.yml` (written for this evaluation, "
        "none copied from the training data; `tests/eval/test_eval_set.py` checks that), each "
        "played over REST in a fresh conversation against the real Rasa and action servers. A case "
        "passes when the last turn's replies show the expected services (`expect_all`, and at "
        "least one of `expect_any`), carry the expected emergency flag (immediate danger: 112 "
        "first), and are in the expected language (payload and text).",
        "",
        "| | cases | passed | pass rate | target |",
        "|---|---:|---:|---:|---|",
        f"| **overall** | {n} | {passed} | {overall:.1%} | ≥ {TARGET_OVERALL:.0%} "
        f"{verdict(overall, TARGET_OVERALL)} |",
    ]
    for language, group in by_language.items():
        p, k, r = rate(group)
        lines.append(
            f"| language `{language}` | {k} | {p} | {r:.1%} | ≥ {TARGET_LANGUAGE:.0%} "
            f"{verdict(r, TARGET_LANGUAGE)} |"
        )
    lines.append(
        f"| **immediate danger** | {d_n} | {d_passed} | {d_rate:.1%} | 100% "
        f"{verdict(d_rate, TARGET_EMERGENCY)} |"
    )
    lines += [
        "",
        "Per role (who is writing):",
        "",
        "| role | cases | passed | pass rate |",
        "|---|---:|---:|---:|",
    ]
    for role, group in grouped(results, "role").items():
        p, k, r = rate(group)
        lines.append(f"| {role} | {k} | {p} | {r:.1%} |")
    languages = list(by_language)
    lines += [
        "",
        "Per topic and language (passed/cases):",
        "",
        "| topic | " + " | ".join(languages) + " |",
        "|---|" + "---:|" * len(languages),
    ]
    for topic, group in grouped(results, "topic").items():
        cells = []
        for language in languages:
            p, k, _ = rate(r for r in group if r.case["language"] == language)
            cells.append(f"{p}/{k}" if k else "–")
        lines.append(f"| {topic} | " + " | ".join(cells) + " |")
    lines.append("")
    for language, path in charts.items():
        lines += [f"![Pass rate per topic, {language}]({path})", ""]
    failures = [r for r in results if not r.passed]
    lines += [f"### Failures ({len(failures)})", ""]
    if not failures:
        lines.append("None.")
    else:
        lines += [
            "| case | messages | why | services shown (answer given) |",
            "|---|---|---|---|",
        ]
        for r in failures:
            turns = " → ".join(f"“{t}”" for t in r.case["turns"])
            shown = ", ".join(r.shown) or "no services"
            answer = ", ".join(f"`{n}`" for n in r.responses) or r.need or "?"
            need = f" ({answer})"
            lines.append(
                f"| {r.case['id']} | {_cell(turns)} | {'; '.join(r.reasons)} | {shown}{need} |"
            )
    return "\n".join(lines)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def draw_charts(results: List[Result], folder: Path) -> Dict[str, str]:
    """One bar chart per language: pass rate per topic. Returns {language: file name}."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    charts = {}
    for language, group in grouped(results, "language").items():
        topics = grouped(group, "topic")
        names = list(topics)
        rates = [rate(topics[t])[2] * 100 for t in names]
        counts = [f"{rate(topics[t])[0]}/{rate(topics[t])[1]}" for t in names]
        p, k, overall = rate(group)
        fig, ax = plt.subplots(figsize=(7.5, 0.28 * len(names) + 1.4))
        colours = ["#2e7d32" if v >= 100 else "#f9a825" if v >= 80 else "#c62828" for v in rates]
        bars = ax.barh(names, rates, color=colours)
        ax.invert_yaxis()
        ax.set_xlim(0, 118)
        ax.axvline(TARGET_LANGUAGE * 100, color="grey", linestyle="--", linewidth=0.8)
        for bar, label in zip(bars, counts, strict=True):
            ax.text(
                bar.get_width() + 1,
                bar.get_y() + bar.get_height() / 2,
                label,
                va="center",
                fontsize=7,
            )
        ax.set_xlabel("cases passed (%)")
        ax.set_title(f"Referral accuracy, {language}: {p}/{k} ({overall:.1%})", fontsize=10)
        ax.tick_params(axis="y", labelsize=7)
        fig.tight_layout()
        name = f"eval-referrals-{language}.png"
        fig.savefig(folder / name, dpi=110)
        plt.close(fig)
        charts[language] = name
    return charts


# ---------------------------------------------------------------- main


def case_files() -> List[Path]:
    """The evaluation sets: conversations.yml (sv, en) and the other languages' files."""
    return sorted(CASES_DIR.glob("conversations*.yml"))


def load_cases(paths: Sequence[Path], only: Optional[str]) -> List[dict]:
    cases = [c for p in paths for c in yaml.safe_load(p.read_text(encoding="utf-8"))["cases"]]
    if only:
        cases = [c for c in cases if only in c["id"]]
    return cases


def run(cases: List[dict], workdir: Path) -> List[Result]:
    env = server_env(workdir)
    load_directory(env)
    servers = Servers(workdir=workdir, env=env)
    templates = response_templates()
    try:
        servers.start_actions()
        servers.start_rasa()
        with requests.Session() as session:
            return [play(session, servers.webhook, case, templates) for case in cases]
    finally:
        servers.stop()


def print_summary(results: List[Result]) -> None:
    for r in results:
        if not r.passed:
            print(
                f"FAIL {r.case['id']}: {' | '.join(r.case['turns'])}\n"
                f"     {'; '.join(r.reasons)}; shown {r.shown} answer={r.responses} "
                f"lang={r.payload_language}/{sorted(r.text_languages)}\n     {r.text[:160]}"
            )
    p, n, overall = rate(results)
    print(f"overall {p}/{n} ({overall:.1%})")
    for language, group in grouped(results, "language").items():
        p, k, r = rate(group)
        print(f"  {language}: {p}/{k} ({r:.1%})")
    for role, group in grouped(results, "role").items():
        p, k, r = rate(group)
        print(f"  role {role}: {p}/{k} ({r:.1%})")
    p, k, r = rate(x for x in results if x.case["emergency"])
    print(f"immediate danger {p}/{k} ({r:.1%})")


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--cases", type=Path, nargs="*", default=None, help="default: tests/eval/conversations*.yml"
    )
    parser.add_argument("--only", help="play only the cases whose id contains this text")
    parser.add_argument(
        "--write-docs", action="store_true", help="write the report and the charts into docs/"
    )
    args = parser.parse_args(argv)
    cases = load_cases(args.cases or case_files(), args.only)
    meta = {
        "load_start": f"{load_average():.2f}",
        "machine": machine(),
        "revision": revision(),
        "when": datetime.now(STOCKHOLM).strftime("%A %Y-%m-%d %H:%M"),
    }
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="eval-referrals-") as tmp:
        results = run(cases, Path(tmp))
    meta["load_end"] = f"{load_average():.2f}"
    print_summary(results)
    print(
        f"played {len(cases)} cases in {time.monotonic() - started:.0f} s; "
        f"load average {meta['load_start']} → {meta['load_end']}"
    )
    if args.write_docs:
        charts = draw_charts(results, DOCS.parent)
        write_section(DOCS, SECTION, report(results, meta, charts), title="Evaluation")
        print(f"wrote {DOCS.relative_to(ROOT)} and {', '.join(charts.values())}")
    danger_failed = [r.case["id"] for r in results if r.case["emergency"] and not r.passed]
    if danger_failed:
        print(f"IMMEDIATE-DANGER CASES FAILED: {', '.join(danger_failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
