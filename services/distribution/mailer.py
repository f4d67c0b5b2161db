"""The e-mail channel as the sender sees it: jobs in, one message out, an attempt back.

An immediate subscriber gets one message per delivery; a daily-digest subscriber's deliveries
are all due at its digest time, are claimed together and go out as one digest message
(the sender groups them). The SMTP server is the operator's own relay
(``RELEASEBUS_SMTP_*``); without one, e-mail deliveries wait in the outbox and are retried.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import msgspec

from schemas.delivery import Lineage, NinjsItem
from schemas.subscribers import Subscriber
from services.distribution.email import EmailChannel, EmailSendError, SmtpSettings, render_message
from services.distribution.outbox import Job
from services.distribution.webhooks import Attempt

__all__ = ["EmailDelivery"]

_decode_item = msgspec.json.Decoder(NinjsItem).decode
_decode_lineage = msgspec.json.Decoder(Lineage).decode


class EmailDelivery:
    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings
        self.channel = EmailChannel(settings)

    @classmethod
    def from_env(cls) -> EmailDelivery | None:
        settings = SmtpSettings.from_env()
        return None if settings is None else cls(settings)

    async def deliver(
        self,
        jobs: Sequence[Job],
        subscriber: Subscriber,
        payloads: Sequence[tuple[msgspec.Raw, msgspec.Raw]],
        now: dt.datetime,
    ) -> Attempt:
        """Send one message for ``jobs`` (one job, or a digest's jobs) to the subscriber."""
        items = [(_decode_item(data), _decode_lineage(lineage)) for data, lineage in payloads]
        digest = any(job.not_before is not None for job in jobs)
        message = render_message(
            to=subscriber.spec.emails,
            subscriber_id=subscriber.subscriber_id,
            subscriber_name=subscriber.spec.name,
            items=items,
            delivery_ids=[job.delivery_id for job in jobs],
            settings=self.settings,
            digest_date=now.date() if digest else None,
            sent_at=now,
        )
        try:
            outcome = await self.channel.send(message)
        except EmailSendError as exc:
            return Attempt(
                verdict="retry" if exc.retryable else "failed",
                status_code=exc.code,
                latency_ms=exc.latency_ms,
                error=exc.message,
            )
        return Attempt(verdict="delivered", status_code=outcome.code, latency_ms=outcome.latency_ms)
