"""Sample events and content for tests: one valid instance of every event type."""

from __future__ import annotations

import datetime as dt

from schemas.events import (
    EVENT_TYPES,
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
    TranslationRequested,
    TranslationStale,
    TranslationSubmitted,
)
from schemas.release import Byline, Footnote, ReleaseContent

T0 = dt.datetime(2018, 1, 24, 15, 0, tzinfo=dt.UTC)

# One release as upstream sends it: the seed's second release, on its own.
AUSTRALIA_DAY = """# Australia National Day

Press Statement

Rex W. Tillerson
Secretary of State

Washington, DC

January 24, 2018

On behalf of President Trump and the people of the United States, I congratulate the people
of Australia as you celebrate your national day on January 26.

Our ties with Australia continue to strengthen across trade, security and research.
"""


def content(title: str = "Australia National Day", **changes: object) -> ReleaseContent:
    base = ReleaseContent(
        title=title,
        kind="Press Statement",
        byline=Byline(name="Rex W. Tillerson", title="Secretary of State"),
        place="Washington, DC",
        date=dt.date(2018, 1, 24),
        language="en",
        body=("On behalf of President Trump …", "The United States and Australia …"),
        footnotes=(Footnote(marker="1", text="A note."),),
    )
    return ReleaseContent(**{**{f: getattr(base, f) for f in base.__struct_fields__}, **changes})  # type: ignore[arg-type]


def lifecycle(release_id: str = "r-1") -> list[AnyEvent]:
    """One event of every type, in an order that makes sense for one release."""
    env = {"release_id": release_id, "occurred_at": T0}
    c = content()
    events: list[AnyEvent] = [
        ReleaseSubmitted(event_id="e01", source="cms", raw="# raw", content_hash="h1", **env),
        ReleaseRejected(
            event_id="e02",
            raw="# raw",
            content_hash="h1",
            reasons=(Problem(message="no body", line=3, field="body"),),
            **env,
        ),
        ReleaseParsed(event_id="e03", content=c, content_hash="h2", **env),
        ReleaseEmbargoed(event_id="e04", until=T0 + dt.timedelta(hours=1), **env),
        ReleaseEnriched(
            event_id="e05",
            source_revision=3,
            countries=("AU", "US"),
            people=("Rex W. Tillerson", "Trump"),
            language="en",
            word_count=120,
            **env,
        ),
        ReleasePublished(event_id="e06", published_at=T0 + dt.timedelta(hours=1), **env),
        ReleaseRevised(
            event_id="e07",
            content=content(place="Canberra"),
            content_hash="h3",
            changes=("place",),
            **env,
        ),
        ReleaseCorrected(
            event_id="e08",
            content=content(title="Australia Day"),
            content_hash="h4",
            note="Corrected the title.",
            changes=("title",),
            **env,
        ),
        TranslationRequested(event_id="e09", job_id="j1", language="fr", source_revision=8, **env),
        TranslationClaimed(
            event_id="e10",
            job_id="j1",
            translator="amelie",
            lease_until=T0 + dt.timedelta(hours=2),
            **env,
        ),
        TranslationSubmitted(
            event_id="e11",
            job_id="j1",
            translator="amelie",
            content=content(title="Fête nationale de l'Australie", language="fr"),
            **env,
        ),
        TranslationChangesRequested(
            event_id="e12", job_id="j1", reviewer="paul", reason="ton", **env
        ),
        TranslationApproved(event_id="e13", job_id="j1", reviewer="paul", **env),
        TranslationRequested(event_id="e14", job_id="j2", language="es", source_revision=8, **env),
        TranslationStale(
            event_id="e15", job_id="j2", reason="corrected", superseded_by_revision=9, **env
        ),
        TranslationCancelled(event_id="e16", job_id="j2", reason="withdrawn", **env),
        DeliveryScheduled(
            event_id="e17",
            delivery_id="d1",
            subscriber_id="embassy-au",
            channel="webhook",
            version=2,
            **env,
        ),
        DeliveryFailed(
            event_id="e18",
            delivery_id="d1",
            subscriber_id="embassy-au",
            channel="webhook",
            attempt=1,
            error="503",
            status_code=503,
            retry_at=T0,
            **env,
        ),
        DeliverySucceeded(
            event_id="e19",
            delivery_id="d1",
            subscriber_id="embassy-au",
            channel="webhook",
            attempt=2,
            status_code=200,
            latency_ms=12.5,
            **env,
        ),
        DeliveryScheduled(
            event_id="e20",
            delivery_id="d2",
            subscriber_id="feed-x",
            channel="webhook",
            version=2,
            **env,
        ),
        DeliveryDeadLettered(
            event_id="e21",
            delivery_id="d2",
            subscriber_id="feed-x",
            channel="webhook",
            attempts=8,
            error="timeout",
            **env,
        ),
        ReleaseWithdrawn(event_id="e22", reason="Issued in error.", **env),
    ]
    assert {type(e).__name__ for e in events} == set(EVENT_TYPES)
    return events
