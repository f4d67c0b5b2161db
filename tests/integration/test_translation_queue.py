"""The translation queue against a real server: jobs from demand, claims, leases, reviews."""

from __future__ import annotations

import asyncio
import datetime as dt

import msgspec
import pytest

from schemas.events import (
    AnyEvent,
    TranslationApproved,
    TranslationCancelled,
    TranslationClaimed,
    TranslationRequested,
    TranslationStale,
    TranslationSubmitted,
)
from schemas.release import ReleaseContent
from schemas.state import ReleaseState, TranslationJob, fold
from schemas.subscribers import SubscriberSpec
from services._clock import ManualClock
from services._runtime import Bus, Settings, open_bus
from services.ingestion.submit import Submission, submit
from services.publishing import correct, withdraw
from services.translation.bench import measure
from services.translation.jobs import TranslationRefused
from services.translation.service import GROUP, TranslationQueue
from services.translation.submission import SubmissionFile
from services.translation.workflow import Translations
from tests.integration.test_projector import eventually, running
from tests.samples import AUSTRALIA_DAY as AUSTRALIA

pytestmark = pytest.mark.redis


CANADA = """# Canada Day

Press Statement

Rex W. Tillerson
Secretary of State

Washington, DC

June 30, 2018

On behalf of the people of the United States, I congratulate the people of Canada on Canada Day.

Our partnership with Canada in NATO and at the United Nations remains strong.
"""

FRENCH_AUSTRALIA = SubmissionFile(
    title="Fête nationale de l'Australie",
    body=(
        "Au nom du président Trump et du peuple des États-Unis, je félicite le peuple australien "
        "à l'occasion de sa fête nationale, le 26 janvier.",
        "Nos liens avec l'Australie continuent de se renforcer dans le commerce, la sécurité et "
        "la recherche.",
    ),
)


def service(bus: Bus) -> TranslationQueue:
    return bus.consumer(GROUP).service  # type: ignore[attr-defined,no-any-return]


def workflow(bus: Bus) -> Translations:
    return service(bus).workflow


async def pump(bus: Bus) -> None:
    """One deterministic pass of enrichment and the translation queue over the whole log."""
    enrichment = bus.consumer("enrichment").service  # type: ignore[attr-defined]
    await enrichment.handle(0, await bus.store.read_log(0))
    await service(bus).handle(0, await bus.store.read_log(0))


async def subscribe(bus: Bus, name: str, **spec: object) -> None:
    await bus.registry.register(
        SubscriberSpec(name=name, kind="feed", **spec),  # type: ignore[arg-type]
        subscriber_id=name,
    )


async def embassies(bus: Bus) -> None:
    await subscribe(bus, "paris", languages=("fr",), countries=("AU",))
    await subscribe(bus, "quebec", languages=("fr",))
    await subscribe(bus, "madrid", languages=("es",))


async def submit_one(bus: Bus, text: str = AUSTRALIA, **extra: object) -> str:
    [outcome] = await submit(bus.store, bus.clock, Submission(body=text, source="cms", **extra))  # type: ignore[arg-type]
    return outcome.release_id


async def state(bus: Bus, release_id: str) -> ReleaseState:
    return fold(await bus.store.history(release_id))


async def translation_events(bus: Bus, release_id: str) -> list[tuple[str, str]]:
    return [
        (type(e).__name__, e.job_id)  # type: ignore[union-attr]
        for e in await bus.store.history(release_id)
        if type(e).__name__.startswith("Translation")
    ]


async def test_demand_becomes_jobs_and_the_queue_orders_them(bus: Bus, clock: ManualClock) -> None:
    await embassies(bus)
    # Each release's jobs are requested a minute after the previous one's: the age order.
    canada = await submit_one(bus, CANADA)
    await pump(bus)
    clock.advance(60)
    australia = await submit_one(bus)
    await pump(bus)
    clock.advance(60)
    embargoed = await submit_one(
        bus,
        CANADA.replace("Canada Day", "Canada Day Reception"),
        embargo_until=clock.now() + dt.timedelta(hours=6),
    )
    await pump(bus)
    await pump(bus)  # a redelivery (or a restart) requests nothing twice
    jobs = fold(await bus.store.history(australia)).translations
    assert sorted((j.job_id, j.language, j.source_revision, j.priority) for j in jobs.values()) == [
        (f"{australia}.es.v1", "es", 1, 1),
        (f"{australia}.fr.v1", "fr", 1, 4),  # about Paris's country: 3, and Quebec: 1
    ]
    requested = [
        e for e in await bus.store.history(australia) if isinstance(e, TranslationRequested)
    ]
    assert [e.producer for e in requested] == ["translation-queue", "translation-queue"]
    # Due (the embargoed one) first, then relevance, then age.
    w = workflow(bus)
    assert [r.job_id for r in await w.jobs("fr")] == [
        f"{embargoed}.fr.v1",
        f"{australia}.fr.v1",
        f"{canada}.fr.v1",
    ]
    assert [r.job_id for r in await w.jobs("es")] == [
        f"{embargoed}.es.v1",
        f"{canada}.es.v1",
        f"{australia}.es.v1",
    ]
    assert await w.queue.free("fr") == [r.job_id for r in await w.jobs("fr")]
    due = (await w.jobs("fr"))[0]
    assert due.due_at == clock.now() + dt.timedelta(hours=6)
    assert (due.title, due.status, due.release_id) == (
        "Canada Day Reception",
        "requested",
        embargoed,
    )
    assert await w.queue.languages() == ["es", "fr"]


async def test_the_group_runs_on_the_live_bus(bus: Bus) -> None:
    await embassies(bus)

    async def requested(release_id: str) -> bool:
        return len((await state(bus, release_id)).translations) == 2

    async for _ in running(bus):
        release_id = await submit_one(bus)
        await eventually(lambda: requested(release_id))  # noqa: B023 - awaited in this pass
        rows = [r for r in await bus.status() if r.group == GROUP]
        assert [(r.stream, r.consumers) for r in rows] == [(bus.keys.log(0), 1)]


async def test_two_translators_claiming_one_job_exactly_one_wins(
    bus: Bus, settings: Settings, clock: ManualClock
) -> None:
    await embassies(bus)
    release_id = await submit_one(bus)
    await pump(bus)
    job_id = f"{release_id}.fr.v1"
    # Two processes (two clients, two connections), four translators each, at once.
    async with open_bus(settings, clock=clock) as other:
        workflows = [workflow(bus), Translations(other.store, other.registry, clock)]
        names = [f"translator{i}" for i in range(8)]

        async def attempt(i: int) -> TranslationJob | TranslationRefused:
            try:
                return await workflows[i % 2].claim(job_id, names[i])
            except TranslationRefused as exc:
                return exc

        outcomes = await asyncio.gather(*(attempt(i) for i in range(8)))
    winners = [o for o in outcomes if isinstance(o, TranslationJob)]
    assert len(winners) == 1
    winner = winners[0].translator
    refusals = {str(o) for o in outcomes if isinstance(o, TranslationRefused)}
    until = (clock.now() + dt.timedelta(hours=4)).strftime("%Y-%m-%d %H:%M UTC")
    assert refusals == {f"job {job_id} is held by {winner} until {until}"}
    claims = [e for e in await bus.store.history(release_id) if isinstance(e, TranslationClaimed)]
    assert [(e.job_id, e.translator) for e in claims] == [(job_id, winner)]
    assert await workflow(bus).queue.free("fr") == []


async def test_claim_next_hands_each_free_job_to_one_translator(bus: Bus) -> None:
    await embassies(bus)
    for text in (AUSTRALIA, CANADA, CANADA.replace("Canada Day", "Canada Week")):
        await submit_one(bus, text)
    await pump(bus)
    w = workflow(bus)
    order = [r.job_id for r in await w.jobs("fr")]
    got = await asyncio.gather(*(w.claim_next("fr", f"t{i}") for i in range(5)))
    claimed = [job.job_id for job in got if job is not None]
    assert sorted(claimed) == sorted(order)
    assert got.count(None) == 2
    assert await w.queue.free("fr") == []
    assert await w.claim_next("fr", "late") is None


async def test_an_expired_lease_returns_the_job_to_the_queue(bus: Bus, clock: ManualClock) -> None:
    await embassies(bus)
    release_id = await submit_one(bus)
    await pump(bus)
    w, job_id = workflow(bus), f"{release_id}.fr.v1"
    await w.claim(job_id, "ana", lease_s=3600)
    assert job_id not in await w.queue.free("fr")
    clock.advance(1800)
    assert await service(bus).tick() == []  # not yet
    clock.advance(1800)
    assert await service(bus).tick() == [job_id]
    assert await w.queue.free("fr") == [job_id]
    assert [r.job_id for r in await w.jobs("fr", "requested")] == [job_id]
    assert await w.jobs("fr", "claimed") == []
    revision = (await state(bus, release_id)).revision
    with pytest.raises(TranslationRefused, match=r"your lease on job .* ran out"):
        await w.submit(job_id, "ana", FRENCH_AUSTRALIA)
    assert (await state(bus, release_id)).revision == revision  # nothing recorded
    job = await w.claim_next("fr", "ben")
    assert job is not None
    assert (job.job_id, job.translator, job.status) == (job_id, "ben", "claimed")
    with pytest.raises(TranslationRefused, match=r"held by ben until .*, not by you"):
        await w.submit(job_id, "ana", FRENCH_AUSTRALIA)


async def test_a_lapsed_lease_can_be_claimed_before_the_tick_runs(
    bus: Bus, clock: ManualClock
) -> None:
    await embassies(bus)
    release_id = await submit_one(bus)
    await pump(bus)
    w, job_id = workflow(bus), f"{release_id}.fr.v1"
    await w.claim(job_id, "ana", lease_s=60)
    clock.advance(61)
    job = await w.claim(job_id, "ben")  # lazily, at claim time
    assert job.translator == "ben"


async def test_submit_review_approve_puts_a_translated_version_in_the_state(
    bus: Bus, clock: ManualClock
) -> None:
    await embassies(bus)
    release_id = await submit_one(bus)
    await pump(bus)
    w, job_id = workflow(bus), f"{release_id}.fr.v1"
    with pytest.raises(TranslationRefused, match=r"you do not hold job .* claim it first"):
        await w.submit(job_id, "ana", FRENCH_AUSTRALIA)
    await w.claim(job_id, "ana")
    revision = (await state(bus, release_id)).revision
    missing = msgspec.structs.replace(FRENCH_AUSTRALIA, body=FRENCH_AUSTRALIA.body[:1])
    with pytest.raises(TranslationRefused, match=r"the translation 1 \(1 missing\)"):
        await w.submit(job_id, "ana", missing)
    extra = msgspec.structs.replace(FRENCH_AUSTRALIA, body=(*FRENCH_AUSTRALIA.body, "En plus."))
    with pytest.raises(TranslationRefused, match=r"the translation 3 \(1 extra\)"):
        await w.submit(job_id, "ana", extra)
    wrong_job = msgspec.structs.replace(FRENCH_AUSTRALIA, job_id=f"{release_id}.es.v1")
    with pytest.raises(TranslationRefused, match="the file is for job"):
        await w.submit(job_id, "ana", wrong_job)
    assert (await state(bus, release_id)).revision == revision  # nothing recorded, nothing lost
    clock.advance(3600)
    await w.submit(job_id, "ana", FRENCH_AUSTRALIA)
    await w.request_changes(job_id, "paul", "« peuple australien » : dites « Australiens ».")
    assert [r.status for r in await w.jobs("fr")] == ["changes_requested"]
    await w.submit(job_id, "ana", FRENCH_AUSTRALIA)
    clock.advance(3600)
    with pytest.raises(TranslationRefused, match="another person reviews it"):
        await w.approve(job_id, "ana")
    approved = await w.approve(job_id, "paul")
    assert (approved.status, approved.reviewer) == ("approved", "paul")
    s = await state(bus, release_id)
    job = s.translations[job_id]
    assert job.content == ReleaseContent(
        title="Fête nationale de l'Australie",
        kind="Press Statement",
        byline=s.content.byline,  # type: ignore[union-attr]
        place="Washington, DC",
        date=dt.date(2018, 1, 24),
        language="fr",
        body=FRENCH_AUSTRALIA.body,
    )
    assert job.header is not None
    assert (job.header.notice, job.header.kind, job.header.date) == (
        "Traduction non officielle",
        "Déclaration à la presse",
        "24 janvier 2018",
    )
    assert job.header.original_uri == f"urn:releasebus:release:{release_id}"
    assert job.header.original_notice.endswith(f"urn:releasebus:release:{release_id}")
    assert await translation_events(bus, release_id) == [
        ("TranslationRequested", f"{release_id}.es.v1"),
        ("TranslationRequested", job_id),
        ("TranslationClaimed", job_id),
        ("TranslationSubmitted", job_id),
        ("TranslationChangesRequested", job_id),
        ("TranslationSubmitted", job_id),
        ("TranslationApproved", job_id),
    ]
    [stats] = [t for t in await w.turnaround() if t.language == "fr"]
    assert (stats.approved, stats.open, stats.median_s, stats.max_s) == (1, 0, 7200.0, 7200.0)


async def test_a_correction_marks_translations_stale_and_requests_new_jobs(bus: Bus) -> None:
    await embassies(bus)
    release_id = await submit_one(bus)
    await pump(bus)
    w = workflow(bus)
    old_fr, old_es = f"{release_id}.fr.v1", f"{release_id}.es.v1"
    await w.claim(old_fr, "ana")
    await w.submit(old_fr, "ana", FRENCH_AUSTRALIA)
    await w.approve(old_fr, "paul")
    await w.claim(old_es, "eva")
    corrected = AUSTRALIA.replace("trade, security", "trade, defence, security")
    changed = await correct(
        bus.store, bus.clock, release_id, Submission(body=corrected, source="cms"), "Defence."
    )
    assert changed.outcome == "corrected"
    # A submission for the old version is refused even before the queue marks it stale.
    spanish = msgspec.structs.replace(FRENCH_AUSTRALIA, title="Día nacional de Australia")
    with pytest.raises(TranslationRefused, match="translates version 1, but the release is at"):
        await w.submit(old_es, "eva", spanish)
    await pump(bus)
    s = await state(bus, release_id)
    assert {j.job_id: (j.status, j.source_revision) for j in s.translations.values()} == {
        old_fr: ("stale", 1),
        old_es: ("stale", 1),
        f"{release_id}.fr.v2": ("requested", 2),
        f"{release_id}.es.v2": ("requested", 2),
    }
    stale = [e for e in await bus.store.history(release_id) if isinstance(e, TranslationStale)]
    assert {(e.job_id, e.superseded_by_revision) for e in stale} == {(old_fr, 2), (old_es, 2)}
    assert stale[0].reason == "the release was corrected: version 2 replaces the translated text"
    assert await w.queue.free("fr") == [f"{release_id}.fr.v2"]
    assert await w.queue.free("es") == [f"{release_id}.es.v2"]
    with pytest.raises(TranslationRefused, match=f"the new job is {release_id}.es.v2"):
        await w.submit(old_es, "eva", spanish)


async def test_a_withdrawal_cancels_open_jobs(bus: Bus) -> None:
    await embassies(bus)
    release_id = await submit_one(bus)
    await pump(bus)
    w = workflow(bus)
    await w.claim(f"{release_id}.fr.v1", "ana")
    await withdraw(bus.store, bus.clock, release_id, "Issued in error.")
    await pump(bus)
    await pump(bus)
    cancelled = [
        e for e in await bus.store.history(release_id) if isinstance(e, TranslationCancelled)
    ]
    assert sorted((e.job_id, e.reason) for e in cancelled) == [
        (f"{release_id}.es.v1", "the release was withdrawn: Issued in error."),
        (f"{release_id}.fr.v1", "the release was withdrawn: Issued in error."),
    ]
    assert await w.queue.free("fr") == []
    assert await w.queue.free("es") == []
    assert [r.status for r in await w.jobs()] == ["cancelled", "cancelled"]
    with pytest.raises(TranslationRefused, match="is cancelled: the release was withdrawn"):
        await w.submit(f"{release_id}.fr.v1", "ana", FRENCH_AUSTRALIA)


async def test_the_queue_is_a_projection_rebuilt_from_the_events(
    bus: Bus, clock: ManualClock
) -> None:
    await embassies(bus)
    for text in (AUSTRALIA, CANADA):
        await submit_one(bus, text)
    await pump(bus)
    w = workflow(bus)
    claimed = await w.claim_next("fr", "ana", lease_s=600)
    assert claimed is not None
    await w.submit(claimed.job_id, "ana", FRENCH_AUSTRALIA)
    await w.claim_next("es", "eva", lease_s=600)
    clock.advance(601)  # eva's lease lapses, and nothing has ticked yet
    before = [msgspec.structs.asdict(r) for r in await w.jobs()]
    free_es = await w.queue.free("es")
    assert await w.queue.rebuild(bus.store, clock.now()) == 2
    assert [msgspec.structs.asdict(r) for r in await w.jobs()] == before
    # Rebuilt at a time when eva's lease had lapsed: her job is back in the queue.
    assert len(await w.queue.free("es")) == len(free_es) + 1
    await w.queue.clear()
    assert await w.jobs() == []
    # Commands decide on the events, not on the queue: they keep working while it is empty.
    job = await w.claim(claimed.job_id.replace(".fr.", ".es."), "eva")
    assert job.translator == "eva"


async def test_unknown_jobs_and_reserved_names_are_refused(bus: Bus) -> None:
    w = workflow(bus)
    with pytest.raises(TranslationRefused, match="no translation job nope"):
        await w.claim("nope", "ana")
    with pytest.raises(TranslationRefused, match="no release r-1"):
        await w.claim("r-1.fr.v1", "ana")
    with pytest.raises(TranslationRefused, match="are the bus's"):
        await w.claim("r-1.fr.v1", "machine:me")


def _types(events: list[AnyEvent]) -> list[str]:
    return [type(e).__name__ for e in events]


async def test_reconcile_appends_at_the_revision_it_read(bus: Bus) -> None:
    """A reconcile racing another writer decides again on the new state: no duplicate job."""
    await embassies(bus)
    release_id = await submit_one(bus)
    enrichment = bus.consumer("enrichment").service  # type: ignore[attr-defined]
    await enrichment.handle(0, await bus.store.read_log(0))
    subscribers = list((await bus.registry.refresh()).values())
    w = workflow(bus)
    first, second = await asyncio.gather(
        w.reconcile(release_id, subscribers), w.reconcile(release_id, subscribers)
    )
    assert sorted(_types(first) + _types(second)) == ["TranslationRequested"] * 2
    assert (
        len([e for e in await bus.store.history(release_id) if isinstance(e, TranslationRequested)])
        == 2
    )
    assert not [
        e
        for e in await bus.store.history(release_id)
        if isinstance(e, TranslationSubmitted | TranslationApproved)
    ]


async def test_the_claim_bench_checks_its_work(bus: Bus) -> None:
    figures = await measure(bus, jobs=12, translators=4)
    assert (figures.jobs, figures.translators, figures.race_rounds) == (12, 4, 10)
    assert 0 < figures.claim_p50_ms <= figures.claim_p95_ms
    assert 0 < figures.claim_next_p50_ms <= figures.claim_next_p95_ms
    assert figures.claim_next_per_s > 0


async def test_a_hold_that_never_became_a_claim_returns_to_the_queue(
    bus: Bus, clock: ManualClock
) -> None:
    await embassies(bus)
    release_id = await submit_one(bus)
    await pump(bus)
    w, job_id = workflow(bus), f"{release_id}.fr.v1"
    # A claim --next that died between taking the head and claiming it.
    assert await w.queue.reserve("fr", clock.now() + dt.timedelta(seconds=30)) == job_id
    assert await w.queue.free("fr") == []
    assert await w.claim_next("fr", "ben") is None
    clock.advance(31)
    assert await service(bus).tick() == [job_id]
    job = await w.claim_next("fr", "ben")
    assert job is not None
    assert (job.job_id, job.translator) == (job_id, "ben")


async def test_claim_next_skips_a_job_the_queue_has_not_seen_taken(bus: Bus) -> None:
    await embassies(bus)
    australia = await submit_one(bus)
    canada = await submit_one(bus, CANADA)
    await pump(bus)
    w = workflow(bus)
    taken = f"{australia}.fr.v1"  # the head of the French queue
    assert (await w.queue.free("fr"))[0] == taken
    # Claimed by another process whose projection write has not landed yet.
    s = await state(bus, australia)
    lease = bus.clock.now() + dt.timedelta(hours=1)
    claimed = TranslationClaimed(
        event_id="claimed-elsewhere",
        release_id=australia,
        occurred_at=bus.clock.now(),
        job_id=taken,
        translator="ana",
        lease_until=lease,
    )
    assert (await bus.store.append(australia, [claimed], s.revision)).ok
    assert (await w.queue.free("fr"))[0] == taken  # the queue does not know yet
    job = await w.claim_next("fr", "ben")
    assert job is not None
    assert (job.job_id, job.translator) == (f"{canada}.fr.v1", "ben")
    rows = {r.job_id: (r.status, r.translator) for r in await w.jobs("fr")}
    assert rows == {taken: ("claimed", "ana"), f"{canada}.fr.v1": ("claimed", "ben")}
