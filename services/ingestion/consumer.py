"""The ``ingestion`` consumer group: inbound stream entries → release events.

Thin: decode the entry, hand it to :func:`services.ingestion.submit.submit`. A malformed entry
is not an error of the bus: it is recorded as a rejection (raw fields kept) and acknowledged.
Only a failure to record (the server going away) leaves the entry pending for the reclaimer.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import structlog

from services._clock import Clock
from services._store import EventStore, RawEntry
from services.ingestion.submit import Submission, SubmissionError, submit_malformed, submit_many

__all__ = ["GROUP", "Ingestion"]

GROUP: Final = "ingestion"

log = structlog.get_logger(__name__)


class Ingestion:
    """Consumes the inbound stream in batches; entries about one release stay in order."""

    group: Final = GROUP

    def __init__(self, store: EventStore, clock: Clock) -> None:
        self.store = store
        self.clock = clock

    def streams(self) -> list[str]:
        return [self.store.keys.inbound()]

    async def handle(self, stream: str, entries: Sequence[RawEntry]) -> dict[bytes, str]:
        failures: dict[bytes, str] = {}
        valid: list[tuple[bytes, Submission]] = []
        for entry_id, fields in entries:
            try:
                valid.append((entry_id, Submission.from_entry(fields)))
            except SubmissionError as exc:
                with structlog.contextvars.bound_contextvars(entry_id=entry_id.decode()):
                    try:
                        outcome = await submit_malformed(self.store, self.clock, fields, str(exc))
                    except Exception as record_exc:  # noqa: BLE001 - retried, then dead-lettered
                        failures[entry_id] = f"{type(record_exc).__name__}: {record_exc}"
                        continue
                    log.warning(
                        "ingestion.malformed_entry", release_id=outcome.release_id, error=str(exc)
                    )
        results = await submit_many(self.store, self.clock, [s for _, s in valid])
        for (entry_id, _), result in zip(valid, results, strict=True):
            if isinstance(result, BaseException):  # left pending: retried, then dead-lettered
                failures[entry_id] = f"{type(result).__name__}: {result}"
                log.warning("ingestion.failed", entry_id=entry_id.decode(), error=str(result))
        return failures
