"""A real SQLite directory loaded from the shipped entries, and tracker snapshots."""

from datetime import datetime
from typing import Optional
from zoneinfo import ZoneInfo

import pytest
from rasa_sdk import Tracker

from directory.loader import load_directory
from directory.store import reset_caches

STOCKHOLM = ZoneInfo("Europe/Stockholm")
# Pinned clocks: a Tuesday morning (offices open) and the following Tuesday night.
TUESDAY_MORNING = datetime(2026, 11, 24, 10, 0, tzinfo=STOCKHOLM)
TUESDAY_NIGHT = datetime(2026, 11, 24, 23, 30, tzinfo=STOCKHOLM)


@pytest.fixture(scope="session")
def directory_db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("directory")
    url = f"sqlite:///{folder / 'directory.db'}"
    load_directory(db_url=url, snapshot_path=folder / "snapshot.json")
    return url, folder / "snapshot.json"


@pytest.fixture(autouse=True)
def use_directory(directory_db, monkeypatch):
    url, snapshot = directory_db
    monkeypatch.setenv("DIRECTORY_DB_URL", url)
    monkeypatch.setenv("DIRECTORY_SNAPSHOT_PATH", str(snapshot))
    reset_caches()
    yield
    reset_caches()


def tracker_for(
    intent: str,
    *,
    language: str = "sv",
    need: Optional[str] = None,
    text: str = "",
    slots: Optional[dict] = None,
    entities: Optional[dict] = None,
) -> Tracker:
    """A tracker snapshot right after the user's message was classified; `slots` are facts said
    earlier in the conversation, `entities` facts found in this message."""
    return Tracker.from_dict(
        {
            "sender_id": "test",
            "slots": {"language": language, "need": need, **(slots or {})},
            "latest_message": {
                "text": text,
                "intent": {"name": intent, "confidence": 0.9},
                "entities": [{"entity": k, "value": v} for k, v in (entities or {}).items()],
            },
            "events": [],
            "paused": False,
            "followup_action": None,
            "active_loop": {},
            "latest_action_name": "action_listen",
        }
    )
