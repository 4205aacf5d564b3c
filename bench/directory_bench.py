"""Benchmark the directory at national scale: validate+load and query latency.

Generates a synthetic directory the size of all 290 Swedish municipalities (~10,000 entries) as
YAML files in a temporary folder, loads it into a fresh SQLite file and times 1,000 varied
queries. Run: python bench/directory_bench.py [--write-docs]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import random
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Dict, List

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ruamel.yaml import YAML  # noqa: E402

from directory import find_services  # noqa: E402
from directory.hours import TZ  # noqa: E402
from directory.i18n import SUPPORTED_LANGUAGES  # noqa: E402
from directory.loader import load_directory  # noqa: E402
from directory.store import reset_caches  # noqa: E402

DOCS = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- directory-bench:start -->", "<!-- directory-bench:end -->"
MUNICIPALITIES, REGIONS = 290, 21
NATIONAL, PER_REGION, PER_MUNICIPALITY = 20, 10, 33
QUERIES = 1000
LOAD_RUNS = 3
TARGET_LOAD_S, TARGET_P95_MS = 10.0, 5.0

AUDIENCES = ["victim", "child", "young_person", "person_using_violence", "relative", "professional"]
TOPICS = [
    "partner_violence",
    "child_abuse",
    "witnessing_violence",
    "honour",
    "sexual_violence",
    "prostitution_trafficking",
    "stalking",
    "men_victims",
    "lgbtq",
    "elder_abuse",
    "crisis",
]
LANGUAGES = list(SUPPORTED_LANGUAGES)  # directory/i18n.py, tied to languages.yml by a test
SCHEDULES: List[Dict[str, Any]] = [
    {"open_24_7": True},
    {
        "hours": [
            {"days": ["mo", "tu", "we", "th"], "opens": "08:00", "closes": "16:00"},
            {"days": ["fr"], "opens": "08:00", "closes": "15:00"},
        ]
    },
    {
        "hours": [
            {
                "days": ["mo", "tu", "we", "th", "fr", "sa", "su"],
                "opens": "07:00",
                "closes": "21:00",
            }
        ],
        "holidays": "open",
    },
    {
        "hours": [
            {
                "days": ["mo", "tu", "we", "th", "fr", "sa", "su"],
                "opens": "21:00",
                "closes": "06:00",
            }
        ],
        "holidays": "open",
    },
    {"note": {"sv": "Se webbplatsen.", "en": "See the website."}},
]
TEXT_SV = (
    "Stöd till dig som har utsatts för våld i en nära relation. Du kan vara anonym och "
    "samtalet är gratis. Vi hjälper dig att hitta vägar framåt. "
)
TEXT_EN = (
    "Support for people exposed to violence in a close relationship. You can stay "
    "anonymous and the call is free. We help you find a way forward. "
)


def _entry(entry_id: str, area: Dict[str, str], rng: random.Random) -> Dict[str, Any]:
    description = {"sv": TEXT_SV * 2, "en": TEXT_EN * 2}
    for code in rng.sample(["ar", "fa", "so", "uk", "pl"], rng.randint(0, 3)):
        description[code] = TEXT_EN
    return {
        "id": entry_id,
        "name": f"Tjänst {entry_id}",
        "organization": "Testorganisationen",
        "kind": "service",
        "description": description,
        "audiences": rng.sample(AUDIENCES, rng.randint(1, 3)),
        "topics": rng.sample(TOPICS, rng.randint(1, 4)),
        "area": area,
        "phones": [
            {
                "number": f"08-{rng.randint(100, 999)} {rng.randint(100, 999)} "
                f"{rng.randint(10, 99)}",
                "type": "voice",
            }
        ],
        "url": f"https://example.se/{entry_id}",
        "schedule": rng.choice(SCHEDULES),
        "languages": ["sv", *rng.sample(["en", "ar", "fa", "so"], rng.randint(0, 2))],
        "interpreter": rng.random() < 0.3,
        "anonymous": True,
        "free": True,
        "priority": rng.randint(0, 100),
        "sources": [f"https://example.se/{entry_id}/source"],
        "verified_on": "2026-11-01",
    }


def generate(root: Path, seed: int = 7) -> List[str]:
    """Write the synthetic directory; returns the municipality names."""
    rng, yaml = random.Random(seed), YAML(typ="safe", pure=False)
    yaml.default_flow_style = False
    regions = [f"Län {number:02d}" for number in range(1, REGIONS + 1)]
    towns = [f"Kommun {number:03d}" for number in range(1, MUNICIPALITIES + 1)]

    def write(folder: str, entry: Dict[str, Any]) -> None:
        path = root / folder / f"{entry['id']}.yml"
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8") as handle:
            yaml.dump(entry, handle)

    for number in range(NATIONAL):
        entry = _entry(f"national-{number:02d}", {"type": "national"}, rng)
        if number == 0:
            entry.update(
                audiences=["everyone"],
                topics=["emergency"],
                emergency=True,
                schedule={"open_24_7": True},
                phones=[{"number": "112"}],
            )
        write("national", entry)
    for r_index, region in enumerate(regions):
        for number in range(PER_REGION):
            area = {"type": "region", "region": region}
            write(f"region-{r_index:02d}", _entry(f"r{r_index:02d}-{number:02d}", area, rng))
    for t_index, town in enumerate(towns):
        area = {"type": "municipality", "municipality": town, "region": regions[t_index % REGIONS]}
        for number in range(PER_MUNICIPALITY):
            write(f"kommun-{t_index:03d}", _entry(f"k{t_index:03d}-{number:02d}", area, rng))
    return towns


def _queries(towns: List[str], rng: random.Random) -> List[Dict[str, Any]]:
    base = datetime(2026, 11, 30, tzinfo=TZ)  # a Monday
    holidays = [datetime(2026, 12, 24, 10, tzinfo=TZ), datetime(2026, 6, 19, 14, tzinfo=TZ)]
    queries = []
    for _ in range(QUERIES):
        now = (
            rng.choice(holidays)
            if rng.random() < 0.1
            else base + timedelta(minutes=rng.randrange(7 * 24 * 60))
        )
        queries.append(
            {
                "audiences": rng.sample(AUDIENCES, rng.randint(1, 2)),
                "topics": rng.sample(TOPICS, rng.randint(0, 2)),
                "language": rng.choice(LANGUAGES),
                "municipality": rng.choice(towns),
                "now": now,
                "danger": rng.random() < 0.1,
                "limit": rng.choice([None, 5]),
            }
        )
    return queries


def _machine() -> str:
    memory = "unknown"
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        memory = f"{kb / 1024 / 1024:.0f} GiB"
    except (OSError, AttributeError):
        pass
    cpu = platform.processor() or "unknown CPU"
    with contextlib.suppress(OSError, AttributeError):
        cpu = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text()).group(1)
    return (
        f"{os.cpu_count()} CPUs ({cpu}), {memory} RAM, Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}, {platform.system()} {platform.release()}"
    )


def run() -> Dict[str, Any]:
    """Generate, load and query; returns the measurements."""
    with tempfile.TemporaryDirectory(prefix="directory-bench-") as temp:
        temp_path = Path(temp)
        entries = temp_path / "entries"
        towns = generate(entries)
        os.environ["DIRECTORY_SNAPSHOT_PATH"] = str(temp_path / "snapshot.json")
        load_before = os.getloadavg()[0]
        loads = []
        for run_number in range(LOAD_RUNS):  # the machine is shared: best and median of three
            os.environ["DIRECTORY_DB_URL"] = f"sqlite:///{temp_path / f'directory-{run_number}.db'}"
            reset_caches()
            started = time.perf_counter()
            result = load_directory(entries)
            loads.append(time.perf_counter() - started)
            assert result.status == "loaded"
        started = time.perf_counter()
        again = load_directory(entries)
        reload_s = time.perf_counter() - started
        assert again.status == "unchanged"

        queries = _queries(towns, random.Random(11))
        started = time.perf_counter()
        find_services(**queries[0])
        cold_ms = (time.perf_counter() - started) * 1000
        timings, results = [], 0
        for query in queries:
            started = time.perf_counter()
            results += len(find_services(**query))
            timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        return {
            "entries": result.entries,
            "load_best_s": min(loads),
            "load_median_s": statistics.median(loads),
            "loadavg": load_before,
            "reload_s": reload_s,
            "cold_ms": cold_ms,
            "p50_ms": statistics.median(timings),
            "p95_ms": timings[int(len(timings) * 0.95) - 1],
            "p99_ms": timings[int(len(timings) * 0.99) - 1],
            "max_ms": timings[-1],
            "mean_results": results / len(queries),
            "machine": _machine(),
            "date": datetime.now(TZ).strftime("%Y-%m-%d"),
        }


def table(numbers: Dict[str, Any]) -> str:
    """The results as a Markdown table."""
    ok = {True: "ok", False: "MISSED"}
    rows = [
        ("Entries (YAML files)", f"{numbers['entries']:,}", ""),
        (
            f"validate + load into a fresh SQLite (best of {LOAD_RUNS})",
            f"{numbers['load_best_s']:.2f} s",
            f"< {TARGET_LOAD_S:g} s {ok[numbers['load_best_s'] < TARGET_LOAD_S]}",
        ),
        (f"the same, median of {LOAD_RUNS}", f"{numbers['load_median_s']:.2f} s", ""),
        ("load again (unchanged, validate + hash only)", f"{numbers['reload_s']:.2f} s", ""),
        ("first query (builds the in-memory index)", f"{numbers['cold_ms']:.0f} ms", ""),
        (f"query p50 ({QUERIES:,} varied queries)", f"{numbers['p50_ms']:.2f} ms", ""),
        (
            "query p95",
            f"{numbers['p95_ms']:.2f} ms",
            f"< {TARGET_P95_MS:g} ms {ok[numbers['p95_ms'] < TARGET_P95_MS]}",
        ),
        ("query p99", f"{numbers['p99_ms']:.2f} ms", ""),
        ("query max", f"{numbers['max_ms']:.2f} ms", ""),
        ("services per answer (mean)", f"{numbers['mean_results']:.1f}", ""),
    ]
    lines = ["| measure | result | target |", "| --- | ---: | --- |"]
    lines += [f"| {name} | {value} | {target} |" for name, value, target in rows]
    return "\n".join(lines)


def write_docs(numbers: Dict[str, Any]) -> None:
    """Replace the text between the markers in docs/benchmarks.md."""
    block = (
        f"{START}\nMeasured {numbers['date']} on {numbers['machine']}; load average "
        f"{numbers['loadavg']:.2f} when the load started.\n\n{table(numbers)}\n{END}"
    )
    text = DOCS.read_text(encoding="utf-8") if DOCS.exists() else "# Benchmarks\n\n"
    if START in text and END in text:
        text = text[: text.index(START)] + block + text[text.index(END) + len(END) :]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    DOCS.parent.mkdir(parents=True, exist_ok=True)
    DOCS.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write-docs", action="store_true", help=f"update {DOCS.name}")
    args = parser.parse_args()
    numbers = run()
    print(f"Machine: {numbers['machine']}; load average {numbers['loadavg']:.2f}")
    print(table(numbers))
    if args.write_docs:
        write_docs(numbers)
        print(f"Updated {DOCS}")


if __name__ == "__main__":
    main()
