"""Ingestion against a real server: submissions become events, nothing is lost or doubled."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import msgspec
import pytest
import redis as sync_redis

from schemas.events import (
    ReleaseParsed,
    ReleasePublished,
    ReleaseRejected,
    ReleaseRevised,
    ReleaseSubmitted,
)
from schemas.state import fold
from services._runtime import Bus
from services.ingestion.consumer import GROUP
from services.ingestion.submit import Submission, submit
from tests.integration.test_projector import eventually, running

pytestmark = pytest.mark.redis

FIXTURES = Path(__file__).parents[1] / "fixtures" / "releases"
SEED = (FIXTURES / "000_71c7df2a4b118224.txt").read_text()


def types(events):
    return [type(e).__name__ for e in events]


async def test_seed_dump_becomes_five_published_releases(bus: Bus) -> None:
    outcomes = await submit(bus.store, bus.clock, Submission(body=SEED, source="cms"))
    assert [o.outcome for o in outcomes] == ["appended"] * 5
    assert [o.revision for o in outcomes] == [3] * 5
    for outcome in outcomes:
        history = await bus.store.history(outcome.release_id)
        assert types(history) == ["ReleaseSubmitted", "ReleaseParsed", "ReleasePublished"]
        submitted, parsed, published = history
        assert isinstance(submitted, ReleaseSubmitted)
        assert isinstance(parsed, ReleaseParsed)
        assert isinstance(published, ReleasePublished)
        assert submitted.raw in SEED  # this release's part, as sent
        assert await bus.store.submission(submitted.submission_hash) == SEED  # type: ignore[arg-type]
        assert submitted.source == "cms"
        assert parsed.content.title == outcome.title
        assert parsed.causation_id == submitted.event_id
        assert published.published_at == bus.clock.now()
        state = fold(history)
        assert (state.status, state.version) == ("published", 1)


async def test_same_submission_twice_appends_nothing(bus: Bus) -> None:
    await submit(bus.store, bus.clock, Submission(body=SEED, source="cms"))
    length = await bus.store.log_length(0)
    bus.clock.advance(3600)  # type: ignore[attr-defined]
    again = await submit(bus.store, bus.clock, Submission(body=SEED, source="other-cms"))
    assert [o.outcome for o in again] == ["already_appended"] * 5
    assert await bus.store.log_length(0) == length


async def test_changed_content_is_a_revision_of_the_same_release(bus: Bus) -> None:
    first = await submit(bus.store, bus.clock, Submission(body=SEED, source="cms"))
    edited = SEED.replace("Our ties continue to strengthen", "Our ties continue to deepen")
    second = await submit(bus.store, bus.clock, Submission(body=edited, source="cms"))
    assert [o.outcome for o in second] == [
        "already_appended",
        "revised",
        "already_appended",
        "already_appended",
        "already_appended",
    ]
    assert second[1].release_id == first[1].release_id
    assert second[1].changes == ("body: 1 paragraph changed",)
    history = await bus.store.history(first[1].release_id)
    assert types(history)[3:] == ["ReleaseSubmitted", "ReleaseRevised"]
    revised = history[-1]
    assert isinstance(revised, ReleaseRevised)
    assert "deepen" in revised.content.body[1]
    assert fold(history).version == 2
    # Back to the first text: a third version, not a no-op (ids depend on the base revision).
    third = await submit(bus.store, bus.clock, Submission(body=SEED, source="cms"))
    assert third[1].outcome == "revised"
    assert fold(await bus.store.history(first[1].release_id)).version == 3


async def test_rejected_submission_keeps_raw_and_reasons_and_can_be_fixed(bus: Bus) -> None:
    broken = "# Press Releases: Statement on Nothing Yet\n\nPress Statement\n\n---\n"
    (outcome,) = await submit(bus.store, bus.clock, Submission(body=broken, source="cms"))
    assert outcome.outcome == "rejected"
    assert [(p.message, p.field) for p in outcome.reasons] == [("no body", "body")]
    assert all(p.line is not None for p in outcome.reasons)
    history = await bus.store.history(outcome.release_id)
    assert types(history) == ["ReleaseSubmitted", "ReleaseRejected"]
    rejected = history[1]
    assert isinstance(rejected, ReleaseRejected)
    assert rejected.raw == "# Press Releases: Statement on Nothing Yet\n\nPress Statement"
    assert await bus.store.submission(history[0].submission_hash) == broken  # type: ignore[union-attr,arg-type]
    assert fold(history).status == "rejected"
    # The same broken text again: recorded once only.
    (again,) = await submit(bus.store, bus.clock, Submission(body=broken, source="cms"))
    assert again.outcome == "already_appended"
    # Fixed, sent to the same release: it is parsed and published there.
    fixed = broken + "\nWe have nothing to add at this time.\n"
    (done,) = await submit(
        bus.store, bus.clock, Submission(body=fixed, source="cms", release_id=outcome.release_id)
    )
    assert (done.outcome, done.release_id) == ("appended", outcome.release_id)
    state = fold(await bus.store.history(outcome.release_id))
    assert (state.status, state.version, state.rejection) == ("published", 1, ())


async def test_a_headline_less_rejection_records_what_was_read(bus: Bus) -> None:
    headless = (
        "QUESTION:  Good morning, Mr. Secretary.  You’re on the Bob Rose Show.\n\n"
        "SECRETARY POMPEO:  Great to be with you, sir.\n"
    )
    (outcome,) = await submit(bus.store, bus.clock, Submission(body=headless, source="cms"))
    assert outcome.outcome == "rejected"
    assert [p.message for p in outcome.reasons] == ["no title"]
    rejected = (await bus.store.history(outcome.release_id))[1]
    assert isinstance(rejected, ReleaseRejected)
    assert rejected.found is not None
    assert (rejected.found.title, rejected.found.kind) == ("", "Remarks")
    assert rejected.found.body[1].startswith("SECRETARY POMPEO:")
    # A rejection with nothing read (no body) carries none.
    (empty,) = await submit(bus.store, bus.clock, Submission(body="# Just a Title\n", source="cms"))
    assert (await bus.store.history(empty.release_id))[1].found is None  # type: ignore[union-attr]


async def test_broken_resubmission_never_undoes_a_good_version(bus: Bus) -> None:
    good = "# Australia National Day\n\nPress Statement\n\n---\n\nWe celebrate with you.\n"
    (first,) = await submit(bus.store, bus.clock, Submission(body=good, source="cms"))
    broken = "# Australia National Day\n\nPress Statement\n\n---\n"
    for _ in range(2):
        (resubmitted,) = await submit(
            bus.store, bus.clock, Submission(body=broken, source="cms", release_id=first.release_id)
        )
        assert resubmitted.outcome in ("rejected", "already_appended")
    history = await bus.store.history(first.release_id)
    assert types(history) == [
        "ReleaseSubmitted",
        "ReleaseParsed",
        "ReleasePublished",
        "ReleaseSubmitted",
    ]
    assert fold(history).content.body == ("We celebrate with you.",)  # type: ignore[union-attr]


async def test_embargoed_release_is_held(bus: Bus) -> None:
    until = bus.clock.now() + dt.timedelta(hours=2)
    (outcome,) = await submit(
        bus.store,
        bus.clock,
        Submission(body=SEED.split("\n---\n\n#")[0], source="cms", embargo_until=until),
    )
    history = await bus.store.history(outcome.release_id)
    assert types(history) == ["ReleaseSubmitted", "ReleaseParsed"]
    state = fold(history)
    assert (state.status, state.embargo_until) == ("embargoed", until)


def xadd_plain(url: str, stream: str, fields: dict[str, str]) -> None:
    """What a non-Python upstream does: a plain XADD, no releasebus code involved."""
    client = sync_redis.Redis.from_url(url)
    try:
        client.xadd(stream, fields)  # type: ignore[arg-type]
    finally:
        client.close()


async def test_inbound_stream_from_a_plain_xadd(bus: Bus, redis_url: str) -> None:
    inbound = bus.keys.inbound()
    async for _ in running(bus):
        await asyncio.to_thread(
            xadd_plain, redis_url, inbound, {"format": "text", "source": "cms-1", "body": SEED}
        )
        release = {
            "title": "Structured",
            "body": ["One.", "Two."],
            "source_id": "s-1",
            "date": "2018-01-25",
            "kind": "Media Note",
        }
        await asyncio.to_thread(
            xadd_plain,
            redis_url,
            inbound,
            {"format": "json", "source": "wire", "body": json.dumps(release)},
        )
        await asyncio.to_thread(xadd_plain, redis_url, inbound, {"body": "no source field"})

        async def done() -> bool:
            rows = {r.group: r for r in await bus.status()}
            return all(rows[g].lag == 0 and rows[g].pending == 0 for g in (GROUP, "projector"))

        await eventually(done)
    published = await bus.projection.find(status="published")
    assert len(published) == 6
    assert "wire-s-1" in published
    state = await bus.projection.get("wire-s-1")
    assert state is not None
    assert (state.content.kind, state.content.body) == ("Media Note", ("One.", "Two."))  # type: ignore[union-attr]
    (rejected,) = await bus.projection.find(status="rejected")
    history = await bus.store.history(rejected)
    assert json.loads(history[1].raw) == {"body": "no source field"}  # type: ignore[union-attr]
    assert "source" in history[1].reasons[0].message  # type: ignore[union-attr]
    assert await bus.dead_letters() == []


async def test_an_inbound_entry_handled_twice_changes_nothing(bus: Bus) -> None:
    consumer = bus.consumer(GROUP)
    entry = (b"1-1", {b"format": b"text", b"source": b"cms", b"body": SEED.encode()})
    assert await consumer.handle(bus.keys.inbound(), [entry]) == {}
    length = await bus.store.log_length(0)
    assert await consumer.handle(bus.keys.inbound(), [entry]) == {}  # a redelivery
    assert await bus.store.log_length(0) == length == 15


def test_ingest_and_parse_commands(tmp_path: Path, redis_url: str, namespace: str, redis) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "seed.txt").write_text(SEED)
    (folder / "broken.md").write_text("# Press Releases: Only a Title\n")
    (folder / "note.json").write_text(json.dumps({"title": "A Note", "body": ["Text."]}))
    (folder / "ignored.pdf").write_bytes(b"%PDF")
    env = {k: v for k, v in os.environ.items() if not k.startswith("RELEASEBUS_")}
    env.update(REDIS_URL=redis_url, RELEASEBUS_NAMESPACE=namespace)
    run = [sys.executable, "-m", "services"]
    result = subprocess.run(
        [*run, "ingest", str(folder), "--json", "--source", "t"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1, result.stderr  # a rejection makes the exit code 1
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(Path(r["source"]).name, r["outcome"]) for r in lines] == [
        ("broken.md", "rejected"),
        ("note.json", "appended"),
    ] + [("seed.txt", "appended")] * 5
    assert lines[0]["reasons"][0]["message"] == "no body"
    again = subprocess.run(
        [*run, "ingest", str(folder / "seed.txt"), "--source", "t"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert again.returncode == 0
    assert again.stdout.count("already_appended") == 5

    parsed = subprocess.run(
        [*run, "parse", str(FIXTURES / "000_71c7df2a4b118224.txt"), "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert parsed.returncode == 0
    records = [json.loads(line) for line in parsed.stdout.splitlines()]
    assert len(records) == 5
    assert list(records[0]) == [
        "source",
        "title",
        "kind",
        "byline",
        "attributed_to",
        "place",
        "venue",
        "date",
        "language",
        "body",
        "footnotes",
        "warnings",
        "countries",
        "people",
        "organizations",
        "references",
        "topics",
        "summary",
        "places_implied",
    ]
    assert records[3]["footnotes"] == [
        {"marker": "1", "text": "UN Security Council Resolution 2118"},
        {"marker": "2", "text": "Russia has vetoed these UNSC enforcement resolutions three times"},
    ]
    assert records[0]["byline"] == {"name": "Office of the Spokesperson", "title": None}
    assert records[0]["countries"] == ["CA", "KP", "RU", "SY", "UA", "US"]
    assert records[0]["places_implied"] == ["CH"]
    assert records[0]["people"][:2] == ["Rex Tillerson", "Sergey Lavrov"]
    assert records[3]["references"]
    bad = subprocess.run(
        [*run, "parse", str(folder / "broken.md")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert bad.returncode == 1
    assert "no body" in bad.stderr
    assert msgspec.json.decode(parsed.stdout.splitlines()[1])["kind"] == "Press Statement"


async def test_inbound_is_trimmed_only_below_what_ingestion_finished(bus: Bus) -> None:
    inbound = bus.keys.inbound()
    await bus.ensure_groups()
    for i in range(5):
        await bus.redis.xadd(inbound, {"source": "cms", "body": f"# T{i}\n\nBody {i}.\n"})
    assert await bus.trim_work_stream(inbound) == 0  # nothing read yet
    read = await bus.redis.xreadgroup(GROUP, "c", {inbound: ">"}, count=3)
    ids = [entry_id for entry_id, _ in read[0][1]]
    await bus.redis.xack(inbound, GROUP, ids[0])  # first done, two still pending
    assert await bus.trim_work_stream(inbound) == 1
    await bus.redis.xack(inbound, GROUP, *ids[1:])
    assert await bus.trim_work_stream(inbound) == 1  # the last delivered entry stays
    assert await bus.redis.xlen(inbound) == 3
