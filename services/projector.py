"""Projector: folds the log into a materialized state per release, plus simple indexes.

Consumer group ``projector`` on every partition's log. For a batch of log entries it loads the
stored states of the releases involved (one HMGET), folds the new events onto them (the pure
``schemas.state.fold``), and writes states, index memberships and the checkpoint in one atomic
script. The script compares each release's stored revision with the one the fold started from
(a compare-and-set), so a replayed or reclaimed entry is never applied twice and two projector
replicas never overwrite each other: exactly-once effect on the projection.

A rebuild (``rebuild``) folds the whole log into a fresh *generation* of the projection, swaps
the partition's generation pointer to it, catches up what arrived meanwhile and drops the old
generation. Readers always follow the pointer.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Final, cast

import msgspec
import structlog
from redis.asyncio import Redis

from schemas.events import AnyEvent
from schemas.state import ReleaseState, fold
from services._keys import Keys
from services._store import EventStore, LogEntry, as_text

__all__ = ["GROUP", "Projection", "Projector", "RebuildReport", "index_terms", "rebuild"]

GROUP: Final = "projector"

log = structlog.get_logger(__name__)

_APPLY = """
local state_h, terms_h, ckpt, gen_key, date_z = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local gen, check_gen, ckpt_id, n = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4])
if check_gen == '1' and (redis.call('GET', gen_key) or '1') ~= gen then
  return {'moved'}
end
local stale = {'ok'}
for i = 0, n - 1 do
  local b = 5 + i * 6
  local rid, prev, newrev, json, terms, score =
    ARGV[b], tonumber(ARGV[b + 1]), tonumber(ARGV[b + 2]), ARGV[b + 3], ARGV[b + 4], ARGV[b + 5]
  local cur, oldterms = 0, ''
  local rec = redis.call('HGET', terms_h, rid)
  if rec then
    local r, t = string.match(rec, '^(%d+)\\t(.*)$')
    cur, oldterms = tonumber(r), t
  end
  if cur == prev then
    if oldterms ~= terms then
      -- index keys share this partition's hash tag, so they live in this slot too
      for k in string.gmatch(oldterms, '[^\\n]+') do redis.call('SREM', k, rid) end
      for k in string.gmatch(terms, '[^\\n]+') do redis.call('SADD', k, rid) end
    end
    redis.call('HSET', state_h, rid, json)
    redis.call('HSET', terms_h, rid, string.format('%d', newrev) .. '\\t' .. terms)
    if score ~= '' then redis.call('ZADD', date_z, score, rid)
    else redis.call('ZREM', date_z, rid) end
  elseif cur < newrev then
    table.insert(stale, rid)
  end
end
local function before(a, b)
  local am, as = string.match(a, '^(%d+)-(%d+)$')
  local bm, bs = string.match(b, '^(%d+)-(%d+)$')
  am, as, bm, bs = tonumber(am), tonumber(as), tonumber(bm), tonumber(bs)
  return am < bm or (am == bm and as < bs)
end
local old = redis.call('GET', ckpt)
if ckpt_id ~= '' and (not old or before(old, ckpt_id)) then redis.call('SET', ckpt, ckpt_id) end
return stale
"""

_EPOCH_DAY = dt.date(1970, 1, 1)


def index_terms(keys: Keys, partition: int, generation: int, state: ReleaseState) -> list[str]:
    """The index sets a release belongs to: kind, status, language and countries."""
    terms = [keys.index(partition, generation, "status", state.status)]
    content = state.content
    if content is not None:
        terms.append(keys.index(partition, generation, "kind", content.kind))
    language = (state.enrichment and state.enrichment.language) or (content and content.language)
    if language:
        terms.append(keys.index(partition, generation, "language", language))
    if state.enrichment is not None:
        terms.extend(
            keys.index(partition, generation, "country", c) for c in state.enrichment.countries
        )
    return terms


class Projection:
    """The materialized release states and their indexes (read side, and the apply step)."""

    def __init__(self, redis: Redis, keys: Keys, store: EventStore) -> None:
        self.redis = redis
        self.keys = keys
        self.store = store
        self._apply = redis.register_script(_APPLY)
        self._encode = msgspec.json.Encoder().encode
        self._decode = msgspec.json.Decoder(ReleaseState).decode
        self._generations: dict[int, int] = {}

    async def generation(self, partition: int, *, fresh: bool = False) -> int:
        if fresh or partition not in self._generations:
            raw = await self.redis.get(self.keys.projection_generation(partition))
            self._generations[partition] = int(raw or 1)
        return self._generations[partition]

    async def get(self, release_id: str) -> ReleaseState | None:
        partition = self.keys.partition_of(release_id)
        generation = await self.generation(partition, fresh=True)
        raw = await self.redis.hget(self.keys.state(partition, generation), release_id)
        return None if raw is None else self._decode(raw)

    async def states(self, partition: int, generation: int) -> dict[str, ReleaseState]:
        """Every state of one generation (for checks and small deployments)."""
        raw = await self.redis.hgetall(self.keys.state(partition, generation))
        return {as_text(k): self._decode(v) for k, v in raw.items()}

    async def find(
        self,
        *,
        kind: str | None = None,
        status: str | None = None,
        language: str | None = None,
        country: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
    ) -> list[str]:
        """Release ids matching every given filter (dates inclusive), across partitions, sorted."""
        found: list[str] = []
        for partition in range(self.keys.partitions):
            generation = await self.generation(partition, fresh=True)
            sets = [
                self.keys.index(partition, generation, name, value)
                for name, value in (
                    ("kind", kind),
                    ("status", status),
                    ("language", language),
                    ("country", country),
                )
                if value
            ]
            if sets:
                members = await self.redis.sinter(sets)
            else:
                members = set(await self.redis.hkeys(self.keys.state(partition, generation)))
            if since or until:
                low = (since - _EPOCH_DAY).days if since else "-inf"
                high = (until - _EPOCH_DAY).days if until else "+inf"
                dated = await self.redis.zrangebyscore(
                    self.keys.date_index(partition, generation), low, high
                )
                members &= set(dated)
            found.extend(as_text(m) for m in members)
        return sorted(found)

    async def checkpoint(self, partition: int) -> str | None:
        generation = await self.generation(partition, fresh=True)
        raw = await self.redis.get(self.keys.checkpoint(partition, generation))
        return as_text(raw) if raw else None

    async def apply(
        self,
        partition: int,
        entries: Sequence[LogEntry],
        *,
        generation: int | None = None,
        cache: dict[str, ReleaseState] | None = None,
    ) -> int:
        """Fold ``entries`` (one partition's, in log order) into the projection.

        ``generation`` None means the current one (the live projector); a rebuild names its
        new generation. ``cache`` lets a rebuild keep states between pages instead of
        reloading them. Returns how many releases were written.
        """
        if not entries:
            return 0
        live = generation is None
        pending = _by_release(entries)
        checkpoint = entries[-1].entry_id
        written = 0
        for _attempt in range(10):
            gen = await self.generation(partition) if live else generation
            assert gen is not None
            folded = await self._fold(partition, gen, pending, cache, cache_complete=False)
            status, stale = _outcome(await self._write(partition, gen, live, checkpoint, folded))
            if status == "moved":  # a rebuild swapped generations under us: follow it
                await self.generation(partition, fresh=True)
                continue
            written += len(folded) - len(stale)
            if cache is not None:
                cache.update((rid, new) for rid, (_, new) in folded.items() if rid not in stale)
                for rid in stale:
                    cache.pop(rid, None)
            if not stale:
                return written
            # Another writer got there first (a replica, or a reclaimed batch): reload, refold.
            log.info("projector.stale", partition=partition, releases=len(stale))
            pending = {rid: pending[rid] for rid in stale}
        raise RuntimeError(f"projection of partition {partition} kept moving under 10 attempts")

    async def fill(
        self,
        partition: int,
        generation: int,
        entries: Sequence[LogEntry],
        cache: dict[str, ReleaseState],
    ) -> Awaitable[list[Any]]:
        """A rebuild step on a generation nobody else writes, whose states are all in ``cache``.

        Folds and updates the cache at once, and returns the write without awaiting it, so the
        rebuild folds the next page while the server stores this one.
        """
        folded = await self._fold(
            partition, generation, _by_release(entries), cache, cache_complete=True
        )
        cache.update((rid, new) for rid, (_, new) in folded.items())
        return self._write(partition, generation, False, entries[-1].entry_id, folded)

    def _write(
        self,
        partition: int,
        generation: int,
        live: bool,
        checkpoint: str,
        folded: dict[str, tuple[int, ReleaseState]],
    ) -> Awaitable[list[Any]]:
        args: list[str | int | bytes] = [generation, "1" if live else "0", checkpoint, len(folded)]
        for rid, (base, new) in folded.items():
            date = new.content.date if new.content else None
            args += [
                rid,
                base,
                new.revision,
                self._encode(new),
                "\n".join(index_terms(self.keys, partition, generation, new)),
                "" if date is None else (date - _EPOCH_DAY).days,
            ]
        return cast(
            "Awaitable[list[Any]]",
            self._apply(
                keys=[
                    self.keys.state(partition, generation),
                    self.keys.projection_terms(partition, generation),
                    self.keys.checkpoint(partition, generation),
                    self.keys.projection_generation(partition),
                    self.keys.date_index(partition, generation),
                ],
                args=args,
            ),
        )

    async def _fold(
        self,
        partition: int,
        generation: int,
        pending: dict[str, list[AnyEvent]],
        cache: dict[str, ReleaseState] | None,
        cache_complete: bool,
    ) -> dict[str, tuple[int, ReleaseState]]:
        """Fold each release's new events onto its stored state: release → (base revision, state).

        A release whose stored state lacks events before this batch (after a reclaim, or a
        crash between write and ack elsewhere) has the gap read from its own stream first.
        """
        prior = await self._load(partition, generation, list(pending), cache, cache_complete)
        folded: dict[str, tuple[int, ReleaseState]] = {}
        for rid, events in pending.items():
            state = prior.get(rid)
            base = state.revision if state else 0
            todo = [e for e in events if e.revision > base]
            if not todo:
                continue  # all already applied
            if todo[0].revision > base + 1:
                gap = await self.store.history(
                    rid, after_revision=base, until_revision=todo[0].revision - 1
                )
                todo = [*gap, *todo]
            folded[rid] = (base, fold(todo, state))
        return folded

    async def _load(
        self,
        partition: int,
        generation: int,
        release_ids: list[str],
        cache: dict[str, ReleaseState] | None,
        cache_complete: bool = False,
    ) -> dict[str, ReleaseState]:
        found: dict[str, ReleaseState] = {}
        wanted = release_ids
        if cache is not None:
            found = {rid: cache[rid] for rid in release_ids if rid in cache}
            wanted = [] if cache_complete else [rid for rid in release_ids if rid not in found]
        if wanted:
            raws = await self.redis.hmget(self.keys.state(partition, generation), wanted)
            for rid, raw in zip(wanted, raws, strict=True):
                if raw is not None:
                    found[rid] = self._decode(raw)
        return found

    async def drop_generation(self, partition: int, generation: int) -> int:
        """Delete every key of one projection generation (after a swap)."""
        dropped = 0
        async for key in self.redis.scan_iter(
            match=f"{self.keys.projection(partition, generation)}:*", count=500
        ):
            dropped += int(await self.redis.unlink(key))
        return dropped


def _by_release(entries: Sequence[LogEntry]) -> dict[str, list[AnyEvent]]:
    by_release: dict[str, list[AnyEvent]] = defaultdict(list)
    for entry in entries:
        by_release[entry.event.release_id].append(entry.event)
    return by_release


def _outcome(result: list[Any]) -> tuple[str, set[str]]:
    """The apply script's reply: "ok" or "moved", and the releases found stale."""
    status, *stale = (as_text(r) for r in result)
    return status, set(stale)


class Projector:
    """The ``projector`` consumer: thin, everything happens in :meth:`Projection.apply`."""

    group: Final = GROUP

    def __init__(self, projection: Projection) -> None:
        self.projection = projection

    async def handle(self, partition: int, entries: Sequence[LogEntry]) -> None:
        await self.projection.apply(partition, entries)


class RebuildReport(msgspec.Struct, frozen=True):
    events: int
    releases: int
    seconds: float
    generations: dict[int, int]

    @property
    def events_per_second(self) -> float:
        return self.events / self.seconds if self.seconds else 0.0


async def _written(write: Awaitable[list[Any]] | None) -> None:
    """Wait for a rebuild write; on a generation only the rebuild writes, nothing is stale."""
    if write is not None:
        status, stale = _outcome(await write)
        if status != "ok" or stale:
            raise RuntimeError(f"rebuild write refused: {status} {sorted(stale)[:5]}")


#: States a rebuild keeps in memory between pages (a few KB each).
_REBUILD_CACHE_STATES = 100_000


async def rebuild(
    projection: Projection,
    *,
    page: int = 5000,
    progress: Callable[[int], None] | None = None,
) -> RebuildReport:
    """Fold every partition's log from position 0 into a new generation, then swap it in.

    ``progress`` is called with the number of events folded since the last call.
    """
    keys, redis, store = projection.keys, projection.redis, projection.store
    started = time.perf_counter()
    events = 0
    releases = 0
    generations: dict[int, int] = {}
    for partition in range(keys.partitions):
        old = await projection.generation(partition, fresh=True)
        # A crashed earlier rebuild may have left a partial generation: start it clean.
        new = int(await redis.incr(keys.projection_counter(partition)))
        if new <= old:  # the counter was lost (restored data): never reuse a live generation
            new = old + 1
            await redis.set(keys.projection_counter(partition), new)
        await projection.drop_generation(partition, new)
        # The new generation is written by this loop alone, so while the cache holds every
        # state written so far, a release missing from it has no state: no read needed.
        cache: dict[str, ReleaseState] = {}
        complete = True
        after = "0-0"
        # Three things overlap: the server reads page N+1 and stores page N-1 while we fold N.
        next_page = asyncio.create_task(store.read_log(partition, after, page))
        writing: asyncio.Future[list[Any]] | None = None
        while entries := await next_page:
            after = entries[-1].entry_id
            next_page = asyncio.create_task(store.read_log(partition, after, page))
            if complete:
                write = await projection.fill(partition, new, entries, cache)
                await _written(writing)
                writing = asyncio.ensure_future(write)
            else:
                await _written(writing)
                writing = None
                await projection.apply(partition, entries, generation=new, cache=cache)
            events += len(entries)
            if progress:
                progress(len(entries))
            if len(cache) > _REBUILD_CACHE_STATES:
                await _written(writing)
                writing = None
                cache.clear()
                complete = False
        await _written(writing)
        await redis.set(keys.projection_generation(partition), new)
        await projection.generation(partition, fresh=True)
        # Whatever the live projector applied to the old generation after our last page is
        # re-applied here; the revision check makes the overlap harmless.
        while entries := await store.read_log(partition, after, page):
            await projection.apply(partition, entries, generation=new, cache=cache)
            after = entries[-1].entry_id
            events += len(entries)
            if progress:
                progress(len(entries))
        releases += int(await redis.hlen(keys.state(partition, new)))
        await projection.drop_generation(partition, old)
        generations[partition] = new
        log.info("projection.rebuilt", partition=partition, generation=new, previous=old)
    return RebuildReport(events, releases, time.perf_counter() - started, generations)
