"""The translation queue's pure rules: demand, jobs, priorities, leases and every transition."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import msgspec
import pytest

from schemas.events import (
    AnyEvent,
    ReleaseCorrected,
    ReleaseEnriched,
    ReleaseParsed,
    ReleasePublished,
    ReleaseWithdrawn,
    TranslationApproved,
    TranslationCancelled,
    TranslationChangesRequested,
    TranslationClaimed,
    TranslationRequested,
    TranslationStale,
    TranslationSubmitted,
    derived_event_id,
)
from schemas.state import ReleaseState, TranslationJob, fold
from schemas.subscribers import Subscriber, SubscriberSpec
from services.translation.jobs import (
    POLICY_REVIEWER,
    PRODUCER,
    Demand,
    TranslationRefused,
    decide_approve,
    decide_claim,
    decide_draft,
    decide_request_changes,
    decide_submit,
    demand,
    effective_status,
    holds,
    is_free,
    job_id_for,
    plan_jobs,
    queue_score,
    release_of,
    turnaround_s,
)
from tests.samples import T0, content

ENV = {"release_id": "r-1", "occurred_at": T0}
NOW = T0 + dt.timedelta(hours=1)
HOUR = dt.timedelta(hours=1)
FR = "r-1.fr.v1"


def sub(sid: str, **spec: object) -> Subscriber:
    return Subscriber(subscriber_id=sid, spec=SubscriberSpec(name=sid, **spec))  # type: ignore[arg-type]


def release(
    embargo: dt.datetime | None = None, countries: tuple[str, ...] = ("AU",)
) -> list[AnyEvent]:
    events: list[AnyEvent] = [
        ReleaseParsed(
            event_id="p",
            revision=1,
            content=content(),
            content_hash="h1",
            embargo_until=embargo,
            **ENV,  # type: ignore[arg-type]
        ),
        ReleaseEnriched(
            event_id="en",
            revision=2,
            source_revision=1,
            countries=countries,
            language="en",
            **ENV,  # type: ignore[arg-type]
        ),
    ]
    if embargo is None:
        events.append(ReleasePublished(event_id="pub", revision=3, published_at=T0, **ENV))  # type: ignore[arg-type]
    return events


def then(state: ReleaseState, events: Sequence[AnyEvent]) -> ReleaseState:
    """Append ``events`` to ``state`` the way the store does: next revisions, in order."""
    numbered = [
        msgspec.structs.replace(e, revision=state.revision + i)
        for i, e in enumerate(events, start=1)
    ]
    return fold(numbered, initial=state)


SUBSCRIBERS = [
    sub("paris", languages=("fr",), countries=("AU",)),  # about its country: urgent
    sub("quebec", languages=("fr", "en")),
    sub("madrid", languages=("es",), accept_machine_translation=True),
    sub("berlin", languages=("de",), countries=("DE",)),  # does not match
    sub("english", languages=("en",)),  # the original's language: nothing to translate
    sub("everything"),  # no languages: the original only
]


def requested_state(now: dt.datetime = NOW) -> ReleaseState:
    state = fold(release())
    return then(state, plan_jobs(state, SUBSCRIBERS, now))


def test_demand_is_per_language_from_matching_subscribers() -> None:
    assert demand(fold(release()), SUBSCRIBERS) == {
        "es": Demand(language="es", subscribers=("madrid",), accept_machine=True),
        "fr": Demand(language="fr", subscribers=("paris", "quebec"), urgent=("paris",)),
    }
    inactive = [msgspec.structs.replace(s, active=False) for s in SUBSCRIBERS]
    assert demand(fold(release()), inactive) == {}


def test_plan_requests_one_job_per_language_with_priority() -> None:
    state = fold(release())
    env = {**ENV, "occurred_at": NOW, "producer": PRODUCER}
    assert plan_jobs(state, SUBSCRIBERS, NOW) == [
        TranslationRequested(
            event_id=derived_event_id("r-1.es.v1", PRODUCER, "requested"),
            job_id="r-1.es.v1",
            language="es",
            source_revision=1,
            priority=1,
            **env,  # type: ignore[arg-type]
        ),
        TranslationRequested(
            event_id=derived_event_id(FR, PRODUCER, "requested"),
            job_id=FR,
            language="fr",
            source_revision=1,
            priority=4,  # paris (about its country: 3) + quebec (1)
            **env,  # type: ignore[arg-type]
        ),
    ]
    # A reconciliation: once the jobs exist, planning again asks for nothing.
    assert plan_jobs(requested_state(), SUBSCRIBERS, NOW) == []


def test_no_jobs_before_the_current_version_is_enriched_or_for_a_rejected_release() -> None:
    not_enriched = fold([release()[0], release()[2]])
    assert plan_jobs(not_enriched, SUBSCRIBERS, NOW) == []
    rejected = msgspec.structs.replace(fold(release()), status="rejected")
    assert plan_jobs(rejected, SUBSCRIBERS, NOW) == []


def test_an_embargoed_release_is_due_when_its_embargo_lifts() -> None:
    until = T0 + 6 * HOUR
    state = fold(release(embargo=until))
    assert state.status == "embargoed"
    events = plan_jobs(state, SUBSCRIBERS, NOW)
    assert [(e.job_id, e.due_at) for e in events] == [("r-1.es.v1", until), (FR, until)]  # type: ignore[union-attr]


def test_queue_order_due_first_then_relevance_then_age() -> None:
    def job(
        jid: str, priority: int = 0, due: dt.datetime | None = None, age_h: int = 0
    ) -> TranslationJob:
        return TranslationJob(
            job_id=jid,
            language="fr",
            source_revision=1,
            priority=priority,
            due_at=due,
            requested_at=NOW - age_h * HOUR,
        )

    jobs = [
        job("old-low", priority=1, age_h=48),
        job("new-high", priority=9),
        job("due-late", due=NOW + 5 * HOUR),
        job("older-high", priority=9, age_h=2),
        job("due-soon", priority=0, due=NOW + HOUR),
    ]
    assert [j.job_id for j in sorted(jobs, key=queue_score)] == [
        "due-soon",
        "due-late",
        "older-high",
        "new-high",
        "old-low",
    ]


def test_job_ids_name_release_language_and_version() -> None:
    assert job_id_for("cms-12.3", 2, "zh") == "cms-12.3.zh.v2"
    assert release_of("cms-12.3.zh.v2") == "cms-12.3"
    assert release_of("j1") is None
    assert release_of("x.v2") is None


def test_claim_lease_lapses_without_an_event_and_the_job_is_free_again() -> None:
    state = requested_state()
    assert is_free(state.translations[FR], NOW)
    state = then(state, decide_claim(state, FR, "ana", NOW, 3600))
    job = state.translations[FR]
    assert (job.status, job.translator, job.lease_until) == ("claimed", "ana", NOW + HOUR)
    assert holds(job, "ana", NOW)
    assert not is_free(job, NOW)
    with pytest.raises(TranslationRefused, match="held by ana until 2018-01-24 17:00 UTC"):
        decide_claim(state, FR, "ben", NOW + HOUR / 2, 3600)
    later = NOW + HOUR
    assert effective_status(job, later) == "requested"
    assert is_free(job, later)
    assert not holds(job, "ana", later)
    with pytest.raises(TranslationRefused, match=r"your lease on job r-1\.fr\.v1 ran out"):
        decide_submit(state, FR, "ana", content(language="fr"), later)
    state = then(state, decide_claim(state, FR, "ben", later, 3600))
    assert state.translations[FR].translator == "ben"


def test_the_holder_claiming_again_renews_the_lease() -> None:
    state = requested_state()
    state = then(state, decide_claim(state, FR, "ana", NOW, 3600))
    state = then(state, decide_claim(state, FR, "ana", NOW + HOUR / 2, 3600))
    assert state.translations[FR].lease_until == NOW + 1.5 * HOUR


def test_submission_is_refused_unless_held_current_and_structured() -> None:
    state = requested_state()
    translated = content(title="Fête nationale de l'Australie", language="fr")
    with pytest.raises(
        TranslationRefused, match=r"you do not hold job r-1\.fr\.v1 \(it is requested\)"
    ):
        decide_submit(state, FR, "ana", translated, NOW)
    state = then(state, decide_claim(state, FR, "ana", NOW, 3600))
    with pytest.raises(TranslationRefused, match=r"held by ana .* not by you"):
        decide_submit(state, FR, "ben", translated, NOW)
    short = content(language="fr", body=("Un seul paragraphe.",))
    with pytest.raises(
        TranslationRefused,
        match=r"does not keep the structure of the original: the original has 2 paragraphs, "
        r"the translation 1 \(1 missing\)",
    ):
        decide_submit(state, FR, "ana", short, NOW)
    [event] = decide_submit(state, FR, "ana", translated, NOW)
    assert isinstance(event, TranslationSubmitted)
    assert (event.translator, event.content, event.machine) == ("ana", translated, False)


def submitted_state() -> ReleaseState:
    state = requested_state()
    state = then(state, decide_claim(state, FR, "ana", NOW, 3600))
    return then(state, decide_submit(state, FR, "ana", content(language="fr"), NOW))


def test_review_approve_or_send_back_then_resubmit() -> None:
    state = submitted_state()
    with pytest.raises(TranslationRefused, match="another person reviews it"):
        decide_approve(state, FR, "ana", NOW)
    with pytest.raises(TranslationRefused, match="say which changes"):
        decide_request_changes(state, FR, "paul", "  ", NOW)
    state = then(state, decide_request_changes(state, FR, "paul", "Le ton.", NOW))
    job = state.translations[FR]
    assert (job.status, job.reviewer, job.reason) == ("changes_requested", "paul", "Le ton.")
    assert holds(job, "ana", NOW)  # back to its translator, who resubmits
    assert not is_free(job, NOW)  # not in the queue: a person's job stays theirs
    with pytest.raises(TranslationRefused, match="only a submitted translation can be reviewed"):
        decide_approve(state, FR, "paul", NOW)
    state = then(state, decide_submit(state, FR, "ana", content(language="fr"), NOW))
    state = then(state, decide_approve(state, FR, "paul", NOW + HOUR))
    job = state.translations[FR]
    assert (job.status, job.reviewer, job.approved_at) == ("approved", "paul", NOW + HOUR)
    assert turnaround_s(job) == 3600.0
    with pytest.raises(TranslationRefused, match="approved already"):
        decide_claim(state, FR, "ben", NOW, 3600)


def test_a_correction_marks_every_job_stale_and_requests_new_ones() -> None:
    state = submitted_state()
    state = then(state, decide_approve(state, FR, "paul", NOW))
    state = then(
        state,
        [
            ReleaseCorrected(
                event_id="c",
                content=content(title="Australia Day"),
                content_hash="h2",
                note="Title.",
                **ENV,  # type: ignore[arg-type]
            )
        ],
    )
    # Stale at once, before the new version is enriched; new jobs once it is.
    stale = plan_jobs(state, SUBSCRIBERS, NOW)
    reason = "the release was corrected: version 2 replaces the translated text"
    assert [(type(e), e.job_id, e.reason, e.superseded_by_revision) for e in stale] == [  # type: ignore[union-attr]
        (TranslationStale, "r-1.es.v1", reason, 2),
        (TranslationStale, FR, reason, 2),
    ]
    state = then(state, stale)
    with pytest.raises(TranslationRefused, match=r"the job is stale; the new job is r-1\.es\.v2"):
        decide_claim(state, "r-1.es.v1", "ana", NOW, 3600)
    state = then(
        state,
        [
            ReleaseEnriched(
                event_id="en2",
                source_revision=state.revision,
                countries=("AU",),
                language="en",
                **ENV,  # type: ignore[arg-type]
            )
        ],
    )
    assert [(type(e), e.job_id, e.source_revision) for e in plan_jobs(state, SUBSCRIBERS, NOW)] == [  # type: ignore[union-attr]
        (TranslationRequested, "r-1.es.v2", 2),
        (TranslationRequested, "r-1.fr.v2", 2),
    ]


def test_a_submission_for_an_older_version_is_refused_even_before_it_is_marked_stale() -> None:
    state = requested_state()
    state = then(state, decide_claim(state, FR, "ana", NOW, 3600))
    state = then(
        state,
        [ReleaseCorrected(event_id="c", content=content(), content_hash="h2", note="n", **ENV)],  # type: ignore[arg-type]
    )
    with pytest.raises(
        TranslationRefused, match="translates version 1, but the release is at version 2"
    ):
        decide_submit(state, FR, "ana", content(language="fr"), NOW)


def test_a_withdrawal_cancels_open_jobs_and_keeps_approved_ones() -> None:
    state = submitted_state()
    state = then(state, decide_approve(state, FR, "paul", NOW))
    state = then(state, [ReleaseWithdrawn(event_id="w", reason="Issued in error.", **ENV)])  # type: ignore[arg-type]
    events = plan_jobs(state, SUBSCRIBERS, NOW)
    assert events == [
        TranslationCancelled(
            event_id=derived_event_id("r-1.es.v1", PRODUCER, "cancelled"),
            job_id="r-1.es.v1",
            reason="the release was withdrawn: Issued in error.",
            release_id="r-1",
            occurred_at=NOW,
            producer=PRODUCER,
        )
    ]
    state = then(state, events)
    assert {j.job_id: j.status for j in state.translations.values()} == {
        "r-1.es.v1": "cancelled",
        FR: "approved",
    }
    with pytest.raises(TranslationRefused, match="cancelled"):
        decide_claim(state, "r-1.es.v1", "ana", NOW, 3600)


def test_a_machine_draft_claims_and_submits_at_once_and_is_approved_only_by_policy() -> None:
    state = requested_state()
    draft = content(language="es")
    events = decide_draft(
        state, "r-1.es.v1", "libretranslate", draft, NOW, header=None, approve=True
    )
    assert [type(e) for e in events] == [
        TranslationClaimed,
        TranslationSubmitted,
        TranslationApproved,
    ]
    assert events[2].reviewer == POLICY_REVIEWER  # type: ignore[union-attr]
    state = then(state, events)
    job = state.translations["r-1.es.v1"]
    assert (job.status, job.translator, job.machine) == ("approved", "machine:libretranslate", True)
    state = then(state, decide_claim(state, FR, "ana", NOW, 3600))
    with pytest.raises(TranslationRefused, match="no longer free"):
        decide_draft(
            state, FR, "libretranslate", content(language="fr"), NOW, header=None, approve=False
        )


def test_a_machine_draft_sent_back_goes_to_the_queue_for_people() -> None:
    state = requested_state()
    state = then(
        state,
        decide_draft(
            state, FR, "libretranslate", content(language="fr"), NOW, header=None, approve=False
        ),
    )
    assert state.translations[FR].status == "submitted"
    state = then(state, decide_request_changes(state, FR, "paul", "Trop littéral.", NOW))
    job = state.translations[FR]
    assert is_free(job, NOW)
    state = then(state, decide_claim(state, FR, "ana", NOW, 3600))
    assert holds(state.translations[FR], "ana", NOW)


def test_unknown_job_is_refused() -> None:
    with pytest.raises(TranslationRefused, match="has no translation job nope"):
        decide_claim(requested_state(), "nope", "ana", NOW, 60)


def test_changes_requested_event_keeps_the_translator() -> None:
    state = submitted_state()
    [event] = decide_request_changes(state, FR, "paul", "x", NOW)
    assert isinstance(event, TranslationChangesRequested)
    assert then(state, [event]).translations[FR].translator == "ana"
