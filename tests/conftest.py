"""Shared fixtures: the real servers start once per session, only if a test asks for them."""

import uuid

import pytest

from harness.servers import Servers, load_directory, server_env, start_redis, stop_process
from tests.postgres import pg_bin, running_postgres


@pytest.fixture(scope="session")
def servers(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("servers")
    env = server_env(workdir)
    load_directory(env)
    running = Servers(workdir=workdir, env=env)
    try:
        running.start_actions()
        running.start_rasa()
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="module")
def postgres_url():
    """A fresh PostgreSQL database on loopback for the module, stopped after it."""
    if pg_bin() is None:
        pytest.fail("PostgreSQL is missing: `make test` installs it (apt-get install postgresql).")
    yield from running_postgres()


@pytest.fixture(scope="session")
def redis_port(tmp_path_factory):
    """A redis-server on loopback for the session (nothing saved to disk), stopped after it."""
    started = start_redis(tmp_path_factory.mktemp("redis"))
    if started is None:
        pytest.fail("redis-server is missing: `make test` installs it (apt-get).")
    proc, port = started
    yield port
    stop_process(proc)


# Fixtures that start a database or a Rasa app: their tests are left out of `make test-fast`.
PROCESS_FIXTURES = {"pg_url", "postgres_url", "cors_app", "redis_url", "redis_port"}


def pytest_collection_modifyitems(items):
    for item in items:
        if PROCESS_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@pytest.fixture
def sender() -> str:
    """A fresh conversation id per test."""
    return f"test-{uuid.uuid4().hex[:12]}"
