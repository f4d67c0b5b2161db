"""The subscriber fold: whole states after whole histories, and what it refuses to invent."""

from __future__ import annotations

import datetime as dt

from schemas.subscribers import (
    Subscriber,
    SubscriberDisabled,
    SubscriberEnabled,
    SubscriberRegistered,
    SubscriberSpec,
    SubscriberUpdated,
    fold_subscriber,
)

T0 = dt.datetime(2018, 1, 24, 12, 0, tzinfo=dt.UTC)

PARIS = SubscriberSpec(
    name="Embassy in Paris",
    kind="embassy",
    webhook_url="https://press.embassy-paris.example/hook",
    languages=("fr", "en"),
    countries=("FR",),
)
PARIS_WITH_EMAIL = SubscriberSpec(
    name="Embassy in Paris",
    kind="embassy",
    webhook_url="https://press.embassy-paris.example/hook",
    emails=("press@embassy-paris.example",),
    languages=("fr", "en"),
    countries=("FR",),
)


def at(minutes: int) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


def registered(revision: int = 1) -> SubscriberRegistered:
    return SubscriberRegistered(
        event_id="e1",
        subscriber_id="embassy-paris",
        revision=revision,
        occurred_at=T0,
        recorded_at=at(revision),
        spec=PARIS,
        secret_id="aaaaaaaaaaaa",
    )


def test_nothing_before_registration() -> None:
    assert fold_subscriber([]) is None


def test_registration_sets_everything() -> None:
    assert fold_subscriber([registered()]) == Subscriber(
        subscriber_id="embassy-paris",
        spec=PARIS,
        active=True,
        disabled_reason=None,
        secret_id="aaaaaaaaaaaa",
        revision=1,
        created_at=at(1),
        updated_at=at(1),
    )


def test_a_whole_history() -> None:
    events = [
        registered(),
        SubscriberUpdated(
            event_id="e2",
            subscriber_id="embassy-paris",
            revision=2,
            occurred_at=T0,
            recorded_at=at(2),
            spec=PARIS_WITH_EMAIL,
            changes=("emails",),
        ),
        SubscriberDisabled(
            event_id="e3",
            subscriber_id="embassy-paris",
            revision=3,
            occurred_at=T0,
            recorded_at=at(3),
            reason="webhook endpoint answered 410 Gone",
        ),
        SubscriberUpdated(
            event_id="e4",
            subscriber_id="embassy-paris",
            revision=4,
            occurred_at=T0,
            recorded_at=at(4),
            spec=PARIS_WITH_EMAIL,
            changes=("secret_id",),
            secret_id="bbbbbbbbbbbb",
        ),
    ]
    assert fold_subscriber(events) == Subscriber(
        subscriber_id="embassy-paris",
        spec=PARIS_WITH_EMAIL,
        active=False,
        disabled_reason="webhook endpoint answered 410 Gone",
        secret_id="bbbbbbbbbbbb",
        revision=4,
        created_at=at(1),
        updated_at=at(4),
    )
    enabled = SubscriberEnabled(
        event_id="e5", subscriber_id="embassy-paris", revision=5, occurred_at=at(5)
    )
    assert fold_subscriber([*events, enabled]) == Subscriber(
        subscriber_id="embassy-paris",
        spec=PARIS_WITH_EMAIL,
        active=True,
        disabled_reason=None,
        secret_id="bbbbbbbbbbbb",
        revision=5,
        created_at=at(1),
        updated_at=at(5),  # no recorded_at: when it occurred
    )


def test_an_update_without_a_secret_keeps_the_one_in_use() -> None:
    update = SubscriberUpdated(
        event_id="e2",
        subscriber_id="embassy-paris",
        revision=2,
        occurred_at=T0,
        recorded_at=at(2),
        spec=PARIS_WITH_EMAIL,
        changes=("emails",),
    )
    state = fold_subscriber([registered(), update])
    assert state is not None
    assert (state.spec, state.secret_id, state.revision) == (PARIS_WITH_EMAIL, "aaaaaaaaaaaa", 2)


def test_changes_before_registration_are_ignored_not_invented() -> None:
    orphan = SubscriberDisabled(
        event_id="e0", subscriber_id="embassy-paris", revision=1, occurred_at=T0, reason="x"
    )
    assert fold_subscriber([orphan]) is None
    state = fold_subscriber([orphan, registered(revision=2)])
    assert state is not None
    assert (state.active, state.disabled_reason, state.revision) == (True, None, 2)


def test_every_prefix_is_the_state_at_that_revision() -> None:
    events = [
        registered(),
        SubscriberDisabled(
            event_id="e2", subscriber_id="embassy-paris", revision=2, occurred_at=at(2), reason="r"
        ),
        SubscriberEnabled(
            event_id="e3", subscriber_id="embassy-paris", revision=3, occurred_at=at(3)
        ),
    ]
    states = [fold_subscriber(events[:n]) for n in range(1, 4)]
    assert [(s.revision, s.active) for s in states if s] == [(1, True), (2, False), (3, True)]
