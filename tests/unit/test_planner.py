"""The pure delivery rules: who gets which version, as what notice, and never twice."""

from __future__ import annotations

import datetime as dt

import msgspec

from schemas.events import (
    AnyEvent,
    DeliveryScheduled,
    ReleaseCorrected,
    ReleaseEnriched,
    ReleaseParsed,
    ReleasePublished,
    ReleaseWithdrawn,
    TranslationApproved,
    TranslationRequested,
    TranslationSubmitted,
)
from schemas.state import ReleaseState, fold
from schemas.subscribers import Subscriber, SubscriberSpec
from services.distribution.planner import Planned, delivery_id, next_digest_time, plan
from tests.samples import T0, content

NOW = T0 + dt.timedelta(hours=2)
ENV = {"release_id": "r-1", "occurred_at": T0}


def sub(sid: str, **spec: object) -> Subscriber:
    spec.setdefault("webhook_url", f"https://{sid}.example/hook")
    return Subscriber(subscriber_id=sid, spec=SubscriberSpec(name=sid, **spec))  # type: ignore[arg-type]


def parsed(embargo: dt.datetime | None = None) -> list[AnyEvent]:
    return [
        ReleaseParsed(
            event_id="p",
            revision=1,
            content=content(),
            content_hash="h1",
            embargo_until=embargo,
            **ENV,  # type: ignore[arg-type]
        ),
    ]


def enriched(revision: int, source_revision: int, countries: tuple[str, ...] = ("AU",)) -> AnyEvent:
    return ReleaseEnriched(
        event_id=f"en{revision}",
        revision=revision,
        source_revision=source_revision,
        countries=countries,
        topics=("diplomacy",),
        language="en",
        **ENV,  # type: ignore[arg-type]
    )


def published(revision: int) -> AnyEvent:
    return ReleasePublished(event_id=f"pub{revision}", revision=revision, published_at=T0, **ENV)  # type: ignore[arg-type]


def scheduled(p: Planned, revision: int) -> AnyEvent:
    return DeliveryScheduled(
        event_id=f"s-{p.delivery_id}",
        revision=revision,
        delivery_id=p.delivery_id,
        subscriber_id=p.subscriber_id,
        channel=p.channel,
        version=p.version,
        language=p.language,
        notice=p.notice,
        **ENV,  # type: ignore[arg-type]
    )


def with_scheduled(events: list[AnyEvent], planned: list[Planned]) -> list[AnyEvent]:
    revision = len(events)
    return [*events, *(scheduled(p, revision + i + 1) for i, p in enumerate(planned))]


def state_of(events: list[AnyEvent]) -> ReleaseState:
    return fold(events)


def test_nothing_before_enrichment_of_the_current_version() -> None:
    events = [*parsed(), published(2)]
    assert plan(state_of(events), [sub("a")], NOW) == []
    events.append(enriched(3, 1))
    planned = plan(state_of(events), [sub("a")], NOW)
    assert [(p.subscriber_id, p.notice, p.version, p.language) for p in planned] == [
        ("a", "release", 1, "en")
    ]


def test_filters_kind_country_topic_language() -> None:
    state = state_of([*parsed(), published(2), enriched(3, 1)])
    subscribers = [
        sub("kind-ok", kinds=("Press Statement",)),
        sub("kind-no", kinds=("Readout",)),
        sub("country-ok", countries=("AU", "FR")),
        sub("country-no", countries=("FR",)),
        sub("topic-ok", topics=("medtop:20000639",)),
        sub("topic-no", topics=("elections",)),
        sub("lang-ok", languages=("en", "fr")),
        sub("lang-no", languages=("fr",)),
        msgspec.structs.replace(sub("off"), active=False),
        Subscriber(subscriber_id="no-channel", spec=SubscriberSpec(name="x", kind="feed")),
    ]
    got = {p.subscriber_id for p in plan(state, subscribers, NOW)}
    assert got == {"kind-ok", "country-ok", "topic-ok", "lang-ok"}


def test_same_plan_twice_gives_the_same_ids_and_nothing_once_scheduled() -> None:
    events = [*parsed(), published(2), enriched(3, 1)]
    first = plan(state_of(events), [sub("a"), sub("b", emails=("b@example.org",))], NOW)
    again = plan(state_of(events), [sub("a"), sub("b", emails=("b@example.org",))], NOW)
    assert first == again
    assert {(p.subscriber_id, p.channel) for p in first} == {
        ("a", "webhook"),
        ("b", "webhook"),
        ("b", "email"),
    }
    assert plan(state_of(with_scheduled(events, first)), [sub("a"), sub("b")], NOW) == []


def test_correction_goes_to_earlier_recipients_even_if_they_no_longer_match() -> None:
    events = [*parsed(), published(2), enriched(3, 1, countries=("AU",))]
    subscribers = [sub("au", countries=("AU",)), sub("fr", countries=("FR",))]
    first = plan(state_of(events), subscribers, NOW)
    assert [p.subscriber_id for p in first] == ["au"]
    events = with_scheduled(events, first)
    n = len(events)
    events += [
        ReleaseCorrected(
            event_id="c",
            revision=n + 1,
            content=content(title="Fixed"),
            content_hash="h2",
            note="Corrected the title.",
            **ENV,  # type: ignore[arg-type]
        ),
        enriched(n + 2, n + 1, countries=("FR",)),
    ]
    second = plan(state_of(events), subscribers, NOW)
    assert {(p.subscriber_id, p.notice, p.version) for p in second} == {
        ("au", "correction", 2),
        ("fr", "release", 2),
    }


def test_withdrawal_goes_only_to_those_who_got_it() -> None:
    events = [*parsed(), published(2), enriched(3, 1)]
    first = plan(state_of(events), [sub("a")], NOW)
    events = with_scheduled(events, first)
    events.append(
        ReleaseWithdrawn(event_id="w", revision=len(events) + 1, reason="Issued in error.", **ENV)
    )  # type: ignore[arg-type]
    withdrawals = plan(state_of(events), [sub("a"), sub("b")], NOW)
    assert [(p.subscriber_id, p.notice) for p in withdrawals] == [("a", "withdrawal")]
    events = with_scheduled(events, withdrawals)
    assert plan(state_of(events), [sub("a"), sub("b")], NOW) == []


def test_embargo_only_trusted_early_and_withheld() -> None:
    until = NOW + dt.timedelta(hours=1)
    events = [*parsed(embargo=until), enriched(2, 1)]
    state = state_of(events)
    assert state.status == "embargoed"
    planned = plan(state, [sub("trusted", embargo_trusted=True), sub("other")], NOW)
    assert [(p.subscriber_id, p.withheld_until) for p in planned] == [("trusted", until)]
    # Due but not yet published by the scheduler: nobody else, not even trusted ones again.
    assert [p.subscriber_id for p in plan(state, [sub("other")], until)] == []
    events = with_scheduled(events, planned)
    events.append(published(len(events) + 1))
    after = plan(state_of(events), [sub("trusted", embargo_trusted=True), sub("other")], until)
    assert [(p.subscriber_id, p.withheld_until) for p in after] == [("other", None)]


def test_translation_goes_to_subscribers_of_that_language() -> None:
    events: list[AnyEvent] = [*parsed(), published(2), enriched(3, 1)]
    events += [
        TranslationRequested(
            event_id="tr", revision=4, job_id="j1", language="fr", source_revision=1, **ENV
        ),  # type: ignore[arg-type]
        TranslationSubmitted(
            event_id="ts",
            revision=5,
            job_id="j1",
            translator="t",
            content=content(title="Fête nationale", language="fr"),
            **ENV,
        ),  # type: ignore[arg-type]
        TranslationApproved(event_id="ta", revision=6, job_id="j1", reviewer="r", **ENV),  # type: ignore[arg-type]
    ]
    planned = plan(
        state_of(events), [sub("fr", languages=("fr",)), sub("both", languages=("en", "fr"))], NOW
    )
    assert sorted((p.subscriber_id, p.language, p.translation_job_id) for p in planned) == [
        ("both", "en", None),
        ("both", "fr", "j1"),
        ("fr", "fr", "j1"),
    ]


def test_daily_digest_email_waits_for_digest_time() -> None:
    state = state_of([*parsed(), published(2), enriched(3, 1)])
    planned = plan(
        state,
        [sub("d", webhook_url=None, emails=("d@example.org",), digest="daily", digest_at="07:00")],
        NOW,
    )
    assert [p.not_before for p in planned] == [next_digest_time(NOW, "07:00")]
    assert next_digest_time(dt.datetime(2026, 1, 1, 6, 59, tzinfo=dt.UTC), "07:00") == dt.datetime(
        2026, 1, 1, 7, 0, tzinfo=dt.UTC
    )
    assert next_digest_time(dt.datetime(2026, 1, 1, 7, 0, tzinfo=dt.UTC), "07:00") == dt.datetime(
        2026, 1, 1, 7, 0, tzinfo=dt.UTC
    )


def test_delivery_id_is_deterministic_and_distinct() -> None:
    a = delivery_id("r", "s", "webhook", 1, "en", "release")
    assert a == delivery_id("r", "s", "webhook", 1, "en", "release")
    assert (
        len(
            {
                a,
                delivery_id("r", "s", "webhook", 2, "en", "correction"),
                delivery_id("r", "s", "email", 1, "en", "release"),
            }
        )
        == 3
    )
