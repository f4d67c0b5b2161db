"""The outbox: delivery jobs waiting to be sent, on Redis, surviving restarts.

Three structures, under one hash tag:

- ``jobs`` (hash): delivery id → :class:`Job` (who, what, which attempt). A job exists from
  the moment it is staged until it succeeded or was dead-lettered.
- ``due`` (sorted set): delivery id → when it is next due, in epoch milliseconds. Claiming a
  job moves its score to the end of a lease instead of removing it, so a sender that dies
  mid-send leaves the job to be claimed again when the lease runs out (at-least-once; the
  delivery id, which is the ``webhook-id``, lets receivers deduplicate).
- ``payload:<…>`` (strings, with a TTL): the encoded item of one version in one language, built
  once and shared by every subscriber's job. A job whose payload has expired rebuilds it from
  the release's events.

The order of writes makes a crash harmless: the distribution service stages the jobs, then
appends ``DeliveryScheduled``, then releases the jobs (adds them to ``due``). Releasing checks
that the job still exists, so a job that already finished is never sent again; a restart
releases every delivery the state still shows as scheduled.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, Final

import msgspec
from redis.asyncio import Redis

from services._keys import Keys

__all__ = ["Job", "Outbox", "epoch_ms"]


def epoch_ms(when: dt.datetime) -> int:
    return int(when.timestamp() * 1000)


class Job(msgspec.Struct, frozen=True, kw_only=True):
    delivery_id: str
    release_id: str
    subscriber_id: str
    channel: str
    version: int
    language: str | None = None
    notice: str = "release"
    sequence: int = 0
    payload_key: str
    attempt: int = 0
    #: Attempts made before this round (a resend continues the numbering, so every attempt
    #: has its own audit event, and starts the retry schedule again).
    base_attempt: int = 0
    last_error: str | None = None
    withheld_until: dt.datetime | None = None
    not_before: dt.datetime | None = None
    translation_job_id: str | None = None
    #: The time the delivery was scheduled (for publish → delivery latency).
    scheduled_at: dt.datetime | None = None


# KEYS: jobs, due. ARGV: score, id...  Adds to due only jobs that still exist (NX: a job that
# is already due or claimed keeps its score).
_RELEASE: Final = """
local n = 0
for i = 2, #ARGV do
  if redis.call('HEXISTS', KEYS[1], ARGV[i]) == 1 then
    n = n + redis.call('ZADD', KEYS[2], 'NX', ARGV[1], ARGV[i])
  end
end
return n
"""

# KEYS: due, jobs. ARGV: now_ms, limit, lease_ms. Returns id, job, id, job, …
_CLAIM: Final = """
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[2])
local out = {}
local until_ms = tonumber(ARGV[1]) + tonumber(ARGV[3])
for _, id in ipairs(ids) do
  local job = redis.call('HGET', KEYS[2], id)
  if job then
    redis.call('ZADD', KEYS[1], until_ms, id)
    out[#out + 1] = id
    out[#out + 1] = job
  else
    redis.call('ZREM', KEYS[1], id)
  end
end
return out
"""


class Outbox:
    def __init__(self, redis: Redis, keys: Keys, payload_ttl_s: int = 30 * 86_400) -> None:
        self.redis = redis
        self.keys = keys
        self.payload_ttl_s = payload_ttl_s
        self._jobs = keys.outbox_jobs()
        self._due = keys.outbox_due()
        self._dead = f"{self._jobs}:dead"
        self._release = redis.register_script(_RELEASE)
        self._claim = redis.register_script(_CLAIM)
        self._encode = msgspec.json.Encoder().encode
        self._decode = msgspec.json.Decoder(Job).decode

    def payload_key(
        self, release_id: str, version: int, language: str | None, notice: str, extra: str = ""
    ) -> str:
        return (
            f"{self.keys.outbox_payloads()}:{release_id}:{version}:{language or '-'}:{notice}"
            + (f":{extra}" if extra else "")
        )

    async def stage(self, jobs: Sequence[Job], payloads: dict[str, bytes]) -> None:
        """Record jobs (not yet due) and their payloads; a job already staged is kept."""
        async with self.redis.pipeline(transaction=False) as pipe:
            for key, body in payloads.items():
                pipe.set(key, body, ex=self.payload_ttl_s)
            for job in jobs:
                pipe.hsetnx(self._jobs, job.delivery_id, self._encode(job))
            await pipe.execute()

    async def release(self, due: Sequence[tuple[str, dt.datetime]]) -> int:
        """Make staged jobs due at their times; returns how many became due."""
        by_time: dict[int, list[str]] = {}
        for delivery_id, when in due:
            by_time.setdefault(epoch_ms(when), []).append(delivery_id)
        released = 0
        for score, ids in by_time.items():
            released += int(await self._release(keys=[self._jobs, self._due], args=[score, *ids]))
        return released

    async def claim(self, now: dt.datetime, limit: int, lease_s: float) -> list[Job]:
        raw = await self._claim(
            keys=[self._due, self._jobs], args=[epoch_ms(now), limit, int(lease_s * 1000)]
        )
        return [self._decode(raw[i + 1]) for i in range(0, len(raw), 2)]

    async def retry(self, job: Job, at: dt.datetime) -> None:
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.hset(self._jobs, job.delivery_id, self._encode(job))
            pipe.zadd(self._due, {job.delivery_id: epoch_ms(at)})
            await pipe.execute()

    async def finish(self, delivery_ids: Sequence[str]) -> None:
        if not delivery_ids:
            return
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.hdel(self._jobs, *delivery_ids)
            pipe.zrem(self._due, *delivery_ids)
            await pipe.execute()

    async def bury(self, job: Job) -> None:
        """Dead-letter a job: off the queue, kept aside for ``resend``."""
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.hset(self._dead, job.delivery_id, self._encode(job))
            pipe.hdel(self._jobs, job.delivery_id)
            pipe.zrem(self._due, job.delivery_id)
            await pipe.execute()

    async def dead(self) -> list[Job]:
        raw = await self.redis.hvals(self._dead)
        return sorted((self._decode(v) for v in raw), key=lambda j: j.delivery_id)

    async def requeue(self, job: Job, at: dt.datetime) -> None:
        """Put a job back (a resend or replay): same delivery id, attempts start again."""
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.hset(self._jobs, job.delivery_id, self._encode(job))
            pipe.hdel(self._dead, job.delivery_id)
            pipe.zadd(self._due, {job.delivery_id: epoch_ms(at)})
            await pipe.execute()

    async def payload(self, key: str) -> bytes | None:
        raw = await self.redis.get(key)
        return raw.encode() if isinstance(raw, str) else raw

    async def job(self, delivery_id: str) -> Job | None:
        raw = await self.redis.hget(self._jobs, delivery_id)
        return None if raw is None else self._decode(raw)

    async def next_due(self) -> dt.datetime | None:
        first: Any = await self.redis.zrange(self._due, 0, 0, withscores=True)
        if not first:
            return None
        return dt.datetime.fromtimestamp(first[0][1] / 1000, dt.UTC)

    async def depth(self) -> tuple[int, int]:
        """(jobs waiting or in flight, dead-lettered jobs)."""
        async with self.redis.pipeline(transaction=False) as pipe:
            pipe.hlen(self._jobs)
            pipe.hlen(self._dead)
            jobs, dead = await pipe.execute()
        return int(jobs), int(dead)
