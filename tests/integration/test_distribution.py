"""Distribution against a real server and real HTTP: webhooks, retries, embargo, corrections."""

from __future__ import annotations

import asyncio
import datetime as dt
import socket
from collections.abc import AsyncIterator
from pathlib import Path

import msgspec
import pytest

from schemas.events import DeliveryDeadLettered, DeliveryFailed, DeliverySucceeded
from schemas.state import ReleaseState, fold
from schemas.subscribers import SubscriberSpec
from services._clock import ManualClock
from services._runtime import Bus, open_bus
from services.distribution.receiver import Script, WebhookReceiver
from services.distribution.webhooks import OutboundRefused, check_url
from services.ingestion.submit import Outcome, Submission, submit
from services.publishing import correct, withdraw
from tests.integration.test_projector import eventually, running
from tests.samples import AUSTRALIA_DAY as RELEASE

pytestmark = pytest.mark.redis

FIXTURES = Path(__file__).parents[1] / "fixtures" / "releases"
SEED = (FIXTURES / "000_71c7df2a4b118224.txt").read_text()


@pytest.fixture
async def receiver(bus: Bus) -> AsyncIterator[WebhookReceiver]:
    secrets: dict[str, str] = {}
    hooks = WebhookReceiver(secrets.get)
    hooks.secrets = secrets  # type: ignore[attr-defined]
    await hooks.start()
    yield hooks
    await hooks.stop()


async def subscribe(bus: Bus, hooks: WebhookReceiver, name: str, **spec: object) -> str:
    subscriber, secret = await bus.registry.register(
        SubscriberSpec(name=name, webhook_url=hooks.url(name), allow_private=True, **spec),  # type: ignore[arg-type]
        subscriber_id=name,
    )
    assert secret is not None
    hooks.secrets[name] = secret  # type: ignore[attr-defined]
    return subscriber.subscriber_id


async def pump(bus: Bus) -> None:
    """One deterministic pass: enrichment, distribution over the whole log, sending, projection."""
    enrichment = bus.consumer("enrichment").service  # type: ignore[attr-defined]
    await enrichment.handle(0, await bus.store.read_log(0))
    await bus.distribution.handle(0, await bus.store.read_log(0))
    await bus.sender.run_once()
    projector = bus.consumer("projector").service  # type: ignore[attr-defined]
    await projector.handle(0, await bus.store.read_log(0))


async def state(bus: Bus, release_id: str) -> ReleaseState:
    return fold(await bus.store.history(release_id))


async def submit_one(bus: Bus, text: str = RELEASE, **extra: object) -> str:
    outcomes = await submit(bus.store, bus.clock, Submission(body=text, source="cms", **extra))  # type: ignore[arg-type]
    assert len(outcomes) == 1
    return outcomes[0].release_id


async def test_a_release_reaches_matching_subscribers_signed_once(
    bus: Bus, receiver: WebhookReceiver
) -> None:
    await subscribe(bus, receiver, "all")
    await subscribe(bus, receiver, "australia", countries=("AU",))
    await subscribe(bus, receiver, "france", countries=("FR",))
    await subscribe(bus, receiver, "readouts", kinds=("Readout",))
    release_id = await submit_one(bus)
    await pump(bus)
    await pump(bus)  # a second pass (a redelivery, a restart) sends nothing again
    got = sorted((r.path, r.verified, r.sequence) for r in receiver.received)
    assert got == [("all", True, 1), ("australia", True, 1)]
    body = msgspec.json.decode(receiver.received[0].body)
    assert body["type"] == "release.published"
    assert body["data"]["uri"] == f"urn:releasebus:release:{release_id}"
    assert body["data"]["headlines"][0]["value"] == "Australia National Day"
    assert body["data"]["pubstatus"] == "usable"
    assert {p["literal"] for p in body["data"]["places"]} >= {"AU"}
    assert body["lineage"] == {"release_id": release_id, "version": 1, "notice": "release"}
    assert body["delivery_id"] == receiver.received[0].delivery_id
    s = await state(bus, release_id)
    assert sorted((d.subscriber_id, d.status, d.attempts) for d in s.deliveries.values()) == [
        ("all", "delivered", 1),
        ("australia", "delivered", 1),
    ]
    assert all(d.latency_ms is not None and d.status_code == 200 for d in s.deliveries.values())


async def test_correction_and_withdrawal_reach_everyone_who_got_it(
    bus: Bus, receiver: WebhookReceiver
) -> None:
    await subscribe(bus, receiver, "australia", countries=("AU",))
    release_id = await submit_one(bus)
    await pump(bus)
    # The correction moves the release to Canada: the Australia subscriber still hears of it,
    # as a correction; a Canada subscriber registered since gets it as a new release.
    await subscribe(bus, receiver, "canada", countries=("CA",))
    corrected = RELEASE.replace("Australia continue", "Canada continue").replace(
        "people\nof Australia", "people\nof Canada"
    )
    changed = await correct(
        bus.store, bus.clock, release_id, Submission(body=corrected, source="cms"), "Wrong country."
    )
    assert changed.outcome == "corrected"
    await pump(bus)
    notices = [
        (r.path, msgspec.json.decode(r.body)["lineage"].get("notice")) for r in receiver.received
    ]
    # The first delivery came first; the two of version 2 go out concurrently.
    assert notices[0] == ("australia", "release")
    assert sorted(notices[1:]) == [("australia", "correction"), ("canada", "release")]
    correction = next(
        msgspec.json.decode(r.body) for r in receiver.received if b'"correction"' in r.body
    )
    assert correction["type"] == "release.corrected"
    assert correction["lineage"]["correction_of"] == 1
    assert correction["lineage"]["correction_note"] == "Wrong country."
    assert correction["data"]["ednote"] == "Wrong country."
    await subscribe(bus, receiver, "late")  # registered after: gets no withdrawal notice
    await withdraw(bus.store, bus.clock, release_id, "Issued in error.")
    await pump(bus)
    withdrawals = [r for r in receiver.received if b'"withdrawal"' in r.body]
    assert sorted(r.path for r in withdrawals) == ["australia", "canada"]
    body = msgspec.json.decode(withdrawals[0].body)
    assert body["type"] == "release.withdrawn"
    assert body["data"]["pubstatus"] == "canceled"
    # Sequence numbers per subscriber: 1, 2, 3 without gaps.
    assert [r.sequence for r in receiver.received if r.path == "australia"] == [1, 2, 3]


async def test_retries_with_backoff_then_dead_letter_and_others_unaffected(
    bus: Bus, receiver: WebhookReceiver, clock: ManualClock
) -> None:
    await subscribe(bus, receiver, "flaky")
    await subscribe(bus, receiver, "down")
    await subscribe(bus, receiver, "fine")
    receiver.scripts["flaky"] = Script(statuses=[503, 429, 200])
    receiver.scripts["down"] = Script(statuses=[500])
    release_id = await submit_one(bus)
    await pump(bus)
    assert sorted(r.path for r in receiver.received) == ["down", "fine", "flaky"]
    s = await state(bus, release_id)
    by_sub = {d.subscriber_id: d for d in s.deliveries.values()}
    assert by_sub["fine"].status == "delivered"
    assert by_sub["flaky"].status == "retrying"
    failed = [e for e in await bus.store.history(release_id) if isinstance(e, DeliveryFailed)]
    first_wait = (failed[0].retry_at - clock.now()).total_seconds()  # type: ignore[operator]
    assert 4.5 <= first_wait <= 5.5  # Standard Webhooks: 5 s, with 10 % jitter
    # Nothing is due before the retry time.
    clock.advance(2)
    assert await bus.sender.run_once() == 0
    clock.advance(4)
    await bus.sender.run_once()
    failed = [e for e in await bus.store.history(release_id) if isinstance(e, DeliveryFailed)]
    flaky = [e for e in failed if e.subscriber_id == "flaky"]
    assert [e.status_code for e in flaky] == [503, 429]
    # Walk the clock through the whole schedule: "down" is dead-lettered after 8 attempts.
    for _ in range(12):
        clock.advance(40_000)
        await bus.sender.run_once()
    s = await state(bus, release_id)
    by_sub = {d.subscriber_id: d for d in s.deliveries.values()}
    assert by_sub["flaky"].status == "delivered"
    assert by_sub["flaky"].attempts == 3
    assert by_sub["down"].status == "dead_lettered"
    assert by_sub["down"].attempts == 8
    dead = [e for e in await bus.store.history(release_id) if isinstance(e, DeliveryDeadLettered)]
    assert [e.subscriber_id for e in dead] == ["down"]
    assert [j.subscriber_id for j in await bus.outbox.dead()] == ["down"]
    assert await bus.outbox.depth() == (0, 1)


async def test_retry_after_is_honoured(
    bus: Bus, receiver: WebhookReceiver, clock: ManualClock
) -> None:
    await subscribe(bus, receiver, "busy")
    receiver.scripts["busy"] = Script(statuses=[429, 200], headers={"Retry-After": "120"})
    release_id = await submit_one(bus)
    await pump(bus)
    failed = [e for e in await bus.store.history(release_id) if isinstance(e, DeliveryFailed)]
    assert failed[0].retry_at == clock.now() + dt.timedelta(seconds=120)


async def test_gone_disables_and_4xx_fails_fast(bus: Bus, receiver: WebhookReceiver) -> None:
    await subscribe(bus, receiver, "gone")
    await subscribe(bus, receiver, "bad")
    receiver.scripts["gone"] = Script(statuses=[410])
    receiver.scripts["bad"] = Script(statuses=[400])
    release_id = await submit_one(bus)
    await pump(bus)
    s = await state(bus, release_id)
    assert {d.subscriber_id: (d.status, d.attempts) for d in s.deliveries.values()} == {
        "gone": ("dead_lettered", 1),
        "bad": ("dead_lettered", 1),
    }
    gone = await bus.registry.get("gone")
    assert gone is not None
    assert not gone.active
    assert "410" in (gone.disabled_reason or "")
    bad = await bus.registry.get("bad")
    assert bad is not None
    assert bad.active


async def test_slow_subscriber_does_not_delay_the_others(
    bus: Bus, receiver: WebhookReceiver
) -> None:
    await subscribe(bus, receiver, "slow")
    for i in range(5):
        await subscribe(bus, receiver, f"fast{i}")
    receiver.scripts["slow"] = Script(delay_s=1.5)
    await submit_one(bus)
    enrichment = bus.consumer("enrichment").service  # type: ignore[attr-defined]
    await enrichment.handle(0, await bus.store.read_log(0))
    await bus.distribution.handle(0, await bus.store.read_log(0))
    started = asyncio.get_running_loop().time()
    sending = asyncio.create_task(bus.sender.run_once())
    await receiver.wait_for(5, within=5)
    fast_done = asyncio.get_running_loop().time() - started
    await sending
    assert fast_done < 1.0
    assert sorted(r.path for r in receiver.received)[-1] == "slow"


async def test_embargo_holds_untrusted_until_due_across_restart(
    bus: Bus, receiver: WebhookReceiver, clock: ManualClock, settings: object
) -> None:
    await subscribe(bus, receiver, "agency", embargo_trusted=True)
    await subscribe(bus, receiver, "public")
    until = clock.now() + dt.timedelta(hours=2)
    release_id = await submit_one(bus, embargo_until=until)
    await pump(bus)
    assert [r.path for r in receiver.received] == ["agency"]
    early = msgspec.json.decode(receiver.received[0].body)
    assert early["type"] == "release.embargoed"
    assert early["data"]["pubstatus"] == "withheld"
    assert early["lineage"]["withheld_until"] == until.isoformat().replace("+00:00", "Z")
    assert await bus.embargoes.tick() == []
    # A restart: a new process (new bus object) with the same server and namespace.
    async with open_bus(bus.settings, clock=clock) as restarted:
        clock.advance(3600)
        assert await restarted.embargoes.tick() == []
        await pump(restarted)
        assert [r.path for r in receiver.received] == ["agency"]
        clock.advance(3600)
        assert await restarted.embargoes.tick() == [release_id]
        await pump(restarted)
    assert sorted(r.path for r in receiver.received) == ["agency", "public"]
    assert (await state(bus, release_id)).status == "published"


async def test_outbound_guard_refuses_private_addresses(
    bus: Bus, receiver: WebhookReceiver
) -> None:
    for url in (
        "http://127.0.0.1/x",
        "http://10.0.0.5/x",
        "http://[::1]/x",
        "http://169.254.169.254/latest/meta-data",
        "http://localhost:8080/x",
        "ftp://example.org/x",
    ):
        with pytest.raises(OutboundRefused):
            check_url(url, allow_private=False)
    check_url("https://example.org/hook", allow_private=False)
    check_url("http://127.0.0.1/x", allow_private=True)
    # A name is checked by the resolver the connection uses: this machine's own host name
    # resolves to a loopback or private address, so it is refused, not connected to.
    result = await bus.sender.webhooks.post(
        f"http://{socket.gethostname()}:{receiver.base_url.rsplit(':', 1)[1]}/x",
        b"{}",
        {},
        allow_private=False,
        now=bus.clock.now(),
    )
    assert result.verdict == "failed", result
    assert "refused" in (result.error or "")
    assert receiver.received == []


async def test_end_to_end_with_running_services(bus: Bus, receiver: WebhookReceiver) -> None:
    await subscribe(bus, receiver, "all")
    async for _ in running(bus):
        outcomes = await submit(bus.store, bus.clock, Submission(body=SEED, source="cms"))
        await receiver.wait_for(len(outcomes), within=15)

        async def delivered(outcomes: list[Outcome] = outcomes) -> bool:
            states = [await state(bus, o.release_id) for o in outcomes]
            return all(
                s.deliveries and all(d.status == "delivered" for d in s.deliveries.values())
                for s in states
            )

        await eventually(delivered)
    assert len({r.delivery_id for r in receiver.received}) == len(outcomes)
    assert all(r.verified for r in receiver.received)
    succeeded = [
        e
        for o in outcomes
        for e in await bus.store.history(o.release_id)
        if isinstance(e, DeliverySucceeded)
    ]
    assert len(succeeded) == len(outcomes)
