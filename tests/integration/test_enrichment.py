"""The enrichment group against a real server: one event per content version, replays."""

from __future__ import annotations

from pathlib import Path

import msgspec
import pytest

from schemas.events import ReleaseEnriched
from schemas.state import fold
from services._runtime import Bus
from services.enrichment.consumer import GROUP
from services.enrichment.replay import replay_enrichment
from services.ingestion.submit import Submission, submit
from tests.integration.test_projector import eventually, running

pytestmark = pytest.mark.redis

SEED = (
    Path(__file__).parents[1] / "fixtures" / "releases" / "000_71c7df2a4b118224.txt"
).read_text()


async def drained(bus: Bus) -> bool:
    rows = await bus.status()
    return bool(rows) and all(r.lag == 0 and r.pending == 0 for r in rows)


async def test_each_content_version_gets_one_enrichment(bus: Bus) -> None:
    async for _ in running(bus):
        outcomes = await submit(bus.store, bus.clock, Submission(body=SEED, source="cms"))
        await eventually(lambda: drained(bus))
        edited = SEED.replace("Our ties continue to strengthen", "Our ties with Canada continue")
        await submit(bus.store, bus.clock, Submission(body=edited, source="cms"))
        await eventually(lambda: drained(bus))
    for outcome in outcomes:
        history = await bus.store.history(outcome.release_id)
        enriched = [e for e in history if isinstance(e, ReleaseEnriched)]
        content_revisions = [
            e.revision for e in history if type(e).__name__ in ("ReleaseParsed", "ReleaseRevised")
        ]
        assert [e.source_revision for e in enriched] == content_revisions
        assert all(e.causation_id for e in enriched)
        assert all(e.mentions for e in enriched)
    australia = fold(await bus.store.history(outcomes[1].release_id))
    assert australia.enrichment is not None
    assert australia.enrichment.countries == ("AU", "CA", "US")
    # The projection indexes the newest enrichment.
    assert outcomes[1].release_id in await bus.projection.find(country="CA")
    assert outcomes[0].release_id in await bus.projection.find(country="RU", language="en")


async def test_redelivered_entries_append_nothing_twice(bus: Bus) -> None:
    await submit(bus.store, bus.clock, Submission(body=SEED, source="cms"))
    entries = await bus.store.read_log(0)
    service = bus.consumer(GROUP).service  # type: ignore[attr-defined]
    await service.handle(0, entries)
    length = await bus.store.log_length(0)
    await service.handle(0, entries)  # a redelivery of the same entries
    assert await bus.store.log_length(0) == length == 15 + 5


async def test_replay_appends_only_where_the_result_changed(bus: Bus) -> None:
    async for _ in running(bus):
        outcomes = await submit(bus.store, bus.clock, Submission(body=SEED, source="cms"))
        await eventually(lambda: drained(bus))
    length = await bus.store.log_length(0)
    unchanged = await replay_enrichment(bus.store, bus.clock)
    assert (unchanged.releases, unchanged.changed) == (5, 0)
    assert await bus.store.log_length(0) == length
    # Pretend an older gazetteer missed Canada in the Australia release: its stored
    # enrichment differs from what enrichment finds today, so a replay corrects it.
    history = await bus.store.history(outcomes[0].release_id)
    stale = next(e for e in history if isinstance(e, ReleaseEnriched))
    old = msgspec.structs.replace(
        stale, event_id="old-gazetteer", countries=("RU",), revision=0, recorded_at=None
    )
    await bus.store.append(outcomes[0].release_id, [old])
    report = await replay_enrichment(bus.store, bus.clock)
    assert (report.releases, report.changed) == (5, 1)
    assert report.fields == {"countries": 1}
    assert report.examples == [(outcomes[0].release_id, ["countries"])]
    state = fold(await bus.store.history(outcomes[0].release_id))
    assert state.enrichment is not None
    assert "CA" in state.enrichment.countries
    again = await replay_enrichment(bus.store, bus.clock)
    assert again.changed == 0
    recent = await replay_enrichment(
        bus.store, bus.clock, after=(await bus.store.read_log(0))[-1].entry_id
    )
    assert recent.releases == 0
