"""Distribution figures for ``releasebus bench``: ``fanout`` and ``pipeline``.

Both deliver to real webhook subscribers: a receiver (``services.distribution.receiver``) in
a process of its own on loopback, verifying every signature, so the bus and the receiver do
not share a CPU core or an event loop. Each figure checks its work at the end: every
delivery arrived exactly once, signed, and the audit events say so.

- ``fanout``: one release to N subscribers: deliveries/s from scheduling to the last audit
  event, beside the ceiling of raw signed POSTs (same client library, same concurrency, same
  bodies, no Redis); ``fanout_last_ms``: time to the last delivery.
- ``pipeline``: releases/s from the inbound stream to delivered at every one of N
  subscribers, all services running in this process; ``pipeline_p50_ms`` / ``pipeline_p99_ms``:
  latency from the inbound XADD to the first delivery of each release, with releases
  submitted at a steady rate.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import os
import statistics
import sys
import time
from collections.abc import AsyncIterator, Callable
from typing import Any, Final

import aiohttp
import msgspec

from schemas.state import fold
from schemas.subscribers import SubscriberSpec
from services._runtime import Bus
from services._store import LogEntry
from services.distribution.receiver import Received
from services.distribution.registry import new_secret
from services.distribution.webhooks import sign_headers

__all__ = ["fanout_figures", "local_receiver", "pipeline_figures"]

_decode_received = msgspec.json.Decoder(list[Received]).decode
_T0: Final = dt.datetime(2018, 1, 24, 15, 0, tzinfo=dt.UTC)

FigureFn = Callable[[str, float, str, float | None], Any]


@contextlib.asynccontextmanager
async def local_receiver(secret: str) -> AsyncIterator[str]:
    """A webhook receiver in a child process; yields its base URL."""
    env = {**os.environ, "RELEASEBUS_LOG_LEVEL": "WARNING"}
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "services.distribution.receiver",
        secret,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
        env=env,
    )
    try:
        assert proc.stdout is not None
        line = await asyncio.wait_for(proc.stdout.readline(), timeout=30)
        url = line.decode().strip()
        if not url.startswith("http"):
            raise RuntimeError(f"the webhook receiver did not start: {line!r}")
        yield url
    finally:
        if proc.returncode is None:
            proc.terminate()
            await proc.wait()


async def _received(session: aiohttp.ClientSession, url: str) -> list[Received]:
    async with session.get(f"{url}/_received") as response:
        return _decode_received(await response.read())


async def _subscribe(bus: Bus, url: str, count: int, secret: str, prefix: str) -> list[str]:
    ids = []
    for i in range(count):
        subscriber, _ = await bus.registry.register(
            SubscriberSpec(
                name=f"{prefix} {i}", webhook_url=f"{url}/{prefix}{i}", allow_private=True
            ),
            subscriber_id=f"{prefix}{i}",
            secret=secret,
        )
        ids.append(subscriber.subscriber_id)
    return ids


def _release_text(tag: str) -> str:
    from services._bench import _seed_variants  # noqa: PLC0415 - one seed for every figure

    first, _, rest = _seed_variants(2)[1].partition("\n")
    return f"{first} ({tag})\n{rest}"  # brackets would read as a site's note and go


async def _raw_ceiling(
    url: str, prefix: str, count: int, secret: str, *, limit: int, per_host: int
) -> float:
    """Signed POSTs of the same size, straight from aiohttp with the sender's connection
    limits: what HTTP alone allows on this machine."""
    from standardwebhooks import Webhook  # noqa: PLC0415

    signer = Webhook(secret)
    body = b'{"type":"release.published","data":{"uri":"urn:x"}}' * 40
    slots = asyncio.Semaphore(limit)
    connector = aiohttp.TCPConnector(limit=limit, limit_per_host=per_host)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def post(i: int) -> None:
            async with slots:
                headers = sign_headers(signer, f"raw-{i}", dt.datetime.now(dt.UTC), body)
                async with session.post(
                    f"{url}/{prefix}{i % 1000}", data=body, headers=headers
                ) as r:
                    await r.read()
                    assert r.status == 200, r.status

        await asyncio.gather(*(post(i) for i in range(min(count, 200))))  # warm-up
        started = time.perf_counter()
        await asyncio.gather(*(post(i) for i in range(count)))
        return count / (time.perf_counter() - started)


async def fanout_figures(bus: Bus, figure: FigureFn, subscribers: int = 1000) -> list[Any]:
    """One release to ``subscribers`` webhook subscribers."""
    from services.ingestion.submit import Submission, submit  # noqa: PLC0415

    secret = new_secret()
    enrichment = bus.consumer("enrichment").service  # type: ignore[attr-defined]
    async with local_receiver(secret) as url, aiohttp.ClientSession() as session:
        await _subscribe(bus, url, subscribers, secret, "s")
        client = bus.sender.webhooks
        ceiling = await _raw_ceiling(
            url, "s", subscribers, secret, limit=client.limit, per_host=client.per_host
        )
        results: list[tuple[str, float, float]] = []
        for tag in ("warm-up", "measured"):
            # The clock starts before the submission: running consumers may enrich, plan and
            # send as soon as the release is appended, before this task gets to time it.
            wall = time.time()
            (outcome,) = await submit(
                bus.store, bus.clock, Submission(body=_release_text(tag), source="bench")
            )
            release_id = outcome.release_id

            async def mine(rid: str = release_id) -> list[LogEntry]:
                return [LogEntry("0-0", 0, e) for e in await bus.store.history(rid)]

            await enrichment.handle(0, await mine())
            started = time.perf_counter()
            await bus.distribution.handle(0, await mine())
            await bus.sender.run_once()
            results.append((release_id, time.perf_counter() - started, wall))
        release_id, seconds, wall = results[-1]
        arrived = [r for r in await _received(session, url) if r.release_id == release_id]
    # The work, checked: every subscriber got it once, signed, and the log says delivered.
    if len(arrived) != subscribers or len({r.delivery_id for r in arrived}) != subscribers:
        raise RuntimeError(f"fanout: {len(arrived)} deliveries arrived, {subscribers} expected")
    if not all(r.verified for r in arrived):
        raise RuntimeError("fanout: a delivery arrived with a bad signature")
    state = fold(await bus.store.history(release_id))
    delivered = sum(1 for d in state.deliveries.values() if d.status == "delivered")
    if delivered != subscribers:
        raise RuntimeError(f"fanout: {delivered} deliveries recorded, {subscribers} expected")
    last_ms = (max(r.received_at for r in arrived) - wall) * 1000
    return [
        figure("fanout", subscribers / seconds, "deliveries/s", ceiling),
        figure("fanout_last_ms", last_ms, "ms", None),
    ]


async def _wait_delivered(
    session: aiohttp.ClientSession, url: str, wanted: set[str], per_release: int, within: float
) -> list[Received]:
    deadline = time.monotonic() + within
    while True:
        rows = [r for r in await _received(session, url) if r.release_id in wanted]
        if len(rows) >= len(wanted) * per_release:
            return rows
        if time.monotonic() > deadline:
            raise RuntimeError(
                f"pipeline: {len(rows)} of {len(wanted) * per_release} deliveries in {within} s"
            )
        await asyncio.sleep(0.1)


def _check(rows: list[Received], releases: int, subscribers: int) -> None:
    if len(rows) != releases * subscribers or len({r.delivery_id for r in rows}) != len(rows):
        raise RuntimeError(
            f"pipeline: {len(rows)} deliveries, {releases * subscribers} expected, no duplicates"
        )
    if not all(r.verified for r in rows):
        raise RuntimeError("pipeline: a delivery arrived with a bad signature")


async def pipeline_figures(
    bus: Bus, figure: FigureFn, releases: int = 1000, subscribers: int = 10, rate: float = 100.0
) -> list[Any]:
    """Inbound stream → ingestion → enrichment → distribution → webhooks, all running."""
    from services._bench import _seed_variants  # noqa: PLC0415
    from services.ingestion.submit import Submission, plan  # noqa: PLC0415

    secret = new_secret()
    inbound = bus.keys.inbound()
    texts = [
        f"{t.partition(chr(10))[0]} [pipeline]\n{t.partition(chr(10))[2]}"
        for t in _seed_variants(2 * releases + 20)
    ]
    ids = [plan(Submission(body=t, source="bench"))[0].release_id for t in texts]
    warm, burst, paced = (
        list(zip(texts[:20], ids[:20], strict=True)),
        list(zip(texts[20 : 20 + releases], ids[20 : 20 + releases], strict=True)),
        list(zip(texts[20 + releases :], ids[20 + releases :], strict=True)),
    )

    def entry(text: str) -> Any:  # the fields of one inbound entry
        return {"format": "text", "source": "bench", "body": text}

    stop = asyncio.Event()
    async with local_receiver(secret) as url, aiohttp.ClientSession() as session:
        await _subscribe(bus, url, subscribers, secret, "p")
        task = asyncio.create_task(bus.run(stop))
        try:
            for text, _ in warm:
                await bus.redis.xadd(inbound, entry(text))
            await _wait_delivered(session, url, {i for _, i in warm}, subscribers, 60)
            # Throughput: everything submitted at once.
            wall = time.time()
            async with bus.redis.pipeline(transaction=False) as pipe:
                for text, _ in burst:
                    pipe.xadd(inbound, entry(text))
                await pipe.execute()
            rows = await _wait_delivered(
                session, url, {i for _, i in burst}, subscribers, 60 + releases / 5
            )
            _check(rows, len(burst), subscribers)
            throughput = len(burst) / (max(r.received_at for r in rows) - wall)
            # Latency: a steady rate, each release timed from its XADD to its first delivery.
            submitted: dict[str, float] = {}
            interval = 1.0 / rate
            next_at = time.perf_counter()
            for text, release_id in paced:
                submitted[release_id] = time.time()
                await bus.redis.xadd(inbound, entry(text))
                next_at += interval
                await asyncio.sleep(max(0.0, next_at - time.perf_counter()))
            rows = await _wait_delivered(
                session, url, set(submitted), subscribers, 60 + releases / 5
            )
            _check(rows, len(paced), subscribers)
        finally:
            stop.set()
            await task
    first: dict[str, float] = {}
    for r in rows:
        first[r.release_id] = min(first.get(r.release_id, r.received_at), r.received_at)
    latencies = sorted((first[i] - submitted[i]) * 1000 for i in submitted)
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    return [
        figure("pipeline", throughput, "releases/s", None),
        figure("pipeline_p50_ms", statistics.median(latencies), "ms", None),
        figure("pipeline_p99_ms", p99, "ms", None),
    ]
