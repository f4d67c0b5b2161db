"""The projector and the consumer runtime against a real server."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence

import msgspec
import pytest

from schemas.events import ReleaseWithdrawn
from schemas.state import fold
from services._runtime import Bus, LogConsumer, Settings, open_bus
from services._store import LogEntry
from services.projector import GROUP, rebuild
from tests.samples import T0, content, lifecycle

pytestmark = pytest.mark.redis


async def eventually(check: Callable[[], Awaitable[bool]], within: float = 10.0) -> None:
    deadline = asyncio.get_running_loop().time() + within
    while not await check():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(0.02)


async def caught_up(bus: Bus) -> bool:
    rows = [r for r in await bus.status() if r.group == GROUP]
    return bool(rows) and all(r.lag == 0 and r.pending == 0 for r in rows)


async def running(bus: Bus) -> AsyncIterator[asyncio.Event]:
    stop = asyncio.Event()
    task = asyncio.create_task(bus.run(stop))
    try:
        yield stop
    finally:
        stop.set()
        await task


@pytest.fixture
def projector_only(bus: Bus) -> Bus:
    """The bus with the projector as its only consumer: these tests count events exactly."""
    bus.consumers = [c for c in bus.consumers if c.group == GROUP]
    return bus


@pytest.fixture
async def live(projector_only: Bus) -> AsyncIterator[Bus]:
    async for _ in running(projector_only):
        yield projector_only


async def append_releases(bus: Bus, count: int, prefix: str = "r") -> list[str]:
    ids = [f"{prefix}-{i}" for i in range(count)]
    for rid in ids:
        events = lifecycle(rid)
        await bus.store.append(rid, events[:12])
        await bus.store.append(rid, events[12:])
    return ids


async def assert_projection_matches_history(bus: Bus, release_ids: Sequence[str]) -> None:
    for rid in release_ids:
        assert await bus.projection.get(rid) == fold(await bus.store.history(rid)), rid


async def test_live_projection_equals_the_fold_of_each_history(live: Bus) -> None:
    ids = await append_releases(live, 12)
    await eventually(lambda: caught_up(live))
    await assert_projection_matches_history(live, ids)
    assert await live.projection.find(status="withdrawn") == sorted(ids)
    assert await live.projection.find(kind="Press Statement", country="AU") == sorted(ids)
    assert await live.projection.find(kind="Readout") == []
    last = (await live.store.read_log(0, count=10_000))[-1].entry_id
    assert await live.projection.checkpoint(0) == last


async def test_indexes_follow_state_changes(live: Bus) -> None:
    events = lifecycle("r-x")
    await live.store.append("r-x", events[:6])  # published, not yet withdrawn
    await eventually(lambda: caught_up(live))
    assert await live.projection.find(status="published") == ["r-x"]
    await live.store.append("r-x", events[6:])
    await eventually(lambda: caught_up(live))
    assert await live.projection.find(status="published") == []
    assert await live.projection.find(status="withdrawn") == ["r-x"]


async def test_rebuild_equals_the_live_projection(live: Bus) -> None:
    ids = await append_releases(live, 15)
    await eventually(lambda: caught_up(live))
    before = await live.projection.states(0, await live.projection.generation(0, fresh=True))
    seen: list[int] = []
    report = await rebuild(live.projection, page=50, progress=seen.append)
    assert report.events == sum(seen) == 15 * 22
    assert report.releases == 15
    generation = await live.projection.generation(0, fresh=True)
    assert generation == report.generations[0] == 2
    assert await live.projection.states(0, generation) == before
    assert [k async for k in live.redis.scan_iter(match=f"{live.keys.projection(0, 1)}:*")] == []
    # The live projector follows the swap.
    await live.store.append(
        "r-0",
        [ReleaseWithdrawn(event_id="again", release_id="r-0", occurred_at=T0, reason="twice")],
    )
    await eventually(lambda: caught_up(live))
    await assert_projection_matches_history(live, ids)


async def test_rebuild_with_nothing_live(bus: Bus) -> None:
    ids = await append_releases(bus, 3)
    report = await rebuild(bus.projection)
    assert (report.events, report.releases) == (66, 3)
    await assert_projection_matches_history(bus, ids)


async def test_consumer_killed_between_append_and_ack_reprocesses_without_duplicates(
    projector_only: Bus,
) -> None:
    bus = projector_only
    ids = await append_releases(bus, 4)
    await bus.ensure_groups()
    log_key = bus.keys.log(0)
    # A first projector read 30 entries and applied them, then died before its XACK ...
    read = await bus.redis.xreadgroup(GROUP, "crashed-a", {log_key: ">"}, count=30)
    applied = bus.store.decode_log_entries(0, read[0][1])
    await bus.projection.apply(0, applied)
    # ... and a second one read the next 20 and died before writing anything.
    await bus.redis.xreadgroup(GROUP, "crashed-b", {log_key: ">"}, count=20)
    await asyncio.sleep(0.1)  # both now idle longer than reclaim_idle_ms
    async for _ in running(bus):
        await eventually(lambda: caught_up(bus))
    await assert_projection_matches_history(bus, ids)
    assert await bus.store.log_length(0) == 4 * 22  # nothing appended twice
    for rid in ids:
        assert (await bus.projection.get(rid)).revision == 22  # type: ignore[union-attr]


class Flaky:
    """A log service that fails on one release until told otherwise."""

    group = "flaky"

    def __init__(self) -> None:
        self.poison = "r-poison"
        self.calls: dict[str, int] = {}
        self.handled: list[str] = []

    async def handle(self, partition: int, entries: Sequence[LogEntry]) -> None:
        for entry in entries:
            rid = entry.event.release_id
            if rid == self.poison:
                # A failed batch is retried entry by entry within the same delivery, so
                # deliveries are the calls that carried the poison entry alone.
                if len(entries) == 1:
                    self.calls[entry.event.event_id] = self.calls.get(entry.event.event_id, 0) + 1
                raise RuntimeError(f"cannot handle {rid}")
        self.handled.extend(e.event.event_id for e in entries)


async def test_failing_entry_is_retried_then_dead_lettered_and_others_flow(
    projector_only: Bus,
) -> None:
    bus = projector_only
    flaky = Flaky()
    bus.consumers.append(LogConsumer(flaky, bus.store))
    async for _ in running(bus):
        await bus.store.append("r-good", lifecycle("r-good")[:3])
        await bus.store.append(
            "r-poison",
            [ReleaseWithdrawn(event_id="bad", release_id="r-poison", occurred_at=T0, reason="x")],
        )
        await bus.store.append("r-good2", lifecycle("r-good2")[:2])

        async def dead() -> bool:
            return len(await bus.dead_letters()) == 1

        await eventually(dead)
        status = {r.group: r for r in await bus.status()}
        assert status["flaky"].pending == 0
        assert status["flaky"].dead_letters == 1
        assert status[GROUP].dead_letters == 0
    assert flaky.calls == {"bad": bus.settings.max_deliveries}
    assert sorted(flaky.handled) == sorted(
        [*(e.event_id for e in lifecycle()[:3])] * 1 + [e.event_id for e in lifecycle()[:2]]
    )
    (letter,) = await bus.dead_letters()
    assert (letter.group, letter.stream, letter.deliveries) == ("flaky", bus.keys.log(0), 3)
    assert letter.error == "RuntimeError: cannot handle r-poison"
    assert letter.fields["release_id"] == "r-poison"
    assert msgspec.json.decode(letter.fields["data"])["reason"] == "x"
    # Still failing: retry keeps it, with the new error.
    assert await bus.retry_dead_letter(letter) == "RuntimeError: cannot handle r-poison"
    assert len(await bus.dead_letters()) == 1
    # Fixed: retry hands it over and it leaves the queue.
    flaky.poison = "nothing"
    assert await bus.retry_dead_letter(letter) is None
    assert "bad" in flaky.handled
    assert await bus.dead_letters() == []


async def test_dead_letter_can_be_dropped(bus: Bus) -> None:
    flaky = Flaky()
    bus.consumers = [LogConsumer(flaky, bus.store)]
    async for _ in running(bus):
        await bus.store.append(
            "r-poison",
            [ReleaseWithdrawn(event_id="bad", release_id="r-poison", occurred_at=T0, reason="x")],
        )

        async def dead() -> bool:
            return len(await bus.dead_letters()) == 1

        await eventually(dead)
    (letter,) = await bus.dead_letters()
    assert await bus.find_dead_letter(letter.id) == letter
    await bus.drop_dead_letter(letter)
    assert await bus.dead_letters() == []
    with pytest.raises(KeyError):
        await bus.find_dead_letter(letter.id)


async def test_partitions_project_independently(settings: Settings, clock) -> None:
    settings = msgspec.structs.replace(settings, partitions=3)
    async with open_bus(settings, clock=clock) as bus:
        bus.consumers = [c for c in bus.consumers if c.group == GROUP]
        async for _ in running(bus):
            ids = await append_releases(bus, 12)
            assert {bus.keys.partition_of(rid) for rid in ids} == {0, 1, 2}
            await eventually(lambda: caught_up(bus))
            await assert_projection_matches_history(bus, ids)
            assert len([r for r in await bus.status() if r.group == GROUP]) == 3
        report = await rebuild(bus.projection)
        assert (report.events, report.releases) == (12 * 22, 12)
        await assert_projection_matches_history(bus, ids)


async def test_partition_count_must_match_the_namespace(settings: Settings, clock) -> None:
    async with open_bus(settings, clock=clock) as bus:
        await bus.check_partitions()
    other = msgspec.structs.replace(settings, partitions=2)
    async with open_bus(other, clock=clock) as bus:
        with pytest.raises(RuntimeError, match="created with 1 partitions"):
            await bus.check_partitions()


async def test_groups_start_at_the_beginning_of_history(projector_only: Bus) -> None:
    bus = projector_only
    ids = await append_releases(bus, 2)  # appended before any group exists
    async for _ in running(bus):
        await eventually(lambda: caught_up(bus))
    await assert_projection_matches_history(bus, ids)


def test_content_sample_is_sane() -> None:
    assert content().title == "Australia National Day"
