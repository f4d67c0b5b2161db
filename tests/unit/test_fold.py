"""The fold: whole states after whole histories, prefixes, idempotent overlap."""

from __future__ import annotations

import datetime as dt

import pytest

from schemas.events import ReleaseParsed, ReleasePublished, ReleaseWithdrawn
from schemas.state import (
    Correction,
    Delivery,
    Enrichment,
    ReleaseState,
    TranslationJob,
    fold,
    fold_until,
)
from tests.samples import T0, content, lifecycle


def numbered(events):
    """Events as the store returns them: revisions 1..n, recorded a minute apart."""
    return [
        type(e)(
            **{
                **{f: getattr(e, f) for f in e.__struct_fields__},
                "revision": i,
                "recorded_at": T0 + dt.timedelta(minutes=i),
            }
        )
        for i, e in enumerate(events, start=1)
    ]


def test_full_lifecycle_folds_to_the_expected_state() -> None:
    events = numbered(lifecycle())
    at = {e.revision: e.recorded_at for e in events}
    state = fold(events)
    assert state == ReleaseState(
        release_id="r-1",
        revision=22,
        status="withdrawn",
        version=3,
        content_revision=8,
        content=content(title="Australia Day"),
        content_hash="h4",
        source="cms",
        embargo_until=None,
        published_at=T0 + dt.timedelta(hours=1),
        corrections=(Correction(version=3, note="Corrected the title.", at=at[8]),),
        withdrawn_reason="Issued in error.",
        withdrawn_at=at[22],
        enrichment=Enrichment(
            source_revision=3,
            countries=("AU", "US"),
            people=("Rex W. Tillerson", "Trump"),
            language="en",
            word_count=120,
        ),
        translations={
            "j1": TranslationJob(
                job_id="j1",
                language="fr",
                source_revision=8,
                status="approved",
                requested_at=at[9],
                translator="amelie",
                lease_until=None,
                content=content(title="Fête nationale de l'Australie", language="fr"),
                reviewer="paul",
                reason="ton",
                approved_at=at[13],
            ),
            "j2": TranslationJob(
                job_id="j2",
                language="es",
                source_revision=8,
                status="cancelled",
                requested_at=at[14],
                reason="withdrawn",
            ),
        },
        deliveries={
            "d1": Delivery(
                delivery_id="d1",
                subscriber_id="embassy-au",
                channel="webhook",
                version=2,
                status="delivered",
                attempts=2,
                scheduled_at=at[17],
                delivered_at=at[19],
                status_code=200,
                latency_ms=12.5,
            ),
            "d2": Delivery(
                delivery_id="d2",
                subscriber_id="feed-x",
                channel="webhook",
                version=2,
                status="dead_lettered",
                attempts=8,
                last_error="timeout",
                scheduled_at=at[20],
            ),
        },
        created_at=at[1],
        updated_at=at[22],
    )


def test_fold_of_a_prefix_is_the_state_at_that_revision() -> None:
    events = numbered(lifecycle())
    at_6 = fold_until(events, revision=6)
    assert (at_6.revision, at_6.status, at_6.version) == (6, "published", 1)
    assert at_6.content == content()
    by_time = fold_until(events, at=T0 + dt.timedelta(minutes=4, seconds=30))
    assert (by_time.revision, by_time.status) == (4, "embargoed")


def test_folding_onto_a_state_skips_events_it_already_has() -> None:
    events = numbered(lifecycle())
    partial = fold(events[:10])
    assert fold(events, partial) == fold(events)
    assert fold(events[5:], fold(events[:8])) == fold(events)


def test_fold_does_not_mutate_its_initial_state() -> None:
    events = numbered(lifecycle())
    partial = fold(events[:16])
    snapshot = (partial.revision, dict(partial.translations), dict(partial.deliveries))
    fold(events, partial)
    assert (partial.revision, dict(partial.translations), dict(partial.deliveries)) == snapshot


def test_withdrawal_is_final_for_publication_status() -> None:
    env = {"release_id": "r", "occurred_at": T0}
    events = numbered(
        [
            ReleaseParsed(event_id="p", content=content(), content_hash="h", **env),
            ReleaseWithdrawn(event_id="w", reason="error", **env),
            ReleasePublished(event_id="pub", published_at=T0, **env),
        ]
    )
    assert fold(events).status == "withdrawn"


def test_embargoed_parse_is_held() -> None:
    env = {"release_id": "r", "occurred_at": T0}
    until = T0 + dt.timedelta(hours=3)
    state = fold(
        numbered(
            [
                ReleaseParsed(
                    event_id="p", content=content(), content_hash="h", embargo_until=until, **env
                )
            ]
        )
    )
    assert (state.status, state.embargo_until, state.version) == ("embargoed", until, 1)


def test_fold_needs_something_to_fold() -> None:
    with pytest.raises(ValueError, match="at least one event"):
        fold([])
