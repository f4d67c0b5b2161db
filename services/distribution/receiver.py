"""A local webhook receiver: verifies each delivery's signature and keeps what it got.

Used by ``releasebus demo`` (it logs what arrives), by the benchmarks (many subscribers on
one port, one path each) and by the tests (scripted answers: statuses, ``Retry-After``,
delays). It verifies signatures the way a subscriber should: Standard Webhooks' ``v1``
HMAC over ``id.timestamp.body`` with the subscriber's secret; the timestamp tolerance check
is optional, so tests with a controllable clock can verify too.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import time
from collections.abc import Callable
from typing import Final

import msgspec
import structlog
from aiohttp import web
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

__all__ = ["Received", "Script", "WebhookReceiver"]

log = structlog.get_logger(__name__)

_MAX_BODY: Final = 4 * 1024 * 1024


class _Lineage(msgspec.Struct):
    release_id: str = ""


class _Peek(msgspec.Struct):
    """Just enough of a webhook body to know which release it is about."""

    lineage: _Lineage = msgspec.field(default_factory=_Lineage)


_peek = msgspec.json.Decoder(_Peek).decode


class Received(msgspec.Struct, kw_only=True):
    path: str
    delivery_id: str
    release_id: str = ""
    sequence: int | None
    verified: bool
    body: bytes
    #: Wall-clock time of arrival (``time.time()``), for latency figures.
    received_at: float
    status: int


class Script(msgspec.Struct, kw_only=True):
    """How one path answers: statuses in turn (the last one repeats), headers, a delay."""

    statuses: list[int] = msgspec.field(default_factory=lambda: [200])
    headers: dict[str, str] = msgspec.field(default_factory=dict)
    delay_s: float = 0.0


class WebhookReceiver:
    def __init__(
        self,
        secrets: Callable[[str], str | None],
        *,
        check_timestamp: bool = False,
        keep_bodies: bool = True,
    ) -> None:
        self._secret_for = secrets
        self._signers: dict[str, Webhook] = {}
        self.check_timestamp = check_timestamp
        self.keep_bodies = keep_bodies
        self.scripts: dict[str, Script] = {}
        self.received: list[Received] = []
        self._arrived = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.base_url = ""

    def url(self, path: str) -> str:
        return f"{self.base_url}/{path}"

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        app = web.Application(client_max_size=_MAX_BODY)
        app.router.add_post("/{path:.*}", self._handle)
        app.router.add_get("/_received", self._report)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port, backlog=1024)
        await site.start()
        server = site._server
        assert server is not None
        bound = server.sockets[0].getsockname()  # type: ignore[attr-defined]
        self.base_url = f"http://{host}:{bound[1]}"
        return self.base_url

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    def _verified(self, path: str, body: bytes, headers: dict[str, str]) -> bool:
        secret = self._secret_for(path)
        if not secret:
            return False
        signer = self._signers.get(secret)
        if signer is None:
            signer = self._signers[secret] = Webhook(secret)
        if self.check_timestamp:
            try:
                signer.verify(body, headers, json_parse=False)
            except WebhookVerificationError:
                return False
            return True
        try:
            stamp = dt.datetime.fromtimestamp(int(headers["webhook-timestamp"]), dt.UTC)
            expected = signer.sign(headers["webhook-id"], stamp, body.decode()).split(",", 1)[1]
        except (KeyError, ValueError):
            return False
        offered = [
            part.split(",", 1)[1]
            for part in headers.get("webhook-signature", "").split()
            if part.startswith("v1,")
        ]
        return expected in offered

    async def _handle(self, request: web.Request) -> web.Response:
        path = request.match_info["path"]
        body = await request.read()
        headers = {k.lower(): v for k, v in request.headers.items()}
        verified = self._verified(path, body, headers)
        script = self.scripts.get(path)
        status = 200 if verified else 401
        extra: dict[str, str] = {}
        if script is not None and verified:
            status = script.statuses.pop(0) if len(script.statuses) > 1 else script.statuses[0]
            extra = script.headers
            if script.delay_s:
                await asyncio.sleep(script.delay_s)
        sequence = headers.get("webhook-sequence")
        try:
            release_id = _peek(body).lineage.release_id
        except msgspec.DecodeError:
            release_id = ""
        self.received.append(
            Received(
                path=path,
                delivery_id=headers.get("webhook-id", ""),
                release_id=release_id,
                sequence=int(sequence) if sequence and sequence.isdigit() else None,
                verified=verified,
                body=body if self.keep_bodies else b"",
                received_at=time.time(),
                status=status,
            )
        )
        self._arrived.set()
        log.debug(
            "receiver.delivery",
            path=path,
            delivery_id=headers.get("webhook-id"),
            verified=verified,
            status=status,
        )
        return web.Response(status=status, headers=extra, text="ok" if status < 300 else "no")

    async def _report(self, request: web.Request) -> web.Response:
        """What arrived so far, without bodies (for a benchmark in another process)."""
        del request
        rows = [msgspec.structs.replace(r, body=b"") for r in self.received]
        return web.Response(body=msgspec.json.encode(rows), content_type="application/json")

    async def wait_for(self, count: int, within: float = 10.0) -> list[Received]:
        """Wait until at least ``count`` deliveries arrived (any path)."""
        deadline = time.monotonic() + within
        while len(self.received) < count:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"{len(self.received)} of {count} deliveries arrived")
            self._arrived.clear()
            try:
                await asyncio.wait_for(self._arrived.wait(), timeout=remaining)
            except TimeoutError:
                continue
        return self.received


async def _serve(port: int, secret: str, ready: Callable[[str], None]) -> None:
    receiver = WebhookReceiver(lambda _path: secret, keep_bodies=False)
    ready(await receiver.start(port=port))
    try:
        await asyncio.Event().wait()
    finally:
        await receiver.stop()


def main() -> None:
    """``python -m services.distribution.receiver SECRET [PORT]``: serve until killed.

    Every path accepts deliveries signed with SECRET; the first line on stdout is the base
    URL; ``GET /_received`` lists what arrived. The benchmarks run it in a process of its own.
    """
    import os  # noqa: PLC0415
    import sys  # noqa: PLC0415

    from services._logging import configure_logging  # noqa: PLC0415

    # Logs go to stderr; stdout carries the URL line only.
    configure_logging("json", os.environ.get("RELEASEBUS_LOG_LEVEL", "WARNING"))
    secret = sys.argv[1]
    port = int(sys.argv[2]) if len(sys.argv) > 2 else 0

    def ready(url: str) -> None:
        sys.stdout.write(url + "\n")
        sys.stdout.flush()

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(port, secret, ready))


if __name__ == "__main__":
    main()
