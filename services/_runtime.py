"""Wiring and running the bus: settings, bootstrap, FastStream consumers, reclaimer, dead letters.

``open_bus`` is the one place that builds everything (STYLE: wire once): the Redis client (the
embedded Valkey server when no ``REDIS_URL`` is set), keys, codec, clock, event store,
projection and the consumers. Tests pass their own clock or settings here, nothing else.

Consuming (see DESIGN.md, "pitfalls measured on faststream 0.7.8"):

* every group is created at ``0`` before FastStream starts, so no group skips history;
* subscribers are FastStream batch stream subscribers with ``max_records`` set and a manual
  ack: the runtime acknowledges exactly the entries a handler did not fail on, in one XACK;
* a handler that raises leaves entries pending. The reclaimer (XAUTOCLAIM on entries idle
  longer than ``reclaim_idle_ms``) hands them to the handler again, one by one so one poison
  entry cannot hold back its batch, and after ``max_deliveries`` moves them to the group's
  dead-letter stream (XADD dead letter + XACK in one MULTI), with the last error and the count.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import msgspec
import structlog
from redis.asyncio import BlockingConnectionPool, Redis
from redis.exceptions import ResponseError

from schemas.upcasting import EventCodec
from services._clock import Clock, SystemClock
from services._embedded import EmbeddedServer, default_data_dir, ensure_server
from services._keys import Keys
from services._logging import configure_logging
from services._store import EventStore, LogEntry, RawEntry, as_text, xrange
from services.distribution.mailer import EmailDelivery
from services.distribution.outbox import Outbox
from services.distribution.registry import SubscriberRegistry
from services.distribution.service import (
    DEFAULT_SCHEDULE,
    DeliverySettings,
    Distribution,
    EmbargoScheduler,
    Sender,
)
from services.enrichment.consumer import Enrichment
from services.ingestion.consumer import Ingestion
from services.projector import Projection, Projector
from services.translation.engine import libretranslate
from services.translation.service import TranslationQueue

__all__ = [
    "Bus",
    "Consumer",
    "DeadLetter",
    "GroupStatus",
    "LogConsumer",
    "LogService",
    "Settings",
    "connect",
    "open_bus",
]

if TYPE_CHECKING:
    from faststream.message import StreamMessage
    from faststream.redis import RedisBroker

log = structlog.get_logger(__name__)


class Settings(msgspec.Struct, kw_only=True):
    """Everything configurable, from the environment (``from_env``) and CLI flags."""

    redis_url: str | None = None
    namespace: str = "rb"
    partitions: int = 1
    data_dir: str | None = None
    batch_size: int = 500
    block_ms: int = 200
    reclaim_idle_ms: int = 60_000
    reclaim_every_s: float = 5.0
    max_deliveries: int = 5
    consumer: str = ""
    log_format: str = "auto"
    log_level: str = "INFO"
    #: Webhook retry waits after the first try, e.g. "5s,5m,30m,2h" (empty: Standard Webhooks').
    retry_schedule: str = ""
    webhook_timeout_s: float = 10.0
    delivery_concurrency: int = 512
    delivery_lease_s: float = 300.0
    #: Where ``releasebus up`` serves the HTTP API and the operator console.
    api_host: str = "127.0.0.1"
    api_port: int = 8080
    #: Feeds (``/feeds/…``) answer without an API key; false: a reader key is needed.
    public_feeds: bool = True
    #: A LibreTranslate-compatible server for machine drafts (unset: no drafts). Operator
    #: configuration: private addresses are allowed.
    translate_url: str | None = None
    translate_key: str | None = None
    translate_timeout_s: float = 60.0
    #: How long a translator's claim holds a job.
    translation_lease_s: float = 4 * 3600.0

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, **overrides: Any) -> Settings:
        """Settings from environment variables, then non-None ``overrides`` (CLI flags)."""
        source = os.environ if env is None else env
        raw: dict[str, Any] = {
            field: source[var] for field, var in _ENV_VARS.items() if source.get(var)
        }
        raw.update({k: v for k, v in overrides.items() if v is not None})
        settings = msgspec.convert(raw, cls, strict=False)
        if not settings.consumer:
            settings.consumer = f"{socket.gethostname()}-{os.getpid()}"
        if settings.partitions < 1 or settings.batch_size < 1 or settings.max_deliveries < 1:
            raise ValueError("partitions, batch_size and max_deliveries must be at least 1")
        return settings

    @property
    def data_path(self) -> Path:
        return Path(self.data_dir) if self.data_dir else default_data_dir()


#: Environment variable of each setting.
_ENV_VARS = {
    "redis_url": "REDIS_URL",
    "namespace": "RELEASEBUS_NAMESPACE",
    "partitions": "RELEASEBUS_PARTITIONS",
    "data_dir": "RELEASEBUS_DATA_DIR",
    "batch_size": "RELEASEBUS_BATCH_SIZE",
    "block_ms": "RELEASEBUS_BLOCK_MS",
    "reclaim_idle_ms": "RELEASEBUS_RECLAIM_IDLE_MS",
    "reclaim_every_s": "RELEASEBUS_RECLAIM_EVERY_S",
    "max_deliveries": "RELEASEBUS_MAX_DELIVERIES",
    "consumer": "RELEASEBUS_CONSUMER",
    "log_format": "RELEASEBUS_LOG_FORMAT",
    "log_level": "RELEASEBUS_LOG_LEVEL",
    "retry_schedule": "RELEASEBUS_RETRY_SCHEDULE",
    "webhook_timeout_s": "RELEASEBUS_WEBHOOK_TIMEOUT_S",
    "delivery_concurrency": "RELEASEBUS_DELIVERY_CONCURRENCY",
    "delivery_lease_s": "RELEASEBUS_DELIVERY_LEASE_S",
    "api_host": "RELEASEBUS_API_HOST",
    "api_port": "RELEASEBUS_API_PORT",
    "public_feeds": "RELEASEBUS_PUBLIC_FEEDS",
    "translate_url": "RELEASEBUS_TRANSLATE_URL",
    "translate_key": "RELEASEBUS_TRANSLATE_KEY",
    "translate_timeout_s": "RELEASEBUS_TRANSLATE_TIMEOUT_S",
    "translation_lease_s": "RELEASEBUS_TRANSLATION_LEASE_S",
}


_UNITS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}


def parse_durations(text: str) -> tuple[float, ...]:
    """``"5s,5m,30m,2h"`` → seconds; a bare number is seconds. Errors name the bad part."""
    waits: list[float] = []
    for part in (p.strip() for p in text.split(",") if p.strip()):
        number, unit = part, "s"
        for suffix in ("ms", "s", "m", "h", "d"):
            if part.endswith(suffix):
                number, unit = part[: -len(suffix)], suffix
                break
        try:
            value = float(number) * _UNITS[unit]
        except ValueError:
            raise ValueError(
                f"retry schedule: {part!r} is not a duration like 5s, 5m or 2h"
            ) from None
        if value < 0:
            raise ValueError(f"retry schedule: {part!r} is negative")
        waits.append(value)
    return tuple(waits)


class Consumer(Protocol):
    """A consumer group: the streams it reads and a handler for raw entries.

    ``handle`` returns the entries it failed on (entry id → error); the runtime acks the rest.
    """

    @property
    def group(self) -> str: ...

    def streams(self) -> list[str]: ...

    async def handle(self, stream: str, entries: Sequence[RawEntry]) -> dict[bytes, str]: ...


class LogService(Protocol):
    """A service on the global log: handles decoded entries of one partition."""

    @property
    def group(self) -> str: ...

    async def handle(self, partition: int, entries: Sequence[LogEntry]) -> None: ...


class LogConsumer:
    """Adapts a :class:`LogService` to :class:`Consumer`: decodes entries, isolates failures."""

    def __init__(self, service: LogService, store: EventStore) -> None:
        self.service = service
        self.group = service.group
        self.store = store

    def streams(self) -> list[str]:
        return self.store.keys.logs()

    async def handle(self, stream: str, entries: Sequence[RawEntry]) -> dict[bytes, str]:
        partition = self.store.keys.partition_of_log(stream)
        failures: dict[bytes, str] = {}
        decoded: list[LogEntry] = []
        try:
            decoded = self.store.decode_log_entries(partition, entries)
        except Exception:  # noqa: BLE001 - a malformed entry: decode one by one to find it
            for entry in entries:
                try:
                    decoded.extend(self.store.decode_log_entries(partition, [entry]))
                except Exception as exc:  # noqa: BLE001 - recorded, dead-lettered after N tries
                    failures[entry[0]] = f"undecodable entry: {exc}"
        try:
            await self.service.handle(partition, decoded)
        except Exception as exc:  # noqa: BLE001 - a handler failure is recorded, never fatal
            if len(decoded) == 1:
                self._failed(decoded[0], exc, failures)
            else:
                # Retry one by one, so only the entry that really fails stays pending.
                for item in decoded:
                    try:
                        await self.service.handle(partition, [item])
                    except Exception as item_exc:  # noqa: BLE001 - recorded per entry
                        self._failed(item, item_exc, failures)
        return failures

    def _failed(self, item: LogEntry, exc: Exception, failures: dict[bytes, str]) -> None:
        failures[item.entry_id.encode()] = f"{type(exc).__name__}: {exc}"
        log.warning(
            "consumer.entry_failed",
            group=self.group,
            release_id=item.event.release_id,
            event_id=item.event.event_id,
            error=str(exc),
            exc_info=exc,
        )


class GroupStatus(msgspec.Struct, frozen=True):
    stream: str
    group: str
    lag: int | None
    pending: int
    oldest_pending_idle_ms: int | None
    consumers: int
    live_consumers: int
    dead_letters: int
    last_delivered_id: str


class DeadLetter(msgspec.Struct, frozen=True):
    dead_stream: str
    id: str
    stream: str
    group: str
    entry_id: str
    deliveries: int
    error: str
    dead_at: str
    fields: dict[str, str]


class Bus:
    """The wired bus. Build it with :func:`open_bus`."""

    def __init__(
        self,
        settings: Settings,
        redis: Redis,
        clock: Clock,
        url: str,
        server: EmbeddedServer | None = None,
    ) -> None:
        self.settings = settings
        self.url = url
        self.redis = redis
        self.clock = clock
        self.server = server
        self.keys = Keys(settings.namespace, settings.partitions)
        self.codec = EventCodec()
        self.store = EventStore(redis, self.keys, self.codec, clock)
        self.projection = Projection(redis, self.keys, self.store)
        self.registry = SubscriberRegistry(redis, self.keys, clock)
        self.outbox = Outbox(redis, self.keys)
        self.embargoes = EmbargoScheduler(self.store, clock)
        self.sender = Sender(
            self.store,
            self.outbox,
            self.registry,
            clock,
            settings=self.delivery_settings(),
            email=EmailDelivery.from_env(),
        )
        self.distribution = Distribution(
            self.store,
            self.registry,
            self.outbox,
            clock,
            sender=self.sender,
            embargoes=self.embargoes,
        )
        self.consumers: list[Consumer] = [
            Ingestion(self.store, clock),
            LogConsumer(Enrichment(self.store, clock), self.store),
            LogConsumer(
                TranslationQueue(
                    self.store,
                    self.registry,
                    clock,
                    lease_s=settings.translation_lease_s,
                    engine=libretranslate(
                        settings.translate_url, settings.translate_key, settings.translate_timeout_s
                    ),
                ),
                self.store,
            ),
            LogConsumer(self.distribution, self.store),
            LogConsumer(Projector(self.projection), self.store),
        ]

    def delivery_settings(self) -> DeliverySettings:
        settings = self.settings
        schedule = parse_durations(settings.retry_schedule) if settings.retry_schedule else None
        return DeliverySettings(
            retry_schedule=schedule if schedule is not None else DEFAULT_SCHEDULE,
            timeout_s=settings.webhook_timeout_s,
            concurrency=settings.delivery_concurrency,
            lease_s=settings.delivery_lease_s,
        )

    def consumer(self, group: str) -> Consumer:
        for consumer in self.consumers:
            if consumer.group == group:
                return consumer
        raise KeyError(f"no consumer group {group!r} in this process")

    # --- groups --------------------------------------------------------------------------
    async def check_partitions(self) -> None:
        """Every process of a namespace must agree on the partition count; the first sets it."""
        key = self.keys.config()
        await self.redis.hsetnx(key, "partitions", self.settings.partitions)
        stored = int(await self.redis.hget(key, "partitions") or self.settings.partitions)
        if stored != self.settings.partitions:
            raise RuntimeError(
                f"namespace {self.keys.namespace!r} was created with {stored} partitions, "
                f"this process has {self.settings.partitions}: set RELEASEBUS_PARTITIONS={stored}"
            )

    async def ensure_groups(self) -> None:
        """Create every consumer group at ``0`` (never at ``$``, which would skip history)."""
        for consumer in self.consumers:
            for stream in consumer.streams():
                try:
                    await self.redis.xgroup_create(stream, consumer.group, id="0", mkstream=True)
                    log.info("group.created", stream=stream, group=consumer.group)
                except ResponseError as exc:
                    if "BUSYGROUP" not in str(exc):
                        raise

    # --- handling and acknowledging --------------------------------------------------------
    async def process(
        self,
        consumer: Consumer,
        stream: str,
        entries: Sequence[RawEntry],
        *,
        retry: bool = False,
    ) -> dict[bytes, str]:
        """Hand entries to a consumer; ack the ones it did not fail on, record the failures.

        ``retry`` (the reclaimer's pass) also clears the recorded errors of entries that now
        succeeded; first deliveries have none, and skip that write.
        """
        with structlog.contextvars.bound_contextvars(service=consumer.group):
            try:
                failures = await consumer.handle(stream, entries)
            except Exception as exc:
                log.exception("consumer.batch_failed", stream=stream, entries=len(entries))
                failures = {entry_id: f"{type(exc).__name__}: {exc}" for entry_id, _ in entries}
        done = [entry_id for entry_id, _ in entries if entry_id not in failures]
        async with self.redis.pipeline(transaction=False) as pipe:
            if done:
                pipe.xack(stream, consumer.group, *done)
            if failures:
                pipe.hset(self.keys.failures(stream, consumer.group), mapping=failures)  # type: ignore[arg-type]
            if done and retry:
                pipe.hdel(self.keys.failures(stream, consumer.group), *done)
            await pipe.execute()
        return failures

    async def reclaim(self, consumer: Consumer, stream: str) -> tuple[int, int]:
        """One reclaim pass over a group's idle pending entries: (handled again, dead-lettered)."""
        group, me = consumer.group, self.settings.consumer
        retried = dead = 0
        start: str | bytes = "0-0"
        while True:
            next_id, claimed, *_ = await self.redis.xautoclaim(
                stream,
                group,
                me,
                self.settings.reclaim_idle_ms,
                start,
                count=self.settings.batch_size,
            )
            if claimed:
                counts = await self._delivery_counts(
                    stream, group, [entry_id for entry_id, _ in claimed]
                )
                for entry in claimed:
                    entry_id, fields = entry
                    if fields is None:  # deleted from the stream while pending: nothing to do
                        await self.redis.xack(stream, group, entry_id)
                        continue
                    # XAUTOCLAIM counted this claim as a delivery: the handler has seen the
                    # entry one time fewer than the count says.
                    handled = counts.get(entry_id, 1) - 1
                    if handled >= self.settings.max_deliveries:
                        await self._dead_letter(stream, group, entry_id, fields, handled)
                        dead += 1
                    else:
                        await self.process(consumer, stream, [entry], retry=True)
                        retried += 1
            if next_id in (b"0-0", "0-0"):
                return retried, dead
            start = next_id

    async def _delivery_counts(self, stream: str, group: str, ids: list[bytes]) -> dict[bytes, int]:
        rows = await self.redis.xpending_range(
            stream,
            group,
            min=ids[0],
            max=ids[-1],
            count=len(ids) * 4 + 100,
            consumername=self.settings.consumer,
        )
        wanted = set(ids)
        return {
            row["message_id"]: int(row["times_delivered"])
            for row in rows
            if row["message_id"] in wanted
        }

    async def _dead_letter(
        self, stream: str, group: str, entry_id: bytes, fields: dict[bytes, bytes], deliveries: int
    ) -> None:
        failures_key = self.keys.failures(stream, group)
        error = await self.redis.hget(failures_key, entry_id)
        record = {
            "stream": stream,
            "group": group,
            "entry_id": entry_id.decode(),
            "deliveries": deliveries,
            "error": as_text(error or b"unknown error"),
            "dead_at": self.clock.now().isoformat(),
            "fields": msgspec.json.encode(
                {k.decode(): v.decode(errors="replace") for k, v in fields.items()}
            ),
        }
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.xadd(self.keys.dead_letters(stream, group), record)  # type: ignore[arg-type]
            pipe.xack(stream, group, entry_id)
            pipe.hdel(failures_key, entry_id)
            await pipe.execute()
        log.error(
            "consumer.dead_lettered",
            stream=stream,
            group=group,
            entry_id=entry_id.decode(),
            deliveries=deliveries,
            error=record["error"],
        )

    async def trim_work_stream(self, stream: str) -> int:
        """Trim a work stream (never the log) below what every group has finished with.

        Safe: an entry goes only once every group has read it and none holds it pending.
        Returns how many entries were removed.
        """
        groups = await self.redis.xinfo_groups(stream)
        if not groups:
            return 0
        floor: list[tuple[int, int]] = []
        for info in groups:
            floor.append(_entry_id(as_text(info["last-delivered-id"])))
            if int(info["pending"]):
                summary = await self.redis.xpending(stream, as_text(info["name"]))
                if summary["min"] is not None:  # acked since XINFO looked: nothing pending
                    floor.append(_entry_id(as_text(summary["min"])))
        ms, seq = min(floor)
        if (ms, seq) == (0, 0):
            return 0
        # MINID keeps entries at or above the id: the last delivered one stays, harmlessly.
        return int(await self.redis.xtrim(stream, minid=f"{ms}-{seq}", approximate=False))

    # --- running ---------------------------------------------------------------------------
    def build_broker(self) -> RedisBroker:
        """A FastStream broker with one batch subscriber per (group, stream)."""
        # Imported here: FastStream takes half a second to import, and only the commands
        # that consume need it (the operator CLI stays quick).
        from fast_depends.msgspec import MsgSpecSerializer  # noqa: PLC0415
        from faststream import AckPolicy  # noqa: PLC0415
        from faststream.message import StreamMessage  # noqa: PLC0415
        from faststream.redis import RedisBroker, StreamSub  # noqa: PLC0415

        async def keep_raw(raw: Any) -> StreamMessage[Any]:
            # FastStream's own parser would JSON-encode every entry's field dict to re-decode
            # it; the bus decodes the entries itself, once, with msgspec.
            return StreamMessage(raw_message=raw, body=b"")

        broker = RedisBroker(
            self.url,
            serializer=MsgSpecSerializer(),
            logger=logging.getLogger("releasebus.faststream"),  # through structlog, like ours
            log_level=logging.DEBUG,  # per-batch chatter stays below the root level
            graceful_timeout=10.0,
        )
        for consumer in self.consumers:
            for stream in consumer.streams():
                subscriber = broker.subscriber(
                    stream=StreamSub(
                        stream,
                        group=consumer.group,
                        consumer=self.settings.consumer,
                        batch=True,
                        max_records=self.settings.batch_size,
                        polling_interval=self.settings.block_ms,
                    ),
                    parser=keep_raw,
                    decoder=_raw_entries,
                    ack_policy=AckPolicy.MANUAL,
                )
                subscriber(self._handler(consumer, stream))
        return broker

    def _handler(self, consumer: Consumer, stream: str) -> Any:
        async def handle(entries: Any) -> None:
            await self.process(consumer, stream, entries)

        handle.__name__ = f"{consumer.group}_{stream.replace(':', '_')}"
        return handle

    async def _reclaim_forever(self, consumer: Consumer, stream: str, stop: asyncio.Event) -> None:
        work_stream = stream == self.keys.inbound()  # the log is never trimmed
        # Stops on ``stop``, not only on cancellation: on Python 3.11 redis-py's internal
        # wait_for can swallow a cancel (CPython gh-86296), and shutdown would hang.
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=self.settings.reclaim_every_s)
            if stop.is_set():
                return
            try:
                retried, dead = await self.reclaim(consumer, stream)
                if retried or dead:
                    log.info(
                        "reclaimer.pass",
                        group=consumer.group,
                        stream=stream,
                        retried=retried,
                        dead=dead,
                    )
                if work_stream:
                    trimmed = await self.trim_work_stream(stream)
                    if trimmed:
                        log.info("work_stream.trimmed", stream=stream, entries=trimmed)
            except asyncio.CancelledError:
                raise
            except Exception:  # the reclaimer must outlive a hiccup of the server
                log.exception("reclaimer.failed", group=consumer.group, stream=stream)

    async def run(self, stop: asyncio.Event) -> None:
        """Run every consumer until ``stop`` is set; then stop gracefully."""
        await self.check_partitions()
        await self.ensure_groups()
        broker = self.build_broker()
        await broker.start()
        reclaimers = [
            asyncio.create_task(self._reclaim_forever(c, s, stop), name=f"reclaim:{c.group}:{s}")
            for c in self.consumers
            for s in c.streams()
        ]
        # Work a group does beside reading its streams (distribution: sender, embargoes).
        background = [
            asyncio.create_task(runner(stop), name=f"background:{c.group}")
            for c in self.consumers
            if (runner := getattr(getattr(c, "service", c), "background", None)) is not None
        ]
        log.info(
            "bus.started",
            groups=[c.group for c in self.consumers],
            partitions=self.settings.partitions,
            consumer=self.settings.consumer,
        )
        try:
            await stop.wait()
        finally:
            if background:  # they stop on their own once stop is set
                await asyncio.wait(background, timeout=15)
            for task in reclaimers:
                task.cancel()
            await asyncio.gather(*reclaimers, return_exceptions=True)
            # Stop the subscribers first: each waits for its in-flight batch (graceful_timeout)
            # and cancels its read task, which we await. broker.stop() alone closes the
            # connection under reads still in flight (an ERROR "Message fetch error" on every
            # clean shutdown) and leaves them running while the caller closes the server.
            reads = [t for s in broker.subscribers for t in getattr(s, "tasks", ())]
            for subscriber in broker.subscribers:
                await subscriber.stop()
            if reads:
                await asyncio.wait(reads, timeout=5)
            await broker.stop()
            log.info("bus.stopped")

    # --- operator views ---------------------------------------------------------------------
    def known_streams(self) -> list[str]:
        return [self.keys.inbound(), *self.keys.logs()]  # in the order data flows

    async def status(self) -> list[GroupStatus]:
        """Per group and stream: lag, pending, oldest pending idle, consumers, dead letters."""
        rows: list[GroupStatus] = []
        for stream in self.known_streams():
            try:
                groups = await self.redis.xinfo_groups(stream)
            except ResponseError:  # no such stream yet
                continue
            length = int(await self.redis.xlen(stream))
            for info in groups:
                name = as_text(info["name"])
                lag = info.get("lag")
                if lag is None and info.get("entries-read") is not None:
                    lag = max(length - int(info["entries-read"]), 0)
                oldest_idle = None
                if int(info["pending"]):
                    first = await self.redis.xpending_range(stream, name, min="-", max="+", count=1)
                    oldest_idle = int(first[0]["time_since_delivered"]) if first else None
                consumers = await self.redis.xinfo_consumers(stream, name)
                live = sum(
                    1 for c in consumers if int(c.get("inactive", c.get("idle", 0))) < 30_000
                )
                rows.append(
                    GroupStatus(
                        stream=stream,
                        group=name,
                        lag=None if lag is None else int(lag),
                        pending=int(info["pending"]),
                        oldest_pending_idle_ms=oldest_idle,
                        consumers=len(consumers),
                        live_consumers=live,
                        dead_letters=int(
                            await self.redis.xlen(self.keys.dead_letters(stream, name))
                        ),
                        last_delivered_id=as_text(info["last-delivered-id"]),
                    )
                )
        return rows

    async def dead_letters(self) -> list[DeadLetter]:
        found: list[DeadLetter] = []
        for row in await self.status():
            key = self.keys.dead_letters(row.stream, row.group)
            for entry_id, fields in await xrange(self.redis, key):
                found.append(_dead_letter(key, entry_id, fields))
        return found

    async def find_dead_letter(self, dead_id: str, stream: str | None = None) -> DeadLetter:
        matches = [
            d
            for d in await self.dead_letters()
            if d.id == dead_id and stream in (None, d.dead_stream)
        ]
        if not matches:
            raise KeyError(f"no dead letter {dead_id}")
        if len(matches) > 1:
            raise KeyError(
                f"dead letter id {dead_id} is in several streams; name one with --stream"
            )
        return matches[0]

    async def retry_dead_letter(self, dead: DeadLetter) -> str | None:
        """Hand a dead letter to its group's handler again; on success it leaves the queue.

        Returns None on success, else the new error (the dead letter stays, error updated).
        """
        consumer = self.consumer(dead.group)
        fields = {k.encode(): v.encode() for k, v in dead.fields.items()}
        failures = await consumer.handle(dead.stream, [(dead.entry_id.encode(), fields)])
        if failures:
            return next(iter(failures.values()))
        await self.redis.xdel(dead.dead_stream, dead.id)
        log.info("dlq.retried", group=dead.group, entry_id=dead.entry_id)
        return None

    async def drop_dead_letter(self, dead: DeadLetter) -> None:
        await self.redis.xdel(dead.dead_stream, dead.id)
        log.warning("dlq.dropped", group=dead.group, entry_id=dead.entry_id, error=dead.error)

    async def close(self) -> None:
        await self.sender.webhooks.close()
        await self.redis.aclose()


def _entry_id(text: str) -> tuple[int, int]:
    ms, _, seq = text.partition("-")
    return int(ms), int(seq or 0)


def _dead_letter(key: str, entry_id: bytes, fields: dict[bytes, bytes]) -> DeadLetter:
    return DeadLetter(
        dead_stream=key,
        id=entry_id.decode(),
        stream=fields[b"stream"].decode(),
        group=fields[b"group"].decode(),
        entry_id=fields[b"entry_id"].decode(),
        deliveries=int(fields[b"deliveries"]),
        error=fields[b"error"].decode(),
        dead_at=fields[b"dead_at"].decode(),
        fields=msgspec.json.decode(fields[b"fields"], type=dict[str, str]),
    )


async def _raw_entries(message: StreamMessage[Any]) -> list[RawEntry]:
    raw = message.raw_message
    return list(zip(raw["message_ids"], raw["data"], strict=True))


def connect(url: str, max_connections: int = 64) -> Redis:
    """A client whose pool waits for a free connection instead of failing under bursts."""
    pool = BlockingConnectionPool.from_url(url, max_connections=max_connections, timeout=30)
    return Redis.from_pool(pool)  # the client owns the pool: aclose() closes its connections


@contextlib.asynccontextmanager
async def open_bus(
    settings: Settings | None = None,
    *,
    clock: Clock | None = None,
    configure_logs: bool = False,
) -> AsyncIterator[Bus]:
    """Build the bus (starting the embedded server when no ``REDIS_URL`` is set) and close it."""
    settings = settings or Settings.from_env()
    if configure_logs:
        configure_logging(settings.log_format, settings.log_level)  # type: ignore[arg-type]
    server: EmbeddedServer | None = None
    url = settings.redis_url
    if url is None:
        server = await asyncio.to_thread(ensure_server, settings.data_path)
        url = server.url
    redis = connect(url)
    bus = Bus(settings, redis, clock or SystemClock(), url, server)
    try:
        await redis.ping()
        yield bus
    finally:
        await bus.close()
        if server is not None and server.started_here:
            await asyncio.to_thread(server.stop)
