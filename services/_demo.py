"""``releasebus demo``: the whole flow on the embedded server, in one command.

Submits the seed releases the way an upstream system would (XADD to the inbound stream), plus
a structured JSON release, a broken one and a malformed entry; runs ingestion and the
projector; resubmits one release with an edited paragraph; and shows what the bus made of it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import msgspec

from schemas.state import ReleaseState
from services._runtime import Bus

__all__ = ["SEED", "run_demo"]

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


async def _caught_up(bus: Bus) -> bool:
    rows = await bus.status()
    return bool(rows) and all(r.lag == 0 and r.pending == 0 for r in rows)


async def _wait(bus: Bus, seconds: float = 30.0) -> None:
    deadline = asyncio.get_running_loop().time() + seconds
    while not await _caught_up(bus):
        if asyncio.get_running_loop().time() > deadline:
            raise RuntimeError("the demo's consumers did not catch up in time")
        await asyncio.sleep(0.05)


async def run_demo(
    bus: Bus, *, serve: asyncio.Event | None = None, say: Callable[[str], None] = lambda _: None
) -> list[ReleaseState]:
    """Run the demo on ``bus``; with ``serve``, keep the bus running until it is set."""
    stop = asyncio.Event()
    running = asyncio.create_task(bus.run(stop))
    try:
        await asyncio.sleep(0.2)
        inbound = bus.keys.inbound()
        seed = SEED.read_text(encoding="utf-8")
        say(f"submitting {SEED.name} (5 releases) to {inbound}")
        await bus.redis.xadd(inbound, {"format": "text", "source": "demo-cms", "body": seed})
        say("submitting a structured JSON release")
        await bus.redis.xadd(
            inbound,
            {"format": "json", "source": "demo-wire", "body": msgspec.json.encode(_JSON_RELEASE)},
        )
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
        states = [s for rid in await bus.projection.find() if (s := await bus.projection.get(rid))]
        if serve is not None:
            await serve.wait()
        return states
    finally:
        stop.set()
        await running
