"""The translation queue: a projection of the jobs in the releases' events, by language.

Derived, never authoritative: every row comes from folding a release's events, and
:meth:`QueueProjection.rebuild` writes it all again from the log. Decisions (claims,
submissions, reviews) are made on the release's own events (``workflow.py``); the queue only
says where to look and in which order.

Keys (one hash tag, ``{tr}``, so each script touches one slot):

- ``jobs``: hash, job id → :class:`JobRow` (JSON), every job of every release;
- ``queue:<language>``: sorted set, the free jobs of a language by
  :func:`~services.translation.jobs.queue_score` (due first, then relevance, then age);
- ``leases``: sorted set, claimed job → lease end (or the end of a short hold while a
  ``claim --next`` decides, :meth:`QueueProjection.reserve`); :meth:`QueueProjection.expire`
  moves the lapsed ones back to their queue;
- ``revisions``: hash, release id → the revision last written, so writes that arrive out of
  order (the consumer and a command writing the same release) never go back in time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Final, cast

import msgspec
from redis.asyncio import Redis

from schemas.events import (
    TranslationApproved,
    TranslationCancelled,
    TranslationChangesRequested,
    TranslationClaimed,
    TranslationRequested,
    TranslationStale,
    TranslationSubmitted,
)
from schemas.state import ReleaseState, TranslationJob, fold
from services._keys import Keys
from services._store import EventStore, as_text
from services.translation.jobs import is_free, lease_lapsed, queue_score

__all__ = ["TRANSLATION_EVENTS", "JobRow", "QueueProjection"]

TRANSLATION_EVENTS: Final = (
    TranslationRequested,
    TranslationClaimed,
    TranslationSubmitted,
    TranslationApproved,
    TranslationChangesRequested,
    TranslationStale,
    TranslationCancelled,
)

_PROJECT: Final = """
local jobs, revisions, leases, languages = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local release, revision, n = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
if tonumber(redis.call('HGET', revisions, release) or '-1') >= revision then
  return 0
end
redis.call('HSET', revisions, release, revision)
for i = 0, n - 1 do
  local b = 4 + i * 5
  local job, row, language, queued, lease = ARGV[b], ARGV[b + 1], ARGV[b + 2], ARGV[b + 3],
    ARGV[b + 4]
  local queue = KEYS[5 + i]
  redis.call('HSET', jobs, job, row)
  redis.call('SADD', languages, language)
  if queued ~= '' then
    redis.call('ZADD', queue, queued, job)
  else
    redis.call('ZREM', queue, job)
  end
  if lease ~= '' then
    redis.call('ZADD', leases, lease, job)
  else
    redis.call('ZREM', leases, job)
  end
end
return 1
"""

# A lease lapses only if it is still the one that was read: a renewal or a new claim that
# landed meanwhile moved its score later, and wins.
_EXPIRE: Final = """
local leases, queue = KEYS[1], KEYS[2]
local job, now, score = ARGV[1], tonumber(ARGV[2]), ARGV[3]
local ends = redis.call('ZSCORE', leases, job)
if not ends or tonumber(ends) > now then
  return 0
end
redis.call('ZREM', leases, job)
redis.call('ZADD', queue, score, job)
return 1
"""


# Hand out the head of a language's queue to one caller: it moves to the leases with a short
# hold, so concurrent ``claim --next`` callers get different jobs instead of all racing for the
# first one. The claim itself is still decided on the release's events; a hold that never
# became a claim (a crash) lapses and ``expire`` puts the job back.
_RESERVE: Final = """
local queue, leases = KEYS[1], KEYS[2]
local popped = redis.call('ZPOPMIN', queue)
if #popped == 0 then
  return false
end
redis.call('ZADD', leases, ARGV[1], popped[1])
return popped[1]
"""


class JobRow(msgspec.Struct, frozen=True, kw_only=True):
    """One job as the queue shows it (``status`` is the folded one; see ``effective``)."""

    job_id: str
    release_id: str
    language: str
    source_revision: int
    status: str
    priority: int = 0
    due_at: dt.datetime | None = None
    requested_at: dt.datetime | None = None
    translator: str | None = None
    lease_until: dt.datetime | None = None
    approved_at: dt.datetime | None = None
    machine: bool = False
    reviewer: str | None = None
    reason: str | None = None
    title: str = ""
    score: float = 0.0
    #: The release revision this row was folded at.
    revision: int = 0

    def job(self) -> TranslationJob:
        """The row as a job, for the pure rules of ``jobs.py``."""
        return TranslationJob(
            job_id=self.job_id,
            language=self.language,
            source_revision=self.source_revision,
            status=self.status,
            priority=self.priority,
            due_at=self.due_at,
            requested_at=self.requested_at,
            translator=self.translator,
            lease_until=self.lease_until,
            machine=self.machine,
            reviewer=self.reviewer,
            reason=self.reason,
            approved_at=self.approved_at,
        )


def _row(state: ReleaseState, job: TranslationJob) -> JobRow:
    return JobRow(
        job_id=job.job_id,
        release_id=state.release_id,
        language=job.language,
        source_revision=job.source_revision,
        status=job.status,
        priority=job.priority,
        due_at=job.due_at,
        requested_at=job.requested_at,
        translator=job.translator,
        lease_until=job.lease_until,
        approved_at=job.approved_at,
        machine=job.machine,
        reviewer=job.reviewer,
        reason=job.reason,
        title=state.content.title if state.content else "",
        score=queue_score(job),
        revision=state.revision,
    )


class QueueProjection:
    """Reads and writes the queue keys; built from the bus's client and keys."""

    def __init__(self, redis: Redis, keys: Keys) -> None:
        self.redis = redis
        self.keys = keys
        self._project = redis.register_script(_PROJECT)
        self._expire = redis.register_script(_EXPIRE)
        self._reserve = redis.register_script(_RESERVE)
        self._encode = msgspec.json.Encoder().encode
        self._decode = msgspec.json.Decoder(JobRow).decode

    async def project(self, state: ReleaseState, now: dt.datetime) -> bool:
        """Write the rows of a release's jobs as of ``state``; False if a newer write won."""
        if not state.translations:
            return False
        keys = [
            self.keys.translation_jobs(),
            self.keys.translation_revisions(),
            self.keys.translation_leases(),
            self.keys.translation_languages(),
        ]
        args: list[str | bytes | int | float] = [
            state.release_id,
            state.revision,
            len(state.translations),
        ]
        for job in state.translations.values():
            row = _row(state, job)
            live_lease = job.status == "claimed" and not lease_lapsed(job, now)
            args += [
                job.job_id,
                self._encode(row),
                job.language,
                repr(row.score) if is_free(job, now) else "",
                repr(job.lease_until.timestamp()) if live_lease and job.lease_until else "",
            ]
            keys.append(self.keys.translation_queue(job.language))
        return bool(await self._project(keys=keys, args=args))

    async def row(self, job_id: str) -> JobRow | None:
        raw = await self.redis.hget(self.keys.translation_jobs(), job_id)
        return None if raw is None else self._decode(raw)

    async def rows(self) -> list[JobRow]:
        raw = await self.redis.hgetall(self.keys.translation_jobs())
        return [self._decode(value) for value in raw.values()]

    async def languages(self) -> list[str]:
        found: set[bytes | str] = await self.redis.smembers(self.keys.translation_languages())
        return sorted(as_text(language) for language in found)

    async def expire(self, now: dt.datetime) -> list[str]:
        """Return the jobs whose lease has lapsed to their queue; their ids."""
        lapsed = cast(
            "list[bytes]",
            await self.redis.zrangebyscore(self.keys.translation_leases(), "-inf", now.timestamp()),
        )
        freed: list[str] = []
        for raw in lapsed:
            job_id = as_text(raw)
            row = await self.row(job_id)
            if row is None:
                await self.redis.zrem(self.keys.translation_leases(), job_id)
                continue
            moved = await self._expire(
                keys=[self.keys.translation_leases(), self.keys.translation_queue(row.language)],
                args=[job_id, now.timestamp(), repr(row.score)],
            )
            if int(moved):
                freed.append(job_id)
        return freed

    async def free(self, language: str, limit: int = 20) -> list[str]:
        """The first ``limit`` free jobs of a language, in queue order."""
        found = cast(
            "list[bytes]",
            await self.redis.zrange(self.keys.translation_queue(language), 0, limit - 1),
        )
        return [as_text(job_id) for job_id in found]

    async def reserve(self, language: str, until: dt.datetime) -> str | None:
        """Take the head of a language's queue, held until ``until`` (see ``_RESERVE``)."""
        found = await self._reserve(
            keys=[self.keys.translation_queue(language), self.keys.translation_leases()],
            args=[until.timestamp()],
        )
        return None if found is None else as_text(found)

    async def clear(self) -> None:
        languages = await self.languages()
        await self.redis.delete(
            self.keys.translation_jobs(),
            self.keys.translation_revisions(),
            self.keys.translation_leases(),
            self.keys.translation_languages(),
            *(self.keys.translation_queue(language) for language in languages),
        )

    async def rebuild(self, store: EventStore, now: dt.datetime, page: int = 1000) -> int:
        """Write the whole projection again from the log; returns how many releases it holds.

        The queue is cleared first: commands keep working meanwhile (they decide on the
        releases' events), only listings are incomplete until it finishes.
        """
        releases: dict[str, None] = {}
        for partition in range(self.keys.partitions):
            after = "0-0"
            while True:
                entries = await store.read_log(partition, after, page)
                releases.update(
                    (e.event.release_id, None)
                    for e in entries
                    if isinstance(e.event, TRANSLATION_EVENTS)
                )
                if len(entries) < page:
                    break
                after = entries[-1].entry_id
        await self.clear()
        for release_id in releases:
            await self.project_release(store, release_id, now)
        return len(releases)

    async def project_release(self, store: EventStore, release_id: str, now: dt.datetime) -> None:
        events = await store.history(release_id)
        if events:
            await self.project(fold(events), now)

    @staticmethod
    def ordered(rows: Sequence[JobRow]) -> list[JobRow]:
        """Rows by language, then queue order (open jobs by score, then the rest by age)."""
        return sorted(
            rows,
            key=lambda r: (
                r.language,
                r.status not in ("requested", "claimed", "changes_requested", "submitted"),
                r.score,
                r.requested_at or dt.datetime.min.replace(tzinfo=dt.UTC),
            ),
        )
