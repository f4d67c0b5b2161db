"""The ``translation-queue`` consumer group: which releases need which languages, as jobs.

Thin: for every event that can change what a release's translations need (its content, its
enrichment, its publication or embargo, its withdrawal) it folds the release and appends what
the pure :func:`~services.translation.jobs.plan_jobs` says is missing: jobs requested, jobs
stale, jobs cancelled, with ids derived from the job ids, so a redelivered entry appends
nothing twice. Every translation event then refreshes the queue projection of its release.

Beside the log (``background``): the lease check, which returns lapsed claims to the queue
every few seconds, and, when an engine is configured (``RELEASEBUS_TRANSLATE_URL``), the
machine drafter.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Final

import structlog

from schemas.events import (
    ReleaseCorrected,
    ReleaseEmbargoed,
    ReleaseEnriched,
    ReleaseParsed,
    ReleasePublished,
    ReleaseRevised,
    ReleaseWithdrawn,
)
from services._clock import Clock, periodically
from services._store import EventStore, LogEntry
from services.distribution.registry import SubscriberRegistry
from services.translation.drafts import Drafter
from services.translation.engine import Engine
from services.translation.queue import TRANSLATION_EVENTS
from services.translation.workflow import DEFAULT_LEASE_S, Translations

__all__ = ["GROUP", "TranslationQueue"]

GROUP: Final = "translation-queue"

log = structlog.get_logger(__name__)

#: Events after which a release's jobs may need to change.
_TRIGGERS: Final = (
    ReleaseParsed,
    ReleaseRevised,
    ReleaseCorrected,
    ReleaseEnriched,
    ReleaseEmbargoed,
    ReleasePublished,
    ReleaseWithdrawn,
)


class TranslationQueue:
    """Consumes the log; keeps every release's translation jobs in line with its demand."""

    group: Final = GROUP

    def __init__(
        self,
        store: EventStore,
        registry: SubscriberRegistry,
        clock: Clock,
        *,
        lease_s: float = DEFAULT_LEASE_S,
        engine: Engine | None = None,
        tick_s: float = 2.0,
    ) -> None:
        self.workflow = Translations(store, registry, clock, lease_s=lease_s)
        self.store = store
        self.registry = registry
        self.clock = clock
        self.tick_s = tick_s
        self.drafter = Drafter(self.workflow, engine, poll_s=tick_s) if engine else None

    async def handle(self, partition: int, entries: Sequence[LogEntry]) -> None:
        plan: dict[str, bool] = {}  # release id → does it need planning (or only projecting)?
        for entry in entries:
            event = entry.event
            if isinstance(event, _TRIGGERS):
                plan[event.release_id] = True
            elif isinstance(event, TRANSLATION_EVENTS):
                plan.setdefault(event.release_id, False)
        if not plan:
            return
        subscribers = list((await self.registry.refresh()).values())
        now = self.clock.now()

        async def one(release_id: str, needs_plan: bool) -> None:
            with structlog.contextvars.bound_contextvars(release_id=release_id):
                if needs_plan:
                    await self.workflow.reconcile(release_id, subscribers)
                else:
                    await self.workflow.queue.project_release(self.store, release_id, now)

        await asyncio.gather(*(one(r, needs_plan) for r, needs_plan in plan.items()))

    async def tick(self) -> list[str]:
        """Return lapsed claims to the queue; their job ids."""
        freed = await self.workflow.queue.expire(self.clock.now())
        for job_id in freed:
            log.info("translation.lease_lapsed", job_id=job_id)
        return freed

    async def background(self, stop: asyncio.Event) -> None:
        """The lease check and the machine drafter, while the consumer runs."""
        tasks = [asyncio.create_task(self._ticks(stop))]
        if self.drafter is not None:
            tasks.append(asyncio.create_task(self.drafter.run(stop)))
        await asyncio.gather(*tasks)

    async def _ticks(self, stop: asyncio.Event) -> None:
        await periodically(self.tick, self.tick_s, stop, log=log, failed="translation.tick_failed")
