"""The translators' workflow: claim, submit, approve, request changes; listings and turnaround.

The CLI (``commands.py``) and the HTTP API call these. Every change is decided by a pure rule
of ``jobs.py`` on the release's folded events and appended with the revision it was decided
on (the store's expected-revision check). That check is what makes a claim atomic: of two
translators who read the job free at revision N, exactly one append lands at N + 1; the
other gets a conflict, reads the release again, finds the job held and is refused. Any other
event appended meanwhile (a delivery, a correction) costs a re-read and a fresh decision, so
nothing is ever decided on a state that changed under it, and nothing is overwritten.

A lock or a Lua script of our own would be a second source of truth beside the events; the
release stream already serialises its writers, so the claim uses that.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Callable, Sequence
from typing import Final

import msgspec
import structlog

from schemas.events import AnyEvent, TranslationHeader
from schemas.release import ReleaseContent
from schemas.state import ReleaseState, TranslationJob, fold
from schemas.subscribers import Subscriber
from services._clock import Clock
from services._store import EventStore
from services.distribution.payload import item_uri
from services.distribution.registry import SubscriberRegistry
from services.translation.header import localized_header, supported
from services.translation.jobs import (
    MACHINE_PREFIX,
    OPEN,
    POLICY_REVIEWER,
    TranslationRefused,
    decide_approve,
    decide_claim,
    decide_draft,
    decide_request_changes,
    decide_submit,
    demand,
    effective_status,
    original_language,
    plan_jobs,
    release_of,
    turnaround_s,
)
from services.translation.queue import JobRow, QueueProjection
from services.translation.submission import (
    SubmissionFile,
    TranslationFileError,
    content_from_file,
    template,
)

__all__ = ["DEFAULT_LEASE_S", "JobDetail", "Translations", "Turnaround"]

log = structlog.get_logger(__name__)

#: How long a claim holds a job unless the translator asks for another lease.
DEFAULT_LEASE_S: Final = 4 * 3600.0
#: Decisions retried after a conflicting append before giving up.
_ATTEMPTS: Final = 20
#: Free jobs tried by one ``claim --next`` before it gives up.
_CANDIDATES: Final = 50
#: How long ``claim --next`` holds the queue's head while it claims it.
_HOLD: Final = dt.timedelta(seconds=30)


class JobDetail(msgspec.Struct, frozen=True, kw_only=True):
    """One job with its release, for ``show``."""

    job: TranslationJob
    release_id: str
    status: str
    title: str
    original: ReleaseContent | None
    original_language: str | None
    release_version: int
    turnaround_s: float | None = None


class Turnaround(msgspec.Struct, frozen=True, kw_only=True):
    """Requested → approved, per target language (seconds)."""

    language: str
    approved: int
    open: int
    median_s: float | None = None
    p90_s: float | None = None
    max_s: float | None = None
    oldest_open_s: float | None = None


def _check_person(name: str) -> str:
    name = name.strip()
    if not name:
        raise TranslationRefused("say who you are (--as NAME)")
    if name.startswith((MACHINE_PREFIX, "policy:")):
        raise TranslationRefused(f"{name!r}: names starting with machine: or policy: are the bus's")
    return name


def _nearest_rank(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))]


class Translations:
    """The workflow over one bus's event store, subscriber registry and queue projection."""

    def __init__(
        self,
        store: EventStore,
        registry: SubscriberRegistry,
        clock: Clock,
        *,
        lease_s: float = DEFAULT_LEASE_S,
        queue: QueueProjection | None = None,
    ) -> None:
        self.store = store
        self.registry = registry
        self.clock = clock
        self.lease_s = lease_s
        self.queue = queue or QueueProjection(store.redis, store.keys)

    # --- reading ---------------------------------------------------------------------------------
    async def _release_id(self, job_id: str) -> str:
        row = await self.queue.row(job_id)
        release_id = row.release_id if row else release_of(job_id)
        if release_id is None:
            raise TranslationRefused(f"no translation job {job_id}")
        return release_id

    async def _state(self, release_id: str) -> ReleaseState | None:
        events = await self.store.history(release_id)
        return fold(events) if events else None

    async def job(self, job_id: str) -> tuple[ReleaseState, TranslationJob]:
        state = await self._state(await self._release_id(job_id))
        job = state.translations.get(job_id) if state else None
        if state is None or job is None:
            raise TranslationRefused(f"no translation job {job_id}")
        return state, job

    async def show(self, job_id: str) -> JobDetail:
        state, job = await self.job(job_id)
        return JobDetail(
            job=job,
            release_id=state.release_id,
            status=effective_status(job, self.clock.now()),
            title=state.content.title if state.content else "",
            original=state.content,
            original_language=original_language(state),
            release_version=state.version,
            turnaround_s=turnaround_s(job),
        )

    async def template(self, job_id: str) -> SubmissionFile:
        """The file to fill in for ``submit`` (see ``submission.py``)."""
        state, job = await self.job(job_id)
        if state.content is None:
            raise TranslationRefused(f"release {state.release_id} has no content")
        return template(
            state.content,
            job_id=job.job_id,
            language=job.language,
            source_revision=job.source_revision,
            draft=job.content,
        )

    async def jobs(self, language: str | None = None, status: str | None = None) -> list[JobRow]:
        """Jobs in queue order; ``status`` is the effective one (a lapsed claim is requested)."""
        now = self.clock.now()
        rows = [
            r
            for r in await self.queue.rows()
            if (language is None or r.language == language)
            and (status is None or effective_status(r.job(), now) == status)
        ]
        return QueueProjection.ordered(rows)

    async def turnaround(self) -> list[Turnaround]:
        now = self.clock.now()
        by_language: dict[str, list[JobRow]] = {}
        for row in await self.queue.rows():
            by_language.setdefault(row.language, []).append(row)
        report: list[Turnaround] = []
        for language, rows in sorted(by_language.items()):
            times = [t for r in rows if (t := turnaround_s(r.job())) is not None]
            waiting = [
                (now - r.requested_at).total_seconds()
                for r in rows
                if r.status in OPEN and r.requested_at is not None
            ]
            report.append(
                Turnaround(
                    language=language,
                    approved=len(times),
                    open=sum(r.status in OPEN for r in rows),
                    median_s=statistics.median(times) if times else None,
                    p90_s=_nearest_rank(times, 0.9) if times else None,
                    max_s=max(times) if times else None,
                    oldest_open_s=max(waiting) if waiting else None,
                )
            )
        return report

    def header(self, state: ReleaseState, job: TranslationJob) -> TranslationHeader | None:
        """The localized header the bus writes for a translation (None: CLDR lacks it)."""
        if state.content is None or not supported(job.language):
            return None
        return localized_header(
            state.content,
            job.language,
            original_uri=item_uri(state.release_id),
            original_url=state.source_url,
            original_language=original_language(state),
        )

    # --- changing --------------------------------------------------------------------------------
    async def _decide(
        self, release_id: str, decide: Callable[[ReleaseState], list[AnyEvent]]
    ) -> tuple[ReleaseState, list[AnyEvent]]:
        """Decide on the release's current state and append at that revision.

        A conflict means the release changed between reading and appending: read it again and
        decide again (the rule may now refuse). Returns the state after the append.
        """
        for _ in range(_ATTEMPTS):
            state = await self._state(release_id)
            if state is None:
                raise TranslationRefused(f"no release {release_id}")
            events = decide(state)
            if not events:
                await self.queue.project(state, self.clock.now())
                return state, []
            result = await self.store.append(release_id, events, state.revision)
            if result.ok:
                after = await self.store.history(release_id, after_revision=state.revision)
                state = fold(after, initial=state)
                await self.queue.project(state, self.clock.now())
                return state, events
        raise TranslationRefused(f"release {release_id} keeps changing: try again")

    async def _transition(
        self, job_id: str, decide: Callable[[ReleaseState], list[AnyEvent]]
    ) -> TranslationJob:
        state, _ = await self._decide(await self._release_id(job_id), decide)
        return state.translations[job_id]

    async def claim(
        self, job_id: str, translator: str, *, lease_s: float | None = None
    ) -> TranslationJob:
        """Claim a job (or renew your lease on it); refused if someone else holds it."""
        translator = _check_person(translator)
        lease = self.lease_s if lease_s is None else lease_s
        job = await self._transition(
            job_id, lambda s: decide_claim(s, job_id, translator, self.clock.now(), lease)
        )
        log.info("translation.claimed", job_id=job_id, translator=translator)
        return job

    async def claim_next(
        self, language: str, translator: str, *, lease_s: float | None = None
    ) -> TranslationJob | None:
        """Claim the first free job of a language in queue order; None if there is none."""
        translator = _check_person(translator)
        now = self.clock.now()
        await self.queue.expire(now)
        for _ in range(_CANDIDATES):
            job_id = await self.queue.reserve(language, now + _HOLD)
            if job_id is None:
                return None
            try:
                return await self.claim(job_id, translator, lease_s=lease_s)
            except TranslationRefused:
                # Taken by its id meanwhile, or stale: set its row right from the events.
                release_id = await self._release_id(job_id)
                await self.queue.project_release(self.store, release_id, self.clock.now())
        return None

    async def submit(self, job_id: str, translator: str, file: SubmissionFile) -> TranslationJob:
        """Hand in a translator's file for a job they hold."""
        translator = _check_person(translator)
        state, job = await self.job(job_id)
        if state.content is None:
            raise TranslationRefused(f"release {state.release_id} has no content")
        try:
            content = content_from_file(
                state.content,
                file,
                job_id=job_id,
                language=job.language,
                source_revision=job.source_revision,
            )
        except TranslationFileError as exc:
            raise TranslationRefused(str(exc)) from None
        return await self.submit_content(job_id, translator, content)

    async def submit_content(
        self, job_id: str, translator: str, content: ReleaseContent
    ) -> TranslationJob:
        translator = _check_person(translator)

        def decide(state: ReleaseState) -> list[AnyEvent]:
            job = state.translations.get(job_id)
            header = self.header(state, job) if job else None
            return decide_submit(
                state, job_id, translator, content, self.clock.now(), header=header
            )

        job = await self._transition(job_id, decide)
        log.info("translation.submitted", job_id=job_id, translator=translator)
        return job

    async def draft(self, job_id: str, engine: str, content: ReleaseContent) -> TranslationJob:
        """Record a machine draft of a free job; approved at once only if every subscriber
        wanting the language accepts unreviewed machine output."""
        subscribers = list((await self.registry.refresh()).values())

        def decide(state: ReleaseState) -> list[AnyEvent]:
            job = state.translations.get(job_id)
            wanted = demand(state, subscribers).get(job.language) if job else None
            return decide_draft(
                state,
                job_id,
                engine,
                content,
                self.clock.now(),
                header=self.header(state, job) if job else None,
                approve=wanted is not None and wanted.accept_machine,
            )

        job = await self._transition(job_id, decide)
        log.info(
            "translation.drafted",
            job_id=job_id,
            engine=engine,
            approved=job.reviewer == POLICY_REVIEWER,
        )
        return job

    async def approve(self, job_id: str, reviewer: str) -> TranslationJob:
        reviewer = _check_person(reviewer)
        job = await self._transition(
            job_id, lambda s: decide_approve(s, job_id, reviewer, self.clock.now())
        )
        log.info("translation.approved", job_id=job_id, reviewer=reviewer)
        return job

    async def request_changes(self, job_id: str, reviewer: str, reason: str) -> TranslationJob:
        reviewer = _check_person(reviewer)
        job = await self._transition(
            job_id,
            lambda s: decide_request_changes(s, job_id, reviewer, reason, self.clock.now()),
        )
        log.info("translation.changes_requested", job_id=job_id, reviewer=reviewer)
        return job

    async def reconcile(self, release_id: str, subscribers: Sequence[Subscriber]) -> list[AnyEvent]:
        """Request, mark stale or cancel what the release's jobs need; returns the events."""
        _, events = await self._decide(
            release_id, lambda s: plan_jobs(s, subscribers, self.clock.now())
        )
        for event in events:
            log.info(
                "translation." + type(event).__name__.removeprefix("Translation").lower(),
                release_id=release_id,
                job_id=getattr(event, "job_id", None),
            )
        return events
