"""Statistics in the production set-up: PostgreSQL, Redis, two Sanic workers, a restart, and a
statistics store that is down. Real processes on loopback, started and stopped here."""

import csv
import io
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from typing import Dict, List, Tuple
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.engine import make_url

from bot.stats import store
from bot.stats.periods import parse_period
from bot.stats.report import build, to_csv
from harness.servers import (
    Servers,
    free_port,
    load_directory,
    payloads,
    running_in_group,
    send,
    server_env,
)

pytestmark = pytest.mark.servers
# Each conversation: a referral, danger now, then words the assistant does not understand.
SCRIPT = ["min man slår mig", "han har en kniv och är här nu", "blorf zzk qqq"]
CONVERSATIONS = 8


def production_servers(workdir: Path, postgres_url: str, redis_port: int) -> Servers:
    """Two Sanic workers sharing conversations (PostgreSQL), locks and counting state (Redis);
    counts are written only when the server stops, to show that a normal stop loses none."""
    env = server_env(workdir)
    load_directory(env)
    env.update(
        SANIC_WORKERS="2",
        STATS_DB_URL=postgres_url,
        STATS_STATE_URL=f"redis://127.0.0.1:{redis_port}/2",
        STATS_FLUSH_SECONDS="3600",
    )
    db = make_url(postgres_url)
    endpoints = (
        f"tracker_store:\n  type: SQL\n  dialect: postgresql\n  url: {db.host}\n"
        f"  port: {db.port}\n  db: {db.database}\n  username: {db.username}\n"
        f"lock_store:\n  type: redis\n  url: 127.0.0.1\n  port: {redis_port}\n  db: 1\n"
    )
    return Servers(workdir=workdir, env=env, endpoints_extra=endpoints)


def children(pid: int) -> List[int]:
    """The processes a process started (Sanic's workers), from /proc."""
    found = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(child) for child in found]


def converse(servers: Servers, run: int) -> List[List[List[dict]]]:
    """The conversations side by side, so that the two workers share their turns."""

    def one(index: int) -> List[List[dict]]:
        sender = f"prod-{run}-{index}"
        return [payloads(send(servers, sender, message)) for message in SCRIPT]

    with ThreadPoolExecutor(max_workers=CONVERSATIONS) as pool:
        return list(pool.map(one, range(CONVERSATIONS)))


def counts(url: str) -> Dict[Tuple[str, str], int]:
    engine = store.engine_for(url)
    try:
        store.create_table(engine)
        rows = store.every_row(engine)
    finally:
        engine.dispose()
    found: Dict[Tuple[str, str], int] = {}
    for row in rows:
        key = (row["measure"], row["category"])
        found[key] = found.get(key, 0) + row["count"]
    return found


def test_two_workers_count_each_conversation_once_and_a_restart_loses_nothing(
    tmp_path, postgres_url, redis_port
):
    for run in (1, 2):
        (tmp_path / f"run{run}").mkdir()
        servers = production_servers(tmp_path / f"run{run}", postgres_url, redis_port)
        try:
            servers.start_actions()
            servers.start_rasa()
            rasa_pid = servers.procs["rasa"].pid
            workers = children(rasa_pid)
            talks = converse(servers, run)
        finally:
            servers.stop()  # Ctrl-C: the workers write their counts as they stop
        assert len(workers) == 2
        assert running_in_group(rasa_pid) == []  # no worker outlived the server
        for turns in talks:
            assert turns[0][-1].get("need") == "victim_violence", turns[0]
            assert turns[1][0]["emergency"] is True
        found = counts(postgres_url)
        expected = {
            ("conversations", "all"): CONVERSATIONS * run,
            ("referred", "all"): CONVERSATIONS * run,
            ("emergency", "all"): CONVERSATIONS * run,
            ("ended_unclear", "all"): CONVERSATIONS * run,
            ("role", "victim"): CONVERSATIONS * run,
            ("topic", "partner_violence"): CONVERSATIONS * run,
        }
        assert {k: found.get(k) for k in expected} == expected, (run, found)
        assert found[("service", "sos-112")] == CONVERSATIONS * run
    # the extract reads PostgreSQL as it reads SQLite
    today = datetime.now(ZoneInfo("Europe/Stockholm")).date()
    period = parse_period(f"{today.year}-{today.month:02d}")
    engine = store.engine_for(postgres_url)
    try:
        report = build(engine, period, "Askersund")
    finally:
        engine.dispose()
    totals = next(t for t in report.tables if t.name == "totals")
    assert totals.cells[("conversations", "total")] == 2 * CONVERSATIONS
    rows = csv.DictReader(io.StringIO(to_csv(report)))
    [emergency] = [
        r
        for r in rows
        if (r["table"], r["category"], r["column"]) == ("totals", "emergency", "total")
    ]
    assert emergency["value"] == str(2 * CONVERSATIONS)


def test_conversations_are_answered_when_the_statistics_store_is_down(tmp_path):
    workdir = tmp_path / "down"
    workdir.mkdir()
    env = server_env(workdir)
    load_directory(env)
    env["STATS_DB_URL"] = f"postgresql://postgres@127.0.0.1:{free_port()}/statistics"
    servers = Servers(workdir=workdir, env=env)
    try:
        servers.start_actions()
        servers.start_rasa()
        for index in range(3):
            turns = [payloads(send(servers, f"down-{index}", m)) for m in SCRIPT]
            assert turns[0][-1].get("need") == "victim_violence"
            assert turns[1][0]["emergency"] is True
            time.sleep(1.5)  # let the writer try (and fail) between conversations
    finally:
        servers.stop()
    log = (workdir / "rasa.log").read_text(encoding="utf-8", errors="replace")
    assert log.count("Statistics: the counts could not be written") == 1
