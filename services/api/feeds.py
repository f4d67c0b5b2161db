"""``/feeds/{lang}.atom|.rss|.json``: the public feeds, with ETag and conditional GET.

The feeds are built by :func:`services.distribution.feeds.build_feed`, as ``releasebus feed``
prints them, and reused while the projection has not moved (:mod:`services.api.feed_cache`).
A conditional GET whose ``If-None-Match`` (or ``If-Modified-Since``) still
holds is answered ``304 Not Modified`` without a body.

Feeds are public unless ``RELEASEBUS_PUBLIC_FEEDS=false``; then they need a reader key.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Final

from litestar import Request, Response, get
from litestar.params import Parameter
from litestar.types import ControllerRouterHandler

from services.api.auth import allow
from services.api.context import api_of, base_url
from services.api.problems import ProblemError
from services.distribution.feeds import FeedFilter, FeedFormat, not_modified

__all__ = ["feed_routes"]

_NAME: Final = re.compile(r"([a-z]{2})\.(atom|rss|json)")
_FORMATS: Final[dict[str, FeedFormat]] = {"atom": "atom", "rss": "rss", "json": "json"}


def feed_routes(*, public: bool) -> list[ControllerRouterHandler]:
    """The feed route; ``public`` feeds need no key."""

    @get(
        "/feeds/{name:str}",
        guards=[allow("read", public=public)],
        tags=["feeds"],
        summary="A feed of the releases in one language: Atom, RSS 2.0 or JSON Feed",
    )
    async def feed(
        request: Request[Any, Any, Any],
        name: Annotated[str, Parameter(description="`<lang>.<atom|rss|json>`, e.g. en.atom")],
        *,
        kind: Annotated[str | None, Parameter(description='e.g. "Press Statement"')] = None,
        country: Annotated[
            str | None, Parameter(description="ISO 3166-1 alpha-2", pattern="^[A-Za-z]{2}$")
        ] = None,
        topic: Annotated[
            str | None, Parameter(description='A topic id or IPTC code, e.g. "diplomacy"')
        ] = None,
        limit: Annotated[int, Parameter(ge=1, le=500)] = 50,
    ) -> Response[bytes]:
        """Newest first; corrections say so; withdrawn releases leave a tombstone (Atom)."""
        match = _NAME.fullmatch(name)
        if match is None:
            raise ProblemError(
                404, f"no feed {name!r}: ask for <lang>.atom, .rss or .json", field="name"
            )
        api = api_of(request)
        feed = await api.feeds.feed(
            format=_FORMATS[match.group(2)],
            language=match.group(1),
            filters=FeedFilter(
                kind=kind, country=country.upper() if country else None, topic=topic
            ),
            limit=limit,
            site_url=base_url(request),
            now=api.bus.clock.now(),
        )
        headers = feed.headers()
        headers["Cache-Control"] = "public, max-age=60" if public else "private, no-cache"
        headers["Vary"] = "Authorization, X-API-Key" if not public else "Accept-Encoding"
        if not_modified(
            feed,
            if_none_match=request.headers.get("if-none-match"),
            if_modified_since=request.headers.get("if-modified-since"),
        ):
            del headers["Content-Type"]
            return Response(content=b"", status_code=304, headers=headers)
        content_type = headers.pop("Content-Type")
        return Response(content=feed.body, media_type=content_type, headers=headers)

    return [feed]
