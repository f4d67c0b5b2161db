"""The ``enrichment`` consumer group: one ``ReleaseEnriched`` per content version.

Thin: for every ``ReleaseParsed``, ``ReleaseRevised`` or ``ReleaseCorrected`` on the log, run
the pure :func:`services.enrichment.extract.enrich` and append the result to the release. The
event id is derived from the causing event, so a redelivered entry appends nothing twice.
Every other event type is ignored.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Final

import msgspec
import structlog

from schemas.events import (
    AnyEvent,
    ReleaseCorrected,
    ReleaseEnriched,
    ReleaseParsed,
    ReleaseRevised,
    derived_event_id,
)
from services._clock import Clock
from services._store import ANY, EventStore, Expected, LogEntry

if TYPE_CHECKING:
    from services.enrichment.extract import Enriched

__all__ = ["GROUP", "PRODUCER", "Enrichment", "enriched_event"]

GROUP: Final = "enrichment"
PRODUCER: Final = "enrichment"

log = structlog.get_logger(__name__)

_CONTENT_EVENTS = (ReleaseParsed, ReleaseRevised, ReleaseCorrected)


def enriched_event(
    release_id: str,
    source_revision: int,
    result: Enriched,
    *,
    event_id: str,
    clock: Clock,
    causation_id: str | None = None,
    correlation_id: str | None = None,
) -> ReleaseEnriched:
    return ReleaseEnriched(
        event_id=event_id,
        release_id=release_id,
        occurred_at=clock.now(),
        causation_id=causation_id,
        correlation_id=correlation_id,
        producer=PRODUCER,
        source_revision=source_revision,
        # Enriched's fields are ReleaseEnriched's payload fields, by name.
        **msgspec.structs.asdict(result),
    )


class Enrichment:
    """Consumes the log; appends what it found for each content version."""

    group: Final = GROUP

    def __init__(self, store: EventStore, clock: Clock) -> None:
        self.store = store
        self.clock = clock

    async def handle(self, partition: int, entries: Sequence[LogEntry]) -> None:
        # Imported here: building the gazetteers' patterns takes about a second, which every
        # command of the CLI would otherwise pay when it opens the bus.
        from services.enrichment.extract import enrich  # noqa: PLC0415

        appends: list[tuple[str, Sequence[AnyEvent], Expected]] = []
        for entry in entries:
            event = entry.event
            if not isinstance(event, _CONTENT_EVENTS):
                continue
            with structlog.contextvars.bound_contextvars(
                release_id=event.release_id, event_id=event.event_id
            ):
                result = enrich(event.content)
                enriched = enriched_event(
                    event.release_id,
                    event.revision,
                    result,
                    event_id=derived_event_id(event.event_id, PRODUCER),
                    clock=self.clock,
                    causation_id=event.event_id,
                    correlation_id=event.correlation_id or event.causation_id,
                )
                log.info(
                    "enrichment.completed",
                    revision=event.revision,
                    countries=list(result.countries),
                    topics=list(result.topics),
                )
            appends.append((event.release_id, [enriched], ANY))
        if not appends:
            return
        for outcome in await self.store.append_many(appends):
            if outcome.outcome == "conflict":
                raise RuntimeError(f"enrichment of {outcome.release_id}: {outcome.reason}")
