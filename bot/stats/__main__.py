"""The statistics extract for the social services (docs/statistics.md).

python -m bot.stats report --period 2026H1
python -m bot.stats report --period 2026-03 --format csv --output mars.csv
python -m bot.stats report --from 2026-01-01 --to 2026-03-31 --format json --charts bilder/
"""

import argparse
import sys
from pathlib import Path
from typing import List, Optional

from bot.stats import store
from bot.stats.periods import PeriodError, choose_period
from bot.stats.report import FORMATS, build, labels


def _municipality() -> str:
    from directory.settings import get_settings

    return get_settings().municipality


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bot.stats",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True)
    report = commands.add_parser("report", help="totals and months of a period, small cells hidden")
    report.add_argument("--period", help="2026H1, 2026H2 or a month such as 2026-03")
    report.add_argument("--from", dest="start", help="first day, e.g. 2026-01-01 (with --to)")
    report.add_argument("--to", dest="end", help="last day, inclusive, e.g. 2026-03-31")
    report.add_argument("--format", choices=sorted(FORMATS), default="md")
    report.add_argument("--output", type=Path, help="write to this file (default: the screen)")
    report.add_argument("--charts", type=Path, help="also write PNG charts into this folder")
    report.add_argument(
        "--language",
        choices=sorted(labels()),
        default="sv",
        help="the language of titles and labels (default sv)",
    )
    report.add_argument("--db", help="the statistics database (default: STATS_DB_URL)")
    args = parser.parse_args(argv)
    try:
        period = choose_period(args.period, args.start, args.end)
    except PeriodError as error:
        parser.error(str(error))
    engine = store.engine_for(args.db)
    try:
        store.create_table(engine)  # a municipality that has not counted yet gets an empty report
        result = build(engine, period, _municipality(), args.language)
    except Exception as error:
        print(
            f"Could not read the statistics database: {type(error).__name__}: {error}",
            file=sys.stderr,
        )
        return 1
    text = FORMATS[args.format](result)
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text, encoding="utf-8")
        print(f"Wrote {args.output} ({args.format}, {period.label}).", file=sys.stderr)
    else:
        sys.stdout.write(text)
    if args.charts:
        from bot.stats.charts import write_charts

        for path in write_charts(result, args.charts):
            print(f"Wrote {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
