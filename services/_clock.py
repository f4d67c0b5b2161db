"""Time, injected: services ask a clock, so tests of embargo, leases and retries are exact."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

__all__ = ["Clock", "ManualClock", "SystemClock", "periodically"]


class Clock(Protocol):
    def now(self) -> dt.datetime: ...


class SystemClock:
    """The wall clock, in UTC."""

    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC)


class ManualClock:
    """A clock that moves only when told to."""

    def __init__(self, start: dt.datetime | None = None) -> None:
        self._now = start or dt.datetime(2018, 1, 24, 12, 0, tzinfo=dt.UTC)

    def now(self) -> dt.datetime:
        return self._now

    def advance(self, seconds: float) -> dt.datetime:
        self._now += dt.timedelta(seconds=seconds)
        return self._now

    def set(self, when: dt.datetime) -> None:
        self._now = when


async def periodically(
    step: Callable[[], Awaitable[object]],
    every_s: float,
    stop: asyncio.Event,
    *,
    log: Any,
    failed: str,
) -> None:
    """Run ``step`` every ``every_s`` seconds until ``stop`` is set. A step that fails is
    logged as ``failed`` and the loop goes on (it outlives a hiccup of the server)."""
    while not stop.is_set():
        try:
            await step()
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception(failed)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=every_s)
