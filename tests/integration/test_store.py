"""The event store against a real server: revisions, idempotency, conflicts, partitions."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from redis.asyncio import Redis
from redis.cluster import key_slot

from schemas.events import ReleaseWithdrawn
from services._clock import ManualClock
from services._keys import Keys
from services._store import ANY, NO_STREAM, EventStore, Position
from tests.samples import T0, lifecycle

pytestmark = pytest.mark.redis


@pytest.fixture
def store(redis: Redis, namespace: str, clock: ManualClock) -> EventStore:
    return EventStore(redis, Keys(namespace), clock=clock)


def withdrawn(n: int, release_id: str = "r-1", reason: str = "why") -> ReleaseWithdrawn:
    return ReleaseWithdrawn(event_id=f"w{n}", release_id=release_id, occurred_at=T0, reason=reason)


async def test_append_assigns_revisions_and_history_returns_them(store: EventStore, clock) -> None:
    events = lifecycle()
    result = await store.append("r-1", events, NO_STREAM)
    assert result.outcome == "appended"
    assert result.revision == len(events)
    assert [p.revision for p in result.positions] == list(range(1, len(events) + 1))
    assert all(p.appended for p in result.positions)
    stored = await store.history("r-1")
    assert [e.revision for e in stored] == list(range(1, len(events) + 1))
    assert [e.event_id for e in stored] == [e.event_id for e in events]
    assert all(e.recorded_at == clock.now() for e in stored)
    # Apart from what the store assigns, each event is exactly what was appended.
    assert [e.__replace__(revision=0, recorded_at=None) for e in stored] == events  # type: ignore[attr-defined]
    assert await store.revision("r-1") == len(events)


async def test_release_stream_entry_ids_are_revisions(store: EventStore, redis: Redis) -> None:
    await store.append("r-1", lifecycle()[:3])
    entries = await redis.xrange(store.keys.release("r-1"))
    assert [entry_id for entry_id, _ in entries] == [b"1-0", b"2-0", b"3-0"]
    assert entries[0][1][b"type"] == b"ReleaseSubmitted"
    assert b'"revision":1,' in entries[0][1][b"data"]


async def test_history_ranges_by_revision(store: EventStore) -> None:
    await store.append("r-1", lifecycle())
    assert [e.revision for e in await store.history("r-1", until_revision=3)] == [1, 2, 3]
    assert [e.revision for e in await store.history("r-1", after_revision=20)] == [21, 22]
    assert await store.history("missing") == []


async def test_idempotent_retry_returns_the_original_positions(store: EventStore, clock) -> None:
    first = await store.append("r-1", [withdrawn(1), withdrawn(2)], NO_STREAM)
    clock.advance(60)  # a retry built later: occurred/recorded times differ, payload does not
    retry = await store.append(
        "r-1",
        [withdrawn(1).__replace__(occurred_at=T0 + dt.timedelta(minutes=5)), withdrawn(2)],  # type: ignore[attr-defined]
        NO_STREAM,
    )
    assert retry.outcome == "already_appended"
    assert retry.revision == 2
    assert retry.positions == tuple(
        Position(p.event_id, p.revision, p.log_id, appended=False) for p in first.positions
    )
    assert len(await store.history("r-1")) == 2
    assert await store.log_length(0) == 2


async def test_reused_event_id_with_other_payload_is_a_conflict(store: EventStore) -> None:
    await store.append("r-1", [withdrawn(1, reason="first")])
    result = await store.append("r-1", [withdrawn(1, reason="second")])
    assert result.outcome == "conflict"
    assert result.reason == "event id w1 was appended at revision 1 with a different payload"
    assert [e.reason for e in await store.history("r-1")] == ["first"]  # type: ignore[attr-defined]


async def test_expected_revision_is_enforced(store: EventStore) -> None:
    assert (await store.append("r-1", [withdrawn(1)], NO_STREAM)).outcome == "appended"
    conflict = await store.append("r-1", [withdrawn(2)], NO_STREAM)
    assert (conflict.outcome, conflict.revision) == ("conflict", 1)
    assert conflict.reason == "expected no stream, found revision 1"
    stale = await store.append("r-1", [withdrawn(2)], 0)
    assert stale.reason == "expected revision 0, found 1"
    assert (await store.append("r-1", [withdrawn(2)], 1)).revision == 2
    assert (await store.append("r-1", [withdrawn(3)], ANY)).revision == 3
    assert await store.log_length(0) == 3


async def test_a_conflicting_batch_writes_nothing(store: EventStore) -> None:
    await store.append("r-1", [withdrawn(1, reason="a")])
    result = await store.append("r-1", [withdrawn(2), withdrawn(1, reason="b")])
    assert result.outcome == "conflict"
    assert await store.revision("r-1") == 1
    assert await store.log_length(0) == 1
    duplicate = await store.append("r-1", [withdrawn(5), withdrawn(5)])
    assert duplicate.reason == "event id w5 appears twice in one append"


async def test_mixed_batch_appends_only_the_new_events(store: EventStore) -> None:
    await store.append("r-1", [withdrawn(1)])
    result = await store.append("r-1", [withdrawn(1), withdrawn(2)])
    assert result.outcome == "appended"
    assert [(p.revision, p.appended) for p in result.positions] == [(1, False), (2, True)]


async def test_concurrent_appenders_one_wins_each_revision(store: EventStore) -> None:
    writers, rounds = 8, 25

    async def writer(w: int) -> list[int]:
        won: list[int] = []
        for i in range(rounds):
            while True:  # optimistic concurrency: read the revision, try to extend it
                current = await store.revision("r-1")
                event = withdrawn(w * 1000 + i, reason=f"writer {w}")
                result = await store.append("r-1", [event], current)
                if result.outcome == "appended":
                    won.append(result.revision)
                    break
                assert result.outcome == "conflict"
        return won

    results = await asyncio.gather(*(writer(w) for w in range(writers)))
    revisions = sorted(r for won in results for r in won)
    assert revisions == list(range(1, writers * rounds + 1))  # no gaps, no duplicates
    history = await store.history("r-1")
    assert [e.revision for e in history] == revisions
    assert len({e.event_id for e in history}) == writers * rounds
    assert await store.log_length(0) == writers * rounds


async def test_concurrent_any_appends_and_retries_never_duplicate(store: EventStore) -> None:
    events = [withdrawn(i) for i in range(50)]
    # Every event is sent three times, concurrently: exactly one copy lands.
    await asyncio.gather(*(store.append("r-1", [e]) for e in events * 3))
    history = await store.history("r-1")
    assert sorted(e.event_id for e in history) == sorted(e.event_id for e in events)
    assert [e.revision for e in history] == list(range(1, 51))


async def test_append_many_pipelines_independent_appends(store: EventStore) -> None:
    results = await store.append_many(
        [(f"r-{i}", [withdrawn(i, release_id=f"r-{i}")], NO_STREAM) for i in range(20)]
        + [("r-0", [withdrawn(99, release_id="r-0")], NO_STREAM)]
    )
    assert [r.outcome for r in results] == ["appended"] * 20 + ["conflict"]
    assert await store.log_length(0) == 20


async def test_read_log_pages_through_every_event_in_order(store: EventStore) -> None:
    for i in range(7):
        await store.append(f"r-{i}", lifecycle(f"r-{i}")[:3])
    seen, after = [], "0-0"
    while page := await store.read_log(0, after, count=4):
        seen.extend(page)
        after = page[-1].entry_id
    assert len(seen) == 21
    assert [(e.event.release_id, e.event.revision) for e in seen] == [
        (f"r-{i}", rev) for i in range(7) for rev in (1, 2, 3)
    ]


async def test_partitions_keep_every_key_of_a_release_in_one_slot(
    redis: Redis, namespace: str
) -> None:
    keys = Keys(namespace, partitions=4)
    store = EventStore(redis, keys)
    release_ids = [f"release-{i}" for i in range(40)]
    for rid in release_ids:
        await store.append(rid, [withdrawn(1, release_id=rid)])
    used = {keys.partition_of(rid) for rid in release_ids}
    assert used == {0, 1, 2, 3}
    for rid in release_ids:
        p = keys.partition_of(rid)
        slots = {
            key_slot(k.encode()) for k in (keys.release(rid), keys.release_ids(rid), keys.log(p))
        }
        assert len(slots) == 1
    total = 0
    for p in range(4):
        entries = await store.read_log(p)
        assert {keys.partition_of(e.event.release_id) for e in entries} <= {p}
        total += len(entries)
    assert total == 40
