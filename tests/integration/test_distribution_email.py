"""E-mail deliveries through the sender: immediate, and the daily digest as one message."""

from __future__ import annotations

import datetime as dt
import email
import email.policy

import pytest

from schemas.subscribers import SubscriberSpec
from services._clock import ManualClock
from services._runtime import Bus
from services.distribution.mailer import EmailDelivery
from services.ingestion.submit import Submission, submit
from tests.integration.test_distribution import RELEASE, pump, state
from tests.integration.test_email_smtp import Recorder, smtp_server

pytestmark = pytest.mark.redis


async def test_immediate_and_daily_digest_mail(bus: Bus, clock: ManualClock) -> None:
    recorder = Recorder()
    with smtp_server(recorder) as settings:
        bus.sender.email = EmailDelivery(settings)
        await bus.registry.register(
            SubscriberSpec(name="Desk", emails=("desk@example.org",)), subscriber_id="desk"
        )
        await bus.registry.register(
            SubscriberSpec(
                name="Digest",
                emails=("digest@example.org",),
                digest="daily",
                digest_at="07:00",
            ),
            subscriber_id="digest",
        )
        ids = []
        for title in ("Australia National Day", "Canada National Day"):
            text = RELEASE.replace("Australia National Day", title)
            (outcome,) = await submit(bus.store, bus.clock, Submission(body=text, source="cms"))
            ids.append(outcome.release_id)
        await pump(bus)
        # Immediate: one message per release, to the desk only; the digest waits for 07:00.
        assert [e.rcpt_tos for e in recorder.envelopes] == [["desk@example.org"]] * 2
        digest_state = await state(bus, ids[0])
        waiting = [d for d in digest_state.deliveries.values() if d.subscriber_id == "digest"]
        assert waiting[0].status == "scheduled"
        assert waiting[0].not_before == dt.datetime(2018, 1, 25, 7, 0, tzinfo=dt.UTC)
        clock.advance(20 * 3600)  # past 07:00 the next day
        await bus.sender.run_once()
        assert len(recorder.envelopes) == 3
        digest = email.message_from_bytes(
            recorder.envelopes[2].content,  # type: ignore[arg-type]
            policy=email.policy.default,
        )
        assert digest["To"] == "digest@example.org"
        assert "digest" in digest["Subject"].lower()
        text = digest.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
        assert "Australia National Day" in text
        assert "Canada National Day" in text
        assert digest["List-Unsubscribe"] is None or "digest" in digest["List-Unsubscribe"]
        for release_id in ids:
            s = await state(bus, release_id)
            assert {d.subscriber_id: d.status for d in s.deliveries.values()} == {
                "desk": "delivered",
                "digest": "delivered",
            }


async def test_mail_without_smtp_server_waits_and_retries(bus: Bus) -> None:
    bus.sender.email = None
    await bus.registry.register(
        SubscriberSpec(name="Desk", emails=("desk@example.org",)), subscriber_id="desk"
    )
    (outcome,) = await submit(bus.store, bus.clock, Submission(body=RELEASE, source="cms"))
    await pump(bus)
    s = await state(bus, outcome.release_id)
    (delivery,) = s.deliveries.values()
    assert delivery.status == "retrying"
    assert delivery.last_error == "no SMTP server is configured"
