"""The translation queue's rules, pure: which jobs a release needs, and every transition.

No I/O: each decision takes a release's folded state (and the clock's now) and returns the
events to append, or raises :class:`TranslationRefused` with a message for the person who
asked. The workflow (``workflow.py``) appends them with the revision the decision was made on,
so a decision never stands on a state that changed under it.

**Jobs.** One job per (release, content version, target language); its id says so:
``<release_id>.<language>.v<version>``. ``source_revision`` is the content *version*
(``ReleaseState.version``), the number distribution compares with ``state.version``.

**Demand** comes from subscribers: an active subscriber whose filters match the release
(:func:`services.distribution.planner.matches`) wants it in each language it lists other than
the original's. A release needs its jobs once it is published or embargoed and its current
version is enriched (routing needs that version's countries).

**Lifecycle.** requested → claimed (a lease) → submitted → approved, or changes requested →
submitted again. A claim's lease is part of its event (``lease_until``); once that time has
passed the job is free again without another event: time passing is not a decision, and the
claim already recorded when it ends. A new content version marks every job of older versions
stale (approved ones too: they translate text that is no longer the release) and requests
new ones; a withdrawal cancels the open jobs.

**Priority** (the queue order, :func:`queue_score`): jobs with a due time first (an embargoed
release must be translated before its embargo lifts), earliest first; then by relevance, the
sum over the subscribers who want the language of 3 when the release is about one of the
subscriber's countries, else 1; then oldest first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Final

import msgspec

from schemas.events import (
    AnyEvent,
    TranslationApproved,
    TranslationCancelled,
    TranslationChangesRequested,
    TranslationClaimed,
    TranslationHeader,
    TranslationRequested,
    TranslationStale,
    TranslationSubmitted,
    derived_event_id,
    new_event_id,
)
from schemas.release import ReleaseContent
from schemas.state import ReleaseState, TranslationJob
from schemas.subscribers import Subscriber
from services.distribution.planner import matches, ready
from services.translation.submission import check_structure

__all__ = [
    "MACHINE_PREFIX",
    "OPEN",
    "POLICY_REVIEWER",
    "PRODUCER",
    "Demand",
    "TranslationRefused",
    "decide_approve",
    "decide_claim",
    "decide_draft",
    "decide_request_changes",
    "decide_submit",
    "demand",
    "effective_status",
    "holds",
    "is_free",
    "is_machine",
    "job_id_for",
    "original_language",
    "plan_jobs",
    "queue_score",
    "release_of",
    "turnaround_s",
]

PRODUCER: Final = "translation-queue"
#: Translators whose name starts with this are engines (``machine:libretranslate``).
MACHINE_PREFIX: Final = "machine:"
#: The reviewer of a machine draft approved because every subscriber accepts machine output.
POLICY_REVIEWER: Final = "policy:accept_machine_translation"
#: Statuses in which a job is still being worked on.
OPEN: Final = ("requested", "claimed", "submitted", "changes_requested")
#: Relevance of one subscriber wanting the language: 3 if the release is about its country.
URGENT_WEIGHT: Final = 3
MAX_PRIORITY: Final = 99_999
#: Queue scores: due jobs score their due time (epoch seconds, below this); the others a tier
#: per priority step above it, plus their age.
_TIER: Final = 1e10


class TranslationRefused(ValueError):
    """A transition that cannot apply; the message says why and what to do instead."""


def job_id_for(release_id: str, version: int, language: str) -> str:
    return f"{release_id}.{language}.v{version}"


def release_of(job_id: str) -> str | None:
    """The release id inside a job id made by :func:`job_id_for` (None for other ids)."""
    release_id, _, rest = job_id.rpartition(".v")
    if not rest.isdigit():
        return None
    release_id, _, language = release_id.rpartition(".")
    return release_id if release_id and language else None


def is_machine(translator: str | None) -> bool:
    return bool(translator and translator.startswith(MACHINE_PREFIX))


def original_language(state: ReleaseState) -> str | None:
    if state.content is not None and state.content.language:
        return state.content.language
    return state.enrichment.language if state.enrichment else None


# --- demand -------------------------------------------------------------------------------------


class Demand(msgspec.Struct, frozen=True, kw_only=True):
    """Who wants a release in one language, and how much that matters."""

    language: str
    subscribers: tuple[str, ...]
    #: Subscribers for which the release is about one of their countries.
    urgent: tuple[str, ...] = ()
    #: Every one of them accepts unreviewed machine output.
    accept_machine: bool = False

    @property
    def priority(self) -> int:
        relevance = len(self.subscribers) + (URGENT_WEIGHT - 1) * len(self.urgent)
        return min(relevance, MAX_PRIORITY)


def demand(state: ReleaseState, subscribers: Iterable[Subscriber]) -> dict[str, Demand]:
    """Per target language, the subscribers that want this release in it."""
    original = original_language(state)
    about = set(state.enrichment.countries) if state.enrichment else set()
    wanting: dict[str, list[Subscriber]] = {}
    for subscriber in subscribers:
        spec = subscriber.spec
        if not subscriber.active or not spec.languages or not matches(spec, state):
            continue
        for language in spec.languages:
            if language != original:
                wanting.setdefault(language, []).append(subscriber)
    return {
        language: Demand(
            language=language,
            subscribers=tuple(sorted(s.subscriber_id for s in subs)),
            urgent=tuple(
                sorted(s.subscriber_id for s in subs if about.intersection(s.spec.countries))
            ),
            accept_machine=all(s.spec.accept_machine_translation for s in subs),
        )
        for language, subs in sorted(wanting.items())
    }


def _stale_reason(state: ReleaseState) -> str:
    corrected = any(c.version == state.version for c in state.corrections)
    change = "corrected" if corrected else "revised"
    return f"the release was {change}: version {state.version} replaces the translated text"


def plan_jobs(
    state: ReleaseState, subscribers: Iterable[Subscriber], now: dt.datetime
) -> list[AnyEvent]:
    """The events that bring the release's jobs in line with its content and its demand.

    A reconciliation: its event ids are derived from the job ids, and a job already in the
    state is never requested again, so running it twice appends nothing new.
    """
    env = {"release_id": state.release_id, "occurred_at": now, "producer": PRODUCER}
    events: list[AnyEvent] = []
    if state.status == "withdrawn":
        for job in state.translations.values():
            if job.status in OPEN:
                events.append(
                    TranslationCancelled(
                        event_id=derived_event_id(job.job_id, PRODUCER, "cancelled"),
                        job_id=job.job_id,
                        reason=f"the release was withdrawn: {state.withdrawn_reason or ''}".strip(),
                        **env,  # type: ignore[arg-type]
                    )
                )
        return events
    for job in state.translations.values():
        if job.status not in ("stale", "cancelled") and job.source_revision < state.version:
            events.append(
                TranslationStale(
                    event_id=derived_event_id(job.job_id, PRODUCER, "stale"),
                    job_id=job.job_id,
                    reason=_stale_reason(state),
                    superseded_by_revision=state.version,
                    **env,  # type: ignore[arg-type]
                )
            )
    if state.status not in ("published", "embargoed") or not ready(state):
        return events
    due = state.embargo_until if state.status == "embargoed" else None
    for language, wanted in demand(state, subscribers).items():
        job_id = job_id_for(state.release_id, state.version, language)
        if job_id in state.translations:
            continue
        events.append(
            TranslationRequested(
                event_id=derived_event_id(job_id, PRODUCER, "requested"),
                job_id=job_id,
                language=language,
                source_revision=state.version,
                priority=wanted.priority,
                due_at=due,
                **env,  # type: ignore[arg-type]
            )
        )
    return events


# --- where a job stands ----------------------------------------------------------------------


def lease_lapsed(job: TranslationJob, now: dt.datetime) -> bool:
    return job.status == "claimed" and (job.lease_until is None or job.lease_until <= now)


def effective_status(job: TranslationJob, now: dt.datetime) -> str:
    """The status, with a claim whose lease has run out read as ``requested``."""
    return "requested" if lease_lapsed(job, now) else job.status


def is_free(job: TranslationJob, now: dt.datetime) -> bool:
    """In the queue: anyone may claim it with ``claim --next``.

    Requested, claimed with a lapsed lease, or sent back for changes after a machine draft
    (an engine does not revise; a person takes it from there).
    """
    return (
        job.status == "requested"
        or lease_lapsed(job, now)
        or (job.status == "changes_requested" and is_machine(job.translator))
    )


def holds(job: TranslationJob, translator: str, now: dt.datetime) -> bool:
    """May ``translator`` submit this job now?"""
    if job.translator != translator:
        return False
    if job.status == "claimed":
        return job.lease_until is not None and job.lease_until > now
    return job.status == "changes_requested"


def queue_score(job: TranslationJob) -> float:
    """The job's place in its language's queue: lower goes first (see the module docstring)."""
    if job.due_at is not None:
        return job.due_at.timestamp()
    rank = MAX_PRIORITY - min(max(job.priority, 0), MAX_PRIORITY)
    age = job.requested_at.timestamp() if job.requested_at else 0.0
    return _TIER * (1 + rank) + age


def turnaround_s(job: TranslationJob) -> float | None:
    """Seconds from request to approval (None until approved)."""
    if job.approved_at is None or job.requested_at is None:
        return None
    return (job.approved_at - job.requested_at).total_seconds()


# --- transitions --------------------------------------------------------------------------------


def _job(state: ReleaseState, job_id: str) -> TranslationJob:
    job = state.translations.get(job_id)
    if job is None:
        raise TranslationRefused(f"release {state.release_id} has no translation job {job_id}")
    return job


def _when(moment: dt.datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment else "?"


def _check_current(state: ReleaseState, job: TranslationJob) -> None:
    """Refuse work on a job whose source is gone or changed."""
    if job.status == "cancelled" or state.status == "withdrawn":
        raise TranslationRefused(f"job {job.job_id} is cancelled: {job.reason or 'withdrawn'}")
    if job.status == "stale" or job.source_revision < state.version:
        raise TranslationRefused(
            f"job {job.job_id} translates version {job.source_revision}, but the release is at "
            f"version {state.version} now: the job is stale; "
            f"the new job is {job_id_for(state.release_id, state.version, job.language)}"
        )
    if job.status == "approved":
        raise TranslationRefused(f"job {job.job_id} is approved already")


def _env(state: ReleaseState, now: dt.datetime) -> dict[str, object]:
    return {
        "release_id": state.release_id,
        "occurred_at": now,
        "producer": PRODUCER,
        "event_id": new_event_id(),
    }


def decide_claim(
    state: ReleaseState, job_id: str, translator: str, now: dt.datetime, lease_s: float
) -> list[AnyEvent]:
    """Claim a free job for ``lease_s`` seconds (the holder claiming again renews the lease)."""
    job = _job(state, job_id)
    _check_current(state, job)
    if job.status == "claimed" and not lease_lapsed(job, now) and job.translator != translator:
        raise TranslationRefused(
            f"job {job_id} is held by {job.translator} until {_when(job.lease_until)}"
        )
    if job.status == "submitted":
        raise TranslationRefused(
            f"job {job_id} was submitted by {job.translator} and waits for review"
        )
    lease_until = now + dt.timedelta(seconds=lease_s)
    return [
        TranslationClaimed(
            job_id=job_id,
            translator=translator,
            lease_until=lease_until,
            **_env(state, now),  # type: ignore[arg-type]
        )
    ]


def _check_structure(state: ReleaseState, job: TranslationJob, content: ReleaseContent) -> None:
    assert state.content is not None  # a job exists only for a release with content
    problems = check_structure(state.content, content)
    if problems:
        raise TranslationRefused(
            f"the translation of job {job.job_id} does not keep the structure of the original: "
            + "; ".join(problems)
        )


def decide_submit(
    state: ReleaseState,
    job_id: str,
    translator: str,
    content: ReleaseContent,
    now: dt.datetime,
    *,
    header: TranslationHeader | None = None,
) -> list[AnyEvent]:
    """Hand in a translation of a job ``translator`` holds."""
    job = _job(state, job_id)
    _check_current(state, job)
    if not holds(job, translator, now):
        if job.status == "claimed" and job.translator == translator:
            raise TranslationRefused(
                f"your lease on job {job_id} ran out at {_when(job.lease_until)}: claim it "
                "again, then submit (nothing was recorded)"
            )
        if job.status == "claimed" and not lease_lapsed(job, now):
            raise TranslationRefused(
                f"job {job_id} is held by {job.translator} until {_when(job.lease_until)}, "
                "not by you (nothing was recorded)"
            )
        raise TranslationRefused(
            f"you do not hold job {job_id} (it is {effective_status(job, now)}): claim it first"
        )
    _check_structure(state, job, content)
    return [
        TranslationSubmitted(
            job_id=job_id,
            translator=translator,
            content=content,
            machine=False,
            header=header,
            **_env(state, now),  # type: ignore[arg-type]
        )
    ]


def decide_draft(
    state: ReleaseState,
    job_id: str,
    engine: str,
    content: ReleaseContent,
    now: dt.datetime,
    *,
    header: TranslationHeader | None,
    approve: bool,
) -> list[AnyEvent]:
    """A machine draft of a free job: claimed and submitted at once (approved by policy).

    The engine works before the claim, so no lease is held during a slow translation; the
    append then checks the job is still free on the very state the decision was made on.
    """
    job = _job(state, job_id)
    _check_current(state, job)
    if not is_free(job, now):
        raise TranslationRefused(f"job {job_id} is no longer free ({job.status})")
    _check_structure(state, job, content)
    translator = engine if is_machine(engine) else MACHINE_PREFIX + engine
    events: list[AnyEvent] = [
        TranslationClaimed(
            job_id=job_id,
            translator=translator,
            lease_until=now,
            **_env(state, now),  # type: ignore[arg-type]
        ),
        TranslationSubmitted(
            job_id=job_id,
            translator=translator,
            content=content,
            machine=True,
            header=header,
            **_env(state, now),  # type: ignore[arg-type]
        ),
    ]
    if approve:
        events.append(
            TranslationApproved(
                job_id=job_id,
                reviewer=POLICY_REVIEWER,
                **_env(state, now),  # type: ignore[arg-type]
            )
        )
    return events


def _submitted(state: ReleaseState, job_id: str, reviewer: str) -> TranslationJob:
    job = _job(state, job_id)
    _check_current(state, job)
    if job.status != "submitted":
        raise TranslationRefused(
            f"job {job_id} is {job.status}: only a submitted translation can be reviewed"
        )
    if job.translator == reviewer:
        raise TranslationRefused(f"{reviewer} translated job {job_id}: another person reviews it")
    return job


def decide_approve(
    state: ReleaseState, job_id: str, reviewer: str, now: dt.datetime
) -> list[AnyEvent]:
    _submitted(state, job_id, reviewer)
    return [
        TranslationApproved(
            job_id=job_id,
            reviewer=reviewer,
            **_env(state, now),  # type: ignore[arg-type]
        )
    ]


def decide_request_changes(
    state: ReleaseState, job_id: str, reviewer: str, reason: str, now: dt.datetime
) -> list[AnyEvent]:
    reason = reason.strip()
    if not reason:
        raise TranslationRefused("say which changes are needed (--reason)")
    _submitted(state, job_id, reviewer)
    return [
        TranslationChangesRequested(
            job_id=job_id,
            reviewer=reviewer,
            reason=reason,
            **_env(state, now),  # type: ignore[arg-type]
        )
    ]
