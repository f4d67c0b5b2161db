"""``releasebus bench``: what the bus costs on a server, beside the raw-Redis ceiling.

Every figure runs the bus and its ceiling in the same process, on the same server, with the same
payloads, in a namespace of its own that is deleted afterwards. Warm-up is excluded, and the
work is checked at the end (counts; no lost or duplicate events), so a fast wrong answer fails.

Figures (names stay stable so results compare over time):

* ``append``: events/s, one event per ``append`` call, ``concurrency`` callers at once;
  ceiling: raw pipelined XADD of the same encoded events.
* ``append_batch``: events/s through ``append_many`` (one round trip per batch); same ceiling.
* ``rebuild``: events/s folded from the log into a fresh projection; ceiling: raw paged XRANGE
  plus msgspec decode of the same log.
* ``hop``: events/s through the projector group (read, fold, write state and checkpoint, ack);
  ceiling: raw XREADGROUP plus decode plus XACK in batches of the same size.
* ``parse``: releases/s through the parser alone, on the seed's releases with their headings
  varied (no ceiling). The parser keeps bounded caches of what it found about each line, so
  lines seen before (a site's chrome, and here the repeated bodies) cost little;
* ``parse_cold``: the same with every cache emptied before each release: what a release that
  shares no line with any before it costs.
* ``parse_enrich``: releases/s through the parser and enrichment in one process, on the seed's
  releases with their headings varied (no ceiling).
* ``enrich``: releases/s through enrichment alone, on the same releases parsed beforehand.
* ``ingest``: releases/s from the inbound stream to their events appended, through the
  ingestion group (one release per entry; no ceiling).
* ``enrich_hop``: releases/s through the enrichment group (log entry read, enrichment,
  ``ReleaseEnriched`` appended, ack), over the log the ingest figure left (no ceiling).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, cast

import msgspec
from redis.asyncio import Redis

from schemas.events import (
    AnyEvent,
    DeliveryScheduled,
    DeliverySucceeded,
    ReleaseEnriched,
    ReleaseParsed,
    ReleasePublished,
)
from schemas.release import Byline, ReleaseContent
from services._runtime import Bus, Settings, open_bus
from services._store import RawEntry, as_text, xrange
from services.projector import GROUP, rebuild

__all__ = ["Figure", "run_bench"]


class Figure(msgspec.Struct, frozen=True):
    figure: str
    value: float
    unit: str
    ceiling: float | None
    ratio: float | None


def _figure(name: str, value: float, unit: str, ceiling: float | None) -> Figure:
    ratio = round(value / ceiling, 3) if ceiling else None
    return Figure(
        name, round(value, 1), unit, None if ceiling is None else round(ceiling, 1), ratio
    )


_PARAGRAPH = (
    "The United States and Australia share deep bonds of friendship that are truly unique. "
    "Our alliance is a stabilizing force in the region and beyond that has provided for our "
    "mutual security and prosperity. Our ties continue to strengthen as business, scientific, "
    "and cultural connections flourish."
)
_T0 = dt.datetime(2018, 1, 24, 15, 0, tzinfo=dt.UTC)


def release_events(release_id: str, count: int) -> list[AnyEvent]:
    """``count`` events of one release shaped like the seed's (a ~2 KB parse, then small ones)."""
    content = ReleaseContent(
        title=f"Australia National Day {release_id}",
        kind="Press Statement",
        byline=Byline(name="Rex W. Tillerson", title="Secretary of State"),
        place="Washington, DC",
        date=dt.date(2018, 1, 24),
        language="en",
        body=(_PARAGRAPH,) * 6,
    )
    env: dict[str, Any] = {"release_id": release_id, "occurred_at": _T0, "producer": "bench"}
    events: list[AnyEvent] = [
        ReleaseParsed(event_id=f"{release_id}-p", content=content, content_hash="h", **env),
        ReleaseEnriched(
            event_id=f"{release_id}-e",
            source_revision=1,
            countries=("AU", "US"),
            people=("Rex W. Tillerson", "Trump"),
            language="en",
            word_count=300,
            **env,
        ),
        ReleasePublished(event_id=f"{release_id}-pub", published_at=_T0, **env),
    ]
    n = 0
    while len(events) < count:
        n += 1
        sub = f"subscriber-{n}"
        events.append(
            DeliveryScheduled(
                event_id=f"{release_id}-s{n}",
                delivery_id=f"d{n}",
                subscriber_id=sub,
                channel="webhook",
                version=1,
                **env,
            )
        )
        events.append(
            DeliverySucceeded(
                event_id=f"{release_id}-ok{n}",
                delivery_id=f"d{n}",
                subscriber_id=sub,
                channel="webhook",
                attempt=1,
                **env,
            )
        )
    return events[:count]


async def _timed(work: Callable[[], Awaitable[Any]]) -> float:
    started = time.perf_counter()
    await work()
    return time.perf_counter() - started


async def _drop_namespace(redis: Redis, namespace: str) -> None:
    async for key in redis.scan_iter(match=f"{namespace}:*", count=1000):
        await redis.unlink(key)


class _Bench:
    def __init__(self, bus: Bus, events: int, per_release: int, batch: int, concurrency: int):
        self.bus = bus
        self.redis = bus.redis
        self.events = events
        self.per_release = per_release
        self.batch = batch
        self.concurrency = concurrency
        releases = max(events // per_release, 1)
        self.work = [release_events(f"b{i:06d}", per_release) for i in range(releases)]
        self.total = releases * per_release
        encode = bus.codec.encode
        self.encoded = [encode(e) for events_ in self.work for e in events_]

    async def raw_xadd(self) -> float:
        key = f"{self.bus.keys.namespace}:raw:xadd"

        async def work() -> None:
            for start in range(0, len(self.encoded), self.batch):
                async with self.redis.pipeline(transaction=False) as pipe:
                    for data in self.encoded[start : start + self.batch]:
                        pipe.xadd(key, {"type": "ReleaseParsed", "v": 1, "data": data})
                    await pipe.execute()

        seconds = await _timed(work)
        assert await self.redis.xlen(key) == self.total
        await self.redis.unlink(key)
        return self.total / seconds

    async def append_single(self) -> float:
        queue: asyncio.Queue[tuple[str, AnyEvent]] = asyncio.Queue()
        for events in self.work:
            for event in events:
                queue.put_nowait((event.release_id, event))
        store = self.bus.store

        async def caller() -> None:
            while not queue.empty():
                release_id, event = queue.get_nowait()
                result = await store.append(release_id, [event])
                assert result.outcome == "appended", result

        async def work() -> None:
            await asyncio.gather(*(caller() for _ in range(self.concurrency)))

        seconds = await _timed(work)
        await self._check_store()
        return self.total / seconds

    async def append_batch(self) -> float:
        store = self.bus.store
        releases_per_call = max(self.batch // self.per_release, 1)

        async def work() -> None:
            for start in range(0, len(self.work), releases_per_call):
                chunk = self.work[start : start + releases_per_call]
                results = await store.append_many([(ev[0].release_id, ev, "none") for ev in chunk])
                assert all(r.outcome == "appended" for r in results)

        seconds = await _timed(work)
        await self._check_store()
        return self.total / seconds

    async def _check_store(self) -> None:
        keys = self.bus.keys
        assert (
            sum([await self.bus.store.log_length(p) for p in range(keys.partitions)]) == self.total
        )
        for events in self.work[:: max(len(self.work) // 20, 1)]:
            assert await self.bus.store.revision(events[0].release_id) == self.per_release

    async def raw_xrange(self) -> float:
        decode = self.bus.codec.decode
        keys = self.bus.keys

        async def work() -> int:
            seen = 0
            for partition in range(keys.partitions):
                after = "-"
                while page := await xrange(self.redis, keys.log(partition), after, "+", 2000):
                    for _, fields in page:
                        decode(fields[b"data"], fields[b"type"].decode(), int(fields[b"v"]))
                    seen += len(page)
                    after = "(" + page[-1][0].decode()
            return seen

        started = time.perf_counter()
        seen = await work()
        seconds = time.perf_counter() - started
        assert seen == self.total
        return self.total / seconds

    async def rebuild(self) -> float:
        report = await rebuild(self.bus.projection)
        assert report.events == self.total
        assert report.releases == len(self.work)
        return report.events_per_second

    async def raw_hop(self) -> float:
        keys, decode = self.bus.keys, self.bus.codec.decode
        group = "bench-raw"
        for partition in range(keys.partitions):
            await self.redis.xgroup_create(keys.log(partition), group, id="0")

        async def work() -> int:
            seen = 0
            for partition in range(keys.partitions):
                stream = keys.log(partition)
                while True:
                    reply = cast(
                        "list[tuple[bytes, list[RawEntry]]]",
                        await self.redis.xreadgroup(
                            group, "raw", {stream: ">"}, count=self.bus.settings.batch_size
                        ),
                    )
                    if not reply:
                        break
                    entries = reply[0][1]
                    for _, fields in entries:
                        decode(fields[b"data"], fields[b"type"].decode(), int(fields[b"v"]))
                    await self.redis.xack(stream, group, *(entry_id for entry_id, _ in entries))
                    seen += len(entries)
            return seen

        started = time.perf_counter()
        seen = await work()
        seconds = time.perf_counter() - started
        assert seen == self.total
        return self.total / seconds

    async def hop(self) -> float:
        """The projector group draining the whole log, from start to caught up."""
        bus, keys = self.bus, self.bus.keys
        last = {}
        for partition in range(keys.partitions):
            tail = cast("list[RawEntry]", await self.redis.xrevrange(keys.log(partition), count=1))
            last[partition] = tail[0][0]
        seconds = await _drain(bus, GROUP, *keys.logs())
        for partition, entry_id in last.items():  # the projection really holds the last entry
            generation = await bus.projection.generation(partition, fresh=True)
            assert await self.redis.get(keys.checkpoint(partition, generation)) == entry_id
        return self.total / seconds


def _seed_variants(count: int) -> list[str]:
    """``count`` single-release texts from the seed, each title made unique."""
    from services._demo import SEED  # noqa: PLC0415 - the demo owns the seed file
    from services.ingestion.parser import ParsedRelease, parse_document  # noqa: PLC0415

    releases = [r.raw for r in parse_document(SEED.read_text()) if isinstance(r, ParsedRelease)]
    out = []
    for i in range(count):
        text = releases[i % len(releases)]
        first, _, rest = text.partition("\n")
        out.append(f"{first} ({i})\n{rest}")
    return out


def _parse_figure(releases: int, *, cold: bool) -> Figure:
    from services.ingestion import parser  # noqa: PLC0415

    texts = _seed_variants(releases)
    caches = [f.cache_clear for f in vars(parser).values() if hasattr(f, "cache_clear")]
    parser.parse_document(texts[0])  # warm-up: regexes compiled, gazetteers loaded
    found = 0
    started = time.perf_counter()
    for text in texts:
        if cold:
            for clear in caches:
                clear()
        found += len(parser.parse_document(text))
    seconds = time.perf_counter() - started
    assert found == releases
    return _figure("parse_cold" if cold else "parse", releases / seconds, "releases/s", None)


def _in_process_figures(releases: int, note: Callable[[str], None]) -> list[Figure]:
    """Parsing and enrichment in this process, without a server."""
    steps: list[tuple[str, Callable[[], Figure]]] = [
        ("parse", lambda: _parse_figure(releases, cold=False)),
        ("parse_cold", lambda: _parse_figure(releases, cold=True)),
        ("parse_enrich", lambda: _parse_enrich_figure(releases)),
        ("enrich", lambda: _enrich_figure(releases)),
    ]
    figures = []
    for name, measure in steps:
        note(name)
        figures.append(measure())
    return figures


def _enrich_figure(releases: int) -> Figure:
    """Enrichment alone: the releases are parsed first, untimed."""
    from services.enrichment.extract import enrich  # noqa: PLC0415
    from services.ingestion.parser import ParsedRelease, parse_document  # noqa: PLC0415

    contents = [
        r.content
        for text in _seed_variants(releases)
        for r in parse_document(text)
        if isinstance(r, ParsedRelease)
    ]
    assert len(contents) == releases
    enrich(contents[0])  # warm-up
    started = time.perf_counter()
    for content in contents:
        enrich(content)
    seconds = time.perf_counter() - started
    return _figure("enrich", releases / seconds, "releases/s", None)


def _parse_enrich_figure(releases: int) -> Figure:
    from services.enrichment.extract import enrich  # noqa: PLC0415
    from services.ingestion.parser import ParsedRelease, parse_document  # noqa: PLC0415

    texts = _seed_variants(releases)
    for warm in parse_document(texts[0]):  # warm-up: regexes compiled, gazetteers loaded
        assert isinstance(warm, ParsedRelease)
        enrich(warm.content)
    started = time.perf_counter()
    found = 0
    for text in texts:
        for release in parse_document(text):
            assert isinstance(release, ParsedRelease)
            enrich(release.content)
            found += 1
    seconds = time.perf_counter() - started
    assert found == releases
    return _figure("parse_enrich", releases / seconds, "releases/s", None)


async def _drain(bus: Bus, group: str, *streams: str, deadline_s: float = 600.0) -> float:
    """Run ``group`` alone until it has read and acknowledged all of ``streams``; seconds taken.

    Polls XINFO GROUPS only, so measuring does not compete with the bus for the CPU, and gives
    up with an error after ``deadline_s`` rather than hanging.
    """
    everyone = bus.consumers
    bus.consumers = [c for c in everyone if c.group == group]
    if not bus.consumers:
        raise RuntimeError(f"no {group} consumer to measure")
    stop = asyncio.Event()
    started = time.perf_counter()
    task = asyncio.create_task(bus.run(stop))
    try:
        while True:
            drained = 0
            for stream in streams:
                groups = await bus.redis.xinfo_groups(stream)
                mine = [g for g in groups if as_text(g["name"]) == group]
                drained += bool(mine and mine[0]["lag"] == 0 and mine[0]["pending"] == 0)
            if drained == len(streams):
                return time.perf_counter() - started
            if time.perf_counter() - started > deadline_s:
                raise RuntimeError(f"{group} did not drain {', '.join(streams)} in {deadline_s} s")
            await asyncio.sleep(0.01)
    finally:
        stop.set()
        await task
        bus.consumers = everyone


async def _ingest_figure(bus: Bus, releases: int) -> Figure:
    from services.ingestion.consumer import GROUP as INGESTION  # noqa: PLC0415

    inbound = bus.keys.inbound()
    texts = _seed_variants(releases)
    for start in range(0, releases, 500):
        async with bus.redis.pipeline(transaction=False) as pipe:
            for text in texts[start : start + 500]:
                pipe.xadd(inbound, {"format": "text", "source": "bench", "body": text})
            await pipe.execute()
    seconds = await _drain(bus, INGESTION, inbound)
    # Every release: submitted, parsed, published; nothing twice.
    assert await bus.store.log_length(0) == 3 * releases
    return _figure("ingest", releases / seconds, "releases/s", None)


async def _enrich_hop_figure(bus: Bus, releases: int) -> Figure:
    from services.enrichment.consumer import GROUP as ENRICHMENT  # noqa: PLC0415

    seconds = await _drain(bus, ENRICHMENT, bus.keys.log(0))
    assert await bus.store.log_length(0) == 4 * releases  # one ReleaseEnriched each
    return _figure("enrich_hop", releases / seconds, "releases/s", None)


async def run_bench(
    settings: Settings,
    *,
    events: int = 100_000,
    releases: int = 2_000,
    per_release: int = 20,
    batch: int = 500,
    concurrency: int = 32,
    subscribers: int = 1000,
    pipeline_subscribers: int = 10,
    pipeline_rate: float = 100.0,
    progress: Callable[[str], None] | None = None,
) -> list[Figure]:
    """Run every core figure in its own namespace on the server ``settings`` points at."""
    figures: list[Figure] = []
    note = progress or (lambda _: None)

    @contextlib.asynccontextmanager
    async def fresh_bus() -> AsyncIterator[Bus]:
        """A bus in a namespace of its own, deleted afterwards."""
        namespace = f"bench{uuid.uuid4().hex[:10]}"
        scoped = msgspec.structs.replace(settings, namespace=namespace, batch_size=batch)
        async with open_bus(scoped) as bus:
            try:
                yield bus
            finally:
                await _drop_namespace(bus.redis, namespace)

    # Warm-up: modules imported, scripts loaded, connections open, code paths hot.
    import faststream.redis  # noqa: F401, PLC0415 - the consumers import it when they start

    import services.ingestion.consumer  # noqa: F401, PLC0415

    async with fresh_bus() as bus:
        warm = _Bench(bus, min(events // 20, 2000), per_release, batch, concurrency)
        await warm.append_batch()
        await warm.raw_xadd()

    async with fresh_bus() as bus:
        bench = _Bench(bus, events, per_release, batch, concurrency)
        note("raw pipelined XADD")
        ceiling = await bench.raw_xadd()
        note("append, one event per call")
        figures.append(_figure("append", await bench.append_single(), "events/s", ceiling))

    async with fresh_bus() as bus:
        bench = _Bench(bus, events, per_release, batch, concurrency)
        note("append_batch")
        figures.append(_figure("append_batch", await bench.append_batch(), "events/s", ceiling))
        # hop before rebuild: the projector must start from an empty projection.
        note("raw XREADGROUP + XACK")
        hop_ceiling = await bench.raw_hop()
        note("hop (projector group)")
        figures.append(_figure("hop", await bench.hop(), "events/s", hop_ceiling))
        note("raw paged XRANGE + decode")
        xrange_ceiling = await bench.raw_xrange()
        note("rebuild")
        figures.append(_figure("rebuild", await bench.rebuild(), "events/s", xrange_ceiling))

    figures += _in_process_figures(releases, note)
    async with fresh_bus() as bus:
        note("ingest (inbound stream to events)")
        figures.append(await _ingest_figure(bus, releases))
        note("enrich_hop (enrichment group)")
        figures.append(await _enrich_hop_figure(bus, releases))
    figures += await _distribution_figures(
        fresh_bus,
        note,
        releases=releases,
        subscribers=subscribers,
        pipeline_subscribers=pipeline_subscribers,
        pipeline_rate=pipeline_rate,
    )
    return figures


async def _distribution_figures(
    fresh_bus: Callable[[], contextlib.AbstractAsyncContextManager[Bus]],
    note: Callable[[str], None],
    *,
    releases: int,
    subscribers: int,
    pipeline_subscribers: int,
    pipeline_rate: float,
) -> list[Figure]:
    from services.distribution.bench import fanout_figures, pipeline_figures  # noqa: PLC0415

    figures: list[Figure] = []
    async with fresh_bus() as bus:
        note(f"fanout (one release to {subscribers} webhook subscribers)")
        figures.extend(await fanout_figures(bus, _figure, subscribers))
    async with fresh_bus() as bus:
        note(
            f"pipeline (inbound to {pipeline_subscribers} webhook subscribers, "
            f"latency at {pipeline_rate:g} releases/s)"
        )
        figures.extend(
            await pipeline_figures(
                bus, _figure, min(releases, 1000), pipeline_subscribers, pipeline_rate
            )
        )
    return figures
