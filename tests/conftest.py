"""Shared fixtures: a real server for every test that touches Redis, and a namespace each.

With ``REDIS_URL`` set the tests use that server (CI runs them against the machine's Redis 7);
otherwise one embedded Valkey server is started for the session in a temporary directory.
Either way each test gets its own key namespace, deleted afterwards, so no test sees another's
leftovers.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from redis.asyncio import Redis

from services._clock import ManualClock
from services._embedded import embedded_server
from services._runtime import Bus, Settings, connect, open_bus


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = os.environ.get("REDIS_URL")
    if url:
        yield url
        return
    with embedded_server(Path(tmp_path_factory.mktemp("valkey"))) as server:
        yield server.url


@pytest.fixture
def namespace() -> str:
    return f"t{uuid.uuid4().hex[:10]}"


@pytest.fixture
async def redis(redis_url: str, namespace: str) -> AsyncIterator[Redis]:
    client = connect(redis_url)
    yield client
    async for key in client.scan_iter(match=f"{namespace}:*", count=1000):
        await client.unlink(key)
    await client.aclose()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def settings(redis_url: str, namespace: str) -> Settings:
    return Settings.from_env(
        env={},
        redis_url=redis_url,
        namespace=namespace,
        block_ms=20,
        reclaim_idle_ms=50,
        reclaim_every_s=0.05,
        max_deliveries=3,
        consumer="test-consumer",
    )


@pytest.fixture
async def bus(settings: Settings, clock: ManualClock, redis: Redis) -> AsyncIterator[Bus]:
    async with open_bus(settings, clock=clock) as opened:
        yield opened
