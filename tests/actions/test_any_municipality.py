"""The needs table names roles, not one town: a second municipality gets its own services."""

import shutil
from pathlib import Path

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions import refer
from actions.refer import ActionRefer
from directory.loader import load_directory
from directory.settings import get_settings
from directory.store import reset_caches
from tests.actions.conftest import TUESDAY_MORNING, TUESDAY_NIGHT, tracker_for
from tests.run_async import run_async

SJOBY = Path(__file__).resolve().parents[1] / "data" / "directory" / "second-municipality"


@pytest.fixture
def sjoby(tmp_path, monkeypatch):
    entries = tmp_path / "entries"
    shutil.copytree(get_settings().entries_dir, entries)
    shutil.copytree(SJOBY, entries / "sjoby")
    url = f"sqlite:///{tmp_path / 'directory.db'}"
    load_directory(entries, db_url=url, snapshot_path=tmp_path / "snapshot.json")
    monkeypatch.setenv("DIRECTORY_DB_URL", url)
    monkeypatch.setenv("DIRECTORY_SNAPSHOT_PATH", str(tmp_path / "snapshot.json"))
    monkeypatch.setenv("DIRECTORY_MUNICIPALITY", "Sjöby")
    reset_caches()
    yield
    reset_caches()


def shown(intent, now, monkeypatch):
    monkeypatch.setattr(refer, "current_time", lambda: now)
    dispatcher = CollectingDispatcher()
    run_async(ActionRefer().run(dispatcher, tracker_for(intent), {}))
    return [s["id"] for s in dispatcher.messages[0]["custom"]["services"]], dispatcher.messages


@pytest.mark.parametrize(
    "intent", ["victim_violence", "perpetrator", "has_children", "elder_abuse"]
)
def test_the_configured_municipality_gets_its_own_social_services(sjoby, intent, monkeypatch):
    ids, _ = shown(intent, TUESDAY_MORNING, monkeypatch)
    assert "sjoby-socialtjanst" in ids and "askersund-socialtjanst" not in ids


def test_its_after_hours_route_and_the_shelter_route_name_it(sjoby, monkeypatch):
    _, messages = shown("ask_shelter", TUESDAY_NIGHT, monkeypatch)
    social = next(s for s in messages[0]["custom"]["services"] if s["id"] == "sjoby-socialtjanst")
    assert social["phone"] == "112"
    assert "Socialtjänsten i Sjöby" in messages[0]["services"].splitlines()[-1]  # Kvinnohuset's way


def test_the_needs_table_names_no_municipalitys_entry_by_id():
    import yaml

    from actions.needs import load_needs

    towns = set()
    for path in get_settings().entries_dir.rglob("*.yml"):
        entry = yaml.safe_load(path.read_text(encoding="utf-8"))
        if entry["area"]["type"] == "municipality":
            towns.add(entry["id"])
    named = {i for need in load_needs().values() for i in need.lead}
    assert towns and not towns & named
