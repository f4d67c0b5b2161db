"""The e-mail channel against a real SMTP server (aiosmtpd on 127.0.0.1, one per test)."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import email
import email.policy
import socket
from collections.abc import AsyncIterator, Iterator
from email.message import EmailMessage
from typing import Any

import msgspec
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP as SMTPServer
from aiosmtpd.smtp import AuthResult, Envelope, Session

from schemas.state import Correction, ReleaseState
from services.distribution.email import (
    EmailChannel,
    EmailOutcome,
    EmailSendError,
    SmtpSettings,
    classify,
    render_message,
)
from services.distribution.payload import build_item
from tests.samples import T0, content

PASSWORD = "s3cret-hunter2"


class Recorder:
    """Accepts everything and keeps each envelope; optionally refuses some recipients."""

    def __init__(self, refuse: dict[str, str] | None = None, data_reply: str | None = None):
        self.envelopes: list[Envelope] = []
        self.refuse = refuse or {}
        self.data_reply = data_reply

    async def handle_RCPT(
        self,
        server: SMTPServer,
        session: Session,
        envelope: Envelope,
        address: str,
        rcpt_options: list[str],
    ) -> str:
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTPServer, session: Session, envelope: Envelope) -> str:
        if self.data_reply:
            return self.data_reply
        self.envelopes.append(envelope)
        return "250 2.0.0 Queued as 4F2A"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def smtp_server(handler: Recorder, **options: Any) -> Iterator[SmtpSettings]:
    """A running server, and settings that point at it; stopped whatever the test does."""
    # aiosmtpd's Controller checks readiness by connecting to its own port, so it needs a
    # real one rather than 0; a port the OS just handed out is free in practice.
    controller = Controller(handler, hostname="127.0.0.1", port=free_port(), **options)
    controller.start()
    try:
        yield SmtpSettings(
            host="127.0.0.1",
            port=controller.port,
            sender="Press Office <press@example.org>",
            timeout=5,
            unsubscribe_base="https://press.example.org/unsubscribe",
        )
    finally:
        controller.stop()


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def settings(recorder: Recorder) -> Iterator[SmtpSettings]:
    with smtp_server(recorder) as settings:
        yield settings


def state(**changes: object) -> ReleaseState:
    base = {
        "release_id": "r-1",
        "version": 1,
        "status": "published",
        "content": content(),
        "published_at": T0,
        "source_url": "https://www.state.gov/australia-national-day/",
    }
    return ReleaseState(**{**base, **changes})  # type: ignore[arg-type]


def message(settings: SmtpSettings, *to: str) -> EmailMessage:
    return render_message(
        to=to or ("desk@embassy.example",),
        subscriber_id="sub-au",
        subscriber_name="Embassy of Australia",
        items=[build_item(state(), notice="release")],
        delivery_ids=["dlv-1"],
        settings=settings,
    )


def received(recorder: Recorder) -> EmailMessage:
    (envelope,) = recorder.envelopes
    assert isinstance(envelope.content, bytes)
    return email.message_from_bytes(envelope.content, policy=email.policy.default)  # type: ignore[return-value]


def body(message: EmailMessage, kind: str) -> str:
    part = message.get_body((kind,))
    assert part is not None
    # Lines end in CRLF on the wire; compare text, not line endings.
    return str(part.get_content()).replace("\r\n", "\n")


async def test_an_immediate_message_arrives_whole(
    settings: SmtpSettings, recorder: Recorder
) -> None:
    sent = message(settings)
    outcome = await EmailChannel(settings).send(sent)

    assert outcome == EmailOutcome(
        code=250,
        reply="2.0.0 Queued as 4F2A",
        latency_ms=outcome.latency_ms,
        message_id=sent["Message-ID"],
    )
    assert outcome.latency_ms > 0
    (envelope,) = recorder.envelopes
    assert envelope.mail_from == "press@example.org"
    assert envelope.rcpt_tos == ["desk@embassy.example"]
    got = received(recorder)
    assert {name: str(got[name]) for name in got if name != "Content-Type"} == {
        "From": "Press Office <press@example.org>",
        "To": "desk@embassy.example",
        "Date": "Wed, 24 Jan 2018 15:00:00 +0000",
        "Subject": "Australia National Day",
        "Message-ID": sent["Message-ID"],
        "List-Id": "Press Office <releases.example.org>",
        "List-Unsubscribe": "<https://press.example.org/unsubscribe?subscriber=sub-au>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "X-Releasebus-Delivery": "dlv-1",
        "MIME-Version": "1.0",
    }
    assert [p.get_content_type() for p in got.iter_parts()] == ["text/plain", "text/html"]
    assert body(got, "plain") == body(sent, "plain")
    assert body(got, "html") == body(sent, "html")
    # What went over the wire is what render_message produced, byte for byte.
    assert envelope.content == sent.as_bytes().replace(b"\n", b"\r\n")


async def test_a_digest_arrives_with_every_item(settings: SmtpSettings, recorder: Recorder) -> None:
    corrected = state(
        release_id="r-2",
        version=2,
        content=content(title="Déclaration : fête nationale", language="fr"),
        corrections=(Correction(version=2, note="Titre corrigé.", at=T0),),
    )
    items = [
        build_item(state(), notice="release"),
        build_item(corrected, notice="correction"),
        build_item(state(release_id="r-3", content=content(title="新闻稿")), notice="release"),
    ]
    sent = render_message(
        to=["desk@embassy.example", "press@embassy.example"],
        subscriber_id="sub-au",
        subscriber_name="Embassy of Australia",
        items=items,
        delivery_ids=["dlv-1", "dlv-2", "dlv-3"],
        settings=settings,
        digest_date=dt.date(2026, 11, 28),
        sent_at=dt.datetime(2026, 11, 28, 7, 0, tzinfo=dt.UTC),
    )
    await EmailChannel(settings).send(sent)

    (envelope,) = recorder.envelopes
    assert envelope.rcpt_tos == ["desk@embassy.example", "press@embassy.example"]
    got = received(recorder)
    assert got["Subject"] == "Daily digest, 28 November 2026 (2 releases, 1 correction)"
    assert got["Date"] == "Sat, 28 Nov 2026 07:00:00 +0000"
    assert got["Message-ID"] == sent["Message-ID"]
    assert got["X-Releasebus-Delivery"] == "dlv-1, dlv-2, dlv-3"
    text, html = body(got, "plain"), body(got, "html")
    for title in ("Australia National Day", "Déclaration : fête nationale", "新闻稿"):
        assert title in text
        assert f"<h2>{title}</h2>" in html
    assert "CORRECTION: This version corrects version 1: Titre corrigé." in text


async def test_a_recipient_refused_among_others_is_reported(recorder: Recorder) -> None:
    recorder.refuse = {"gone@embassy.example": "550 5.1.1 No such user"}
    with smtp_server(recorder) as settings:
        outcome = await EmailChannel(settings).send(
            message(settings, "desk@embassy.example", "gone@embassy.example")
        )
    assert outcome.refused == {"gone@embassy.example": "550 5.1.1 No such user"}
    assert recorder.envelopes[0].rcpt_tos == ["desk@embassy.example"]


async def test_a_550_for_every_recipient_is_permanent() -> None:
    handler = Recorder(refuse={"desk@embassy.example": "550 5.1.1 No such user"})
    with smtp_server(handler) as settings, pytest.raises(EmailSendError) as caught:
        await EmailChannel(settings).send(message(settings))
    assert classify(caught.value) == (
        False,
        "all recipients refused (desk@embassy.example: 550 5.1.1 No such user)",
    )
    assert caught.value.retryable is False
    assert handler.envelopes == []


async def test_a_451_is_retryable() -> None:
    handler = Recorder(data_reply="451 4.3.0 Try again later")
    with smtp_server(handler) as settings, pytest.raises(EmailSendError) as caught:
        await EmailChannel(settings).send(message(settings))
    assert classify(caught.value) == (True, "SMTP 451 4.3.0 Try again later")
    assert caught.value.code == 451
    assert caught.value.latency_ms > 0


async def test_a_refused_connection_is_retryable() -> None:
    settings = SmtpSettings(host="127.0.0.1", port=free_port(), timeout=2)
    with pytest.raises(EmailSendError) as caught:
        await EmailChannel(settings).send(message(settings))
    retryable, text = classify(caught.value)
    assert retryable is True
    assert text.startswith("SMTP connection failed: ")
    assert caught.value.code is None


@contextlib.asynccontextmanager
async def silent_server() -> AsyncIterator[int]:
    """A server that accepts connections and never says a word."""
    connections: list[asyncio.StreamWriter] = []

    async def hold(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        connections.append(writer)
        await reader.read()  # until the client gives up, or the server closes

    server = await asyncio.start_server(hold, "127.0.0.1", 0)
    try:
        yield server.sockets[0].getsockname()[1]
    finally:
        server.close()
        for writer in connections:  # our side of each connection, or it leaks a socket
            writer.close()
            await writer.wait_closed()
        await server.wait_closed()


async def test_a_server_that_never_answers_times_out_retryably() -> None:
    async with silent_server() as port:
        settings = SmtpSettings(host="127.0.0.1", port=port, timeout=0.2)
        with pytest.raises(EmailSendError) as caught:
            await EmailChannel(settings).send(message(settings))
    assert classify(caught.value)[0] is True
    assert "timeout" in caught.value.message.lower()


async def test_failed_authentication_is_permanent_and_never_shows_the_password(
    recorder: Recorder,
) -> None:
    def refuse(*args: object) -> AuthResult:
        return AuthResult(success=False, handled=False)

    # Authentication over plain text is fine against a server on the loopback in a test.
    with smtp_server(recorder, authenticator=refuse, auth_require_tls=False) as server:
        settings = msgspec.structs.replace(server, username="press", password=PASSWORD)
        with pytest.raises(EmailSendError) as caught:
            await EmailChannel(settings).send(message(settings))
    retryable, text = classify(caught.value)
    assert retryable is False
    assert text.startswith("SMTP 535 ")
    for shown in (text, str(caught.value), repr(caught.value), repr(settings)):
        assert PASSWORD not in shown
    assert recorder.envelopes == []
