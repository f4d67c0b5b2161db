"""``releasebus replay enrichment``: re-run enrichment over past releases (say, after a
gazetteer update) and append a new ``ReleaseEnriched`` only where the result changed.

Which releases: those with a content event in the log after ``--from POSITION`` (a log entry
id), or recorded since ``--since DATE``; all of them by default. Each is enriched from its
current content and compared, field by field, with its current enrichment.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Callable

import msgspec

from schemas.events import ReleaseCorrected, ReleaseParsed, ReleaseRevised, derived_event_id
from schemas.state import fold
from services._clock import Clock
from services._store import ANY, EventStore
from services.enrichment.consumer import PRODUCER, enriched_event
from services.enrichment.extract import enrich

__all__ = ["ReplayReport", "replay_enrichment"]

_CONTENT = (ReleaseParsed, ReleaseRevised, ReleaseCorrected)
_COMPARED = (
    "countries",
    "people",
    "organizations",
    "references",
    "topics",
    "places_implied",
    "dateline_country",
    "language",
    "summary",
    "word_count",
)


class ReplayReport(msgspec.Struct, frozen=True):
    releases: int
    changed: int
    fields: dict[str, int]
    examples: list[tuple[str, list[str]]]


async def _candidates(
    store: EventStore, after: str, since: dt.datetime | None, progress: Callable[[int], None]
) -> list[str]:
    found: dict[str, None] = {}
    for partition in range(store.keys.partitions):
        cursor = after
        while page := await store.read_log(partition, cursor, 2000):
            for entry in page:
                event = entry.event
                if not isinstance(event, _CONTENT):
                    continue
                if since is None or (event.recorded_at or event.occurred_at) >= since:
                    found[event.release_id] = None
            cursor = page[-1].entry_id
            progress(len(page))
    return list(found)


async def replay_enrichment(
    store: EventStore,
    clock: Clock,
    *,
    after: str = "0-0",
    since: dt.datetime | None = None,
    scanned: Callable[[int], None] = lambda _: None,
    enriched: Callable[[int], None] = lambda _: None,
) -> ReplayReport:
    """Re-enrich; ``scanned`` gets log entries read, ``enriched`` releases done."""
    release_ids = await _candidates(store, after, since, scanned)
    fields: Counter[str] = Counter()
    examples: list[tuple[str, list[str]]] = []
    changed = 0
    for release_id in release_ids:
        history = await store.history(release_id)
        state = fold(history)
        enriched(1)
        if state.content is None:
            continue
        result = enrich(state.content)
        current = state.enrichment
        differs = [
            name
            for name in _COMPARED
            if current is None or getattr(current, name) != getattr(result, name)
        ]
        if not differs:
            continue
        digest = hashlib.blake2b(msgspec.json.encode(result), digest_size=8).hexdigest()
        source_revision = next(e.revision for e in reversed(history) if isinstance(e, _CONTENT))
        event = enriched_event(
            release_id,
            source_revision,
            result,
            event_id=derived_event_id(f"{release_id}|{state.content_hash}|{digest}", PRODUCER),
            clock=clock,
        )
        outcome = await store.append(release_id, [event], ANY)
        if outcome.outcome == "appended":
            changed += 1
            fields.update(differs)
            if len(examples) < 10:
                examples.append((release_id, differs))
    return ReplayReport(len(release_ids), changed, dict(fields), examples)
