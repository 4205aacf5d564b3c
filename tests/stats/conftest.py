"""The Redis database the counting-state tests share (the server: tests/conftest.py)."""

import pytest


@pytest.fixture
def redis_url(redis_port):
    return f"redis://127.0.0.1:{redis_port}/3"
