"""The ``distribution`` consumer group, its sender and its embargo scheduler.

- :class:`Distribution` reads the log. For every event that can change what subscribers
  should have (a release published, enriched, revised, corrected, withdrawn, embargoed, a
  translation approved) it folds the release from its own stream and reconciles: the pure
  :func:`services.distribution.planner.plan` says which deliveries are missing; they are
  staged in the outbox, recorded as ``DeliveryScheduled`` events, then made due.
- :class:`Sender` claims due jobs from the outbox and sends them (webhook or e-mail), each
  in its own task: a slow or dead subscriber holds only its own jobs (a per-subscriber limit),
  never the others. Every attempt is an event (``DeliverySucceeded``, ``DeliveryFailed`` with
  the next retry time, ``DeliveryDeadLettered``).
- :class:`EmbargoScheduler` keeps embargo times in a Redis sorted set and appends
  ``ReleasePublished`` when one is due; the publication, like any other event, wakes the
  distribution of the release to everyone.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import random
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Final, Generic, TypeVar

import msgspec
import structlog

from schemas.delivery import Lineage, NinjsItem
from schemas.events import (
    AnyEvent,
    DeliveryDeadLettered,
    DeliveryFailed,
    DeliveryScheduled,
    DeliverySucceeded,
    ReleaseCorrected,
    ReleaseEmbargoed,
    ReleaseEnriched,
    ReleaseParsed,
    ReleasePublished,
    ReleaseRevised,
    ReleaseWithdrawn,
    TranslationApproved,
    derived_event_id,
)
from schemas.state import ReleaseState, fold
from schemas.subscribers import Subscriber
from services._clock import Clock, periodically
from services._store import ANY, EventStore, LogEntry
from services.distribution.mailer import EmailDelivery
from services.distribution.outbox import Job, Outbox, epoch_ms
from services.distribution.payload import build_item
from services.distribution.planner import PRODUCER, Planned, pending, plan
from services.distribution.registry import SubscriberRegistry
from services.distribution.webhooks import Attempt, WebhookClient, sign_headers

__all__ = [
    "GROUP",
    "DeliverySettings",
    "Distribution",
    "EmbargoScheduler",
    "Sender",
    "encode_payload",
    "state_at_version",
]

GROUP: Final = "distribution"

log = structlog.get_logger(__name__)

_TRIGGERS = (
    ReleaseParsed,
    ReleaseRevised,
    ReleaseCorrected,
    ReleaseEnriched,
    ReleaseEmbargoed,
    ReleasePublished,
    ReleaseWithdrawn,
    TranslationApproved,
)

#: Standard Webhooks' schedule: after the first try, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h.
DEFAULT_SCHEDULE: Final = (5.0, 300.0, 1800.0, 7200.0, 18000.0, 36000.0, 36000.0)


class DeliverySettings(msgspec.Struct, frozen=True, kw_only=True):
    retry_schedule: tuple[float, ...] = DEFAULT_SCHEDULE
    #: Each wait is multiplied by a random factor in [1 - jitter, 1 + jitter].
    jitter: float = 0.1
    timeout_s: float = 10.0
    concurrency: int = 512
    per_subscriber: int = 16
    lease_s: float = 300.0
    poll_s: float = 0.1
    claim_batch: int = 1000


class _Payload(msgspec.Struct, frozen=True, kw_only=True):
    type: str
    data: NinjsItem
    lineage: Lineage


class _RawPayload(msgspec.Struct, frozen=True, kw_only=True):
    type: str
    data: msgspec.Raw
    lineage: msgspec.Raw


class _Body(msgspec.Struct, frozen=True, kw_only=True):
    """The webhook body: :class:`schemas.delivery.WebhookPayload`, with pre-encoded parts."""

    type: str
    timestamp: dt.datetime
    delivery_id: str
    subscriber_id: str
    sequence: int
    data: msgspec.Raw
    lineage: msgspec.Raw


_PAYLOAD_ENCODER: Final = msgspec.json.Encoder()


def _event_type(notice: str, withheld: bool, translated: bool) -> str:
    if notice == "withdrawal":
        return "release.withdrawn"
    if notice == "correction":
        return "release.corrected"
    if withheld:
        return "release.embargoed"
    return "release.translated" if translated else "release.published"


def encode_payload(state: ReleaseState, planned: Planned | Job) -> bytes:
    """The shared part of every subscriber's body for one version, language and notice."""
    translation = (
        state.translations.get(planned.translation_job_id) if planned.translation_job_id else None
    )
    item, lineage = build_item(
        state,
        notice=planned.notice,  # type: ignore[arg-type]
        version=planned.version,
        translation=translation,
        withheld_until=planned.withheld_until,
    )
    kind = _event_type(planned.notice, planned.withheld_until is not None, translation is not None)
    return _PAYLOAD_ENCODER.encode(_Payload(type=kind, data=item, lineage=lineage))


def state_at_version(events: Sequence[AnyEvent], version: int) -> ReleaseState:
    """The release as it was while ``version`` was its current content (for resends)."""
    kept: list[AnyEvent] = []
    seen = 0
    for event in events:
        if isinstance(event, ReleaseParsed | ReleaseRevised | ReleaseCorrected):
            seen += 1
            if seen > version:
                break
        kept.append(event)
    return fold(kept)


def _payload_key(outbox: Outbox, p: Planned | Job) -> str:
    extra = "withheld" if p.withheld_until else ""
    return outbox.payload_key(p.release_id, p.version, p.language, p.notice, extra)


class Distribution:
    """The log consumer: reconciles each touched release's deliveries."""

    group: Final = GROUP

    def __init__(
        self,
        store: EventStore,
        registry: SubscriberRegistry,
        outbox: Outbox,
        clock: Clock,
        *,
        sender: Sender | None = None,
        embargoes: EmbargoScheduler | None = None,
    ) -> None:
        self.store = store
        self.registry = registry
        self.outbox = outbox
        self.clock = clock
        self.sender = sender
        self.embargoes = embargoes

    async def background(self, stop: asyncio.Event) -> None:
        """The sender and the embargo scheduler, while the consumer runs."""
        tasks = [
            asyncio.create_task(runner.run(stop))
            for runner in (self.sender, self.embargoes)
            if runner is not None
        ]
        if tasks:
            await asyncio.gather(*tasks)

    async def handle(self, partition: int, entries: Sequence[LogEntry]) -> None:
        touched = list(
            dict.fromkeys(e.event.release_id for e in entries if isinstance(e.event, _TRIGGERS))
        )
        if not touched:
            return
        subscribers = list((await self.registry.refresh()).values())
        histories = await asyncio.gather(*(self.store.history(r) for r in touched))
        await asyncio.gather(
            *(self.reconcile(fold(events), subscribers) for events in histories if events)
        )

    async def reconcile(
        self, state: ReleaseState, subscribers: Sequence[Subscriber]
    ) -> list[Planned]:
        """Schedule what ``state`` still lacks; make due what a crash left staged."""
        now = self.clock.now()
        if state.status == "embargoed" and self.embargoes is not None:
            await self.embargoes.hold(state.release_id, state.embargo_until or now)
        planned = plan(state, subscribers, now)
        leftovers = [(d, now) for d in pending(state)]
        if planned:
            with structlog.contextvars.bound_contextvars(release_id=state.release_id):
                await self._schedule(state, planned, now)
        due = [(p.delivery_id, p.not_before or now) for p in planned] + leftovers
        if due and await self.outbox.release(due) and self.sender is not None:
            self.sender.wake()
        return planned

    async def _schedule(
        self, state: ReleaseState, planned: list[Planned], now: dt.datetime
    ) -> None:
        sequences = await self.registry.sequences(
            [(p.subscriber_id, p.delivery_id) for p in planned]
        )
        payloads: dict[str, bytes] = {}
        jobs: list[Job] = []
        events: list[AnyEvent] = []
        for p, sequence in zip(planned, sequences, strict=True):
            key = _payload_key(self.outbox, p)
            if key not in payloads:
                payloads[key] = encode_payload(state, p)
            jobs.append(
                Job(
                    delivery_id=p.delivery_id,
                    release_id=p.release_id,
                    subscriber_id=p.subscriber_id,
                    channel=p.channel,
                    version=p.version,
                    language=p.language,
                    notice=p.notice,
                    sequence=sequence,
                    payload_key=key,
                    withheld_until=p.withheld_until,
                    not_before=p.not_before,
                    translation_job_id=p.translation_job_id,
                    scheduled_at=now,
                )
            )
            events.append(
                DeliveryScheduled(
                    event_id=derived_event_id(p.delivery_id, PRODUCER, "scheduled"),
                    release_id=p.release_id,
                    occurred_at=now,
                    producer=PRODUCER,
                    delivery_id=p.delivery_id,
                    subscriber_id=p.subscriber_id,
                    channel=p.channel,
                    version=p.version,
                    language=p.language,
                    not_before=p.not_before,
                    notice=p.notice,
                    sequence=sequence,
                    withheld_until=p.withheld_until,
                    translation_job_id=p.translation_job_id,
                )
            )
        await self.outbox.stage(jobs, payloads)
        if self.sender is not None:
            self.sender.prime(payloads)
        result = await self.store.append(state.release_id, events, ANY)
        if not result.ok:
            raise RuntimeError(f"scheduling deliveries of {state.release_id}: {result.reason}")
        log.info(
            "distribution.scheduled",
            deliveries=len(planned),
            version=state.version,
            notices=sorted({p.notice for p in planned}),
        )


T = TypeVar("T")


class _Batcher(Generic[T]):
    """Group commit for small writes: calls made while one flush runs go out in the next."""

    def __init__(self, flush: Callable[[list[T]], Awaitable[None]]) -> None:
        self._flush_fn = flush
        self._queue: list[tuple[T, asyncio.Future[None]]] = []
        self._task: asyncio.Task[None] | None = None

    async def add(self, item: T) -> None:
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._queue.append((item, future))
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._run())
        await future

    async def _run(self) -> None:
        await asyncio.sleep(0)
        while self._queue:
            batch, self._queue = self._queue, []
            try:
                await self._flush_fn([item for item, _ in batch])
            except Exception as exc:  # noqa: BLE001 - handed to every caller of the batch
                for _, future in batch:
                    if not future.done():
                        future.set_exception(exc)
                continue
            for _, future in batch:
                if not future.done():
                    future.set_result(None)


class _Recorder:
    """Group commit for audit events: one append per release per flush, not one per event.

    While one flush is on the wire, outcomes keep arriving; the next flush appends each
    release's batch with one script call (all releases in one pipeline). A batch the store
    refuses (an event id seen before with a different payload, after a crash) is appended
    event by event, so one odd event never costs the others their record.
    """

    def __init__(self, store: EventStore) -> None:
        self.store = store
        self._pending: dict[str, list[tuple[AnyEvent, asyncio.Future[None]]]] = {}
        self._task: asyncio.Task[None] | None = None

    async def record(self, release_id: str, events: Sequence[AnyEvent]) -> None:
        loop = asyncio.get_running_loop()
        futures = []
        for event in events:
            future: asyncio.Future[None] = loop.create_future()
            self._pending.setdefault(release_id, []).append((event, future))
            futures.append(future)
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._run())
        await asyncio.gather(*futures)

    async def _run(self) -> None:
        await asyncio.sleep(0)
        while self._pending:
            batch, self._pending = self._pending, {}
            try:
                results = await self.store.append_many(
                    [(rid, [e for e, _ in items], ANY) for rid, items in batch.items()]
                )
                for (rid, items), result in zip(batch.items(), results, strict=True):
                    if not result.ok:
                        for event, _ in items:
                            single = await self.store.append(rid, [event], ANY)
                            if not single.ok:
                                log.warning(
                                    "delivery.audit_refused",
                                    release_id=rid,
                                    event_id=event.event_id,
                                    reason=single.reason,
                                )
                    for _, future in items:
                        if not future.done():
                            future.set_result(None)
            except Exception as exc:  # noqa: BLE001 - handed to every caller of the batch
                for items in batch.values():
                    for _, future in items:
                        if not future.done():
                            future.set_exception(exc)


class Sender:
    """Claims due jobs and sends them, each in its own task."""

    def __init__(
        self,
        store: EventStore,
        outbox: Outbox,
        registry: SubscriberRegistry,
        clock: Clock,
        *,
        settings: DeliverySettings | None = None,
        webhooks: WebhookClient | None = None,
        email: EmailDelivery | None = None,
    ) -> None:
        self.store = store
        self.outbox = outbox
        self.registry = registry
        self.clock = clock
        self.settings = settings or DeliverySettings()
        self.webhooks = webhooks or WebhookClient(
            timeout_s=self.settings.timeout_s, limit=self.settings.concurrency
        )
        self.email = email
        self._wake = asyncio.Event()
        self._slots = asyncio.Semaphore(self.settings.concurrency)
        self._per_subscriber: dict[str, asyncio.Semaphore] = {}
        self._in_flight: dict[str, asyncio.Task[None]] = {}
        self._payloads: dict[str, _RawPayload] = {}
        self._decode_payload = msgspec.json.Decoder(_RawPayload).decode
        self._encode_body = msgspec.json.Encoder().encode
        self._finished = _Batcher[str](self.outbox.finish)
        self._recorder = _Recorder(store)
        self._loading: dict[str, asyncio.Future[_RawPayload]] = {}
        self._random = random.Random()  # noqa: S311 - jitter, not secrets
        self._secrets: dict[str, tuple[str | None, str]] = {}

    def wake(self) -> None:
        self._wake.set()

    async def run(self, stop: asyncio.Event) -> None:
        stopping = asyncio.create_task(stop.wait())
        try:
            while not stop.is_set():
                try:
                    claimed = await self.claim_and_send()
                except asyncio.CancelledError:
                    raise
                except Exception:  # the sender must outlive a hiccup of the server
                    log.exception("sender.claim_failed")
                    claimed = 0
                if claimed:
                    continue
                self._wake.clear()
                waiter = asyncio.create_task(self._wake.wait())
                await asyncio.wait(
                    {waiter, stopping},
                    timeout=self.settings.poll_s,
                    return_when=asyncio.FIRST_COMPLETED,
                )
                waiter.cancel()
        finally:
            stopping.cancel()
            if self._in_flight:
                await asyncio.wait(list(self._in_flight.values()), timeout=10)
            await self.webhooks.close()

    async def claim_and_send(self) -> int:
        """Claim what is due now and start sending it; returns how many jobs were started."""
        room = self.settings.concurrency * 2 - len(self._in_flight)
        if room <= 0:
            await asyncio.wait(list(self._in_flight.values()), return_when=asyncio.FIRST_COMPLETED)
            return 1
        jobs = await self.outbox.claim(
            self.clock.now(), min(room, self.settings.claim_batch), self.settings.lease_s
        )
        if not jobs:
            return 0
        subscribers = await self.registry.refresh()
        # A daily digest's deliveries are due together and go out as one message.
        groups: dict[tuple[str, ...], list[Job]] = {}
        for job in jobs:
            if job.delivery_id in self._in_flight:
                continue  # re-claimed after its lease while still being sent here
            key = (
                (job.subscriber_id, "digest", str(job.not_before))
                if job.channel == "email" and job.not_before is not None
                else (job.delivery_id,)
            )
            groups.setdefault(key, []).append(job)
        for group in groups.values():
            task = asyncio.create_task(
                self._deliver(group, subscribers.get(group[0].subscriber_id))
            )
            ids = [job.delivery_id for job in group]
            for delivery_id in ids:
                self._in_flight[delivery_id] = task
            task.add_done_callback(functools.partial(self._forget, ids))
        return len(groups)

    def _forget(self, delivery_ids: list[str], _task: object = None) -> None:
        for delivery_id in delivery_ids:
            self._in_flight.pop(delivery_id, None)

    async def run_once(self) -> int:
        """Send everything due now and wait for the outcomes (tests, ``resend``)."""
        total = 0
        while True:
            started = await self.claim_and_send()
            total += started
            if self._in_flight:
                await asyncio.gather(*self._in_flight.values())
            if not started:
                return total

    async def _deliver(self, jobs: list[Job], subscriber: Subscriber | None) -> None:
        first = jobs[0]
        sem = self._per_subscriber.get(first.subscriber_id)
        if sem is None:
            sem = self._per_subscriber[first.subscriber_id] = asyncio.Semaphore(
                self.settings.per_subscriber
            )
        try:
            async with sem, self._slots:
                await self._attempt(jobs, subscriber)
        except Exception:
            log.exception("sender.delivery_crashed", delivery_id=first.delivery_id)

    async def _secret(self, subscriber: Subscriber) -> str | None:
        cached = self._secrets.get(subscriber.subscriber_id)
        if cached is not None and cached[0] == subscriber.secret_id:
            return cached[1]
        secret = await self.registry.secret(subscriber.subscriber_id)
        if secret:
            self._secrets[subscriber.subscriber_id] = (subscriber.secret_id, secret)
        return secret

    async def _attempt(self, jobs: list[Job], subscriber: Subscriber | None) -> None:
        jobs = [msgspec.structs.replace(job, attempt=job.attempt + 1) for job in jobs]
        now = self.clock.now()
        if subscriber is None or not subscriber.active:
            reason = "subscriber is disabled" if subscriber else "subscriber is unknown"
            for job in jobs:
                await self._dead(job, reason, None, now)
            return
        early = [
            job
            for job in jobs
            if job.withheld_until
            and job.withheld_until > now
            and not subscriber.spec.embargo_trusted
        ]
        for job in early:  # the planner never schedules these; a changed trust might
            await self._dead(job, "embargoed and the subscriber is not trusted", None, now)
        jobs = [job for job in jobs if job not in early]
        if not jobs:
            return
        first = jobs[0]
        result: Attempt
        if first.channel == "webhook" and subscriber.spec.webhook_url:
            payload = await self._payload(first)
            body = self._encode_body(
                _Body(
                    type=payload.type,
                    timestamp=now,
                    delivery_id=first.delivery_id,
                    subscriber_id=first.subscriber_id,
                    sequence=first.sequence,
                    data=payload.data,
                    lineage=payload.lineage,
                )
            )
            secret = await self._secret(subscriber)
            if not secret:
                await self._dead(first, "the subscriber has no webhook secret", None, now)
                return
            headers = sign_headers(self.webhooks.signer(secret), first.delivery_id, now, body)
            headers["webhook-sequence"] = str(first.sequence)
            result = await self.webhooks.post(
                subscriber.spec.webhook_url,
                body,
                headers,
                allow_private=subscriber.spec.allow_private,
                now=now,
            )
        elif first.channel == "email" and subscriber.spec.emails:
            if self.email is None:
                result = Attempt(verdict="retry", error="no SMTP server is configured")
            else:
                payloads = [await self._payload(job) for job in jobs]
                result = await self.email.deliver(
                    jobs, subscriber, [(p.data, p.lineage) for p in payloads], now
                )
        else:
            for job in jobs:
                await self._dead(job, f"no usable {job.channel} channel", None, now)
            return
        await asyncio.gather(*(self._outcome(job, result, now) for job in jobs))

    def prime(self, payloads: dict[str, bytes]) -> None:
        """Payloads just staged by this process: no round trip to read them back."""
        self._remember({key: self._decode_payload(raw) for key, raw in payloads.items()})

    def _remember(self, payloads: dict[str, _RawPayload]) -> None:
        if len(self._payloads) + len(payloads) > 4096:
            self._payloads.clear()
        self._payloads.update(payloads)

    async def _payload(self, job: Job) -> _RawPayload:
        cached = self._payloads.get(job.payload_key)
        if cached is not None:
            return cached
        loading = self._loading.get(job.payload_key)
        if loading is not None:  # another task of this batch is reading it already
            return await asyncio.shield(loading)
        future: asyncio.Future[_RawPayload] = asyncio.get_running_loop().create_future()
        self._loading[job.payload_key] = future
        try:
            payload = await self._load_payload(job)
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # retrieved: the waiters, if any, see it
            raise
        else:
            future.set_result(payload)
        finally:
            del self._loading[job.payload_key]
        return payload

    async def _load_payload(self, job: Job) -> _RawPayload:
        raw = await self.outbox.payload(job.payload_key)
        if raw is None:  # expired: rebuild it from the release's events
            events = await self.store.history(job.release_id)
            raw = encode_payload(state_at_version(events, job.version), job)
            await self.outbox.stage([], {job.payload_key: raw})
        payload = self._decode_payload(raw)
        if len(self._payloads) > 4096:
            self._payloads.clear()
        self._payloads[job.payload_key] = payload
        return payload

    def _next_wait(self, attempt_no: int, retry_after: dt.timedelta | None) -> float | None:
        schedule = self.settings.retry_schedule
        if attempt_no > len(schedule):
            return None
        jitter = self.settings.jitter
        wait = schedule[attempt_no - 1] * self._random.uniform(1 - jitter, 1 + jitter)
        if retry_after is not None:
            wait = max(wait, retry_after.total_seconds())
        return wait

    async def _outcome(self, job: Job, result: Attempt, now: dt.datetime) -> None:
        eid = derived_event_id(job.delivery_id, PRODUCER, "attempt", str(job.attempt))
        common = {
            "release_id": job.release_id,
            "occurred_at": now,
            "producer": PRODUCER,
            "delivery_id": job.delivery_id,
            "subscriber_id": job.subscriber_id,
            "channel": job.channel,
        }
        if result.verdict == "delivered":
            await self._recorder.record(
                job.release_id,
                [
                    DeliverySucceeded(
                        event_id=eid,
                        attempt=job.attempt,
                        status_code=result.status_code,
                        latency_ms=result.latency_ms,
                        **common,  # type: ignore[arg-type]
                    )
                ],
            )
            await self._finished.add(job.delivery_id)
            return
        wait = (
            self._next_wait(job.attempt - job.base_attempt, result.retry_after)
            if result.verdict == "retry"
            else None
        )
        retry_at = now + dt.timedelta(seconds=wait) if wait is not None else None
        failed = DeliveryFailed(
            event_id=eid,
            attempt=job.attempt,
            error=result.error or result.verdict,
            status_code=result.status_code,
            latency_ms=result.latency_ms,
            retry_at=retry_at,
            **common,  # type: ignore[arg-type]
        )
        log.warning(
            "delivery.failed",
            delivery_id=job.delivery_id,
            subscriber_id=job.subscriber_id,
            attempt=job.attempt,
            error=failed.error,
            retry_at=retry_at.isoformat() if retry_at else None,
        )
        if retry_at is not None:
            await self._recorder.record(job.release_id, [failed])
            await self.outbox.retry(msgspec.structs.replace(job, last_error=failed.error), retry_at)
            self.wake()
            return
        if result.verdict == "gone":
            await self.registry.disable(
                job.subscriber_id,
                f"webhook endpoint answered 410 Gone (delivery {job.delivery_id})",
                actor="distribution",
            )
        await self._dead(job, failed.error, failed, now)

    async def _dead(
        self, job: Job, error: str, failed: DeliveryFailed | None, now: dt.datetime
    ) -> None:
        events: list[AnyEvent] = [] if failed is None else [failed]
        events.append(
            DeliveryDeadLettered(
                event_id=derived_event_id(job.delivery_id, PRODUCER, "dead", str(job.attempt)),
                release_id=job.release_id,
                occurred_at=now,
                producer=PRODUCER,
                delivery_id=job.delivery_id,
                subscriber_id=job.subscriber_id,
                channel=job.channel,
                attempts=job.attempt,
                error=error,
            )
        )
        await self._recorder.record(job.release_id, events)
        await self.outbox.bury(msgspec.structs.replace(job, last_error=error))
        log.error(
            "delivery.dead_lettered",
            delivery_id=job.delivery_id,
            subscriber_id=job.subscriber_id,
            release_id=job.release_id,
            attempts=job.attempt,
            error=error,
        )


class EmbargoScheduler:
    """Publishes embargoed releases when their time comes; the schedule lives on Redis."""

    def __init__(self, store: EventStore, clock: Clock, poll_s: float = 0.5) -> None:
        self.store = store
        self.redis = store.redis
        self.clock = clock
        self.key = store.keys.embargoes()
        self.poll_s = poll_s

    async def hold(self, release_id: str, until: dt.datetime) -> None:
        await self.redis.zadd(self.key, {release_id: epoch_ms(until)})

    async def scheduled(self) -> list[tuple[str, dt.datetime]]:
        rows: Any = await self.redis.zrange(self.key, 0, -1, withscores=True)
        return [
            (member.decode(), dt.datetime.fromtimestamp(score / 1000, dt.UTC))
            for member, score in rows
        ]

    async def tick(self) -> list[str]:
        """Publish every release whose embargo is due; returns their ids."""
        now = self.clock.now()
        due = await self.redis.zrangebyscore(self.key, "-inf", epoch_ms(now))
        published: list[str] = []
        for raw in due:
            release_id = raw.decode() if isinstance(raw, bytes) else str(raw)
            events = await self.store.history(release_id)
            state = fold(events) if events else None
            if state is None or state.status != "embargoed":
                await self.redis.zrem(self.key, release_id)
                continue
            until = state.embargo_until
            if until is not None and until > now:  # moved later by a revision
                await self.hold(release_id, until)
                continue
            lifted = ReleasePublished(
                event_id=derived_event_id(
                    release_id, PRODUCER, "embargo-lifted", until.isoformat() if until else "-"
                ),
                release_id=release_id,
                occurred_at=now,
                producer=PRODUCER,
                published_at=now,
                causation_id=events[-1].event_id,
            )
            result = await self.store.append(release_id, [lifted], ANY)
            if result.ok:
                await self.redis.zrem(self.key, release_id)
                published.append(release_id)
                log.info("embargo.lifted", release_id=release_id, until=str(until))
        return published

    async def run(self, stop: asyncio.Event) -> None:
        await periodically(self.tick, self.poll_s, stop, log=log, failed="embargo.tick_failed")
