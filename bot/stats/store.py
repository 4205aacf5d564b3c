"""The counters in SQL (SQLite by default, PostgreSQL in production): one table, one row per
day, channel, language, time band, measure and category. No column can hold a sentence, a sender
id or a time finer than the day."""

import os
from datetime import date
from typing import Dict, List, Mapping, Optional, Tuple

from sqlalchemy import (
    Column,
    Date,
    Integer,
    MetaData,
    String,
    Table,
    and_,
    create_engine,
    func,
    inspect,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError

from bot.settings import ROOT
from bot.stats.counting import Row
from directory.db import sqlite_path

# The longest category the schema allows (a service id); nothing longer fits, by design.
SHORT = 48
DIMENSIONS = ("day", "channel", "language", "band", "measure", "category")

metadata = MetaData()
counts = Table(
    "chat_counts",
    metadata,
    Column("day", Date, primary_key=True),
    Column("channel", String(16), primary_key=True),
    Column("language", String(12), primary_key=True),
    Column("band", String(12), primary_key=True),
    Column("measure", String(16), primary_key=True),
    Column("category", String(SHORT), primary_key=True),
    Column("count", Integer, nullable=False),
)


def default_url() -> str:
    return os.environ.get("STATS_DB_URL") or f"sqlite:///{ROOT / 'var' / 'statistics.db'}"


def engine_for(url: Optional[str] = None) -> Engine:
    url = url or default_url()
    path = sqlite_path(url)
    if path is not None and not str(path).startswith("file:"):  # a plain file: make its folder
        path.parent.mkdir(parents=True, exist_ok=True)
    # a short connect timeout: a store that is down must not hold the writer for long
    connect_args = {"connect_timeout": 3} if url.startswith("postgresql") else {"timeout": 5}
    return create_engine(url, future=True, connect_args=connect_args, pool_pre_ping=True)


def create_table(engine: Engine) -> None:
    try:
        metadata.create_all(engine, checkfirst=True)
    except (IntegrityError, OperationalError, ProgrammingError):
        # several processes write their first counts at once (replicas starting, workers
        # stopping): one creates the table, the others' CREATE fails; the table is there
        if not inspect(engine).has_table(counts.name):
            raise


def _values(row: Row, n: int) -> dict:
    return {**{name: getattr(row, name) for name in DIMENSIONS}, "count": n}


def _upsert(dialect: str):
    """INSERT ... ON CONFLICT DO UPDATE: the database adds, never overwrites."""
    insert = (sqlite.insert if dialect == "sqlite" else postgresql.insert)(counts)
    return insert.on_conflict_do_update(
        index_elements=list(DIMENSIONS), set_={"count": counts.c.count + insert.excluded.count}
    )


def add(engine: Engine, rows: Mapping[Row, int]) -> None:
    """Add the increments in one transaction (all or nothing, so a failed write can be retried
    whole) and one statement with many rows, so the writer holds the server's thread briefly.
    Several processes may add at once: the database adds, never overwrites."""
    if not rows:
        return
    dialect = engine.dialect.name
    with engine.begin() as connection:
        if dialect in ("sqlite", "postgresql"):
            connection.execute(_upsert(dialect), [_values(row, n) for row, n in rows.items()])
        else:
            for row, n in rows.items():
                _add_portably(connection, row, n, _values(row, n))


def _add_portably(connection, row: Row, n: int, values: dict) -> None:
    match = and_(*(counts.c[name] == getattr(row, name) for name in DIMENSIONS))
    if connection.execute(update(counts).where(match).values(count=counts.c.count + n)).rowcount:
        return
    try:
        with connection.begin_nested():
            connection.execute(counts.insert().values(**values))
    except IntegrityError:  # another process inserted it meanwhile
        connection.execute(update(counts).where(match).values(count=counts.c.count + n))


def monthly(
    engine: Engine, start: date, end: date
) -> List[Tuple[str, str, str, str, str, str, int]]:
    """Sums per month (YYYY-MM), measure, category, channel, language and band for the days in
    [start, end]: the finest figures that leave the database."""
    month = (
        func.to_char(counts.c.day, "YYYY-MM")
        if engine.dialect.name == "postgresql"
        else func.strftime("%Y-%m", counts.c.day)
    )
    query = (
        select(
            month.label("month"),
            counts.c.measure,
            counts.c.category,
            counts.c.channel,
            counts.c.language,
            counts.c.band,
            func.sum(counts.c.count),
        )
        .where(counts.c.day >= start, counts.c.day <= end)
        .group_by(
            month,
            counts.c.measure,
            counts.c.category,
            counts.c.channel,
            counts.c.language,
            counts.c.band,
        )
    )
    with engine.connect() as connection:
        return [tuple(r) for r in connection.execute(query)]


def every_row(engine: Engine) -> List[Dict[str, object]]:
    """The whole table (tests and the privacy check read it)."""
    with engine.connect() as connection:
        return [dict(r._mapping) for r in connection.execute(select(counts))]
