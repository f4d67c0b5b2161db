"""``/healthz`` (the process answers), ``/readyz`` (Redis answers and every consumer group has
a live consumer) and ``/metrics`` (Prometheus). No key needed: keep them inside the network
boundary, as one does with probes and scrape targets.

A consumer is live when it read in the last 30 seconds (:meth:`Bus.status`). Redis ≥ 7.2 and
Valkey record every read attempt, so a consumer blocked on an idle stream is live. Redis 7.0
and 7.1 record only reads that returned entries (and create a consumer only then), so there an
idle group cannot show a live consumer: a group with nothing waiting (no lag, nothing pending)
counts as ready, and one with work waiting needs a consumer that read recently.
"""

from __future__ import annotations

from typing import Any, Final

import msgspec
from litestar import Request, Response, get
from redis.exceptions import RedisError

from services._runtime import GroupStatus
from services.api.context import api_of
from services.api.metrics import CONTENT_TYPE, render_metrics
from services.api.problems import problem_response

__all__ = ["ROUTES"]


class Alive(msgspec.Struct, frozen=True):
    status: str = "ok"


class GroupReadiness(msgspec.Struct, frozen=True, kw_only=True):
    stream: str
    group: str
    live_consumers: int


class Ready(msgspec.Struct, frozen=True, kw_only=True):
    status: str
    groups: tuple[GroupReadiness, ...]


async def _records_every_read(request: Request[Any, Any, Any]) -> bool:
    """Does the server record a blocked consumer's reads (Redis ≥ 7.2, Valkey)?"""
    api = api_of(request)
    known = api.cache.get("records_every_read")
    if isinstance(known, bool):
        return known
    info = await api.bus.redis.info("server")
    version = tuple(int(p) for p in str(info.get("redis_version", "0.0")).split(".")[:2])
    answer = "valkey_version" in info or version >= (7, 2)
    api.cache["records_every_read"] = answer
    return answer


@get("/healthz", tags=["health"], summary="The process is alive")
async def healthz() -> Alive:
    return Alive()


@get("/readyz", tags=["health"], summary="Redis is reachable; every group has a live consumer")
async def readyz(request: Request[Any, Any, Any]) -> Response[Any]:
    """503 (problem details) naming what is missing, else 200 with each group's consumers."""
    bus = api_of(request).bus
    try:
        await bus.redis.ping()
        rows = await bus.status()
        precise = await _records_every_read(request)
    except (RedisError, OSError) as exc:
        return problem_response(request, 503, f"Redis is not reachable: {exc}")
    found = {(r.stream, r.group): r for r in rows}
    expected = [(s, c.group) for c in bus.consumers for s in c.streams()]

    def ready(row: GroupStatus | None) -> bool:
        if row is None:  # the group does not exist yet: no consumer has started
            return False
        nothing_waiting = row.lag == 0 and row.pending == 0
        return row.live_consumers > 0 or (not precise and nothing_waiting)

    missing = [f"{g} on {s}" for s, g in expected if not ready(found.get((s, g)))]
    if missing:
        return problem_response(
            request, 503, "no live consumer: " + ", ".join(missing), kind="not-ready"
        )
    groups = tuple(
        GroupReadiness(stream=s, group=g, live_consumers=found[s, g].live_consumers)
        for s, g in expected
    )
    return Response(Ready(status="ready", groups=groups))


@get("/metrics", tags=["health"], summary="Prometheus metrics", media_type=CONTENT_TYPE)
async def metrics(request: Request[Any, Any, Any]) -> Response[str]:
    api = api_of(request)
    return Response(await render_metrics(api.bus, api.metrics), media_type=CONTENT_TYPE)


ROUTES: Final = [healthz, readyz, metrics]
