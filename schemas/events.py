"""Release lifecycle events: one tagged union of frozen, keyword-only msgspec Structs.

Every event carries the same envelope (the fields of :class:`Event`); the ``type`` tag is the
class name. Events are encoded as msgspec JSON, so ``redis-cli XRANGE`` is readable and
non-Python consumers can read the log.

Evolution rules (see ``STYLE.md``): fields are only ever added, with defaults; a field's type
never changes; a tag is never reused. A breaking change is a new type tag plus an upcaster
(:mod:`schemas.upcasting`) that turns the old stored form into the new one on read.
``envelope`` fields are set by producers except ``revision`` and ``recorded_at``, which the
event store assigns when it appends.
"""

from __future__ import annotations

import datetime as dt
import uuid

import msgspec

from schemas.enrichment import Mention
from schemas.release import ReleaseContent

__all__ = [
    "EVENT_TYPES",
    "AnyEvent",
    "DeliveryDeadLettered",
    "DeliveryFailed",
    "DeliveryScheduled",
    "DeliverySucceeded",
    "Event",
    "Problem",
    "ReleaseCorrected",
    "ReleaseEmbargoed",
    "ReleaseEnriched",
    "ReleaseParsed",
    "ReleasePublished",
    "ReleaseRejected",
    "ReleaseRevised",
    "ReleaseSubmitted",
    "ReleaseWithdrawn",
    "TranslationApproved",
    "TranslationCancelled",
    "TranslationChangesRequested",
    "TranslationClaimed",
    "TranslationHeader",
    "TranslationRequested",
    "TranslationStale",
    "TranslationSubmitted",
    "derived_event_id",
    "new_event_id",
]

#: Namespace for deterministic ids of derived events (uuid5).
_DERIVED_NAMESPACE = uuid.UUID("5b0f3c1e-8d2a-4c57-9a55-1f0e6d2b7a10")


def new_event_id() -> str:
    """A fresh random event id, for events with no natural idempotency key."""
    return str(uuid.uuid4())


def derived_event_id(cause: str, producer: str, *discriminators: str) -> str:
    """A deterministic event id: the same cause and producer always give the same id.

    A service that crashes after appending and reprocesses its input derives the same id, and
    the store answers ``already_appended``: at-least-once delivery, exactly-once effect.
    """
    name = "\x1f".join((cause, producer, *discriminators))
    return str(uuid.uuid5(_DERIVED_NAMESPACE, name))


class Event(msgspec.Struct, frozen=True, kw_only=True, tag_field="type", tag=True):
    """The envelope every event carries.

    The field order matters to the store: ``revision`` is encoded before any payload field, so
    the append script can fill it in (see ``services/_store.py``).
    """

    event_id: str
    release_id: str
    revision: int = 0
    recorded_at: dt.datetime | None = None
    occurred_at: dt.datetime
    causation_id: str | None = None
    correlation_id: str | None = None
    #: A subclass redeclares this with a higher default when a stored older form needs an
    #: upcaster to be read (schemas/upcasting.py).
    schema_version: int = 1
    producer: str = "releasebus"


class Problem(msgspec.Struct, frozen=True, kw_only=True):
    """Why input was rejected or warned about: a message, and where (line, field) if known."""

    message: str
    line: int | None = None
    field: str | None = None


# --- release lifecycle -------------------------------------------------------------------


class ReleaseSubmitted(Event, frozen=True, kw_only=True):
    """Upstream sent something. ``raw`` is this release's part of what it sent, as sent.

    ``submission_hash`` names the whole submission (all its releases, separators and footers
    included), kept verbatim by the store: nothing upstream sent is ever dropped.
    """

    source: str
    format: str = "text"
    raw: str
    content_hash: str
    source_id: str | None = None
    source_url: str | None = None
    submitted_by: str | None = None
    submission_hash: str | None = None


class ReleaseParsed(Event, frozen=True, kw_only=True):
    """The first version of a release's content."""

    content: ReleaseContent
    content_hash: str
    warnings: tuple[Problem, ...] = ()
    source_id: str | None = None
    source_url: str | None = None
    embargo_until: dt.datetime | None = None


class ReleaseRejected(Event, frozen=True, kw_only=True):
    """A submission that could not be parsed; its raw text stays so an operator can replay it.

    ``found`` is what the parser did read of a release it rejected for want of a headline (its
    header and body, the title empty), so the operator sees what came in; None otherwise.
    """

    raw: str
    content_hash: str
    reasons: tuple[Problem, ...]
    source: str | None = None
    found: ReleaseContent | None = None


class ReleaseRevised(Event, frozen=True, kw_only=True):
    """Upstream resubmitted the release with changed content (before or after publication)."""

    content: ReleaseContent
    content_hash: str
    changes: tuple[str, ...] = ()
    warnings: tuple[Problem, ...] = ()
    embargo_until: dt.datetime | None = None


class ReleaseEnriched(Event, frozen=True, kw_only=True):
    """Tags extracted from one content version (``source_revision``) of the release.

    The lists are what subscribers route on; ``mentions`` says for every tag where it was
    found, which rule or gazetteer entry fired, and with what confidence.
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
    #: Countries only implied by a city or capital named in the text (Geneva → CH).
    places_implied: tuple[str, ...] = ()
    #: The country of the dateline place (not a tag: where it was issued).
    dateline_country: str | None = None
    reading_time_s: int = 0
    language_confidence: float | None = None
    mentions: tuple[Mention, ...] = ()


class ReleaseEmbargoed(Event, frozen=True, kw_only=True):
    """The release is held until ``until``; nothing reaches an untrusted subscriber before."""

    until: dt.datetime


class ReleasePublished(Event, frozen=True, kw_only=True):
    """The release is public (immediately, or when its embargo lifted)."""

    published_at: dt.datetime


class ReleaseCorrected(Event, frozen=True, kw_only=True):
    """A published release was corrected; everyone who got an earlier version is told."""

    content: ReleaseContent
    content_hash: str
    note: str
    changes: tuple[str, ...] = ()


class ReleaseWithdrawn(Event, frozen=True, kw_only=True):
    """The release is withdrawn; feeds keep a tombstone, recipients get a notice."""

    reason: str


# --- translation --------------------------------------------------------------------------


class TranslationHeader(msgspec.Struct, frozen=True, kw_only=True):
    """The localized header of a translation, written by the bus (CLDR data), never by hand.

    ``notice`` says, in the target language, that this is an unofficial translation;
    ``original_notice`` that only the original is authoritative, with the link to it
    (``original_url`` when upstream gave one, else the original's ``original_uri``).
    ``localized`` is false when the bus has no kind names or notice for the language (they
    are then in English; the date and language names always come from CLDR).
    """

    language: str
    notice: str
    original_notice: str
    original_uri: str
    original_url: str | None = None
    original_language: str | None = None
    date: str | None = None
    place: str | None = None
    kind: str | None = None
    direction: str = "ltr"
    localized: bool = True


class TranslationRequested(Event, frozen=True, kw_only=True):
    """A job: translate content version ``source_revision`` into ``language``.

    ``source_revision`` is the content *version* of the release (``ReleaseState.version``:
    1 for the parsed content, 2 after the first revision or correction …), not the stream
    revision of the event that set it: distribution compares it with ``state.version``.
    """

    job_id: str
    language: str
    source_revision: int
    priority: int = 0
    due_at: dt.datetime | None = None


class TranslationClaimed(Event, frozen=True, kw_only=True):
    """A translator holds the job until ``lease_until``; an expired lease frees it again."""

    job_id: str
    translator: str
    lease_until: dt.datetime


class TranslationSubmitted(Event, frozen=True, kw_only=True):
    """A translated version, waiting for approval."""

    job_id: str
    translator: str
    content: ReleaseContent
    machine: bool = False
    #: The localized header (date, place, kind, unofficial-translation notice and link).
    header: TranslationHeader | None = None


class TranslationApproved(Event, frozen=True, kw_only=True):
    """The submitted translation is approved and may be distributed."""

    job_id: str
    reviewer: str


class TranslationChangesRequested(Event, frozen=True, kw_only=True):
    """The reviewer sent the translation back; the job returns to its translator."""

    job_id: str
    reviewer: str
    reason: str


class TranslationStale(Event, frozen=True, kw_only=True):
    """The source changed under the job; a new job for the new revision replaces it."""

    job_id: str
    reason: str
    superseded_by_revision: int | None = None


class TranslationCancelled(Event, frozen=True, kw_only=True):
    """The job is closed without a translation (for example the release was withdrawn)."""

    job_id: str
    reason: str


# --- distribution -------------------------------------------------------------------------


class DeliveryScheduled(Event, frozen=True, kw_only=True):
    """One version of the release is due to one subscriber over one channel."""

    delivery_id: str
    subscriber_id: str
    channel: str
    version: int
    language: str | None = None
    not_before: dt.datetime | None = None
    #: "release" (first version this subscriber gets), "correction" or "withdrawal".
    notice: str = "release"
    #: The subscriber's delivery sequence number (1, 2, 3 …), so a receiver can spot a gap.
    sequence: int | None = None
    #: Early delivery of an embargoed release to a trusted subscriber: withheld until then.
    withheld_until: dt.datetime | None = None
    #: The translation job whose approved version this is, for a translated delivery.
    translation_job_id: str | None = None


class DeliverySucceeded(Event, frozen=True, kw_only=True):
    """The subscriber's endpoint accepted the delivery."""

    delivery_id: str
    subscriber_id: str
    channel: str
    attempt: int
    status_code: int | None = None
    latency_ms: float | None = None


class DeliveryFailed(Event, frozen=True, kw_only=True):
    """One attempt failed; ``retry_at`` says when the next one is due (None: no more)."""

    delivery_id: str
    subscriber_id: str
    channel: str
    attempt: int
    error: str
    status_code: int | None = None
    latency_ms: float | None = None
    retry_at: dt.datetime | None = None


class DeliveryDeadLettered(Event, frozen=True, kw_only=True):
    """Retries are exhausted; an operator can resend."""

    delivery_id: str
    subscriber_id: str
    channel: str
    attempts: int
    error: str


AnyEvent = (
    ReleaseSubmitted
    | ReleaseParsed
    | ReleaseRejected
    | ReleaseRevised
    | ReleaseEnriched
    | ReleaseEmbargoed
    | ReleasePublished
    | ReleaseCorrected
    | ReleaseWithdrawn
    | TranslationRequested
    | TranslationClaimed
    | TranslationSubmitted
    | TranslationApproved
    | TranslationChangesRequested
    | TranslationStale
    | TranslationCancelled
    | DeliveryScheduled
    | DeliverySucceeded
    | DeliveryFailed
    | DeliveryDeadLettered
)

#: Every concrete event class by its type tag.
EVENT_TYPES: dict[str, type[Event]] = {
    cls.__name__: cls
    for cls in (
        ReleaseSubmitted,
        ReleaseParsed,
        ReleaseRejected,
        ReleaseRevised,
        ReleaseEnriched,
        ReleaseEmbargoed,
        ReleasePublished,
        ReleaseCorrected,
        ReleaseWithdrawn,
        TranslationRequested,
        TranslationClaimed,
        TranslationSubmitted,
        TranslationApproved,
        TranslationChangesRequested,
        TranslationStale,
        TranslationCancelled,
        DeliveryScheduled,
        DeliverySucceeded,
        DeliveryFailed,
        DeliveryDeadLettered,
    )
}
