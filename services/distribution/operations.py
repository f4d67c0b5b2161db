"""Operator actions on deliveries: who got what, resend, replay. The CLI and API call these.

Resends and replays put the original delivery back in the outbox: the same delivery id (the
``webhook-id``) and the same sequence number, so a receiver that already has it can drop it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import msgspec

from schemas.state import Delivery, ReleaseState, fold
from services._runtime import Bus
from services.distribution.outbox import Job

__all__ = ["DeliveryRow", "ReplayReport", "deliveries", "replay_distribution", "resend"]


class DeliveryRow(msgspec.Struct, frozen=True, kw_only=True):
    release_id: str
    delivery_id: str
    subscriber_id: str
    channel: str
    version: int
    language: str | None
    notice: str
    sequence: int | None
    status: str
    attempts: int
    scheduled_at: dt.datetime | None
    delivered_at: dt.datetime | None
    status_code: int | None
    latency_ms: float | None
    last_error: str | None
    withheld_until: dt.datetime | None


class ReplayReport(msgspec.Struct, frozen=True, kw_only=True):
    subscriber_id: str
    releases: int
    deliveries: int


def _row(release_id: str, d: Delivery) -> DeliveryRow:
    return DeliveryRow(
        release_id=release_id,
        delivery_id=d.delivery_id,
        subscriber_id=d.subscriber_id,
        channel=d.channel,
        version=d.version,
        language=d.language,
        notice=d.notice,
        sequence=d.sequence,
        status=d.status,
        attempts=d.attempts,
        scheduled_at=d.scheduled_at,
        delivered_at=d.delivered_at,
        status_code=d.status_code,
        latency_ms=d.latency_ms,
        last_error=d.last_error,
        withheld_until=d.withheld_until,
    )


async def _state(bus: Bus, release_id: str) -> ReleaseState:
    events = await bus.store.history(release_id)
    if not events:
        raise KeyError(f"no release {release_id!r}")
    return fold(events)


async def deliveries(bus: Bus, release_id: str) -> list[DeliveryRow]:
    """Every delivery of the release, in the order they were scheduled."""
    state = await _state(bus, release_id)
    return [_row(release_id, d) for d in state.deliveries.values()]


def _job(bus: Bus, release_id: str, d: Delivery) -> Job:
    extra = "withheld" if d.withheld_until else ""
    return Job(
        delivery_id=d.delivery_id,
        release_id=release_id,
        subscriber_id=d.subscriber_id,
        channel=d.channel,
        version=d.version,
        language=d.language,
        notice=d.notice,
        sequence=d.sequence or 0,
        attempt=d.attempts,
        base_attempt=d.attempts,
        payload_key=bus.outbox.payload_key(release_id, d.version, d.language, d.notice, extra),
        withheld_until=d.withheld_until,
        translation_job_id=d.translation_job_id,
        scheduled_at=bus.clock.now(),
    )


def _chosen(state: ReleaseState, subscriber_id: str, version: int | None) -> list[Delivery]:
    """The subscriber's deliveries of this release (of ``version``, else the newest of each
    channel and language, plus any withdrawal notice)."""
    mine = [d for d in state.deliveries.values() if d.subscriber_id == subscriber_id]
    if version is not None:
        return [d for d in mine if d.version == version]
    newest: dict[tuple[str, str | None, bool], Delivery] = {}
    for d in mine:
        key = (d.channel, d.language, d.notice == "withdrawal")
        if key not in newest or d.version >= newest[key].version:
            newest[key] = d
    return list(newest.values())


async def resend(
    bus: Bus, release_id: str, subscriber_id: str, *, version: int | None = None
) -> list[str]:
    """Put the subscriber's deliveries of the release back in the outbox, due now."""
    state = await _state(bus, release_id)
    chosen = _chosen(state, subscriber_id, version)
    if not chosen:
        raise KeyError(
            f"{subscriber_id!r} has no delivery of {release_id}"
            + (f" version {version}" if version is not None else "")
        )
    now = bus.clock.now()
    for d in chosen:
        await bus.outbox.requeue(_job(bus, release_id, d), now)
    bus.sender.wake()
    return [d.delivery_id for d in chosen]


async def replay_distribution(
    bus: Bus,
    subscriber_id: str,
    *,
    since: dt.datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ReplayReport:
    """Redeliver everything the subscriber was sent (since ``since``), with the original ids."""
    if await bus.registry.get(subscriber_id) is None:
        raise KeyError(f"no subscriber {subscriber_id!r}")
    ids = await bus.projection.find()
    releases = count = 0
    now = bus.clock.now()
    for done, release_id in enumerate(ids, 1):
        state = await bus.projection.get(release_id)
        if state is not None:
            chosen = [
                d
                for d in state.deliveries.values()
                if d.subscriber_id == subscriber_id
                and (since is None or (d.scheduled_at is not None and d.scheduled_at >= since))
            ]
            for d in chosen:
                await bus.outbox.requeue(_job(bus, release_id, d), now)
            releases += bool(chosen)
            count += len(chosen)
        if progress is not None:
            progress(done, len(ids))
    bus.sender.wake()
    return ReplayReport(subscriber_id=subscriber_id, releases=releases, deliveries=count)
