"""The same load and queries on PostgreSQL (skipped where PostgreSQL is not installed)."""

import pytest
from sqlalchemy import func, select

from directory.db import dispose_engine, new_session
from directory.loader import InvalidEntries, load_directory
from directory.models import Service
from directory.queries import find_services, get_service
from directory.store import reset_caches
from tests.postgres import pg_bin, running_postgres

from .conftest import BROKEN, WEEKDAY_EVENING

pytestmark = pytest.mark.skipif(pg_bin() is None, reason="PostgreSQL is not installed")


@pytest.fixture(scope="module")
def pg_url():
    yield from running_postgres()


def test_load_and_query_on_postgres(pg_url, entries, tmp_path, monkeypatch):
    monkeypatch.setenv("DIRECTORY_DB_URL", pg_url)
    monkeypatch.setenv("DIRECTORY_SNAPSHOT_PATH", str(tmp_path / "snapshot.json"))
    reset_caches()
    try:
        assert load_directory(entries).status == "loaded"
        assert load_directory(entries).status == "unchanged"
        views = find_services(
            audiences=["victim"], topics=["partner_violence"], now=WEEKDAY_EVENING
        )
        assert [view.id for view in views][:2] == ["regional-clinic", "all-day-line"]
        with pytest.raises(InvalidEntries):
            load_directory(BROKEN / "bad-phone")
        with new_session() as session:
            assert session.execute(select(func.count()).select_from(Service)).scalar_one() == 15
        assert get_service("town-office").phone_uri == "tel:+4658381000"
    finally:
        dispose_engine(pg_url)
        reset_caches()
