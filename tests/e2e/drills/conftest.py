"""Fault drills: each test has a redis-server of its own that it stops, restarts, hangs and wakes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bench.redis_server import OwnRedis


@pytest.fixture
def own_redis() -> Iterator[OwnRedis]:
    server = OwnRedis()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def redis_url(own_redis: OwnRedis) -> str:
    """The app under test talks to this test's own redis-server."""
    return own_redis.url
