"""The event store: per-release streams plus one global log per partition, on Redis streams.

Appending is one server-side script (``_APPEND``): it checks the expected revision and every
event id against the release's id record, then XADDs each new event to the release stream
(entry id ``<revision>-0``, so Redis itself refuses a duplicate revision) and to the
partition's log, and records ``event id → revision, log id, fingerprint``. No WATCH/MULTI loop:
concurrent appenders are serialised by the server, and exactly one wins each revision.

Outcomes, per call:

* ``appended``: at least one event was new and is now stored;
* ``already_appended``: every event id was already stored with the same fingerprint (an
  idempotent retry); the original positions are returned;
* ``conflict``: the expected revision did not hold, or an event id was reused with a different
  payload. Nothing was written.

The fingerprint covers the event without ``revision``, ``recorded_at`` and ``occurred_at``, so a
producer that rebuilds the same event later (a retry, a replay) is recognised.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
from collections.abc import Sequence
from typing import Any, Literal, cast

import msgspec
from redis.asyncio import Redis

from schemas.events import AnyEvent
from schemas.upcasting import EventCodec
from services._clock import Clock, SystemClock
from services._keys import Keys

__all__ = [
    "ANY",
    "NO_STREAM",
    "AppendResult",
    "EventStore",
    "Expected",
    "LogEntry",
    "Position",
    "RawEntry",
    "as_text",
    "xrange",
]

ANY: Literal["any"] = "any"
NO_STREAM: Literal["none"] = "none"
#: ``ANY``, ``NO_STREAM`` (the release must have no events yet) or the exact current revision.
Expected = Literal["any", "none"] | int

Outcome = Literal["appended", "already_appended", "conflict"]

_APPEND = """
local stream, ids, log = KEYS[1], KEYS[2], KEYS[3]
local expected, release_id, n = ARGV[1], ARGV[2], tonumber(ARGV[3])
local current = tonumber(redis.call('HGET', ids, '#') or '0')
local known, seen, fresh = {}, {}, 0
for i = 0, n - 1 do
  local b = 4 + i * 5
  local eid, fp = ARGV[b], ARGV[b + 3]
  if seen[eid] then
    return {'conflict', current, 'event id ' .. eid .. ' appears twice in one append'}
  end
  seen[eid] = true
  local rec = redis.call('HGET', ids, eid)
  if rec then
    local rev, logid, oldfp = string.match(rec, '^(%S+) (%S+) (%S+)$')
    if oldfp ~= fp then
      return {'conflict', current,
        'event id ' .. eid .. ' was appended at revision ' .. rev .. ' with a different payload'}
    end
    known[i] = {rev, logid}
  else
    fresh = fresh + 1
  end
end
local out = {}
if fresh == 0 then
  table.insert(out, 'already_appended')
  table.insert(out, current)
  table.insert(out, '')
  for i = 0, n - 1 do
    table.insert(out, known[i][1]); table.insert(out, known[i][2]); table.insert(out, 0)
  end
  return out
end
if expected == 'none' then
  if current ~= 0 then
    return {'conflict', current, 'expected no stream, found revision ' .. current}
  end
elseif expected ~= 'any' and tonumber(expected) ~= current then
  return {'conflict', current, 'expected revision ' .. expected .. ', found ' .. current}
end
table.insert(out, 'appended')
table.insert(out, 0)
table.insert(out, '')
for i = 0, n - 1 do
  local b = 4 + i * 5
  if known[i] then
    table.insert(out, known[i][1]); table.insert(out, known[i][2]); table.insert(out, 0)
  else
    local eid, etype, ver, fp = ARGV[b], ARGV[b + 1], ARGV[b + 2], ARGV[b + 3]
    current = current + 1
    local rev = string.format('%d', current)
    local data = (string.gsub(ARGV[b + 4], '"revision":0', '"revision":' .. rev, 1))
    redis.call('XADD', stream, rev .. '-0', 'type', etype, 'v', ver, 'event_id', eid, 'data', data)
    local logid = redis.call('XADD', log, '*', 'release_id', release_id, 'revision', rev,
      'type', etype, 'v', ver, 'event_id', eid, 'data', data)
    redis.call('HSET', ids, eid, rev .. ' ' .. logid .. ' ' .. fp)
    table.insert(out, rev); table.insert(out, logid); table.insert(out, 1)
  end
end
redis.call('HSET', ids, '#', current)
out[2] = current
return out
"""


#: A stream entry as redis-py returns it with ``decode_responses=False``.
RawEntry = tuple[bytes, dict[bytes, bytes]]


def as_text(value: bytes | str | int) -> str:
    """A reply value as text (replies are bytes; numbers come back as int)."""
    return value.decode() if isinstance(value, bytes) else str(value)


async def xrange(
    redis: Redis, key: str, start: str = "-", end: str = "+", count: int | None = None
) -> list[RawEntry]:
    """XRANGE with the reply typed as the bus reads it (bytes, never None)."""
    return cast("list[RawEntry]", await redis.xrange(key, start, end, count=count) or [])


def _as_sent(response: Any, **_: Any) -> Any:
    return response


class Position(msgspec.Struct, frozen=True):
    """Where one event is: its revision in the release and its entry id in the log."""

    event_id: str
    revision: int
    log_id: str
    appended: bool


class AppendResult(msgspec.Struct, frozen=True):
    outcome: Outcome
    release_id: str
    #: The release's revision after the call (on conflict: the revision found).
    revision: int
    positions: tuple[Position, ...] = ()
    reason: str | None = None

    @property
    def ok(self) -> bool:
        return self.outcome != "conflict"


class LogEntry(msgspec.Struct, frozen=True, gc=False):
    """One entry of a partition's log, decoded."""

    entry_id: str
    partition: int
    event: AnyEvent


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


class EventStore:
    """Appends and reads events. Built once per process by the runtime (``services._runtime``)."""

    def __init__(
        self,
        redis: Redis,
        keys: Keys,
        codec: EventCodec | None = None,
        clock: Clock | None = None,
    ) -> None:
        self.redis = redis
        self.keys = keys
        self.codec = codec or EventCodec()
        self.clock = clock or SystemClock()
        self._append = redis.register_script(_APPEND)
        self._encode = self.codec.encode
        self._queue: list[tuple[list[str], list[str | bytes | int], asyncio.Future[Any]]] = []
        self._flusher: asyncio.Task[None] | None = None
        # A second client on the same pool whose XRANGE returns entries as the server sends
        # them: building a dict per entry costs more than the whole rest of a log read.
        self._raw = Redis(connection_pool=redis.connection_pool)
        self._raw.set_response_callback("XRANGE", _as_sent)

    # --- appending ---------------------------------------------------------------------
    def _script_args(
        self, release_id: str, events: Sequence[AnyEvent], expected: Expected
    ) -> tuple[list[str], list[str | bytes | int]]:
        if not events:
            raise ValueError("append needs at least one event")
        now = self.clock.now()
        args: list[str | bytes | int] = [str(expected), release_id, len(events)]
        replace = msgspec.structs.replace
        encode = self._encode
        for event in events:
            if event.release_id != release_id:
                raise ValueError(
                    f"event {event.event_id} belongs to {event.release_id}, not {release_id}"
                )
            # The fingerprint leaves out what legitimately differs between two builds of the
            # same event (when it was built and stored, and where it lands).
            fingerprint = hashlib.blake2b(
                encode(replace(event, revision=0, recorded_at=None, occurred_at=_EPOCH)),
                digest_size=16,
            ).hexdigest()
            stored = replace(event, revision=0, recorded_at=now)
            args += [
                event.event_id,
                type(event).__name__,
                event.schema_version,
                fingerprint,
                encode(stored),
            ]
        keys = [
            self.keys.release(release_id),
            self.keys.release_ids(release_id),
            self.keys.log(self.keys.partition_of(release_id)),
        ]
        return keys, args

    @staticmethod
    def _result(
        release_id: str, events: Sequence[AnyEvent], raw: list[bytes | int]
    ) -> AppendResult:
        outcome = as_text(raw[0])
        revision = int(raw[1])
        if outcome == "conflict":
            reason = as_text(raw[2])
            return AppendResult("conflict", release_id, revision, reason=reason)
        positions = tuple(
            Position(
                event.event_id,
                int(raw[3 + 3 * i]),
                as_text(raw[4 + 3 * i]),
                bool(int(raw[5 + 3 * i])),
            )
            for i, event in enumerate(events)
        )
        if outcome == "already_appended":
            revision = max(p.revision for p in positions)
        return AppendResult(outcome, release_id, revision, positions)  # type: ignore[arg-type]

    async def append(
        self, release_id: str, events: Sequence[AnyEvent], expected: Expected = ANY
    ) -> AppendResult:
        """Append events of one release atomically (all or nothing).

        Concurrent calls are committed as a group: while one pipeline is on the wire, new
        appends queue up and go out together in the next one. Alone, an append costs one
        round trip as before; under load, many share it.
        """
        keys, args = self._script_args(release_id, events, expected)
        future: asyncio.Future[list[bytes | int]] = asyncio.get_running_loop().create_future()
        self._queue.append((keys, args, future))
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.create_task(self._flush())
        return self._result(release_id, events, await future)

    async def _flush(self) -> None:
        # One tick first: callers woken by the previous batch get to queue their next append.
        await asyncio.sleep(0)
        while self._queue:
            batch, self._queue = self._queue, []
            try:
                async with self.redis.pipeline(transaction=False) as pipe:
                    for keys, args, _ in batch:
                        await self._append(keys=keys, args=args, client=pipe)
                    replies = await pipe.execute(raise_on_error=False)
            except Exception as exc:  # noqa: BLE001 - handed to every caller of the batch
                for _, _, future in batch:
                    if not future.done():
                        future.set_exception(exc)
                continue
            for (_, _, future), reply in zip(batch, replies, strict=True):
                if future.done():  # the caller was cancelled
                    continue
                if isinstance(reply, Exception):
                    future.set_exception(reply)
                else:
                    future.set_result(reply)

    async def append_many(
        self, batches: Sequence[tuple[str, Sequence[AnyEvent], Expected]]
    ) -> list[AppendResult]:
        """Several appends (each atomic on its own) in one round trip."""
        if not batches:
            return []
        async with self.redis.pipeline(transaction=False) as pipe:
            for release_id, events, expected in batches:
                keys, args = self._script_args(release_id, events, expected)
                await self._append(keys=keys, args=args, client=pipe)
            raws = await pipe.execute()
        return [
            self._result(release_id, events, raw)
            for (release_id, events, _), raw in zip(batches, raws, strict=True)
        ]

    # --- reading -----------------------------------------------------------------------
    async def keep_submission(self, text: str) -> str:
        """Store a whole submission verbatim under its hash (once); return the hash."""
        data = text.encode()
        digest = hashlib.blake2b(data, digest_size=16).hexdigest()
        await self.redis.set(self.keys.submission(digest), data, nx=True)
        return digest

    async def submission(self, digest: str) -> str | None:
        raw = await self.redis.get(self.keys.submission(digest))
        return None if raw is None else as_text(raw)

    async def revision(self, release_id: str) -> int:
        """The release's current revision (0: no events)."""
        return int(await self.redis.hget(self.keys.release_ids(release_id), "#") or 0)

    async def history(
        self, release_id: str, *, after_revision: int = 0, until_revision: int | None = None
    ) -> list[AnyEvent]:
        """The release's events in order, optionally a revision range (free: ids are revisions)."""
        start = f"({after_revision}-0" if after_revision else "-"
        end = f"{until_revision}-0" if until_revision is not None else "+"
        entries = await xrange(self.redis, self.keys.release(release_id), start, end)
        decode = self.codec.decode_fields
        return [decode(fields) for _, fields in entries]

    def decode_log_entries(self, partition: int, entries: Sequence[RawEntry]) -> list[LogEntry]:
        codec = self.codec
        fast, decode = codec.fast_path(), codec.decoder.decode
        slow = codec.decode_fields
        # The hot loop of every consumer and of rebuild: current events skip the upcaster check.
        return [
            LogEntry(
                entry_id.decode(),
                partition,
                decode(fields[b"data"])
                if (fields[b"type"], fields[b"v"]) in fast
                else slow(fields),
            )
            for entry_id, fields in entries
        ]

    async def read_log(
        self, partition: int, after: str = "0-0", count: int = 1000
    ) -> list[LogEntry]:
        """One page of a partition's log, strictly after entry id ``after``."""
        raw = cast(
            "list[tuple[bytes, list[bytes]]]",
            await self._raw.xrange(self.keys.log(partition), f"({after}", "+", count=count),
        )
        codec = self.codec
        fast, decode, slow = codec.fast_path(), codec.decoder.decode, codec.decode_fields
        entries: list[LogEntry] = []
        append = entries.append
        for entry_id, f in raw:
            # Log entries are written by the append script with a fixed field order:
            # release_id, revision, type, v, event_id, data.
            if len(f) == 12 and f[4] == b"type" and f[10] == b"data" and (f[5], f[7]) in fast:
                append(LogEntry(entry_id.decode(), partition, decode(f[11])))
            else:
                fields = dict(zip(f[::2], f[1::2], strict=True))
                append(LogEntry(entry_id.decode(), partition, slow(fields)))
        return entries

    async def log_length(self, partition: int) -> int:
        return int(await self.redis.xlen(self.keys.log(partition)))
