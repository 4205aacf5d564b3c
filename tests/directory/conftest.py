"""Shared fixtures: a temporary database and snapshot, and the small fixture directory."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest

from directory.db import dispose_engine
from directory.hours import TZ
from directory.loader import load_directory
from directory.store import reset_caches

DATA = Path(__file__).resolve().parents[1] / "data" / "directory"
VALID = DATA / "valid"
BROKEN = DATA / "broken"
REPO_ROOT = Path(__file__).resolve().parents[2]

# Pinned moments (Stockholm time) used across the query and hours tests.
WEEKDAY_DAY = datetime(2026, 11, 30, 10, 0, tzinfo=TZ)  # Monday morning
WEEKDAY_EVENING = datetime(2026, 11, 30, 22, 30, tzinfo=TZ)  # Monday night
WEEKEND = datetime(2026, 11, 28, 12, 0, tzinfo=TZ)  # Saturday noon
CHRISTMAS_EVE = datetime(2026, 12, 24, 10, 0, tzinfo=TZ)  # Thursday, offices closed
MIDSUMMER_EVE = datetime(2026, 6, 19, 10, 0, tzinfo=TZ)  # Friday, offices closed


@pytest.fixture
def directory_env(tmp_path, monkeypatch):
    """Point the package at a temporary database and snapshot; forget cached state after."""
    db_path = tmp_path / "var" / "directory.db"
    snapshot = tmp_path / "var" / "snapshot.json"
    url = f"sqlite:///{db_path}"
    monkeypatch.setenv("DIRECTORY_DB_URL", url)
    monkeypatch.setenv("DIRECTORY_SNAPSHOT_PATH", str(snapshot))
    monkeypatch.setenv("DIRECTORY_MUNICIPALITY", "Askersund")
    monkeypatch.delenv("DIRECTORY_ENTRIES_DIR", raising=False)
    reset_caches()
    yield {"db_path": db_path, "snapshot": snapshot, "url": url, "tmp": tmp_path}
    dispose_engine(url)
    reset_caches()


@pytest.fixture
def entries(tmp_path):
    """A writable copy of the valid fixture directory."""
    target = tmp_path / "entries"
    shutil.copytree(VALID, target)
    return target


@pytest.fixture
def loaded(directory_env, entries):
    """The fixture directory, loaded."""
    result = load_directory(entries)
    assert result.status == "loaded"
    return directory_env


@pytest.fixture
def shipped_entries(tmp_path, directory_env, monkeypatch):
    """A writable copy of the shipped entries, set as DIRECTORY_ENTRIES_DIR (not loaded yet)."""
    target = tmp_path / "shipped"
    shutil.copytree(REPO_ROOT / "directory" / "entries", target)
    monkeypatch.setenv("DIRECTORY_ENTRIES_DIR", str(target))
    return target
