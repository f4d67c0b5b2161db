"""Claim latency: what a claim costs alone, under contention, and in a race for one job.

``uv run python -m services.translation.bench [--jobs N] [--translators T]`` (``REDIS_URL``
to choose a server; otherwise an embedded one in a temporary directory). It builds N releases
with one French job each (their events appended directly, with ten delivery events each so
the release streams are not trivially short), projects the queue, and measures:

* ``claim``: one translator claiming jobs by id, one after another (ms per claim);
* ``claim_next``: T translators calling ``claim --next`` at once until the queue is empty
  (ms per successful claim, claims/s, and how many were exactly-once);
* ``race``: T translators claiming the same job at once, over many jobs (ms until every one
  has its answer; exactly one winner each time, checked).

Work is checked at the end: every job claimed once, by one translator; a wrong answer fails.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import statistics
import tempfile
import time
import uuid
from collections.abc import Sequence
from typing import Any

import msgspec

from schemas.events import (
    AnyEvent,
    DeliveryScheduled,
    ReleaseEnriched,
    ReleaseParsed,
    ReleasePublished,
    TranslationRequested,
)
from schemas.release import Byline, ReleaseContent
from schemas.state import fold
from services._runtime import Bus, Settings, open_bus
from services.translation.jobs import TranslationRefused, job_id_for
from services.translation.workflow import Translations

__all__ = ["ClaimFigures", "measure", "seed"]

_T0 = dt.datetime(2018, 1, 24, 15, 0, tzinfo=dt.UTC)


class ClaimFigures(msgspec.Struct, frozen=True, kw_only=True):
    jobs: int
    translators: int
    claim_p50_ms: float
    claim_p95_ms: float
    claim_next_p50_ms: float
    claim_next_p95_ms: float
    claim_next_per_s: float
    race_p50_ms: float
    race_p95_ms: float
    race_rounds: int


def _events(release_id: str) -> list[AnyEvent]:
    env: dict[str, Any] = {"release_id": release_id, "occurred_at": _T0, "producer": "bench"}
    content = ReleaseContent(
        title=f"Release {release_id}",
        kind="Press Statement",
        byline=Byline(name="Rex W. Tillerson", title="Secretary of State"),
        date=dt.date(2018, 1, 24),
        language="en",
        body=("One paragraph.", "Another paragraph."),
    )
    events: list[AnyEvent] = [
        ReleaseParsed(event_id=f"{release_id}-p", content=content, content_hash="h", **env),
        ReleaseEnriched(event_id=f"{release_id}-e", source_revision=1, language="en", **env),
        ReleasePublished(event_id=f"{release_id}-pub", published_at=_T0, **env),
        *(
            DeliveryScheduled(
                event_id=f"{release_id}-d{n}",
                delivery_id=f"d{n}",
                subscriber_id=f"s{n}",
                channel="webhook",
                version=1,
                **env,
            )
            for n in range(10)
        ),
        TranslationRequested(
            event_id=f"{release_id}-fr",
            job_id=job_id_for(release_id, 1, "fr"),
            language="fr",
            source_revision=1,
            priority=1,
            **env,
        ),
    ]
    return events


async def seed(bus: Bus, workflow: Translations, prefix: str, count: int) -> list[str]:
    """``count`` releases with one free French job each, projected; their job ids."""
    ids = [f"{prefix}-{i}" for i in range(count)]
    await bus.store.append_many([(rid, _events(rid), "any") for rid in ids])
    for rid in ids:
        await workflow.queue.project(fold(await bus.store.history(rid)), bus.clock.now())
    return [job_id_for(rid, 1, "fr") for rid in ids]


def _ms(values: Sequence[float]) -> tuple[float, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return round(statistics.median(ordered) * 1000, 2), round(p95 * 1000, 2)


async def measure(bus: Bus, jobs: int = 200, translators: int = 8) -> ClaimFigures:
    workflow = Translations(bus.store, bus.registry, bus.clock)
    # One translator, claims by id.
    single = await seed(bus, workflow, f"c{uuid.uuid4().hex[:6]}", jobs)
    took: list[float] = []
    for job_id in single:
        started = time.perf_counter()
        await workflow.claim(job_id, "solo")
        took.append(time.perf_counter() - started)
    claim_p50, claim_p95 = _ms(took)

    # T translators taking the queue's head at once.
    queued = await seed(bus, workflow, f"n{uuid.uuid4().hex[:6]}", jobs)
    per_claim: list[float] = []
    winners: dict[str, str] = {}

    async def translator(name: str) -> None:
        while True:
            started = time.perf_counter()
            job = await workflow.claim_next("fr", name)
            if job is None:
                return
            per_claim.append(time.perf_counter() - started)
            if job.job_id in winners:
                raise AssertionError(f"{job.job_id} claimed twice")
            winners[job.job_id] = name

    started = time.perf_counter()
    await asyncio.gather(*(translator(f"t{i}") for i in range(translators)))
    elapsed = time.perf_counter() - started
    if sorted(winners) != sorted(queued):
        raise AssertionError("claim --next left jobs unclaimed")
    next_p50, next_p95 = _ms(per_claim)

    # T translators racing for each job.
    contested = await seed(bus, workflow, f"r{uuid.uuid4().hex[:6]}", max(jobs // 4, 10))
    races: list[float] = []

    async def claim(job_id: str, name: str) -> bool:
        try:
            await workflow.claim(job_id, name)
        except TranslationRefused:
            return False
        return True

    for job_id in contested:
        started = time.perf_counter()
        won = await asyncio.gather(*(claim(job_id, f"t{i}") for i in range(translators)))
        races.append(time.perf_counter() - started)
        if sum(won) != 1:
            raise AssertionError(f"{job_id}: {sum(won)} winners")
    race_p50, race_p95 = _ms(races)
    return ClaimFigures(
        jobs=jobs,
        translators=translators,
        claim_p50_ms=claim_p50,
        claim_p95_ms=claim_p95,
        claim_next_p50_ms=next_p50,
        claim_next_p95_ms=next_p95,
        claim_next_per_s=round(len(per_claim) / elapsed, 1),
        race_p50_ms=race_p50,
        race_p95_ms=race_p95,
        race_rounds=len(contested),
    )


async def _main(jobs: int, translators: int) -> ClaimFigures:
    with tempfile.TemporaryDirectory() as folder:
        namespace = f"bench-tq-{uuid.uuid4().hex[:8]}"
        settings = Settings.from_env(data_dir=folder, namespace=namespace, log_level="WARNING")
        async with open_bus(settings, configure_logs=True) as bus:
            try:
                return await measure(bus, jobs, translators)
            finally:
                async for key in bus.redis.scan_iter(match=f"{namespace}:*", count=1000):
                    await bus.redis.unlink(key)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--jobs", type=int, default=200)
    parser.add_argument("--translators", type=int, default=8)
    args = parser.parse_args()
    figures = asyncio.run(_main(args.jobs, args.translators))
    print(msgspec.json.format(msgspec.json.encode(figures), indent=2).decode())  # noqa: T201


if __name__ == "__main__":
    main()
