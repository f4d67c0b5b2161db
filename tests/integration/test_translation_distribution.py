"""End to end: an approved translation reaches the subscribers who asked for its language."""

from __future__ import annotations

from collections.abc import AsyncIterator

import msgspec
import pytest

from schemas.events import DeliveryScheduled
from services._runtime import Bus
from services.distribution.receiver import WebhookReceiver
from tests.integration.test_distribution import subscribe
from tests.integration.test_translation_queue import (
    FRENCH_AUSTRALIA,
    pump,
    state,
    submit_one,
    workflow,
)

pytestmark = pytest.mark.redis


@pytest.fixture
async def receiver() -> AsyncIterator[WebhookReceiver]:
    secrets: dict[str, str] = {}
    hooks = WebhookReceiver(secrets.get)
    hooks.secrets = secrets  # type: ignore[attr-defined]
    await hooks.start()
    yield hooks
    await hooks.stop()


async def deliver(bus: Bus) -> None:
    await pump(bus)
    await bus.distribution.handle(0, await bus.store.read_log(0))
    await bus.sender.run_once()


async def test_approval_schedules_the_translated_delivery(
    bus: Bus, receiver: WebhookReceiver
) -> None:
    await subscribe(bus, receiver, "paris", languages=("fr",), countries=("AU",))
    await subscribe(bus, receiver, "washington", languages=("en",))
    release_id = await submit_one(bus)
    await deliver(bus)
    # The original goes to who reads English; Paris waits for the French version.
    assert [r.path for r in receiver.received] == ["washington"]
    w, job_id = workflow(bus), f"{release_id}.fr.v1"
    await w.claim(job_id, "ana")
    await w.submit(job_id, "ana", FRENCH_AUSTRALIA)
    await deliver(bus)
    assert [r.path for r in receiver.received] == ["washington"]  # not before approval
    await w.approve(job_id, "paul")
    await deliver(bus)
    await deliver(bus)  # and only once
    assert [r.path for r in receiver.received] == ["washington", "paris"]
    scheduled = [
        e
        for e in await bus.store.history(release_id)
        if isinstance(e, DeliveryScheduled) and e.subscriber_id == "paris"
    ]
    assert [(e.language, e.version, e.translation_job_id) for e in scheduled] == [("fr", 1, job_id)]
    body = msgspec.json.decode(receiver.received[1].body)
    assert body["type"] == "release.translated"
    assert body["data"]["language"] == "fr"
    assert body["data"]["headlines"][0]["value"] == "Fête nationale de l'Australie"
    assert body["lineage"]["unofficial_translation"] is True
    assert body["lineage"]["translation_of"] == f"urn:releasebus:release:{release_id}"
    assert body["lineage"]["original_language"] == "en"
    s = await state(bus, release_id)
    assert {d.subscriber_id: (d.status, d.language) for d in s.deliveries.values()} == {
        "washington": ("delivered", "en"),
        "paris": ("delivered", "fr"),
    }
