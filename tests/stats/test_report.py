"""The extract: small cells hidden in every format, periods understood, clear errors."""

import csv
import io
import json
import random
import subprocess
import sys
from datetime import date

import pytest

from bot.stats import store
from bot.stats.__main__ import main
from bot.stats.counting import Row
from bot.stats.periods import PeriodError, choose_period, parse_period
from bot.stats.report import CSV_COLUMNS, FORMATS, build
from bot.stats.suppress import SMALL, WITHHELD, protect

ROOT = __import__("pathlib").Path(__file__).resolve().parents[2]


def seeded_store(tmp_path, seed: int = 4):
    """Half a year of counts: many Swedish conversations, a few in other languages."""
    rng = random.Random(seed)
    engine = store.engine_for(f"sqlite:///{tmp_path / 'stats.db'}")
    store.create_table(engine)
    rows = {}
    for month in range(1, 7):
        for day in (2, 14, 27):
            for language, most in (("sv", 9), ("en", 2), ("ar", 1), ("ti", 1)):
                for band in ("day", "evening", "night", "weekend"):
                    n = rng.randint(0, most)
                    if not n:
                        continue
                    key = (date(2026, month, day), "rest", language, band)
                    rows[Row(*key, "conversations", "all")] = n
                    rows[Row(*key, "referred", "all")] = rng.randint(0, n)
                    rows[Row(*key, "emergency", "all")] = rng.randint(0, 1)
                    rows[Row(*key, "role", "victim")] = rng.randint(0, n)
                    rows[Row(*key, "role", "child")] = rng.randint(0, 1)
                    rows[Row(*key, "topic", "honour")] = rng.randint(0, 1)
                    rows[Row(*key, "service", "kvinnofridslinjen")] = rng.randint(0, n)
                    rows[Row(*key, "service", "bris")] = rng.randint(0, 1)
    store.add(engine, {k: v for k, v in rows.items() if v})
    return engine


def published_values(report):
    for table in report.tables:
        for (key, column), value in table.cells.items():
            yield table.name, key, column, value


def test_no_figure_under_5_is_published_and_none_can_be_worked_out(tmp_path):
    report = build(seeded_store(tmp_path), parse_period("2026H1"), "Askersund")
    values = list(published_values(report))
    assert any(v == SMALL for *_, v in values) and any(isinstance(v, int) for *_, v in values)
    assert all(v in (SMALL, WITHHELD) or v >= 5 for *_, v in values)
    for table in report.tables:
        for key, _ in table.rows:
            months = [table.cells[(key, m)] for m in report.months]
            if isinstance(table.cells[(key, "total")], int):
                assert sum(not isinstance(v, int) for v in months) != 1, (table.name, key)
    totals = next(t for t in report.tables if t.name == "totals")
    for split in ("language", "band", "channel"):
        table = next(t for t in report.tables if t.name == split)
        for column in [*report.months, "total"]:
            if isinstance(totals.cells[("conversations", column)], int):
                cells = [table.cells[(key, column)] for key, _ in table.rows]
                assert sum(not isinstance(v, int) for v in cells) != 1, (split, column)


@pytest.mark.parametrize("seed", range(30))
def test_protection_holds_on_random_tables(seed):
    rng = random.Random(seed)
    months = ["m1", "m2", "m3"]
    members = ["a", "b", "c", "d"]
    counts = {}
    for month in months:
        for member in members:
            counts[(member, month)] = rng.choice([0, 1, 3, 5, 8, 20])
        counts[("sum", month)] = sum(counts[(m, month)] for m in members)
    for row in [*members, "sum"]:
        counts[(row, "total")] = sum(counts[(row, m)] for m in months)
    out = protect(counts, [*members, "sum"], months, [(members, "sum")])
    for row in [*members, "sum"]:
        hidden = [m for m in months if not isinstance(out[(row, m)], int)]
        assert isinstance(out[(row, "total")], str) or len(hidden) != 1
    for column in [*months, "total"]:
        hidden = [m for m in members if not isinstance(out[(m, column)], int)]
        assert isinstance(out[("sum", column)], str) or len(hidden) != 1
    assert all(not isinstance(v, int) or v >= 5 for v in out.values())


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_format_shows_small_cells_as_under_5_and_no_day(tmp_path, fmt):
    report = build(seeded_store(tmp_path), parse_period("2026H1"), "Askersund")
    text = FORMATS[fmt](report)
    assert "<5" in text
    assert "2026-03-14" not in text and "2026-01-02" not in text  # no day leaves the database
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(text)))
        assert tuple(rows[0]) == CSV_COLUMNS
        assert all(r["value"] in (SMALL, WITHHELD) or int(r["value"]) >= 5 for r in rows)
        assert {r["column"] for r in rows} == {*report.months, "total"}
    if fmt == "json":
        document = json.loads(text)
        values = [
            v
            for table in document["tables"].values()
            for row in table["rows"]
            for v in row["values"].values()
        ]
        assert all(v in (SMALL, WITHHELD) or v >= 5 for v in values)
        assert all(s["conversations"] >= 5 for s in document["services"])


def test_a_month_report_has_one_month(tmp_path):
    report = build(seeded_store(tmp_path), parse_period("2026-03"), "Askersund")
    assert report.months == ["2026-03"]


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("2026H1", date(2026, 1, 1), date(2026, 6, 30)),
        ("2026h2", date(2026, 7, 1), date(2026, 12, 31)),
        ("2026-02", date(2026, 2, 1), date(2026, 2, 28)),
        ("2028-02", date(2028, 2, 1), date(2028, 2, 29)),
    ],
)
def test_periods(text, start, end):
    period = parse_period(text)
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize(
    "period, start, end, says",
    [
        ("2026H3", None, None, "half year"),
        ("2026-13", None, None, "no month 13"),
        ("2026H1", "2026-01-01", None, "not both"),
        (None, "2026-01-01", None, "Say which period"),
        (None, "2026-02-30", "2026-03-01", "not a date"),
        (None, "2026-03-01", "2026-02-01", "before"),
    ],
)
def test_bad_periods_say_what_to_write(period, start, end, says):
    with pytest.raises(PeriodError, match=says):
        choose_period(period, start, end)


def test_the_command_writes_a_file_and_charts(tmp_path, capsys):
    seeded_store(tmp_path)
    db = f"sqlite:///{tmp_path / 'stats.db'}"
    out = tmp_path / "out" / "h1.csv"
    charts = tmp_path / "charts"
    args = ["report", "--period", "2026H1", "--db", db, "--format", "csv", "--output", str(out)]
    assert main([*args, "--charts", str(charts), "--language", "en"]) == 0
    assert out.read_text(encoding="utf-8").startswith(",".join(CSV_COLUMNS))
    pngs = sorted(p.name for p in charts.glob("*.png"))
    assert len(pngs) == 3
    assert all((charts / p).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in pngs)


def test_bad_arguments_exit_with_a_clear_message():
    run = subprocess.run(
        [sys.executable, "-m", "bot.stats", "report", "--period", "2026-1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 2
    assert "write a half year (2026H1, 2026H2) or a month (2026-03)" in run.stderr


def test_every_category_has_a_label_in_every_report_language():
    from bot.language.detect import all_languages
    from bot.stats.categories import load_schema
    from bot.stats.report import TOTAL_MEASURES, labels

    schema = load_schema()
    for language, words in labels().items():
        assert set(words["measures"]) == set(TOTAL_MEASURES), language
        assert set(words["role"]) == set(schema.roles), language
        assert set(words["topic"]) == set(schema.topics), language
        assert set(words["band"]) == set(schema.bands), language
        assert set(words["language"]) == set(all_languages()), language
