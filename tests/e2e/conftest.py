"""Fixtures of the end-to-end tests beside the shared servers (tests/conftest.py)."""

import pytest

from harness.servers import Servers


@pytest.fixture(scope="session")
def sql_servers(servers, tmp_path_factory):
    """A second Rasa server that keeps trackers in SQLite, so deletion can be checked on disk."""
    workdir = tmp_path_factory.mktemp("sql-servers")
    running = Servers(workdir=workdir, env=servers.env, action_port=servers.action_port)
    running.tracker_db = workdir / "trackers.db"
    running.endpoints_extra = (
        f"tracker_store:\n  type: SQL\n  dialect: sqlite\n  db: {running.tracker_db}\n"
    )
    try:
        running.start_rasa()
        yield running
    finally:
        running.stop()
