"""The current state of a release, and the pure fold that computes it from its events.

``fold`` is the only place state rules live: the projector, the CLI (``state --at``), the API
and the tests all call it. It does no I/O. State at any revision or time is the fold of a
prefix of the release's events.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import msgspec

from schemas.events import (
    AnyEvent,
    DeliveryDeadLettered,
    DeliveryFailed,
    DeliveryScheduled,
    DeliverySucceeded,
    Problem,
    ReleaseCorrected,
    ReleaseEmbargoed,
    ReleaseEnriched,
    ReleaseParsed,
    ReleasePublished,
    ReleaseRejected,
    ReleaseRevised,
    ReleaseSubmitted,
    ReleaseWithdrawn,
    TranslationApproved,
    TranslationCancelled,
    TranslationChangesRequested,
    TranslationClaimed,
    TranslationHeader,
    TranslationRequested,
    TranslationStale,
    TranslationSubmitted,
)
from schemas.release import ReleaseContent

__all__ = [
    "STATUSES",
    "Correction",
    "Delivery",
    "Enrichment",
    "ReleaseState",
    "TranslationJob",
    "fold",
    "fold_until",
]

#: received → (rejected | embargoed | published) → withdrawn.
STATUSES = ("new", "received", "rejected", "embargoed", "published", "withdrawn")


class Enrichment(msgspec.Struct, frozen=True, kw_only=True):
    """The tags of the newest enrichment, and which content revision they describe.

    The mentions (provenance) stay on the event; the state keeps what routing needs.
    """

    source_revision: int
    countries: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    organizations: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    language: str | None = None
    summary: str | None = None
    word_count: int = 0
    references: tuple[str, ...] = ()
    places_implied: tuple[str, ...] = ()
    dateline_country: str | None = None
    reading_time_s: int = 0


class Correction(msgspec.Struct, frozen=True, kw_only=True):
    """A correction note: which content version it produced, and when."""

    version: int
    note: str
    at: dt.datetime | None = None


class TranslationJob(msgspec.Struct, frozen=True, kw_only=True):
    """One (release, source revision, target language) job and where it stands.

    ``source_revision`` is the release's content version (``ReleaseState.version``). A
    ``claimed`` job whose ``lease_until`` has passed is free again: the claim event recorded
    the lease's end, so its expiry needs no event of its own (``services/translation/jobs.py``).
    """

    job_id: str
    language: str
    source_revision: int
    status: str = "requested"
    priority: int = 0
    due_at: dt.datetime | None = None
    requested_at: dt.datetime | None = None
    translator: str | None = None
    lease_until: dt.datetime | None = None
    content: ReleaseContent | None = None
    machine: bool = False
    reviewer: str | None = None
    reason: str | None = None
    approved_at: dt.datetime | None = None
    header: TranslationHeader | None = None


class Delivery(msgspec.Struct, frozen=True, kw_only=True):
    """One version to one subscriber over one channel, and every attempt's outcome so far."""

    delivery_id: str
    subscriber_id: str
    channel: str
    version: int
    language: str | None = None
    status: str = "scheduled"
    attempts: int = 0
    last_error: str | None = None
    scheduled_at: dt.datetime | None = None
    delivered_at: dt.datetime | None = None
    notice: str = "release"
    sequence: int | None = None
    withheld_until: dt.datetime | None = None
    not_before: dt.datetime | None = None
    status_code: int | None = None
    latency_ms: float | None = None
    translation_job_id: str | None = None


class ReleaseState(msgspec.Struct, kw_only=True):
    """What is known about one release after its events up to ``revision``.

    Not frozen: ``fold`` works on a private copy and mutates it in place, which keeps folding
    a release with thousands of delivery events linear. Callers treat it as a value.
    """

    release_id: str
    revision: int = 0
    status: str = "new"
    version: int = 0
    #: The revision of the event that set the current content (enrichment of an older
    #: revision does not describe it).
    content_revision: int = 0
    content: ReleaseContent | None = None
    content_hash: str | None = None
    source: str | None = None
    source_id: str | None = None
    source_url: str | None = None
    warnings: tuple[Problem, ...] = ()
    rejection: tuple[Problem, ...] = ()
    embargo_until: dt.datetime | None = None
    published_at: dt.datetime | None = None
    corrections: tuple[Correction, ...] = ()
    withdrawn_reason: str | None = None
    withdrawn_at: dt.datetime | None = None
    enrichment: Enrichment | None = None
    translations: dict[str, TranslationJob] = msgspec.field(default_factory=dict)
    deliveries: dict[str, Delivery] = msgspec.field(default_factory=dict)
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None


def fold(events: Iterable[AnyEvent], initial: ReleaseState | None = None) -> ReleaseState:
    """Fold events (in revision order) onto ``initial`` (or an empty state); pure.

    Events at or below ``initial.revision`` are skipped, so folding an overlapping range twice
    gives the same state: this is what makes the projector's replays harmless.
    """
    state: ReleaseState | None = None
    if initial is not None:
        state = msgspec.structs.replace(
            initial,
            translations=dict(initial.translations),
            deliveries=dict(initial.deliveries),
        )
    for event in events:
        if state is None:
            state = ReleaseState(release_id=event.release_id)
        if event.revision and event.revision <= state.revision:
            continue
        when = event.recorded_at or event.occurred_at
        _apply(state, event, when)
        state.revision = event.revision or state.revision + 1
        if state.created_at is None:
            state.created_at = when
        state.updated_at = when
    if state is None:
        raise ValueError("fold needs at least one event or an initial state")
    return state


def fold_until(
    events: Iterable[AnyEvent], *, revision: int | None = None, at: dt.datetime | None = None
) -> ReleaseState:
    """The state as it was at ``revision``, or at time ``at`` (by ``recorded_at``)."""

    def wanted(event: AnyEvent) -> bool:
        if revision is not None and event.revision > revision:
            return False
        recorded = event.recorded_at or event.occurred_at
        return at is None or recorded <= at

    return fold(e for e in events if wanted(e))


def _set_content(
    state: ReleaseState, content: ReleaseContent, content_hash: str, revision: int
) -> None:
    state.content = content
    state.content_hash = content_hash
    state.version += 1
    state.content_revision = revision or state.revision + 1


def _apply(state: ReleaseState, event: AnyEvent, when: dt.datetime) -> None:  # noqa: PLR0912, PLR0915 - one arm per event type
    """The state rules, one arm per event type; ``when`` is the event's recorded time."""
    # Arms are tried in order: delivery events, by far the most numerous (two or more per
    # subscriber per version), come first.
    match event:
        case DeliveryScheduled():
            state.deliveries[event.delivery_id] = Delivery(
                delivery_id=event.delivery_id,
                subscriber_id=event.subscriber_id,
                channel=event.channel,
                version=event.version,
                language=event.language,
                scheduled_at=when,
                notice=event.notice,
                sequence=event.sequence,
                withheld_until=event.withheld_until,
                not_before=event.not_before,
                translation_job_id=event.translation_job_id,
            )
        case DeliverySucceeded():
            _delivery(
                state,
                event.delivery_id,
                status="delivered",
                attempts=event.attempt,
                last_error=None,
                delivered_at=when,
                status_code=event.status_code,
                latency_ms=event.latency_ms,
            )
        case DeliveryFailed():
            _delivery(
                state,
                event.delivery_id,
                status="retrying" if event.retry_at else "failed",
                attempts=event.attempt,
                last_error=event.error,
                status_code=event.status_code,
            )
        case DeliveryDeadLettered():
            _delivery(
                state,
                event.delivery_id,
                status="dead_lettered",
                attempts=event.attempts,
                last_error=event.error,
            )

        case ReleaseSubmitted():
            state.source = event.source
            state.source_id = event.source_id or state.source_id
            state.source_url = event.source_url or state.source_url
            if state.status == "new":
                state.status = "received"
        case ReleaseParsed():
            _set_content(state, event.content, event.content_hash, event.revision)
            state.warnings = event.warnings
            state.source_id = event.source_id or state.source_id
            state.source_url = event.source_url or state.source_url
            state.rejection = ()
            state.embargo_until = event.embargo_until
            if state.status in ("new", "received", "rejected"):
                state.status = "embargoed" if event.embargo_until else "received"
        case ReleaseRejected():
            state.rejection = event.reasons
            state.content_hash = event.content_hash
            if state.status in ("new", "received"):
                state.status = "rejected"
        case ReleaseRevised():
            _set_content(state, event.content, event.content_hash, event.revision)
            state.warnings = event.warnings
            state.embargo_until = event.embargo_until
        case ReleaseEnriched():
            # The state keeps the event's routing fields (every Enrichment field), not its
            # mentions: one list of names, so a field added to both needs no copy here.
            state.enrichment = Enrichment(
                **{name: getattr(event, name) for name in Enrichment.__struct_fields__}
            )
        case ReleaseEmbargoed():
            state.embargo_until = event.until
            if state.status != "withdrawn":
                state.status = "embargoed"
        case ReleasePublished():
            state.published_at = state.published_at or event.published_at
            if state.status != "withdrawn":
                state.status = "published"
        case ReleaseCorrected():
            _set_content(state, event.content, event.content_hash, event.revision)
            state.corrections = (
                *state.corrections,
                Correction(version=state.version, note=event.note, at=when),
            )
        case ReleaseWithdrawn():
            state.status = "withdrawn"
            state.withdrawn_reason = event.reason
            state.withdrawn_at = when
        case TranslationRequested():
            state.translations[event.job_id] = TranslationJob(
                job_id=event.job_id,
                language=event.language,
                source_revision=event.source_revision,
                priority=event.priority,
                due_at=event.due_at,
                requested_at=when,
            )
        case TranslationClaimed():
            _job(
                state,
                event.job_id,
                status="claimed",
                translator=event.translator,
                lease_until=event.lease_until,
            )
        case TranslationSubmitted():
            _job(
                state,
                event.job_id,
                status="submitted",
                translator=event.translator,
                content=event.content,
                machine=event.machine,
                lease_until=None,
                header=event.header,
            )
        case TranslationApproved():
            _job(state, event.job_id, status="approved", reviewer=event.reviewer, approved_at=when)
        case TranslationChangesRequested():
            _job(
                state,
                event.job_id,
                status="changes_requested",
                reviewer=event.reviewer,
                reason=event.reason,
            )
        case TranslationStale():
            _job(state, event.job_id, status="stale", reason=event.reason, lease_until=None)
        case TranslationCancelled():
            _job(state, event.job_id, status="cancelled", reason=event.reason, lease_until=None)


def _job(state: ReleaseState, job_id: str, **changes: object) -> None:
    job = state.translations.get(job_id)
    if job is not None:  # a transition for an unknown job is ignored, never invented
        state.translations[job_id] = msgspec.structs.replace(job, **changes)


def _delivery(state: ReleaseState, delivery_id: str, **changes: object) -> None:
    delivery = state.deliveries.get(delivery_id)
    if delivery is not None:
        state.deliveries[delivery_id] = msgspec.structs.replace(delivery, **changes)
