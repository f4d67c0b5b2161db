"""Rendered feeds, kept in memory while the projection has not moved.

Building a feed reads every published release's state. The validator of a kept feed is each
partition's projection generation and checkpoint (two small reads), which change with every
event the projector applies and with every rebuild, so a kept feed is never stale.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from typing import Any

from services.distribution.feeds import Feed, FeedFilter, FeedFormat, build_feed
from services.projector import Projection

__all__ = ["FeedCache"]

_Key = tuple[str, str, str | None, str | None, str | None, int, str]


class FeedCache:
    """Rendered feeds, reused while every partition's projection is where it was."""

    def __init__(self, projection: Projection, size: int = 256) -> None:
        self.projection = projection
        self.size = size
        self._feeds: OrderedDict[_Key, tuple[tuple[Any, ...], Feed]] = OrderedDict()

    async def _validator(self) -> tuple[Any, ...]:
        found: list[Any] = []
        for partition in range(self.projection.keys.partitions):
            # checkpoint() reads the current generation first; generation() then reuses it.
            found.append(await self.projection.checkpoint(partition))
            found.append(await self.projection.generation(partition))
        return tuple(found)

    async def feed(
        self,
        *,
        format: FeedFormat,
        language: str,
        filters: FeedFilter,
        limit: int,
        site_url: str,
        now: dt.datetime,
    ) -> Feed:
        suffix = format
        feed_url = f"{site_url}/feeds/{language}.{suffix}"
        key: _Key = (
            format,
            language,
            filters.kind,
            filters.country,
            filters.topic,
            limit,
            site_url,
        )
        validator = await self._validator()
        kept = self._feeds.get(key)
        if kept is not None and kept[0] == validator:
            self._feeds.move_to_end(key)
            return kept[1]
        feed = await build_feed(
            self.projection,
            format=format,
            language=language,
            filters=filters,
            feed_url=feed_url,
            site_url=site_url,
            limit=limit,
            now=now,
        )
        self._feeds[key] = (validator, feed)
        self._feeds.move_to_end(key)
        while len(self._feeds) > self.size:
            self._feeds.popitem(last=False)
        return feed
