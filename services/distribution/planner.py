"""Who gets what: the pure rules that turn a release's state into deliveries.

:func:`plan` looks at one release (its folded state, which already records every delivery
scheduled so far) and the subscribers, and returns the deliveries still missing. It is a
reconciliation, not a reaction to one event: running it twice, or after a crash, or after a
replay, plans nothing new, because every delivery has a deterministic id
(:func:`delivery_id`) and the ones already in the state are left out.

The rules:

- A version is distributed once it is published (or, to embargo-trusted subscribers only,
  while it is embargoed: marked withheld until the release time) *and* enriched: routing
  needs the countries and topics of that very content version.
- A subscriber matches when every filter it set matches (kind; any of its countries among
  the release's countries or dateline country; any of its topics). Its ``languages`` say which
  language versions it gets: the original when its language is listed (or nothing is listed),
  and each approved translation into a listed language.
- A new content version goes to everyone who got an earlier version of the release (as a
  correction, even if they no longer match) and to new matches (as a release).
- A withdrawal goes to everyone who got any version, on the channels and in the languages they
  got it, and to nobody else.
- Inactive subscribers get nothing; a subscriber without a usable channel gets nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Final

import msgspec

from schemas.delivery import Notice
from schemas.events import derived_event_id
from schemas.state import ReleaseState, TranslationJob
from schemas.subscribers import Subscriber, SubscriberSpec
from services.distribution.email import next_digest_time
from services.enrichment.topics import TOPICS

__all__ = [
    "PRODUCER",
    "Planned",
    "channels_of",
    "delivery_id",
    "matches",
    "next_digest_time",
    "plan",
    "ready",
]

PRODUCER: Final = "distribution"
_IPTC_TO_ID: Final = {t.iptc: t.id for t in TOPICS}


class Planned(msgspec.Struct, frozen=True, kw_only=True):
    """One delivery to schedule: a version of the release, to a subscriber, over a channel."""

    delivery_id: str
    release_id: str
    subscriber_id: str
    channel: str
    version: int
    language: str | None
    notice: Notice
    withheld_until: dt.datetime | None = None
    not_before: dt.datetime | None = None
    translation_job_id: str | None = None


def delivery_id(  # noqa: PLR0917 - the six parts that make a delivery
    release_id: str,
    subscriber_id: str,
    channel: str,
    version: int,
    language: str | None,
    notice: Notice,
) -> str:
    """Deterministic: the same version to the same subscriber is always the same delivery.

    It is the Standard Webhooks ``webhook-id``: stable across retries, resends and replays.
    """
    return derived_event_id(
        release_id, PRODUCER, subscriber_id, channel, str(version), language or "", notice
    )


def channels_of(spec: SubscriberSpec) -> tuple[str, ...]:
    found = []
    if spec.webhook_url:
        found.append("webhook")
    if spec.emails:
        found.append("email")
    return tuple(found)


def ready(state: ReleaseState) -> bool:
    """Has the current content version been enriched (so it can be routed)?"""
    return (
        state.content is not None
        and state.enrichment is not None
        and state.enrichment.source_revision >= state.content_revision
    )


def _original_language(state: ReleaseState) -> str | None:
    if state.content is not None and state.content.language:
        return state.content.language
    return state.enrichment.language if state.enrichment else None


def matches(spec: SubscriberSpec, state: ReleaseState) -> bool:
    """Do the release's kind, countries and topics pass every filter the subscriber set?"""
    if state.content is None:
        return False
    if spec.kinds and state.content.kind not in spec.kinds:
        return False
    enrichment = state.enrichment
    if spec.countries:
        found = set(enrichment.countries) if enrichment else set()
        if enrichment and enrichment.dateline_country:
            found.add(enrichment.dateline_country)
        if not found.intersection(spec.countries):
            return False
    if spec.topics:
        topics = set(enrichment.topics) if enrichment else set()
        wanted = {_IPTC_TO_ID.get(t, t) for t in spec.topics}
        if not topics & wanted:
            return False
    return True


def _language_versions(
    spec: SubscriberSpec, state: ReleaseState
) -> list[tuple[str | None, TranslationJob | None]]:
    """Which language versions of the current content this subscriber takes."""
    original = _original_language(state)
    versions: list[tuple[str | None, TranslationJob | None]] = []
    if not spec.languages or original in spec.languages:
        versions.append((original, None))
    for job in state.translations.values():
        if (
            job.status == "approved"
            and job.content is not None
            and job.source_revision >= state.version
            and job.language in spec.languages
            and job.language != original
        ):
            versions.append((job.language, job))
    return versions


def plan(state: ReleaseState, subscribers: Iterable[Subscriber], now: dt.datetime) -> list[Planned]:
    """The deliveries this release still needs (none already in ``state.deliveries``)."""
    if state.status == "withdrawn":
        return _withdrawals(state, subscribers)
    if not ready(state):
        return []
    embargoed = state.status == "embargoed"
    if not embargoed and state.status != "published":
        return []
    if embargoed and (state.embargo_until is None or state.embargo_until <= now):
        return []  # the embargo is due: wait for the scheduler to publish, then go to all
    # Who got which version already, per (subscriber, channel, language).
    earlier: dict[tuple[str, str, str | None], int] = {}
    for d in state.deliveries.values():
        if d.notice != "withdrawal":
            key = (d.subscriber_id, d.channel, d.language)
            earlier[key] = max(earlier.get(key, 0), d.version)
    planned: list[Planned] = []
    for subscriber in subscribers:
        spec = subscriber.spec
        if not subscriber.active or (embargoed and not spec.embargo_trusted):
            continue
        matched = matches(spec, state)
        for channel in channels_of(spec):
            not_before = (
                next_digest_time(now, spec.digest_at)
                if channel == "email" and spec.digest == "daily"
                else None
            )
            for language, job in _language_versions(spec, state):
                got = earlier.get((subscriber.subscriber_id, channel, language), 0)
                if got >= state.version or (not matched and not got):
                    continue
                notice: Notice = "correction" if got else "release"
                planned.append(
                    Planned(
                        delivery_id=delivery_id(
                            state.release_id,
                            subscriber.subscriber_id,
                            channel,
                            state.version,
                            language,
                            notice,
                        ),
                        release_id=state.release_id,
                        subscriber_id=subscriber.subscriber_id,
                        channel=channel,
                        version=state.version,
                        language=language,
                        notice=notice,
                        withheld_until=state.embargo_until if embargoed else None,
                        not_before=not_before,
                        translation_job_id=job.job_id if job else None,
                    )
                )
    return [p for p in planned if p.delivery_id not in state.deliveries]


def _withdrawals(state: ReleaseState, subscribers: Iterable[Subscriber]) -> list[Planned]:
    active = {s.subscriber_id for s in subscribers if s.active}
    seen: set[tuple[str, str, str | None]] = set()
    planned: list[Planned] = []
    for d in state.deliveries.values():
        key = (d.subscriber_id, d.channel, d.language)
        if d.notice == "withdrawal" or key in seen or d.subscriber_id not in active:
            continue
        seen.add(key)
        planned.append(
            Planned(
                delivery_id=delivery_id(
                    state.release_id,
                    d.subscriber_id,
                    d.channel,
                    state.version,
                    d.language,
                    "withdrawal",
                ),
                release_id=state.release_id,
                subscriber_id=d.subscriber_id,
                channel=d.channel,
                version=state.version,
                language=d.language,
                notice="withdrawal",
            )
        )
    return [p for p in planned if p.delivery_id not in state.deliveries]


def pending(state: ReleaseState) -> Sequence[str]:
    """Deliveries scheduled but not yet finished (to hand to the outbox again after a crash)."""
    return [d.delivery_id for d in state.deliveries.values() if d.status == "scheduled"]
