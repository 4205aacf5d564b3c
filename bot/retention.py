"""Delete stored conversations older than a number of hours (production tracker store in SQL).

    python -m bot.retention --hours 24            # uses TRACKER_DB_URL
    python -m bot.retention --hours 24 --dry-run

A conversation is deleted whole once its newest event is older than the limit, so nothing of a
conversation outlives the retention time. Run it from cron or a systemd timer, e.g. hourly.
"""

import argparse
import os
import sys
import time
from typing import Optional

from sqlalchemy import MetaData, Table, create_engine, delete, func, select
from sqlalchemy.engine import Engine


def _events(engine: Engine) -> Table:
    """Rasa's SQLTrackerStore table, reflected so this job does not depend on Rasa's models."""
    return Table("events", MetaData(), autoload_with=engine)


def expired_senders(engine: Engine, hours: float, now: Optional[float] = None):
    events = _events(engine)
    cutoff = (now or time.time()) - hours * 3600
    query = (
        select(events.c.sender_id)
        .group_by(events.c.sender_id)
        .having(func.max(events.c.timestamp) < cutoff)
    )
    with engine.connect() as connection:
        return [row[0] for row in connection.execute(query)]


def delete_older_than(engine: Engine, hours: float, now: Optional[float] = None) -> int:
    """Delete every event of conversations idle for more than `hours`; the number deleted."""
    senders = expired_senders(engine, hours, now)
    events = _events(engine)
    with engine.begin() as connection:
        for start in range(0, len(senders), 500):
            chunk = senders[start : start + 500]
            connection.execute(delete(events).where(events.c.sender_id.in_(chunk)))
    return len(senders)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--hours",
        type=float,
        default=float(os.environ.get("RETENTION_HOURS", 24)),
        help="delete conversations idle longer than this (default: RETENTION_HOURS or 24)",
    )
    parser.add_argument(
        "--url",
        default=os.environ.get("TRACKER_DB_URL"),
        help="SQLAlchemy URL of the tracker database (default: TRACKER_DB_URL)",
    )
    parser.add_argument("--dry-run", action="store_true", help="only count what would be deleted")
    args = parser.parse_args(argv)
    if not args.url:
        print("No tracker database: set TRACKER_DB_URL or pass --url.", file=sys.stderr)
        return 2
    if args.hours <= 0:
        print("--hours must be more than 0.", file=sys.stderr)
        return 2
    engine = create_engine(args.url, future=True)
    if args.dry_run:
        count = len(expired_senders(engine, args.hours))
        print(f"{count} conversations are older than {args.hours:g} h.")
    else:
        count = delete_older_than(engine, args.hours)
        print(f"Deleted {count} conversations older than {args.hours:g} h.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
