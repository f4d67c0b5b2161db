"""What every route of the API shares: the bus, the settings, keys, caches, counters.

One :class:`Api` per app, kept in ``app.state["api"]``; routes reach it with :func:`api_of`.
"""

from __future__ import annotations

import asyncio
from typing import Any

from litestar import Request
from litestar.connection import ASGIConnection

from services._runtime import Bus, Settings
from services.api.auth import ApiKeys
from services.api.feed_cache import FeedCache
from services.api.idempotency import Idempotency
from services.api.metrics import DeliveryMetrics

__all__ = ["Api", "api_of", "base_url"]


class Api:
    def __init__(self, bus: Bus, settings: Settings) -> None:
        self.bus = bus
        self.settings = settings
        self.keys = ApiKeys(bus.redis, bus.keys, bus.clock)
        self.idempotency = Idempotency(bus.redis, bus.keys)
        self.metrics = DeliveryMetrics(bus.store)
        self.feeds = FeedCache(bus.projection)
        #: One rebuild at a time per process (a second one would only repeat the work).
        self.rebuilding = asyncio.Lock()
        #: Small facts learnt once per process (the server's version, …).
        self.cache: dict[str, object] = {}


def api_of(connection: ASGIConnection[Any, Any, Any, Any] | Request[Any, Any, Any]) -> Api:
    api = connection.app.state["api"]
    assert isinstance(api, Api)
    return api


def base_url(connection: ASGIConnection[Any, Any, Any, Any] | Request[Any, Any, Any]) -> str:
    """``scheme://host[:port]`` as the client reached us (for links in answers and feeds)."""
    return str(connection.base_url).rstrip("/")
