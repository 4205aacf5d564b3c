"""When the database is missing or corrupt, queries answer from the last good snapshot."""

import logging

import pytest

from directory.loader import load_directory
from directory.queries import DirectoryUnavailable, find_services, get_service

from .conftest import WEEKDAY_DAY


def ids(views):
    return [view.id for view in views]


def test_a_corrupt_database_falls_back_to_the_snapshot(loaded, entries, caplog):
    expected = ids(find_services(audiences=["victim"], now=WEEKDAY_DAY))
    loaded["db_path"].write_bytes(b"this is not a database" * 100)
    with caplog.at_level(logging.ERROR, logger="directory.store"):
        for _ in range(3):
            assert ids(find_services(audiences=["victim"], now=WEEKDAY_DAY)) == expected
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1  # logged once, not per query
    assert "snapshot" in errors[0].getMessage()

    assert load_directory(entries).status == "loaded"  # rebuilds the corrupt file
    assert ids(find_services(audiences=["victim"], now=WEEKDAY_DAY)) == expected
    assert loaded["db_path"].read_bytes().startswith(b"SQLite format 3")


def test_a_missing_database_falls_back_to_the_snapshot(loaded):
    loaded["db_path"].unlink()
    assert get_service("kids-line").name == "Kids Line"
    assert not loaded["db_path"].exists()  # querying did not create an empty database


def test_no_database_and_no_snapshot(directory_env):
    with pytest.raises(DirectoryUnavailable, match="python -m directory load"):
        find_services(audiences=["victim"])


def test_a_new_load_is_seen_by_a_running_process(loaded, entries):
    assert get_service("kids-line").name == "Kids Line"
    path = entries / "national" / "kids-line.yml"
    path.write_text(path.read_text().replace("name: Kids Line", "name: Bris"))
    load_directory(entries)
    assert get_service("kids-line").name == "Bris"
