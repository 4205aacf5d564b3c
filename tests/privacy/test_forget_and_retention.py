"""Forgetting a conversation and the retention job, on real Rasa tracker stores."""

import subprocess
import sys
import time

from rasa.core.tracker_store import InMemoryTrackerStore, SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.privacy import forget_conversation
from bot.retention import delete_older_than
from harness.servers import ROOT
from tests.run_async import run_async

DOMAIN = Domain.from_yaml("version: '3.1'\nintents: [greet]")


def conversation(sender: str, at: float) -> DialogueStateTracker:
    tracker = DialogueStateTracker(sender, DOMAIN.slots)
    tracker.update(UserUttered("hemligt meddelande", {"name": "greet"}, timestamp=at))
    return tracker


def save(store, *trackers):
    async def run():
        for tracker in trackers:
            await store.save(tracker)

    run_async(run())


def stored(store, sender):
    return run_async(store.retrieve(sender))


def test_forget_deletes_from_memory():
    store = InMemoryTrackerStore(DOMAIN)
    save(store, conversation("a", time.time()), conversation("b", time.time()))
    assert forget_conversation(store, "a")
    assert "a" not in store.store and "b" in store.store


def test_forget_deletes_from_sql(tmp_path):
    store = SQLTrackerStore(DOMAIN, dialect="sqlite", db=str(tmp_path / "trackers.db"))
    save(store, conversation("a", time.time()), conversation("b", time.time()))
    assert forget_conversation(store, "a")
    assert stored(store, "a") is None and stored(store, "b") is not None


def postgres_store(url: str) -> SQLTrackerStore:
    from sqlalchemy.engine import make_url

    parts = make_url(url)
    return SQLTrackerStore(
        DOMAIN,
        dialect="postgresql",
        host=parts.host,
        port=parts.port,
        db=parts.database,
        username=parts.username,
    )


def test_retention_job_deletes_old_conversations_in_postgres(postgres_url):
    store = postgres_store(postgres_url)
    now = time.time()
    save(store, conversation("old", now - 48 * 3600), conversation("fresh", now - 60))
    result = subprocess.run(
        [sys.executable, "-m", "bot.retention", "--hours", "24", "--url", postgres_url],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "Deleted 1 conversations" in result.stdout
    assert stored(store, "old") is None
    assert stored(store, "fresh") is not None


def test_retention_keeps_conversations_with_recent_activity(postgres_url):
    from sqlalchemy import create_engine

    store = postgres_store(postgres_url)
    now = time.time()
    long_running = conversation("long", now - 30 * 3600)
    long_running.update(UserUttered("nytt", {"name": "greet"}, timestamp=now - 10))
    save(store, long_running)
    assert delete_older_than(create_engine(postgres_url, future=True), 24, now) == 0
    assert stored(store, "long") is not None


def test_forget_deletes_from_postgres(postgres_url):
    store = postgres_store(postgres_url)
    save(store, conversation("gone", time.time()))
    forget_conversation(store, "gone")
    assert stored(store, "gone") is None


def test_retention_refuses_without_database():
    result = subprocess.run(
        [sys.executable, "-m", "bot.retention", "--hours", "1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin"},
    )
    assert result.returncode == 2 and "TRACKER_DB_URL" in result.stderr
