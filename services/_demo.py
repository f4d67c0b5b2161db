"""``releasebus demo``: the whole flow on the embedded server, in one command.

Starts every service, the HTTP API and console, and a local webhook receiver that verifies
each delivery's signature and says what it got. Registers a few demo subscribers on that
receiver, makes an operator and a publisher API key, then submits the seed releases the way
an upstream system would (XADD to the inbound stream), a structured JSON release over the
HTTP API, a broken release and a malformed entry; resubmits one release with an edited
paragraph; waits until everything is enriched, projected and delivered; and hands the result
(states, URLs, keys) to ``ready``. With ``hold`` it keeps everything running until that
returns (Ctrl-C, or ``--for`` seconds).
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import socket
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, Final

import aiohttp
import msgspec

from schemas.state import ReleaseState
from schemas.subscribers import SubscriberSpec
from services._runtime import Bus
from services.api.keys import ApiKeys
from services.api.server import bind, serve
from services.distribution.receiver import WebhookReceiver
from services.distribution.registry import new_secret

__all__ = ["SEED", "DemoReady", "run_demo"]

SEED = Path(__file__).with_name("_demo_seed.txt")

_JSON_RELEASE = {
    "title": "Joint Statement on the Launch of the Demo Partnership",
    "kind": "Joint Statement",
    "byline": {"name": "Office of the Spokesperson"},
    "place": "Washington, DC",
    "date": "2018-01-25",
    "language": "en",
    "body": [
        "The United States and Canada today launched a partnership to distribute press "
        "releases faster to every embassy that needs them.",
        "Both governments will publish corrections to everyone who received the original.",
    ],
}

#: Demo subscribers, all on the local receiver (a loopback address: allowed explicitly).
_SUBSCRIBERS: Final = {
    "wire-partner": {"name": "Wire partner (everything)", "kind": "partner"},
    "embassy-au": {"name": "Embassy of Australia", "kind": "embassy", "countries": ("AU",)},
    "embassy-cd": {"name": "Embassy of the DR Congo", "kind": "embassy", "countries": ("CD",)},
}


class DemoReady(msgspec.Struct, frozen=True, kw_only=True):
    """What the demo made, for the command to print."""

    states: list[ReleaseState]
    base_url: str
    operator_key: str
    publisher_key: str
    receiver_url: str


class _Peek(msgspec.Struct):
    type: str = "?"


async def _caught_up(bus: Bus) -> bool:
    rows = await bus.status()
    return bool(rows) and all(r.lag == 0 and r.pending == 0 for r in rows)


async def _wait(bus: Bus, seconds: float = 30.0) -> None:
    deadline = asyncio.get_running_loop().time() + seconds
    while not await _caught_up(bus):
        if asyncio.get_running_loop().time() > deadline:
            raise RuntimeError("the demo's consumers did not catch up in time")
        await asyncio.sleep(0.05)


async def _delivered(bus: Bus, seconds: float = 30.0) -> None:
    """Wait until the outbox is empty (every delivery made), then for the log to settle."""
    deadline = asyncio.get_running_loop().time() + seconds
    while (await bus.outbox.depth())[0]:
        if asyncio.get_running_loop().time() > deadline:
            raise RuntimeError("the demo's deliveries did not finish in time")
        await asyncio.sleep(0.05)
    await _wait(bus, seconds)


def _listen(host: str, port: int, say: Callable[[str], None]) -> socket.socket:
    try:
        return bind(host, port)
    except OSError as exc:
        if port == 0 or exc.errno != errno.EADDRINUSE:
            raise
        say(f"port {port} is in use: serving the API on a free port instead")
        return bind(host, 0)


async def _say_webhooks(receiver: WebhookReceiver, say: Callable[[str], None]) -> None:
    """Say what the receiver got, as it arrives."""
    seen = 0
    while True:
        await asyncio.sleep(0.1)
        for got in receiver.received[seen:]:
            try:
                kind = msgspec.json.decode(got.body, type=_Peek).type
            except msgspec.DecodeError:
                kind = "?"
            check = "signature verified" if got.verified else "SIGNATURE INVALID"
            say(f"webhook {got.path} ← {kind} {got.release_id} ({check})")
        seen = len(receiver.received)


async def _subscribe(bus: Bus, receiver: WebhookReceiver, secrets: dict[str, str]) -> None:
    specs = {
        sid: SubscriberSpec(webhook_url=receiver.url(sid), allow_private=True, **fields)  # type: ignore[arg-type]
        for sid, fields in _SUBSCRIBERS.items()
    }
    secrets.update({sid: new_secret() for sid in specs})
    # apply: registers them, or (a kept --data-dir) points them at this run's receiver
    await bus.registry.apply(specs, secrets=secrets, actor="demo")


async def _post_json_release(base_url: str, key: str) -> str:
    async with (
        aiohttp.ClientSession() as session,
        session.post(
            f"{base_url}/v1/releases",
            data=msgspec.json.encode(_JSON_RELEASE),
            headers={
                "Authorization": f"Bearer {key}",
                "Content-Type": "application/json",
                "Idempotency-Key": "demo-json-release",
            },
        ) as response,
    ):
        answer = await response.json()
        if response.status != 202:
            raise RuntimeError(f"the API refused the demo release: {answer}")
        return str(answer["release_id"])


async def _submit_everything(
    bus: Bus, base_url: str, publisher_key: str, say: Callable[[str], None]
) -> None:
    """The demo's submissions, then everything they cause: enriched, projected, delivered."""
    inbound = bus.keys.inbound()
    seed = SEED.read_text(encoding="utf-8")
    say(f"submitting {SEED.name} (5 releases) to {inbound}")
    await bus.redis.xadd(inbound, {"format": "text", "source": "demo-cms", "body": seed})
    say("submitting a structured JSON release over the HTTP API (POST /v1/releases)")
    await _post_json_release(base_url, publisher_key)
    say("submitting a release with no body, and an entry with no source")
    await bus.redis.xadd(
        inbound, {"source": "demo-cms", "body": "# Press Releases: A Title Alone\n\n---\n"}
    )
    await bus.redis.xadd(inbound, {"body": "an entry that names no source"})
    await _wait(bus)
    say("resubmitting 'Australia National Day' with an edited paragraph")
    edited = seed.replace("Our ties continue to strengthen", "Our ties continue to deepen")
    await bus.redis.xadd(inbound, {"format": "text", "source": "demo-cms", "body": edited})
    await _wait(bus)
    await _delivered(bus)


async def run_demo(
    bus: Bus,
    *,
    hold: Callable[[], Awaitable[None]] | None = None,
    ready: Callable[[DemoReady], None] = lambda _: None,
    say: Callable[[str], None] = lambda _: None,
    host: str = "127.0.0.1",
    port: int = 8080,
) -> list[ReleaseState]:
    """Run the demo on ``bus`` (see the module docstring); returns the releases' states."""
    stop = asyncio.Event()
    secrets: dict[str, str] = {}
    receiver = WebhookReceiver(secrets.get)
    await receiver.start("127.0.0.1", 0)
    sock = _listen(host, port, say)
    api_ready: asyncio.Future[str] = asyncio.get_running_loop().create_future()
    api = asyncio.create_task(serve(bus, bus.settings, stop, sock=sock, ready=api_ready.set_result))
    running = asyncio.create_task(bus.run(stop))
    webhooks = asyncio.create_task(_say_webhooks(receiver, say))
    try:
        starting: list[asyncio.Future[Any]] = [api, api_ready]
        await asyncio.wait(starting, return_when=asyncio.FIRST_COMPLETED)
        if api.done():
            await api  # it failed to start: say why
        base_url = api_ready.result()
        say(f"API and console at {base_url}; webhook receiver at {receiver.base_url}")
        await _subscribe(bus, receiver, secrets)
        say(f"registered subscribers {', '.join(_SUBSCRIBERS)} (webhooks, signed)")
        keys = ApiKeys(bus.redis, bus.keys, bus.clock)
        _, operator_key = await keys.create("operator", "demo operator")
        _, publisher_key = await keys.create("publisher", "demo-wire")
        await _submit_everything(bus, base_url, publisher_key, say)
        states = [s for rid in await bus.projection.find() if (s := await bus.projection.get(rid))]
        ready(
            DemoReady(
                states=states,
                base_url=base_url,
                operator_key=operator_key,
                publisher_key=publisher_key,
                receiver_url=receiver.base_url,
            )
        )
        if hold is not None:
            await hold()
        return states
    finally:
        stop.set()
        webhooks.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await webhooks
        try:
            await running
        finally:
            await api
            await receiver.stop()
