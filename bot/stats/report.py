"""The twice-yearly extract: totals and per-month figures by role, topic, language, time band
and channel, and the services shown most often, with the small-cell rule applied before
anything is written (bot/stats/suppress.py)."""

import csv
import io
import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import yaml
from sqlalchemy.engine import Engine

from bot.language.detect import all_languages
from bot.stats import store
from bot.stats.categories import OTHER, load_schema
from bot.stats.periods import Period
from bot.stats.suppress import THRESHOLD, protect

LABELS_FILE = Path(__file__).with_name("labels.yml")
TOTAL_MEASURES = ("conversations", "referred", "emergency", "ended_unclear", "forget")
# Tables of conversations split by a property every conversation has exactly one of.
SPLITS = ("language", "band", "channel")
TOP_SERVICES = 10
# The CSV's columns, documented in docs/statistics.md; the same in every municipality.
CSV_COLUMNS = ("municipality", "period_from", "period_to", "table", "category", "column", "value")


@lru_cache(maxsize=1)
def labels() -> Dict[str, Any]:
    return yaml.safe_load(LABELS_FILE.read_text(encoding="utf-8"))


@dataclass
class Table:
    name: str
    title: str
    rows: List[Tuple[str, str]]  # (category, label)
    cells: Dict[Tuple[str, str], object] = field(default_factory=dict)  # (category, column)


@dataclass
class Report:
    municipality: str
    period: Period
    generated: date
    language: str
    months: List[str]
    tables: List[Table]
    services: List[Tuple[str, int]]
    services_rest: int
    notes: List[str]


def _category_rows(name: str, keys: List[str], language: str) -> List[Tuple[str, str]]:
    words = labels()[language]
    if name == "totals":
        return [(key, words["measures"][key]) for key in keys]
    if name == "channel":
        return [(key, key) for key in keys]
    return [(key, words[name].get(key, words["other"])) for key in keys]


def build(
    engine: Engine,
    period: Period,
    municipality: str,
    language: str = "sv",
    today: Optional[date] = None,
) -> Report:
    """Read the months of the period and protect every figure before it is returned."""
    schema = load_schema()
    months = period.months()
    sums: Dict[Tuple[str, str, str], int] = defaultdict(int)  # (table, category, column)
    for month, measure, category, channel, lang, band, n in store.monthly(
        engine, period.start, period.end
    ):
        for column in (month, "total"):
            if measure in TOTAL_MEASURES:
                sums[("totals", measure, column)] += n
            if measure in ("role", "topic", "service"):
                sums[(measure, category, column)] += n
            if measure == "conversations":
                for split, value in (("language", lang), ("band", band), ("channel", channel)):
                    sums[(split, value, column)] += n
    seen = defaultdict(set)
    for table_name, category, _ in sums:
        seen[table_name].add(category)
    keys = {
        "totals": list(TOTAL_MEASURES),
        "role": list(schema.roles),
        "topic": list(schema.topics),
        "language": [*all_languages(), *sorted(seen["language"] - set(all_languages()))],
        "band": list(schema.bands) + ([OTHER] if OTHER in seen["band"] else []),
        "channel": sorted(seen["channel"]),
    }
    counts = {(f"{t}:{c}", col): n for (t, c, col), n in sums.items() if t != "service"}
    partitions = [([f"{s}:{k}" for k in keys[s]], "totals:conversations") for s in SPLITS]
    all_rows = [f"{t}:{k}" for t, ks in keys.items() for k in ks]
    published = protect(counts, all_rows, months, partitions)
    words = labels()[language]
    tables: List[Table] = []
    for name, table_keys in keys.items():
        table = Table(name, words["sections"][name], _category_rows(name, table_keys, language))
        for key in table_keys:
            for column in [*months, "total"]:
                table.cells[(key, column)] = published[(f"{name}:{key}", column)]
        tables.append(table)
    service_totals = {c: n for (t, c, col), n in sums.items() if t == "service" and col == "total"}
    shown = sorted(
        ((sid, n) for sid, n in service_totals.items() if n >= THRESHOLD),
        key=lambda item: (-item[1], item[0]),
    )
    return Report(
        municipality=municipality,
        period=period,
        generated=today or date.today(),
        language=language,
        months=months,
        tables=tables,
        services=shown[:TOP_SERVICES],
        services_rest=len(service_totals) - len(shown[:TOP_SERVICES]),
        notes=[words["small"], words["not_prevalence"]],
    )


def _header(report: Report) -> List[str]:
    words = labels()[report.language]
    return [
        f"# {words['title']}: {report.municipality}",
        "",
        f"{words['period']}: {report.period.start.isoformat()} – {report.period.end.isoformat()}"
        f" ({report.period.label}). {words['generated']}: {report.generated.isoformat()}.",
        "",
        *[f"> {note}" for note in report.notes],
        "",
    ]


def to_markdown(report: Report) -> str:
    words = labels()[report.language]
    lines = _header(report)
    columns = [*report.months, "total"]
    for table in report.tables:
        if not table.rows:
            continue
        lines += [f"## {table.title}", ""]
        names = [*report.months, words["total"]]
        lines.append("| | " + " | ".join(names) + " |")
        lines.append("|---|" + "---:|" * len(names))
        for key, label in table.rows:
            lines.append(
                f"| {label} | " + " | ".join(str(table.cells[(key, c)]) for c in columns) + " |"
            )
        lines.append("")
    lines += [f"## {words['sections']['services']}", ""]
    lines += [f"1. {sid}: {n}" for sid, n in report.services]
    lines += ["", words["services_rest"].format(n=report.services_rest), ""]
    return "\n".join(lines)


def _long_rows(report: Report):
    """Every published figure as (table, category, column, value)."""
    for table in report.tables:
        for key, _ in table.rows:
            for column in [*report.months, "total"]:
                yield table.name, key, column, table.cells[(key, column)]
    for sid, n in report.services:
        yield "services", sid, "total", n


def to_csv(report: Report) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    start, end = report.period.start.isoformat(), report.period.end.isoformat()
    for table, category, column, value in _long_rows(report):
        writer.writerow((report.municipality, start, end, table, category, column, value))
    return out.getvalue()


def to_json(report: Report) -> str:
    document = {
        "municipality": report.municipality,
        "period": {
            "label": report.period.label,
            "from": report.period.start.isoformat(),
            "to": report.period.end.isoformat(),
        },
        "generated": report.generated.isoformat(),
        "months": report.months,
        "notes": report.notes,
        "tables": {
            table.name: {
                "title": table.title,
                "rows": [
                    {
                        "category": key,
                        "label": label,
                        "values": {c: table.cells[(key, c)] for c in [*report.months, "total"]},
                    }
                    for key, label in table.rows
                ],
            }
            for table in report.tables
        },
        "services": [{"id": sid, "conversations": n} for sid, n in report.services],
        "services_fewer_than_5": report.services_rest,
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


FORMATS = {"md": to_markdown, "csv": to_csv, "json": to_json}
