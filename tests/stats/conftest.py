"""A loopback redis-server for the tests that share counting state between processes."""

import tempfile

import pytest

from harness.servers import start_redis, stop_process


@pytest.fixture(scope="session")
def redis_url():
    with tempfile.TemporaryDirectory(prefix="redis-test-") as folder:
        from pathlib import Path

        started = start_redis(Path(folder))
        if started is None:
            pytest.fail("redis-server is missing: `make test` installs it (apt-get).")
        proc, port = started
        try:
            yield f"redis://127.0.0.1:{port}/3"
        finally:
            stop_process(proc)
