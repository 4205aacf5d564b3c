"""Loading is all or nothing, idempotent, and leaves a snapshot behind."""

import json
import shutil

import pytest
from sqlalchemy import func, select

from directory.db import new_session
from directory.loader import DirectoryError, InvalidEntries, load_directory
from directory.models import Meta, Service, ServiceAudience, ServiceTopic
from directory.queries import get_service
from directory.snapshot import snapshot_hash

from .conftest import BROKEN


def count(model):
    with new_session() as session:
        return session.execute(select(func.count()).select_from(model)).scalar_one()


def test_load_stores_every_entry(loaded):
    assert count(Service) == 15
    assert count(ServiceAudience) > 15 and count(ServiceTopic) > 15
    with new_session() as session:
        office = session.get(Service, "town-office")
        assert (office.area_type, office.municipality, office.region) == (
            "municipality",
            "Askersund",
            "Örebro län",
        )
        assert office.data["phones"][0]["uri"] == "tel:+4658381000"
        regions = session.get(Meta, "municipality_regions").value
    assert json.loads(regions) == {"Askersund": "Örebro län", "Kumla": "Örebro län"}


def test_loading_the_same_files_twice_changes_nothing(loaded, entries):
    with new_session() as session:
        before = session.get(Meta, "loaded_at").value
    result = load_directory(entries)
    assert result.status == "unchanged"
    with new_session() as session:
        assert session.get(Meta, "loaded_at").value == before


def test_a_changed_file_is_loaded(loaded, entries):
    path = entries / "national" / "kids-line.yml"
    path.write_text(path.read_text().replace("name: Kids Line", "name: Children's Line"))
    assert load_directory(entries).status == "loaded"
    assert get_service("kids-line").name == "Children's Line"


def test_invalid_files_change_nothing(loaded, entries):
    shutil.copy(next((BROKEN / "bad-phone").rglob("*.yml")), entries / "national")
    (entries / "national" / "kids-line.yml").unlink()
    with pytest.raises(InvalidEntries) as raised:
        load_directory(entries)
    assert "phones[0].number" in str(raised.value.problems[0])
    assert count(Service) == 15
    assert get_service("kids-line") is not None  # the previous directory keeps serving


def test_the_snapshot_is_written_after_a_load(loaded):
    snapshot = json.loads(loaded["snapshot"].read_text())
    assert len(snapshot["entries"]) == 15
    with new_session() as session:
        assert snapshot["content_hash"] == session.get(Meta, "content_hash").value
    assert not list(loaded["snapshot"].parent.glob(".*.tmp"))  # no temp file left behind
    assert snapshot_hash(loaded["snapshot"]) == snapshot["content_hash"]


def test_a_missing_snapshot_is_rewritten_even_when_unchanged(loaded, entries):
    loaded["snapshot"].unlink()
    assert load_directory(entries).status == "unchanged"
    assert loaded["snapshot"].exists()


def test_a_missing_folder_is_a_plain_error(directory_env, tmp_path):
    with pytest.raises(DirectoryError, match="is not a file or folder"):
        load_directory(tmp_path / "nowhere")


def test_an_unusable_database_url_is_a_plain_error(tmp_path, entries):
    url = "postgresql+psycopg2://nobody@127.0.0.1:1/nothing"
    with pytest.raises(DirectoryError, match="cannot use the database"):
        load_directory(entries, db_url=url, snapshot_path=tmp_path / "s.json")
