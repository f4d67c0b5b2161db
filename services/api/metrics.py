"""``/metrics``: the Prometheus text exposition format (version 0.0.4), written by hand.

Per consumer group and stream (from :meth:`Bus.status` plus ``XINFO GROUPS``):

- ``releasebus_group_lag`` – entries not yet read by the group;
- ``releasebus_group_pending`` – read but not acknowledged;
- ``releasebus_group_processed_total`` – read and acknowledged (entries read − pending);
- ``releasebus_group_failing`` – pending entries whose last handling failed;
- ``releasebus_group_dead_letters`` – entries the group gave up on;
- ``releasebus_group_consumers`` / ``releasebus_group_live_consumers``.

Deliveries, from the delivery events on the log (:class:`DeliveryMetrics` reads the log
incrementally, so each scrape costs only what was appended since the last one):

- ``releasebus_deliveries_total{outcome}`` – succeeded, failed attempts, dead-lettered;
- ``releasebus_delivery_latency_seconds`` – histogram, from a delivery being scheduled (or its
  ``not_before``) to the subscriber accepting it: retries and slow endpoints show here;
- ``releasebus_delivery_attempt_seconds`` – histogram of the successful HTTP/SMTP attempts.

The delivery figures count what this process has read from the log since it started, which
is the whole log on the first scrape: counters that start again at a restart, as Prometheus
counters do.
"""

from __future__ import annotations

import asyncio
import bisect
import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Final

from schemas.events import (
    DeliveryDeadLettered,
    DeliveryFailed,
    DeliveryScheduled,
    DeliverySucceeded,
)
from services._store import EventStore, as_text

if TYPE_CHECKING:
    from services._runtime import Bus

__all__ = ["CONTENT_TYPE", "DeliveryMetrics", "Histogram", "render_metrics"]

CONTENT_TYPE: Final = "text/plain; version=0.0.4; charset=utf-8"

LATENCY_BUCKETS: Final = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0)
ATTEMPT_BUCKETS: Final = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0)

#: Log entries read per scrape at most; a long log is caught up over several scrapes.
_BUDGET: Final = 200_000
_PAGE: Final = 2_000


class Histogram:
    """Cumulative buckets, sum and count, as Prometheus wants them."""

    def __init__(self, bounds: Sequence[float]) -> None:
        self.bounds = tuple(bounds)
        self.counts = [0] * len(self.bounds)
        self.total = 0.0
        self.count = 0

    def observe(self, value: float) -> None:
        index = bisect.bisect_left(self.bounds, value)
        if index < len(self.counts):
            self.counts[index] += 1
        self.total += value
        self.count += 1

    def lines(self, name: str) -> Iterable[str]:
        running = 0
        for bound, count in zip(self.bounds, self.counts, strict=True):
            running += count
            yield f'{name}_bucket{{le="{bound:g}"}} {running}'
        yield f'{name}_bucket{{le="+Inf"}} {self.count}'
        yield f"{name}_sum {self.total:.6f}"
        yield f"{name}_count {self.count}"


class DeliveryMetrics:
    """Delivery counters and latency histograms, kept up to date by reading the log."""

    def __init__(self, store: EventStore) -> None:
        self.store = store
        self.latency = Histogram(LATENCY_BUCKETS)
        self.attempts = Histogram(ATTEMPT_BUCKETS)
        self.outcomes = {"succeeded": 0, "failed": 0, "dead_lettered": 0}
        self._after: dict[int, str] = {}
        #: delivery id → when it became due, until it succeeds or is dead-lettered.
        self._due: dict[str, dt.datetime] = {}
        self._lock = asyncio.Lock()  # two scrapes at once must not count an entry twice

    async def catch_up(self) -> None:
        async with self._lock:
            await self._catch_up()

    async def _catch_up(self) -> None:
        for partition in range(self.store.keys.partitions):
            budget = _BUDGET
            while budget > 0:
                after = self._after.get(partition, "0-0")
                entries = await self.store.read_log(partition, after, count=_PAGE)
                if not entries:
                    break
                for entry in entries:
                    self._observe(entry.event)
                self._after[partition] = entries[-1].entry_id
                budget -= len(entries)
                if len(entries) < _PAGE:
                    break

    def _observe(self, event: object) -> None:
        match event:
            case DeliveryScheduled():
                due = event.recorded_at or event.occurred_at
                if event.not_before is not None and event.not_before > due:
                    due = event.not_before
                self._due[event.delivery_id] = due
            case DeliverySucceeded():
                self.outcomes["succeeded"] += 1
                done = event.recorded_at or event.occurred_at
                if event.delivery_id in self._due:  # not for a resend of a finished one
                    became_due = self._due.pop(event.delivery_id)
                    self.latency.observe(max((done - became_due).total_seconds(), 0.0))
                if event.latency_ms is not None:
                    self.attempts.observe(event.latency_ms / 1000)
            case DeliveryFailed():
                self.outcomes["failed"] += 1
            case DeliveryDeadLettered():
                self.outcomes["dead_lettered"] += 1
                self._due.pop(event.delivery_id, None)


def _label(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


async def render_metrics(bus: Bus, deliveries: DeliveryMetrics) -> str:
    """The whole exposition for one scrape."""
    rows = await bus.status()
    read: dict[tuple[str, str], int | None] = {}
    failing: dict[tuple[str, str], int] = {}
    for stream in {r.stream for r in rows}:
        # entries-read is not part of GroupStatus; it is what "processed" is counted from.
        for info in await bus.redis.xinfo_groups(stream):
            group = as_text(info["name"])
            entries_read = info.get("entries-read")
            read[stream, group] = None if entries_read is None else int(entries_read)
            failing[stream, group] = int(await bus.redis.hlen(bus.keys.failures(stream, group)))
    await deliveries.catch_up()

    out: list[str] = []

    def family(name: str, kind: str, help_text: str) -> None:
        out.append(f"# HELP {name} {help_text}")
        out.append(f"# TYPE {name} {kind}")

    def per_group(
        name: str, kind: str, help_text: str, values: Iterable[tuple[str, str, int]]
    ) -> None:
        family(name, kind, help_text)
        for stream, group, value in values:
            out.append(f'{name}{{stream="{_label(stream)}",group="{_label(group)}"}} {value}')

    per_group(
        "releasebus_group_lag",
        "gauge",
        "Entries of the stream the group has not read yet.",
        ((r.stream, r.group, r.lag) for r in rows if r.lag is not None),
    )
    per_group(
        "releasebus_group_pending",
        "gauge",
        "Entries the group has read but not acknowledged.",
        ((r.stream, r.group, r.pending) for r in rows),
    )
    per_group(
        "releasebus_group_processed_total",
        "counter",
        "Entries the group has read and acknowledged.",
        (
            (r.stream, r.group, max(n - r.pending, 0))
            for r in rows
            if (n := read.get((r.stream, r.group))) is not None
        ),
    )
    per_group(
        "releasebus_group_failing",
        "gauge",
        "Pending entries whose last handling failed (retried, then dead-lettered).",
        ((r.stream, r.group, failing.get((r.stream, r.group), 0)) for r in rows),
    )
    per_group(
        "releasebus_group_dead_letters",
        "gauge",
        "Entries the group gave up on, waiting for an operator.",
        ((r.stream, r.group, r.dead_letters) for r in rows),
    )
    per_group(
        "releasebus_group_consumers",
        "gauge",
        "Consumers known to the group.",
        ((r.stream, r.group, r.consumers) for r in rows),
    )
    per_group(
        "releasebus_group_live_consumers",
        "gauge",
        "Consumers of the group seen in the last 30 seconds.",
        ((r.stream, r.group, r.live_consumers) for r in rows),
    )
    family("releasebus_deliveries_total", "counter", "Delivery attempts by outcome.")
    for outcome, count in deliveries.outcomes.items():
        out.append(f'releasebus_deliveries_total{{outcome="{outcome}"}} {count}')
    family(
        "releasebus_delivery_latency_seconds",
        "histogram",
        "From a delivery being due to the subscriber accepting it.",
    )
    out.extend(deliveries.latency.lines("releasebus_delivery_latency_seconds"))
    family(
        "releasebus_delivery_attempt_seconds",
        "histogram",
        "Duration of successful delivery attempts (the subscriber's response time).",
    )
    out.extend(deliveries.attempts.lines("releasebus_delivery_attempt_seconds"))
    return "\n".join(out) + "\n"
